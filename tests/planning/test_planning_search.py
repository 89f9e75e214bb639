"""The search is optimal for its own graph: it matches a plain Dijkstra on the same graph."""

from __future__ import annotations

import heapq
import math

import numpy as np
import pytest
from planning_helpers import DEPARTURE

from kizuna.energy import Wind
from kizuna.planning import PlanRequest
from kizuna.planning.planner import prepare_order
from kizuna.planning.search import OrderGraph, path_cost, shortest_path


def plain_dijkstra(order: OrderGraph, start: int, goal: int) -> float:
    """Textbook Dijkstra with a binary heap over the CSR arrays (no limit, no tricks)."""
    matrix = order.full_matrix()
    indptr = matrix.indptr
    indices = matrix.indices
    data = matrix.data
    dist = {start: 0.0}
    done: set[int] = set()
    heap = [(0.0, start)]
    while heap:
        d, u = heapq.heappop(heap)
        if u in done:
            continue
        if u == goal:
            return d
        done.add(u)
        for e in range(indptr[u], indptr[u + 1]):
            w = data[e]
            if not math.isfinite(w):
                continue
            v = int(indices[e])
            nd = d + w
            if nd < dist.get(v, math.inf):
                dist[v] = nd
                heapq.heappush(heap, (nd, v))
    return math.inf


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_search_cost_equals_plain_dijkstra(minamisoma, pf4, minamisoma_risk, seed) -> None:
    """On seeded orders at Level 3.5 in a wind, the search's cost is Dijkstra's, to 1e-9."""
    rng = np.random.default_rng(seed)
    base = minamisoma.base("rtf")
    goal = (float(rng.uniform(140.93, 140.955)), float(rng.uniform(37.63, 37.70)))
    wind = Wind(float(rng.uniform(0, 6)), float(rng.uniform(0, 360)))
    request = PlanRequest((base.lon, base.lat), goal, "3.5", DEPARTURE, wind)
    o = prepare_order(minamisoma, pf4, request, minamisoma_risk)
    path, cost = shortest_path(o.order, o.start_node, o.goal_node)
    reference = plain_dijkstra(o.order, o.start_node, o.goal_node)
    assert cost == pytest.approx(reference, rel=1e-9)
    assert path_cost(o.order, path) == pytest.approx(cost, rel=1e-9)
    assert path[0] == o.start_node and path[-1] == o.goal_node


def test_blocked_cells_are_never_on_the_path(minamisoma, pf4, minamisoma_risk) -> None:
    """No node of the path is a blocked cell (DIDs at Level 3.5, no-fly areas)."""
    base = minamisoma.base("rtf")
    request = PlanRequest((base.lon, base.lat), (140.935, 37.64), "3.5", DEPARTURE)
    o = prepare_order(minamisoma, pf4, request, minamisoma_risk)
    path, _ = shortest_path(o.order, o.start_node, o.goal_node)
    rows, cols = np.divmod(np.asarray(path[1:-1]), o.graph.shape[1])
    assert not o.order.blocked[rows, cols].any()
