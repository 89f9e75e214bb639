"""The permit envelope a route must stay inside: an approved area or an approved route corridor.

A small JSON contract (the permits issue will produce these)::

    {"kind": "area", "area": <GeoJSON Polygon, WGS84>, "altitude_agl_m": [30, 120],
     "contingency_margin_m": 30, "permissions": ["fukue-airport"], "special_zone": false}

    {"kind": "corridor", "route": <GeoJSON LineString, WGS84>, "half_width_m": 150,
     "altitude_agl_m": [30, 120]}

``permissions`` names the airports and Drone Act facilities whose permission or consent the
operator holds (emergency airspace can never be permitted). ``special_zone`` allows Level 3.5
over DIDs, as the special zone does where the camera confirms nobody is below.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from shapely.geometry import LineString, Polygon, shape
from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidInput
from kizuna.geo.crs import geometry_from_wgs84

__all__ = ["PermitEnvelope", "envelope_from_json", "envelope_geometry"]

_Metres = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]


class PermitEnvelope(BaseModel):
    """An approved area or route corridor, with its altitude band (m above ground)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["area", "corridor"]
    area: dict[str, Any] | None = None
    route: dict[str, Any] | None = None
    half_width_m: Annotated[float, Field(gt=0.0, allow_inf_nan=False)] | None = None
    altitude_agl_m: tuple[_Metres, _Metres] | None = None
    contingency_margin_m: _Metres | None = None
    permissions: tuple[str, ...] = ()
    special_zone: bool = False

    @model_validator(mode="after")
    def _shape(self) -> PermitEnvelope:
        if self.kind == "area":
            if self.area is None or self.area.get("type") != "Polygon":
                raise ValueError("an area envelope needs 'area', a GeoJSON Polygon")
        else:
            if self.route is None or self.route.get("type") != "LineString":
                raise ValueError("a corridor envelope needs 'route', a GeoJSON LineString")
            if self.half_width_m is None:
                raise ValueError("a corridor envelope needs 'half_width_m'")
        if self.altitude_agl_m is not None and self.altitude_agl_m[0] >= self.altitude_agl_m[1]:
            raise ValueError("altitude_agl_m: the band's floor must be below its top")
        return self


def envelope_from_json(data: Any) -> PermitEnvelope:
    """Validate a permit envelope document; raises :class:`InvalidInput` with one line."""
    try:
        env = PermitEnvelope.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "permit"
        raise InvalidInput(f"permit: {loc}: {first['msg']}", field=loc) from None
    envelope_geometry(env, 6669)  # the geometry itself must parse (any zone will do)
    return env


def envelope_geometry(envelope: PermitEnvelope, epsg: int) -> Polygon:
    """The envelope's footprint in the metric CRS ``epsg`` (before any margin)."""
    try:
        if envelope.kind == "area":
            geom: BaseGeometry = shape(envelope.area)
        else:
            line = shape(envelope.route)
            if not isinstance(line, LineString) or len(line.coords) < 2:
                raise InvalidInput("permit: route must have at least two positions")
            geom = line
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        if isinstance(exc, InvalidInput):
            raise
        raise InvalidInput(f"permit: not a valid GeoJSON geometry: {exc}") from None
    for x, y in _coords(geom):
        if not (math.isfinite(x) and math.isfinite(y) and -180 <= x <= 180 and -90 <= y <= 90):
            raise InvalidInput(f"permit: ({x}, {y}) is not a WGS84 lon/lat")
    metric = geometry_from_wgs84(geom, epsg)
    if envelope.kind == "corridor":
        assert envelope.half_width_m is not None
        metric = metric.buffer(envelope.half_width_m)
    if not isinstance(metric, Polygon) or not metric.is_valid or metric.area <= 0:
        raise InvalidInput("permit: the envelope is not a valid polygon of positive area")
    return metric


def _coords(geom: BaseGeometry) -> list[tuple[float, float]]:
    if isinstance(geom, Polygon):
        return [(float(c[0]), float(c[1])) for c in geom.exterior.coords]
    return [(float(c[0]), float(c[1])) for c in geom.coords]
