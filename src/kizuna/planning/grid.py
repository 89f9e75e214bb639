"""The planning graph: a 16-connected grid over the scenario with precomputed edge costs.

Everything here depends only on the scenario, the aircraft (profile and payload), the level and
the planner settings, so it is built once and cached; an order then adds its wind, its permit
envelope and the emergency airspace active at its departure, and runs the search.

Cells are ``cell_m`` squares in the scenario's metric CRS, row 0 at the north edge. A cell is
*flyable* when it lies within ``sea_margin_m`` of land; no-fly areas (and DIDs at Level 3.5),
grown by the contingency margin, mark every cell they touch. An edge joins the centres of two
cells; it exists when every cell it meets (``cells.touched_cells``) is clear, so the graph's
line of sight is exact.

Static edge cost (per direction ``k``, laid out ``(rows, cols, 16)``), in Wh-equivalents:

* ground risk: ``2 · Σ rate(cell) · length in cell / cruise`` expected fatalities (out and
  back) times ``risk_wh_per_fatality``;
* climbing: along the target-height profile of the cells met, ``c_out · up + c_back · down``
  Wh, where ``c = m g / η`` per metre climbed (the return climbs where the way out descended);
* Level 3.5: ``crossing_wh`` per entry into a road or railway corridor and
  ``over_transport_wh_per_m`` per metre inside one.

An order adds the horizontal energy ``length · (e_out(k) + e_back(opposite k))`` from the wind
triangle at cruise airspeed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from affine import Affine
from numpy.typing import NDArray
from rasterio.features import rasterize
from shapely.geometry.base import BaseGeometry

from kizuna.energy import power_w
from kizuna.fleet.profiles import AircraftProfile
from kizuna.planning.cells import segment_cells, touched_cells
from kizuna.planning.corridors import Corridor, corridor_of
from kizuna.planning.interfaces import FatalityRate
from kizuna.planning.settings import DEFAULT_PLANNER_SETTINGS, PlannerSettings
from kizuna.scenario.model import Scenario

__all__ = ["OFFSETS", "Level", "NoFlyMask", "PlanningGraph", "planning_graph"]

Level = str  # "3.5" or "4"

#: (row, col) steps of the 16 directions: 8 neighbours, then 8 knight moves.
OFFSETS: tuple[tuple[int, int], ...] = (
    (0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1), (-1, 0), (-1, 1),
    (1, 2), (2, 1), (2, -1), (1, -2), (-1, -2), (-2, -1), (-2, 1), (-1, 2))
_PAD = 2

BoolGrid = NDArray[np.bool_]
FloatGrid = NDArray[np.float64]


def _opposite(k: int) -> int:
    dr, dc = OFFSETS[k]
    return OFFSETS.index((-dr, -dc))


OPPOSITE: tuple[int, ...] = tuple(_opposite(k) for k in range(16))


@dataclass(frozen=True)
class _Step:
    """One direction: its length in cells, the cells it runs through and the cells it meets."""

    dr: int
    dc: int
    length: float
    run: tuple[tuple[int, int, float], ...]  # (dr, dc, length in cells) in order
    touched: tuple[tuple[int, int], ...]


def _steps() -> tuple[_Step, ...]:
    out = []
    for dr, dc in OFFSETS:
        rows, cols, lens = segment_cells(0.5, 0.5, 0.5 + dc, 0.5 + dr)
        tr, tc = touched_cells(0.5, 0.5, 0.5 + dc, 0.5 + dr)
        touched = sorted({(int(r), int(c)) for r, c in zip(tr, tc, strict=True)})
        run = tuple((int(r), int(c), float(ln)) for r, c, ln in zip(rows, cols, lens, strict=True))
        out.append(_Step(dr, dc, math.hypot(dr, dc), run, tuple(touched)))
    return tuple(out)


STEPS = _steps()


@dataclass(frozen=True, eq=False)
class NoFlyMask:
    """The cells an area (grown by the contingency margin) touches."""

    id: str
    kind: str
    name: str
    area: BaseGeometry
    cells: BoolGrid


@dataclass(frozen=True, eq=False)
class PlanningGraph:
    """The cached, order-independent part of the planner for one scenario, aircraft and level."""

    scenario: Scenario
    profile: AircraftProfile
    payload_kg: float
    level: Level
    settings: PlannerSettings
    risk: FatalityRate
    shape: tuple[int, int]
    minx: float
    maxy: float
    flyable: BoolGrid
    terrain_max: FloatGrid
    target_amsl: FloatGrid
    rate: FloatGrid
    static_cost: NDArray[np.float64]  # (rows, cols, 16)
    indices: NDArray[np.int32]  # destination node of (node, k), flattened
    indptr: NDArray[np.int32]
    no_fly: tuple[NoFlyMask, ...]
    emergency: tuple[NoFlyMask, ...]
    did: BoolGrid
    corridors: tuple[Corridor, ...]
    climb_wh_per_m: tuple[float, float]  # (out with payload, back empty)

    # -- coordinates ---------------------------------------------------------------------------
    @property
    def cell_m(self) -> float:
        """Cell size, m."""
        return self.settings.cell_m

    @property
    def transform(self) -> Affine:
        """Affine transform of the grid (north-up)."""
        return Affine(self.cell_m, 0.0, self.minx, 0.0, -self.cell_m, self.maxy)

    @property
    def nodes(self) -> int:
        """Number of cells (nodes)."""
        return self.shape[0] * self.shape[1]

    def centre(self, node: NDArray[np.int64] | int) -> tuple[Any, Any]:
        """Metric centre of flat cell ids."""
        r, c = np.divmod(np.asarray(node), self.shape[1])
        return self.minx + (c + 0.5) * self.cell_m, self.maxy - (r + 0.5) * self.cell_m

    def cell_of(self, x: float, y: float) -> tuple[int, int] | None:
        """(row, col) of the cell holding a metric point; None outside the grid."""
        c = math.floor((x - self.minx) / self.cell_m)
        r = math.floor((self.maxy - y) / self.cell_m)
        if 0 <= r < self.shape[0] and 0 <= c < self.shape[1]:
            return r, c
        return None

    def grid_uv(self, x: Any, y: Any) -> tuple[Any, Any]:
        """Metric points to grid units (u east, v south)."""
        return (np.asarray(x) - self.minx) / self.cell_m, (self.maxy - np.asarray(y)) / self.cell_m

    # -- masks -----------------------------------------------------------------------------------
    def rasterize(self, geom: BaseGeometry) -> BoolGrid:
        """Cells that ``geom`` touches."""
        if geom.is_empty:
            return np.zeros(self.shape, dtype=bool)
        out: BoolGrid = rasterize([(geom, 1)], out_shape=self.shape, transform=self.transform,
                                  all_touched=True, fill=0, dtype="uint8").astype(bool)
        return out

    def edge_valid(self, blocked: BoolGrid) -> NDArray[np.bool_]:
        """(rows, cols, 16) of ``blocked``'s shape (the grid or a window of it): edges none of
        whose met cells is blocked; cells beyond the array count as blocked."""
        rows, cols = blocked.shape
        padded = np.pad(blocked, _PAD, constant_values=True)
        valid = np.empty((rows, cols, 16), dtype=bool)
        for k, step in enumerate(STEPS):
            ok = ~blocked
            for dr, dc in step.touched:
                ok = ok & ~padded[_PAD + dr:_PAD + dr + rows, _PAD + dc:_PAD + dc + cols]
            valid[:, :, k] = ok
        return valid


def _shifted(a: FloatGrid, dr: int, dc: int, fill: float) -> FloatGrid:
    rows, cols = a.shape
    padded = np.pad(a, _PAD, mode="edge") if math.isnan(fill) else np.pad(
        a, _PAD, constant_values=fill)
    out: FloatGrid = padded[_PAD + dr:_PAD + dr + rows, _PAD + dc:_PAD + dc + cols]
    return out


def _terrain_max(scenario: Scenario, minx: float, maxy: float, cell: float,
                 shape: tuple[int, int], sub: int = 4) -> FloatGrid:
    rows, cols = shape
    best = np.full(shape, -np.inf)
    cc, rr = np.meshgrid(np.arange(cols), np.arange(rows))
    for i in range(sub + 1):
        for j in range(sub + 1):
            x = minx + (cc + i / sub) * cell
            y = maxy - (rr + j / sub) * cell
            best = np.maximum(best, scenario.ground_height(x, y))
    return best


def _build(scenario: Scenario, profile: AircraftProfile, payload_kg: float, level: Level,
           settings: PlannerSettings, risk: FatalityRate) -> PlanningGraph:
    cell = settings.cell_m
    bminx, bminy, bmaxx, bmaxy = scenario.bounds
    cols = int((bmaxx - bminx) // cell)
    rows = int((bmaxy - bminy) // cell)
    shape = (rows, cols)
    minx, maxy = bminx, bmaxy
    proto = PlanningGraph(scenario, profile, payload_kg, level, settings, risk, shape, minx, maxy,
                          np.zeros(shape, bool), np.zeros(shape), np.zeros(shape),
                          np.zeros(shape), np.zeros((1, 1, 1)), np.zeros(1, np.int32),
                          np.zeros(1, np.int32), (), (), np.zeros(shape, bool), (), (0.0, 0.0))
    margin = settings.contingency_margin_m
    flyable = proto.rasterize(scenario.land.buffer(settings.sea_margin_m, quad_segs=4))
    terrain = _terrain_max(scenario, minx, maxy, cell, shape)
    target = terrain + settings.target_agl_m
    cx, cy = proto.centre(np.arange(rows * cols))
    rate = np.nan_to_num(np.asarray(risk.sample(cx, cy), float), nan=0.0).reshape(shape)
    rate = np.maximum(rate, 0.0)

    def mask(a_id: str, kind: str, name: str, area: BaseGeometry) -> NoFlyMask:
        return NoFlyMask(a_id, kind, name, area, proto.rasterize(area.buffer(margin)))

    no_fly = tuple(mask(a.id, a.kind, a.name, a.area) for a in scenario.no_fly_areas(None)
                   if a.kind != "emergency")
    emergency = tuple(mask(e.id, "emergency", e.name, e.area) for e in scenario.emergency_airspace)
    did = proto.rasterize(scenario.did.union().buffer(margin)) if len(scenario.did) else \
        np.zeros(shape, bool)

    corridors: tuple[Corridor, ...] = ()
    if level == "3.5":
        corridors = (
            corridor_of("road", scenario.roads, settings.transport_corridor_m, minx, maxy, cell,
                        shape),
            corridor_of("railway", scenario.railways, settings.transport_corridor_m, minx, maxy,
                        cell, shape))

    cruise = profile.cruise_mps
    c_out = (power_w(profile, payload_kg, cruise, 1.0) - power_w(profile, payload_kg, cruise, 0.0))
    c_back = (power_w(profile, 0.0, cruise, 1.0) - power_w(profile, 0.0, cruise, 0.0))
    c_out, c_back = c_out / 3600.0, c_back / 3600.0
    w = settings.weights

    static = np.zeros((rows, cols, 16))
    for k, step in enumerate(STEPS):
        fatal = np.zeros(shape)
        up = np.zeros(shape)
        down = np.zeros(shape)
        prev = target
        for dr, dc, ln in step.run:
            fatal += _shifted(rate, dr, dc, 0.0) * (ln * cell / cruise)
            here = _shifted(target, dr, dc, math.nan)
            up += np.maximum(here - prev, 0.0)
            down += np.maximum(prev - here, 0.0)
            prev = here
        static[:, :, k] = (w.risk_wh_per_fatality * 2.0 * fatal
                           + w.energy_wh_weight * (c_out * up + c_back * down))
    if corridors:
        static += _transport_penalty(proto, corridors, flyable, w.crossing_wh,
                                     w.over_transport_wh_per_m)

    nodes = np.arange(rows * cols, dtype=np.int64).reshape(shape)
    indices = np.empty((rows, cols, 16), dtype=np.int32)
    for k, (dr, dc) in enumerate(OFFSETS):
        r = np.arange(rows)[:, None] + dr + np.zeros((1, cols), dtype=np.int64)
        c = np.arange(cols)[None, :] + dc + np.zeros((rows, 1), dtype=np.int64)
        inside = (r >= 0) & (r < rows) & (c >= 0) & (c < cols)
        # An edge off the grid loops back to its node (its cost is always inf), so no row of
        # the CSR matrix holds the same column twice.
        indices[:, :, k] = np.where(inside, nodes[np.clip(r, 0, rows - 1),
                                                  np.clip(c, 0, cols - 1)], nodes)
    indptr = np.arange(0, rows * cols * 16 + 1, 16, dtype=np.int32)
    return PlanningGraph(scenario, profile, payload_kg, level, settings, risk, shape, minx, maxy,
                         flyable, terrain, target, rate, static, indices.reshape(-1), indptr,
                         no_fly, emergency, did, corridors, (c_out, c_back))


def _transport_penalty(g: PlanningGraph, corridors: tuple[Corridor, ...], flyable: BoolGrid,
                       per_entry: float, per_metre: float) -> NDArray[np.float64]:
    """(rows, cols, 16) Level 3.5 penalties of the edges near a road or railway."""
    rows, cols = g.shape
    out = np.zeros((rows, cols, 16))
    for corridor in corridors:
        if corridor.empty:
            continue
        near = g.rasterize(corridor.area.buffer(2.5 * g.cell_m)) & flyable
        rr, cc = np.nonzero(near)
        x0, y0 = g.centre(rr * cols + cc)
        for k, step in enumerate(STEPS):
            x1 = x0 + step.dc * g.cell_m
            y1 = y0 - step.dr * g.cell_m
            cell_ids = []
            seg_ids = []
            for dr, dc, _ in step.run:
                r2, c2 = rr + dr, cc + dc
                inside = (r2 >= 0) & (r2 < rows) & (c2 >= 0) & (c2 < cols)
                cell_ids.append(np.where(inside, r2 * cols + c2, -1))
                seg_ids.append(np.arange(len(rr)))
            over, entries = corridor.over_and_entries(
                x0, y0, x1, y1, np.concatenate(cell_ids), np.concatenate(seg_ids), len(rr))
            out[rr, cc, k] += per_entry * entries + per_metre * over
    return out


@lru_cache(maxsize=8)
def _cached(scenario: Scenario, profile: AircraftProfile, payload_kg: float, level: Level,
            settings: PlannerSettings, risk: FatalityRate) -> PlanningGraph:
    return _build(scenario, profile, payload_kg, level, settings, risk)


def planning_graph(scenario: Scenario, profile: AircraftProfile, level: Level,
                   risk: FatalityRate, *, payload_kg: float | None = None,
                   settings: PlannerSettings = DEFAULT_PLANNER_SETTINGS) -> PlanningGraph:
    """The cached planning graph of a scenario, an aircraft (and payload) and a level.

    ``risk`` is compared by identity: pass the same object to reuse the cache.
    """
    payload = profile.payload_kg if payload_kg is None else float(payload_kg)
    return _cached(scenario, profile, payload, level, settings, risk)  # type: ignore[arg-type]


def summary(graph: PlanningGraph) -> Mapping[str, Any]:
    """Size figures of a graph (for the benchmark and docs)."""
    return {"rows": graph.shape[0], "cols": graph.shape[1], "nodes": graph.nodes,
            "flyable": int(graph.flyable.sum()), "edges": int(graph.nodes * 16)}


