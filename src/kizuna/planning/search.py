"""Per-order edge costs and the shortest-path search on the planning graph.

The search is Dijkstra (``scipy.sparse.csgraph.dijkstra``, in C) on a window of the grid that
provably holds every path cheaper than a bound, with that bound as its ``limit``; see
:func:`shortest_path`. Per order, only the window's edge costs are assembled (static cost +
the wind's per-direction energy), so the per-order work stays proportional to the route.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from kizuna.energy import Wind, power_w, wind_triangle
from kizuna.errors import Infeasible
from kizuna.planning.grid import OFFSETS, STEPS, BoolGrid, PlanningGraph

_MASK_CACHE_SIZE = 4

__all__ = ["OrderGraph", "energy_per_metre", "level_power_w", "order_graph", "path_cost",
           "shortest_path"]


def level_power_w(graph: PlanningGraph) -> tuple[float, float]:
    """Level-flight power at cruise airspeed out (with the payload) and back (empty), W."""
    cruise = graph.profile.cruise_mps
    return (power_w(graph.profile, graph.payload_kg, cruise, 0.0),
            power_w(graph.profile, 0.0, cruise, 0.0))


def energy_per_metre(graph: PlanningGraph, wind: Wind, heading_xy: tuple[float, float],
                     power: tuple[float, float] | None = None) -> float:
    """Wh per metre of level flight out (with payload) along ``heading_xy`` and back (empty)
    along the opposite heading, at cruise airspeed in ``wind``; inf when either cannot be
    flown. ``power`` is :func:`level_power_w` (computed when None)."""
    cruise = graph.profile.cruise_mps
    p_out, p_back = level_power_w(graph) if power is None else power
    dx, dy = heading_xy
    total = 0.0
    for p, track in ((p_out, (dx, dy)), (p_back, (-dx, -dy))):
        try:
            gs = wind_triangle(track, cruise, wind).ground_speed_mps
        except Infeasible:
            return math.inf
        total += p / gs / 3600.0
    return total


@dataclass(frozen=True, eq=False)
class OrderGraph:
    """The graph with one order's wind and blocked cells (edge costs are made on demand)."""

    graph: PlanningGraph
    wind: Wind
    blocked: BoolGrid
    energy_per_m: tuple[float, ...]
    horizontal: NDArray[np.float64]  # (16,) Wh-equivalents of level flight per edge direction
    power_w: tuple[float, float]

    @property
    def min_cost_per_m(self) -> float:
        """Cheapest cost per metre of any edge (for the search's lower bound)."""
        w = self.graph.settings.weights.energy_wh_weight
        return w * min(self.energy_per_m)

    def edge_cost(self, node: int, k: int) -> float:
        """Cost of the edge leaving ``node`` in direction ``k`` (inf when it does not exist)."""
        g = self.graph
        rows, cols = g.shape
        r, c = divmod(node, cols)
        for dr, dc in ((0, 0), *STEPS[k].touched):
            rr, cc = r + dr, c + dc
            if not (0 <= rr < rows and 0 <= cc < cols) or self.blocked[rr, cc]:
                return math.inf
        return float(g.static_cost[r, c, k] + self.horizontal[k])

    def full_matrix(self) -> csr_matrix:
        """The whole grid as a CSR matrix with this order's costs (tests, benchmark)."""
        g = self.graph
        flat = (_masked_static(g, self.blocked) + self.horizontal).reshape(-1)
        return csr_matrix((flat, g.indices, g.indptr), shape=(g.nodes, g.nodes))


def order_graph(graph: PlanningGraph, wind: Wind, blocked: BoolGrid) -> OrderGraph:
    """Add an order's wind and blocked cells to the cached graph (16 wind triangles)."""
    power = level_power_w(graph)
    epm = tuple(energy_per_metre(graph, wind, (dc, -dr), power) for dr, dc in OFFSETS)
    w = graph.settings.weights.energy_wh_weight
    horizontal = np.array([w * step.length * graph.cell_m * e for step, e in zip(STEPS, epm,
                                                                                  strict=True)])
    return OrderGraph(graph, wind, blocked, epm, horizontal, power)


def _masked_static(graph: PlanningGraph, blocked: BoolGrid) -> NDArray[np.float64]:
    """The static costs with inf on the edges that meet a blocked cell, cached per mask (orders
    under the same permit at times with the same emergency airspace share it)."""
    key = hashlib.blake2b(np.packbits(blocked).tobytes(), digest_size=16).digest()
    cache: OrderedDict[bytes, NDArray[np.float64]] = graph._extra.setdefault(
        "masked_static", OrderedDict())
    hit = cache.get(key)
    if hit is not None:
        cache.move_to_end(key)
        return hit
    masked = graph.static_cost.copy()
    masked[~graph.edge_valid(blocked)] = np.inf
    masked.setflags(write=False)
    cache[key] = masked
    while len(cache) > _MASK_CACHE_SIZE:
        cache.popitem(last=False)
    return masked


