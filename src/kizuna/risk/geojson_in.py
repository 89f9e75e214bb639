"""Routes and areas given as GeoJSON (RFC 7946 lon/lat, optional third value = height AGL, m)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from shapely.errors import GEOSException
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidInput
from kizuna.geo.crs import geometry_from_wgs84

__all__ = ["GeoJsonShape", "parse_geojson"]

_KINDS = {"route": ("LineString",), "area": ("Polygon", "MultiPolygon")}


@dataclass(frozen=True, slots=True)
class GeoJsonShape:
    """A route or area: lon/lat and metric geometries (2D), and the largest height AGL given."""

    lonlat: BaseGeometry
    geometry: BaseGeometry
    max_height_agl_m: float | None


def _geometry_object(data: Any, key: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InvalidInput(f"{key}: must be a GeoJSON object", field=key)
    kind = data.get("type")
    if kind == "FeatureCollection":
        feats = data.get("features")
        if not isinstance(feats, list) or len(feats) != 1:
            raise InvalidInput(f"{key}: a FeatureCollection must hold exactly one feature",
                               field=key)
        return _geometry_object(feats[0], key)
    if kind == "Feature":
        return _geometry_object(data.get("geometry"), key)
    return data


def parse_geojson(data: Any, key: str, epsg: int) -> GeoJsonShape:
    """Read a ``route`` (LineString) or ``area`` (Polygon, MultiPolygon) into ``epsg`` metres.

    Raises
    ------
    InvalidInput
        For anything that is not a valid GeoJSON geometry of the right type in lon/lat, or for
        negative or non-finite heights.
    """
    obj = _geometry_object(data, key)
    wanted = _KINDS[key]
    if obj.get("type") not in wanted:
        raise InvalidInput(f"{key}: must be a GeoJSON {' or '.join(wanted)}, "
                           f"got {obj.get('type')!r}", field=key)
    try:
        geom = shape(obj)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, GEOSException):
        raise InvalidInput(f"{key}: not a valid GeoJSON {obj.get('type')}", field=key) from None
    if geom.is_empty:
        raise InvalidInput(f"{key}: has no coordinates", field=key)
    minx, miny, maxx, maxy = geom.bounds
    if not all(math.isfinite(v) for v in geom.bounds) or not (
        -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
    ):
        raise InvalidInput(f"{key}: coordinates must be WGS84 lon/lat", field=key)
    heights: list[float] = []
    if geom.has_z:
        import shapely

        heights = [float(z) for z in shapely.get_coordinates(geom, include_z=True)[:, 2]]
        if not all(math.isfinite(h) and h >= 0 for h in heights):
            raise InvalidInput(f"{key}: heights above ground must be finite and >= 0", field=key)
        geom = shapely.force_2d(geom)
    if not geom.is_valid:
        raise InvalidInput(f"{key}: geometry is not valid (e.g. self-intersecting)", field=key)
    metric = geometry_from_wgs84(geom, epsg)
    return GeoJsonShape(geom, metric, max(heights) if heights else None)
