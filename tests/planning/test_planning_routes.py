"""Behaviour on the issue's routes: Level 3.5 crossings, the sea crossing to Hisaka, wind,
terrain following, and the cost breakdown."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest
from planning_helpers import DEPARTURE, flown_agl

from kizuna.energy import CALM, ReservePolicy, Wind
from kizuna.errors import Infeasible
from kizuna.planning import PlanRequest, plan_route

TRUNK = ("route6", "joban")


@pytest.mark.parametrize("seed", range(6))
def test_level35_crosses_railway_and_trunk_road_once_near_perpendicular(
        minamisoma, pf4, minamisoma_risk, seed) -> None:
    """From the Robot Test Field to a seeded goal west of the Joban line: Route 6 and the line
    are each crossed once, within 30 degrees of perpendicular, with a camera check before."""
    rng = np.random.default_rng(seed)
    base = minamisoma.base("rtf")
    goal = (float(rng.uniform(140.915, 140.950)), float(rng.uniform(37.60, 37.71)))
    wind = Wind(float(rng.uniform(0, 5)), float(rng.uniform(0, 360)))
    route = plan_route(minamisoma, pf4,
                       PlanRequest((base.lon, base.lat), goal, "3.5", DEPARTURE, wind),
                       minamisoma_risk)
    for trunk in TRUNK:
        hits = [c for c in route.crossings if c.id == trunk]
        assert len(hits) == 1, (trunk, [(c.id, c.angle_deg) for c in route.crossings])
        c = hits[0]
        assert c.angle_deg >= 60.0
        assert c.camera_check is not None and c.camera_check_time_s is not None
        assert c.camera_check_time_s < c.time_s


def test_level4_reports_crossings_without_camera_checks(minamisoma, pf4,
                                                        minamisoma_risk) -> None:
    """Level 4 has no crossing penalty or camera-check points, but still lists crossings."""
    base = minamisoma.base("rtf")
    route = plan_route(minamisoma, pf4, PlanRequest((base.lon, base.lat), (140.93, 37.68), "4",
                                                    DEPARTURE), minamisoma_risk)
    assert {c.id for c in route.crossings} >= set(TRUNK)
    assert all(c.camera_check is None for c in route.crossings)
    assert route.cost.crossings == 0.0 and route.cost.over_transport == 0.0


def _hisaka(goto, wind=CALM, permissions=("fukue-airport",)):
    base = goto.base("fukue-port")
    return PlanRequest((base.lon, base.lat), (128.870, 32.800), "4", DEPARTURE, wind,
                       permissions=permissions)


def test_fukue_port_to_hisaka_crosses_the_sea_and_keeps_the_reserve(goto, pf4,
                                                                   goto_risk) -> None:
    """The Hisaka route flies over water and lands with more than the 20 % reserve."""
    route = plan_route(goto, pf4, _hisaka(goto), goto_risk)
    from shapely import contains_xy
    from shapely.geometry import LineString

    line = LineString([(w.x, w.y) for w in route.waypoints])
    pts = [line.interpolate(f, normalized=True) for f in np.linspace(0, 1, 200)]
    line_x = np.array([p.x for p in pts])
    line_y = np.array([p.y for p in pts])
    over_sea = ~contains_xy(goto.land, line_x, line_y)
    assert over_sea.mean() > 0.3
    usable = 0.9 * pf4.battery_wh
    assert route.energy_wh + 0.2 * usable <= usable
    assert route.soc_landing > 0.2
    assert 10_000 < route.length_m < 14_000


def test_without_airport_permission_fukue_port_still_plans(goto, pf4, goto_risk) -> None:
    """Fukue port lies outside the airport's premises and under (or beyond) its restricted
    surfaces: the Hisaka route plans without the airport permission."""
    route = plan_route(goto, pf4, _hisaka(goto, permissions=()), goto_risk)
    assert 10_000 < route.length_m < 14_000


def test_headwind_makes_the_hisaka_route_infeasible_at_a_plausible_speed(goto, pf4,
                                                                        goto_risk) -> None:
    """A rising northerly (against the way out) wind: feasible in calm, battery-short by 10 m/s
    (the PF4's wind limit), and energy grows with the wind."""
    energies = []
    short_at = None
    for speed in (0.0, 2.0, 4.0, 6.0, 8.0, 10.0):
        try:
            route = plan_route(goto, pf4, _hisaka(goto, Wind(speed, 10.0)), goto_risk)
            energies.append(route.energy_wh)
        except Infeasible as exc:
            assert str(exc).startswith("battery:")
            short_at = speed
            break
    assert energies and short_at is not None and short_at <= 10.0
    assert all(b > a for a, b in itertools.pairwise(energies))


def test_tighter_reserve_policy_is_applied(goto, pf4, goto_risk) -> None:
    """A 60 % reserve makes the same route infeasible, saying by how much."""
    request = dataclasses.replace(_hisaka(goto), reserve=ReservePolicy(reserve_fraction=0.6))
    with pytest.raises(Infeasible, match=r"battery: \d+% short"):
        plan_route(goto, pf4, request, goto_risk)


def test_route_hugs_the_terrain(minamisoma, pf4, minamisoma_risk) -> None:
    """Into the hills west of Haramachi: the altitude AMSL climbs with the ground by far more
    than the AGL band varies."""
    base = minamisoma.base("rtf")
    route = plan_route(minamisoma, pf4, PlanRequest((base.lon, base.lat), (140.90, 37.66), "4",
                                                    DEPARTURE), minamisoma_risk)
    amsl = np.array([w.alt_amsl_m for w in route.waypoints[1:-1]])
    ground = amsl - np.array([w.agl_m for w in route.waypoints[1:-1]])
    agl = flown_agl(minamisoma, route)
    assert ground.max() - ground.min() > 100.0
    assert amsl.max() - amsl.min() > 100.0
    assert agl.max() - agl.min() < 60.0
    assert np.corrcoef(amsl, ground)[0, 1] > 0.95
    assert route.min_agl_m >= 30.0 and route.max_agl_m <= 140.0


def test_summary_has_the_cli_keys_and_a_consistent_breakdown(minamisoma, pf4,
                                                             minamisoma_risk) -> None:
    """The summary carries the documented keys; the breakdown sums to its total."""
    base = minamisoma.base("rtf")
    route = plan_route(minamisoma, pf4, PlanRequest((base.lon, base.lat), (140.94, 37.68),
                                                    "3.5", DEPARTURE), minamisoma_risk)
    summary = route.summary()
    for key in ("length_m", "energy_wh", "soc_landing", "feasible", "max_agl_m", "min_agl_m",
                "did_overflight_m", "expected_fatalities", "crossings", "waypoints"):
        assert key in summary
    cost = summary["cost"]
    assert cost["total"] == pytest.approx(cost["energy"] + cost["ground_risk"]
                                          + cost["crossings"] + cost["over_transport"])
    assert route.expected_fatalities > 0
    times = [w.time_s for w in route.waypoints]
    assert times == sorted(times) and times[-1] == pytest.approx(route.time_s)
