"""Scenario export: ten files, WGS84 GeoJSON in the scenario's area, GeoTIFFs in its CRS."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import rasterio
from shapely.geometry import shape

from kizuna.errors import InvalidFile
from kizuna.scenario.export import EXPORT_FILES, export_scenario
from kizuna.scenario.model import Scenario
from kizuna.scenario.summary import summarise

GEOJSON = [f for f in EXPORT_FILES if f.endswith(".geojson")]


@pytest.fixture
def exported(tiny_scenario: Scenario, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    export_scenario(tiny_scenario, out)
    return out


def _load(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


def test_export_writes_the_ten_files_and_nothing_else(exported: Path) -> None:
    """Exactly the ten documented files are left in the directory (no temporaries)."""
    assert len(EXPORT_FILES) == 10
    assert sorted(p.name for p in exported.iterdir()) == sorted(EXPORT_FILES)


def test_export_reports_progress_per_file(tiny_scenario: Scenario, tmp_path: Path) -> None:
    """The progress callback is called once per file, in order, and paths are returned."""
    seen: list[str] = []
    paths = export_scenario(tiny_scenario, tmp_path, progress=seen.append)
    assert seen == list(EXPORT_FILES)
    assert [p.name for p in paths] == list(EXPORT_FILES)


@pytest.mark.parametrize("name", GEOJSON)
def test_geojson_is_wgs84_in_the_scenario_area(exported: Path, name: str) -> None:
    """Each GeoJSON file is a FeatureCollection whose lon/lat lie in the scenario's bbox."""
    doc = _load(exported / name)
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc  # RFC 7946
    for feature in doc["features"]:
        minx, miny, maxx, maxy = shape(feature["geometry"]).bounds
        assert 128.80 < minx <= maxx < 128.88
        assert 32.67 < miny <= maxy < 32.73


def test_geojson_layers_have_expected_counts(exported: Path) -> None:
    """Every layer of the tiny scenario is exported with all its features."""
    counts = {n: len(_load(exported / n)["features"]) for n in GEOJSON}
    assert counts == {"land.geojson": 1, "did.geojson": 1, "settlements.geojson": 3,
                      "bases.geojson": 1, "airports.geojson": 1, "no_fly.geojson": 3,
                      "roads.geojson": 2, "railways.geojson": 1}


def test_settlements_carry_population_and_bases_carry_id(exported: Path) -> None:
    """Settlement features have integer population; base features have their id."""
    settlements = _load(exported / "settlements.geojson")["features"]
    assert {f["properties"]["id"]: f["properties"]["population"] for f in settlements} == {
        "S1": 6000, "S2": 400, "S3": 250}
    bases = _load(exported / "bases.geojson")["features"]
    assert [f["properties"]["id"] for f in bases] == ["B1"]


def test_no_fly_covers_airports_drone_act_and_emergency(exported: Path) -> None:
    """no_fly.geojson has every kind, each feature with kind and name."""
    feats = _load(exported / "no_fly.geojson")["features"]
    assert sorted(f["properties"]["kind"] for f in feats) == ["airport", "drone_act",
                                                              "emergency"]
    assert all(f["properties"]["name"] for f in feats)
    emergency = next(f for f in feats if f["properties"]["kind"] == "emergency")
    assert emergency["properties"]["start"].startswith("2025-01-01")


def test_synthetic_flag_follows_the_scenario(exported: Path) -> None:
    """Synthetic layers say synthetic: true; the measured coastline says false."""
    flags = {n: {f["properties"]["synthetic"] for f in _load(exported / n)["features"]}
             for n in ("land.geojson", "did.geojson", "roads.geojson", "railways.geojson")}
    assert flags == {"land.geojson": {False}, "did.geojson": {True}, "roads.geojson": {True},
                     "railways.geojson": {True}}


def test_empty_layer_is_an_empty_feature_collection(tiny_scenario: Scenario,
                                                    tmp_path: Path) -> None:
    """A scenario without railways exports an empty FeatureCollection, not no file."""
    from dataclasses import replace

    from kizuna.geo.vector import VectorLayer

    no_rail = replace(tiny_scenario, railways=VectorLayer("railways", (), tiny_scenario.epsg))
    export_scenario(no_rail, tmp_path)
    assert _load(tmp_path / "railways.geojson") == {"type": "FeatureCollection", "features": []}


@pytest.mark.parametrize(("name", "kind"), [("population.tif", "population_density"),
                                            ("terrain.tif", "terrain")])
def test_rasters_carry_crs_and_synthetic_tags(exported: Path, tiny_scenario: Scenario,
                                              name: str, kind: str) -> None:
    """The GeoTIFFs open with rasterio, in the scenario's EPSG, tagged synthetic with the seed."""
    with rasterio.open(exported / name) as src:
        assert src.crs.to_epsg() == tiny_scenario.epsg
        assert (src.height, src.width) == tiny_scenario.terrain.shape
        tags = src.tags()
        data = src.read(1)
    assert tags["SYNTHETIC"] == "yes"
    assert tags["SEED"] == "7"
    assert tags["KIZUNA_KIND"] == kind
    assert data.max() > 0


def test_export_into_a_file_path_raises_invalid_file(tiny_scenario: Scenario,
                                                     tmp_path: Path) -> None:
    """An --out that is a regular file is refused with InvalidFile."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InvalidFile, match="not a directory"):
        export_scenario(tiny_scenario, blocker)


def test_summary_headline_figures(tiny_scenario: Scenario) -> None:
    """The summary counts land, DIDs, settlements, transport and restrictions correctly."""
    s = summarise(tiny_scenario)
    json.dumps(s)  # JSON-ready
    assert s["name"] == "tiny" and s["epsg"] == 6669
    assert s["land_km2"] == pytest.approx(16.0, abs=0.01)
    assert s["did_count"] == 1 and s["dids"][0]["population"] >= 5000
    assert s["settlements_count"] == 3
    assert s["roads_km"] == pytest.approx(7.6, abs=0.1)
    assert s["railways_km"] == pytest.approx(3.8, abs=0.1)
    assert [a["id"] for a in s["airports"]] == ["AP1"]
    assert [f["id"] for f in s["drone_act_facilities"]] == ["F1"]
    assert "population" in s["synthetic"]
    assert s["population_total"] > s["dids"][0]["population"]
