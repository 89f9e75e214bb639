"""Tests for kizuna.geo.estat_mesh: e-Stat mesh population tables -> density rasters."""

from __future__ import annotations

import math
from pathlib import Path

import jismesh.utils as ju
import numpy as np
import pytest

from kizuna.errors import InvalidFile
from kizuna.geo.crs import from_wgs84
from kizuna.geo.estat_mesh import check_mesh_code, load_estat_mesh, read_mesh_table

EPSG = 6669
HEADER = "KEY_CODE,HTKSYORI,HTKSAKI,GASSAN,T001140001,T001140002\n"
LABELS = ",,,,人口（総数）,人口（総数）　男\n"


def _table(path: Path, rows: list[str], *, encoding: str = "cp932") -> Path:
    path.write_bytes((HEADER + LABELS + "".join(r + "\n" for r in rows)).encode(encoding))
    return path


def _fukue_1km() -> tuple[str, str]:
    """Two horizontally adjacent 1 km meshes at Fukue port."""
    a = int(ju.to_meshcode(32.6953, 128.8408, 3))
    lat_s, lon_w = ju.to_meshpoint(a, 0.5, 1.5)  # centre of the mesh to the east
    b = int(ju.to_meshcode(lat_s, lon_w, 3))
    return str(a), str(b)


def test_reads_two_header_lines_and_total_column(tmp_path: Path) -> None:
    """The label line is skipped; the T...001 column is the population; '*' and '-' are 0."""
    a, b = _fukue_1km()
    path = _table(tmp_path / "tblT001140S4928.txt",
                  [f"{a},0,,,1200,600", f"{b},2,,,*,*", "49280000,0,,,-,-"])
    table = read_mesh_table(path)
    assert table.codes == (a, b, "49280000")
    assert table.population == (1200.0, 0.0, 0.0)
    assert table.level == 3


def test_configurable_columns(tmp_path: Path) -> None:
    """key_column and value_column pick other columns."""
    a, _ = _fukue_1km()
    path = _table(tmp_path / "t.txt", [f"{a},0,,,1200,600"])
    assert read_mesh_table(path, value_column="T001140002").population == (600.0,)


def test_raster_density_is_population_over_mesh_area(tmp_path: Path) -> None:
    """A cell inside the mesh holds population / mesh area (spherical area, within 1%)."""
    a, b = _fukue_1km()
    path = _table(tmp_path / "t.txt", [f"{a},0,,,1040,0", f"{b},0,,,0,0"])
    raster = load_estat_mesh(path, EPSG, cell_size_m=50)
    assert raster.epsg == EPSG and raster.cell_size == (50.0, 50.0)
    lat, lon = ju.to_meshpoint(int(a), 0.5, 0.5)
    x, y = from_wgs84(lon, lat, EPSG)
    south, west = ju.to_meshpoint(int(a), 0, 0)
    north, east = ju.to_meshpoint(int(a), 1, 1)
    r_km = 6371.0088
    area = r_km**2 * math.radians(east - west) * (math.sin(math.radians(north))
                                                  - math.sin(math.radians(south)))
    assert float(raster.sample(x, y)) == pytest.approx(1040 / area, rel=0.01)
    lat_b, lon_b = ju.to_meshpoint(int(b), 0.5, 0.5)
    xb, yb = from_wgs84(lon_b, lat_b, EPSG)
    assert float(raster.sample(xb, yb)) == 0.0


def test_raster_conserves_population(tmp_path: Path) -> None:
    """Summing density x cell area over the grid gives back the table total (within 1%)."""
    a, b = _fukue_1km()
    path = _table(tmp_path / "t.txt", [f"{a},0,,,3000,0", f"{b},0,,,500,0"])
    raster = load_estat_mesh(path, EPSG, cell_size_m=25)
    total = float(raster.values.sum() * raster.cell_area_km2)
    assert total == pytest.approx(3500.0, rel=0.01)


def test_500m_and_250m_codes(tmp_path: Path) -> None:
    """9- and 10-digit codes read as levels 4 and 5."""
    c4 = str(int(ju.to_meshcode(32.6953, 128.8408, 4)))
    c5 = str(int(ju.to_meshcode(32.6953, 128.8408, 5)))
    assert read_mesh_table(_table(tmp_path / "a.txt", [f"{c4},0,,,10,5"])).level == 4
    assert read_mesh_table(_table(tmp_path / "b.txt", [f"{c5},0,,,10,5"])).level == 5


def test_utf8_table_is_read(tmp_path: Path) -> None:
    """A UTF-8 re-save of the table reads the same."""
    a, _ = _fukue_1km()
    path = _table(tmp_path / "u.csv", [f"{a},0,,,7,3"], encoding="utf-8")
    assert read_mesh_table(path).population == (7.0,)


@pytest.mark.parametrize(
    ("code", "problem"),
    [("4928063", "7 digits"), ("4928063x", "not all digits"), ("49288037", "0-7"),
     ("492806375", "1-4"), ("10280637", "outside Japan")],
)
def test_invalid_mesh_codes(tmp_path: Path, code: str, problem: str) -> None:
    """A bad code is InvalidFile naming the file, the line and the code."""
    path = _table(tmp_path / "bad.txt", ["49280637,0,,,1,1", f"{code},0,,,5,1"])
    with pytest.raises(InvalidFile, match=rf"bad\.txt: line 4: mesh code '{code}': .*{problem}"):
        read_mesh_table(path)


def test_check_mesh_code_accepts_valid() -> None:
    """Valid 8/9/10-digit codes pass."""
    assert check_mesh_code("49280637") is None
    assert check_mesh_code("492806374") is None
    assert check_mesh_code("4928063741") is None


def test_mixed_levels_are_invalid(tmp_path: Path) -> None:
    """1 km and 500 m codes in one table are rejected."""
    path = _table(tmp_path / "mix.txt", ["49280637,0,,,1,1", "492806371,0,,,1,1"])
    with pytest.raises(InvalidFile, match=r"mix\.txt: line 4: .*mixes levels"):
        read_mesh_table(path)


def test_negative_population_is_invalid(tmp_path: Path) -> None:
    """A negative population is rejected with its line."""
    path = _table(tmp_path / "neg.txt", ["49280637,0,,,-5,1"])
    with pytest.raises(InvalidFile, match=r"neg\.txt: line 3: population '-5'"):
        read_mesh_table(path)


def test_text_population_is_invalid(tmp_path: Path) -> None:
    """A non-numeric population after the label line is rejected."""
    path = _table(tmp_path / "txt.txt", ["49280637,0,,,many,1"])
    with pytest.raises(InvalidFile, match=r"line 3: population 'many' is not a number"):
        read_mesh_table(path)


def test_binary_garbage_is_invalid(tmp_path: Path) -> None:
    """Random bytes are InvalidFile, not a crash."""
    path = tmp_path / "noise.txt"
    path.write_bytes(np.random.default_rng(3).bytes(400))
    with pytest.raises(InvalidFile, match=r"noise\.txt"):
        read_mesh_table(path)


def test_missing_key_column(tmp_path: Path) -> None:
    """A table without KEY_CODE names the missing column."""
    path = tmp_path / "nokey.csv"
    path.write_text("CODE,POP\n49280637,3\n")
    with pytest.raises(InvalidFile, match="no 'KEY_CODE' column"):
        read_mesh_table(path)
