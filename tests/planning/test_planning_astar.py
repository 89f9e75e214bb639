"""The compiled A* returns a cheapest path of its grid: checked against scipy's Dijkstra on small
seeded grids with random costs, blocked cells, missing edges and winds that forbid headings."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from kizuna.planning.astar import astar
from kizuna.planning.grid import OFFSETS, STEPS

RATE = 2.0  # cheapest cost per cell-length of any edge in these grids


def random_grid(seed: int, rows: int = 14, cols: int = 17, p_blocked: float = 0.15
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Static costs >= 0, a per-direction cost >= RATE x step length (some inf), blocked cells."""
    rng = np.random.default_rng(seed)
    static = rng.exponential(1.0, (rows, cols, 16))
    static[rng.random((rows, cols, 16)) < 0.05] = np.inf
    lengths = np.array([s.length for s in STEPS])
    horizontal = RATE * lengths * (1.0 + rng.uniform(0.0, 1.5, 16))
    horizontal[rng.random(16) < 0.2] = np.inf
    blocked = rng.random((rows, cols)) < p_blocked
    return static, horizontal, blocked


def reference(static: np.ndarray, horizontal: np.ndarray, blocked: np.ndarray, start: int,
              goal: int) -> float:
    """Dijkstra on an explicit edge list: an edge exists when its cost is finite and none of
    the cells it meets is blocked (or off the grid)."""
    rows, cols, _ = static.shape
    heads, tails, weights = [], [], []
    for r, c, k in itertools.product(range(rows), range(cols), range(16)):
        dr, dc = OFFSETS[k]
        met = [(r + a, c + b) for a, b in ((0, 0), *STEPS[k].touched)]
        if any(not (0 <= y < rows and 0 <= x < cols) or blocked[y, x] for y, x in met):
            continue
        w = static[r, c, k] + horizontal[k]
        if math.isfinite(w):
            heads.append(r * cols + c)
            tails.append((r + dr) * cols + c + dc)
            weights.append(w)
    n = rows * cols
    matrix = csr_matrix((weights, (heads, tails)), shape=(n, n))
    return float(dijkstra(matrix, indices=start)[goal])


def path_cost(static: np.ndarray, horizontal: np.ndarray, blocked: np.ndarray,
              path: list[int]) -> float:
    """Cost of a node path, checking that every step is an edge of the grid."""
    cols = static.shape[1]
    total = 0.0
    for a, b in itertools.pairwise(path):
        (ra, ca), (rb, cb) = divmod(a, cols), divmod(b, cols)
        k = OFFSETS.index((rb - ra, cb - ca))
        assert not any(blocked[ra + y, ca + x] for y, x in STEPS[k].touched)
        total += static[ra, ca, k] + horizontal[k]
    return total


@pytest.mark.parametrize("seed", range(40))
def test_cost_equals_dijkstra(seed: int) -> None:
    """Same cost as Dijkstra (or both find no path), and the path's own cost is that cost."""
    static, horizontal, blocked = random_grid(seed)
    rows, cols, _ = static.shape
    rng = np.random.default_rng(1000 + seed)
    start, goal = (int(v) for v in rng.choice(rows * cols, 2, replace=False))
    blocked[divmod(start, cols)] = blocked[divmod(goal, cols)] = False
    expected = reference(static, horizontal, blocked, start, goal)
    path, cost = astar(static, horizontal, blocked, start, goal, RATE)
    if math.isinf(expected):
        assert (path, cost) == ([], math.inf)
        return
    assert cost == pytest.approx(expected, rel=1e-12)
    assert path[0] == start and path[-1] == goal
    assert path_cost(static, horizontal, blocked, path) == pytest.approx(cost, rel=1e-12)


def test_start_is_goal() -> None:
    """A zero-length order costs nothing."""
    static, horizontal, blocked = random_grid(0)
    blocked[0, 0] = False
    assert astar(static, horizontal, blocked, 0, 0, RATE) == ([0], 0.0)


def test_wall_of_blocked_cells_leaves_no_path() -> None:
    """A blocked column splits the grid: no path, even though every edge cost is finite."""
    static, horizontal, blocked = random_grid(3, p_blocked=0.0)
    horizontal[:] = RATE * np.array([s.length for s in STEPS])
    blocked[:, 8] = True
    cols = static.shape[1]
    assert astar(static, horizontal, blocked, 5 * cols + 2, 5 * cols + 14, RATE) == ([],
                                                                                      math.inf)


def test_knight_move_cannot_cut_a_blocked_corner() -> None:
    """On an open grid the straight knight move is the path; blocking a cell it meets (not its
    ends) forces a detour that costs more."""
    static = np.zeros((6, 6, 16))
    horizontal = RATE * np.array([s.length for s in STEPS])
    blocked = np.zeros((6, 6), dtype=bool)
    start, goal = 1 * 6 + 1, 2 * 6 + 3  # (1, 1) -> (2, 3): direction (1, 2)
    path, cost = astar(static, horizontal, blocked, start, goal, RATE)
    assert path == [start, goal] and cost == pytest.approx(RATE * math.sqrt(5))
    blocked[2, 2] = True  # met by the (1, 2) step from (1, 1)
    path, cost = astar(static, horizontal, blocked, start, goal, RATE)
    assert len(path) > 2 and cost > RATE * math.sqrt(5)
    assert cost == pytest.approx(reference(static, horizontal, blocked, start, goal))
