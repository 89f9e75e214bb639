"""Airport restricted surfaces (制限表面) in 3D: how high a drone may fly near an airport.

DOMAIN.md section 2: a drone needs permission for the airspace **above** an airport's restricted
surfaces; below them (outside the premises) it does not. The surfaces, in the scenario's metric
CRS, from the runway strip, the airport's class, reference point and elevation:

- **approach** (進入表面): from each strip end along the runway's axis, ``approach_length_m``
  long, widening from the strip's half-width to the outer half-width, rising at the class's
  slope from the strip end's elevation;
- **transitional** (転移表面): from the strip's sides and the approach surfaces' sides, rising at
  ``transitional_slope`` until it meets the horizontal surface;
- **horizontal** (水平表面): ``horizontal_height_m`` above the reference point's elevation within
  the class's radius of it;
- at designated airports (Art. 56) also **conical** (円錐表面, rising from the horizontal
  surface's edge to ``conical_radius_m``) and **outer horizontal** (外側水平表面, up to
  ``outer_horizontal_radius_m``).

Over the runway strip itself the ceiling is -inf: the premises are never free (DOMAIN.md:
no permission is needed below the surfaces *outside* the premises).
Where several surfaces lie over a point the lowest one counts, since the airspace above any of
them is restricted. At the 8 large airports (``restricts_below``) the airspace under the approach
and transitional surfaces and over the strip is restricted too: there the ceiling is -inf.

The figures come from ``kizuna/config/airports.json`` (`surface_figures`, `airport_surfaces`);
a scenario built from a user's files fills the same `AirportSurfaces` value.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidInput

__all__ = [
    "AirportSurfaces",
    "SurfaceFootprint",
    "airport_surface_config",
    "surfaces_from_config",
]

Floats = NDArray[np.float64]


@dataclass(frozen=True)
class SurfaceFootprint:
    """Where one surface lies (metric polygon) and the heights it spans there (m AMSL)."""

    name: str
    area: BaseGeometry
    low_amsl_m: float
    high_amsl_m: float


@dataclass(frozen=True)
class AirportSurfaces:
    """The restricted surfaces of one airport, in a metric CRS.

    Parameters
    ----------
    end_a, end_b
        The runway's two ends (x, y), metres.
    elevation_m
        Airport elevation (AMSL), used for the strip, the approach surfaces' start and the
        reference point.
    reference_xy
        The airport reference point.
    strip_half_width_m, strip_end_m
        Half-width of the runway strip and how far it extends beyond each runway end.
    approach_length_m, approach_outer_half_width_m, approach_slope
        The approach surfaces' length, outer half-width and rise per metre.
    transitional_slope
        Rise per metre of the transitional surfaces (1/7).
    horizontal_height_m, horizontal_radius_m
        The horizontal surface's height above the elevation and its radius.
    designated
        An airport designated under Art. 56, with conical and outer horizontal surfaces.
    conical_slope, conical_radius_m, outer_horizontal_height_m, outer_horizontal_radius_m
        The conical and outer horizontal surfaces (designated airports only).
    restricts_below
        One of the 8 large airports where the airspace under the approach and transitional
        surfaces and over the premises is restricted as well.
    """

    end_a: tuple[float, float]
    end_b: tuple[float, float]
    elevation_m: float
    reference_xy: tuple[float, float]
    strip_half_width_m: float
    strip_end_m: float
    approach_length_m: float
    approach_outer_half_width_m: float
    approach_slope: float
    transitional_slope: float
    horizontal_height_m: float
    horizontal_radius_m: float
    designated: bool = False
    conical_slope: float = 0.02
    conical_radius_m: float = 16500.0
    outer_horizontal_height_m: float = 295.0
    outer_horizontal_radius_m: float = 24000.0
    restricts_below: bool = False

    def __post_init__(self) -> None:
        for name in ("strip_half_width_m", "approach_length_m", "approach_slope",
                     "transitional_slope", "horizontal_height_m", "horizontal_radius_m",
                     "conical_slope", "conical_radius_m", "outer_horizontal_height_m",
                     "outer_horizontal_radius_m"):
            v = getattr(self, name)
            if not (isinstance(v, int | float) and math.isfinite(v) and v > 0):
                raise InvalidInput(f"airport surfaces: {name} must be a positive number, got "
                                   f"{v!r}", field=name)
        if not (math.isfinite(self.strip_end_m) and self.strip_end_m >= 0):
            raise InvalidInput("airport surfaces: strip_end_m must be >= 0", field="strip_end_m")
        if self.approach_outer_half_width_m < self.strip_half_width_m:
            raise InvalidInput("airport surfaces: the approach surface cannot narrow outwards",
                               field="approach_outer_half_width_m")
        if math.dist(self.end_a, self.end_b) <= 0:
            raise InvalidInput("airport surfaces: the runway's ends coincide", field="ends")
        if not math.isfinite(self.elevation_m):
            raise InvalidInput("airport surfaces: elevation_m must be finite",
                               field="elevation_m")

    # -- the runway's frame -----------------------------------------------------------------
    @property
    def _axis(self) -> tuple[float, float, float, float, float]:
        (xa, ya), (xb, yb) = self.end_a, self.end_b
        length = math.hypot(xb - xa, yb - ya)
        ux, uy = (xb - xa) / length, (yb - ya) / length
        return (xa + xb) / 2, (ya + yb) / 2, ux, uy, length / 2 + self.strip_end_m

    @property
    def horizontal_amsl_m(self) -> float:
        """Height of the horizontal surface above mean sea level."""
        return self.elevation_m + self.horizontal_height_m

    def _local(self, x: Floats, y: Floats) -> tuple[Floats, Floats]:
        mx, my, ux, uy, _ = self._axis
        dx, dy = x - mx, y - my
        return dx * ux + dy * uy, np.abs(dx * uy - dy * ux)

    def _half_width(self, d: Floats) -> Floats:
        grow = (self.approach_outer_half_width_m - self.strip_half_width_m) / self.approach_length_m
        out: Floats = self.strip_half_width_m + d * grow
        return out

    # -- heights ------------------------------------------------------------------------------
    def ceiling_amsl(self, x: ArrayLike, y: ArrayLike) -> Floats:
        """The lowest surface over each metric point (m AMSL); +inf where there is none.

        A flight at or below it needs no airport permission; above it, it does.
        """
        xs, ys = np.asarray(x, float), np.asarray(y, float)
        a, b = self._local(xs, ys)
        half = self._axis[4]
        elev = self.elevation_m
        top = self.horizontal_amsl_m
        ceiling = np.full(np.broadcast(xs, ys).shape, np.inf)

        strip = (np.abs(a) <= half) & (b <= self.strip_half_width_m)
        ceiling = np.where(strip, -np.inf, ceiling)
        beside = (np.abs(a) <= half) & ~strip
        trans_strip = elev + (b - self.strip_half_width_m) * self.transitional_slope
        under_top = trans_strip <= top
        ceiling = np.where(beside & under_top, np.minimum(ceiling, trans_strip), ceiling)
        low = strip | (beside & under_top)

        d = np.abs(a) - half
        along = (d > 0) & (d <= self.approach_length_m)
        width = self._half_width(np.maximum(d, 0.0))
        approach_h = elev + d * self.approach_slope
        inside = along & (b <= width)
        ceiling = np.where(inside, np.minimum(ceiling, approach_h), ceiling)
        trans_app = approach_h + (b - width) * self.transitional_slope
        side = along & (b > width) & (trans_app <= top)
        ceiling = np.where(side, np.minimum(ceiling, trans_app), ceiling)
        low = low | inside | side

        r = np.hypot(xs - self.reference_xy[0], ys - self.reference_xy[1])
        ceiling = np.where(r <= self.horizontal_radius_m, np.minimum(ceiling, top), ceiling)
        if self.designated:
            conical = top + (r - self.horizontal_radius_m) * self.conical_slope
            cone = (r > self.horizontal_radius_m) & (r <= self.conical_radius_m)
            ceiling = np.where(cone, np.minimum(ceiling, conical), ceiling)
            outer = elev + self.outer_horizontal_height_m
            ring = (r > self.conical_radius_m) & (r <= self.outer_horizontal_radius_m)
            ceiling = np.where(ring, np.minimum(ceiling, outer), ceiling)
        if self.restricts_below:
            ceiling = np.where(low, -np.inf, ceiling)
        result: Floats = ceiling
        return result

    def ceiling_near(self, x: ArrayLike, y: ArrayLike, margin_m: float) -> Floats:
        """The lowest ceiling within ``margin_m`` of each point (centre and 8 points round it):
        a flight's lateral contingency must stay under the surfaces too."""
        xs, ys = np.asarray(x, float), np.asarray(y, float)
        out = self.ceiling_amsl(xs, ys)
        if margin_m > 0:
            for k in range(8):
                t = k * math.pi / 4
                out = np.minimum(out, self.ceiling_amsl(xs + margin_m * math.cos(t),
                                                        ys + margin_m * math.sin(t)))
        return out

    # -- footprints -----------------------------------------------------------------------------
    def footprints(self) -> tuple[SurfaceFootprint, ...]:
        """Where each surface lies, with its heights, for maps and the dossier."""
        mx, my, ux, uy, half = self._axis
        nx, ny = uy, -ux
        elev, top = self.elevation_m, self.horizontal_amsl_m

        def at(a: float, b: float) -> tuple[float, float]:
            return mx + a * ux + b * nx, my + a * uy + b * ny

        w0, w1, length = self.strip_half_width_m, self.approach_outer_half_width_m, \
            self.approach_length_m
        strip = Polygon([at(-half, -w0), at(half, -w0), at(half, w0), at(-half, w0)])
        out = [SurfaceFootprint("strip", strip, elev, elev)]
        approaches = []
        for sign in (1.0, -1.0):
            ring = [at(sign * half, -w0), at(sign * (half + length), -w1),
                    at(sign * (half + length), w1), at(sign * half, w0)]
            approaches.append(Polygon(ring))
            out.append(SurfaceFootprint(f"approach {'b' if sign > 0 else 'a'}",
                                        Polygon(ring), elev, elev + length * self.approach_slope))
        # The transitional surface meets the horizontal one where it has risen to its height:
        # beside the strip (top - elev) / slope out, tapering to nothing along the approach
        # surface where that reaches the horizontal height.
        reach = (top - elev) / self.transitional_slope
        meet = min(length, (top - elev) / self.approach_slope)
        wm = w0 + meet * (w1 - w0) / length
        outline = Polygon([at(-half - meet, -wm), at(-half, -w0 - reach), at(half, -w0 - reach),
                           at(half + meet, -wm), at(half + meet, wm), at(half, w0 + reach),
                           at(-half, w0 + reach), at(-half - meet, wm)])
        transitional = outline.difference(shapely.union_all([strip, *approaches]))
        out.append(SurfaceFootprint("transitional", transitional, elev, top))
        disc = Point(self.reference_xy).buffer(self.horizontal_radius_m, quad_segs=32)
        out.append(SurfaceFootprint("horizontal", disc, top, top))
        if self.designated:
            cone = Point(self.reference_xy).buffer(self.conical_radius_m, quad_segs=32)
            outer = Point(self.reference_xy).buffer(self.outer_horizontal_radius_m, quad_segs=32)
            out.append(SurfaceFootprint("conical", cone.difference(disc), top,
                                        top + (self.conical_radius_m - self.horizontal_radius_m)
                                        * self.conical_slope))
            high = elev + self.outer_horizontal_height_m
            out.append(SurfaceFootprint("outer horizontal", outer.difference(cone), high, high))
        return tuple(out)

    def outline(self) -> BaseGeometry:
        """Everywhere some surface lies (the union of the footprints)."""
        return shapely.union_all([f.area for f in self.footprints()])

    def premises(self) -> Polygon:
        """The runway strip: the airport's premises as far as the surfaces know them."""
        return Polygon(self.footprints()[0].area)


