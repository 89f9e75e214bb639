"""Every violation code: a flight that triggers it and one that does not."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import pytest
from permits_support import PlanMaker, example
from shapely.geometry import box

from kizuna.fleet import Aircraft
from kizuna.permits import (
    Application,
    CameraRequired,
    DailyWindow,
    MaxAltitudeAgl,
    MaxWind,
    MinLicence,
    NoCommutingHours,
    NoNight,
    Permit,
    PermitState,
    check_flight,
)
from kizuna.scenario.model import EmergencyAirspace, Scenario

HOSPITAL = "aokata-hospital.geojson"


def codes(permit: Permit, plan: Any, scenario: Scenario) -> list[str]:
    return [v.code for v in check_flight(permit, plan, scenario)]


def at_height(height: float) -> dict[str, Any]:
    route = example(HOSPITAL)
    route["geometry"]["coordinates"] = [[x, y, height] for x, y, _ in
                                        route["geometry"]["coordinates"]]
    return route


def with_app(permit: Permit, **changes: Any) -> Permit:
    return permit.model_copy(update={"application": permit.application.model_copy(
        update=changes), "conditions": ()})


def test_baseline_hospital_flight_passes(goto: Scenario, aokata_permit: Permit,
                                        aokata_plan: PlanMaker) -> None:
    """The reference flight has no violation, so each test below isolates one cause."""
    assert codes(aokata_permit, aokata_plan(HOSPITAL), goto) == []


# -- NOT_VALID ----------------------------------------------------------------------------------
@pytest.mark.parametrize("start", ["2025-11-19T10:00:00+09:00", "2026-11-20T10:00:00+09:00"])
def test_not_valid_outside_validity(goto: Scenario, aokata_permit: Permit,
                                    aokata_plan: PlanMaker, start: str) -> None:
    """A flight the day before or after the validity is NOT_VALID."""
    assert codes(aokata_permit, aokata_plan(HOSPITAL, start=start), goto) == ["NOT_VALID"]


@pytest.mark.parametrize("start", ["2025-11-20T10:00:00+09:00", "2026-11-19T10:00:00+09:00"])
def test_valid_on_first_and_last_day(goto: Scenario, aokata_permit: Permit,
                                     aokata_plan: PlanMaker, start: str) -> None:
    """The first and last day of validity are inside it."""
    assert codes(aokata_permit, aokata_plan(HOSPITAL, start=start), goto) == []


def test_not_valid_after_revocation(goto: Scenario, aokata_permit: Permit,
                                    aokata_plan: PlanMaker) -> None:
    """A revoked permit lets nothing fly after its revocation."""
    revoked = aokata_permit.model_copy(update={
        "state": PermitState.REVOKED,
        "revoked_at": datetime(2025, 11, 20, 9, 0, tzinfo=timezone(timedelta(hours=9)))})
    assert "NOT_VALID" in codes(revoked, aokata_plan(HOSPITAL), goto)


def test_not_valid_when_expired(goto: Scenario, aokata_permit: Permit,
                                aokata_plan: PlanMaker) -> None:
    """An expired permit is NOT_VALID even on a date inside its old validity."""
    expired = aokata_permit.model_copy(update={"state": PermitState.EXPIRED})
    assert codes(expired, aokata_plan(HOSPITAL), goto) == ["NOT_VALID"]


# -- who flies what -------------------------------------------------------------------------------
def test_aircraft_not_covered(goto: Scenario, aokata_permit: Permit,
                              aokata_plan: PlanMaker) -> None:
    """An aircraft the permit does not list is AIRCRAFT_NOT_COVERED."""
    got = codes(aokata_permit, aokata_plan(HOSPITAL, aircraft_reg="JUGOTO000003"), goto)
    assert "AIRCRAFT_NOT_COVERED" in got


def test_second_listed_aircraft_is_covered(goto: Scenario, aokata_permit: Permit,
                                           aokata_plan: PlanMaker) -> None:
    """The other listed first-class aircraft is covered."""
    assert codes(aokata_permit, aokata_plan(HOSPITAL, aircraft_reg="JUGOTO000002"), goto) == []


def test_pilot_not_covered(goto: Scenario, aokata_permit: Permit,
                           aokata_plan: PlanMaker) -> None:
    """A pilot the permit does not list is PILOT_NOT_COVERED."""
    got = codes(aokata_permit, aokata_plan(HOSPITAL, pilot_id="goto-p3"), goto)
    assert "PILOT_NOT_COVERED" in got


def test_second_listed_pilot_is_covered(goto: Scenario, aokata_permit: Permit,
                                        aokata_plan: PlanMaker) -> None:
    """The other listed first-class pilot is covered."""
    assert codes(aokata_permit, aokata_plan(HOSPITAL, pilot_id="goto-p2"), goto) == []


# -- time and wind --------------------------------------------------------------------------------
def test_time_window_crossing_the_end(goto: Scenario, aokata_permit: Permit,
                                      aokata_plan: PlanMaker) -> None:
    """A flight running past the window's end (16:30) is TIME_WINDOW."""
    got = codes(aokata_permit, aokata_plan(HOSPITAL, start="2025-11-20T16:28:00+09:00"), goto)
    assert got == ["TIME_WINDOW"]


