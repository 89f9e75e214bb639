"""Day or night at a place and time, for the M-NIGHT fact (sunset to sunrise)."""

from __future__ import annotations

import math
from datetime import datetime

from astral import Observer
from astral.sun import elevation

from kizuna.errors import InvalidInput

__all__ = ["SUNSET_ELEVATION_DEG", "is_night"]

SUNSET_ELEVATION_DEG = -0.833
"""Geometric elevation of the sun's centre at sunrise and sunset.

The sun has set when its upper limb goes below a sea-level horizon: 16' of semi-diameter plus
about 34' of refraction. This is the convention of the published almanacs (NAOJ, NOAA), so the
answer agrees with published sunset times to well within a minute.
"""


def is_night(lon: float, lat: float, when: datetime) -> bool:
    """True if ``when`` is between sunset and sunrise at ``lon``, ``lat`` (WGS84 degrees).

    Parameters
    ----------
    lon, lat
        The place, in degrees.
    when
        A timezone-aware instant; a naive datetime is refused because its meaning depends on
        where it was written.

    Raises
    ------
    kizuna.errors.InvalidInput
        If ``when`` is naive or the coordinates are out of range.
    """
    if when.tzinfo is None or when.utcoffset() is None:
        raise InvalidInput(f"when: needs a timezone offset, got {when.isoformat()}", "when")
    if not (math.isfinite(lon) and -180.0 <= lon <= 180.0):
        raise InvalidInput(f"lon: must be within -180..180, got {lon}", "lon")
    if not (math.isfinite(lat) and -90.0 <= lat <= 90.0):
        raise InvalidInput(f"lat: must be within -90..90, got {lat}", "lat")
    # Elevation rather than the day's sunrise/sunset: no ambiguity about which local date is
    # meant, and polar day or night need no special case.
    sun = float(elevation(Observer(latitude=lat, longitude=lon), when, with_refraction=False))
    return sun < SUNSET_ELEVATION_DEG
