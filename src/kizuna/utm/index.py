"""A spatio-temporal grid index of volumes: cells (x, y, t) -> the volumes that touch them.

Each volume is filed under every cell its bounding box and time window touch. Two volumes that
conflict overlap with positive area and positive duration, so they always share a cell: the
cells give a superset of the conflicting volumes, which the exact test then filters. Volumes
touching more than ``max_cells`` cells (a whole-day area, say) go to an "oversize" list that
every query scans, so the grid never blows up and never misses one.

Cell keys are 64-bit integers (time bucket in the high 32 bits, x and y in 16 bits each). Two
far-apart cells may share a key (x or y wraps every 65,536 cells): that only adds candidates,
never loses one. The database airspace takes its advisory locks on the same keys.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely
from numpy.typing import NDArray

from kizuna.errors import InvalidInput
from kizuna.utm.conflict import MIN_OVERLAP_AREA_M2, volumes_conflict
from kizuna.utm.frame import ProjectedVolume

__all__ = ["CellGrid", "GridIndex"]


@dataclass(frozen=True)
class CellGrid:
    """The cell size of the index: ``cell_m`` metres square by ``cell_s`` seconds."""

    cell_m: float = 500.0
    cell_s: float = 300.0
    max_cells: int = 2048

    def __post_init__(self) -> None:
        if not (math.isfinite(self.cell_m) and self.cell_m > 0):
            raise InvalidInput(f"cell_m must be positive, got {self.cell_m}", field="cell_m")
        if not (math.isfinite(self.cell_s) and self.cell_s > 0):
            raise InvalidInput(f"cell_s must be positive, got {self.cell_s}", field="cell_s")
        if self.max_cells < 1:
            raise InvalidInput("max_cells must be at least 1", field="max_cells")

    def ranges(self, v: ProjectedVolume) -> tuple[range, range, range]:
        """The x, y and time index ranges a volume touches (bounds inclusive)."""
        m, s = self.cell_m, self.cell_s
        return (range(math.floor(v.minx / m), math.floor(v.maxx / m) + 1),
                range(math.floor(v.miny / m), math.floor(v.maxy / m) + 1),
                range(math.floor(v.t_start / s), math.floor(v.t_end / s) + 1))

    def count(self, v: ProjectedVolume) -> int:
        """How many cells a volume touches."""
        rx, ry, rt = self.ranges(v)
        return len(rx) * len(ry) * len(rt)

    def keys(self, v: ProjectedVolume) -> list[int] | None:
        """The cell keys of a volume, or None when it touches more than ``max_cells``."""
        if self.count(v) > self.max_cells:
            return None
        rx, ry, rt = self.ranges(v)
        return [((t & 0xFFFFFFFF) << 32) | ((x & 0xFFFF) << 16) | (y & 0xFFFF)
                for t in rt for x in rx for y in ry]


@dataclass(eq=False)
class GridIndex:
    """A mutable index of the volumes of active intents."""

    grid: CellGrid = field(default_factory=CellGrid)
    _cells: dict[int, set[int]] = field(default_factory=dict, init=False, repr=False)
    _entries: dict[int, tuple[str, ProjectedVolume, list[int] | None]] = field(
        default_factory=dict, init=False, repr=False)
    _by_intent: dict[str, list[int]] = field(default_factory=dict, init=False, repr=False)
    _oversize: set[int] = field(default_factory=set, init=False, repr=False)
    _next: int = field(default=0, init=False, repr=False)
    _free: list[int] = field(default_factory=list, init=False, repr=False)
    # Per slot: t_start, t_end, z_lower, z_upper, minx, miny, maxx, maxy, reference code. Large
    # candidate sets are filtered here in one numpy pass instead of one Python test each.
    _rows: NDArray[np.float64] = field(default_factory=lambda: np.zeros((1024, 9)), init=False,
                                       repr=False)
    _refs: dict[str, float] = field(default_factory=dict, init=False, repr=False)

    def __len__(self) -> int:
        """Number of indexed intents."""
        return len(self._by_intent)

    def __contains__(self, intent_id: object) -> bool:
        return intent_id in self._by_intent

    def insert(self, intent_id: str, volumes: Sequence[ProjectedVolume]) -> None:
        """File an intent's volumes (an intent id already present is an error)."""
        if intent_id in self._by_intent:
            raise InvalidInput(f"intent {intent_id!r} is already indexed", field="id")
        slots: list[int] = []
        for v in volumes:
            if self._free:
                slot = self._free.pop()
            else:
                slot, self._next = self._next, self._next + 1
                if slot >= len(self._rows):
                    self._rows = np.concatenate([self._rows, np.zeros_like(self._rows)])
            ref = self._refs.setdefault(v.reference, float(len(self._refs)))
            self._rows[slot] = (v.t_start, v.t_end, v.z_lower, v.z_upper, v.minx, v.miny,
                                v.maxx, v.maxy, ref)
            keys = self.grid.keys(v)
            self._entries[slot] = (intent_id, v, keys)
            if keys is None:
                self._oversize.add(slot)
            else:
                cells = self._cells
                for k in keys:
                    bucket = cells.get(k)
                    if bucket is None:
                        cells[k] = {slot}
                    else:
                        bucket.add(slot)
            slots.append(slot)
        self._by_intent[intent_id] = slots

    def remove(self, intent_id: str) -> bool:
        """Drop an intent's volumes; False when it was not indexed."""
        slots = self._by_intent.pop(intent_id, None)
        if slots is None:
            return False
        for slot in slots:
            _, _, keys = self._entries.pop(slot)
            self._free.append(slot)
            if keys is None:
                self._oversize.discard(slot)
                continue
            for k in keys:
                bucket = self._cells[k]
                bucket.discard(slot)
                if not bucket:
                    del self._cells[k]
        return True

    def _candidate_slots(self, v: ProjectedVolume) -> Iterable[int]:
        keys = self.grid.keys(v)
        if keys is None:  # a huge query: scanning every entry is cheaper than its cells
            return self._entries.keys()
        cells = self._cells
        found: set[int] = set(self._oversize)
        for k in keys:
            bucket = cells.get(k)
            if bucket is not None:
                found |= bucket
        return found

    def candidates(self, volume: ProjectedVolume) -> Iterator[tuple[str, ProjectedVolume]]:
        """(intent id, volume) pairs that may conflict with ``volume`` (a superset)."""
        entries = self._entries
        for slot in self._candidate_slots(volume):
            intent_id, v, _ = entries[slot]
            yield intent_id, v

    def conflicting(self, volumes: Sequence[ProjectedVolume],
                    min_area_m2: float = MIN_OVERLAP_AREA_M2) -> set[str]:
        """Ids of indexed intents with a volume in exact conflict with any of ``volumes``.

        The same decision as :func:`volumes_conflict` on every candidate: the cheap tests run
        per candidate in Python, then the survivors' shapes go to GEOS in one vectorised call.
        """
        found: set[str] = set()
        entries = self._entries
        for q in volumes:
            t0, t1, z0, z1 = q.t_start, q.t_end, q.z_lower, q.z_upper
            x0, y0, x1, y1 = q.minx, q.miny, q.maxx, q.maxy
            shapes: list[tuple[str, ProjectedVolume]] = []
            for slot in self._prefilter(q, self._candidate_slots(q)):
                intent_id, v, _ = entries[slot]
                if intent_id in found or t0 >= v.t_end or v.t_start >= t1:
                    continue
                if v.reference != q.reference:
                    volumes_conflict(q, v, min_area_m2)  # raises the mixed-reference error
                if (z0 >= v.z_upper or v.z_lower >= z1 or x0 >= v.maxx or v.minx >= x1
                        or y0 >= v.maxy or v.miny >= y1):
                    continue
                if q.circle is not None and v.circle is not None:
                    if volumes_conflict(q, v, min_area_m2):
                        found.add(intent_id)
                else:
                    shapes.append((intent_id, v))
            if not shapes:
                continue
            geoms = np.fromiter((v.geometry for _, v in shapes), dtype=object,
                                count=len(shapes))
            if len(shapes) > 2:
                shapely.prepare(q.geometry)  # one query against many shapes
            touching = shapely.intersects(q.geometry, geoms)
            if not touching.any():
                continue
            areas = shapely.area(shapely.intersection(q.geometry, geoms[touching]))
            hits = np.flatnonzero(touching)[areas > min_area_m2]
            found.update(shapes[i][0] for i in hits)
        return found

    def _prefilter(self, q: ProjectedVolume, slots: Iterable[int]) -> Iterable[int]:
        """Drop candidates failing the time, altitude or box test (same strict inequalities)."""
        if not isinstance(slots, set) or len(slots) < 64:
            return slots
        idx = np.fromiter(slots, dtype=np.int64, count=len(slots))
        r = self._rows[idx]
        timely = (q.t_start < r[:, 1]) & (r[:, 0] < q.t_end)
        if (timely & (r[:, 8] != self._refs.get(q.reference, -1.0))).any():
            return [int(i) for i in idx[timely]]  # the scalar path raises the mixed-reference error
        keep = (timely & (q.z_lower < r[:, 3]) & (r[:, 2] < q.z_upper) & (q.minx < r[:, 6])
                & (r[:, 4] < q.maxx) & (q.miny < r[:, 7]) & (r[:, 5] < q.maxy))
        return [int(i) for i in idx[keep]]

    def volumes_of(self, intent_id: str) -> list[ProjectedVolume]:
        """The indexed volumes of one intent."""
        return [self._entries[s][1] for s in self._by_intent.get(intent_id, [])]
