"""The two real milestones, replayed on the bundled scenarios."""

from __future__ import annotations

import pytest
from permits_support import PlanMaker, example
from shapely.geometry import shape

from kizuna.geo.crs import geometry_from_wgs84
from kizuna.permits import Permit, check_flight, envelope_geometry
from kizuna.permits.flight import route_length_m
from kizuna.scenario.model import Scenario


def test_aokata_area_is_about_4_2_km2_and_mostly_land(goto: Scenario,
                                                      aokata_permit: Permit) -> None:
    """The Aokata example area is about 4.2 km², nearly all of it land, around the base."""
    area = envelope_geometry(aokata_permit.application, goto.epsg)
    assert area.area / 1e6 == pytest.approx(4.2, abs=0.05)
    assert area.intersection(goto.land).area / area.area > 0.95
    assert area.contains(goto.point(goto.base("aokata").lon, goto.base("aokata").lat))


def test_aokata_hospital_route_is_2_3_km_and_passes(goto: Scenario, aokata_permit: Permit,
                                                    aokata_plan: PlanMaker) -> None:
    """The 2.3 km route from Aokata to the hospital site passes the check."""
    plan = aokata_plan("aokata-hospital.geojson")
    assert route_length_m(plan.positions, goto.epsg) == pytest.approx(2300, abs=25)
    assert check_flight(aokata_permit, plan, goto) == []


def test_aokata_route_leaving_the_area_fails_outside_area(goto: Scenario, aokata_permit: Permit,
                                                          aokata_plan: PlanMaker) -> None:
    """A route leaving the area fails with OUTSIDE_AREA and nothing else."""
    codes = [v.code for v in check_flight(aokata_permit, aokata_plan("aokata-outside.geojson"),
                                          goto)]
    assert codes == ["OUTSIDE_AREA"]


def test_kashima_area_is_3_5_by_2_4_km(minamisoma: Scenario, kashima_permit: Permit) -> None:
    """The Kashima example area is 3.5 km x 2.4 km."""
    area = envelope_geometry(kashima_permit.application, minamisoma.epsg)
    minx, miny, maxx, maxy = area.bounds
    assert (maxx - minx) == pytest.approx(3500, abs=30)
    assert (maxy - miny) == pytest.approx(2400, abs=30)


LEGS = [("kashima-3.7km.geojson", 3700), ("kashima-1.3km.geojson", 1300),
        ("kashima-4.6km.geojson", 4600)]


@pytest.mark.parametrize(("route", "length"), LEGS)
def test_kashima_legs_cross_the_joban_line(minamisoma: Scenario, route: str,
                                           length: float) -> None:
    """Each leg has its length and crosses the Joban line."""
    line = geometry_from_wgs84(shape(example(route)["geometry"]), minamisoma.epsg)
    assert line.length == pytest.approx(length, abs=25)
    assert [f.properties["id"] for f in minamisoma.railways.intersecting(line)] == ["joban"]


@pytest.mark.parametrize(("route", "length"), LEGS)
def test_kashima_legs_pass_at_level_4_first_class(minamisoma: Scenario, kashima_permit: Permit,
                                                  kashima_plan: PlanMaker, route: str,
                                                  length: float) -> None:
    """With a first-class aircraft and pilot every leg passes at Level 4."""
    assert check_flight(kashima_permit, kashima_plan(route), minamisoma) == []


@pytest.mark.parametrize(("route", "length"), LEGS)
def test_kashima_legs_fail_with_a_second_class_licence(minamisoma: Scenario,
                                                       kashima_permit: Permit,
                                                       kashima_plan: PlanMaker, route: str,
                                                       length: float) -> None:
    """A second-class pilot, even if listed, fails: PILOT_NOT_COVERED and LEGAL_L4-LICENCE."""
    app = kashima_permit.application.model_copy(update={"pilots": ("mnms-p1", "mnms-p2")})
    permit = kashima_permit.model_copy(update={"application": app, "conditions": ()})
    codes = [v.code for v in check_flight(permit, kashima_plan(route, pilot_id="mnms-p2"),
                                          minamisoma)]
    assert codes == ["PILOT_NOT_COVERED", "LEGAL_L4-LICENCE"]


def test_kashima_second_class_aircraft_fails(minamisoma: Scenario, kashima_permit: Permit,
                                             kashima_plan: PlanMaker) -> None:
    """A second-class airframe is not covered and breaks the Level 4 certificate rule."""
    codes = {v.code for v in check_flight(kashima_permit, kashima_plan(
        "kashima-3.7km.geojson", aircraft_reg="JUMNMS000001"), minamisoma)}
    assert codes == {"AIRCRAFT_NOT_COVERED", "LEGAL_L4-CERTIFICATE"}
