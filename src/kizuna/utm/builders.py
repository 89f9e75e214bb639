"""Build operational-intent volumes from a planned route or from an area permit window."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon

from kizuna.errors import InvalidInput
from kizuna.utm.frame import MetricFrame
from kizuna.utm.volume import AltitudeReference, Volume4D, check_aware

__all__ = ["Waypoint4D", "area_volume", "corridor_volumes"]


@dataclass(frozen=True)
class Waypoint4D:
    """A point of a planned 3D route with its planned time (the planner's output)."""

    lon: float
    lat: float
    alt_m: float
    time: datetime

    def __post_init__(self) -> None:
        if not all(math.isfinite(v) for v in (self.lon, self.lat, self.alt_m)) or not (
            -180 <= self.lon <= 180 and -90 <= self.lat <= 90
        ):
            raise InvalidInput(f"waypoint ({self.lon}, {self.lat}, {self.alt_m}) is not a "
                               "WGS84 lon/lat with a finite altitude", field="route")
        check_aware(self.time, "route.time")


def _as_waypoint(w: Waypoint4D | tuple[float, float, float, datetime]) -> Waypoint4D:
    return w if isinstance(w, Waypoint4D) else Waypoint4D(*w)


def corridor_volumes(
    route: Sequence[Waypoint4D | tuple[float, float, float, datetime]],
    *,
    lateral_margin_m: float,
    vertical_margin_m: float,
    eta_uncertainty_s: float,
    altitude_reference: AltitudeReference = AltitudeReference.AMSL,
    max_slice_s: float = 60.0,
    frame: MetricFrame | None = None,
) -> tuple[Volume4D, ...]:
    """Time-sliced corridor volumes around a planned route.

    Each leg is cut into slices of at most ``max_slice_s``. A slice is the stretch of route flown
    in it, widened by ``lateral_margin_m`` on each side (round ends, so slices overlap at their
    joints), between its lowest altitude minus and its highest plus ``vertical_margin_m``, for its
    time window widened by ``eta_uncertainty_s`` at both ends.

    Parameters
    ----------
    route
        At least two (lon, lat, alt_m, time) waypoints with strictly increasing times.
    frame
        Metric frame to buffer in; the zone of the first waypoint by default.
    """
    pts = [_as_waypoint(w) for w in route]
    if len(pts) < 2:
        raise InvalidInput("a route needs at least two waypoints", field="route")
    for name, value in (("lateral_margin_m", lateral_margin_m),
                        ("vertical_margin_m", vertical_margin_m),
                        ("eta_uncertainty_s", eta_uncertainty_s)):
        if not (math.isfinite(value) and value >= 0):
            raise InvalidInput(f"{name} must be a non-negative number, got {value}", field=name)
    if lateral_margin_m <= 0:
        raise InvalidInput("lateral_margin_m must be positive (a corridor needs a width)",
                           field="lateral_margin_m")
    if not (math.isfinite(max_slice_s) and max_slice_s > 0):
        raise InvalidInput(f"max_slice_s must be positive, got {max_slice_s}", field="max_slice_s")
    for a, b in itertools.pairwise(pts):
        if b.time <= a.time:
            raise InvalidInput(f"route times must increase ({a.time.isoformat()} then "
                               f"{b.time.isoformat()})", field="route.time")
    frame = frame or MetricFrame.around(pts[0].lon, pts[0].lat)
    xs, ys = frame.project_xy(np.array([p.lon for p in pts]), np.array([p.lat for p in pts]))
    t0 = pts[0].time
    ts = [(p.time - t0).total_seconds() for p in pts]

    pieces: list[tuple[float, float, float, float, float, float, float, float]] = []
    for i in range(len(pts) - 1):
        n = max(1, math.ceil((ts[i + 1] - ts[i]) / max_slice_s - 1e-9))
        for k in range(n):
            f0, f1 = k / n, (k + 1) / n
            pieces.append((
                xs[i] + (xs[i + 1] - xs[i]) * f0, ys[i] + (ys[i + 1] - ys[i]) * f0,
                xs[i] + (xs[i + 1] - xs[i]) * f1, ys[i] + (ys[i + 1] - ys[i]) * f1,
                pts[i].alt_m + (pts[i + 1].alt_m - pts[i].alt_m) * f0,
                pts[i].alt_m + (pts[i + 1].alt_m - pts[i].alt_m) * f1,
                ts[i] + (ts[i + 1] - ts[i]) * f0, ts[i] + (ts[i + 1] - ts[i]) * f1,
            ))
    lines = [shapely.LineString([(x0, y0), (x1, y1)]) if (x0, y0) != (x1, y1)
             else shapely.Point(x0, y0) for x0, y0, x1, y1, *_ in pieces]
    metric = shapely.buffer(np.asarray(lines, dtype=object), lateral_margin_m, quad_segs=8)
    shapes = frame.unproject_geometries(list(metric))
    eta = timedelta(seconds=eta_uncertainty_s)
    vols = []
    for shape, (*_, z0, z1, s0, s1) in zip(shapes, pieces, strict=True):
        vols.append(Volume4D(
            shape=shape,
            altitude_lower_m=min(z0, z1) - vertical_margin_m,
            altitude_upper_m=max(z0, z1) + vertical_margin_m,
            altitude_reference=altitude_reference,
            time_start=t0 + timedelta(seconds=s0) - eta,
            time_end=t0 + timedelta(seconds=s1) + eta,
        ))
    return tuple(vols)


def area_volume(
    polygon: Polygon | MultiPolygon,
    altitude_lower_m: float,
    altitude_upper_m: float,
    time_start: datetime,
    time_end: datetime,
    altitude_reference: AltitudeReference = AltitudeReference.AGL,
) -> Volume4D:
    """The volume of an area permit window: a polygon, an altitude band and a time window."""
    return Volume4D(polygon, altitude_lower_m, altitude_upper_m, altitude_reference, time_start,
                    time_end)
