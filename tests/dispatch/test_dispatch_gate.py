"""The launch gate on the Goto world (Aokata, Level 4 area permit): each check refuses with
its code and words, and the cleared flight is the one the airspace accepts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from kizuna.dispatch import (
    DeliveryFlight,
    DispatchSettings,
    LaunchRequest,
    PilotState,
    SlotSearch,
    clear_for_launch,
    flight_of_leg,
)
from kizuna.dispatch.gate import WORDS, refusal
from kizuna.energy import usable_battery_wh
from kizuna.sim.runner import world_for
from kizuna.sim.world import World
from kizuna.utm import InMemoryAirspace


@pytest.fixture(scope="module")
def world() -> World:
    return world_for("goto", 2, ("aokata",))


def _request(world: World, at: datetime | None = None, **kw: object
             ) -> LaunchRequest[DeliveryFlight]:
    leg = world.legs[("aokata", "aokata-pad1", "pf2-cat3")]
    aircraft = world.aircraft[0]
    pilot = world.pilots[0]
    dep = at or world.start + timedelta(hours=1)  # 10:00 JST, inside the permit's window
    flight = flight_of_leg("fl-1", leg, registration=aircraft.registration,
                           pilot_id=pilot.id, departure=dep, wind_mps=3.0)
    base: LaunchRequest[DeliveryFlight] = LaunchRequest(
        flight, aircraft, PilotState(pilot), world.scenario, permits=world.permits,
        intent_id="oi-1", owner="org", lang="en")
    return replace(base, **kw)  # type: ignore[arg-type]


def test_a_legal_flight_is_cleared(world: World) -> None:
    """Level 4 in its permit, licensed pilot, empty airspace: cleared, intent as planned."""
    req = _request(world)
    d = clear_for_launch(req, InMemoryAirspace())
    assert d.cleared and d.codes == () and d.delay == timedelta(0)
    assert d.flight == req.flight
    assert d.intent == req.flight.intent("oi-1", "org")
    assert d.verdict is not None and d.verdict.allowed and d.permit_checked
    assert not d.swap


def test_licence_is_judged_on_the_japan_date(world: World) -> None:
    """A licence that expired yesterday in Japan refuses an 08:30 JST take-off, although the
    UTC date is still the licence's last day."""
    req = _request(world)
    dep = datetime.fromisoformat("2025-12-02T08:30:00+09:00")  # 2025-12-01 23:30 UTC
    pilot = replace(req.pilot.pilot, licence_expiry=date(2025, 12, 1))
    d = clear_for_launch(replace(req, flight=req.flight.at(dep), pilot=PilotState(pilot)))
    assert d.codes == ("PILOT_LICENCE",)
    assert "2025-12-02" in d.refusals[0].en and "2025-12-02" in d.refusals[0].ja


def test_one_pilot_supervises_at_most_n(world: World) -> None:
    """A pilot already supervising N flights over the mission is refused (PILOT_LIMIT)."""
    req = _request(world)
    span = (req.flight.departure, req.flight.landing)
    busy = PilotState(req.pilot.pilot, (span,) * 2)
    d = clear_for_launch(replace(req, pilot=busy,
                                 settings=DispatchSettings(max_aircraft_per_pilot=2)))
    assert d.codes == ("PILOT_LIMIT",)
    ok = clear_for_launch(replace(req, pilot=busy,
                                  settings=DispatchSettings(max_aircraft_per_pilot=3)))
    assert ok.cleared


def test_battery(world: World) -> None:
    """A low battery is swapped (cleared, swap); a mission no battery carries is refused."""
    req = _request(world)
    assert clear_for_launch(replace(req, battery_wh=req.flight.energy_wh)).swap
    usable = usable_battery_wh(req.aircraft.profile)
    heavy = replace(req.flight, energy_wh=0.9 * usable)
    d = clear_for_launch(replace(req, flight=heavy))
    assert d.codes == ("BATTERY",)


def test_airspace_conflict_and_slot_search(world: World) -> None:
    """The same corridor taken: refused without a slot search; with one, cleared later by the
    smallest delay the airspace accepts, the flight moved with its intent."""
    req = _request(world)
    space = InMemoryAirspace()
    assert space.submit(req.flight.intent("oi-other", "other")).accepted
    d = clear_for_launch(req, space)
    assert d.codes == ("UTM_CONFLICT",) and d.conflicts == ("oi-other",)
    assert "oi-other" in d.refusals[0].en and "oi-other" in d.refusals[0].ja
    s = clear_for_launch(replace(req, slot_search=SlotSearch(timedelta(minutes=1),
                                                             timedelta(minutes=60))), space)
    assert s.cleared and s.delay > timedelta(0)
    assert s.delay.total_seconds() % 60 == 0
    assert s.flight.departure == req.flight.departure + s.delay
    assert s.intent == s.flight.intent("oi-1", "org")
    assert space.check(s.intent).accepted
    one_less = req.flight.at(req.flight.departure + s.delay - timedelta(minutes=1))
    assert not space.check(one_less.intent("oi-1", "org")).accepted
    none = clear_for_launch(replace(req, slot_search=SlotSearch(timedelta(minutes=1),
                                                                timedelta(0))), space)
    assert none.codes == ("UTM_CONFLICT",) and "0 min" in none.refusals[0].en


def test_permit_missing_and_outside_the_window(world: World) -> None:
    """A Level 4 flight without its permit, or outside the permit's daily window, is refused
    with the permit's own codes; the rules judge it with its entry control."""
    req = _request(world)
    d = clear_for_launch(replace(req, permits=()))
    assert "PERMIT_MISSING" in d.codes
    late = clear_for_launch(replace(req, flight=req.flight.at(
        datetime.fromisoformat("2025-12-01T18:00:00+09:00"))))
    assert "PERMIT_TIME_WINDOW" in late.codes
    assert all(c.startswith(("PERMIT_", "RULES_")) for c in late.codes)


def test_entry_control_is_the_flights_own(world: World) -> None:
    """The rules see the flight's entry control: the same Level 4 route claimed with the
    camera is a different (Level 3.5) flight, and the verdict says so."""
    req = _request(world)
    d = clear_for_launch(replace(req, flight=replace(req.flight, entry_control="camera")))
    assert d.verdict is not None and d.verdict.level == "3.5"
    assert clear_for_launch(req).verdict.level == "4"  # type: ignore[union-attr]


@pytest.mark.parametrize("code", sorted(WORDS))
def test_every_refusal_has_both_languages(code: str) -> None:
    """Each code's words exist in English and Japanese and format with their details."""
    details = {"pilot": "p", "level": "4", "day": "2025-12-01", "limit": 5, "need": 1.0,
               "reserve": 20.0, "have": 1.0, "conflicts": "x", "minutes": "30",
               "permit": "P", "text": "t"}
    r = refusal(code, **details)
    assert r.en and r.ja and r.en != r.ja
    assert r.message("en") == r.en and r.message("ja") == r.ja
