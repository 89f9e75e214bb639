"""Tests for kizuna.geo.gsi_dem: DEM GeoTIFFs and GSI PNG elevation tiles."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
import pytest
import rasterio
from affine import Affine
from PIL import Image
from rasterio.crs import CRS

from kizuna.errors import InvalidFile
from kizuna.geo.crs import from_wgs84
from kizuna.geo.gsi_dem import (
    decode_gsi_elevation,
    encode_gsi_elevation,
    load_dem_geotiff,
    load_gsi_png_tile,
    tile_bounds_lonlat,
    tile_bounds_mercator,
)
from kizuna.geo.raster import RasterKind

EPSG = 6669
FUKUE = (128.8408, 32.6953)


@pytest.mark.parametrize(
    ("rgb", "height"),
    [((0, 0, 0), 0.0), ((0, 0, 100), 1.0), ((0, 1, 0), 2.56), ((1, 0, 0), 655.36),
     ((255, 255, 156), -1.0), ((127, 255, 255), (2**23 - 1) * 0.01)],
)
def test_decode_known_colours(rgb: tuple[int, int, int], height: float) -> None:
    """x = 2^16 R + 2^8 G + B, times 0.01 m, negative above 2^23."""
    assert float(decode_gsi_elevation(np.array(rgb))) == pytest.approx(height)


def test_decode_nodata_colour() -> None:
    """(128, 0, 0) is x = 2^23: no data, NaN."""
    assert math.isnan(float(decode_gsi_elevation(np.array([128, 0, 0]))))


def test_encode_decode_round_trip() -> None:
    """Seeded heights survive encode/decode to the centimetre; NaN stays NaN."""
    h = np.round(np.random.default_rng(5).uniform(-50, 3000, (8, 8)), 2)
    h[2, 3] = np.nan
    back = decode_gsi_elevation(encode_gsi_elevation(h))
    np.testing.assert_allclose(back, h, atol=1e-9)


def test_tile_bounds() -> None:
    """Tile 0/0/0 is the whole mercator world; 1/1/0 is the north-east quarter."""
    minx, miny, maxx, maxy = tile_bounds_mercator(0, 0, 0)
    assert (minx, maxy) == pytest.approx((-20037508.342789244, 20037508.342789244))
    assert (maxx, miny) == pytest.approx((20037508.342789244, -20037508.342789244))
    w, s, e, n = tile_bounds_lonlat(1, 1, 0)
    assert (w, s, e) == pytest.approx((0.0, 0.0, 180.0))
    assert n == pytest.approx(85.0511287798, abs=1e-9)


def _fukue_tile(z: int = 14) -> tuple[int, int, int]:
    lon, lat = FUKUE
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return z, x, y


def _write_tile(path: Path, heights: np.ndarray) -> Path:
    Image.fromarray(encode_gsi_elevation(heights), mode="RGB").save(path)
    return path


def test_png_tile_in_web_mercator(tmp_path: Path) -> None:
    """A tile decodes pixel for pixel with the tile's mercator georeferencing."""
    z, x, y = _fukue_tile()
    heights = np.tile(np.arange(256, dtype=float), (256, 1))  # rises eastwards, 1 m/pixel
    heights[0, 0] = np.nan
    raster = load_gsi_png_tile(_write_tile(tmp_path / "t.png", heights), z, x, y)
    assert raster.epsg == 3857 and raster.kind is RasterKind.TERRAIN and raster.shape == (256, 256)
    assert raster.bounds == pytest.approx(tile_bounds_mercator(z, x, y))
    np.testing.assert_array_equal(raster.values[1:, :], heights[1:, :])
    assert math.isnan(raster.values[0, 0])


