"""Route exports: GeoJSON (LineString with Z), a QGroundControl ``.plan`` mission, and the
classic ``QGC WPL 110`` waypoint file. Pure: each returns text; the caller writes it.

Altitudes: GeoJSON carries metres above mean sea level; the mission files fly in
``MAV_FRAME_GLOBAL_RELATIVE_ALT`` (frame 3), metres above the take-off point (home), whose
AMSL height is the ``plannedHomePosition`` / home line.
"""

from __future__ import annotations

import json
from typing import Any

from kizuna.planning.route import Route, RouteWaypoint

__all__ = ["FORMATS", "to_geojson", "to_qgc_plan", "to_wpl"]

FORMATS = ("geojson", "qgc", "wpl")

# MAVLink commands and frames.
_TAKEOFF, _WAYPOINT, _LAND = 22, 16, 21
_FRAME_GLOBAL, _FRAME_RELATIVE = 0, 3
_FIRMWARE_PX4, _VEHICLE_QUAD, _VEHICLE_FIXED_WING = 12, 2, 1


def _cruise(route: Route) -> list[RouteWaypoint]:
    """The waypoints in the air (without the ground points at take-off and landing)."""
    return list(route.waypoints[1:-1])


def to_geojson(route: Route) -> str:
    """A FeatureCollection: the route as a LineString with Z (AMSL), then its crossings."""
    coords = [[round(w.lon, 7), round(w.lat, 7), round(w.alt_amsl_m, 1)]
              for w in route.waypoints]
    props = route.summary()
    props["waypoint_times_s"] = [round(w.time_s, 1) for w in route.waypoints]
    props["waypoint_agl_m"] = [round(w.agl_m, 1) for w in route.waypoints]
    props["altitude_reference"] = "AMSL (m)"
    features: list[dict[str, Any]] = [{
        "type": "Feature", "geometry": {"type": "LineString", "coordinates": coords},
        "properties": props}]
    for c in route.crossings:
        features.append({"type": "Feature",
                         "geometry": {"type": "Point", "coordinates": [c.lon, c.lat]},
                         "properties": {"role": "crossing", **c.to_dict()}})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                      indent=1)


def _item(seq: int, command: int, w: RouteWaypoint, rel_alt: float) -> dict[str, Any]:
    return {"type": "SimpleItem", "autoContinue": True, "command": command, "doJumpId": seq,
            "frame": _FRAME_RELATIVE,
            "params": [0, 0, 0, None, round(w.lat, 7), round(w.lon, 7), round(rel_alt, 1)],
            "Altitude": round(rel_alt, 1), "AltitudeMode": 1, "AMSLAltAboveTerrain": None}


def to_qgc_plan(route: Route, cruise_mps: float, hover_mps: float | None = None,
                fixed_wing: bool = False) -> str:
    """A QGroundControl ``.plan`` (fileType Plan, version 1): take-off, waypoints, land."""
    home = route.waypoints[0]
    h0 = home.alt_amsl_m
    air = _cruise(route)
    items = [_item(1, _TAKEOFF, home, air[0].alt_amsl_m - h0)]
    for i, w in enumerate(air, start=2):
        items.append(_item(i, _WAYPOINT, w, w.alt_amsl_m - h0))
    land = route.waypoints[-1]
    items.append(_item(len(items) + 1, _LAND, land, 0.0))
    plan = {
        "fileType": "Plan",
        "version": 1,
        "groundStation": "QGroundControl",
        "mission": {
            "version": 2,
            "firmwareType": _FIRMWARE_PX4,
            "vehicleType": _VEHICLE_FIXED_WING if fixed_wing else _VEHICLE_QUAD,
            "cruiseSpeed": cruise_mps,
            "hoverSpeed": hover_mps if hover_mps is not None else cruise_mps,
            "globalPlanAltitudeMode": 1,
            "plannedHomePosition": [round(home.lat, 7), round(home.lon, 7), round(h0, 1)],
            "items": items,
        },
        "geoFence": {"circles": [], "polygons": [], "version": 2},
        "rallyPoints": {"points": [], "version": 2},
    }
    return json.dumps(plan, indent=1)


def to_wpl(route: Route) -> str:
    """A ``QGC WPL 110`` file: home (AMSL), take-off, waypoints, land (relative to home)."""
    home = route.waypoints[0]
    h0 = home.alt_amsl_m
    air = _cruise(route)

    def line(seq: int, current: int, frame: int, command: int, w: RouteWaypoint,
             z: float) -> str:
        cols = [seq, current, frame, command, 0, 0, 0, 0, f"{w.lat:.7f}", f"{w.lon:.7f}",
                f"{z:.2f}", 1]
        return "\t".join(str(c) for c in cols)

    lines = ["QGC WPL 110", line(0, 1, _FRAME_GLOBAL, _WAYPOINT, home, h0),
             line(1, 0, _FRAME_RELATIVE, _TAKEOFF, home, air[0].alt_amsl_m - h0)]
    for i, w in enumerate(air, start=2):
        lines.append(line(i, 0, _FRAME_RELATIVE, _WAYPOINT, w, w.alt_amsl_m - h0))
    lines.append(line(len(lines) - 1, 0, _FRAME_RELATIVE, _LAND, route.waypoints[-1], 0.0))
    return "\n".join(lines) + "\n"
