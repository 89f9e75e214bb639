"""Tests for kizuna.rules.derive: facts from a route or an area over the bundled scenarios."""

from __future__ import annotations

import dataclasses
import math
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import ndimage
from shapely.geometry import LineString, Polygon, box
from shapely.ops import substring

from kizuna.errors import InvalidInput
from kizuna.rules import AircraftStatus, OperatorStatus, PilotStatus, classify
from kizuna.rules.derive import (
    DerivationSettings,
    Position,
    agl_profile,
    area_polygon,
    derive_area_facts,
    derive_route_facts,
    route_positions,
    route_samples,
)
from kizuna.rules.facts import AltitudeReference, MethodFacts
from kizuna.scenario import EmergencyAirspace, Scenario, load

JST = timezone(timedelta(hours=9))
NOON = datetime(2026, 6, 21, 12, 0, tzinfo=JST)
AMSL = AltitudeReference.AMSL

FUKUE_PORT = (128.843, 32.697)
FUKUE_ACROSS_TOWN = [(*FUKUE_PORT, 60.0), (128.80, 32.70, 60.0)]
OPEN_SEA = [(128.95, 32.65, 60.0), (128.98, 32.62, 60.0)]


@pytest.fixture(scope="module")
def goto() -> Scenario:
    return load("goto")


@pytest.fixture(scope="module")
def minamisoma() -> Scenario:
    return load("minamisoma")


def metric_line(scenario: Scenario, positions: list[Position]) -> LineString:
    return LineString([scenario.to_metric(lon, lat) for lon, lat, _ in positions])


# -- DID ----------------------------------------------------------------------------------------


def test_route_from_fukue_port_across_town_is_over_did(goto: Scenario) -> None:
    """A route from Fukue port across Fukue town meets the DID."""
    assert derive_route_facts(goto, FUKUE_ACROSS_TOWN, NOON).over_did


def test_route_over_open_sea_is_not_over_did(goto: Scenario) -> None:
    """A route over open sea (no land within the margin) is not over a DID."""
    path = metric_line(goto, OPEN_SEA)
    assert not goto.land.intersects(path.buffer(1000))
    facts = derive_route_facts(goto, OPEN_SEA, NOON)
    assert not facts.over_did
    assert facts.crossings == ()


def test_lateral_margin_reaches_the_did(goto: Scenario) -> None:
    """A route just outside the DID meets it only when the margin is wide enough."""
    did = goto.did.features[0].geometry
    _, miny, maxx, maxy = did.bounds
    x = maxx + 100.0  # 100 m east of the DID's easternmost point, parallel to it
    route = [(*goto.to_lonlat(x, miny), 60.0), (*goto.to_lonlat(x, maxy), 60.0)]
    gap = metric_line(goto, route).distance(did)
    assert 90 < gap < 110
    narrow = DerivationSettings(lateral_margin_m=gap - 5)
    wide = DerivationSettings(lateral_margin_m=gap + 5)
    assert not derive_route_facts(goto, route, NOON, settings=narrow).over_did
    assert derive_route_facts(goto, route, NOON, settings=wide).over_did


# -- 150 m --------------------------------------------------------------------------------------


def high_ground_centres(scenario: Scenario, above_m: float) -> list[tuple[float, float, float]]:
    """(x, y, half-width in m) at the deepest cell of the two largest regions above ``above_m``.

    Regions are connected sets of cells; the half-width keeps two cells clear of the edge.
    """
    high = scenario.terrain.values > above_m
    labels, count = ndimage.label(high)
    sizes = ndimage.sum(high, labels, index=range(1, count + 1))
    centres = []
    for label in 1 + np.argsort(sizes)[::-1][:2]:
        depth = ndimage.distance_transform_edt(labels == label)
        row, col = np.unravel_index(int(np.argmax(depth)), depth.shape)
        x, y = scenario.terrain.transform @ (col + 0.5, row + 0.5)
        half = (float(depth[row, col]) - 2) * scenario.terrain.cell_size[0]
        centres.append((float(x), float(y), half))
    return centres