def _local_indices(h: int, w: int) -> NDArray[np.int32]:
    nodes = np.arange(h * w, dtype=np.int64).reshape(h, w)
    out = np.empty((h, w, 16), dtype=np.int32)
    r = np.arange(h)[:, None]
    c = np.arange(w)[None, :]
    for k, (dr, dc) in enumerate(OFFSETS):
        rr, cc = r + dr + 0 * c, c + dc + 0 * r
        inside = (rr >= 0) & (rr < h) & (cc >= 0) & (cc < w)
        out[:, :, k] = np.where(inside, nodes[np.clip(rr, 0, h - 1), np.clip(cc, 0, w - 1)],
                                nodes)
    return out.reshape(-1)


def _window(order: OrderGraph, start: int, goal: int, bound: float
            ) -> tuple[int, int, int, int]:
    """Rows and columns holding every node ``v`` with ``lb(start, v) + lb(v, goal) <= bound``
    (an ellipse with the two nodes as foci), plus two cells for the cells an edge meets."""
    g = order.graph
    rows, cols = g.shape
    per_m = order.min_cost_per_m
    if not (math.isfinite(bound) and per_m > 0):
        return 0, rows, 0, cols
    r0, c0 = divmod(start, cols)
    r1, c1 = divmod(goal, cols)
    a = bound / per_m / g.cell_m / 2.0  # semi-major axis, cells
    d = math.hypot(r1 - r0, c1 - c0) / 2.0
    if a <= d:
        a = d
    b = math.sqrt(max(a * a - d * d, 0.0))
    theta = math.atan2(r1 - r0, c1 - c0)
    half_c = math.hypot(a * math.cos(theta), b * math.sin(theta))
    half_r = math.hypot(a * math.sin(theta), b * math.cos(theta))
    mr, mc = (r0 + r1) / 2.0, (c0 + c1) / 2.0
    pad = 3
    return (max(0, math.floor(mr - half_r) - pad), min(rows, math.ceil(mr + half_r) + pad + 1),
            max(0, math.floor(mc - half_c) - pad), min(cols, math.ceil(mc + half_c) + pad + 1))


def shortest_path(order: OrderGraph, start: int, goal: int) -> tuple[list[int], float]:
    """The cheapest node path from ``start`` to ``goal`` on the whole graph, and its cost.

    Every path costing at most a bound ``B`` runs through nodes ``v`` with
    ``lb(start, v) + lb(v, goal) <= B`` (``lb`` = distance × cheapest cost per metre), an
    ellipse. Dijkstra runs on the window of the grid holding that ellipse, with ``limit = B``;
    a goal reached within the limit is therefore optimal on the whole graph. Otherwise ``B``
    grows (x2) until the window is the whole grid and the limit is gone.

    Raises
    ------
    Infeasible
        When no path joins them.
    """
    if start == goal:
        return [start], 0.0
    g = order.graph
    rows, cols = g.shape
    (x0, y0), (x1, y1) = g.centre(start), g.centre(goal)
    lower = math.hypot(float(x1 - x0), float(y1 - y0)) * order.min_cost_per_m
    bound = 1.25 * lower + 20.0
    masked = _masked_static(g, order.blocked)
    cache: dict[tuple[int, int], NDArray[np.int32]] = g._extra.setdefault("local_indices", {})
    while True:
        ra, rb, ca, cb = _window(order, start, goal, bound)
        whole = (ra, rb, ca, cb) == (0, rows, 0, cols)
        limit = math.inf if whole else bound
        h, w = rb - ra, cb - ca
        # Edges leaving the window loop back to their node (local indices), so they vanish.
        data = masked[ra:rb, ca:cb, :] + order.horizontal
        indices = cache.get((h, w))
        if indices is None:
            indices = cache[(h, w)] = _local_indices(h, w)
            if len(cache) > 64:
                cache.pop(next(iter(cache)))
        indptr = np.arange(0, h * w * 16 + 1, 16, dtype=np.int32)
        matrix = csr_matrix((data.reshape(-1), indices, indptr), shape=(h * w, h * w))
        (rs, cs), (rg, cg) = divmod(start, cols), divmod(goal, cols)
        s_local = (rs - ra) * w + (cs - ca)
        g_local = (rg - ra) * w + (cg - ca)
        dist, pred = dijkstra(matrix, directed=True, indices=s_local,
                              return_predecessors=True, limit=limit)
        if math.isfinite(dist[g_local]):
            break
        if whole:
            raise Infeasible("no route: every way to the goal is blocked (no-fly areas, "
                             "DIDs at Level 3.5, the permit envelope or the wind)")
        bound *= 2.0
    local = [int(g_local)]
    while local[-1] != s_local:
        local.append(int(pred[local[-1]]))
    local.reverse()
    path = [(ra + n // w) * cols + (ca + n % w) for n in local]
    return path, float(dist[g_local])


def path_cost(order: OrderGraph, path: list[int]) -> float:
    """Sum of the edge costs along a node path (each step must be an edge of the graph)."""
    total = 0.0
    cols = order.graph.shape[1]
    for a, b in itertools.pairwise(path):
        ra, ca = divmod(a, cols)
        rb, cb = divmod(b, cols)
        total += order.edge_cost(a, OFFSETS.index((rb - ra, cb - ca)))
    return total
