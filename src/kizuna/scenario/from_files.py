"""Build a scenario from a user's own public-data files, as a SPEC names them.

The steps (:data:`STEPS`, one progress tick each) read and check every file before anything is
written; a problem raises :class:`~kizuna.errors.InvalidFile` (or ``InvalidInput``) with one
line naming the file, and nothing is registered:

1. **land**: the GSHHG coast clipped to the bbox, as for the bundled scenarios; a bbox with no
   land is refused. The metric CRS is the JGD2011 zone of the prefecture holding the largest
   piece of land (:func:`kizuna.geo.crs.plane_rectangular_epsg`).
2. **population**: an e-Stat mesh table (cells of the mesh size unless the SPEC sets one) or a
   GeoTIFF, onto a grid snapped to 1 km. A file whose data misses the bbox is refused.
3. **did**: the e-Stat DID shapefile clipped to the grid, or derived from the population by the
   census rule when the SPEC names none.
4. **terrain**: DEM GeoTIFFs, GSI PNG tiles and FG-GML DEMs warped onto one grid (the finest
   source's cell, rounded up to a divisor of 1 km, unless the SPEC sets one), the first file
   with data winning where they overlap. Land deeper than :data:`terrain_hole_margin_m` inside
   the coast and inside the bbox must have data everywhere: the GSHHG coast and a DEM's coast
   differ by tens of metres, so holes nearer the shore (and in the grid's margin beyond the
   bbox) are filled from the nearest measured cell.
5. **roads**, **railways**: line features clipped to the grid; a missing file means none, with
   a warning kept in the summary.
6. **places**: bases on land (within :data:`base_coast_tolerance_m` of it, for quays) and inside
   the bbox; airports whose restricted surface covers their runways; Drone Act facilities.

Coverage, the share of the bbox each file's data reaches (percent), is kept on the scenario and
in its summary.
"""

from __future__ import annotations

import glob
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from affine import Affine
from numpy.typing import NDArray
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidFile, InvalidInput
from kizuna.geo.crs import geometry_from_wgs84, plane_rectangular_epsg, to_wgs84
from kizuna.geo.did import derive_dids
from kizuna.geo.estat_did import load_estat_did
from kizuna.geo.estat_mesh import MESH_LEVELS, mesh_population_raster, read_mesh_table
from kizuna.geo.gsi_dem import (
    DEM_NODATA,
    WEB_MERCATOR,
    read_dem_geotiff,
    read_gsi_png_tile,
    warp_raster,
)
from kizuna.geo.gsi_fgml import read_fgml_dem
from kizuna.geo.layers_io import read_vector_layer
from kizuna.geo.raster import Raster, RasterKind
from kizuna.geo.vector import VectorLayer
from kizuna.scenario import coastline
from kizuna.scenario.model import Scenario
from kizuna.scenario.places import BuiltDefaults, built_defaults, places_from_spec
from kizuna.scenario.spec import CELL_SIZES_M, BuildSpec, LayerFile
from kizuna.scenario.synthetic import Grid, grid_for_bbox, mask_of

__all__ = ["STEPS", "build_from_spec", "resolve_paths"]

STEPS = ("land", "population", "did", "terrain", "roads", "railways", "places")
Progress = Callable[[str], None]
_EARTH_M_PER_DEG = 111_320.0
_TILE_NAME = re.compile(r"(\d{1,2})[_-](\d+)[_-](\d+)$")
_CENSUS_RULE = "the census rule (>= 4,000 people/km², >= 5,000 people)"


# -- files ------------------------------------------------------------------------------------
def resolve_paths(root: Path, pattern: str, what: str) -> list[Path]:
    """The files a SPEC path names, relative to ``root``; ``*`` and ``?`` glob (sorted)."""
    full = Path(pattern) if Path(pattern).is_absolute() else root / pattern
    if glob.has_magic(str(full)):
        found = sorted(Path(p) for p in glob.glob(str(full)) if Path(p).is_file())
        if not found:
            raise InvalidFile(full, f"{what}: no file matches")
        return found
    if not full.is_file():
        raise InvalidFile(full, f"{what}: no such file")
    return [full]


def _one(root: Path, f: LayerFile, what: str) -> Path:
    paths = resolve_paths(root, f.path, what)
    if len(paths) > 1:
        raise InvalidFile(root / f.path, f"{what}: names {len(paths)} files, give one")
    return paths[0]


