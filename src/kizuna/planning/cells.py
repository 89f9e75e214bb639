"""Which grid cells a straight segment passes through, and how far it runs in each.

Coordinates are in grid units: column ``u`` grows east, row ``v`` grows south, cell ``(r, c)``
covers ``[c, c+1) x [r, r+1)``. The line of sight of the planner is exact on this grid: a
segment is clear when every cell it meets is clear, corners included.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

__all__ = ["segment_cells", "touched_cells"]

_EPS = 1e-9


def _breaks(u0: float, v0: float, u1: float, v1: float) -> NDArray[np.float64]:
    ts = [0.0, 1.0]
    for a, b in ((u0, u1), (v0, v1)):
        if abs(b - a) > _EPS:
            lo, hi = sorted((a, b))
            k = np.arange(math.floor(lo) + 1, math.ceil(hi))
            ts.extend(((k - a) / (b - a)).tolist())
    return np.unique(np.clip(np.asarray(ts), 0.0, 1.0))


def segment_cells(u0: float, v0: float, u1: float, v1: float
                  ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """Rows, columns and lengths (grid units) of the cells a segment runs through, in order."""
    t = _breaks(u0, v0, u1, v1)
    mid = (t[:-1] + t[1:]) / 2
    keep = (t[1:] - t[:-1]) > _EPS
    mid, dt = mid[keep], (t[1:] - t[:-1])[keep]
    length = math.hypot(u1 - u0, v1 - v0)
    cols = np.floor(u0 + mid * (u1 - u0)).astype(np.int64)
    rows = np.floor(v0 + mid * (v1 - v0)).astype(np.int64)
    return rows, cols, dt * length


def touched_cells(u0: float, v0: float, u1: float, v1: float
                  ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Rows and columns of every cell a segment meets, including cells it only touches at a
    corner or an edge (conservative: for the line of sight against blocked cells)."""
    t = _breaks(u0, v0, u1, v1)
    rows, cols, _ = segment_cells(u0, v0, u1, v1)
    pu = u0 + t * (u1 - u0)
    pv = v0 + t * (v1 - v0)
    extra_r: list[NDArray[np.int64]] = [rows]
    extra_c: list[NDArray[np.int64]] = [cols]
    for du in (-1e-7, 1e-7):
        for dv in (-1e-7, 1e-7):
            extra_c.append(np.floor(pu + du).astype(np.int64))
            extra_r.append(np.floor(pv + dv).astype(np.int64))
    r = np.concatenate(extra_r)
    c = np.concatenate(extra_c)
    return r, c
