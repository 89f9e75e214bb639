"""The GeoJSON route and area parser: wrappers, kinds, positions, heights and validity."""

from __future__ import annotations

from typing import Any

import pytest
from shapely.geometry import LineString, MultiPolygon, Polygon

from kizuna.errors import InvalidInput
from kizuna.geo.geojson import GeoJsonShape, check_lonlat, geometry_object, parse_area, parse_route

LINE = {"type": "LineString", "coordinates": [[128.84, 32.69, 60], [128.85, 32.70, 80.5]]}
SQUARE = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
HOLE = [[0.2, 0.2], [0.4, 0.2], [0.4, 0.4], [0.2, 0.2]]
BOW_TIE = [[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]


@pytest.mark.parametrize(
    "data",
    [
        LINE,
        {"type": "Feature", "properties": {}, "geometry": LINE},
        {"type": "FeatureCollection",
         "features": [{"type": "Feature", "properties": {}, "geometry": LINE}]},
    ],
)
def test_a_geometry_feature_or_one_feature_collection_gives_the_geometry(
    data: dict[str, Any]
) -> None:
    """The three wrappings of one LineString give the same geometry object."""
    assert geometry_object(data, "route") == LINE


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2], "must be a GeoJSON object"),
        ({"type": "Feature", "geometry": None}, "must be a GeoJSON object"),
        ({"type": "FeatureCollection", "features": []}, "exactly one feature"),
        ({"type": "FeatureCollection", "features": [LINE, LINE]}, "exactly one feature"),
        ({"type": "FeatureCollection", "features": [LINE]}, "must hold a Feature"),
    ],
)
def test_bad_wrappers_are_refused(data: Any, message: str) -> None:
    """Not an object, an empty Feature or a collection of other than one Feature is refused."""
    with pytest.raises(InvalidInput, match=f"^route: .*{message}") as info:
        geometry_object(data, "route")
    assert info.value.field == "route"


def test_route_keeps_its_heights_apart() -> None:
    """A route's geometry is 2D lon/lat; the third values are kept in order."""
    shape = parse_route(LINE)
    assert shape.lonlat.equals(LineString([(128.84, 32.69), (128.85, 32.70)]))
    assert not shape.lonlat.has_z
    assert shape.heights == (60.0, 80.5)
    assert shape.max_height == 80.5


def test_route_heights_are_optional_unless_required() -> None:
    """2D positions are accepted, and then there is no height, unless heights are required."""
    line = {"type": "LineString", "coordinates": [[128.84, 32.69], [128.85, 32.70]]}
    assert parse_route(line).max_height is None
    with pytest.raises(InvalidInput, match=r"route: position 0 must be \[lon, lat, altitude\]"):
        parse_route(line, height_required=True)


@pytest.mark.parametrize(
    ("coordinates", "message"),
    [
        ([[128.84, 32.69, 60]], "at least two positions"),
        ("nope", "at least two positions"),
        ([[128.84, 32.69, "60"], [128.85, 32.7, 60]], "position 0 must be"),
        ([[128.84, 32.69, True], [128.85, 32.7, 60]], "position 0 must be"),
        ([[128.84, 32.69], [128.85, float("nan")]], "position 1 must be"),
        ([[128.84, 32.69, 1, 2], [128.85, 32.7]], "position 0 must be"),
        ([[128.84, 32.69], [200, 32.7]], r"position 1 \(200.0, 32.7\) is not a WGS84 lon/lat"),
        ([[128.84, 95], [128.85, 32.7]], "not a WGS84 lon/lat"),
    ],
)
def test_bad_route_positions_name_the_position(coordinates: Any, message: str) -> None:
    """Too few positions, non-numbers, booleans, NaN and off-globe positions are refused."""
    with pytest.raises(InvalidInput, match=f"^route: .*{message}") as info:
        parse_route({"type": "LineString", "coordinates": coordinates})
    assert info.value.field == "route"


def test_negative_heights_above_ground_are_refused_only_when_agl() -> None:
    """A negative third value is an error for heights AGL, an altitude otherwise."""
    line = {"type": "LineString", "coordinates": [[128.84, 32.69, -5], [128.85, 32.70, 10]]}
    assert parse_route(line, height_required=True).heights == (-5.0, 10.0)
    with pytest.raises(InvalidInput, match=r"route: position 0 height -5\.0 m above ground"):
        parse_route(line, height_agl=True)