def _grid_bounds(grid: Grid) -> tuple[float, float, float, float]:
    return (grid.x0, grid.y0 - grid.rows * grid.cell_m, grid.x0 + grid.cols * grid.cell_m,
            grid.y0)


def _percent(part: float, whole: float) -> float:
    return round(100.0 * part / whole, 1) if whole > 0 else 0.0


def _check_cells(grid: Grid, p: Path, what: str, cfg: BuiltDefaults) -> None:
    if grid.rows * grid.cols > cfg.max_grid_cells:
        raise InvalidFile(p, f"a {grid.cell_m:g} m {what} grid over the bbox has "
                             f"{grid.rows * grid.cols:,} cells (at most {cfg.max_grid_cells:,}); "
                             f"set {what}.cell_m larger")


def _nice_cell(native_m: float) -> float:
    """The smallest configured cell size not finer than ``native_m``."""
    for c in CELL_SIZES_M:
        if c >= native_m * 0.999:
            return c
    return CELL_SIZES_M[-1]


# -- layers -----------------------------------------------------------------------------------
def _land(spec: BuildSpec, source: str) -> tuple[int, MultiPolygon, Grid]:
    west, south, east, north = spec.bbox
    # The coast a little beyond the bbox, read once (reading GSHHG is most of a build), then
    # clipped to the axis-aligned metric frame, as for the bundled scenarios (land reaches the
    # raster edges instead of stopping at a meridian).
    pad = 0.05
    around = coastline.land_lonlat((max(west - pad, -180), max(south - pad, -90),
                                    min(east + pad, 180), min(north + pad, 90)))
    inside = coastline.as_multipolygon(shapely.intersection(around, box(*spec.bbox)))
    if inside.is_empty:
        raise InvalidInput(f"{source}: bbox {list(spec.bbox)} holds no land (GSHHG coast)",
                           field="bbox")
    biggest = max(inside.geoms, key=lambda g: g.area).representative_point()
    epsg = plane_rectangular_epsg(round(biggest.x, 6), round(biggest.y, 6))
    frame_grid = grid_for_bbox(spec.bbox, epsg, 1000.0)
    land = coastline.as_multipolygon(shapely.make_valid(geometry_from_wgs84(around, epsg)))
    land = coastline.as_multipolygon(shapely.intersection(land, box(*_grid_bounds(frame_grid))))
    return epsg, land, frame_grid


def _population(spec: BuildSpec, root: Path, epsg: int, cfg: BuiltDefaults,
                bbox_m: BaseGeometry) -> tuple[Raster, str, float]:
    f = spec.population
    p = _one(root, f, "population")
    if p.suffix.lower() in (".tif", ".tiff"):
        return _population_geotiff(spec, p, epsg, cfg, bbox_m)
    table = read_mesh_table(p, value_column=f.value_column, encoding=f.encoding)
    mesh_m = float(next(m for lvl, m in MESH_LEVELS.values() if lvl == table.level))
    # Half the mesh: meshes are not square in metres (250 m meshes are ~290 x 230 m at 33 N),
    # and cells of the mesh's own size alias badly against them.
    cell = f.cell_m or mesh_m / 2
    grid = grid_for_bbox(spec.bbox, epsg, cell)
    _check_cells(grid, p, "population", cfg)
    raster = mesh_population_raster(table, epsg, cell_size_m=cell, bounds=_grid_bounds(grid))
    # e-Stat ships one table per first-level mesh (80 x 80 km) and leaves out the meshes where
    # nobody lives, so the table covers the whole of each first-level mesh it has rows in.
    import jismesh.utils as ju

    firsts = sorted({int(c[:4]) for c in table.codes})
    south, west = ju.to_meshpoint(np.array(firsts, dtype=np.int64), 0, 0)
    north, east = ju.to_meshpoint(np.array(firsts, dtype=np.int64), 1, 1)
    extent = shapely.union_all([geometry_from_wgs84(box(float(w), float(s), float(e), float(n)),
                                                    epsg)
                                for s, w, n, e in zip(south, west, north, east, strict=True)])
    coverage = _percent(shapely.intersection(extent, bbox_m).area, bbox_m.area)
    if coverage == 0:
        raise InvalidFile(p, "population: the table's meshes lie outside the bbox")
    return raster, f"e-Stat mesh table {p.name} ({mesh_m:g} m meshes)", coverage


