"""Load GSI terrain: DEM GeoTIFFs and PNG elevation tiles (標高タイル), as terrain rasters.

A DEM GeoTIFF (e.g. converted from the GSI 基盤地図情報 5 m / 10 m DEM) is warped into the
requested metric CRS with bilinear resampling; GSI marks missing cells -9999.

A PNG elevation tile encodes each pixel's height in its colour: x = 2^16 R + 2^8 G + B;
x < 2^23 gives x * 0.01 m, x = 2^23 is no data, x > 2^23 gives (x - 2^24) * 0.01 m. Tiles
are 256 x 256 pixels on the web-mercator z/x/y grid (EPSG:3857).
"""

from __future__ import annotations

import math
import os
import warnings
from pathlib import Path

import numpy as np
from affine import Affine
from numpy.typing import ArrayLike, NDArray

from kizuna.errors import InvalidFile, InvalidInput
from kizuna.geo.raster import Raster, RasterKind

__all__ = [
    "DEM_NODATA",
    "WEB_MERCATOR",
    "decode_gsi_elevation",
    "encode_gsi_elevation",
    "load_dem_geotiff",
    "load_gsi_png_tile",
    "read_dem_geotiff",
    "read_gsi_png_tile",
    "tile_bounds_lonlat",
    "tile_bounds_mercator",
    "warp_raster",
]

DEM_NODATA = -9999.0
WEB_MERCATOR = 3857
TILE_SIZE = 256
_HALF_WORLD = 20037508.342789244  # pi * 6378137
_NODATA_CODE = 2**23


def decode_gsi_elevation(rgb: ArrayLike) -> NDArray[np.float64]:
    """Heights in metres from an (..., 3) array of GSI tile colours; NaN where no data."""
    arr = np.asarray(rgb)
    if arr.shape[-1] < 3:
        raise InvalidInput(f"GSI elevation needs R, G, B channels, got shape {arr.shape}")
    r, g, b = (arr[..., i].astype(np.int64) for i in range(3))
    x = (r << 16) + (g << 8) + b
    h = np.where(x < _NODATA_CODE, x, x - 2**24).astype(np.float64) * 0.01
    return np.where(x == _NODATA_CODE, np.nan, h)


def encode_gsi_elevation(height_m: ArrayLike) -> NDArray[np.uint8]:
    """The GSI tile colours (..., 3) for heights in metres; NaN encodes as no data."""
    h = np.asarray(height_m, dtype=np.float64)
    x = np.where(np.isnan(h), _NODATA_CODE, np.round(np.nan_to_num(h) * 100)).astype(np.int64)
    x = np.where(x < 0, x + 2**24, x)
    return np.stack([(x >> 16) & 255, (x >> 8) & 255, x & 255], axis=-1).astype(np.uint8)


def _check_tile(z: int, x: int, y: int) -> None:
    if not (0 <= z <= 24) or not (0 <= x < 2**z) or not (0 <= y < 2**z):
        raise InvalidInput(f"no tile z={z} x={x} y={y}", field="tile")


