"""`kizuna scenario build / list / remove`, and built scenarios behind every `--scenario`."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

from kizuna.cli.main import run
from kizuna.scenario import load, names, source


def _fixtures() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "scenario" / "built_fixtures.py"
    spec = importlib.util.spec_from_file_location("kizuna_tests_built_fixtures", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bf = _fixtures()


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, Any, str]:
    try:
        run(argv)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


@pytest.fixture
def scenario_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty scenario directory (KIZUNA_SCENARIO_DIR)."""
    d = tmp_path / "scenarios"
    monkeypatch.setenv("KIZUNA_SCENARIO_DIR", str(d))
    return d


@pytest.fixture(scope="module")
def built_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scenario directory holding ``fukue-test``, built once by the CLI."""
    d = tmp_path_factory.mktemp("built")
    spec = bf.write_all(d / "files")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KIZUNA_SCENARIO_DIR", str(d / "scenarios"))
        try:
            run(["scenario", "build", str(spec)])
        except SystemExit as exc:
            assert not exc.code
    return d / "scenarios"


@pytest.fixture
def with_built(built_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """KIZUNA_SCENARIO_DIR pointing at the module's built scenario."""
    monkeypatch.setenv("KIZUNA_SCENARIO_DIR", str(built_dir))
    return built_dir


