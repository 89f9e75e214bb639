"""Tests for kizuna.geo.raster.Raster: sampling, windows, zonal statistics, validation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from affine import Affine
from shapely.geometry import Point, box

from kizuna.errors import InvalidInput
from kizuna.geo.raster import Raster, RasterKind

# 4 rows x 5 cols of 10 m cells; upper-left corner at (1000, 2000).
T = Affine(10, 0, 1000, 0, -10, 2000)


def _grid(data: np.ndarray, nodata: float | None = None) -> Raster:
    return Raster(data, T, 6669, RasterKind.TERRAIN, nodata=nodata)


def _arange() -> Raster:
    return _grid(np.arange(20, dtype=float).reshape(4, 5))


def test_shape_bounds_cell_size() -> None:
    """Shape, bounds, cell size and area follow the transform."""
    r = _arange()
    assert r.shape == (4, 5)
    assert r.bounds == (1000.0, 1960.0, 1050.0, 2000.0)
    assert r.cell_size == (10.0, 10.0)
    assert r.cell_area_km2 == pytest.approx(1e-4)


def test_sample_picks_the_containing_cell() -> None:
    """Row 0 is the north edge; a point in row 1, col 2 gets value 7; outside is NaN."""
    r = _arange()
    vals = r.sample([1025.0, 1001.0, 1049.0, 900.0], [1985.0, 1999.0, 1961.0, 1985.0])
    assert vals[:3].tolist() == [7.0, 0.0, 19.0]
    assert math.isnan(vals[3])


def test_bilinear_exact_on_linear_field() -> None:
    """On a field linear in x and y, bilinear sampling between centres is exact."""
    rows, cols = 6, 7
    xc = 1000 + (np.arange(cols) + 0.5) * 10
    yc = 2000 - (np.arange(rows) + 0.5) * 10
    field = 3.0 * xc[None, :] - 2.0 * yc[:, None] + 5.0
    r = _grid(field)
    rng = np.random.default_rng(11)
    x = rng.uniform(xc[0], xc[-1], 50)
    y = rng.uniform(yc[-1], yc[0], 50)
    np.testing.assert_allclose(r.sample_bilinear(x, y), 3.0 * x - 2.0 * y + 5.0, atol=1e-9)


def test_bilinear_outside_is_nan_and_edges_clamp() -> None:
    """Outside the raster is NaN; between the edge and the first centre is the edge value."""
    r = _arange()
    assert math.isnan(float(r.sample_bilinear(990.0, 1985.0)))
    assert float(r.sample_bilinear(1001.0, 1999.0)) == pytest.approx(0.0)


def test_nodata_reads_as_nan() -> None:
    """Nodata cells are NaN in values, sample and bilinear sample."""
    data = np.arange(20, dtype=float).reshape(4, 5)
    data[1, 2] = -9999.0
    r = _grid(data, nodata=-9999.0)
    assert math.isnan(r.values[1, 2]) and r.data[1, 2] == -9999.0
    assert math.isnan(float(r.sample(1025.0, 1985.0)))
    assert math.isnan(float(r.sample_bilinear(1022.0, 1983.0)))


def test_window_clips_to_cells_meeting_the_box() -> None:
    """A window holds the cells meeting the box and keeps georeferencing."""
    r = _arange()
    w = r.window(1012.0, 1972.0, 1028.0, 1988.0)
    assert w.shape == (2, 2)
    assert w.data.tolist() == [[6.0, 7.0], [11.0, 12.0]]
    assert float(w.sample(1025.0, 1985.0)) == 7.0


def test_window_outside_raises() -> None:
    """A window that misses the raster, or an empty box, raises InvalidInput."""
    r = _arange()
    with pytest.raises(InvalidInput, match="does not meet"):
        r.window(0.0, 0.0, 10.0, 10.0)
    with pytest.raises(InvalidInput, match="empty window"):
        r.window(1010.0, 1990.0, 1010.0, 1995.0)


def test_stat_over_known_grid() -> None:
    """max/mean/min/sum over a box covering rows 0-1, cols 0-1 (values 0, 1, 5, 6)."""
    r = _arange()
    poly = box(1002.0, 1982.0, 1018.0, 1998.0)
    assert r.stat_over(poly, "max") == 6.0
    assert r.stat_over(poly, "min") == 0.0
    assert r.stat_over(poly, "mean") == pytest.approx(3.0)
    assert r.stat_over(poly, "sum") == 12.0


def test_stat_over_skips_nodata_and_misses() -> None:
    """Nodata cells are left out; a polygon off the raster gives NaN."""
    data = np.arange(20, dtype=float).reshape(4, 5)
    data[1, 1] = -9999.0
    r = _grid(data, nodata=-9999.0)
    assert r.stat_over(box(1002.0, 1982.0, 1018.0, 1998.0), "max") == 5.0
    assert math.isnan(r.stat_over(box(0.0, 0.0, 5.0, 5.0), "mean"))


def test_thin_corridor_still_sees_its_cell() -> None:
    """all_touched: a tiny polygon inside one cell sees that cell."""
    r = _arange()
    assert r.stat_over(Point(1035.0, 1975.0).buffer(0.5), "max") == 13.0


@pytest.mark.parametrize(
    ("data", "transform", "match"),
    [(np.zeros(5), T, "2D"), (np.zeros((0, 3)), T, "2D"),
     (np.zeros((2, 2)), Affine(10, 0, 0, 0, 10, 0), "north-up"),
     (np.zeros((2, 2)), Affine(10, 1, 0, 0, -10, 0), "north-up")],
)
def test_validation(data: np.ndarray, transform: Affine, match: str) -> None:
    """Non-2D data and non north-up transforms raise InvalidInput."""
    with pytest.raises(InvalidInput, match=match):
        Raster(data, transform, 6669, RasterKind.TERRAIN)


def test_data_is_read_only_but_the_callers_array_is_not() -> None:
    """The raster's arrays cannot be changed; the array passed in stays writable and apart."""
    src = np.arange(20, dtype=float).reshape(4, 5)
    r = _grid(src)
    with pytest.raises(ValueError, match="read-only"):
        r.data[0, 0] = 1.0
    src[0, 0] = 99.0
    assert r.data[0, 0] == 0.0
