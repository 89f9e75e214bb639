"""The planner's output: a 3D route with its figures, crossings and cost breakdown."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["CostBreakdown", "Route", "RouteCrossing", "RouteWaypoint"]


@dataclass(frozen=True, slots=True)
class RouteWaypoint:
    """A waypoint: WGS84 position, metric position, altitudes and time since take-off."""

    lon: float
    lat: float
    x: float
    y: float
    alt_amsl_m: float
    agl_m: float
    time_s: float


@dataclass(frozen=True, slots=True)
class RouteCrossing:
    """A crossing of a road or railway, with its camera-check point (Level 3.5).

    ``angle_deg`` is the angle between the route and the line (90 = perpendicular);
    ``over_m`` the metres flown inside the corridor round it; ``distance_m`` and ``time_s``
    locate the crossing along the route.
    """

    kind: str
    id: str
    name: str
    lon: float
    lat: float
    distance_m: float
    time_s: float
    angle_deg: float
    over_m: float
    camera_check: tuple[float, float] | None
    camera_check_time_s: float | None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        d = asdict(self)
        d["camera_check"] = list(self.camera_check) if self.camera_check else None
        return d


@dataclass(frozen=True, slots=True)
class CostBreakdown:
    """The route's cost in Wh-equivalents, term by term (weights applied)."""

    energy: float
    ground_risk: float
    crossings: float
    over_transport: float
    search_cost: float

    @property
    def total(self) -> float:
        """Sum of the terms."""
        return self.energy + self.ground_risk + self.crossings + self.over_transport

    def to_dict(self) -> dict[str, float]:
        """A JSON-ready dict (with the total)."""
        return {"energy": self.energy, "ground_risk": self.ground_risk,
                "crossings": self.crossings, "over_transport": self.over_transport,
                "total": self.total, "search_cost": self.search_cost}


@dataclass(frozen=True)
class Route:
    """A planned delivery route, flown out (with the parcel) and back along the same path.

    ``energy_wh``, ``soc_landing`` and ``expected_fatalities`` are those of the whole mission
    (out, drop, back); ``waypoints`` describe the way out, from take-off at the base to landing
    at the drop spot. ``min_agl_m`` and ``max_agl_m`` are over the cruise (take-off and
    landing excluded), measured at every profile sample.
    """

    scenario: str
    epsg: int
    level: str
    profile_id: str
    payload_kg: float
    waypoints: tuple[RouteWaypoint, ...]
    length_m: float
    time_s: float
    energy_wh: float
    energy_out_wh: float
    soc_landing: float
    reserve_margin_wh: float
    max_agl_m: float
    min_agl_m: float
    did_overflight_m: float
    expected_fatalities: float
    crossings: tuple[RouteCrossing, ...]
    cost: CostBreakdown

    def summary(self) -> dict[str, Any]:
        """The CLI's JSON summary."""
        return {
            "length_m": round(self.length_m, 1),
            "energy_wh": round(self.energy_wh, 2),
            "soc_landing": round(self.soc_landing, 4),
            "feasible": True,
            "max_agl_m": round(self.max_agl_m, 1),
            "min_agl_m": round(self.min_agl_m, 1),
            "did_overflight_m": round(self.did_overflight_m, 1),
            "expected_fatalities": self.expected_fatalities,
            "crossings": [c.to_dict() for c in self.crossings],
            "waypoints": len(self.waypoints),
            "time_s": round(self.time_s, 1),
            "level": self.level,
            "profile": self.profile_id,
            "cost": self.cost.to_dict(),
        }