def high_ground_route(scenario: Scenario, above_m: float) -> list[Position]:
    """An east-west route at 200 m inside the largest region of terrain above ``above_m``."""
    x, y, half = high_ground_centres(scenario, above_m)[0]
    assert half >= 200, "no region wide enough for a route"
    return [(*scenario.to_lonlat(x - half, y), 200.0), (*scenario.to_lonlat(x + half, y), 200.0)]


def test_constant_200m_amsl_over_high_ground_is_below_150m_agl(goto: Scenario) -> None:
    """200 m AMSL over ground everywhere higher than 50 m is never 150 m above it."""
    route = high_ground_route(goto, 60.0)
    line = metric_line(goto, route)
    along = [line.interpolate(d) for d in np.linspace(0, line.length, 200)]
    ground = goto.ground_height([p.x for p in along], [p.y for p in along])
    assert ground.min() > 50.0
    assert not derive_route_facts(goto, route, NOON, altitude_reference=AMSL).above_150m


def test_constant_200m_amsl_partly_over_sea_is_above_150m(goto: Scenario) -> None:
    """200 m AMSL from land out over the sea is 200 m above the water there."""
    route = [(*FUKUE_PORT, 200.0), (128.95, 32.65, 200.0)]
    heights = agl_profile(goto, route, AMSL)
    assert heights.max() == pytest.approx(200.0)
    assert derive_route_facts(goto, route, NOON, altitude_reference=AMSL).above_150m


def test_low_ground_between_high_positions_is_found(goto: Scenario) -> None:
    """Between two positions over high ground, the lower ground in between is sampled."""
    (ax, ay, _), (bx, by, _) = high_ground_centres(goto, 60.0)[:2]
    route = [(*goto.to_lonlat(ax, ay), 200.0), (*goto.to_lonlat(bx, by), 200.0)]
    ends = goto.ground_height([ax, bx], [ay, by])
    assert ends.min() > 60.0
    t = np.linspace(0, 1, 2000)
    between = goto.ground_height(ax + (bx - ax) * t, ay + (by - ay) * t)
    assert between.min() < 50.0
    assert derive_route_facts(goto, route, NOON, altitude_reference=AMSL).above_150m


def test_profile_sample_spacing(goto: Scenario) -> None:
    """Heights are sampled at most 25 m apart (half of a 100 m terrain cell is coarser)."""
    line = metric_line(goto, FUKUE_ACROSS_TOWN)
    heights = agl_profile(goto, FUKUE_ACROSS_TOWN, AMSL)
    assert heights.size == 1 + int(np.ceil(line.length / 25.0))
    coarse = agl_profile(goto, FUKUE_ACROSS_TOWN, AMSL, sample_spacing_m=1000.0)
    assert coarse.size == 1 + int(np.ceil(line.length / 50.0))


@pytest.mark.parametrize(("altitude", "expected"), [(149.9, False), (150.0, True), (151.0, True)])
def test_150m_agl_boundary(goto: Scenario, altitude: float, expected: bool) -> None:
    """150 m above ground or more is A-150M; just below is not."""
    route = [(*FUKUE_PORT, 60.0), (128.82, 32.70, altitude), (128.80, 32.70, 60.0)]
    assert derive_route_facts(goto, route, NOON).above_150m is expected


def test_amsl_heights_subtract_the_ground(goto: Scenario) -> None:
    """An AMSL profile is the altitude minus the terrain below, the sea counting as 0 m."""
    route = high_ground_route(goto, 60.0)
    line = metric_line(goto, route)
    ground = goto.ground_height([line.coords[0][0]], [line.coords[0][1]])
    heights = agl_profile(goto, route, AMSL)
    assert heights[0] == pytest.approx(200.0 - float(ground[0]))
    assert np.all(agl_profile(goto, route) == 200.0)


