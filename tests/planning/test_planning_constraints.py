"""Hard constraints hold on many seeded routes: no-fly areas, DIDs at Level 3.5, the envelope,
terrain clearance and ceiling, and the battery reserve."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import timedelta

import numpy as np
import pytest
from planning_helpers import DEPARTURE, flown_agl
from shapely.geometry import LineString, Point

from kizuna.energy import Wind
from kizuna.errors import Infeasible
from kizuna.planning import PlannerSettings, PlanRequest, envelope_from_json, plan_route
from kizuna.scenario.model import EmergencyAirspace

SETTINGS = PlannerSettings()


def _check_route(scenario, route, level, *, margin=SETTINGS.contingency_margin_m) -> None:
    line = LineString([(w.x, w.y) for w in route.waypoints])
    for area in scenario.no_fly_areas(DEPARTURE):
        assert line.distance(area.area) >= margin - 1e-3, area.name
    if level == "3.5":
        assert route.did_overflight_m == 0.0
        assert line.distance(scenario.did.union()) >= margin - 1e-3
    agl = flown_agl(scenario, route)
    assert agl.min() >= SETTINGS.clearance_m - 0.5
    assert agl.max() <= SETTINGS.ceiling_agl_m + 0.5
    assert route.reserve_margin_wh >= 0
    assert 0 < route.soc_landing < 1


def test_many_seeded_level35_routes_keep_every_hard_constraint(minamisoma, pf4,
                                                               minamisoma_risk) -> None:
    """20 seeded orders from each Minamisoma base in a seeded wind: all constraints hold."""
    rng = np.random.default_rng(20250209)
    planned = 0
    for base in minamisoma.bases:
        for _ in range(7):
            goal = (float(rng.uniform(140.88, 141.02)), float(rng.uniform(37.58, 37.73)))
            wind = Wind(float(rng.uniform(0, 7)), float(rng.uniform(0, 360)))
            request = PlanRequest((base.lon, base.lat), goal, "3.5", DEPARTURE, wind)
            try:
                route = plan_route(minamisoma, pf4, request, minamisoma_risk)
            except Infeasible as exc:
                assert str(exc).split(" ")[0] in ("start", "goal", "battery:", "no")
                continue
            _check_route(minamisoma, route, "3.5")
            planned += 1
    assert planned >= 8


def test_level4_routes_may_cross_dids_but_never_no_fly(goto, pf4, goto_risk) -> None:
    """Level 4 from Fukue port (airport permission held): no Drone Act or emergency entry."""
    rng = np.random.default_rng(7)
    base = goto.base("fukue-port")
    for _ in range(5):
        goal = (float(rng.uniform(128.80, 128.87)), float(rng.uniform(32.70, 32.78)))
        request = PlanRequest((base.lon, base.lat), goal, "4", DEPARTURE,
                              permissions=("fukue-airport",))
        try:
            route = plan_route(goto, pf4, request, goto_risk)
        except Infeasible:
            continue
        agl = flown_agl(goto, route)
        assert SETTINGS.clearance_m - 0.5 <= agl.min() and agl.max() <= 140.5


def test_goal_inside_airport_is_refused_with_its_name(goto, pf4, goto_risk) -> None:
    """A drop spot on the airport: 'goal inside no-fly area: Fukue airport ...'."""
    base = goto.base("tamanoura")
    request = PlanRequest((base.lon, base.lat), (128.8333, 32.6663), "4", DEPARTURE)
    with pytest.raises(Infeasible, match="goal inside no-fly area: Fukue airport"):
        plan_route(goto, pf4, request, goto_risk)


def test_goal_in_a_did_is_refused_at_level_35_but_not_with_the_special_zone_flag(
        minamisoma, pf4, minamisoma_risk) -> None:
    """Level 3.5 never flies over a DID, unless the special-zone flag is set."""
    base = minamisoma.base("rtf")
    did = minamisoma.did.features[0].geometry.representative_point()
    goal = minamisoma.to_lonlat(did.x, did.y)
    request = PlanRequest((base.lon, base.lat), goal, "3.5", DEPARTURE)
    with pytest.raises(Infeasible, match="goal inside DID"):
        plan_route(minamisoma, pf4, request, minamisoma_risk)
    route = plan_route(minamisoma, pf4, dataclasses.replace(request, special_zone=True),
                       minamisoma_risk)
    assert route.did_overflight_m > 0


def test_active_emergency_airspace_is_avoided_only_while_active(minamisoma, pf4,
                                                                minamisoma_risk) -> None:
    """A band of emergency airspace across the straight line forces a detour while active."""
    base = minamisoma.base("rtf")
    goal = (140.975, 37.70)
    a = minamisoma.point(base.lon, base.lat)
    b = minamisoma.point(*goal)
    mid = LineString([a, b]).interpolate(0.5, normalized=True)
    band = Point(mid.x, mid.y).buffer(800.0)
    emergency = EmergencyAirspace("fire-1", "Forest fire", band, DEPARTURE - timedelta(hours=1),
                                  DEPARTURE + timedelta(hours=1))
    world = dataclasses.replace(minamisoma, emergency_airspace=(emergency,))
    request = PlanRequest((base.lon, base.lat), goal, "4", DEPARTURE)
    route = plan_route(world, pf4, request, minamisoma_risk)
    line = LineString([(w.x, w.y) for w in route.waypoints])
    assert line.distance(band) >= SETTINGS.contingency_margin_m - 1e-3
    later = dataclasses.replace(request, departure=DEPARTURE + timedelta(hours=2))
    straight = plan_route(world, pf4, later, minamisoma_risk)
    assert straight.length_m < route.length_m
    assert LineString([(w.x, w.y) for w in straight.waypoints]).intersects(band)


def test_route_stays_inside_an_area_envelope_with_its_margin(minamisoma, pf4,
                                                             minamisoma_risk) -> None:
    """An L-shaped approved area: the route bends to stay inside it (margin kept)."""
    lonlat = [(141.00, 37.650), (141.01, 37.650), (141.01, 37.700), (140.97, 37.700),
              (140.97, 37.690), (141.00, 37.690), (141.00, 37.650)]
    permit = envelope_from_json({"kind": "area", "area": {"type": "Polygon",
                                                         "coordinates": [lonlat]},
                                 "altitude_agl_m": [40, 100], "contingency_margin_m": 50})
    base = minamisoma.base("rtf")
    request = PlanRequest((base.lon, base.lat), (140.975, 37.695), "4", DEPARTURE,
                          envelope=permit)
    route = plan_route(minamisoma, pf4, request, minamisoma_risk)
    from kizuna.planning.envelope import envelope_geometry

    inner = envelope_geometry(permit, minamisoma.epsg).buffer(-50.0)
    line = LineString([(w.x, w.y) for w in route.waypoints])
    assert inner.buffer(1e-3).covers(line)
    agl = flown_agl(minamisoma, route)
    assert agl.min() >= 40 - 0.5 and agl.max() <= 100 + 0.5
    outside = dataclasses.replace(request, goal=(140.95, 37.66))
    with pytest.raises(Infeasible, match="goal outside the permit envelope"):
        plan_route(minamisoma, pf4, outside, minamisoma_risk)


def _flown_amsl(scenario, route):
    """Dense (x, y, altitude AMSL) along the route's straight legs between waypoints."""
    pts = [(w.x, w.y, w.alt_amsl_m) for w in route.waypoints]
    out = []
    for (x0, y0, z0), (x1, y1, z1) in itertools.pairwise(pts):
        t = np.linspace(0.0, 1.0, 40)
        out.append(np.column_stack([x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, z0 + (z1 - z0) * t]))
    return np.concatenate(out)