def tile_bounds_mercator(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(minx, miny, maxx, maxy) of tile z/x/y in EPSG:3857 metres."""
    _check_tile(z, x, y)
    size = 2 * _HALF_WORLD / 2**z
    minx = -_HALF_WORLD + x * size
    maxy = _HALF_WORLD - y * size
    return (minx, maxy - size, minx + size, maxy)


def tile_bounds_lonlat(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(west, south, east, north) of tile z/x/y in degrees."""
    _check_tile(z, x, y)
    n = 2**z

    def lat(row: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    return (x / n * 360 - 180, lat(y + 1), (x + 1) / n * 360 - 180, lat(y))


def warp_raster(
    data: NDArray[np.float64], transform: Affine, src_crs: object, epsg: int, *,
    cell_size_m: float | None = None, bounds: tuple[float, float, float, float] | None = None,
    kind: RasterKind = RasterKind.TERRAIN,
) -> Raster:
    """Bilinear-warp a float grid (NaN = no data) into ``epsg``.

    Without ``bounds`` the output covers the source; without ``cell_size_m`` it keeps about
    the source resolution.
    """
    from rasterio.crs import CRS
    from rasterio.transform import array_bounds
    from rasterio.warp import Resampling, calculate_default_transform, reproject

    rows, cols = data.shape
    dst_crs = CRS.from_epsg(epsg)
    if bounds is None:
        left, bottom, right, top = array_bounds(rows, cols, transform)
        with warnings.catch_warnings():
            # rasterio 1.4 multiplies Affines with `*`, which affine 3 flags as pending
            # deprecation; not ours to fix, and the tests run with warnings as errors.
            warnings.simplefilter("ignore", PendingDeprecationWarning)
            t0, w0, h0 = calculate_default_transform(src_crs, dst_crs, cols, rows,
                                                     left, bottom, right, top)
        if cell_size_m is None:
            dst_transform, width, height = t0, int(w0), int(h0)
        else:
            minx, maxy = t0.c, t0.f
            maxx, miny = minx + t0.a * w0, maxy + t0.e * h0
            bounds = (minx, miny, maxx, maxy)
    if bounds is not None:
        if cell_size_m is None:
            raise InvalidInput("bounds need a cell_size_m", field="cell_size_m")
        minx, miny, maxx, maxy = bounds
        if not (cell_size_m > 0 and minx < maxx and miny < maxy):
            raise InvalidInput(f"bad grid: bounds {bounds}, cell size {cell_size_m}")
        width = math.ceil((maxx - minx) / cell_size_m)
        height = math.ceil((maxy - miny) / cell_size_m)
        dst_transform = Affine(cell_size_m, 0, minx, 0, -cell_size_m, maxy)
    out = np.full((height, width), DEM_NODATA, dtype=np.float64)
    src = np.where(np.isnan(data), DEM_NODATA, data).astype(np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        reproject(src, out, src_transform=transform, src_crs=src_crs, src_nodata=DEM_NODATA,
                  dst_transform=dst_transform, dst_crs=dst_crs, dst_nodata=DEM_NODATA,
                  resampling=Resampling.bilinear)
    return Raster(out, dst_transform, epsg, kind, nodata=DEM_NODATA)


def read_dem_geotiff(
    path: str | os.PathLike[str],
) -> tuple[NDArray[np.float64], Affine, object]:
    """A DEM GeoTIFF's heights (NaN = no data, GSI's -9999 included), transform and CRS.

    A DEM without a CRS is rejected, because guessing one would put the terrain in the wrong
    place.
    """
    import rasterio
    from rasterio.errors import RasterioIOError

    p = Path(path)
    if not p.is_file():
        raise InvalidFile(p, "no such file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", rasterio.errors.NotGeoreferencedWarning)
            with rasterio.open(p) as src:
                if src.crs is None:
                    raise InvalidFile(p, "DEM has no CRS")
                data = src.read(1).astype(np.float64)
                nodata, transform, crs = src.nodata, src.transform, src.crs
    except RasterioIOError as exc:
        raise InvalidFile(p, f"not a readable GeoTIFF ({str(exc).splitlines()[0]})") from None
    if transform.b != 0 or transform.d != 0:
        raise InvalidFile(p, "rotated DEM grids are not supported")
    missing = ~np.isfinite(data) | (data == DEM_NODATA)
    if nodata is not None:
        missing |= data == nodata
    data[missing] = np.nan
    return data, transform, crs


def load_dem_geotiff(
    path: str | os.PathLike[str], epsg: int, *, cell_size_m: float | None = None,
    bounds: tuple[float, float, float, float] | None = None,
) -> Raster:
    """Read a DEM GeoTIFF (metres AMSL) and warp it into ``epsg`` as a terrain raster.

    The file's nodata value (GSI: -9999) stays missing (see :func:`read_dem_geotiff`).
    """
    data, transform, crs = read_dem_geotiff(path)
    return warp_raster(data, transform, crs, epsg, cell_size_m=cell_size_m, bounds=bounds)


def read_gsi_png_tile(
    path: str | os.PathLike[str], z: int, x: int, y: int,
) -> tuple[NDArray[np.float64], Affine]:
    """A GSI PNG elevation tile's heights (NaN = no data) and its EPSG:3857 transform."""
    import rasterio
    from rasterio.errors import RasterioIOError

    p = Path(path)
    if not p.is_file():
        raise InvalidFile(p, "no such file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", rasterio.errors.NotGeoreferencedWarning)
            with rasterio.open(p) as src:
                if src.driver != "PNG":
                    raise InvalidFile(p, f"not a PNG ({src.driver})")
                if src.count < 3:
                    raise InvalidFile(p, f"PNG has {src.count} band(s); GSI tiles are RGB")
                bands = src.read([1, 2, 3])
    except RasterioIOError as exc:
        raise InvalidFile(p, f"not a readable PNG ({str(exc).splitlines()[0]})") from None
    heights = decode_gsi_elevation(np.moveaxis(bands, 0, -1))
    rows, cols = heights.shape
    minx, miny, maxx, maxy = tile_bounds_mercator(z, x, y)
    transform = Affine((maxx - minx) / cols, 0, minx, 0, -(maxy - miny) / rows, maxy)
    return heights, transform


def load_gsi_png_tile(
    path: str | os.PathLike[str], z: int, x: int, y: int, *, epsg: int = WEB_MERCATOR,
    cell_size_m: float | None = None, bounds: tuple[float, float, float, float] | None = None,
) -> Raster:
    """Decode a GSI PNG elevation tile z/x/y into a terrain raster.

    With the default ``epsg`` (3857) the tile's own pixels are returned; any other EPSG warps
    them bilinearly into that CRS (a JGD2011 zone, say).
    """
    heights, transform = read_gsi_png_tile(path, z, x, y)
    if epsg == WEB_MERCATOR and cell_size_m is None and bounds is None:
        data = np.where(np.isnan(heights), DEM_NODATA, heights)
        return Raster(data, transform, WEB_MERCATOR, RasterKind.TERRAIN, nodata=DEM_NODATA)
    from rasterio.crs import CRS

    return warp_raster(heights, transform, CRS.from_epsg(WEB_MERCATOR), epsg,
                       cell_size_m=cell_size_m, bounds=bounds)