# -- airport, Drone Act, emergency airspace ------------------------------------------------------


def test_airport_vicinity_near_fukue_airport(goto: Scenario) -> None:
    """A route passing 1 km from Fukue airport is in its vicinity; one over open sea is not."""
    airport = goto.airports[0]
    near = [(airport.lon - 0.05, airport.lat + 0.009, 60.0),
            (airport.lon + 0.05, airport.lat + 0.009, 60.0)]
    assert derive_route_facts(goto, near, NOON).airport_vicinity
    assert not derive_route_facts(goto, OPEN_SEA, NOON).airport_vicinity


def test_drone_act_near_fukushima_daiichi(minamisoma: Scenario) -> None:
    """A route over Fukushima Daiichi meets the Drone Act zone; one at Haramachi does not."""
    plant = minamisoma.drone_act_facilities[0]
    over = [(plant.lon - 0.02, plant.lat, 60.0), (plant.lon + 0.01, plant.lat, 60.0)]
    assert derive_route_facts(minamisoma, over, NOON).drone_act_facility
    haramachi = [(140.90, 37.65, 60.0), (141.00, 37.65, 60.0)]
    assert not derive_route_facts(minamisoma, haramachi, NOON).drone_act_facility


def with_emergency(scenario: Scenario, positions: list[Position]) -> Scenario:
    area = metric_line(scenario, positions).buffer(500)
    assert isinstance(area, Polygon)
    airspace = EmergencyAirspace("fire-1", "Forest fire", area,
                                 start=NOON, end=NOON + timedelta(hours=2))
    return dataclasses.replace(scenario, emergency_airspace=(airspace,))


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (NOON + timedelta(hours=1), None, True),
        (NOON - timedelta(hours=1), None, False),
        (NOON + timedelta(hours=2), None, False),  # the end is exclusive
        (NOON - timedelta(hours=1), NOON + timedelta(minutes=1), True),  # runs into it
        (NOON - timedelta(hours=1), NOON - timedelta(minutes=1), False),
    ],
)
def test_emergency_airspace_only_while_active(
    goto: Scenario, start: datetime, end: datetime | None, expected: bool
) -> None:
    """Emergency airspace counts when it is in force at any moment of the flight."""
    scenario = with_emergency(goto, FUKUE_ACROSS_TOWN)
    facts = derive_route_facts(scenario, FUKUE_ACROSS_TOWN, start, end_time=end)
    assert facts.emergency_airspace is expected


def test_emergency_airspace_elsewhere_does_not_count(goto: Scenario) -> None:
    """Active emergency airspace away from the route is not met."""
    scenario = with_emergency(goto, OPEN_SEA)
    assert not derive_route_facts(scenario, FUKUE_ACROSS_TOWN, NOON).emergency_airspace


# -- night ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (datetime(2026, 12, 15, 20, 0, tzinfo=JST), None, True),
        (datetime(2026, 12, 15, 12, 0, tzinfo=JST), None, False),
        (datetime(2026, 12, 15, 16, 0, tzinfo=JST), datetime(2026, 12, 15, 18, 30, tzinfo=JST),
         True),  # lands after sunset
        (datetime(2026, 12, 15, 15, 0, tzinfo=JST), datetime(2026, 12, 16, 10, 0, tzinfo=JST),
         True),  # both ends in daylight, the night in between
    ],
)
def test_night(goto: Scenario, start: datetime, end: datetime | None, expected: bool) -> None:
    """Night from sunset to sunrise, at the start, the end or in between."""
    assert derive_route_facts(goto, FUKUE_ACROSS_TOWN, start, end_time=end).night is expected


# -- crossings ------------------------------------------------------------------------------