@pytest.mark.parametrize("goal", [(128.87, 32.80), (128.80, 32.672)],
                         ids=["hisaka", "inland-west-of-the-airport"])
def test_fukue_port_routes_plan_under_the_airport_surfaces(goto, pf4, goto_risk, goal) -> None:
    """From Fukue port to Hisaka and to an inland spot past the airport, without permission:
    the route passes under the restricted surfaces (below 122 m AMSL near the airport), never
    above them, and keeps off the runway strip."""
    base = goto.base("fukue-port")
    request = PlanRequest((base.lon, base.lat), goal, "4", DEPARTURE)
    route = plan_route(goto, pf4, request, goto_risk)
    airport = goto.airports[0]
    xyz = _flown_amsl(goto, route)
    cruise = xyz[:, 2] > goto.ground_height(xyz[:, 0], xyz[:, 1]) + 1.0  # not the pad climbs
    ceiling = airport.ceiling_amsl(xyz[:, 0], xyz[:, 1])
    assert np.all(xyz[cruise, 2] <= ceiling[cruise] + 0.5)
    near = np.hypot(xyz[:, 0] - airport.surfaces.reference_xy[0],
                    xyz[:, 1] - airport.surfaces.reference_xy[1]) <= 3000.0
    if goal[1] < 32.7:
        assert near.any()  # the inland route does pass inside the horizontal surface
    assert np.all(xyz[near & cruise, 2] <= 122.5)
    line = LineString([(w.x, w.y) for w in route.waypoints])
    assert line.distance(airport.premises) >= SETTINGS.contingency_margin_m - 1e-3


def test_a_route_that_would_climb_through_a_surface_is_refused(goto, pf4, goto_risk) -> None:
    """A goal under the approach surface just off the runway's end leaves no room above the
    clearance: refused without the permission, planned with it."""
    airport = goto.airports[0]
    s = airport.surfaces
    (xa, ya), (xb, yb) = s.end_a, s.end_b
    length = float(np.hypot(xb - xa, yb - ya))
    ux, uy = (xb - xa) / length, (yb - ya) / length
    goal = goto.to_lonlat(xb + ux * 200.0, yb + uy * 200.0)
    base = goto.base("fukue-port")
    with pytest.raises(Infeasible, match="restricted surface"):  # its cell, or every way there
        plan_route(goto, pf4, PlanRequest((base.lon, base.lat), goal, "4", DEPARTURE), goto_risk)
    plan_route(goto, pf4, PlanRequest((base.lon, base.lat), goal, "4", DEPARTURE,
                                      permissions=("fukue-airport",)), goto_risk)
