"""The vertical profile: a height above ground held along the path, following the terrain.

Along the 2D path, sampled every ``profile_step_m``:

* ``floor = ground_max + clearance`` and ``top = ground_min + ceiling``, where ground_max and
  ground_min are the highest and lowest terrain within half a step along the track;
* the aim is ``ground_max + target_agl``;
* a backward pass starts climbs early enough for the profile's climb rate at cruise speed
  (slope ``climb / cruise``), a forward pass spreads descents over the descent rate;
* near an airport whose permission is not held, ``top`` is also the lowest restricted surface
  within the margin (``cap_amsl``): the profile passes under a surface, never through it;
* the result is clamped to ``top`` (where the terrain is steeper than the rates, the aircraft
  slows down to climb: the energy model prices that);
* the samples are thinned (Douglas-Peucker per straight leg) to waypoints whose straight
  connection stays within ``altitude_tolerance_m`` of the profile and inside
  ``[floor, top]`` at every sample.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from kizuna.errors import Infeasible
from kizuna.scenario.model import Scenario

__all__ = ["VerticalProfile", "vertical_profile"]

Floats = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class VerticalProfile:
    """Dense samples of the path and the waypoints kept from them."""

    s: Floats
    x: Floats
    y: Floats
    ground: Floats
    floor: Floats
    top: Floats
    altitude: Floats  # AMSL, dense
    keep: NDArray[np.int64]  # indices of the waypoints in the samples

    @property
    def waypoint_altitude(self) -> Floats:
        """Altitudes (AMSL) of the kept waypoints."""
        out: Floats = self.altitude[self.keep]
        return out

    def flown_altitude(self) -> Floats:
        """The altitude actually flown at each sample (straight between kept waypoints)."""
        out: Floats = np.interp(self.s, self.s[self.keep], self.altitude[self.keep])
        return out


def _sample(path: list[tuple[float, float]], step: float) -> tuple[Floats, Floats, Floats,
                                                                     list[int]]:
    xs: list[float] = [path[0][0]]
    ys: list[float] = [path[0][1]]
    ss: list[float] = [0.0]
    vertex_index = [0]
    for (x0, y0), (x1, y1) in itertools.pairwise(path):
        length = math.hypot(x1 - x0, y1 - y0)
        n = max(1, math.ceil(length / step))
        for i in range(1, n + 1):
            t = i / n
            xs.append(x0 + t * (x1 - x0))
            ys.append(y0 + t * (y1 - y0))
            ss.append(ss[-1] + length / n)
        vertex_index.append(len(xs) - 1)
    return np.array(ss), np.array(xs), np.array(ys), vertex_index


def _thin(s: Floats, alt: Floats, floor: Floats, top: Floats, lo: int, hi: int, tol: float,
          keep: set[int]) -> None:
    keep.update((lo, hi))
    if hi - lo < 2:
        return
    seg = slice(lo + 1, hi)
    line = alt[lo] + (alt[hi] - alt[lo]) * (s[seg] - s[lo]) / (s[hi] - s[lo])
    err = np.abs(line - alt[seg])
    bad = (line < floor[seg] - 1e-6) | (line > top[seg] + 1e-6)
    score = np.where(bad, np.inf, err)
    worst = int(np.argmax(score))
    if score[worst] > tol:
        mid = lo + 1 + worst
        _thin(s, alt, floor, top, lo, mid, tol, keep)
        _thin(s, alt, floor, top, mid, hi, tol, keep)


def vertical_profile(scenario: Scenario, path: list[tuple[float, float]], *, step_m: float,
                     target_agl_m: float, clearance_m: float, ceiling_agl_m: float,
                     climb_slope: float, descent_slope: float,
                     tolerance_m: float,
                     cap_amsl: Callable[[Floats, Floats], Floats] | None = None
                     ) -> VerticalProfile:
    """The terrain-following profile along a 2D metric path.

    Raises
    ------
    Infeasible
        Where the terrain leaves no height between the clearance and the ceiling.
    """
    s, x, y, vertices = _sample(path, step_m)
    ux = np.gradient(x) if len(x) > 1 else np.zeros_like(x)
    uy = np.gradient(y) if len(y) > 1 else np.zeros_like(y)
    norm = np.hypot(ux, uy)
    norm[norm == 0] = 1.0
    half = step_m / 2
    probes = [scenario.ground_height(x + f * half * ux / norm, y + f * half * uy / norm)
              for f in (-1.0, -0.5, 0.0, 0.5, 1.0)]
    ground = probes[2]
    gmax = np.max(probes, axis=0)
    gmin = np.min(probes, axis=0)
    floor = gmax + clearance_m
    top = gmin + ceiling_agl_m
    if (floor > top).any():
        i = int(np.argmax(floor - top))
        lon, lat = scenario.to_lonlat(float(x[i]), float(y[i]))
        raise Infeasible(f"terrain: no height between the clearance and the ceiling near "
                         f"({lon:.5f}, {lat:.5f})")
    if cap_amsl is not None:
        top = np.minimum(top, cap_amsl(x, y))
        if (floor > top).any():
            i = int(np.argmax(floor - top))
            lon, lat = scenario.to_lonlat(float(x[i]), float(y[i]))
            raise Infeasible(f"airport: a restricted surface leaves no height above the "
                             f"clearance near ({lon:.5f}, {lat:.5f}) (permission needed)")
    alt = gmax + target_agl_m
    ds = np.diff(s)
    for i in range(len(alt) - 2, -1, -1):
        alt[i] = max(alt[i], alt[i + 1] - climb_slope * ds[i])
    for i in range(1, len(alt)):
        alt[i] = max(alt[i], alt[i - 1] - descent_slope * ds[i - 1])
    alt = np.minimum(alt, top)
    keep: set[int] = set()
    for a, b in itertools.pairwise(vertices):
        _thin(s, alt, floor, top, a, b, tolerance_m, keep)
    return VerticalProfile(s, x, y, ground, floor, top, alt,
                           np.array(sorted(keep), dtype=np.int64))
