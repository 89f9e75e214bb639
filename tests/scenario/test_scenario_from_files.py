"""Tests for kizuna.scenario.from_files and .spec: a scenario from generated real-format files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from affine import Affine
from built_fixtures import (
    BASE,
    DID_CENTRE,
    MESH_PEOPLE,
    core_codes,
    ground,
    write_all,
    write_fgml_dem,
    write_png_tiles,
)
from shapely.geometry import Point

from kizuna.errors import InvalidFile, InvalidInput
from kizuna.geo.did import derive_dids
from kizuna.geo.raster import Raster, RasterKind
from kizuna.scenario.from_files import STEPS, build_from_spec
from kizuna.scenario.model import Scenario
from kizuna.scenario.spec import parse_spec


def _build(spec_path: Path, steps: list[str] | None = None) -> Scenario:
    spec = parse_spec(json.loads(spec_path.read_text("utf-8")), str(spec_path))
    return build_from_spec(spec, spec_path.parent, source=str(spec_path),
                           progress=None if steps is None else steps.append)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    """The scenario built from every generated file."""
    return _build(write_all(tmp_path_factory.mktemp("files")))


def test_build_reads_every_layer_from_the_files(built: Scenario) -> None:
    """Population, DID, terrain, roads and railways come from the files; none is synthetic."""
    assert built.epsg == 6669  # Nagasaki: JGD2011 zone I, as for the bundled Goto scenario
    assert built.synthetic == ()
    assert built.sources["population"].startswith("e-Stat mesh table tblT001142Q4928.txt")
    assert built.sources["did"] == "e-Stat DID h27ka42.shp"
    assert built.sources["terrain"] == "DEM fukue.tif"
    assert (built.sources["roads"], built.sources["railways"]) == ("roads.gpkg",
                                                                   "railways.geojson")
    assert [f.properties["name"] for f in built.did] == ["五島市"]
    assert {f.properties["name"] for f in built.roads} == {"国道384号", "県道"}
    assert len(built.railways) == 1 and built.warnings == ()


def test_population_keeps_the_tables_people(built: Scenario) -> None:
    """The mesh people land on the raster: the 25 core meshes and the rural mesh (the secret
    cell's people are in its HTKSAKI mesh), within the resampling error of 125 m cells."""
    total = float(np.nansum(built.population.values) * built.population.cell_area_km2)
    assert total == pytest.approx(25 * MESH_PEOPLE + 40, rel=0.1)
    x, y = built.to_metric(*DID_CENTRE)
    assert built.population.sample(x, y) > 4000


def test_terrain_follows_the_dem(built: Scenario) -> None:
    """Terrain heights sampled on land match the DEM's ground function within a metre or two."""
    lons = np.array([128.80, 128.85, 128.83, 128.86])
    lats = np.array([32.675, 32.67, 32.68, 32.665])
    xs, ys = zip(*(built.to_metric(lo, la) for lo, la in zip(lons, lats, strict=True)),
                 strict=True)
    assert built.ground_height(np.array(xs), np.array(ys)) == pytest.approx(
        ground(lons, lats), abs=2.0)


def test_progress_ticks_every_step(tmp_path: Path) -> None:
    """The progress callback hears each step once, in order."""
    steps: list[str] = []
    _build(write_all(tmp_path), steps)
    assert steps == list(STEPS)


def test_missing_did_is_derived_by_the_census_rule(tmp_path: Path) -> None:
    """Without a DID file the districts come from the population by the census rule, and the
    sources say so."""
    s = _build(write_all(tmp_path, did=None))
    assert s.sources["did"].startswith("derived from the population")
    assert len(s.did) == 1
    assert s.did.features[0].geometry.contains(s.point(*DID_CENTRE))
    assert s.did.features[0].properties["population"] >= 5000


def test_missing_roads_and_railways_mean_none_with_a_warning(tmp_path: Path) -> None:
    """An optional line layer left out is empty, and a warning says so."""
    s = _build(write_all(tmp_path, roads=None, railways=None))
    assert len(s.roads) == 0 and len(s.railways) == 0
    assert s.warnings == ("no roads file: the scenario has no roads",
                          "no railways file: the scenario has no railways")
    assert s.sources["roads"].startswith("none")


@pytest.mark.parametrize("terrain", [["tiles/13/*/*.png"], ["fgml/*.xml"]])
def test_png_tiles_and_fgml_give_the_same_terrain(tmp_path: Path, terrain: list[str]) -> None:
    """GSI PNG tiles and an FG-GML DEM of the same ground build the same terrain."""
    write_png_tiles(tmp_path / "tiles")
    write_fgml_dem(tmp_path / "fgml" / "FG-GML-4928-26-DEM10B-20161001.xml")
    s = _build(write_all(tmp_path, terrain={"paths": terrain, "cell_m": 50}))
    lons, lats = np.array([128.80, 128.85, 128.83]), np.array([32.675, 32.67, 32.68])
    xy = [s.to_metric(lo, la) for lo, la in zip(lons, lats, strict=True)]
    heights = s.ground_height(np.array([p[0] for p in xy]), np.array([p[1] for p in xy]))
    assert heights == pytest.approx(ground(lons, lats), abs=3.0)
    assert s.coverage["terrain"] == 100.0


# -- the census rule on a pattern known by hand ---------------------------------------------
def test_census_rule_on_a_hand_made_pattern() -> None:
    """100 m cells (0.01 km²): a 3 x 3 block at 6,000/km² holds 540 people (too few); a 10 x 10
    block at 5,000/km² holds 5,000 (a DID, by the >= rule); a 12 x 12 block at 3,990/km² is
    too thin. Only the middle block is a DID, with 5,000 people and 1 km²."""
    grid = np.zeros((40, 60))
    grid[2:5, 2:5] = 6000.0
    grid[15:25, 20:30] = 5000.0
    grid[20:32, 40:52] = 3990.0
    raster = Raster(grid, Affine(100.0, 0, 0.0, 0, -100.0, 4000.0), 6669,
                    RasterKind.POPULATION_DENSITY)
    dids = derive_dids(raster)
    assert len(dids) == 1
    f = dids.features[0]
    assert f.properties["population"] == 5000
    assert f.properties["area_km2"] == pytest.approx(1.0)
    assert f.geometry.contains(Point(2500.0, 2000.0))


# -- refusals -------------------------------------------------------------------------------
def _refused(spec_path: Path, needle: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        _build(spec_path)
    assert needle in str(info.value), str(info.value)
    assert "\n" not in str(info.value)
    return info.value


def test_broken_mesh_code_is_refused_naming_the_file(tmp_path: Path) -> None:
    """A mesh table with a broken code: the message names the table, the line and the code."""
    from built_fixtures import write_mesh_table

    spec = write_all(tmp_path)
    write_mesh_table(tmp_path / "tblT001142Q4928.txt", broken=True)
    err = _refused(spec, "tblT001142Q4928.txt")
    assert isinstance(err, InvalidFile) and "52X9123456" in str(err)


def test_shapefile_without_prj_is_refused(tmp_path: Path) -> None:
    """A DID shapefile without its .prj has no CRS: refused, naming the .shp."""
    spec = write_all(tmp_path)
    (tmp_path / "h27ka42.prj").unlink()
    _refused(spec, "h27ka42.shp: no CRS")


def test_dem_missing_part_of_the_land_is_refused(tmp_path: Path) -> None:
    """A DEM covering only the west half leaves holes over land: refused, naming the DEM."""
    from built_fixtures import write_dem_geotiff

    spec = write_all(tmp_path)
    write_dem_geotiff(tmp_path / "dem" / "fukue.tif", west_only=True)
    err = _refused(spec, "fukue.tif: terrain misses")
    assert "% of the land" in str(err)


def test_base_at_sea_is_refused(tmp_path: Path) -> None:
    """A base in the sea east of Fukue is refused, naming the SPEC and the base."""
    spec = write_all(tmp_path, bases=[{"id": "sea", "name": "At sea", "lon": 128.89,
                                       "lat": 32.72}])
    _refused(spec, "bases.0 (sea): (128.89, 32.72) is at sea")


def test_base_outside_the_bbox_is_refused(tmp_path: Path) -> None:
    """A base outside the bbox is refused."""
    spec = write_all(tmp_path, bases=[{"id": "far", "name": "Far", "lon": 128.70,
                                       "lat": 32.70}])
    _refused(spec, "is outside the bbox")


def test_bbox_without_land_is_refused(tmp_path: Path) -> None:
    """Open sea west of the Goto islands holds no land."""
    spec = write_all(tmp_path, bbox=[128.0, 32.0, 128.1, 32.1],
                     bases=[{"id": "b", "name": "B", "lon": 128.05, "lat": 32.05}])
    _refused(spec, "holds no land")


def test_airport_surface_must_cover_its_runways(tmp_path: Path) -> None:
    """An airport whose runway ends lie beyond its surface radius is refused."""
    spec = write_all(tmp_path, airports=[{
        "id": "fukue-airport", "name": "Fukue airport", "lon": 128.8333, "lat": 32.6663,
        "radius_m": 500, "runways": [{"ends": [[128.825, 32.660], [128.842, 32.672]]}]}])
    _refused(spec, "airports.0 (fukue-airport): runway 1 end")


def test_missing_file_and_empty_glob_are_refused(tmp_path: Path) -> None:
    """A SPEC naming a file that is not there is refused with its path."""
    _refused(write_all(tmp_path, roads={"path": "nope.gpkg"}), "nope.gpkg: roads: no such file")
    _refused(write_all(tmp_path, terrain={"paths": ["dem/*.xml"]}), "terrain: no file matches")


@pytest.mark.parametrize(("change", "needle"), [
    ({"bases": []}, "bases: List should have at least 1 item"),
    ({"population": None}, "population: Field required"),
    ({"bbox": [129.0, 32.0, 128.0, 33.0]}, "bbox: bbox must be"),
    ({"name": "Bad Name"}, "name: String should match pattern"),
    ({"terrain": {"paths": ["dem/*.tif"], "cell_m": 30}}, "terrain.cell_m: cell_m must be"),
    ({"extra": 1}, "extra: Extra inputs are not permitted"),
])
def test_spec_errors_name_the_field(change: dict[str, Any], needle: str) -> None:
    """A bad SPEC is one line naming the file and the field."""
    data: dict[str, Any] = {"name": "x", "bbox": [128.78, 32.64, 128.90, 32.74],
                            "population": {"path": "p.txt"}, "terrain": {"paths": ["d.tif"]},
                            "bases": [{"id": "b", "name": "B", "lon": 128.8, "lat": 32.7}]}
    for k, v in change.items():
        if v is None:
            data.pop(k)
        else:
            data[k] = v
    with pytest.raises(InvalidInput) as info:
        parse_spec(data, "spec.json")
    assert str(info.value).startswith("spec.json: ") and needle in str(info.value)


def test_base_constant_is_on_land(built: Scenario) -> None:
    """The fixtures' base is where the tests expect it (a guard on the fixture itself)."""
    assert built.base("west").lon == BASE[0]
    assert len(core_codes()) == 25


def test_population_geotiff_in_people_per_cell(tmp_path: Path) -> None:
    """A WorldPop-like GeoTIFF (people per 0.001-degree cell, JGD2011 lon/lat) becomes a
    density: its 12,000 people in a block around the DID centre are kept and make a DID."""
    import rasterio

    step = 0.001
    transform = Affine(step, 0, 128.77, 0, -step, 32.75)
    people = np.zeros((120, 140))
    r0, c0 = round((32.75 - DID_CENTRE[1]) / step), round((DID_CENTRE[0] - 128.77) / step)
    people[r0 - 6:r0 + 6, c0 - 8:c0 + 8] = 12000 / (12 * 16)
    with rasterio.open(tmp_path / "pop.tif", "w", driver="GTiff", height=120, width=140,
                       count=1, dtype="float64", crs="EPSG:6668", transform=transform) as dst:
        dst.write(people, 1)
    s = _build(write_all(tmp_path, population={"path": "pop.tif"}, did=None))
    total = float(np.nansum(s.population.values) * s.population.cell_area_km2)
    assert total == pytest.approx(12000, rel=0.05)
    assert s.sources["population"] == "population GeoTIFF pop.tif"
    assert len(s.did) == 1 and s.did.features[0].geometry.contains(s.point(*DID_CENTRE))


def test_footnote_says_which_layers_are_real(built: Scenario, tmp_path: Path) -> None:
    """The map footnote of a build from real files says "Real ..." and names no synthetic
    layer; a derived DID and a missing layer are said to be so."""
    from kizuna.scenario.render import footnote

    assert footnote(built).startswith("Real population, DIDs, terrain, roads and railways from "
                                      "the files named in the summary's sources; coastline")
    assert "synthetic" not in footnote(built)
    derived = _build(write_all(tmp_path, did=None, railways=None))
    note = footnote(derived)
    assert "DIDs derived by the census rule" in note and "no railways given" in note
