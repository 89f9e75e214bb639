"""The exact 4D conflict test between two volumes, cheap tests first.

Two volumes conflict when all three overlaps hold:

1. their time windows overlap for a positive length (touching windows do not conflict);
2. their altitude bands overlap for a positive height (touching bands do not conflict);
3. their ground shapes overlap by more than :data:`MIN_OVERLAP_AREA_M2` in the metric frame.

The order is time, altitude, bounding box, then the exact shapes, as in interuss/monitoring.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from kizuna.errors import InvalidInput
from kizuna.utm.frame import ProjectedVolume

__all__ = ["MIN_OVERLAP_AREA_M2", "circle_overlap_area", "intents_conflict", "overlap_area",
           "volumes_conflict"]

#: Ground overlap below this is a shared edge or rounding, not a conflict (1 cm²).
MIN_OVERLAP_AREA_M2 = 1e-4


def circle_overlap_area(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """Exact area of the lens where two circles (x, y, r) overlap."""
    (x1, y1, r1), (x2, y2, r2) = a, b
    d = math.hypot(x2 - x1, y2 - y1)
    if d >= r1 + r2:
        return 0.0
    if d <= abs(r1 - r2):
        return math.pi * min(r1, r2) ** 2
    c1 = max(-1.0, min(1.0, (d * d + r1 * r1 - r2 * r2) / (2 * d * r1)))
    c2 = max(-1.0, min(1.0, (d * d + r2 * r2 - r1 * r1) / (2 * d * r2)))
    k = (-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2)
    return r1 * r1 * math.acos(c1) + r2 * r2 * math.acos(c2) - 0.5 * math.sqrt(max(k, 0.0))


def overlap_area(a: ProjectedVolume, b: ProjectedVolume) -> float:
    """Area (m²) of the intersection of the two ground shapes."""
    if a.circle is not None and b.circle is not None:
        return circle_overlap_area(a.circle, b.circle)
    return float(a.geometry.intersection(b.geometry).area)


def volumes_conflict(a: ProjectedVolume, b: ProjectedVolume,
                     min_area_m2: float = MIN_OVERLAP_AREA_M2) -> bool:
    """Do two volumes (projected into the same frame) conflict?

    Raises
    ------
    InvalidInput
        When the volumes overlap in time but their altitudes use different references, which
        cannot be compared without terrain or geoid data.
    """
    if a.t_start >= b.t_end or b.t_start >= a.t_end:
        return False
    if a.reference != b.reference:
        raise InvalidInput(f"cannot compare altitudes referenced to {a.reference} and "
                           f"{b.reference}", field="altitude_reference")
    if a.z_lower >= b.z_upper or b.z_lower >= a.z_upper:
        return False
    if a.minx >= b.maxx or b.minx >= a.maxx or a.miny >= b.maxy or b.miny >= a.maxy:
        return False
    return overlap_area(a, b) > min_area_m2


def intents_conflict(a: Sequence[ProjectedVolume], b: Iterable[ProjectedVolume],
                     min_area_m2: float = MIN_OVERLAP_AREA_M2) -> bool:
    """Does any volume of ``a`` conflict with any volume of ``b``?"""
    return any(volumes_conflict(va, vb, min_area_m2) for vb in b for va in a)