# -- configuration -----------------------------------------------------------------------------


@cache
def _config() -> dict[str, Any]:
    text = resources.files("kizuna.config").joinpath("airports.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def airport_surface_config(airport_id: str) -> dict[str, Any] | None:
    """The configured surfaces of ``airport_id`` (``kizuna/config/airports.json``), or None."""
    found: dict[str, Any] | None = _config()["airports"].get(airport_id)
    return found


def surfaces_from_config(entry: dict[str, Any], metric: Any,
                         figures: dict[str, Any] | None = None) -> AirportSurfaces:
    """`AirportSurfaces` from one airport's configuration entry.

    ``metric(lon, lat) -> (x, y)`` converts to the scenario's CRS; ``figures`` default to the
    bundled ones. Raises `InvalidInput` naming the missing or bad key.
    """
    fig = figures or _config()["figures"]
    try:
        cls = str(entry["class"])
        precision = bool(entry.get("precision_approach", False))
        (lon_a, lat_a), (lon_b, lat_b) = entry["ends"]
        ref_lon, ref_lat = entry["reference_point"]
        slope = fig["approach_slope"]["precision" if precision else cls]
        radius = fig["horizontal_radius_m"][cls]
        outer_half = fig["approach_outer_half_width_m"][
            "precision" if precision else "non_precision"]
        return AirportSurfaces(
            end_a=metric(lon_a, lat_a), end_b=metric(lon_b, lat_b),
            elevation_m=float(entry["elevation_m"]), reference_xy=metric(ref_lon, ref_lat),
            strip_half_width_m=float(entry.get("strip_half_width_m", 150.0)),
            strip_end_m=float(fig["strip_end_m"]),
            approach_length_m=float(fig["approach_length_m"]),
            approach_outer_half_width_m=float(outer_half), approach_slope=float(slope),
            transitional_slope=float(fig["transitional_slope"]),
            horizontal_height_m=float(fig["horizontal_height_m"]),
            horizontal_radius_m=float(radius),
            designated=bool(entry.get("designated", False)),
            conical_slope=float(fig["conical_slope"]),
            conical_radius_m=float(fig["conical_radius_m"]),
            outer_horizontal_height_m=float(fig["outer_horizontal_height_m"]),
            outer_horizontal_radius_m=float(fig["outer_horizontal_radius_m"]),
            restricts_below=bool(entry.get("restricts_below", False)))
    except KeyError as exc:
        raise InvalidInput(f"airport surfaces: {exc.args[0]} is missing or unknown",
                           field="airports") from None
    except (TypeError, ValueError) as exc:
        if isinstance(exc, InvalidInput):
            raise
        raise InvalidInput(f"airport surfaces: {exc}", field="airports") from None