def test_crossings_at_haramachi_and_kashima(minamisoma: Scenario) -> None:
    """East-west routes at Haramachi and Kashima cross the Joban Line and Route 6, in order."""
    for lat in (37.65, 37.70):
        west_east = [(140.90, lat, 60.0), (141.00, lat, 60.0)]
        crossings = derive_route_facts(minamisoma, west_east, NOON).crossings
        names = [c.name for c in crossings]
        assert {"JR Joban Line", "National Route 6"} <= set(names)
        assert [c.lon for c in crossings] == sorted(c.lon for c in crossings)
        kinds = {c.name: (c.kind, c.id) for c in crossings}
        assert kinds["JR Joban Line"] == ("railway", "joban")
        assert kinds["National Route 6"] == ("road", "route6")
        for c in crossings:
            layer = minamisoma.railways if c.kind == "railway" else minamisoma.roads
            feature = next(f for f in layer if f.properties["id"] == c.id)
            assert feature.geometry.distance(minamisoma.point(c.lon, c.lat)) < 0.01
            assert c.lat == pytest.approx(lat, abs=1e-4)
        back = derive_route_facts(minamisoma, west_east[::-1], NOON).crossings
        assert [c.id for c in back] == [c.id for c in crossings][::-1]


# -- method facts ------------------------------------------------------------------------------


def test_method_facts_default_bvlos_and_pass_through(goto: Scenario) -> None:
    """Derived facts are BVLOS unless declared otherwise; declared method facts are kept."""
    assert derive_route_facts(goto, OPEN_SEA, NOON).bvlos
    declared = MethodFacts(bvlos=False, dropping_objects=True, dangerous_goods=True)
    facts = derive_route_facts(goto, OPEN_SEA, NOON, method=declared)
    assert (facts.bvlos, facts.dropping_objects, facts.dangerous_goods) == (False, True, True)
    assert not (facts.within_30m or facts.over_event)


# -- areas ----------------------------------------------------------------------------------


def test_area_over_fukue_town(goto: Scenario) -> None:
    """An area around Fukue town is over the DID, near the airport, and lists its roads."""
    lon, lat = FUKUE_PORT
    area = box(lon - 0.02, lat - 0.01, lon + 0.01, lat + 0.01)
    facts = derive_area_facts(goto, area, 120.0, NOON)
    assert facts.over_did and facts.airport_vicinity and facts.bvlos
    assert not facts.above_150m
    assert "nr384" in {c.id for c in facts.crossings}
    assert all(area.contains(_lonlat_point(c.lon, c.lat)) for c in facts.crossings)


def _lonlat_point(lon: float, lat: float) -> Polygon:
    return box(lon - 1e-9, lat - 1e-9, lon + 1e-9, lat + 1e-9)


@pytest.mark.parametrize(("ceiling", "expected"), [(149.99, False), (150.0, True)])
def test_area_ceiling_boundary(goto: Scenario, ceiling: float, expected: bool) -> None:
    """An area's ceiling of 150 m above ground or more is A-150M."""
    area = box(128.95, 32.62, 128.98, 32.65)
    facts = derive_area_facts(goto, area, ceiling, NOON)
    assert facts.above_150m is expected
    assert not facts.over_did


def test_area_night_at_centroid(goto: Scenario) -> None:
    """An area flight at 20:00 JST in December is at night."""
    area = box(128.95, 32.62, 128.98, 32.65)
    assert derive_area_facts(goto, area, 100.0, datetime(2026, 12, 15, 20, 0, tzinfo=JST)).night


# -- parsing and bad input --------------------------------------------------------------------


def test_route_positions_from_geojson() -> None:
    """A LineString, bare or in a Feature, gives its (lon, lat, alt) positions."""
    line = {"type": "LineString", "coordinates": [[128.84, 32.69, 60], [128.85, 32.70, 80.5]]}
    expected = [(128.84, 32.69, 60.0), (128.85, 32.70, 80.5)]
    assert route_positions(line) == expected
    assert route_positions({"type": "Feature", "geometry": line, "properties": {}}) == expected


