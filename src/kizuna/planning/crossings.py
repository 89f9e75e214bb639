"""Crossings of roads and railways along a planned route, with camera-check points."""

from __future__ import annotations

import math
from collections.abc import Callable

import shapely
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from kizuna.planning.route import RouteCrossing
from kizuna.scenario.model import Scenario

__all__ = ["crossing_angle_deg", "points_of", "route_crossings"]


def _direction(line: BaseGeometry, at: float) -> tuple[float, float]:
    a = line.interpolate(max(0.0, at - 2.0))
    b = line.interpolate(min(line.length, at + 2.0))
    return b.x - a.x, b.y - a.y


def crossing_angle_deg(u: tuple[float, float], v: tuple[float, float]) -> float:
    """The angle between two directions, folded into [0, 90] degrees (90 = perpendicular)."""
    nu, nv = math.hypot(*u), math.hypot(*v)
    if nu == 0 or nv == 0:
        return 90.0
    cos = abs(u[0] * v[0] + u[1] * v[1]) / (nu * nv)
    return math.degrees(math.acos(min(1.0, cos)))


def points_of(geom: BaseGeometry) -> list[Point]:
    if geom.is_empty:
        return []
    if isinstance(geom, Point):
        return [geom]
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in points_of(g)]
    # A stretch flown along the line itself: count it once, at its start.
    return [Point(geom.coords[0])]


def route_crossings(scenario: Scenario, route: LineString, *, corridor_m: float,
                    camera_check_m: float | None,
                    time_at: Callable[[float], float]) -> tuple[RouteCrossing, ...]:
    """Every point where ``route`` (metric, 2D) crosses a road or railway, in route order.

    ``camera_check_m`` puts a camera-check point that far before each crossing (None: none);
    ``time_at`` maps a distance along the route to a time since take-off.
    """
    found: list[RouteCrossing] = []
    for kind, layer in (("road", scenario.roads), ("railway", scenario.railways)):
        for i in layer.query(route):
            feature = layer.features[i]
            line = feature.geometry
            for pt in points_of(route.intersection(line)):
                at = route.project(pt)
                if at < 1.0 or at > route.length - 1.0:
                    continue  # a base or drop spot on the road: taken off or landed, not crossed
                angle = crossing_angle_deg(_direction(route, at),
                                           _direction(line, line.project(pt)))
                # Only the line near the crossing matters: buffering all of it is slow.
                r = 10 * corridor_m + 100.0
                near = shapely.clip_by_rect(line, pt.x - r, pt.y - r, pt.x + r, pt.y + r)
                band = near.buffer(corridor_m, quad_segs=4).intersection(route)
                parts = [g for g in getattr(band, "geoms", [band]) if not g.is_empty]
                over = sum(p.length for p in parts if p.distance(pt) < 1e-6)
                lon, lat = scenario.to_lonlat(pt.x, pt.y)
                check = None
                check_t = None
                if camera_check_m is not None:
                    c_at = max(0.0, at - camera_check_m)
                    c = route.interpolate(c_at)
                    check = scenario.to_lonlat(c.x, c.y)
                    check_t = time_at(c_at)
                props = feature.properties
                found.append(RouteCrossing(
                    kind=kind, id=str(props.get("id", i)), name=str(props.get("name", "")),
                    lon=lon, lat=lat, distance_m=at, time_s=time_at(at), angle_deg=angle,
                    over_m=over, camera_check=check, camera_check_time_s=check_t))
    found.sort(key=lambda c: c.distance_m)
    return tuple(found)
