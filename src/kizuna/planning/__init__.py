"""Risk-aware 3D route planning for on-demand deliveries (issue 5), and mission exports.

Public API::

    PlanRequest, plan_route -> Route      planner.py   one order, end to end
    PlanningGraph, planning_graph         grid.py      the cached grid graph
    PermitEnvelope, envelope_from_json    envelope.py  approved area or route corridor
    PlannerSettings, CostWeights          settings.py  configurable figures
    FatalityRate                          interfaces.py  the risk surface the planner reads
    to_geojson, to_qgc_plan, to_wpl       export.py    GeoJSON, QGroundControl .plan, WPL 110

Pure: no files are read or written here (the CLI does that).
"""

from __future__ import annotations

from kizuna.planning.envelope import PermitEnvelope, envelope_from_json
from kizuna.planning.grid import PlanningGraph, planning_graph
from kizuna.planning.interfaces import FatalityRate, ZeroRisk
from kizuna.planning.planner import LEVELS, PlanRequest, plan_route
from kizuna.planning.route import CostBreakdown, Route, RouteCrossing, RouteWaypoint
from kizuna.planning.settings import DEFAULT_PLANNER_SETTINGS, CostWeights, PlannerSettings

__all__ = [
    "DEFAULT_PLANNER_SETTINGS",
    "LEVELS",
    "CostBreakdown",
    "CostWeights",
    "FatalityRate",
    "PermitEnvelope",
    "PlanRequest",
    "PlannerSettings",
    "PlanningGraph",
    "Route",
    "RouteCrossing",
    "RouteWaypoint",
    "ZeroRisk",
    "envelope_from_json",
    "plan_route",
    "planning_graph",
]