def test_a_route_without_length_is_refused_when_asked() -> None:
    """A vertical climb has positions at one place: fine, unless the route needs a length."""
    line = {"type": "LineString", "coordinates": [[128.84, 32.69, 10], [128.84, 32.69, 90]]}
    assert parse_route(line).heights == (10.0, 90.0)
    with pytest.raises(InvalidInput, match="route: all positions are at one place"):
        parse_route(line, needs_length=True)


@pytest.mark.parametrize("kind", ["Point", "Polygon", None])
def test_a_route_must_be_a_line_string(kind: str | None) -> None:
    """Other geometry types are refused, naming the type given."""
    with pytest.raises(InvalidInput, match=f"route: must be a GeoJSON LineString, got type "
                                           f"{kind!r}"):
        parse_route({"type": kind, "coordinates": [1, 2]})


def test_area_polygon_with_a_hole() -> None:
    """A Polygon with a hole gives that polygon in lon/lat, heights kept apart."""
    outer = [[*p, 30] for p in SQUARE]
    shape = parse_area({"type": "Polygon", "coordinates": [outer, HOLE]})
    assert isinstance(shape.lonlat, Polygon)
    assert shape.lonlat.area == pytest.approx(1 - 0.02)
    assert shape.max_height == 30.0


def test_multipolygon_only_when_allowed() -> None:
    """A MultiPolygon is read when the caller allows it, else refused naming the type."""
    far = [[[x + 5, y] for x, y in SQUARE]]
    data = {"type": "MultiPolygon", "coordinates": [[SQUARE], far]}
    shape = parse_area(data, multipolygon=True)
    assert isinstance(shape.lonlat, MultiPolygon)
    assert shape.lonlat.area == pytest.approx(2.0)
    with pytest.raises(InvalidInput, match="area: must be a GeoJSON Polygon, got type "
                                           "'MultiPolygon'"):
        parse_area(data)


@pytest.mark.parametrize(
    ("coordinates", "message"),
    [
        ([], "coordinates must list at least one ring"),
        ([[[0, 0], [1, 0], [0, 0]]], "ring 0 needs at least four positions"),
        ([[[0, 0], [1, 0], [1, 1], [0, 1]]], "ring 0 is not closed"),
        ([SQUARE, [[0.2, 0.2], [0.4, 0.2], [0.4, "x"], [0.2, 0.2]]],
         "ring 1 position 2 must be"),
        ([[[0, 0], [1, 0], [1, 91], [0, 0]]], "ring 0 position 2 .* is not a WGS84"),
        ([BOW_TIE], r"not a valid polygon \(Self-intersection"),
    ],
)
def test_bad_polygons_name_the_ring(coordinates: Any, message: str) -> None:
    """Missing rings, short or open rings, bad positions and self-intersection are refused."""
    with pytest.raises(InvalidInput, match=f"^zone: {message}") as info:
        parse_area({"type": "Polygon", "coordinates": coordinates}, "zone")
    assert info.value.field == "zone"


@pytest.mark.parametrize(
    ("coordinates", "message"),
    [
        ([], "coordinates must list at least one polygon"),
        ([[SQUARE], []], "polygon 1 must list at least one ring"),
        ([[SQUARE], [[[5, 0], [6, 0], [6, 1], [5, 1]]]], "polygon 1 ring 0 is not closed"),
        ([[SQUARE], [SQUARE]], "not a valid multipolygon"),
    ],
)
def test_bad_multipolygons_name_the_polygon(coordinates: Any, message: str) -> None:
    """Each part of a MultiPolygon is checked, and the parts must not overlap."""
    with pytest.raises(InvalidInput, match=f"^area: {message}"):
        parse_area({"type": "MultiPolygon", "coordinates": coordinates}, multipolygon=True)


def test_metric_projects_the_lonlat_geometry() -> None:
    """``metric`` gives the geometry in a JGD2011 zone, in metres."""
    shape = GeoJsonShape(LineString([(128.84, 32.69), (128.85, 32.69)]))
    assert shape.metric(6669).length == pytest.approx(937.0, abs=5.0)


@pytest.mark.parametrize(("lon", "lat"), [(181.0, 0.0), (0.0, -91.0), (float("inf"), 0.0)])
def test_check_lonlat_refuses_off_globe_positions(lon: float, lat: float) -> None:
    """Longitudes beyond +-180, latitudes beyond +-90 and infinities are refused."""
    with pytest.raises(InvalidInput, match=r"route: position 7 .* is not a WGS84 lon/lat"):
        check_lonlat(lon, lat, "route", "position 7")
