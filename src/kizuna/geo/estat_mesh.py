"""Load e-Stat mesh population tables (地域メッシュ統計) into a population-density raster.

e-Stat distributes census population by JIS X 0410 mesh as comma-separated text, cp932
encoded, for example ``tblT001140S5236.txt``::

    KEY_CODE,HTKSYORI,HTKSAKI,GASSAN,T001140001,T001140002,...
    ,,,,人口（総数）,人口（総数）　男,...
    52360000,0,,,123,60,...

The first line holds column codes, the second their Japanese labels, then one row per mesh:
8 digits for 1 km meshes (3rd level), 9 for 500 m (4th) and 10 for 250 m (5th). The total
population is the first statistic column (``T00xxxx001``, 人口（総数）).

Secret cells (秘匿) hold ``*``: their people are added to the mesh named in ``HTKSAKI``, so a
``*`` counts as 0 here and totals are conserved. ``-`` means none and also counts as 0. Meshes
missing from the table are uninhabited, so grid cells outside every listed mesh hold 0.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from affine import Affine
from numpy.typing import NDArray
from pyproj import Geod

from kizuna.errors import InvalidFile, InvalidInput
from kizuna.geo.crs import from_wgs84, to_wgs84
from kizuna.geo.raster import Raster, RasterKind

__all__ = ["MESH_LEVELS", "MeshTable", "check_mesh_code", "load_estat_mesh",
           "mesh_population_raster", "read_mesh_table"]

#: Code length -> (jismesh level, nominal size in metres).
MESH_LEVELS: dict[int, tuple[int, int]] = {8: (3, 1000), 9: (4, 500), 10: (5, 250)}
#: Most grid cells one table is rasterised into (a guard against a mistyped cell size).
MAX_CELLS = 40_000_000
_SECRET = {"*", "-", ""}
_GEOD = Geod(ellps="GRS80")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def check_mesh_code(code: str) -> str | None:
    """Why ``code`` is not a valid 1 km / 500 m / 250 m JIS X 0410 mesh code, or None."""
    if not code.isascii() or not code.isdigit():
        return "not all digits"
    if len(code) not in MESH_LEVELS:
        return f"{len(code)} digits (1 km = 8, 500 m = 9, 250 m = 10)"
    lat_code, lon_code = int(code[0:2]), int(code[2:4])
    if not (20 <= lat_code <= 69) or not (22 <= lon_code <= 55):
        return "first-level mesh outside Japan"
    if code[4] > "7" or code[5] > "7":
        return "second-level digits must be 0-7"
    for digit in code[8:]:
        if digit not in "1234":
            return "500 m / 250 m digits must be 1-4"
    return None


@dataclass(frozen=True)
class MeshTable:
    """Population by mesh code, all codes of one level."""

    codes: tuple[str, ...]
    population: tuple[float, ...]
    level: int
    source: str

    def total(self) -> float:
        """Total population of the table."""
        return float(sum(self.population))


def _decode(p: Path, data: bytes, encoding: str | None) -> str:
    tries = [encoding] if encoding else ["utf-8-sig", "cp932"]
    for enc in tries:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
        except LookupError:
            raise InvalidInput(f"unknown encoding {enc!r}", field="encoding") from None
    raise InvalidFile(p, f"not {' or '.join(tries)} text")


def read_mesh_table(
    path: str | os.PathLike[str], *, key_column: str = "KEY_CODE",
    value_column: str | None = None, encoding: str | None = None,
) -> MeshTable:
    """Read an e-Stat mesh table: mesh codes and the population column.

    Parameters
    ----------
    path
        The ``.txt``/``.csv`` table.
    key_column
        Column of mesh codes.
    value_column
        Population column; default the first column whose code ends in ``001`` after
        ``key_column`` (e-Stat's 人口（総数）), else the first column after ``GASSAN``.
    encoding
        Text encoding; default UTF-8 if the file decodes as UTF-8, else cp932.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InvalidFile(p, f"cannot read ({exc.strerror or exc})") from None
    text = _decode(p, data, encoding)
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise InvalidFile(p, "empty mesh table")
    header = [h.strip() for h in rows[0]]
    if key_column not in header:
        raise InvalidFile(p, f"no {key_column!r} column in the header")
    key_i = header.index(key_column)
    if value_column is None:
        stats = [h for h in header if re.fullmatch(r"T\d+001", h)]
        if stats:
            value_column = stats[0]
        elif "GASSAN" in header and header.index("GASSAN") + 1 < len(header):
            value_column = header[header.index("GASSAN") + 1]
        else:
            raise InvalidFile(p, "no population column found; name it with value_column")
    if value_column not in header:
        raise InvalidFile(p, f"no {value_column!r} column in the header")
    val_i = header.index(value_column)
    codes: list[str] = []
    pops: list[float] = []
    level_len: int | None = None
    for line_no, row in enumerate(rows[1:], start=2):
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(key_i, val_i):
            raise InvalidFile(p, f"line {line_no}: {len(row)} columns, header has {len(header)}")
        code, raw = row[key_i].strip(), row[val_i].strip()
        if line_no == 2 and raw not in _SECRET and not _NUMBER.match(raw):
            continue  # the second header line: Japanese labels
        problem = check_mesh_code(code)
        if problem is not None:
            raise InvalidFile(p, f"line {line_no}: mesh code {code!r}: {problem}")
        if level_len is None:
            level_len = len(code)
        elif len(code) != level_len:
            raise InvalidFile(p, f"line {line_no}: mesh code {code!r} mixes levels "
                                 f"({len(code)} digits after {level_len})")
        if raw in _SECRET:
            value = 0.0
        elif _NUMBER.match(raw):
            value = float(raw)
        else:
            raise InvalidFile(p, f"line {line_no}: population {raw!r} is not a number")
        if value < 0 or not math.isfinite(value):
            raise InvalidFile(p, f"line {line_no}: population {raw!r} is negative or not finite")
        codes.append(code)
        pops.append(value)
    if level_len is None:
        raise InvalidFile(p, "no mesh rows")
    if len(set(codes)) != len(codes):
        dup = next(c for c in codes if codes.count(c) > 1)
        raise InvalidFile(p, f"mesh code {dup} appears twice")
    return MeshTable(tuple(codes), tuple(pops), MESH_LEVELS[level_len][0], str(p))


def _mesh_bounds(codes: NDArray[np.int64], level: int) -> NDArray[np.float64]:
    """(south, west, north, east) of each mesh, degrees."""
    import jismesh.utils as ju

    south, west = ju.to_meshpoint(codes, 0, 0)
    north, east = ju.to_meshpoint(codes, 1, 1)
    return np.column_stack([south, west, north, east]).astype(float)


def mesh_population_raster(
    table: MeshTable, epsg: int, *, cell_size_m: float = 100.0,
    bounds: tuple[float, float, float, float] | None = None,
) -> Raster:
    """Resample a mesh table onto a regular metric grid as people/km².

    Each grid cell takes the density (population / geodesic mesh area) of the mesh holding
    its centre. ``bounds`` (minx, miny, maxx, maxy in ``epsg`` metres) defaults to the
    meshes' extent, snapped outwards to ``cell_size_m``.
    """
    import jismesh.utils as ju

    if not (math.isfinite(cell_size_m) and cell_size_m > 0):
        raise InvalidInput(f"cell_size_m must be positive, got {cell_size_m}",
                           field="cell_size_m")
    codes = np.array([int(c) for c in table.codes], dtype=np.int64)
    sw_ne = _mesh_bounds(codes, table.level)
    areas = np.empty(len(codes))
    for i, (s, w, n, e) in enumerate(sw_ne):
        area, _ = _GEOD.polygon_area_perimeter([w, e, e, w], [s, s, n, n])
        areas[i] = abs(area) / 1e6
    density = np.asarray(table.population, float) / areas
    if bounds is None:
        lons = np.concatenate([sw_ne[:, 1], sw_ne[:, 3], sw_ne[:, 1], sw_ne[:, 3]])
        lats = np.concatenate([sw_ne[:, 0], sw_ne[:, 0], sw_ne[:, 2], sw_ne[:, 2]])
        xs, ys = from_wgs84(lons, lats, epsg)
        bounds = (math.floor(xs.min() / cell_size_m) * cell_size_m,
                  math.floor(ys.min() / cell_size_m) * cell_size_m,
                  math.ceil(xs.max() / cell_size_m) * cell_size_m,
                  math.ceil(ys.max() / cell_size_m) * cell_size_m)
    minx, miny, maxx, maxy = bounds
    if not (minx < maxx and miny < maxy):
        raise InvalidInput(f"empty bounds {bounds}", field="bounds")
    cols = math.ceil((maxx - minx) / cell_size_m)
    rows = math.ceil((maxy - miny) / cell_size_m)
    if rows * cols > MAX_CELLS:
        raise InvalidInput(f"grid of {rows} x {cols} cells is too large; raise cell_size_m",
                           field="cell_size_m")
    transform = Affine(cell_size_m, 0, minx, 0, -cell_size_m, maxy)
    cc, rr = np.meshgrid(np.arange(cols) + 0.5, np.arange(rows) + 0.5)
    x = minx + cc * cell_size_m
    y = maxy - rr * cell_size_m
    lon, lat = to_wgs84(x.ravel(), y.ravel(), epsg)
    cell_codes = np.asarray(ju.to_meshcode(lat, lon, table.level), dtype=np.int64)
    order = np.argsort(codes)
    sorted_codes = codes[order]
    pos = np.clip(np.searchsorted(sorted_codes, cell_codes), 0, len(codes) - 1)
    hit = sorted_codes[pos] == cell_codes
    out = np.where(hit, density[order][pos], 0.0).reshape(rows, cols)
    return Raster(out, transform, epsg, RasterKind.POPULATION_DENSITY)


def load_estat_mesh(
    path: str | os.PathLike[str], epsg: int, *, cell_size_m: float = 100.0,
    bounds: tuple[float, float, float, float] | None = None, key_column: str = "KEY_CODE",
    value_column: str | None = None, encoding: str | None = None,
) -> Raster:
    """Read an e-Stat mesh population table into a people/km² raster in ``epsg``.

    See :func:`read_mesh_table` for the table options and :func:`mesh_population_raster`
    for the grid.
    """
    table = read_mesh_table(path, key_column=key_column, value_column=value_column,
                            encoding=encoding)
    return mesh_population_raster(table, epsg, cell_size_m=cell_size_m, bounds=bounds)