def test_time_window_ending_at_the_end(goto: Scenario, aokata_permit: Permit,
                                       aokata_plan: PlanMaker) -> None:
    """A flight landing exactly at the window's end is inside it."""
    got = codes(aokata_permit, aokata_plan(HOSPITAL, start="2025-11-20T16:25:00+09:00"), goto)
    assert got == []


def test_time_window_uses_local_time(goto: Scenario, aokata_permit: Permit,
                                     aokata_plan: PlanMaker) -> None:
    """01:00 UTC is 10:00 in Tokyo: inside the window."""
    got = codes(aokata_permit, aokata_plan(HOSPITAL, start="2025-11-20T01:00:00+00:00"), goto)
    assert got == []


@pytest.mark.parametrize(("wind", "expected"), [(8.5, ["WIND_LIMIT"]), (8.0, []), (None, [])])
def test_wind_limit(goto: Scenario, aokata_permit: Permit, aokata_plan: PlanMaker,
                    wind: float | None, expected: list[str]) -> None:
    """Wind above 8 m/s breaks the limit; exactly 8 m/s does not; unknown wind is unchecked."""
    assert codes(aokata_permit, aokata_plan(HOSPITAL, wind_mps=wind), goto) == expected


# -- geometry -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("height", "expected"), [(20.0, ["ALTITUDE_BAND"]),
                                                  (125.0, ["ALTITUDE_BAND"]),
                                                  (30.0, []), (120.0, [])])
def test_altitude_band(goto: Scenario, aokata_permit: Permit, aokata_plan: PlanMaker,
                       height: float, expected: list[str]) -> None:
    """Below 30 m or above 120 m AGL leaves the band; its edges are inside."""
    permit = aokata_permit.model_copy(update={"conditions": ()})
    assert codes(permit, aokata_plan(at_height(height)), goto) == expected


def test_outside_area_by_the_contingency_margin(goto: Scenario, aokata_permit: Permit,
                                                aokata_plan: PlanMaker) -> None:
    """A route inside the polygon but closer to its edge than the margin is OUTSIDE_AREA."""
    route = example(HOSPITAL)
    # The area's east edge is at about 129.0654 E; stop 25 m short of it (margin 50 m).
    route["geometry"]["coordinates"] = [[129.048, 33.012, 80], [129.0651, 33.012, 80]]
    assert codes(aokata_permit, aokata_plan(route), goto) == ["OUTSIDE_AREA"]


def test_route_corridor_permit(goto: Scenario, aokata_permit: Permit,
                               aokata_plan: PlanMaker) -> None:
    """A route permit checks against its corridor: the hospital route fits its own corridor,
    the other route does not."""
    data = aokata_permit.application.model_dump(mode="json")
    data.update(kind="route", area=None, corridors=[
        {"id": "hospital", "route": example(HOSPITAL)["geometry"], "half_width_m": 80.0}])
    permit = with_app(aokata_permit).model_copy(
        update={"application": Application.model_validate(data)})
    assert codes(permit, aokata_plan(HOSPITAL), goto) == []
    assert codes(permit, aokata_plan("aokata-outside.geojson"), goto) == ["OUTSIDE_AREA"]


def _with_emergency(scenario: Scenario, start: datetime, end: datetime) -> Scenario:
    x, y = scenario.to_metric(129.055, 33.012)
    area = EmergencyAirspace("fire-1", "Forest fire", box(x - 300, y - 300, x + 300, y + 300),
                             start, end)
    return dataclasses.replace(scenario, emergency_airspace=(area,))


JST = timezone(timedelta(hours=9))


def test_emergency_airspace_active(goto: Scenario, aokata_permit: Permit,
                                   aokata_plan: PlanMaker) -> None:
    """Emergency airspace active during the flight on its path is EMERGENCY_AIRSPACE."""
    world = _with_emergency(goto, datetime(2025, 11, 20, 9, 0, tzinfo=JST),
                            datetime(2025, 11, 20, 12, 0, tzinfo=JST))
    assert codes(aokata_permit, aokata_plan(HOSPITAL), world) == ["EMERGENCY_AIRSPACE"]


def test_emergency_airspace_inactive(goto: Scenario, aokata_permit: Permit,
                                     aokata_plan: PlanMaker) -> None:
    """The same airspace, ended before the flight, does not count."""
    world = _with_emergency(goto, datetime(2025, 11, 20, 6, 0, tzinfo=JST),
                            datetime(2025, 11, 20, 9, 0, tzinfo=JST))
    assert codes(aokata_permit, aokata_plan(HOSPITAL), world) == []