def test_area_polygon_from_geojson() -> None:
    """A Polygon with a hole gives that polygon in lon/lat."""
    outer = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    hole = [[0.2, 0.2], [0.4, 0.2], [0.4, 0.4], [0.2, 0.2]]
    polygon = area_polygon({"type": "Polygon", "coordinates": [outer, hole]})
    assert polygon.area == pytest.approx(1 - 0.02)


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ({"type": "Point", "coordinates": [1, 2]}, "GeoJSON LineString"),
        ({"type": "LineString", "coordinates": [[128.84, 32.69, 60]]}, "at least two"),
        ({"type": "LineString", "coordinates": [[128.84, 32.69], [128.85, 32.7]]},
         "[lon, lat, altitude]"),
        ({"type": "LineString", "coordinates": [[128.84, 32.69, "60"], [128.85, 32.7, 60]]},
         "[lon, lat, altitude]"),
        ({"type": "LineString", "coordinates": [[128.84, 32.69, True], [128.85, 32.7, 60]]},
         "[lon, lat, altitude]"),
        ({"type": "LineString", "coordinates": [[200, 32.69, 60], [128.85, 32.7, 60]]},
         "not a WGS84"),
    ],
)
def test_bad_route_geojson(route: dict[str, object], message: str) -> None:
    """Malformed route GeoJSON is InvalidInput naming the problem."""
    with pytest.raises(InvalidInput, match="route: .*" + message.replace("[", r"\[")):
        route_positions(route)


@pytest.mark.parametrize(
    ("area", "message"),
    [
        ({"type": "Polygon", "coordinates": []}, "at least one ring"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}, "four positions"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}, "not closed"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},
         "not a valid polygon"),
    ],
)
def test_bad_area_geojson(area: dict[str, object], message: str) -> None:
    """Malformed area GeoJSON is InvalidInput naming the problem."""
    with pytest.raises(InvalidInput, match="area: .*" + message):
        area_polygon(area)


def test_route_outside_the_scenario_is_refused(goto: Scenario) -> None:
    """Ground outside the terrain raster is unknown, so such a route is refused."""
    with pytest.raises(InvalidInput, match="leaves the extent"):
        derive_route_facts(goto, [(*FUKUE_PORT, 60.0), (140.9, 37.6, 60.0)], NOON)


def test_negative_agl_and_naive_time_are_refused(goto: Scenario) -> None:
    """A route below the ground, or a start time without an offset, is refused."""
    with pytest.raises(InvalidInput, match="negative"):
        derive_route_facts(goto, [(*FUKUE_PORT, -1.0), (128.80, 32.70, 60.0)], NOON)
    with pytest.raises(InvalidInput, match="start_time"):
        derive_route_facts(goto, FUKUE_ACROSS_TOWN, NOON.replace(tzinfo=None))
    with pytest.raises(InvalidInput, match="end_time"):
        derive_route_facts(goto, FUKUE_ACROSS_TOWN, NOON, end_time=NOON - timedelta(seconds=1))


def test_settings_are_checked() -> None:
    """Negative margins and non-positive spacings are refused."""
    with pytest.raises(InvalidInput, match="lateral_margin_m"):
        DerivationSettings(lateral_margin_m=-1)
    with pytest.raises(InvalidInput, match="sample_spacing_m"):
        DerivationSettings(sample_spacing_m=0)


def test_vertical_route_in_place(goto: Scenario) -> None:
    """A climb in place (no horizontal movement) still gets its facts, from its volume."""
    climb = [(*FUKUE_PORT, 0.0), (*FUKUE_PORT, 160.0)]
    facts = derive_route_facts(goto, climb, NOON, end_time=NOON + timedelta(minutes=5))
    assert facts.over_did and facts.above_150m
    assert not derive_route_facts(goto, [(*FUKUE_PORT, 0.0), (*FUKUE_PORT, 140.0)],
                                  NOON).above_150m


