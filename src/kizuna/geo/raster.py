"""A georeferenced raster in a metric CRS: population density or terrain height.

Population rasters hold people/km²; terrain rasters hold metres above mean sea level, with the
sea surface at 0 m. The array's row 0 is the northern edge (north-up, as GeoTIFFs are).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

import numpy as np
from affine import Affine
from numpy.typing import ArrayLike, NDArray
from rasterio.features import geometry_mask
from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidInput

__all__ = ["Raster", "RasterKind"]


class RasterKind(StrEnum):
    """What the cells of a raster measure."""

    POPULATION_DENSITY = "population_density"  # people per km²
    TERRAIN = "terrain"  # metres above mean sea level


@dataclass(frozen=True, eq=False)
class Raster:
    """A north-up grid with an affine transform in a metric CRS.

    Parameters
    ----------
    data
        2D array of cell values (rows from north to south).
    transform
        Affine transform from (col, row) to (x, y) of the cell's upper-left corner.
    epsg
        EPSG code of the metric CRS (a JGD2011 plane rectangular zone for bundled data).
    kind
        What the values measure.
    nodata
        The value that marks a missing cell, if any. Sampling a missing cell gives NaN.
    """

    data: NDArray[np.float64]
    transform: Affine
    epsg: int
    kind: RasterKind
    nodata: float | None = None
    _valid: NDArray[np.float64] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # A copy: freezing the caller's own array would surprise them.
        arr = np.array(self.data, dtype=np.float64)
        if arr.ndim != 2 or arr.size == 0:
            raise InvalidInput(f"raster data must be a non-empty 2D array, got shape {arr.shape}")
        if not isinstance(self.transform, Affine):
            raise InvalidInput("raster transform must be an affine.Affine")
        t = self.transform
        if t.b != 0 or t.d != 0 or t.a <= 0 or t.e >= 0:
            raise InvalidInput(f"raster must be north-up with square-ish cells, got {t!r}")
        arr.setflags(write=False)
        object.__setattr__(self, "data", arr)
        valid = arr.copy()
        if self.nodata is not None:
            valid[arr == self.nodata] = np.nan
        valid.setflags(write=False)
        object.__setattr__(self, "_valid", valid)

    # -- shape -------------------------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, int]:
        """(rows, cols)."""
        return (int(self.data.shape[0]), int(self.data.shape[1]))

    @property
    def cell_size(self) -> tuple[float, float]:
        """Cell width and height in metres."""
        return (float(self.transform.a), float(-self.transform.e))

    @property
    def cell_area_km2(self) -> float:
        """Area of one cell in km²."""
        w, h = self.cell_size
        return w * h / 1e6

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(minx, miny, maxx, maxy) in metres."""
        rows, cols = self.shape
        x0, y0 = self.transform @ (0, 0)
        x1, y1 = self.transform @ (cols, rows)
        return (float(min(x0, x1)), float(min(y0, y1)), float(max(x0, x1)), float(max(y0, y1)))

    @property
    def values(self) -> NDArray[np.float64]:
        """Cell values with nodata as NaN (read-only)."""
        return self._valid

    # -- sampling ------------------------------------------------------------------------------
    def _fractional_index(
        self, x: ArrayLike, y: ArrayLike
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        inv = ~self.transform
        xs, ys = np.asarray(x, float), np.asarray(y, float)
        col = inv.a * xs + inv.b * ys + inv.c
        row = inv.d * xs + inv.e * ys + inv.f
        return np.asarray(col, float), np.asarray(row, float)

    def sample(self, x: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
        """Value of the cell containing each point; NaN outside the raster or on nodata."""
        col, row = self._fractional_index(x, y)
        c, r = np.floor(col).astype(np.int64), np.floor(row).astype(np.int64)
        rows, cols = self.shape
        inside = (r >= 0) & (r < rows) & (c >= 0) & (c < cols)
        out = np.full(np.shape(c), np.nan)
        out[inside] = self._valid[r[inside], c[inside]]
        return out

    def sample_bilinear(self, x: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
        """Bilinear interpolation between cell centres; edge cells are clamped.

        NaN outside the raster or where a contributing cell is nodata.
        """
        col, row = self._fractional_index(x, y)
        rows, cols = self.shape
        inside = (row >= 0) & (row <= rows) & (col >= 0) & (col <= cols)
        # Cell centres sit at half-integer positions.
        fc = np.clip(col - 0.5, 0, cols - 1)
        fr = np.clip(row - 0.5, 0, rows - 1)
        c0 = np.floor(fc).astype(np.int64)
        r0 = np.floor(fr).astype(np.int64)
        c1 = np.minimum(c0 + 1, cols - 1)
        r1 = np.minimum(r0 + 1, rows - 1)
        tc, tr = fc - c0, fr - r0
        v = self._valid
        top = v[r0, c0] * (1 - tc) + v[r0, c1] * tc
        bottom = v[r1, c0] * (1 - tc) + v[r1, c1] * tc
        out = np.asarray(top * (1 - tr) + bottom * tr, dtype=float)
        return np.where(inside, out, np.nan)

    # -- windows and zonal statistics --------------------------------------------------------
    def window(self, minx: float, miny: float, maxx: float, maxy: float) -> Raster:
        """The sub-raster of the cells that meet the box (clipped to the raster)."""
        if not (minx < maxx and miny < maxy):
            raise InvalidInput(f"empty window ({minx}, {miny}, {maxx}, {maxy})")
        rows, cols = self.shape
        c0, r0 = self._fractional_index(minx, maxy)
        c1, r1 = self._fractional_index(maxx, miny)
        ci0 = max(0, math.floor(float(c0)))
        ri0 = max(0, math.floor(float(r0)))
        ci1 = min(cols, math.ceil(float(c1)))
        ri1 = min(rows, math.ceil(float(r1)))
        if ci0 >= ci1 or ri0 >= ri1:
            raise InvalidInput("window does not meet the raster")
        return Raster(
            data=self.data[ri0:ri1, ci0:ci1],
            transform=self.transform @ Affine.translation(ci0, ri0),
            epsg=self.epsg,
            kind=self.kind,
            nodata=self.nodata,
        )

    def cells_in(self, polygon: BaseGeometry, all_touched: bool = True) -> NDArray[np.float64]:
        """Valid values of the cells that meet ``polygon`` (in this raster's CRS).

        ``all_touched`` counts every cell the polygon touches, which is the conservative
        choice for risk: a corridor narrower than a cell still sees that cell.
        """
        if polygon.is_empty:
            return np.empty(0)
        minx, miny, maxx, maxy = polygon.bounds
        rminx, rminy, rmaxx, rmaxy = self.bounds
        if maxx < rminx or minx > rmaxx or maxy < rminy or miny > rmaxy:
            return np.empty(0)
        pad = max(self.cell_size)
        sub = self.window(max(minx - pad, rminx), max(miny - pad, rminy),
                          min(maxx + pad, rmaxx), min(maxy + pad, rmaxy))
        outside = geometry_mask([polygon], out_shape=sub.shape, transform=sub.transform,
                                all_touched=all_touched)
        vals: NDArray[np.float64] = sub.values[~outside]
        return vals[~np.isnan(vals)]

    def stat_over(self, polygon: BaseGeometry, stat: Literal["max", "mean", "min", "sum"]) -> float:
        """A statistic of the valid cells meeting ``polygon``; NaN when no valid cell meets it."""
        vals = self.cells_in(polygon)
        if vals.size == 0:
            return math.nan
        if stat == "max":
            return float(vals.max())
        if stat == "min":
            return float(vals.min())
        if stat == "sum":
            return float(vals.sum())
        return float(vals.mean())