def test_png_tile_warped_to_plane_zone(tmp_path: Path) -> None:
    """Warped into EPSG:6669, a point's height matches its pixel column in the tile."""
    z, x, y = _fukue_tile()
    heights = np.tile(np.arange(256, dtype=float), (256, 1))
    path = _write_tile(tmp_path / "t.png", heights)
    raster = load_gsi_png_tile(path, z, x, y, epsg=EPSG, cell_size_m=5.0)
    assert raster.epsg == EPSG and raster.cell_size == (5.0, 5.0)
    w, _, e, _ = tile_bounds_lonlat(z, x, y)
    lon, lat = FUKUE
    expected = (lon - w) / (e - w) * 256 - 0.5  # pixel centres carry the values
    px, py = from_wgs84(lon, lat, EPSG)
    assert float(raster.sample_bilinear(px, py)) == pytest.approx(expected, abs=0.6)


def test_png_that_is_not_a_png(tmp_path: Path) -> None:
    """Random bytes named .png are InvalidFile naming the file."""
    path = tmp_path / "junk.png"
    path.write_bytes(np.random.default_rng(2).bytes(300))
    with pytest.raises(InvalidFile, match=r"junk\.png"):
        load_gsi_png_tile(path, *_fukue_tile())


def test_greyscale_png_rejected(tmp_path: Path) -> None:
    """A one-band PNG is not a GSI elevation tile."""
    path = tmp_path / "grey.png"
    Image.fromarray(np.zeros((256, 256), np.uint8), mode="L").save(path)
    with pytest.raises(InvalidFile, match=r"grey\.png: PNG has 1 band"):
        load_gsi_png_tile(path, *_fukue_tile())


def _write_dem(path: Path, *, crs: CRS | None) -> Path:
    """A 0.4 s grid (about 10 m) in JGD2011 geographic, height = 1000 * (lon - 128.83) m."""
    res = 0.4 / 3600
    west, north = 128.83, 32.70
    cols, rows = 200, 200
    lons = west + (np.arange(cols) + 0.5) * res
    data = np.tile(1000.0 * (lons - 128.83), (rows, 1))
    data[:20, :20] = -9999.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rasterio.errors.NotGeoreferencedWarning)
        with rasterio.open(path, "w", driver="GTiff", width=cols, height=rows, count=1,
                           dtype="float32", crs=crs, nodata=-9999.0,
                           transform=Affine(res, 0, west, 0, -res, north)) as dst:
            dst.write(data.astype(np.float32), 1)
    return path


def test_dem_geotiff_warped_to_plane_zone(tmp_path: Path) -> None:
    """A geographic DEM lands in EPSG:6669 with heights at the right places and nodata kept."""
    raster = load_dem_geotiff(_write_dem(tmp_path / "dem.tif", crs=CRS.from_epsg(6668)), EPSG,
                              cell_size_m=10.0)
    assert raster.kind is RasterKind.TERRAIN and raster.epsg == EPSG
    lon, lat = 128.8500, 32.6900
    x, y = from_wgs84(lon, lat, EPSG)
    assert float(raster.sample_bilinear(x, y)) == pytest.approx(1000 * (lon - 128.83), abs=0.2)
    nx, ny = from_wgs84(128.8305, 32.6995, EPSG)  # inside the -9999 corner
    assert math.isnan(float(raster.sample(nx, ny)))


def test_dem_default_grid_covers_source(tmp_path: Path) -> None:
    """Without a cell size the warp keeps roughly the source's 10 m resolution."""
    raster = load_dem_geotiff(_write_dem(tmp_path / "dem.tif", crs=CRS.from_epsg(6668)), EPSG)
    w, h = raster.cell_size
    assert 8 < w < 13 and 8 < h < 13


def test_dem_without_crs_is_invalid(tmp_path: Path) -> None:
    """A DEM with no CRS is InvalidFile 'no CRS' naming the file."""
    path = _write_dem(tmp_path / "nocrs.tif", crs=None)
    with pytest.raises(InvalidFile, match=r"nocrs\.tif: DEM has no CRS"):
        load_dem_geotiff(path, EPSG)


def test_dem_garbage_is_invalid(tmp_path: Path) -> None:
    """Random bytes named .tif are InvalidFile."""
    path = tmp_path / "noise.tif"
    path.write_bytes(np.random.default_rng(9).bytes(700))
    with pytest.raises(InvalidFile, match=r"noise\.tif"):
        load_dem_geotiff(path, EPSG)
