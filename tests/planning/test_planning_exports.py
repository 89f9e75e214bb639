"""Exports parse back: GeoJSON LineString Z, QGroundControl .plan, and QGC WPL 110 (pymavlink)."""

from __future__ import annotations

import json

import pytest
from planning_helpers import DEPARTURE

from kizuna.planning import PlanRequest, plan_route
from kizuna.planning.export import to_geojson, to_qgc_plan, to_wpl


@pytest.fixture(scope="module")
def route(minamisoma, pf4, minamisoma_risk):
    """A Level 3.5 route with crossings."""
    base = minamisoma.base("rtf")
    return plan_route(minamisoma, pf4, PlanRequest((base.lon, base.lat), (140.935, 37.67),
                                                   "3.5", DEPARTURE), minamisoma_risk)


def test_geojson_is_a_linestring_with_amsl_z(route) -> None:
    """The first feature is the route with lon, lat, AMSL; crossings follow as points."""
    doc = json.loads(to_geojson(route))
    assert doc["type"] == "FeatureCollection"
    line = doc["features"][0]
    coords = line["geometry"]["coordinates"]
    assert line["geometry"]["type"] == "LineString"
    assert len(coords) == len(route.waypoints) and all(len(c) == 3 for c in coords)
    assert coords[1][2] == pytest.approx(route.waypoints[1].alt_amsl_m, abs=0.05)
    assert line["properties"]["length_m"] == pytest.approx(route.length_m, abs=0.1)
    points = [f for f in doc["features"][1:] if f["properties"]["role"] == "crossing"]
    assert len(points) == len(route.crossings)


def test_qgc_plan_follows_the_documented_format(route) -> None:
    """fileType Plan v1; take-off (22), waypoints (16), land (21), frame 3, 7 params each."""
    plan = json.loads(to_qgc_plan(route, 10.0))
    assert plan["fileType"] == "Plan" and plan["version"] == 1
    assert {"geoFence", "rallyPoints", "mission"} <= set(plan)
    mission = plan["mission"]
    for key in ("firmwareType", "vehicleType", "cruiseSpeed", "hoverSpeed",
                "plannedHomePosition", "items"):
        assert key in mission
    items = mission["items"]
    commands = [i["command"] for i in items]
    assert commands[0] == 22 and commands[-1] == 21 and set(commands[1:-1]) == {16}
    assert all(i["type"] == "SimpleItem" and i["frame"] == 3 and len(i["params"]) == 7
               for i in items)
    home = mission["plannedHomePosition"]
    assert home[0] == pytest.approx(route.waypoints[0].lat, abs=1e-6)
    for item, wp in zip(items[1:-1], route.waypoints[1:-1], strict=True):
        assert item["params"][4] == pytest.approx(wp.lat, abs=1e-6)
        assert item["params"][6] == pytest.approx(wp.alt_amsl_m - home[2], abs=0.11)
    assert items[-1]["params"][6] == 0


def test_wpl_parses_with_pymavlink(route, tmp_path) -> None:
    """pymavlink's MAVWPLoader reads every line back: home, take-off, waypoints, land."""
    from pymavlink import mavwp

    path = tmp_path / "route.waypoints"
    path.write_text(to_wpl(route))
    loader = mavwp.MAVWPLoader()
    count = loader.load(str(path))
    air = route.waypoints[1:-1]
    assert count == len(air) + 3
    wps = [loader.wp(i) for i in range(count)]
    assert wps[0].frame == 0 and wps[0].z == pytest.approx(route.waypoints[0].alt_amsl_m,
                                                           abs=0.01)
    assert wps[1].command == 22 and wps[-1].command == 21
    assert all(w.command == 16 and w.frame == 3 for w in wps[2:-1])
    assert wps[2].x == pytest.approx(air[0].lat, abs=1e-6)
    assert wps[2].y == pytest.approx(air[0].lon, abs=1e-6)
