"""Road and railway corridors cut into grid cells, and what a segment does with them.

A corridor is the band of ``transport_corridor_m`` either side of the lines of a layer. It is
cut into one piece per grid cell, so the metres a segment flies over it and the number of
times it enters it are sums over the cells the segment runs through; the graph's edges and the
smoother's shortcuts use the same function, so their costs agree.

Entries come from the boundary: a segment crossing the corridor's edge ``b`` times, starting
inside (``s`` = 1) or not and ending inside (``e`` = 1) or not, enters it ``(b + e - s) / 2``
times. Entries add up along a path.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

from kizuna.geo.vector import VectorLayer

__all__ = ["Corridor", "corridor_of"]


@dataclass(frozen=True, eq=False)
class Corridor:
    """A corridor (metric polygon) with its per-cell pieces on a planning grid."""

    kind: str
    area: BaseGeometry
    piece_index: dict[int, int]
    pieces: NDArray[np.object_]
    boundaries: NDArray[np.object_]

    @property
    def empty(self) -> bool:
        """Whether there is no corridor at all (no line in the layer)."""
        return len(self.pieces) == 0

    def over_and_entries(self, x0: NDArray[np.float64], y0: NDArray[np.float64],
                         x1: NDArray[np.float64], y1: NDArray[np.float64],
                         cell_ids: NDArray[np.int64], seg_ids: NDArray[np.int64],
                         n: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Metres over the corridor and entries into it of ``n`` segments.

        ``cell_ids`` and ``seg_ids`` list, pair by pair, the flat cell ids each segment meets.
        """
        over = np.zeros(n)
        cross = np.zeros(n)
        if self.empty or n == 0:
            return over, cross
        lookup = np.array([self.piece_index.get(int(c), -1) for c in cell_ids], dtype=np.int64)
        hit = lookup >= 0
        if hit.any():
            s = seg_ids[hit]
            lines = shapely.linestrings(np.stack(
                [np.column_stack([x0[s], y0[s]]), np.column_stack([x1[s], y1[s]])], axis=1))
            inter = shapely.intersection(lines, self.pieces[lookup[hit]])
            np.add.at(over, s, shapely.length(inter))
            pts = shapely.intersection(lines, self.boundaries[lookup[hit]])
            counts = shapely.get_num_coordinates(pts).astype(float)
            np.add.at(cross, s, counts)
        start_in = shapely.contains_xy(self.area, x0, y0)
        end_in = shapely.contains_xy(self.area, x1, y1)
        entries = np.maximum(0.0, np.round((cross + end_in - start_in) / 2.0))
        return over, entries


def corridor_of(kind: str, layer: VectorLayer, half_width_m: float, minx: float, maxy: float,
                cell_m: float, shape: tuple[int, int]) -> Corridor:
    """Buffer the lines of ``layer`` and cut the band into the grid's cells."""
    rows, cols = shape
    if len(layer) == 0:
        empty = np.empty(0, dtype=object)
        return Corridor(kind, shapely.GeometryCollection(), {}, empty, empty)
    area = shapely.union_all([g.buffer(half_width_m, quad_segs=4) for g in layer.geometries])
    shapely.prepare(area)
    bminx, bminy, bmaxx, bmaxy = area.bounds
    c0 = max(0, int((bminx - minx) // cell_m))
    c1 = min(cols - 1, int((bmaxx - minx) // cell_m))
    r0 = max(0, int((maxy - bmaxy) // cell_m))
    r1 = min(rows - 1, int((maxy - bminy) // cell_m))
    rr, cc = np.mgrid[r0:r1 + 1, c0:c1 + 1]
    rr, cc = rr.ravel(), cc.ravel()
    boxes = shapely.box(minx + cc * cell_m, maxy - (rr + 1) * cell_m,
                        minx + (cc + 1) * cell_m, maxy - rr * cell_m)
    meets = shapely.intersects(area, boxes)
    rr, cc, boxes = rr[meets], cc[meets], boxes[meets]
    pieces = shapely.intersection(area, boxes)
    # The boundary piece holds only the corridor's own edge, not the cell's sides.
    boundaries = shapely.intersection(area.boundary, boxes)
    nonempty = ~shapely.is_empty(pieces)
    rr, cc = rr[nonempty], cc[nonempty]
    pieces, boundaries = pieces[nonempty], boundaries[nonempty]
    index = {int(r) * cols + int(c): i for i, (r, c) in enumerate(zip(rr, cc, strict=True))}
    return Corridor(kind, area, index, np.asarray(pieces, dtype=object),
                    np.asarray(boundaries, dtype=object))


