"""A* on the 16-connected planning grid, compiled with numba.

Why our own search: per order only the wind (a cost per direction) and the blocked cells change,
so a general graph library would need a fresh weighted graph (or a Python weight callback) for
every order. This kernel reads the cached static costs, adds the order's per-direction cost and
checks the blocked cells an edge meets as it goes, so the per-order work is the search alone:
no edge array is built. ``benchmarks/planner.py`` compares it with networkx's A* on the very same
graph (see docs/planning.md for the figures).

The heuristic is the straight-line distance times the cheapest cost per metre of any edge. Every
edge costs at least its length times that rate (the static part is >= 0), and a grid step's
length is the distance between the cell centres, so the heuristic is consistent and A* with a
closed set returns a cheapest path; ``tests/planning/test_planning_search.py`` checks it against
a textbook Dijkstra.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kizuna.planning.grid import OFFSETS, STEPS, BoolGrid

__all__ = ["astar"]

_DR = np.array([dr for dr, _ in OFFSETS], dtype=np.int64)
_DC = np.array([dc for _, dc in OFFSETS], dtype=np.int64)
_N_TOUCHED = np.array([len(s.touched) for s in STEPS], dtype=np.int64)
_TOUCHED = np.zeros((16, int(_N_TOUCHED.max()), 2), dtype=np.int64)
for _k, _step in enumerate(STEPS):
    _TOUCHED[_k, :len(_step.touched)] = _step.touched

# Rounding may make the heuristic exceed the true remaining cost by an ulp or so; shrinking it
# by a relative 1e-12 keeps it admissible without visibly weakening it.
_H_SHRINK = 1.0 - 1e-12


def _kernel(static: Any, horizontal: Any, blocked: Any, dr: Any, dc: Any, touched: Any,
            n_touched: Any, start: int, goal: int, h_per_cell: float) -> Any:  # pragma: no cover
    """Compiled by :func:`_compiled`; returns (cost, path of node ids from start to goal, empty
    when none)."""
    rows, cols, n_dir = static.shape
    n = rows * cols
    g = np.empty(n, dtype=np.float64)
    pred = np.empty(n, dtype=np.int64)
    state = np.zeros(n, dtype=np.uint8)  # 0 unseen, 1 open, 2 closed
    goal_r, goal_c = goal // cols, goal % cols
    cap = 1024
    keys = np.empty(cap, dtype=np.float64)
    items = np.empty(cap, dtype=np.int64)

    g[start] = 0.0
    state[start] = 1
    sr, sc = start // cols, start % cols
    keys[0] = h_per_cell * math.sqrt(float((sr - goal_r) ** 2 + (sc - goal_c) ** 2))
    items[0] = start
    size = 1
    found = False
    while size > 0:
        # Pop the smallest key (binary heap, lazy deletion of stale entries).
        u = items[0]
        size -= 1
        if size > 0:
            key, item = keys[size], items[size]
            i = 0
            while True:
                child = 2 * i + 1
                if child >= size:
                    break
                if child + 1 < size and keys[child + 1] < keys[child]:
                    child += 1
                if keys[child] >= key:
                    break
                keys[i], items[i] = keys[child], items[child]
                i = child
            keys[i], items[i] = key, item
        if state[u] == 2:
            continue
        state[u] = 2
        if u == goal:
            found = True
            break
        ur, uc = u // cols, u % cols
        gu = g[u]
        for k in range(n_dir):
            vr, vc = ur + dr[k], uc + dc[k]
            if vr < 0 or vr >= rows or vc < 0 or vc >= cols:
                continue
            v = vr * cols + vc
            if state[v] == 2:
                continue
            w = static[ur, uc, k] + horizontal[k]
            if not w < math.inf:  # no edge, or a heading the wind forbids
                continue
            clear = True
            for t in range(n_touched[k]):
                if blocked[ur + touched[k, t, 0], uc + touched[k, t, 1]]:
                    clear = False
                    break
            if not clear:
                continue
            nd = gu + w
            if state[v] == 1 and nd >= g[v]:
                continue
            g[v] = nd
            pred[v] = u
            state[v] = 1
            key = nd + h_per_cell * math.sqrt(float((vr - goal_r) ** 2 + (vc - goal_c) ** 2))
            if size == cap:
                cap *= 2
                grown_keys = np.empty(cap, dtype=np.float64)
                grown_items = np.empty(cap, dtype=np.int64)
                grown_keys[:size] = keys[:size]
                grown_items[:size] = items[:size]
                keys, items = grown_keys, grown_items
            i = size
            size += 1
            while i > 0:
                parent = (i - 1) // 2
                if keys[parent] <= key:
                    break
                keys[i], items[i] = keys[parent], items[parent]
                i = parent
            keys[i], items[i] = key, v
    if not found:
        return math.inf, np.empty(0, dtype=np.int64)
    length = 1
    v = goal
    while v != start:
        v = pred[v]
        length += 1
    path = np.empty(length, dtype=np.int64)
    v = goal
    for i in range(length - 1, -1, -1):
        path[i] = v
        if i > 0:
            v = pred[v]
    return g[goal], path


@functools.cache
def _compiled() -> Any:
    """The compiled kernel. Importing numba takes about a second, so only the first search
    pays it (not every CLI command that imports the planner). nogil: the API plans in worker
    threads; cache: compile once per machine (about 5 s), not once per process."""
    import numba

    return numba.njit(cache=True, nogil=True)(_kernel)


def astar(static: NDArray[np.float64], horizontal: NDArray[np.float64], blocked: BoolGrid,
          start: int, goal: int, min_cost_per_cell: float) -> tuple[list[int], float]:
    """Cheapest path from ``start`` to ``goal`` (flat cell ids) and its cost.

    Parameters
    ----------
    static
        ``(rows, cols, 16)`` order-independent edge costs (inf: no edge).
    horizontal
        ``(16,)`` the order's cost added to every edge of a direction.
    blocked
        ``(rows, cols)`` cells no edge may meet.
    min_cost_per_cell
        A lower bound on the cost of one cell-length of flight (the heuristic's rate).

    Returns an empty path and inf when no path joins them.
    """
    cost, path = _compiled()(np.ascontiguousarray(static), np.ascontiguousarray(horizontal),
                           np.ascontiguousarray(blocked), _DR, _DC, _TOUCHED, _N_TOUCHED,
                           int(start), int(goal), float(min_cost_per_cell) * _H_SHRINK)
    return [int(v) for v in path], float(cost)
