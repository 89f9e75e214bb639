"""The altitude band over a route: en-route flight, not the take-off and landing at the pads.

A permit's altitude band governs en-route flight. A multirotor leaves its pad vertically and
lands vertically, so every real route starts and ends at 0 m AGL, below any floor. The rule
(docs/permits.md, "Altitude band"):

- The route is cut into **legs** at its stops (intermediate landings, e.g. a drop spot);
  without stops it is one leg.
- A leg's **take-off** is the part from its first position until the route first reaches the
  band's floor (the crossing point is interpolated linearly between positions); its
  **landing** is the part after it last leaves the floor, to its last position. Everything
  between is **en route**.
- The take-off and landing are exempt from the floor when every point of them lies within
  ``radius_m`` horizontally of the leg's first (take-off) or last (landing) position. A pure
  vertical leg (distance 0) always is; a long low leg before climbing is not.
- The ceiling applies everywhere, take-off and landing included.
- A leg that never reaches the floor has no en-route part and is a breach.

Heights are AGL at the positions and vary linearly between them, so checking positions (and
the interpolated crossing points) is exact; there is nothing between samples to miss.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

__all__ = ["band_breaches", "legs"]

# Heights within this of a band edge are on the edge (floating-point noise).
_EPS_M = 1e-9


def legs(n: int, stops: Sequence[int]) -> list[tuple[int, int]]:
    """(first, last) position indices of each leg of a route of ``n`` positions."""
    cuts = [0, *stops, n - 1]
    return list(itertools.pairwise(cuts))


def band_breaches(xy: Sequence[tuple[float, float]], heights: Sequence[float], floor_m: float,
                  ceiling_m: float, *, stops: Sequence[int] = (),
                  radius_m: float = 50.0) -> list[str]:
    """One-line descriptions of every way the route leaves the band (empty when it keeps it).

    Parameters
    ----------
    xy
        Metric horizontal positions of the route.
    heights
        Height above the ground or water below at each position (m).
    floor_m, ceiling_m
        The band.
    stops
        Indices of intermediate landings (each ends one leg and starts the next).
    radius_m
        Horizontal distance from a leg's end within which flight below the floor is the
        take-off or landing (exempt).
    """
    out: list[str] = []
    top = max(heights)
    if top > ceiling_m + _EPS_M:
        out.append(f"the route climbs to {top:g} m AGL, above the band's ceiling of "
                   f"{ceiling_m:g} m")
    floor = floor_m - _EPS_M
    many = len(stops) > 0
    for k, (a, b) in enumerate(legs(len(heights), stops)):
        which = f"leg {k + 1}" if many else "the route"
        h = list(heights[a:b + 1])
        p = list(xy[a:b + 1])
        above = [i for i, v in enumerate(h) if v >= floor]
        if not above:
            out.append(f"{which} never reaches the band's floor of {floor_m:g} m "
                       f"(highest {max(h):g} m AGL)")
            continue
        i0, i1 = above[0], above[-1]
        takeoff = _reach(p[:i0 + 1], h[:i0 + 1], floor_m, p[0])
        if takeoff > radius_m:
            out.append(f"the take-off of {which} flies below the band's floor of {floor_m:g} m "
                       f"up to {takeoff:.0f} m from its start (exempt within {radius_m:g} m)")
        landing = _reach(p[i1:][::-1], h[i1:][::-1], floor_m, p[-1])
        if landing > radius_m:
            out.append(f"the landing of {which} flies below the band's floor of {floor_m:g} m "
                       f"from {landing:.0f} m before its end (exempt within {radius_m:g} m)")
        low = min(h[i0:i1 + 1])
        if low < floor:
            out.append(f"{which} descends to {low:g} m AGL en route, below the band's floor "
                       f"of {floor_m:g} m")
    return out


def _reach(p: list[tuple[float, float]], h: list[float], floor_m: float,
           origin: tuple[float, float]) -> float:
    """Farthest horizontal distance from ``origin`` flown below the floor, along positions
    ``p`` whose last one is the first at or above it (the crossing point is interpolated)."""
    if len(p) < 2:
        return 0.0
    far = max(math.dist(origin, q) for q in p[:-1])
    (x0, y0), (x1, y1) = p[-2], p[-1]
    t = (floor_m - h[-2]) / (h[-1] - h[-2]) if h[-1] != h[-2] else 1.0
    t = min(max(t, 0.0), 1.0)
    return max(far, math.dist(origin, (x0 + t * (x1 - x0), y0 + t * (y1 - y0))))
