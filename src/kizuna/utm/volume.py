"""4D volumes: a polygon or a circle, an altitude band with its reference, a time window.

Volumes are held in WGS84 lon/lat, as they arrive (GeoJSON) and as they are published; every
comparison happens after projection into one metric frame (:mod:`kizuna.utm.frame`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import shapely
from shapely.geometry import MultiPolygon, Polygon

from kizuna.errors import InvalidInput

__all__ = ["AltitudeReference", "Circle", "Volume4D", "check_aware"]


class AltitudeReference(StrEnum):
    """What an altitude is measured from (ASTM F3548 / U-space naming)."""

    AGL = "AGL"
    AMSL = "AMSL"
    W84 = "W84"  # WGS84 ellipsoid


@dataclass(frozen=True)
class Circle:
    """A circle on the ground: centre in WGS84 lon/lat, radius in metres."""

    center_lon: float
    center_lat: float
    radius_m: float

    def __post_init__(self) -> None:
        lon, lat = self.center_lon, self.center_lat
        if not (math.isfinite(lon) and math.isfinite(lat)) or not (
            -180 <= lon <= 180 and -90 <= lat <= 90
        ):
            raise InvalidInput(f"circle.center: not a WGS84 lon/lat: ({lon}, {lat})",
                               field="circle.center")
        if not (math.isfinite(self.radius_m) and self.radius_m > 0):
            raise InvalidInput(f"circle.radius_m must be a positive number, got {self.radius_m}",
                               field="circle.radius_m")


def check_aware(value: datetime, name: str) -> None:
    """Raise unless ``value`` is a timezone-aware datetime."""
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(f"{name} must be a timezone-aware datetime, got {value!r}", field=name)


@dataclass(frozen=True)
class Volume4D:
    """One 4D volume of an operational intent.

    Parameters
    ----------
    shape
        A shapely ``Polygon`` / ``MultiPolygon`` in WGS84 lon/lat, or a :class:`Circle`.
    altitude_lower_m, altitude_upper_m
        The altitude band, lower < upper, in metres above ``altitude_reference``.
    altitude_reference
        What both altitudes are measured from.
    time_start, time_end
        Timezone-aware, start < end.
    """

    shape: Polygon | MultiPolygon | Circle
    altitude_lower_m: float
    altitude_upper_m: float
    altitude_reference: AltitudeReference
    time_start: datetime
    time_end: datetime

    def __post_init__(self) -> None:
        shape = self.shape
        if isinstance(shape, Polygon | MultiPolygon):
            if shape.is_empty:
                raise InvalidInput("volume polygon is empty", field="polygon")
            if not shape.is_valid:
                raise InvalidInput(f"volume polygon is invalid: {shapely.is_valid_reason(shape)}",
                                   field="polygon")
            minx, miny, maxx, maxy = shape.bounds
            if not (minx >= -180 and maxx <= 180 and miny >= -90 and maxy <= 90):
                raise InvalidInput("volume polygon is not in WGS84 lon/lat", field="polygon")
            if shape.area <= 0:
                raise InvalidInput("volume polygon has no area", field="polygon")
        elif not isinstance(shape, Circle):
            raise InvalidInput(f"volume shape must be a polygon or a circle, got {type(shape)}",
                               field="shape")
        lo, hi = self.altitude_lower_m, self.altitude_upper_m
        if not (math.isfinite(lo) and math.isfinite(hi)) or lo >= hi:
            raise InvalidInput(f"altitude_lower_m ({lo}) must be below altitude_upper_m ({hi})",
                               field="altitude_lower_m")
        object.__setattr__(self, "altitude_reference", AltitudeReference(self.altitude_reference))
        check_aware(self.time_start, "time_start")
        check_aware(self.time_end, "time_end")
        if self.time_start >= self.time_end:
            raise InvalidInput(f"time_start ({self.time_start.isoformat()}) must be before "
                               f"time_end ({self.time_end.isoformat()})", field="time_start")

    @property
    def anchor(self) -> tuple[float, float]:
        """A representative WGS84 point (to choose a metric frame)."""
        if isinstance(self.shape, Circle):
            return self.shape.center_lon, self.shape.center_lat
        c = self.shape.centroid
        return float(c.x), float(c.y)