def _population_geotiff(spec: BuildSpec, p: Path, epsg: int, cfg: BuiltDefaults,
                        bbox_m: BaseGeometry) -> tuple[Raster, str, float]:
    # The DEM reader serves here too: a CRS is required, nodata becomes NaN.
    data, transform, src_crs = read_dem_geotiff(p)
    crs: Any = src_crs  # a rasterio CRS
    rows = data.shape[0]
    native = abs(transform.a) * (_EARTH_M_PER_DEG if crs.is_geographic else 1.0)
    cell = spec.population.cell_m or _nice_cell(max(native, 100.0))
    if spec.population.units == "per_cell":
        if crs.is_geographic:
            lat = transform.f + (np.arange(rows) + 0.5) * transform.e
            km2 = (abs(transform.a) * _EARTH_M_PER_DEG * np.cos(np.radians(lat))
                   * abs(transform.e) * _EARTH_M_PER_DEG / 1e6)[:, None]
        else:
            km2 = np.full((rows, 1), abs(transform.a * transform.e) / 1e6)
        data = data / km2
    grid = grid_for_bbox(spec.bbox, epsg, cell)
    _check_cells(grid, p, "population", cfg)
    warped = warp_raster(data, transform, crs, epsg, cell_size_m=cell, bounds=_grid_bounds(grid),
                         kind=RasterKind.POPULATION_DENSITY)
    valid = np.isfinite(warped.values)
    in_bbox = mask_of(bbox_m, grid)
    coverage = _percent(float((valid & in_bbox).sum()), float(in_bbox.sum()))
    if coverage == 0:
        raise InvalidFile(p, "population: the GeoTIFF has no data in the bbox")
    density = np.where(valid, np.maximum(np.nan_to_num(warped.values), 0.0), 0.0)
    raster = Raster(density, warped.transform, epsg, RasterKind.POPULATION_DENSITY)
    return raster, f"population GeoTIFF {p.name}", coverage


def _clip(layer: VectorLayer, frame: Polygon, kinds: tuple[str, ...]) -> VectorLayer:
    geoms: list[BaseGeometry] = []
    props: list[dict[str, Any]] = []
    for f in layer.features:
        g = shapely.intersection(f.geometry, frame)
        parts = [x for x in shapely.get_parts(g) if x.geom_type in kinds and not x.is_empty]
        if not parts:
            continue
        geoms.append(parts[0] if len(parts) == 1 else shapely.union_all(parts))
        props.append(dict(f.properties))
    return VectorLayer.from_geometries(layer.name, geoms, layer.epsg, props)


def _extent_coverage(layer: VectorLayer, bbox_m: BaseGeometry) -> float:
    if not len(layer):
        return 0.0
    extent = box(*shapely.total_bounds(layer.geometries))
    return _percent(shapely.intersection(extent, bbox_m).area, bbox_m.area)


def _did(spec: BuildSpec, root: Path, epsg: int, population: Raster, pop_source: str,
         frame: Polygon, bbox_m: BaseGeometry) -> tuple[VectorLayer, str, float | None]:
    if spec.did is None:
        return (derive_dids(population), f"derived from the population ({pop_source}) by "
                f"{_CENSUS_RULE}; not the official DID", None)
    p = _one(root, spec.did, "did")
    layer = load_estat_did(p, epsg, encoding=spec.did.encoding or "cp932")
    coverage = _extent_coverage(layer, bbox_m)
    if coverage == 0:
        raise InvalidFile(p, "did: no district of the file lies in the bbox")
    return _clip(layer, frame, ("Polygon", "MultiPolygon")), f"e-Stat DID {p.name}", coverage


def _tile_of(p: Path) -> tuple[int, int, int]:
    parts = p.with_suffix("").parts
    if len(parts) >= 3 and all(s.isdigit() for s in parts[-3:]):
        z, x, y = (int(s) for s in parts[-3:])
        return z, x, y
    m = _TILE_NAME.search(p.stem)
    if m:
        return int(m[1]), int(m[2]), int(m[3])
    raise InvalidFile(p, "terrain: cannot tell the tile's z/x/y (keep GSI's z/x/y.png layout)")


