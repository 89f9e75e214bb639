"""Per-order edge costs and the shortest-path search on the planning graph.

An order adds only its wind (a cost per edge direction) and its blocked cells to the cached
graph; the search (:mod:`kizuna.planning.astar`) reads both as it goes, so no per-order edge
array is built.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix

from kizuna.energy import Wind, power_w, wind_triangle
from kizuna.errors import Infeasible
from kizuna.planning.astar import astar
from kizuna.planning.grid import OFFSETS, STEPS, BoolGrid, PlanningGraph

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
    """The static costs with inf on the edges that meet a blocked cell."""
    masked = graph.static_cost.copy()
    masked[~graph.edge_valid(blocked)] = np.inf
    return masked


def shortest_path(order: OrderGraph, start: int, goal: int) -> tuple[list[int], float]:
    """The cheapest node path from ``start`` to ``goal`` on the whole graph, and its cost
    (A* with a consistent heuristic, :mod:`kizuna.planning.astar`).

    Raises
    ------
    Infeasible
        When no path joins them.
    """
    g = order.graph
    path, cost = astar(g.static_cost, order.horizontal, order.blocked, start, goal,
                       order.min_cost_per_m * g.cell_m)
    if not path:
        raise Infeasible("no route: every way to the goal is blocked (no-fly areas, "
                         "airport restricted surfaces without permission, DIDs at Level 3.5, "
                         "the permit envelope or the wind)")
    return path, cost


def path_cost(order: OrderGraph, path: list[int]) -> float:
    """Sum of the edge costs along a node path (each step must be an edge of the graph)."""
    total = 0.0
    cols = order.graph.shape[1]
    for a, b in itertools.pairwise(path):
        ra, ca = divmod(a, cols)
        rb, cb = divmod(b, cols)
        total += order.edge_cost(a, OFFSETS.index((rb - ra, cb - ca)))
    return total
