"""Per-order edge costs and the shortest-path search on the planning graph.

The search is Dijkstra (``scipy.sparse.csgraph.dijkstra``, in C) from the start with a cost
``limit``: nodes costlier than the limit are never settled, so the search stays near the start
and goal. The limit starts at a multiple of a lower bound of the route's cost (straight-line
distance × cheapest cost per metre) and doubles until the goal is reached; the last try has no
limit. Dijkstra with a limit settles nodes in cost order, so the path it returns is optimal for
the graph whatever the limit.
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
    """The graph with one order's costs: the CSR matrix and the per-direction energy."""

    graph: PlanningGraph
    wind: Wind
    blocked: BoolGrid
    data: NDArray[np.float64]
    matrix: csr_matrix
    energy_per_m: tuple[float, ...]
    power_w: tuple[float, float]

    @property
    def min_cost_per_m(self) -> float:
        """Cheapest cost per metre of any edge (for the search's lower bound)."""
        w = self.graph.settings.weights.energy_wh_weight
        return w * min(self.energy_per_m)


def order_graph(graph: PlanningGraph, wind: Wind, blocked: BoolGrid) -> OrderGraph:
    """Add an order's wind and blocked cells to the cached graph."""
    power = level_power_w(graph)
    epm = tuple(energy_per_metre(graph, wind, (dc, -dr), power) for dr, dc in OFFSETS)
    w = graph.settings.weights.energy_wh_weight
    horizontal = np.array([w * step.length * graph.cell_m * e for step, e in zip(STEPS, epm,
                                                                                  strict=True)])
    flat = (_masked_static(graph, blocked) + horizontal).reshape(-1)
    n = graph.nodes
    matrix = csr_matrix((flat, graph.indices, graph.indptr), shape=(n, n))
    return OrderGraph(graph, wind, blocked, flat, matrix, epm, power)


def _masked_static(graph: PlanningGraph, blocked: BoolGrid) -> NDArray[np.float64]:
    """The static costs with inf on the edges that meet a blocked cell, cached per mask (orders
    under the same permit, at times with the same emergency airspace, share it)."""
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


def shortest_path(order: OrderGraph, start: int, goal: int) -> tuple[list[int], float]:
    """The cheapest node path from ``start`` to ``goal`` and its cost.

    Raises
    ------
    Infeasible
        When no path joins them.
    """
    if start == goal:
        return [start], 0.0
    g = order.graph
    (x0, y0), (x1, y1) = g.centre(start), g.centre(goal)
    lower = math.hypot(float(x1 - x0), float(y1 - y0)) * order.min_cost_per_m
    limit = 1.5 * lower + 50.0
    while True:
        dist, pred = dijkstra(order.matrix, directed=True, indices=start,
                              return_predecessors=True, limit=limit)
        if math.isfinite(dist[goal]):
            break
        if not math.isfinite(limit):
            raise Infeasible("no route: every way to the goal is blocked (no-fly areas, "
                             "DIDs at Level 3.5, the permit envelope or the wind)")
        limit = limit * 3.0 if limit < 20 * lower + 1000.0 else math.inf
    path = [goal]
    while path[-1] != start:
        path.append(int(pred[path[-1]]))
    path.reverse()
    return path, float(dist[goal])


def path_cost(order: OrderGraph, path: list[int]) -> float:
    """Sum of the edge costs along a node path (each step must be an edge of the graph)."""
    total = 0.0
    _rows, cols = order.graph.shape
    for a, b in itertools.pairwise(path):
        ra, ca = divmod(a, cols)
        rb, cb = divmod(b, cols)
        k = OFFSETS.index((rb - ra, cb - ca))
        total += float(order.data[a * 16 + k])
    return total


