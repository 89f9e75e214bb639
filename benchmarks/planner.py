"""Planner benchmark (issue 5): 50 seeded on-demand routes of 3-12 km in the goto scenario.

Run by hand (not a test)::

    .venv/bin/python benchmarks/planner.py

Plans every order with the production planner (150 m cells, 16-connected) after a warm-up,
timing the whole per-order work (costs, search, smoothing, profile, energy, crossings), then
plans the same orders with networkx's A* over the very same graph and edge costs (built once
from the planner's CSR matrix, finite edges only; heuristic: straight-line distance x the
cheapest cost per metre, admissible). The last line is::

    planner median_ms=<x> p95_ms=<y> speedup_vs_networkx=<z> max_cost_gap=<g>

``speedup_vs_networkx`` = median networkx A* time / median time of the planner's search
(``shortest_path``: the compiled A* reading the cached static costs, the order's wind and its
blocked cells) on the same orders; the line before it also gives the whole planner against the
bare networkx search. ``max_cost_gap`` is
the largest relative difference of the graph path costs (both are optimal on the same graph,
so it must be 0 within 1e-6).
"""

from __future__ import annotations

import itertools
import math
import statistics
import sys
import time
from datetime import UTC, datetime

import numpy as np

from kizuna.energy import Wind
from kizuna.errors import Infeasible
from kizuna.fleet import profile
from kizuna.planning import PlanRequest, plan_route
from kizuna.planning.planner import prepare_order
from kizuna.planning.risk_surface import ground_risk_surface
from kizuna.planning.search import path_cost, shortest_path
from kizuna.scenario import load

SEED = 5
ROUTES = 50
DEPARTURE = datetime(2025, 12, 1, 1, 0, tzinfo=UTC)
PERMISSIONS = ("fukue-airport",)


def _orders(scenario, rng: np.random.Generator, n: int) -> list[PlanRequest]:
    from shapely import contains_xy

    out: list[PlanRequest] = []
    while len(out) < n:
        base = scenario.bases[int(rng.integers(len(scenario.bases)))]
        bx, by = scenario.to_metric(base.lon, base.lat)
        dist = rng.uniform(3000.0, 12000.0)
        ang = rng.uniform(0.0, 2 * math.pi)
        gx, gy = bx + dist * math.cos(ang), by + dist * math.sin(ang)
        if not contains_xy(scenario.land, gx, gy):
            continue
        if any(a.area.distance(scenario.point(*scenario.to_lonlat(gx, gy))) < 100
               for a in scenario.no_fly_areas(DEPARTURE) if a.id not in PERMISSIONS):
            continue
        wind = Wind(float(rng.uniform(0.0, 6.0)), float(rng.uniform(0.0, 360.0)))
        out.append(PlanRequest((base.lon, base.lat), scenario.to_lonlat(gx, gy), "4", DEPARTURE,
                               wind, permissions=PERMISSIONS))
    return out


def main() -> None:
    import networkx as nx

    scenario = load("goto")
    prof = profile("pf4")
    risk = ground_risk_surface(scenario, prof)
    rng = np.random.default_rng(SEED)
    candidates = _orders(scenario, rng, 4 * ROUTES)
    t0 = time.perf_counter()
    plan_route(scenario, prof, candidates[0], risk)  # builds and caches the graph
    print(f"graph build + first route: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    orders: list[PlanRequest] = []
    for req in candidates:  # keep orders that have a route (skips unreachable drop spots)
        try:
            plan_route(scenario, prof, req, risk)
        except Infeasible:
            continue
        orders.append(req)
        if len(orders) == ROUTES:
            break
    times = []
    search_times = []
    costs = []
    for req in orders:
        t = time.perf_counter()
        plan_route(scenario, prof, req, risk)
        times.append(time.perf_counter() - t)
        o = prepare_order(scenario, prof, req, risk)
        t = time.perf_counter()
        path, cost = shortest_path(o.order, o.start_node, o.goal_node)
        search_times.append(time.perf_counter() - t)
        costs.append((o, cost, path_cost(o.order, path)))

    # networkx over the same graph: the order-independent part of every edge's cost is stored
    # once on the edge (static cost, masked by the blocked cells every order shares), and each
    # order adds its wind's energy for the edge's direction through a weight function, exactly
    # as the planner's search does.
    o = costs[0][0]
    g = o.graph
    masked = o.order.full_matrix()
    base_wind = o.order.horizontal
    m = masked.tocoo()
    finite = np.isfinite(m.data) & (m.row != m.col)
    k_of = (np.arange(masked.nnz) % 16)[finite]
    graph = nx.DiGraph()
    for u, v, w, k in zip(m.row[finite].tolist(), m.col[finite].tolist(),
                          (m.data[finite] - base_wind[k_of]).tolist(), k_of.tolist(),
                          strict=True):
        graph.add_edge(u, v, static=w, k=k)
    print(f"networkx graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges",
          file=sys.stderr)

    nx_times = []
    gap = 0.0
    for o_i, cost, _ in costs:
        per_m = o_i.order.min_cost_per_m
        horizontal = o_i.order.horizontal.tolist()
        gx, gy = g.centre(o_i.goal_node)

        def h(u: int, _v: int, gx: float = float(gx), gy: float = float(gy),
              per_m: float = per_m) -> float:
            x, y = g.centre(u)
            return math.hypot(float(x) - gx, float(y) - gy) * per_m

        def weight(_u: int, _v: int, d: dict[str, float],
                   horizontal: list[float] = horizontal) -> float:
            return d["static"] + horizontal[int(d["k"])]

        t = time.perf_counter()
        nx_path = nx.astar_path(graph, o_i.start_node, o_i.goal_node, heuristic=h,
                                weight=weight)
        nx_times.append(time.perf_counter() - t)
        nx_cost = math.fsum(weight(a, b, graph[a][b]) for a, b in itertools.pairwise(nx_path))
        gap = max(gap, abs(nx_cost - cost) / max(abs(nx_cost), 1e-12))

    def pct(xs: list[float], q: float) -> float:
        return float(np.percentile(np.array(xs) * 1000.0, q))

    median_ms = pct(times, 50)
    print(f"routes={len(times)} planner median_ms={median_ms:.1f} p95_ms={pct(times, 95):.1f}; "
          f"search alone median_ms={pct(search_times, 50):.1f} p95_ms={pct(search_times, 95):.1f}; "
          f"networkx A* median_ms={pct(nx_times, 50):.1f} p95_ms={pct(nx_times, 95):.1f}")
    whole = statistics.median(nx_times) / statistics.median(times)
    print(f"whole planner (search + smoothing + profile + energy + crossings) vs networkx "
          f"search: {whole:.1f}x")
    speedup = statistics.median(nx_times) / statistics.median(search_times)
    print(f"planner median_ms={median_ms:.1f} p95_ms={pct(times, 95):.1f} "
          f"speedup_vs_networkx={speedup:.1f} max_cost_gap={gap:.2e}")


if __name__ == "__main__":
    main()
