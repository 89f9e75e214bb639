"""The pre-flight check: filled from what Kizuna knows, confirmed by the pilot, asked by the
launch gate item by item."""

from __future__ import annotations

import pytest

from kizuna.dispatch.preflight import (
    PREFLIGHT_ITEMS,
    KnownConditions,
    check_from_json,
    check_to_json,
    confirm,
    missing_items,
    prefill,
)
from kizuna.errors import InvalidInput

CLEAR = KnownConditions(registration_valid=True, daily_inspection_passed=True, remote_id=True,
                        battery_after_fraction=0.55, reserve_fraction=0.2, wind_limit_mps=5.0)
ALL = dict.fromkeys(PREFLIGHT_ITEMS, True)


def _passed(known: KnownConditions, wind: float | None) -> dict[str, bool]:
    return {i.item: i.passed for i in prefill(known, wind)}


def test_a_clear_day_passes_every_item() -> None:
    """Nothing found against any item, the pilot confirms all: passed."""
    check = confirm(CLEAR, 3.0, ALL, flight_id="f1", registration="JU1", by="u1")
    assert check.passed and missing_items(check, "f1", "JU1") == ()
    assert all(i.detail and i.detail_ja for i in check.items)  # words in English and Japanese


@pytest.mark.parametrize(("known", "wind", "failed"), [
    (CLEAR, None, "weather"),  # not measured: never assumed
    (CLEAR, 5.5, "weather"),  # above the limit (at it passes, as the permit check)
    (KnownConditions(True, None, True, 0.5, 0.2, 5.0), 3.0, "aircraft"),  # no inspection
    (KnownConditions(False, True, True, 0.5, 0.2, 5.0), 3.0, "aircraft"),
    (KnownConditions(True, True, True, 0.1, 0.2, 5.0), 3.0, "battery"),
    (KnownConditions(True, True, False, 0.5, 0.2, 5.0), 3.0, "links_gnss"),
    (KnownConditions(True, True, True, 0.5, 0.2, 5.0, emergency_airspace=("fire",)), 3.0,
     "airspace"),
    (KnownConditions(True, True, True, 0.5, 0.2, 5.0, conflicting_intents=("oi-x",)), 3.0,
     "airspace"),
])
def test_each_finding_fails_its_own_item(known: KnownConditions, wind: float | None,
                                         failed: str) -> None:
    """One finding fails exactly its item, and the gate names it."""
    assert [k for k, ok in _passed(known, wind).items() if not ok] == [failed]
    check = confirm(known, wind, ALL, flight_id="f1", registration="JU1", by="u1")
    assert missing_items(check, "f1", "JU1") == (failed,)


def test_an_item_the_pilot_did_not_confirm_is_missing() -> None:
    """Kizuna's finding is not enough: the pilot confirms each item."""
    check = confirm(CLEAR, 3.0, {**ALL, "links_gnss": False}, flight_id="f1", registration="JU1",
                    by="u1")
    assert missing_items(check, "f1", "JU1") == ("links_gnss",)


def test_no_check_or_another_flights_check_misses_everything() -> None:
    """The gate asks for a check of this flight and aircraft."""
    check = confirm(CLEAR, 3.0, ALL, flight_id="f1", registration="JU1", by="u1")
    assert missing_items(None, "f1", "JU1") == PREFLIGHT_ITEMS
    assert missing_items(check, "f2", "JU1") == PREFLIGHT_ITEMS
    assert missing_items(check, "f1", "JU2") == PREFLIGHT_ITEMS


def test_an_unknown_item_is_named_and_the_codec_round_trips() -> None:
    """items.<k>.item names an unknown item; the stored form keeps the measured wind."""
    with pytest.raises(InvalidInput) as exc:
        confirm(CLEAR, 3.0, {"aircraft": True, "vibes": True}, flight_id="f1",
                registration="JU1", by="u1")
    assert exc.value.field == "items.1.item"
    check = confirm(CLEAR, 3.5, ALL, flight_id="f1", registration="JU1", by="u1")
    back = check_from_json("f1", "JU1", check_to_json(check), "u1")
    assert back == check and back.wind_mps == 3.5
