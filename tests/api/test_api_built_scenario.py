"""The service serves an organisation whose scenario is a built one (kizuna scenario build)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
from api_support import PASSWORD, Api

from kizuna.scenario.from_files import build_from_spec
from kizuna.scenario.library import save_built
from kizuna.scenario.spec import parse_spec


def _fixtures() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "scenario" / "built_fixtures.py"
    spec = importlib.util.spec_from_file_location("kizuna_tests_built_fixtures", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bf = _fixtures()


@pytest.fixture(scope="module")
def built_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scenario directory holding ``fukue-test``."""
    root = tmp_path_factory.mktemp("built")
    spec_path = bf.write_all(root / "files")
    spec = parse_spec(json.loads(spec_path.read_text("utf-8")), str(spec_path))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KIZUNA_SCENARIO_DIR", str(root / "scenarios"))
        save_built(build_from_spec(spec, spec_path.parent), spec)
    return root / "scenarios"


@pytest.fixture
def fukue(api: Api, built_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Api:
    """An operator ``op-fukue`` whose scenario is the built ``fukue-test``, and its user."""
    monkeypatch.setenv("KIZUNA_SCENARIO_DIR", str(built_dir))
    admin = api.headers("admin")
    r = api.client.post("/api/v1/admin/organisations", headers=admin, json={
        "id": "op-fukue", "name": "Fukue Drone Co", "kind": "operator",
        "prefecture": "nagasaki", "scenario": "fukue-test"})
    assert r.status_code == 201, r.text
    r = api.client.post("/api/v1/admin/users", headers=admin, json={
        "username": "op_fukue", "password": PASSWORD, "role": "operator",
        "organisation_id": "op-fukue"})
    assert r.status_code == 201, r.text
    return api


def test_me_names_the_organisations_scenario(fukue: Api) -> None:
    """GET /auth/me gives the scenario set in the database; other operators have none set."""
    r = fukue.client.get("/api/v1/auth/me", headers=fukue.headers("op_fukue"))
    assert r.status_code == 200 and r.json()["scenario"] == "fukue-test"
    r = fukue.client.get("/api/v1/auth/me", headers=fukue.headers("op_goto"))
    assert r.json()["scenario"] is None


def test_scenarios_list_and_layers_serve_the_built_one(fukue: Api) -> None:
    """The built scenario is listed with its source, and its layers say they are real."""
    h = fukue.headers("op_fukue")
    listed = {s["name"]: s for s in fukue.client.get("/api/v1/scenarios", headers=h).json()}
    assert listed["fukue-test"]["source"] == "built" and listed["goto"]["source"] == "bundled"
    did = fukue.client.get("/api/v1/scenarios/fukue-test/layers/did", headers=h).json()
    assert [f["properties"]["name"] for f in did["features"]] == ["五島市"]
    assert did["features"][0]["properties"]["synthetic"] is False
    summary = fukue.client.get("/api/v1/scenarios/fukue-test/summary", headers=h).json()
    assert summary["synthetic"] == [] and summary["sources"]["terrain"] == "DEM fukue.tif"


def test_classify_derives_facts_from_the_built_layers(fukue: Api) -> None:
    """POST /rules/classify over the built scenario: a route across its e-Stat DID is over a
    DID, one beside it is not."""
    h = fukue.headers("op_fukue")

    def over_did(coords: list[list[float]]) -> bool:
        body = {"scenario": "fukue-test", "entry_control": "none", "automatic": True,
                "start_time": "2025-12-01T10:40:00+09:00",
                "route": {"type": "LineString", "coordinates": coords},
                "aircraft": {"mtow_kg": 10, "certificate": "first_class", "registered": True,
                             "remote_id": True, "onboard_camera": True}}
        r = fukue.client.post("/api/v1/rules/classify?lang=en", headers=h, json=body)
        assert r.status_code == 200, r.text
        return bool(r.json()["facts"]["over_did"])

    assert over_did([[128.80, 32.68, 60], [128.86, 32.68, 60]])
    assert not over_did([[128.80, 32.66, 60], [128.80, 32.70, 60]])


def test_unknown_scenario_is_refused_naming_it(fukue: Api) -> None:
    """An organisation cannot be pointed at a scenario nobody built (4xx naming it), and an
    administrator can re-point one at a built scenario."""
    admin = fukue.headers("admin")
    r = fukue.client.put("/api/v1/admin/organisations/op-goto/scenario", headers=admin,
                         json={"scenario": "nowhere"})
    assert 400 <= r.status_code < 500 and "nowhere" in r.text
    r = fukue.client.put("/api/v1/admin/organisations/op-goto/scenario", headers=admin,
                         json={"scenario": "fukue-test"})
    assert r.status_code == 200 and r.json() == {"id": "op-goto", "scenario": "fukue-test"}
    r = fukue.client.put("/api/v1/admin/organisations/op-goto/scenario",
                         headers=fukue.headers("op_goto"), json={"scenario": "goto"})
    assert r.status_code == 403
