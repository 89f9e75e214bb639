"""Plan one on-demand delivery: legal, inside the envelope, low-risk, terrain-following, and
flyable out and back on the battery in today's wind.

Order of work (cheap checks first)::

    request checks -> start/goal checks (no-fly, DID, envelope) -> cached graph
    -> order costs (wind, blocked cells) -> Dijkstra -> any-angle smoothing
    -> exact 2D check -> terrain-following profile -> mission energy + battery verdict
    -> crossings, DID metres, expected fatalities, cost breakdown
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray
from shapely.geometry import LineString, Point, box
from shapely.geometry.base import BaseGeometry

from kizuna.energy import (
    CALM,
    DEFAULT_RESERVE_POLICY,
    ReservePolicy,
    Wind,
    battery_verdict,
    hover_energy_wh,
    mission_energy,
)
from kizuna.energy.airframe import check_payload
from kizuna.errors import Infeasible, InvalidInput
from kizuna.fleet.profiles import AircraftProfile
from kizuna.planning.crossings import route_crossings
from kizuna.planning.envelope import PermitEnvelope, envelope_geometry
from kizuna.planning.grid import BoolGrid, PlanningGraph, planning_graph
from kizuna.planning.interfaces import FatalityRate
from kizuna.planning.profile import vertical_profile
from kizuna.planning.route import CostBreakdown, Route, RouteWaypoint
from kizuna.planning.search import OrderGraph, order_graph, shortest_path
from kizuna.planning.settings import DEFAULT_PLANNER_SETTINGS, PlannerSettings
from kizuna.planning.smoothing import smooth
from kizuna.scenario.model import Airport, Scenario

__all__ = ["LEVELS", "PlanRequest", "plan_route", "prepare_order"]

LEVELS = ("3.5", "4")


@dataclass(frozen=True)
class PlanRequest:
    """One order to plan.

    ``start`` and ``goal`` are WGS84 (lon, lat); ``departure`` must carry a UTC offset (it
    selects the active emergency airspace). ``permissions`` and ``special_zone`` add to those
    of the envelope.
    """

    start: tuple[float, float]
    goal: tuple[float, float]
    level: str
    departure: datetime
    wind: Wind = CALM
    envelope: PermitEnvelope | None = None
    payload_kg: float | None = None
    reserve: ReservePolicy = DEFAULT_RESERVE_POLICY
    permissions: tuple[str, ...] = ()
    special_zone: bool = False

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise InvalidInput(f"level: must be 3.5 or 4, got {self.level!r}", field="level")
        if self.departure.tzinfo is None:
            raise InvalidInput("departure: needs a UTC offset", field="departure")
        for what, (lon, lat) in (("start", self.start), ("goal", self.goal)):
            if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180
                    and -90 <= lat <= 90):
                raise InvalidInput(f"{what}: ({lon}, {lat}) is not a WGS84 lon/lat", field=what)


@dataclass(frozen=True, eq=False)
class _Order:
    graph: PlanningGraph
    order: OrderGraph
    start_xy: tuple[float, float]
    goal_xy: tuple[float, float]
    start_node: int
    goal_node: int
    forbidden: tuple[tuple[str, BaseGeometry], ...]  # exact areas the route must not meet
    inner_envelope: BaseGeometry | None
    clearance_m: float
    ceiling_m: float
    target_m: float
    airports: tuple[Airport, ...] = ()  # whose surfaces cap the flight (no permission held)
    margin_m: float = 0.0

    def surface_cap(self, x: Any, y: Any) -> Any:
        """The lowest airport surface within the margin of metric points (m AMSL)."""
        cap = np.full(np.broadcast(np.asarray(x), np.asarray(y)).shape, np.inf)
        for airport in self.airports:
            cap = np.minimum(cap, airport.ceiling_amsl(x, y, self.margin_m))
        return cap


def _in_grid(graph: PlanningGraph, what: str, xy: tuple[float, float]) -> tuple[int, int]:
    cell = graph.cell_of(*xy)
    if cell is None:
        raise InvalidInput(f"{what}: outside scenario {graph.scenario.name}", field=what)
    return cell


def prepare_order(scenario: Scenario, profile: AircraftProfile, request: PlanRequest,
                  risk: FatalityRate,
                  settings: PlannerSettings = DEFAULT_PLANNER_SETTINGS) -> _Order:
    """Checks and per-order graph costs, up to (not including) the search."""
    payload = profile.payload_kg if request.payload_kg is None else request.payload_kg
    check_payload(profile, payload)
    graph = planning_graph(scenario, profile, request.level, risk, payload_kg=payload,
                           settings=settings)
    start_xy = scenario.to_metric(*request.start)
    goal_xy = scenario.to_metric(*request.goal)
    rs, cs = _in_grid(graph, "start", start_xy)
    rg, cg = _in_grid(graph, "goal", goal_xy)
    env = request.envelope
    permissions = set(request.permissions) | set(env.permissions if env else ())
    special = request.special_zone or bool(env and env.special_zone)
    margin = settings.contingency_margin_m
    if env and env.contingency_margin_m is not None:
        margin = max(margin, env.contingency_margin_m)

    forbidden: list[tuple[str, BaseGeometry]] = []
    blocked: BoolGrid = ~graph.flyable
    active_emergency = {e.id for e in scenario.emergency_airspace
                        if e.active_at(request.departure)}
    for m in graph.no_fly:
        if m.id not in permissions:
            blocked = blocked | m.cells
            forbidden.append((f"no-fly area: {m.name}", m.area))
    for m in graph.emergency:
        if m.id in active_emergency:
            blocked = blocked | m.cells
            forbidden.append((f"no-fly area: {m.name} (emergency airspace)", m.area))
    if request.level == "3.5" and not special:
        blocked = blocked | graph.did
        for f in scenario.did:
            forbidden.append((f"DID {f.properties.get('id', '')} (Level 3.5 never flies over "
                              f"a DID)".replace("DID  (", "DID ("), f.geometry))
    inner: BaseGeometry | None = None
    if env is not None:
        inner = envelope_geometry(env, scenario.epsg).buffer(-margin)
        if inner.is_empty:
            raise Infeasible("permit envelope: narrower than twice the contingency margin")
        outside = box(*_grid_bounds(graph)).difference(inner)
        blocked = blocked | graph.rasterize(outside)

    for what, xy in (("start", start_xy), ("goal", goal_xy)):
        p = Point(xy)
        for reason, area in forbidden:
            if area.contains(p):
                raise Infeasible(f"{what} inside {reason}")
            if area.distance(p) < margin:
                raise Infeasible(f"{what} within the {margin:g} m contingency margin of {reason}")
        if inner is not None and not inner.contains(p):
            raise Infeasible(f"{what} outside the permit envelope (with its {margin:g} m margin)")
    cols = graph.shape[1]
    blocked = blocked.copy()
    for r, c in ((rs, cs), (rg, cg)):
        if not graph.flyable[r, c]:
            raise Infeasible("start or goal: too far out at sea for the planning graph")
        # The point itself is clear (checked exactly above); its cell may only touch a margin.
        blocked[r, c] = False
    clearance, ceiling, target = settings.clearance_m, settings.ceiling_agl_m, settings.target_agl_m
    if env and env.altitude_agl_m is not None:
        clearance = max(clearance, env.altitude_agl_m[0])
        ceiling = min(ceiling, env.altitude_agl_m[1])
        if clearance > ceiling:
            raise Infeasible(f"permit altitude band {env.altitude_agl_m[0]:g}-"
                             f"{env.altitude_agl_m[1]:g} m leaves no height above the "
                             f"{settings.clearance_m:g} m clearance and under the ceiling")
        target = min(max(target, clearance), ceiling)
    # Airports in 3D: the airspace above the restricted surfaces needs the permission, the
    # airspace under them does not. A cell is blocked only where the surface leaves no room
    # above the terrain for the clearance; elsewhere the profile stays under it.
    capped = tuple(a for a in scenario.airports
                   if a.surfaces is not None and a.id not in permissions)
    if capped:
        room = _surface_room(graph, capped, margin)
        under = room < clearance
        blocked = blocked | (under & graph.flyable)
        for what, (r, c) in (("start", (rs, cs)), ("goal", (rg, cg))):
            if room[r, c] < clearance:
                raise Infeasible(f"{what}: an airport's restricted surface leaves no room above "
                                 f"the {clearance:g} m clearance (permission needed)")
    order = order_graph(graph, request.wind, blocked)
    return _Order(graph, order, start_xy, goal_xy, rs * cols + cs, rg * cols + cg,
                  tuple(forbidden), inner, clearance, ceiling, target, capped, margin)


def _surface_room(graph: PlanningGraph, airports: tuple[Airport, ...],
                  margin: float) -> NDArray[np.float64]:
    """Height (m) between each cell's highest terrain and the lowest airport surface over the
    cell (its centre and corners, with the margin); +inf where no surface lies."""
    rows, cols = graph.shape
    cx, cy = graph.centre(np.arange(rows * cols))
    half = graph.cell_m / 2
    cap = np.full(rows * cols, np.inf)
    for a in airports:
        for dx, dy in ((0, 0), (-half, -half), (-half, half), (half, -half), (half, half)):
            cap = np.minimum(cap, a.ceiling_amsl(cx + dx, cy + dy, margin))
    room: NDArray[np.float64] = cap.reshape(graph.shape) - graph.terrain_max
    return room


def _grid_bounds(graph: PlanningGraph) -> tuple[float, float, float, float]:
    rows, cols = graph.shape
    return (graph.minx, graph.maxy - rows * graph.cell_m, graph.minx + cols * graph.cell_m,
            graph.maxy)


def plan_route(scenario: Scenario, profile: AircraftProfile, request: PlanRequest,
               risk: FatalityRate,
               settings: PlannerSettings = DEFAULT_PLANNER_SETTINGS) -> Route:
    """Plan the route of one order.

    Raises
    ------
    InvalidInput
        Bad request (outside the scenario, payload above MTOW...).
    Infeasible
        No legal or feasible route, with a one-line reason.
    """
    if request.wind.speed_mps > profile.wind_limit_mps:
        raise Infeasible(f"wind: {request.wind.speed_mps:g} m/s is above the {profile.id} "
                         f"limit of {profile.wind_limit_mps:g} m/s")
    o = prepare_order(scenario, profile, request, risk, settings)
    g = o.graph
    nodes, search_cost = shortest_path(o.order, o.start_node, o.goal_node)
    cx, cy = g.centre(np.asarray(nodes))
    points = [o.start_xy, *zip(cx.tolist(), cy.tolist(), strict=True), o.goal_xy]
    path = _dedupe(smooth(o.order, points, nodes))
    line = LineString(path) if len(path) >= 2 else LineString([path[0], path[0]])
    _check_2d(line, o, settings)
    return _finish(scenario, profile, request, o, path, line, search_cost, risk, settings)


def _dedupe(path: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out = [path[0]]
    for p in path[1:]:
        if math.hypot(p[0] - out[-1][0], p[1] - out[-1][1]) > 1e-6:
            out.append(p)
    return out


def _check_2d(line: LineString, o: _Order, settings: PlannerSettings) -> None:
    """Exact geometry check of the hard 2D constraints (a safety net behind the grid)."""
    tol = 1e-3
    for reason, area in o.forbidden:
        if line.distance(area) < settings.contingency_margin_m - tol:
            raise Infeasible(f"no route: the only way passes within the margin of {reason}")
    if o.inner_envelope is not None and not o.inner_envelope.buffer(tol).covers(line):
        raise Infeasible("no route inside the permit envelope")


def _finish(scenario: Scenario, profile: AircraftProfile, request: PlanRequest, o: _Order,
            path: list[tuple[float, float]], line: LineString, search_cost: float,
            risk: FatalityRate, settings: PlannerSettings) -> Route:
    g = o.graph
    if len(path) < 2:
        raise Infeasible("goal: the drop spot is at the base")
    vp = vertical_profile(
        scenario, path, step_m=settings.profile_step_m, target_agl_m=o.target_m,
        clearance_m=o.clearance_m, ceiling_agl_m=o.ceiling_m,
        climb_slope=profile.climb_mps / profile.cruise_mps,
        descent_slope=profile.descent_mps / profile.cruise_mps,
        tolerance_m=settings.altitude_tolerance_m,
        cap_amsl=o.surface_cap if o.airports else None)
    keep = vp.keep
    alts = vp.altitude[keep]
    xs, ys = vp.x[keep], vp.y[keep]
    g0 = float(scenario.ground_height(xs[0], ys[0]))
    g1 = float(scenario.ground_height(xs[-1], ys[-1]))
    out = [(float(xs[0]), float(ys[0]), g0)]
    out += [(float(x), float(y), float(a)) for x, y, a in zip(xs, ys, alts, strict=True)]
    out.append((float(xs[-1]), float(ys[-1]), g1))
    payload = g.payload_kg
    try:
        e_out = mission_energy(profile, payload, out, request.wind)
        e_back = mission_energy(profile, 0.0, out[::-1], request.wind)
    except Infeasible as exc:
        raise Infeasible(f"wind: {exc}") from None
    hover = hover_energy_wh(profile, payload, settings.drop_hover_s, request.wind)
    energy = e_out.energy_wh + hover + e_back.energy_wh
    verdict = battery_verdict(profile, energy, request.reserve)
    if not verdict.feasible:
        raise Infeasible(f"battery: {verdict.shortfall_pct:.0f}% short (the mission needs "
                         f"{verdict.required_wh:.0f} Wh with its reserve, "
                         f"{verdict.usable_wh:.0f} Wh usable)")
    times = np.concatenate([[0.0], np.cumsum([leg.time_s for leg in e_out.legs])])
    # Waypoint i of ``out`` is reached at times[i]; along-track distances of the kept samples:
    wp_s = np.concatenate([[0.0], vp.s[keep], [vp.s[keep][-1]]])

    def time_at(at: float) -> float:
        return float(np.interp(at, wp_s[1:-1], times[1:-1]))

    lonlat = [scenario.to_lonlat(x, y) for x, y, _ in out]
    grounds = [g0, *(float(v) for v in vp.ground[keep]), g1]
    waypoints = tuple(RouteWaypoint(lon, lat, x, y, z, z - gr, float(t))
                      for (lon, lat), (x, y, z), gr, t in zip(lonlat, out, grounds, times,
                                                               strict=True))
    flown = vp.flown_altitude()
    agl = flown - vp.ground
    did_m = 0.0
    if len(scenario.did):
        did_m = float(line.intersection(scenario.did.union()).length)
    mids_x = (vp.x[1:] + vp.x[:-1]) / 2
    mids_y = (vp.y[1:] + vp.y[:-1]) / 2
    rates = np.nan_to_num(np.asarray(risk.sample(mids_x, mids_y), float), nan=0.0)
    fatalities = 2.0 * float(np.sum(np.maximum(rates, 0.0) * np.diff(vp.s))) / profile.cruise_mps
    crossings = route_crossings(
        scenario, line, corridor_m=settings.transport_corridor_m,
        camera_check_m=settings.camera_check_m if request.level == "3.5" else None,
        time_at=time_at)
    w = settings.weights
    level35 = request.level == "3.5"
    over = sum(c.over_m for c in crossings) if level35 else 0.0
    cost = CostBreakdown(
        energy=w.energy_wh_weight * energy,
        ground_risk=w.risk_wh_per_fatality * fatalities,
        crossings=w.crossing_wh * len(crossings) if level35 else 0.0,
        over_transport=w.over_transport_wh_per_m * over,
        search_cost=search_cost)
    return Route(
        scenario=scenario.name, epsg=scenario.epsg, level=request.level, profile_id=profile.id,
        payload_kg=payload, waypoints=waypoints, length_m=float(line.length),
        time_s=e_out.time_s, energy_wh=energy, energy_out_wh=e_out.energy_wh,
        soc_landing=verdict.soc_landing, reserve_margin_wh=verdict.margin_wh,
        max_agl_m=float(agl.max()), min_agl_m=float(agl.min()), did_overflight_m=did_m,
        expected_fatalities=fatalities, crossings=crossings, cost=cost)