def _terrain_source(p: Path) -> tuple[NDArray[np.float64], Affine, Any, float]:
    """Heights, transform, CRS and native cell size (m) of one terrain file."""
    from rasterio.crs import CRS

    suffix = p.suffix.lower()
    if suffix in (".tif", ".tiff"):
        data, transform, crs = read_dem_geotiff(p)
        geographic = bool(getattr(crs, "is_geographic", False))
        native = abs(transform.a) * (_EARTH_M_PER_DEG if geographic else 1.0)
        return data, transform, crs, native
    if suffix == ".png":
        z, x, y = _tile_of(p)
        heights, transform = read_gsi_png_tile(p, z, x, y)
        lat = math.atan(math.sinh(math.pi * (1 - 2 * (y + 0.5) / 2**z)))
        return heights, transform, CRS.from_epsg(WEB_MERCATOR), abs(transform.a) * math.cos(lat)
    if suffix in (".xml", ".gml"):
        heights, transform, src_epsg = read_fgml_dem(p)
        return heights, transform, CRS.from_epsg(src_epsg), abs(transform.a) * _EARTH_M_PER_DEG
    raise InvalidFile(p, "terrain: not a DEM GeoTIFF (.tif), GSI tile (.png) or FG-GML (.xml)")


def _terrain(spec: BuildSpec, root: Path, epsg: int, land: MultiPolygon, cfg: BuiltDefaults,
             bbox_m: BaseGeometry) -> tuple[Raster, str, float]:
    paths = [p for pattern in spec.terrain.paths
             for p in resolve_paths(root, pattern, "terrain")]
    sources = [(p, *_terrain_source(p)) for p in dict.fromkeys(paths)]
    cell = spec.terrain.cell_m or _nice_cell(min(s[4] for s in sources))
    grid = grid_for_bbox(spec.bbox, epsg, cell)
    _check_cells(grid, sources[0][0], "terrain", cfg)
    bounds = _grid_bounds(grid)
    heights = np.full(grid.shape, np.nan)
    for _p, data, transform, crs, _native in sources:
        warped = warp_raster(data, transform, crs, epsg, cell_size_m=cell, bounds=bounds)
        heights = np.where(np.isnan(heights), warped.values, heights)
    names = ", ".join(p.name for p, *_ in sources[:4])
    names += f" and {len(sources) - 4} more" if len(sources) > 4 else ""
    first = sources[0][0] if len(sources) == 1 else root / spec.terrain.paths[0]
    land_cells = mask_of(land, grid)
    # The grid reaches up to 1 km beyond the bbox (snapped edges); only the user's own area
    # must be measured, the margin is filled like the shore.
    core = mask_of(shapely.intersection(land, bbox_m).buffer(-cfg.terrain_hole_margin_m), grid)
    holes = core & np.isnan(heights)
    if holes.any():
        r, c = np.argwhere(holes)[0]
        x, y = grid.transform @ (c + 0.5, r + 0.5)
        lon, lat = to_wgs84(x, y, epsg)
        raise InvalidFile(first, f"terrain misses {_percent(holes.sum(), core.sum())}% of the "
                                 f"land ({holes.sum() * grid.cell_area_km2:.2f} km²), e.g. near "
                                 f"({float(lon):.4f}, {float(lat):.4f})")
    in_bbox = mask_of(bbox_m, grid)
    coverage = _percent(float((np.isfinite(heights) & in_bbox).sum()), float(in_bbox.sum()))
    if land_cells.any() and np.isnan(heights[land_cells]).any():
        from scipy import ndimage

        # Shore cells the coarse GSHHG coast calls land but the DEM calls sea or no data, and
        # land in the margin beyond the bbox: the nearest measured height (never a guess far
        # inside the bbox: its core has no holes).
        idx = ndimage.distance_transform_edt(np.isnan(heights), return_distances=False,
                                             return_indices=True)
        filled = heights[tuple(idx)]
        heights = np.where(land_cells & np.isnan(heights), filled, heights)
    data = np.where(np.isnan(heights), DEM_NODATA, heights)
    terrain = Raster(data, grid.transform, epsg, RasterKind.TERRAIN, nodata=DEM_NODATA)
    return terrain, f"DEM {names}", coverage


