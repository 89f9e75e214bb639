"""The planned delivery flight: its track, intent and plan from one set of figures; its codec."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from kizuna.dispatch import (
    DeliveryFlight,
    Waypoint,
    flight_from_json,
    flight_to_json,
    japan_date,
    needs_swap,
)
from kizuna.errors import InvalidInput
from kizuna.fleet import Aircraft, Pilot, profile
from kizuna.fleet.pilot import Licence, Limitation

T0 = datetime(2025, 12, 1, 1, tzinfo=UTC)  # 10:00 in Tokyo


def _flight(hover_s: float = 30.0, **kw: object) -> DeliveryFlight:
    wps = (Waypoint(129.05, 33.0, 10.0, 0.0, 0.0), Waypoint(129.05, 33.0, 70.0, 60.0, 20.0),
           Waypoint(129.06, 33.01, 70.0, 60.0, 160.0), Waypoint(129.06, 33.01, 10.0, 0.0, 180.0))
    base = DeliveryFlight("fl-1", "JUTEST000001", "pf4", "p1", "base", "spot", "4", "none",
                          "PERMIT-1", T0, 180.0, hover_s, 1500.0, 400.0, wps, 3.0)
    return replace(base, **kw)  # type: ignore[arg-type]


def test_mission_is_out_hover_back() -> None:
    """The mission, the track's end and the intent's end all follow the one hover figure."""
    for hover in (0.0, 30.0, 90.0):
        f = _flight(hover)
        assert f.mission_s == 2 * 180.0 + hover
        assert f.track()[-1][3] == f.landing == T0 + timedelta(seconds=360.0 + hover)
        intent = f.intent("oi-1", "org")
        # The intent covers the whole mission (plus its ETA margin), hover included.
        assert intent.time_start <= T0 and intent.time_end >= f.landing
        plan = f.flight_plan(Aircraft("JUTEST000001", profile("pf4")), Pilot("p1", "p1"))
        assert plan.start == T0 and plan.end == f.landing and plan.stops == (3,)


def test_longer_hover_protects_a_longer_volume() -> None:
    """A longer hover (the planner's setting) moves the intent's end by the same amount."""
    short, long = _flight(30.0).intent("a", "o"), _flight(90.0).intent("a", "o")
    assert long.time_end - short.time_end == timedelta(seconds=60)


def test_at_moves_every_time() -> None:
    """The same flight later: track, intent and plan all move with the departure."""
    f = _flight()
    g = f.at(T0 + timedelta(minutes=7))
    assert [p[3] - timedelta(minutes=7) for p in g.track()] == [p[3] for p in f.track()]
    assert g.intent("a", "o").time_start - f.intent("a", "o").time_start == timedelta(minutes=7)


def test_codec_round_trip() -> None:
    """flight_from_json(flight_to_json(f)) == f."""
    f = _flight(crossings=({"kind": "road", "m": 3.0},))
    assert flight_from_json(flight_to_json(f)) == f


def test_codec_reads_flights_stored_before_the_value() -> None:
    """A flight stored by the old service (no hover_s, entry_control, drop_spot_id): hover is
    what the mission leaves over the legs, the entry control the one its Level means."""
    f = _flight(45.0)
    old = flight_to_json(f)
    for key in ("hover_s", "entry_control", "drop_spot_id"):
        del old[key]
    old.update({"intent_id": None, "ok": True, "classification": {}, "permit_check": {}})
    g = flight_from_json(old)
    assert g.hover_s == 45.0 and g.entry_control == "none" and g.drop_spot_id == ""
    assert g.intent("a", "o") == f.intent("a", "o")
    assert flight_from_json({**old, "level": "3.5"}).entry_control == "camera"


@pytest.mark.parametrize(("key", "value"), [("out_s", "x"), ("route", [[1.0, 2.0]]),
                                            ("level", "2"), ("entry_control", "wall"),
                                            ("departure", "2025-12-01T10:00:00")])
def test_codec_refuses_bad_input_naming_it(key: str, value: object) -> None:
    """A malformed stored flight raises InvalidInput, never a bare error."""
    data = {**flight_to_json(_flight()), key: value}
    with pytest.raises(InvalidInput):
        flight_from_json(data)


def test_codec_names_a_missing_field() -> None:
    """A missing field is named."""
    data = flight_to_json(_flight())
    del data["registration"]
    with pytest.raises(InvalidInput, match="registration"):
        flight_from_json(data)


def test_swap_rule() -> None:
    """Swap when the energy left after the mission would be under the reserve."""
    assert not needs_swap(1000.0, 700.0, 1000.0, 0.2)  # lands with 300 >= 200
    assert not needs_swap(1000.0, 800.0, 1000.0, 0.2)  # exactly the reserve
    assert needs_swap(1000.0, 801.0, 1000.0, 0.2)
    assert needs_swap(500.0, 400.0, 1000.0, 0.0) is False


def test_japan_date() -> None:
    """23:30 UTC is the next morning in Japan."""
    assert japan_date(datetime(2025, 12, 1, 23, 30, tzinfo=UTC)) == date(2025, 12, 2)
    assert japan_date(datetime(2025, 12, 1, 14, 59, tzinfo=UTC)) == date(2025, 12, 1)


def test_licence_enum_is_readable() -> None:
    """(Guard) the pilot values the gate tests use are the fleet's."""
    p = Pilot("p", "p", Licence.FIRST_CLASS, frozenset({Limitation.BVLOS}), date(2026, 1, 1))
    assert p.licence_on(date(2026, 1, 1)) is Licence.FIRST_CLASS
