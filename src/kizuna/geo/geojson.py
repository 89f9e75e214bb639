"""Routes and areas given as GeoJSON by users: one parser, one set of checks (RFC 7946).

A route is a LineString and an area a Polygon (or a MultiPolygon, where the caller allows it),
given bare, in a Feature, or in a FeatureCollection of exactly one Feature. Positions are
``[lon, lat]`` or ``[lon, lat, height]`` of finite numbers in WGS84; the third values are kept
apart (`GeoJsonShape.heights`) and the geometry is 2D. Cheap checks come first: the structure,
then each position, then shapely's validity test (closed rings, no self-intersection).

Every failure raises `kizuna.errors.InvalidInput` with a one-line message that starts with the
caller's ``key`` (``"route"``, ``"area"``...), which is also its ``field``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry import LineString, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidInput
from kizuna.geo.crs import geometry_from_wgs84

__all__ = ["GeoJsonShape", "check_lonlat", "geometry_object", "parse_area", "parse_route"]


@dataclass(frozen=True, slots=True)
class GeoJsonShape:
    """A parsed route or area.

    Parameters
    ----------
    lonlat
        The 2D WGS84 geometry: a LineString, a Polygon or a MultiPolygon.
    heights
        The third values of the positions that have one, in coordinate order (m; a height
        above ground or an altitude, as the caller's contract says); empty when none has.
    """

    lonlat: BaseGeometry
    heights: tuple[float, ...] = ()

    @property
    def max_height(self) -> float | None:
        """The largest third value given, or None."""
        return max(self.heights) if self.heights else None

    def metric(self, epsg: int) -> BaseGeometry:
        """The geometry projected to ``epsg`` metres."""
        return geometry_from_wgs84(self.lonlat, epsg)


def geometry_object(data: Any, key: str) -> Mapping[str, Any]:
    """The geometry object of a bare geometry, a Feature or a one-Feature FeatureCollection."""
    if isinstance(data, Mapping) and data.get("type") == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list) or len(features) != 1:
            raise InvalidInput(f"{key}: a FeatureCollection must hold exactly one feature",
                               field=key)
        data = features[0]
        if not (isinstance(data, Mapping) and data.get("type") == "Feature"):
            raise InvalidInput(f"{key}: a FeatureCollection must hold a Feature", field=key)
    if isinstance(data, Mapping) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, Mapping):
        raise InvalidInput(f"{key}: must be a GeoJSON object", field=key)
    return data


def parse_route(
    data: Any,
    key: str = "route",
    *,
    height_required: bool = False,
    height_agl: bool = False,
    needs_length: bool = False,
) -> GeoJsonShape:
    """Read a route: a GeoJSON LineString of at least two positions.

    Parameters
    ----------
    key
        The field name that error messages start with.
    height_required
        Every position must be ``[lon, lat, altitude]``.
    height_agl
        Third values are heights above the ground and must be >= 0.
    needs_length
        Refuse a route whose positions are all at one place (nothing to fly along).

    Raises
    ------
    kizuna.errors.InvalidInput
        For anything else, naming ``key`` and the position at fault.
    """
    obj = _of_kind(data, key, ("LineString",))
    coords = obj.get("coordinates")
    if not isinstance(coords, list | tuple) or len(coords) < 2:
        raise InvalidInput(f"{key}: coordinates must list at least two positions", field=key)
    reader = _Positions(key, height_required=height_required, height_agl=height_agl)
    points = [reader.read(pos, f"position {i}") for i, pos in enumerate(coords)]
    if needs_length and len(set(points)) < 2:
        raise InvalidInput(f"{key}: all positions are at one place (the route has no length)",
                           field=key)
    return GeoJsonShape(LineString(points), tuple(reader.heights))


def parse_area(
    data: Any,
    key: str = "area",
    *,
    multipolygon: bool = False,
    height_agl: bool = False,
) -> GeoJsonShape:
    """Read an area: a valid GeoJSON Polygon (or MultiPolygon, if ``multipolygon``).

    Rings need four positions or more and must be closed. ``height_agl`` makes third values
    heights above the ground, which must be >= 0.

    Raises
    ------
    kizuna.errors.InvalidInput
        For anything else, naming ``key`` and the ring or position at fault.
    """
    kinds = ("Polygon", "MultiPolygon") if multipolygon else ("Polygon",)
    obj = _of_kind(data, key, kinds)
    coords = obj.get("coordinates")
    reader = _Positions(key, height_required=False, height_agl=height_agl)
    geometry: Polygon | MultiPolygon
    if obj["type"] == "Polygon":
        geometry = _polygon(coords, reader, "coordinates", "")
    else:
        if not isinstance(coords, list | tuple) or not coords:
            raise InvalidInput(f"{key}: coordinates must list at least one polygon", field=key)
        geometry = MultiPolygon([_polygon(rings, reader, f"polygon {p}", f"polygon {p} ")
                                 for p, rings in enumerate(coords)])
    if not geometry.is_valid:
        raise InvalidInput(f"{key}: not a valid {obj['type'].lower()} "
                           f"({shapely.is_valid_reason(geometry)})", field=key)
    return GeoJsonShape(geometry, tuple(reader.heights))


def check_lonlat(lon: float, lat: float, key: str, where: str) -> None:
    """Raise `InvalidInput` unless ``lon``, ``lat`` is a finite WGS84 position.

    ``where`` names the position in the message, e.g. ``"position 3"``.
    """
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180
            and -90 <= lat <= 90):
        raise InvalidInput(f"{key}: {where} ({lon}, {lat}) is not a WGS84 lon/lat", field=key)


def _of_kind(data: Any, key: str, kinds: Sequence[str]) -> Mapping[str, Any]:
    obj = geometry_object(data, key)
    if obj.get("type") not in kinds:
        raise InvalidInput(f"{key}: must be a GeoJSON {' or '.join(kinds)}, "
                           f"got type {obj.get('type')!r}", field=key)
    return obj


def _polygon(rings: Any, reader: _Positions, what: str, where: str) -> Polygon:
    key = reader.key
    if not isinstance(rings, list | tuple) or not rings:
        raise InvalidInput(f"{key}: {what} must list at least one ring", field=key)
    parsed: list[list[tuple[float, float]]] = []
    for r, ring in enumerate(rings):
        if not isinstance(ring, list | tuple) or len(ring) < 4:
            raise InvalidInput(f"{key}: {where}ring {r} needs at least four positions",
                               field=key)
        points = [reader.read(pos, f"{where}ring {r} position {i}") for i, pos in enumerate(ring)]
        if points[0] != points[-1]:
            raise InvalidInput(f"{key}: {where}ring {r} is not closed (first != last position)",
                               field=key)
        parsed.append(points)
    return Polygon(parsed[0], parsed[1:])


class _Positions:
    """Reads positions one at a time, collecting their third values."""

    def __init__(self, key: str, *, height_required: bool, height_agl: bool) -> None:
        self.key = key
        self.sizes = (3,) if height_required else (2, 3)
        self.form = ("[lon, lat, altitude]" if height_required
                     else "[lon, lat] or [lon, lat, height]")
        self.height_agl = height_agl
        self.heights: list[float] = []

    def read(self, pos: Any, where: str) -> tuple[float, float]:
        key = self.key
        if not (isinstance(pos, list | tuple) and len(pos) in self.sizes
                and all(_is_number(v) for v in pos)):
            raise InvalidInput(f"{key}: {where} must be {self.form} of finite numbers", field=key)
        lon, lat = float(pos[0]), float(pos[1])
        check_lonlat(lon, lat, key, where)
        if len(pos) == 3:
            height = float(pos[2])
            if self.height_agl and height < 0:
                raise InvalidInput(f"{key}: {where} height {height} m above ground is negative",
                                   field=key)
            self.heights.append(height)
        return lon, lat


def _is_number(value: object) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))