def test_absurd_altitude_is_refused(goto: Scenario) -> None:
    """An altitude beyond any flight is bad input, not an overflow."""
    with pytest.raises(InvalidInput, match="out of range"):
        derive_route_facts(goto, [(*FUKUE_PORT, 1e308), (128.80, 32.70, -1e308)], NOON,
                           altitude_reference=AMSL)


# -- M-30M: roads, railways and settlements -----------------------------------------------------

KASHIMA_AREA = Polygon([(140.94, 37.69438), (140.97968, 37.694), (140.98001, 37.71562),
                        (140.94032, 37.716), (140.94, 37.69438)])


def test_crossing_the_joban_line_is_within_30m(minamisoma: Scenario) -> None:
    """A route across the Joban Line and Route 6 passes over moving vehicles: M-30M."""
    west_east = [(140.90, 37.65, 60.0), (141.00, 37.65, 60.0)]
    facts = derive_route_facts(minamisoma, west_east, NOON)
    assert facts.crossings and facts.within_30m
    assert "M-30M" in facts.holding_codes()


def test_kashima_area_is_within_30m(minamisoma: Scenario) -> None:
    """The Kashima area meets Route 6 and the Joban Line: M-30M as well as M-BVLOS."""
    facts = derive_area_facts(minamisoma, KASHIMA_AREA, 120.0, NOON)
    assert {"M-BVLOS", "M-30M"} <= set(facts.holding_codes())


def test_open_sea_route_is_not_within_30m(goto: Scenario) -> None:
    """Far from roads, railways and settlements the geometry adds no M-30M."""
    facts = derive_route_facts(goto, OPEN_SEA, NOON)
    assert not facts.within_30m


@pytest.mark.parametrize(("offset_m", "expected"), [(20.0, True), (45.0, False)])
def test_margin_to_a_road(minamisoma: Scenario, offset_m: float, expected: bool) -> None:
    """A route beside a road counts within the 30 m margin, not beyond it."""
    road = next(f for f in minamisoma.roads if f.properties["id"] == "route6").geometry
    middle = road.length / 2
    beside = substring(road, middle - 40.0, middle + 40.0).offset_curve(offset_m)
    assert road.distance(beside) == pytest.approx(offset_m, abs=3.0)
    positions = [(*minamisoma.to_lonlat(x, y), 60.0) for x, y in beside.coords]
    settings = DerivationSettings(lateral_margin_m=0.0)
    assert derive_route_facts(minamisoma, positions, NOON, settings=settings).within_30m is expected


def test_declared_within_30m_is_kept(goto: Scenario) -> None:
    """The geometry only adds M-30M; a declared one stays."""
    facts = derive_route_facts(goto, OPEN_SEA, NOON, method=MethodFacts(within_30m=True))
    assert facts.within_30m


def test_joban_line_night_route_classifies_with_an_application(minamisoma: Scenario) -> None:
    """The night Level 3.5 route across the Joban Line and Route 6: M-NIGHT, M-BVLOS, M-30M,
    and an MLIT application (it used to say none was needed)."""
    evening = datetime(2026, 12, 15, 20, 0, tzinfo=JST)
    facts = derive_route_facts(minamisoma, [(140.90, 37.70, 60.0), (141.00, 37.70, 60.0)],
                               evening)
    verdict = classify(
        facts,
        AircraftStatus(mtow_kg=9.8, certificate="second_class", onboard_camera=True,
                       registered=True, remote_id=True),
        PilotStatus(licence="second_class", limitations_lifted=frozenset({"bvlos", "night"})),
        OperatorStatus(insurance=True, flight_manual=True),
        entry_control="camera", automatic=True, special_zone=True, lang="en")
    assert {"M-NIGHT", "M-BVLOS", "M-30M"} <= {r.code for r in verdict.reasons}
    assert verdict.level == "3.5"
    assert verdict.application.required and verdict.application.authority == "MLIT"


# -- airports in 3D -----------------------------------------------------------------------------

