"""Bounds on what one operator may claim in the shared airspace, and on telemetry times.

A volume is checked in this order, cheapest first, each failure an
:class:`~kizuna.errors.InvalidInput` naming the field:

1. time: it starts no earlier than ``volume_start_past_s`` before now and ends no later than
   ``volume_end_future_s`` after now (so no year 10000, no century-long claims), and lasts at
   most ``max_volume_duration_s``;
2. altitude: both limits within ``min_altitude_m`` .. ``max_altitude_m`` (a claim from the
   ground to space would block everyone);
3. size: a circle's radius at most ``max_radius_m`` (its area is then checked by the caller's
   area limit like any polygon's).

A position report's time must lie within ``report_past_s`` before and ``report_future_s``
after now: a clock in year 1 or 9999 is a broken clock, not a flight.

The figures are configuration (``kizuna/config/airspace_bounds.json``), one source for the
service, the simulation and the CLI.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from importlib.resources import files
from pathlib import Path

from kizuna.errors import InvalidInput
from kizuna.utm.volume import Circle, Volume4D

__all__ = ["AirspaceBounds", "check_report_time", "check_volume", "load_bounds"]


@dataclass(frozen=True)
class AirspaceBounds:
    """Limits on a volume's time, altitude and size, and on a report's time (seconds, metres)."""

    volume_start_past_s: float
    volume_end_future_s: float
    max_volume_duration_s: float
    min_altitude_m: float
    max_altitude_m: float
    max_radius_m: float
    report_past_s: float
    report_future_s: float

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int | float) or not math.isfinite(value):
                raise InvalidInput(f"{f.name} must be a finite number, got {value!r}",
                                   field=f.name)
            if f.name != "min_altitude_m" and value <= 0:
                raise InvalidInput(f"{f.name} must be positive, got {value}", field=f.name)
        if self.min_altitude_m >= self.max_altitude_m:
            raise InvalidInput("min_altitude_m must be below max_altitude_m",
                               field="min_altitude_m")


def load_bounds(path: Path | None = None) -> AirspaceBounds:
    """The bounds from ``path``, or the bundled ``airspace_bounds.json``."""
    text = (path.read_text(encoding="utf-8") if path is not None else
            files("kizuna.config").joinpath("airspace_bounds.json").read_text(encoding="utf-8"))
    doc = json.loads(text)
    names = {f.name for f in fields(AirspaceBounds)}
    unknown = sorted(set(doc) - names - {"_comment"})
    if unknown:
        raise InvalidInput(f"airspace bounds: unknown keys {unknown}", field=unknown[0])
    missing = sorted(names - set(doc))
    if missing:
        raise InvalidInput(f"airspace bounds: missing {missing}", field=missing[0])
    return AirspaceBounds(**{k: doc[k] for k in names})


def check_volume(volume: Volume4D, now: datetime, bounds: AirspaceBounds, field: str) -> None:
    """Raise :class:`InvalidInput` (naming ``field``) unless the volume is within ``bounds``."""
    earliest = now - timedelta(seconds=bounds.volume_start_past_s)
    latest = now + timedelta(seconds=bounds.volume_end_future_s)
    if volume.time_start < earliest:
        raise InvalidInput(f"{field}.time_start: more than {bounds.volume_start_past_s:g} s "
                           "before now", field=f"{field}.time_start")
    if volume.time_end > latest:
        raise InvalidInput(f"{field}.time_end: more than {bounds.volume_end_future_s:g} s "
                           "after now", field=f"{field}.time_end")
    if (volume.time_end - volume.time_start).total_seconds() > bounds.max_volume_duration_s:
        raise InvalidInput(f"{field}: lasts more than {bounds.max_volume_duration_s:g} s",
                           field=f"{field}.time_end")
    for name, value in (("altitude_lower_m", volume.altitude_lower_m),
                        ("altitude_upper_m", volume.altitude_upper_m)):
        if not bounds.min_altitude_m <= value <= bounds.max_altitude_m:
            raise InvalidInput(f"{field}.{name}: outside {bounds.min_altitude_m:g} .. "
                               f"{bounds.max_altitude_m:g} m", field=f"{field}.{name}")
    if isinstance(volume.shape, Circle) and volume.shape.radius_m > bounds.max_radius_m:
        raise InvalidInput(f"{field}.circle.radius_m: over {bounds.max_radius_m:g} m",
                           field=f"{field}.circle.radius_m")


def check_report_time(time: datetime, now: datetime, bounds: AirspaceBounds,
                      field: str) -> None:
    """Raise :class:`InvalidInput` unless a report's ``time`` is within the window around now."""
    if not (now - timedelta(seconds=bounds.report_past_s) <= time
            <= now + timedelta(seconds=bounds.report_future_s)):
        raise InvalidInput(f"{field}: more than {bounds.report_past_s:g} s before or "
                           f"{bounds.report_future_s:g} s after now", field=field)
