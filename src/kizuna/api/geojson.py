"""Checks on every GeoJSON geometry the API accepts, before a domain package sees it.

Cheap checks first: the vertex count (so a huge input is refused before any parsing), the
structure, positions inside Japan's bounds, closed rings; then the geometry's validity
(closure and validity of a polygon are :func:`kizuna.rules.derive.area_polygon`'s rules) and
its geodesic area. Every failure is an :class:`~kizuna.errors.InvalidInput` naming the field.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pyproj import Geod
from shapely.geometry import LineString, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidInput
from kizuna.rules.derive import area_polygon

__all__ = ["JAPAN_BOUNDS", "GeoJsonLimits", "check_geojson"]

#: lon_min, lat_min, lon_max, lat_max around Japan's territory (Yonaguni to Minamitorishima,
#: Okinotorishima to Etorofu), with a small margin.
JAPAN_BOUNDS = (122.0, 20.0, 154.5, 46.0)
_GEOD = Geod(ellps="GRS80")
_KINDS = ("Polygon", "MultiPolygon", "LineString")


@dataclass(frozen=True)
class GeoJsonLimits:
    """How large an input geometry may be."""

    max_vertices: int
    max_area_km2: float


def _geometry(obj: Any, field: str) -> Mapping[str, Any]:
    if not isinstance(obj, Mapping):
        raise InvalidInput(f"{field}: must be a GeoJSON object", field=field)
    if obj.get("type") == "Feature":
        return _geometry(obj.get("geometry"), field)
    if obj.get("type") not in _KINDS:
        raise InvalidInput(f"{field}: type must be one of {', '.join(_KINDS)}", field=field)
    return obj


def _count(coords: Any, field: str, limit: int, depth: int) -> int:
    """Positions in nested coordinate lists, stopping as soon as ``limit`` is passed."""
    if depth == 0:
        return 1
    if not isinstance(coords, list):
        raise InvalidInput(f"{field}: coordinates must be nested arrays", field=field)
    total = 0
    for item in coords:
        total += _count(item, field, limit - total, depth - 1)
        if total > limit:
            raise InvalidInput(f"{field}: more than {limit} vertices", field=field)
    return total


def _position(pos: Any, field: str) -> tuple[float, float]:
    if not (isinstance(pos, list) and len(pos) in (2, 3)
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in pos)
            and all(math.isfinite(v) for v in pos)):
        raise InvalidInput(f"{field}: a position must be [lon, lat] or [lon, lat, height] "
                           "of finite numbers", field=field)
    lon, lat = float(pos[0]), float(pos[1])
    lon_min, lat_min, lon_max, lat_max = JAPAN_BOUNDS
    if not (lon_min <= lon <= lon_max and lat_min <= lat <= lat_max):
        raise InvalidInput(f"{field}: position ({lon}, {lat}) is outside Japan", field=field)
    return lon, lat


def _polygon(rings: Any, field: str) -> Polygon:
    if not isinstance(rings, list) or not rings:
        raise InvalidInput(f"{field}: a polygon needs at least one ring", field=field)
    for r, ring in enumerate(rings):
        if not isinstance(ring, list) or len(ring) < 4:
            raise InvalidInput(f"{field}: ring {r} needs at least four positions", field=field)
        points = [_position(p, field) for p in ring]
        if points[0] != points[-1]:
            raise InvalidInput(f"{field}: ring {r} is not closed (first != last position)",
                               field=field)
    try:
        return area_polygon({"type": "Polygon", "coordinates": rings})
    except InvalidInput as exc:
        message = str(exc).removeprefix("area: ")
        raise InvalidInput(f"{field}: {message}", field=field) from None


def check_geojson(obj: Any, field: str, limits: GeoJsonLimits) -> BaseGeometry:
    """The WGS84 shapely geometry of ``obj`` (a geometry or a Feature), after every check."""
    geometry = _geometry(obj, field)
    kind = geometry["type"]
    coords: Any = geometry.get("coordinates")
    depth = {"LineString": 1, "Polygon": 2, "MultiPolygon": 3}[kind]
    _count(coords, field, limits.max_vertices, depth)
    assert isinstance(coords, list)  # _count refused anything else
    shape: BaseGeometry
    if kind == "LineString":
        if len(coords) < 2:
            raise InvalidInput(f"{field}: a LineString needs at least two positions",
                               field=field)
        shape = LineString([_position(p, field) for p in coords])
    elif kind == "Polygon":
        shape = _polygon(coords, field)
    else:
        if not coords:
            raise InvalidInput(f"{field}: a MultiPolygon needs at least one polygon",
                               field=field)
        shape = MultiPolygon([_polygon(p, field) for p in coords])
        if not shape.is_valid:
            raise InvalidInput(f"{field}: its polygons overlap", field=field)
    if kind != "LineString":
        area_km2 = abs(_GEOD.geometry_area_perimeter(shape)[0]) / 1e6
        if area_km2 > limits.max_area_km2:
            raise InvalidInput(f"{field}: area {area_km2:.1f} km² is over the limit of "
                               f"{limits.max_area_km2:g} km²", field=field)
    return shape
