"""Tests for kizuna.rules.facts: FlightFacts and Crossing."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from kizuna.rules.facts import FACT_CODES, Crossing, FlightFacts


def test_missing_facts_are_false() -> None:
    """An empty FlightFacts has every fact false and no crossings."""
    facts = FlightFacts()
    assert not any(getattr(facts, name) for name in [*FACT_CODES, "drone_act_facility"])
    assert facts.crossings == ()
    assert facts.holding_codes() == ()


def test_holding_codes_in_law_order() -> None:
    """holding_codes lists the codes of the conditions that hold, airspace before method."""
    facts = FlightFacts(bvlos=True, over_did=True, drone_act_facility=True)
    assert facts.holding_codes() == ("A-DID", "M-BVLOS")


def test_eleven_boolean_facts() -> None:
    """FlightFacts has the ten specific-flight conditions plus the Drone Act, the 30 m
    structure exception and crossings."""
    assert set(FlightFacts.model_fields) == {*FACT_CODES, "drone_act_facility",
                                             "near_structure_30m", "crossings"}


def test_crossings_from_json() -> None:
    """Crossings parse from JSON lists and are kept as a tuple."""
    facts = FlightFacts.model_validate(
        {"crossings": [{"lon": 140.96, "lat": 37.70, "kind": "railway", "name": "Joban line"}]}
    )
    assert facts.crossings == (Crossing(lon=140.96, lat=37.70, kind="railway", name="Joban line"),)


@pytest.mark.parametrize(
    "crossing",
    [
        {"lon": 200.0, "lat": 37.0, "kind": "road"},
        {"lon": 140.0, "lat": 37.0, "kind": "river"},
        {"lon": "140", "lat": 37.0, "kind": "road"},
        {"lon": 140.0, "lat": 37.0, "kind": "road", "width": 3},
    ],
)
def test_bad_crossing_refused(crossing: dict[str, object]) -> None:
    """Out-of-range coordinates, unknown kinds, strings for numbers and unknown keys fail."""
    with pytest.raises(ValidationError):
        Crossing.model_validate(crossing)


def test_facts_are_frozen() -> None:
    """FlightFacts is immutable."""
    facts = FlightFacts()
    with pytest.raises(ValidationError):
        facts.night = True  # type: ignore[misc]
