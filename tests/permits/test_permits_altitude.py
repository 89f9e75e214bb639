"""The altitude band governs en-route flight: the take-off and landing at the pads are exempt
from its floor, nothing else is."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from permits_support import PlanMaker

from kizuna.errors import InvalidInput
from kizuna.permits import FlightPlan, Permit, PermitSettings, check_flight
from kizuna.permits.altitude import band_breaches, legs
from kizuna.scenario.model import Scenario

BASE = (129.048, 33.012)
TURN = (129.06191, 33.01205)
HOSPITAL = (129.06196, 33.00303)


def route(*points: tuple[float, float, float]) -> dict[str, Any]:
    return {"type": "LineString", "coordinates": [list(p) for p in points]}


def codes(permit: Permit, plan: FlightPlan, scenario: Scenario,
          settings: PermitSettings | None = None) -> list[str]:
    found = (check_flight(permit, plan, scenario) if settings is None
             else check_flight(permit, plan, scenario, settings=settings))
    return [v.code for v in found]


@pytest.fixture
def permit(aokata_permit: Permit) -> Permit:
    """The Aokata permit (band 30-120 m AGL) without conditions."""
    return aokata_permit.model_copy(update={"conditions": ()})


PAD_TO_PAD = route((*BASE, 0), (*BASE, 80), (*TURN, 80), (*HOSPITAL, 80), (*HOSPITAL, 0))


# -- the pure rule ------------------------------------------------------------------------------
def test_vertical_takeoff_and_landing_are_exempt() -> None:
    """Straight up from the pad, along at 60 m, straight down: nothing to report."""
    xy = [(0, 0), (0, 0), (1000, 0), (1000, 0)]
    assert band_breaches(xy, [0, 60, 60, 0], 30, 120) == []


@pytest.mark.parametrize(("reach", "radius", "ok"), [(40.0, 50.0, True), (50.0, 50.0, True),
                                                     (60.0, 50.0, False), (40.0, 0.0, False)])
def test_sloped_climb_within_the_radius(reach: float, radius: float, ok: bool) -> None:
    """A climb that crosses the floor ``reach`` m from the pad is exempt within the radius
    (the crossing point is interpolated: 0 -> 60 m over 2 x reach crosses 30 m at reach)."""
    xy = [(0, 0), (2 * reach, 0), (1000, 0), (1000, 0)]
    found = band_breaches(xy, [0, 60, 60, 0], 30, 120, radius_m=radius)
    assert (found == []) is ok
    assert all("take-off" in f for f in found)


def test_long_low_leg_before_climbing() -> None:
    """Taking off, flying 500 m at 10 m, then climbing is not a take-off."""
    xy = [(0, 0), (0, 0), (500, 0), (500, 0), (1500, 0), (1500, 0)]
    found = band_breaches(xy, [0, 10, 10, 60, 60, 0], 30, 120)
    assert len(found) == 1
    assert "take-off" in found[0] and "500 m" in found[0]


def test_long_low_approach_before_landing() -> None:
    """Descending below the floor 500 m before the pad is not a landing."""
    xy = [(0, 0), (0, 0), (1000, 0), (1500, 0), (1500, 0)]
    found = band_breaches(xy, [0, 60, 10, 10, 0], 30, 120)
    assert len(found) == 1 and "landing" in found[0]


def test_dip_en_route() -> None:
    """Below the floor between the climb and the descent is a breach, however short."""
    xy = [(0, 0), (0, 0), (500, 0), (1000, 0), (1000, 0)]
    found = band_breaches(xy, [0, 60, 20, 60, 0], 30, 120)
    assert found == ["the route descends to 20 m AGL en route, below the band's floor of 30 m"]


def test_ceiling_applies_during_the_climb() -> None:
    """The ceiling has no exemption: overshooting it at the pad is a breach."""
    xy = [(0, 0), (0, 0), (0, 0), (1000, 0), (1000, 0)]
    found = band_breaches(xy, [0, 130, 60, 60, 0], 30, 120)
    assert len(found) == 1 and "ceiling" in found[0]


def test_never_reaching_the_floor() -> None:
    """A hop that never climbs into the band has no en-route part: a breach."""
    found = band_breaches([(0, 0), (0, 0), (10, 0), (10, 0)], [0, 20, 20, 0], 30, 120)
    assert len(found) == 1 and "never reaches" in found[0]


def test_stops_split_the_route_into_legs() -> None:
    """Out to a drop spot (landing there) and back: two legs, each with its own take-off and
    landing; without the stop the touchdown at the drop spot is a dip en route."""
    xy = [(0, 0), (0, 0), (1000, 0), (1000, 0), (1000, 0), (0, 0), (0, 0)]
    h = [0, 60, 60, 0, 60, 60, 0]
    assert legs(7, (3,)) == [(0, 3), (3, 6)]
    assert band_breaches(xy, h, 30, 120, stops=(3,)) == []
    assert band_breaches(xy, h, 30, 120) == [
        "the route descends to 0 m AGL en route, below the band's floor of 30 m"]


def test_band_edges_are_inside() -> None:
    """Exactly at the floor and the ceiling is inside the band."""
    assert band_breaches([(0, 0), (100, 0), (200, 0)], [30, 120, 30], 30, 120) == []


# -- through check_flight -----------------------------------------------------------------------
def test_pad_takeoff_and_landing_pass(goto: Scenario, permit: Permit,
                                      aokata_plan: PlanMaker) -> None:
    """The hospital flight from the base pad (0 m) to the hospital pad (0 m) passes."""
    assert codes(permit, aokata_plan(PAD_TO_PAD), goto) == []


def test_dip_below_the_floor_mid_flight_fails(goto: Scenario, permit: Permit,
                                              aokata_plan: PlanMaker) -> None:
    """The same flight dipping to 10 m at its turn is ALTITUDE_BAND."""
    dip = route((*BASE, 0), (*BASE, 80), (*TURN, 10), (*HOSPITAL, 80), (*HOSPITAL, 0))
    found = check_flight(permit, aokata_plan(dip), goto)
    assert [v.code for v in found] == ["ALTITUDE_BAND"]
    assert "en route" in found[0].message


def test_long_low_takeoff_leg_fails(goto: Scenario, permit: Permit,
                                    aokata_plan: PlanMaker) -> None:
    """Taking off and flying about 470 m east at 10 m before climbing is ALTITUDE_BAND."""
    low = route((*BASE, 0), (*BASE, 10), (129.053, 33.012, 10), (129.053, 33.012, 80),
                (*TURN, 80), (*HOSPITAL, 80), (*HOSPITAL, 0))
    found = check_flight(permit, aokata_plan(low), goto)
    assert [v.code for v in found] == ["ALTITUDE_BAND"]
    assert "take-off" in found[0].message


def test_ceiling_during_the_climb_fails(goto: Scenario, permit: Permit,
                                        aokata_plan: PlanMaker) -> None:
    """Overshooting the 120 m ceiling while climbing at the pad is ALTITUDE_BAND."""
    high = route((*BASE, 0), (*BASE, 130), (*TURN, 80), (*HOSPITAL, 80), (*HOSPITAL, 0))
    assert codes(permit, aokata_plan(high), goto) == ["ALTITUDE_BAND"]


def test_radius_is_configurable(goto: Scenario, permit: Permit,
                                aokata_plan: PlanMaker) -> None:
    """A climb-out crossing the floor about 10 m from the pad passes with the default radius
    and fails with a radius of 0 (vertical only)."""
    sloped = route((*BASE, 0), (129.0483, 33.012, 80), (*TURN, 80), (*HOSPITAL, 80),
                   (*HOSPITAL, 0))
    assert codes(permit, aokata_plan(sloped), goto) == []
    strict = PermitSettings(takeoff_landing_radius_m=0.0)
    assert codes(permit, aokata_plan(sloped), goto, strict) == ["ALTITUDE_BAND"]
    assert codes(permit, aokata_plan(PAD_TO_PAD), goto, strict) == []


def test_out_and_back_delivery(goto: Scenario, permit: Permit) -> None:
    """A delivery out to the hospital pad and back passes: the drop spot is a stop."""
    craft = next(a for a in goto.aircraft if a.registration == "JUGOTO000001")
    pilot = next(p for p in goto.pilots if p.id == "goto-p1")
    t0 = datetime.fromisoformat("2025-11-20T10:00:00+09:00")
    out = [tuple(p) for p in PAD_TO_PAD["coordinates"]]
    plan = FlightPlan.out_and_back(out, start=t0, end=t0 + timedelta(minutes=10),
                                   aircraft=craft, pilot=pilot, wind_mps=4.0)
    assert plan.stops == (4,) and len(plan.positions) == 9
    assert plan.positions[-1] == plan.positions[0]
    assert codes(permit, plan, goto) == []


@pytest.mark.parametrize("stops", [(0,), (4,), (2, 2), (3, 1)])
def test_stops_must_be_inner_and_increasing(goto: Scenario, stops: tuple[int, ...]) -> None:
    """A stop at an end, repeated or out of order is bad input naming ``stops``."""
    craft, pilot = goto.aircraft[0], goto.pilots[0]
    t0 = datetime.fromisoformat("2025-11-20T10:00:00+09:00")
    with pytest.raises(InvalidInput, match="stops"):
        FlightPlan(positions=tuple((*BASE, float(i)) for i in range(5)), start=t0, end=t0,
                   aircraft=craft, pilot=pilot, stops=stops)


def test_radius_must_be_finite_and_non_negative() -> None:
    """A negative or infinite radius is refused."""
    for bad in (-1.0, float("inf")):
        with pytest.raises(InvalidInput, match="takeoff_landing_radius_m"):
            PermitSettings(takeoff_landing_radius_m=bad)