def _lines(spec_file: LayerFile | None, root: Path, what: str, epsg: int, frame: Polygon,
           bbox_m: BaseGeometry) -> tuple[VectorLayer, str, float | None, str | None]:
    if spec_file is None:
        return (VectorLayer(what, (), epsg), "none: no file given", None,
                f"no {what} file: the scenario has no {what}")
    p = _one(root, spec_file, what)
    layer = read_vector_layer(p, epsg, name=what, layer=spec_file.layer,
                              encoding=spec_file.encoding)
    lines = [f for f in layer.features if f.geometry.geom_type in ("LineString",
                                                                   "MultiLineString")]
    if not lines:
        raise InvalidFile(p, f"{what}: no line features")
    full = VectorLayer.from_geometries(what, [f.geometry for f in lines], epsg,
                                       [dict(f.properties) for f in lines])
    coverage = _extent_coverage(full, bbox_m)
    if coverage == 0:
        raise InvalidFile(p, f"{what}: no line of the file lies in the bbox")
    return _clip(full, frame, ("LineString", "MultiLineString")), p.name, coverage, None


# -- the build --------------------------------------------------------------------------------
def build_from_spec(spec: BuildSpec, root: Path, *, source: str = "SPEC",
                    progress: Progress | None = None) -> Scenario:
    """Read and check every file the SPEC names, and assemble the scenario (writes nothing).

    Parameters
    ----------
    spec
        The validated SPEC.
    root
        The directory its relative paths start from (the SPEC file's).
    source
        How to name the SPEC in messages (its path).
    progress
        Called with each step's name (:data:`STEPS`) once it is done.

    Raises
    ------
    InvalidInput
        A file that is missing, unreadable, outside the bbox, a DEM with holes over land, a
        base at sea... one line naming the file (or the SPEC and its field).
    """
    tick = progress or (lambda _step: None)
    cfg = built_defaults()
    epsg, land, frame_grid = _land(spec, source)
    frame = box(*_grid_bounds(frame_grid))
    bbox_m = geometry_from_wgs84(box(*spec.bbox), epsg)
    tick("land")
    population, pop_source, pop_cov = _population(spec, root, epsg, cfg, bbox_m)
    tick("population")
    did, did_source, did_cov = _did(spec, root, epsg, population, pop_source, frame, bbox_m)
    tick("did")
    terrain, terrain_source, terrain_cov = _terrain(spec, root, epsg, land, cfg, bbox_m)
    tick("terrain")
    warnings: list[str] = []
    coverage: dict[str, float] = {"population": pop_cov, "terrain": terrain_cov}
    if did_cov is not None:
        coverage["did"] = did_cov
    lines: dict[str, VectorLayer] = {}
    line_sources: dict[str, str] = {}
    for what, f in (("roads", spec.roads), ("railways", spec.railways)):
        layer, src, cov, warning = _lines(f, root, what, epsg, frame, bbox_m)
        lines[what], line_sources[what] = layer, src
        if cov is not None:
            coverage[what] = cov
        if warning:
            warnings.append(warning)
        tick(what)
    places = places_from_spec(spec, epsg, land, source, cfg)
    tick("places")
    # Rasters should cover the whole bbox; vector layers (districts, lines) rarely fill it, so
    # their coverage (the share of the bbox their extent reaches) is reported, not warned of.
    for raster_layer in ("population", "terrain"):
        share = coverage[raster_layer]
        if share < 100.0:
            warnings.append(f"{raster_layer}: the file's data covers {share:g}% of the bbox")
    sources = {
        "land": coastline.SOURCE,
        "population": pop_source,
        "did": did_source,
        "terrain": terrain_source,
        "roads": line_sources["roads"],
        "railways": line_sources["railways"],
        "settlements": f"SPEC {Path(source).name}",
        "airports": f"SPEC {Path(source).name}; surfaces simplified to a disc",
        "drone_act_facilities": f"SPEC {Path(source).name}",
        "bases": f"SPEC {Path(source).name}",
        "fleet": "SPEC" if spec.aircraft is not None else "illustrative aircraft and pilots",
    }
    return Scenario(
        name=spec.name, title=spec.title or spec.name, epsg=epsg, seed=spec.seed, land=land,
        population=population, terrain=terrain, did=did, roads=lines["roads"],
        railways=lines["railways"], airports=places.airports,
        drone_act_facilities=places.facilities, settlements=places.settlements,
        bases=places.bases, aircraft=places.aircraft, pilots=places.pilots, synthetic=(),
        sources=sources, warnings=tuple(warnings), coverage=coverage)