def test_build_prints_scenario_path_and_summary(tmp_path: Path, scenario_dir: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A build prints {scenario, path, summary}; the folder holds GeoPackage, GeoTIFF and the
    manifest, and the summary is the `scenario summary` of the loaded scenario."""
    code, out, _ = _run(["scenario", "build", str(bf.write_all(tmp_path / "f"))], capsys)
    assert code == 0
    assert out["scenario"] == "fukue-test" and out["path"] == str(scenario_dir / "fukue-test")
    files = sorted(p.name for p in (scenario_dir / "fukue-test").iterdir())
    assert files == ["did.gpkg", "land.gpkg", "manifest.json", "population.tif",
                     "railways.gpkg", "roads.gpkg", "terrain.tif"]
    assert out["summary"]["synthetic"] == []
    assert out["summary"]["sources"]["did"] == "e-Stat DID h27ka42.shp"
    code, summary, _ = _run(["scenario", "summary", "fukue-test"], capsys)
    assert code == 0 and summary == out["summary"]


def test_list_shows_bundled_and_built_with_their_source(
        with_built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`scenario list` names every scenario with its source."""
    code, out, _ = _run(["scenario", "list"], capsys)
    assert code == 0
    assert [(s["name"], s["source"]) for s in out] == [
        ("goto", "bundled"), ("minamisoma", "bundled"), ("fukue-test", "built")]
    assert out[2]["title"] == "Fukue (generated e-Stat and GSI files)"


def test_loaded_scenario_equals_the_built_one(with_built: Path) -> None:
    """Reading the stored files back gives the same layers and places."""
    s = load("fukue-test")
    assert source("fukue-test") == "built" and "fukue-test" in names()
    assert s.epsg == 6669 and [b.id for b in s.bases] == ["west"]
    assert [f.properties["name"] for f in s.did] == ["五島市"]
    assert len(s.roads) == 2 and len(s.railways) == 1
    x, y = s.to_metric(*bf.HILL)
    assert float(s.ground_height(np.array([x]), np.array([y]))[0]) == pytest.approx(300, abs=3)
    assert s.aircraft and s.pilots  # the configured illustrative fleet


@pytest.mark.parametrize("breaks", ["mesh", "prj", "dem", "base"])
def test_refused_build_registers_nothing_and_keeps_the_old(
        tmp_path: Path, scenario_dir: Path, capsys: pytest.CaptureFixture[str],
        breaks: str) -> None:
    """A bad file is one line naming it, exit code 2; the earlier build of the same name stays
    as it was, and no half-built folder is left behind."""
    root = tmp_path / "f"
    spec = bf.write_all(root)
    assert _run(["scenario", "build", str(spec)], capsys)[0] == 0
    before = (scenario_dir / "fukue-test" / "manifest.json").read_text("utf-8")
    if breaks == "mesh":
        bf.write_mesh_table(root / "tblT001142Q4928.txt", broken=True)
        needle = "tblT001142Q4928.txt: line"
    elif breaks == "prj":
        (root / "h27ka42.prj").unlink()
        needle = "h27ka42.shp: no CRS"
    elif breaks == "dem":
        bf.write_dem_geotiff(root / "dem" / "fukue.tif", west_only=True)
        needle = "fukue.tif: terrain misses"
    else:
        spec = bf.write_all(root, bases=[{"id": "sea", "name": "Sea", "lon": 128.89,
                                          "lat": 32.72}])
        needle = "spec.json: bases.0 (sea)"
    code, out, err = _run(["scenario", "build", str(spec)], capsys)
    assert code == 2 and out is None
    assert needle in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert (scenario_dir / "fukue-test" / "manifest.json").read_text("utf-8") == before
    assert sorted(p.name for p in scenario_dir.iterdir()) == ["fukue-test"]


def test_refused_first_build_registers_nothing(tmp_path: Path, scenario_dir: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A refused first build leaves no scenario of that name."""
    spec = bf.write_all(tmp_path / "f")
    (tmp_path / "f" / "h27ka42.prj").unlink()
    assert _run(["scenario", "build", str(spec)], capsys)[0] == 2
    assert "fukue-test" not in names()
    assert not scenario_dir.exists() or not any(scenario_dir.iterdir())


def test_rebuild_replaces_and_remove_deletes(tmp_path: Path, scenario_dir: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """A successful rebuild replaces the old build (the running process sees the new one);
    `scenario remove` deletes it, and a second remove is an unknown name."""
    assert _run(["scenario", "build", str(bf.write_all(tmp_path / "a"))], capsys)[0] == 0
    assert load("fukue-test").title == "Fukue (generated e-Stat and GSI files)"
    spec = bf.write_all(tmp_path / "b", title="Fukue again", railways=None)
    assert _run(["scenario", "build", str(spec)], capsys)[0] == 0
    rebuilt = load("fukue-test")
    assert rebuilt.title == "Fukue again" and len(rebuilt.railways) == 0
    assert rebuilt.warnings == ("no railways file: the scenario has no railways",)
    code, out, _ = _run(["scenario", "remove", "fukue-test"], capsys)
    assert code == 0 and out["scenario"] == "fukue-test"
    assert "fukue-test" not in names() and not any(scenario_dir.iterdir())
    code, _, err = _run(["scenario", "remove", "fukue-test"], capsys)
    assert code == 2 and "unknown scenario 'fukue-test'" in err


def test_bundled_names_cannot_be_built_or_removed(tmp_path: Path, scenario_dir: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """`goto` stays the bundled world."""
    code, _, err = _run(["scenario", "build", str(bf.write_all(tmp_path, name="goto"))], capsys)
    assert code == 2 and "is a bundled scenario" in err
    code, _, err = _run(["scenario", "remove", "goto"], capsys)
    assert code == 2 and "is bundled" in err


def test_route_in_the_built_scenario(with_built: Path, capsys: pytest.CaptureFixture[str]
                                     ) -> None:
    """`plan route --scenario fukue-test` at Level 3.5: no metre over the e-Stat DID (which
    lies on the straight line), the railway crossed near-perpendicularly, and the height above
    the DEM's ground kept in the Level 3.5 band all along."""
    code, out, err = _run(["plan", "route", "--scenario", "fukue-test", "--from", "west",
                           "--to", f"{bf.DROP[0]},{bf.DROP[1]}", "--aircraft", "pf4",
                           "--level", "3.5", "--departure", "2025-12-01T10:00+09:00",
                           "--out", str(with_built.parent / "route.geojson")], capsys)
    assert code == 0, err
    assert out["did_overflight_m"] == 0.0
    rails = [c for c in out["crossings"] if c["kind"] == "railway"]
    assert [c["id"] for c in rails] == ["rail-1"] and rails[0]["angle_deg"] >= 75
    assert 30 <= out["min_agl_m"] <= out["max_agl_m"] <= 150
    route = json.loads((with_built.parent / "route.geojson").read_text("utf-8"))
    coords = [c for f in route["features"] if f["geometry"]["type"] == "LineString"
              for c in f["geometry"]["coordinates"]]
    lon, lat, alt = (np.array(v) for v in zip(*coords, strict=True))
    agl = alt - bf.ground(lon, lat)
    # Take-off and landing are on the DEM's ground; in between the route climbs with the hill:
    # its altitude AMSL rises by over 200 m while its height above the ground stays banded.
    assert abs(agl[0]) < 1 and abs(agl[-1]) < 1
    assert alt.max() - alt[1] > 200 and 60 < agl[1:-1].min() <= agl[1:-1].max() <= 150


@pytest.mark.parametrize("argv", [
    ["scenario", "show", "fukue-test", "--png", "{tmp}/map.png"],
    ["scenario", "export", "fukue-test", "--out", "{tmp}/export"],
    ["risk", "profile", "--scenario", "fukue-test", "--route", "{tmp}/line.geojson",
     "--max-height-agl-m", "100"],
])
def test_other_commands_take_the_built_scenario(
        with_built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        argv: list[str]) -> None:
    """show, export and risk profile work on the built scenario as on a bundled one."""
    line = {"type": "LineString", "coordinates": [[128.80, 32.675], [128.83, 32.68]]}
    (tmp_path / "line.geojson").write_text(json.dumps(line), encoding="utf-8")
    code, _out, err = _run([a.replace("{tmp}", str(tmp_path)) for a in argv], capsys)
    assert code == 0, err


def test_simulate_a_day_in_the_built_scenario(with_built: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """`simulate --scenario fukue-test` flies the product's path over the built world (its
    base, its fleet, drop spots at its settlement) and delivers orders, with no conflict and no
    permit violation."""
    code, out, err = _run(["simulate", "--scenario", "fukue-test", "--hours", "0.5", "--seed",
                           "1", "--aircraft", "2", "--out", str(tmp_path / "sim")], capsys)
    assert code == 0, err
    assert out["config"]["scenario"] == "fukue-test"
    assert out["delivered"] >= 1 and out["km_flown"] > 0
    assert out["conflicts"] == 0 and out["permit_violations"] == 0


def test_permit_dossier_over_the_built_scenario(with_built: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """`permit dossier` of an area application in the built scenario (its fleet and pilots)
    measures the area against the built layers: part of it is the e-Stat DID, it crosses the
    railway, and its terrain spans the DEM's plains and hill."""
    root = Path(__file__).resolve().parents[2] / "docs" / "examples" / "permits"
    app = json.loads((root / "aokata-application.json").read_text("utf-8"))
    west, east, south, north = 128.815, 128.845, 32.670, 32.690  # around the DID
    app.update({"id": "fukue-area", "scenario": "fukue-test",
                "area": {"type": "Polygon", "coordinates": [[[west, south], [east, south],
                                                             [east, north], [west, north],
                                                             [west, south]]]},
                "aircraft": ["JUBUILT00001"], "pilots": ["built-p1"],
                "emergency_landing_sites": [{"id": "west", "lon": bf.BASE[0],
                                             "lat": bf.BASE[1], "note": "West base"}]})
    (tmp_path / "app.json").write_text(json.dumps(app), encoding="utf-8")
    code, out, err = _run(["permit", "dossier", str(tmp_path / "app.json"), "--out",
                           str(tmp_path / "dossier")], capsys)
    assert code == 0, err
    dossier = json.loads((tmp_path / "dossier" / "dossier.json").read_text("utf-8"))
    text = json.dumps(dossier, ensure_ascii=False)
    assert "fukue-test" in text and (tmp_path / "dossier" / "map.png").stat().st_size > 10_000
    summary = out["summary"]
    assert 0 < float(summary["did"].rstrip("%")) < 100
    assert summary["railways"].startswith("1 ")
    low, high = (float(v) for v in summary["terrain"].removesuffix(" m").split(" / "))
    assert low == pytest.approx(20, abs=2) and high > 200