# West from Fukue port over the town, 1.5-2.5 km north of the airport's reference point: inside
# the 3,000 m horizontal surface (122 m above sea level), clear of the runway and its approaches.
UNDER_HORIZONTAL = [(128.843, 32.697), (128.825, 32.682), (128.805, 32.684)]


def _amsl(points: list[tuple[float, float]], altitude: float) -> list[Position]:
    return [(lon, lat, altitude) for lon, lat in points]


def test_route_from_fukue_port_under_the_horizontal_surface(goto: Scenario) -> None:
    """Under the horizontal surface (here 110 m above sea level) no A-AIRPORT; climbing to
    140 m above sea level over the same ground crosses it."""
    airport = goto.airports[0]
    x, y = goto.to_metric(128.825, 32.682)
    assert float(airport.ceiling_amsl(x, y)) == pytest.approx(122.0)
    low = derive_route_facts(goto, _amsl(UNDER_HORIZONTAL, 110.0), NOON, altitude_reference=AMSL)
    high = derive_route_facts(goto, _amsl(UNDER_HORIZONTAL, 140.0), NOON,
                              altitude_reference=AMSL)
    assert not low.airport_vicinity
    assert high.airport_vicinity


def test_point_inside_the_approach_surface_of_runway_21(goto: Scenario) -> None:
    """1 km beyond the north-east strip end the approach surface is about 97 m above sea
    level: a crossing at 110 m is above it, one at 85 m below it."""
    airport = goto.airports[0]
    s = airport.surfaces
    assert s is not None
    (xa, ya), (xb, yb) = s.end_a, s.end_b
    ux, uy = (xb - xa) / math.dist(s.end_a, s.end_b), (yb - ya) / math.dist(s.end_a, s.end_b)
    cx, cy = xb + ux * (60.0 + 1000.0), yb + uy * (60.0 + 1000.0)
    assert float(airport.ceiling_amsl(cx, cy)) == pytest.approx(97.0, abs=0.5)
    across = [goto.to_lonlat(cx - uy * 200, cy + ux * 200), goto.to_lonlat(cx + uy * 200,
                                                                           cy - ux * 200)]
    settings = DerivationSettings(lateral_margin_m=0.0)
    assert derive_route_facts(goto, _amsl(across, 110.0), NOON, altitude_reference=AMSL,
                              settings=settings).airport_vicinity
    assert not derive_route_facts(goto, _amsl(across, 85.0), NOON, altitude_reference=AMSL,
                                  settings=settings).airport_vicinity


@settings(max_examples=30, deadline=None, derandomize=True)
@given(lon=st.floats(128.80, 128.87), lat=st.floats(32.64, 32.70),
       heading=st.floats(0.0, 2 * math.pi), low=st.floats(0.0, 140.0), rise=st.floats(0.0, 80.0))
def test_raising_the_altitude_never_removes_a_restriction(
        goto: Scenario, lon: float, lat: float, heading: float, low: float, rise: float) -> None:
    """Raising a route never removes a restriction; under every surface it is never A-AIRPORT."""
    x, y = goto.to_metric(lon, lat)
    ends = [(x, y), (x + 800 * math.cos(heading), y + 800 * math.sin(heading))]
    points = [goto.to_lonlat(px, py) for px, py in ends]
    below = derive_route_facts(goto, _amsl(points, low + 20.0), NOON, altitude_reference=AMSL)
    above = derive_route_facts(goto, _amsl(points, low + 20.0 + rise), NOON,
                               altitude_reference=AMSL)
    assert set(below.holding_codes()) <= set(above.holding_codes())
    sx, sy, _agl, _alt = route_samples(goto, _amsl(points, low + 20.0), AMSL)
    lowest = min(float(a.ceiling_amsl(sx, sy, 30.0).min()) for a in goto.airports)
    if low + 20.0 <= lowest:
        assert not below.airport_vicinity
