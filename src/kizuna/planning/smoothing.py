"""Any-angle smoothing of a grid path (string pulling) that never breaks a hard constraint.

A shortcut from point ``i`` to point ``j`` replaces the points between them only when

* every grid cell it meets, corners included, is clear (the same blocked mask as the search,
  so no-fly areas, DIDs at Level 3.5 and the envelope keep their margin), and
* its modelled cost (:func:`segment_cost`, the terms of the graph's edge costs for an
  arbitrary segment) is not above the cost of the points it replaces, so smoothing never adds
  a crossing or a metre over a road that the search avoided, and
* at Level 3.5, every road or railway it crosses is crossed within
  ``max_crossing_deviation_deg`` of perpendicular (the grid path may cross at right angles
  with a short step that a longer, cheaper but oblique shortcut would erase).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from shapely.geometry import LineString

from kizuna.planning.cells import segment_cells, touched_cells
from kizuna.planning.crossings import crossing_angle_deg, points_of
from kizuna.planning.grid import OFFSETS
from kizuna.planning.search import OrderGraph, energy_per_metre

__all__ = ["crossings_square", "line_of_sight", "segment_cost", "smooth"]

Point2 = tuple[float, float]

#: Shortcut spans tried from each anchor, longest first.
_SPANS = (24, 16, 11, 8, 6, 4, 3, 2)


def line_of_sight(order: OrderGraph, p: Point2, q: Point2) -> bool:
    """Whether every grid cell the segment ``p``-``q`` meets is clear."""
    g = order.graph
    u0, v0 = g.grid_uv(p[0], p[1])
    u1, v1 = g.grid_uv(q[0], q[1])
    rows, cols = touched_cells(float(u0), float(v0), float(u1), float(v1))
    nr, nc = g.shape
    if (rows < 0).any() or (rows >= nr).any() or (cols < 0).any() or (cols >= nc).any():
        return False
    return not bool(order.blocked[rows, cols].any())


def segment_cost(order: OrderGraph, p: Point2, q: Point2) -> float:
    """Modelled cost (Wh-equivalents) of flying the straight segment ``p``-``q`` out and back."""
    g = order.graph
    length = math.hypot(q[0] - p[0], q[1] - p[1])
    if length == 0:
        return 0.0
    w = g.settings.weights
    u0, v0 = g.grid_uv(p[0], p[1])
    u1, v1 = g.grid_uv(q[0], q[1])
    rows, cols, lens = segment_cells(float(u0), float(v0), float(u1), float(v1))
    nr, nc = g.shape
    rows = np.clip(rows, 0, nr - 1)
    cols = np.clip(cols, 0, nc - 1)
    metres = lens * g.cell_m
    fatal = 2.0 * float(np.sum(g.rate[rows, cols] * metres)) / g.profile.cruise_mps
    heights = g.target_amsl[rows, cols]
    steps = np.diff(heights)
    up = float(np.sum(np.maximum(steps, 0.0)))
    down = float(np.sum(np.maximum(-steps, 0.0)))
    c_out, c_back = g.climb_wh_per_m
    epm = energy_per_metre(g, order.wind, (q[0] - p[0], q[1] - p[1]), order.power_w)
    cost = (w.risk_wh_per_fatality * fatal
            + w.energy_wh_weight * (c_out * up + c_back * down + epm * length))
    if g.corridors:
        ids = rows * nc + cols
        seg = np.zeros(len(ids), dtype=np.int64)
        xs = np.array([p[0]]), np.array([p[1]]), np.array([q[0]]), np.array([q[1]])
        for corridor in g.corridors:
            over, entries = corridor.over_and_entries(*xs, ids, seg, 1)
            cost += w.crossing_wh * float(entries[0]) + w.over_transport_wh_per_m * float(over[0])
    return cost


def _direction(order: OrderGraph, a: int, b: int) -> int:
    cols = order.graph.shape[1]
    ra, ca = divmod(a, cols)
    rb, cb = divmod(b, cols)
    return OFFSETS.index((rb - ra, cb - ca))


def crossings_square(order: OrderGraph, p: Point2, q: Point2) -> bool:
    """Whether the segment crosses every road and railway near-perpendicularly (Level 3.5)."""
    g = order.graph
    if not g.corridors:
        return True
    seg = LineString([p, q])
    limit = 90.0 - g.settings.max_crossing_deviation_deg
    direction = (q[0] - p[0], q[1] - p[1])
    for layer in (g.scenario.roads, g.scenario.railways):
        for i in layer.query(seg):
            line = layer.features[i].geometry
            for pt in points_of(seg.intersection(line)):
                at = line.project(pt)
                a = line.interpolate(max(0.0, at - 2.0))
                b = line.interpolate(min(line.length, at + 2.0))
                if crossing_angle_deg(direction, (b.x - a.x, b.y - a.y)) < limit:
                    return False
    return True


def smooth(order: OrderGraph, points: list[Point2], nodes: list[int]) -> list[Point2]:
    """Greedy string pulling over ``points``: the start, the centres of ``nodes``, the goal.

    Between two node centres the segment is a graph edge, whose cost :func:`segment_cost`
    reproduces, so the search's edge costs are reused there.
    """
    if len(points) <= 2:
        return list(points)
    edge = [order.edge_cost(a, _direction(order, a, b))
            for a, b in itertools.pairwise(nodes)]
    costs = [segment_cost(order, points[0], points[1]), *edge,
             segment_cost(order, points[-2], points[-1])]
    prefix = np.concatenate([[0.0], np.cumsum(costs)])
    out = [points[0]]
    i = 0
    last = len(points) - 1
    while i < last:
        nxt = i + 1
        for span in _SPANS:
            j = min(last, i + span)
            if j <= i + 1:
                continue
            if not line_of_sight(order, points[i], points[j]):
                continue
            if (segment_cost(order, points[i], points[j]) <= prefix[j] - prefix[i] + 1e-9
                    and crossings_square(order, points[i], points[j])):
                nxt = j
                break
        out.append(points[nxt])
        i = nxt
    return out
