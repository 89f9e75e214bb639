"""Extents of scenario layers in the scenario's metric CRS."""

from __future__ import annotations

from kizuna.geo.raster import Raster

__all__ = ["raster_bounds"]


def raster_bounds(raster: Raster) -> tuple[float, float, float, float]:
    """(minx, miny, maxx, maxy) of a north-up raster, in metres.

    Computed from the transform's coefficients, because ``Affine * tuple`` warns under
    affine 3 and the tests treat warnings as errors.
    """
    rows, cols = raster.shape
    t = raster.transform
    return (float(t.c), float(t.f + t.e * rows), float(t.c + t.a * cols), float(t.f))
