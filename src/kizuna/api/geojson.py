"""Checks on every GeoJSON geometry the API accepts, before a domain package sees it.

Cheap checks first: the vertex count (so a huge input is refused before any parsing); then
structure, positions, closed rings and validity, by the shared reader
(:mod:`kizuna.geo.geojson`); then Japan's bounds and the geodesic area. Every failure is an
:class:`~kizuna.errors.InvalidInput` naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pyproj import Geod
from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidInput
from kizuna.geo.geojson import geometry_object, parse_area, parse_route

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


def check_geojson(obj: Any, field: str, limits: GeoJsonLimits) -> BaseGeometry:
    """The WGS84 shapely geometry of ``obj`` (a geometry or a Feature), after every check."""
    geometry = geometry_object(obj, field)
    kind = geometry.get("type")
    if kind not in _KINDS:
        raise InvalidInput(f"{field}: type must be one of {', '.join(_KINDS)}", field=field)
    depth = {"LineString": 1, "Polygon": 2, "MultiPolygon": 3}[kind]
    _count(geometry.get("coordinates"), field, limits.max_vertices, depth)
    # Structure, finite lon/lat, closed rings and validity: the one shared GeoJSON reader.
    if kind == "LineString":
        shape = parse_route(geometry, field).lonlat
    else:
        shape = parse_area(geometry, field, multipolygon=True).lonlat
    lon_min, lat_min, lon_max, lat_max = JAPAN_BOUNDS
    minx, miny, maxx, maxy = shape.bounds
    if not (lon_min <= minx and maxx <= lon_max and lat_min <= miny and maxy <= lat_max):
        raise InvalidInput(f"{field}: a position is outside Japan "
                           f"(bounds {minx:.4f}, {miny:.4f} to {maxx:.4f}, {maxy:.4f})",
                           field=field)
    if kind != "LineString":
        area_km2 = abs(_GEOD.geometry_area_perimeter(shape)[0]) / 1e6
        if area_km2 > limits.max_area_km2:
            raise InvalidInput(f"{field}: area {area_km2:.1f} km² is over the limit of "
                               f"{limits.max_area_km2:g} km²", field=field)
    return shape
