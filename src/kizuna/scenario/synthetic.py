"""Seeded generators for the synthetic layers of the bundled scenarios.

Nothing here is measured data: population, terrain, roads and railways are generated from a seed
and the real coastline, so that the layers look plausible and behave like the real ones (people
live near the coast in towns, hills rise inland, roads link towns) while being labelled synthetic.
Every function takes its randomness from a ``numpy.random.Generator`` passed in, so the same seed
gives the same layers.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from affine import Affine
from numpy.typing import NDArray
from rasterio.features import rasterize
from scipy import ndimage
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from kizuna.errors import InvalidInput
from kizuna.geo.crs import from_wgs84

__all__ = [
    "Grid",
    "PopulationCentre",
    "grid_for_bbox",
    "mask_of",
    "population_density",
    "smooth_noise",
    "terrain_height",
    "wiggly_road",
]

_CORE_SHARE = 0.7  # of a settlement's people in its dense core

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class Grid:
    """A north-up grid in a metric CRS: upper-left corner, cell size and shape."""

    x0: float
    y0: float
    cell_m: float
    rows: int
    cols: int
    epsg: int

    def __post_init__(self) -> None:
        if self.cell_m <= 0 or self.rows <= 0 or self.cols <= 0:
            raise InvalidInput(f"grid needs a positive cell and shape, got {self}")

    @property
    def transform(self) -> Affine:
        """Affine transform from (col, row) to the cell's upper-left corner."""
        return Affine(self.cell_m, 0.0, self.x0, 0.0, -self.cell_m, self.y0)

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, cols)."""
        return (self.rows, self.cols)

    @property
    def cell_area_km2(self) -> float:
        """Area of one cell in km²."""
        return self.cell_m * self.cell_m / 1e6

    def centres(self) -> tuple[FloatArray, FloatArray]:
        """x and y of every cell centre, as (rows, cols) arrays."""
        xs = self.x0 + (np.arange(self.cols) + 0.5) * self.cell_m
        ys = self.y0 - (np.arange(self.rows) + 0.5) * self.cell_m
        x, y = np.meshgrid(xs, ys)
        return x, y


def grid_for_bbox(bbox: tuple[float, float, float, float], epsg: int, cell_m: float,
                  snap_m: float = 1000.0) -> Grid:
    """The grid covering a WGS84 bbox once projected, its edges snapped to ``snap_m``.

    Snapping every grid of a scenario to the same multiple keeps the population and terrain
    grids aligned even when their cells differ.
    """
    west, south, east, north = bbox
    t = np.linspace(0.0, 1.0, 33)
    lon = np.concatenate([west + (east - west) * t, np.full(33, east),
                          east - (east - west) * t, np.full(33, west)])
    lat = np.concatenate([np.full(33, south), south + (north - south) * t,
                          np.full(33, north), north - (north - south) * t])
    x, y = from_wgs84(lon, lat, epsg)
    minx = math.floor(float(x.min()) / snap_m) * snap_m
    maxx = math.ceil(float(x.max()) / snap_m) * snap_m
    miny = math.floor(float(y.min()) / snap_m) * snap_m
    maxy = math.ceil(float(y.max()) / snap_m) * snap_m
    return Grid(minx, maxy, cell_m, round((maxy - miny) / cell_m), round((maxx - minx) / cell_m),
                epsg)


def mask_of(geom: BaseGeometry, grid: Grid) -> BoolArray:
    """Cells whose centre lies in ``geom``."""
    if geom.is_empty:
        return np.zeros(grid.shape, dtype=bool)
    burnt = rasterize([(geom, 1)], out_shape=grid.shape, transform=grid.transform, fill=0,
                      dtype="uint8", all_touched=False)
    return np.asarray(burnt, dtype=bool)


def smooth_noise(shape: tuple[int, int], sigma_cells: float,
                 rng: np.random.Generator) -> FloatArray:
    """Gaussian-filtered white noise, rescaled to mean 0 and standard deviation 1."""
    field = ndimage.gaussian_filter(rng.standard_normal(shape), sigma_cells, mode="reflect")
    std = float(field.std())
    return np.asarray((field - field.mean()) / (std if std > 0 else 1.0), dtype=np.float64)


@dataclass(frozen=True)
class PopulationCentre:
    """A settlement as the population model sees it: where, how many, how spread out."""

    x: float
    y: float
    population: float
    sigma_m: float
    allowed: BoolArray  # cells where its people may live (land of its municipality)


def population_density(grid: Grid, centres: Sequence[PopulationCentre],
                       rural: Sequence[tuple[BoolArray, float]],
                       rng: np.random.Generator) -> FloatArray:
    """People per km² on ``grid``.

    Each centre spreads its population over its allowed cells: 70 % in a Gaussian core
    (``sigma_m``), 30 % in an exponential fringe (scale ``1.5 * sigma_m``), both roughened by
    seeded smooth noise and normalised over the allowed cells, so the integral is exactly the
    population. ``rural`` pairs a mask with a population spread as sparse hamlets over it.
    """
    x, y = grid.centres()
    people = np.zeros(grid.shape)
    for c in centres:
        if c.population <= 0:
            continue
        r = np.hypot(x - c.x, y - c.y)
        rough = np.exp(0.25 * smooth_noise(grid.shape, 2.0, rng))
        core = np.exp(-0.5 * (r / c.sigma_m) ** 2)
        fringe = np.exp(-r / (1.5 * c.sigma_m))
        for share, kernel in ((_CORE_SHARE, core), (1.0 - _CORE_SHARE, fringe)):
            w = np.where(c.allowed, kernel * rough, 0.0)
            total = float(w.sum())
            if total <= 0:
                raise InvalidInput(f"population centre at ({c.x:.0f}, {c.y:.0f}) has no land")
            people += share * c.population * w / total
    for mask, pop in rural:
        if pop <= 0:
            continue
        hamlets = rng.random(grid.shape) < 0.3
        w = np.where(mask & hamlets, np.exp(smooth_noise(grid.shape, 3.0, rng)), 0.0)
        total = float(w.sum())
        if total <= 0:
            raise InvalidInput("rural population given an empty area")
        people += pop * w / total
    return people / grid.cell_area_km2


def terrain_height(grid: Grid, land: BoolArray, lows: Sequence[tuple[float, float, float]],
                   max_m: float, rng: np.random.Generator,
                   west_rise_m: float = 0.0, coast_scale_m: float = 1500.0,
                   frame: BoolArray | None = None) -> FloatArray:
    """Synthetic heights (m AMSL): 0 at sea, hills rising with distance from the coast.

    Heights grow as ``1 - exp(-d / coast_scale_m)`` with the distance ``d`` from the sea, times
    seeded smooth bumps. ``lows`` are (x, y, radius_m) of plains kept low (towns);
    ``west_rise_m`` adds a ramp that rises towards the western edge (a coastal plain backed by an
    inland range). ``frame`` marks the cells inside the data's bbox: cells outside it are not
    sea, so distances are measured to the real coast only. The result is scaled so its highest
    cell is ``max_m``.
    """
    if not land.any():
        return np.zeros(grid.shape)
    not_sea = land if frame is None else land | ~frame
    dist = ndimage.distance_transform_edt(not_sea) * grid.cell_m
    inland = 1.0 - np.exp(-dist / coast_scale_m)
    bumps = smooth_noise(grid.shape, 1500.0 / grid.cell_m, rng)
    detail = smooth_noise(grid.shape, 300.0 / grid.cell_m, rng)
    h = inland * np.clip(1.0 + 0.6 * bumps + 0.15 * detail, 0.05, None)
    if west_rise_m > 0:
        ramp = np.linspace(1.0, 0.0, grid.cols)[None, :] ** 2
        h = h * (1.0 + (west_rise_m / max_m) * 4.0 * ramp)
    x, y = grid.centres()
    for lx, ly, radius in lows:
        h = h * (1.0 - 0.85 * np.exp(-0.5 * (np.hypot(x - lx, y - ly) / radius) ** 2))
    h = np.where(land, np.maximum(h, 0.0), 0.0)
    top = float(h.max())
    return h * (max_m / top) if top > 0 else h


def wiggly_road(points: Sequence[tuple[float, float]], land: BaseGeometry,
                rng: np.random.Generator, amplitude_m: float = 150.0,
                step_m: float = 150.0, inset_m: float = 60.0) -> LineString:
    """A road through ``points`` (metric), bent by seeded smooth offsets and kept on land.

    Each leg is densified every ``step_m`` and offset sideways by a random smooth curve that is
    zero at the leg's ends; vertices that end up at sea are moved to the nearest point of the
    land shrunk by ``inset_m`` (a road follows the shore rather than crossing a bay).
    """
    if len(points) < 2:
        raise InvalidInput("a road needs at least two points")
    core = land.buffer(-inset_m)
    if core.is_empty:
        core = land
    out: list[tuple[float, float]] = [points[0]]
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        length = math.hypot(bx - ax, by - ay)
        n = max(2, math.ceil(length / step_m))
        t = np.linspace(0.0, 1.0, n + 1)[1:]
        nx, ny = (-(by - ay) / length, (bx - ax) / length) if length > 0 else (0.0, 0.0)
        k1, k2 = rng.integers(1, 4, size=2)
        p1, p2 = rng.uniform(0, 2 * math.pi, size=2)
        a1, a2 = rng.uniform(-1, 1, size=2)
        offset = amplitude_m * np.sin(math.pi * t) * (
            a1 * np.sin(k1 * math.pi * t + p1) + 0.5 * a2 * np.sin(k2 * math.pi * t + p2))
        offset[-1] = 0.0
        out.extend(zip((ax + (bx - ax) * t + nx * offset).tolist(),
                       (ay + (by - ay) * t + ny * offset).tolist(), strict=True))
    xy = _snap_to(core, np.asarray(out))
    # A chord between two snapped vertices can still cut across a headland's notch: densify and
    # snap again, which walks the road round the corner.
    for _ in range(2):
        dense = shapely.segmentize(LineString(xy), step_m / 4)
        xy = _snap_to(core, np.asarray(dense.coords))
    return LineString(xy)


def _snap_to(core: BaseGeometry, xy: FloatArray) -> FloatArray:
    """Move the vertices outside ``core`` to its nearest point; drop repeated vertices."""
    xy = xy.copy()
    on_land = shapely.contains_xy(core, xy[:, 0], xy[:, 1])
    for i in np.flatnonzero(~on_land[1:-1]) + 1:  # the ends stay where they were asked to be
        p = nearest_points(core, Point(xy[i]))[0]
        xy[i] = (p.x, p.y)
    keep = np.concatenate([[True], np.any(np.diff(xy, axis=0) != 0, axis=1)])
    kept: FloatArray = xy[keep]
    return kept