# -- conditions ---------------------------------------------------------------------------------
ALL_DAY = (DailyWindow(start=time(0, 0), end=time(23, 59)),)


def test_condition_max_altitude(goto: Scenario, aokata_permit: Permit,
                                aokata_plan: PlanMaker) -> None:
    """A 100 m ceiling is broken at 110 m, kept at 100 m."""
    permit = aokata_permit.model_copy(update={"conditions": (MaxAltitudeAgl(value_m=100),)})
    assert codes(permit, aokata_plan(at_height(110)), goto) == ["CONDITION_MAX_ALTITUDE_AGL"]
    assert codes(permit, aokata_plan(at_height(100)), goto) == []


def test_condition_no_night(goto: Scenario, aokata_permit: Permit,
                            aokata_plan: PlanMaker) -> None:
    """No night: 18:30 in November (after sunset) breaks it; 12:00 does not."""
    permit = with_app(aokata_permit, daily_windows=ALL_DAY).model_copy(
        update={"conditions": (NoNight(),)})
    evening = aokata_plan(HOSPITAL, start="2025-11-20T18:30:00+09:00")
    assert codes(permit, evening, goto) == ["CONDITION_NO_NIGHT"]
    assert codes(permit, aokata_plan(HOSPITAL, start="2025-11-20T12:00:00+09:00"), goto) == []


def test_condition_no_commuting_hours(goto: Scenario, aokata_permit: Permit,
                                      aokata_plan: PlanMaker) -> None:
    """No commuting hours: 08:00 and a flight ending at 17:02 break it; 09:00 does not."""
    permit = with_app(aokata_permit, daily_windows=ALL_DAY).model_copy(
        update={"conditions": (NoCommutingHours(),)})
    for start in ("2025-11-20T08:00:00+09:00", "2025-11-20T16:57:00+09:00"):
        assert codes(permit, aokata_plan(HOSPITAL, start=start), goto) == [
            "CONDITION_NO_COMMUTING_HOURS"]
    assert codes(permit, aokata_plan(HOSPITAL, start="2025-11-20T09:00:00+09:00"), goto) == []


def test_condition_camera_required(goto: Scenario, aokata_permit: Permit,
                                   aokata_plan: PlanMaker) -> None:
    """An aircraft without an onboard camera breaks camera_required."""
    permit = aokata_permit.model_copy(update={"conditions": (CameraRequired(),)})
    plan = aokata_plan(HOSPITAL)
    assert codes(permit, plan, goto) == []
    blind: Aircraft = dataclasses.replace(
        plan.aircraft, profile=dataclasses.replace(plan.aircraft.profile, onboard_camera=False))
    assert codes(permit, dataclasses.replace(plan, aircraft=blind), goto) == [
        "CONDITION_CAMERA_REQUIRED"]


def test_condition_min_licence(goto: Scenario, aokata_permit: Permit,
                               aokata_plan: PlanMaker) -> None:
    """min_licence first_class is broken by a second-class pilot, kept by a first-class one."""
    permit = aokata_permit.model_copy(update={"conditions": (MinLicence(licence="first_class"),)})
    assert "CONDITION_MIN_LICENCE" in codes(permit, aokata_plan(HOSPITAL, pilot_id="goto-p3"),
                                            goto)
    assert codes(permit, aokata_plan(HOSPITAL), goto) == []


def test_condition_max_wind(goto: Scenario, aokata_permit: Permit,
                            aokata_plan: PlanMaker) -> None:
    """A 5 m/s condition is broken at 6 m/s (under the permit's own 8 m/s), kept at 5."""
    permit = aokata_permit.model_copy(update={"conditions": (MaxWind(value_mps=5),)})
    assert codes(permit, aokata_plan(HOSPITAL, wind_mps=6), goto) == ["CONDITION_MAX_WIND"]
    assert codes(permit, aokata_plan(HOSPITAL, wind_mps=5), goto) == []


# -- the law ------------------------------------------------------------------------------------
def test_legal_violation_without_insurance(goto: Scenario, aokata_permit: Permit,
                                           aokata_plan: PlanMaker) -> None:
    """Without insurance the rules' L4-INSURANCE is reported as LEGAL_L4-INSURANCE."""
    assert codes(with_app(aokata_permit, insurance=""), aokata_plan(HOSPITAL), goto) == [
        "LEGAL_L4-INSURANCE"]


def test_expired_certificate_is_not_covered(goto: Scenario, aokata_permit: Permit,
                                            aokata_plan: PlanMaker) -> None:
    """After the airframe certificate expires the aircraft is no longer covered at Level 4."""
    app = aokata_permit.application.model_copy(update={"valid_to": date(2027, 12, 31)})
    permit = aokata_permit.model_copy(update={"application": app, "conditions": ()})
    got = codes(permit, aokata_plan(HOSPITAL, start="2027-05-10T10:00:00+09:00"), goto)
    assert got == ["AIRCRAFT_NOT_COVERED", "LEGAL_L4-CERTIFICATE"]
