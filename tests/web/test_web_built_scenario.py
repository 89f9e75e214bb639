"""The console of an operator whose scenario is a built one draws that scenario's base map."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from web_support import ARTIFACTS, require_browser, serve, signed_in


def _fixtures() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "scenario" / "built_fixtures.py"
    spec = importlib.util.spec_from_file_location("kizuna_tests_built_fixtures", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A demo (no bundled traffic) with ``fukue-test`` built and its operator seeded."""
    require_browser()
    from kizuna.cli.demo import seed
    from kizuna.scenario.from_files import build_from_spec
    from kizuna.scenario.library import save_built
    from kizuna.scenario.spec import parse_spec

    bf = _fixtures()
    root = tmp_path_factory.mktemp("web-built")
    scenarios = root / "scenarios"
    spec_path = bf.write_all(root / "files")
    spec = parse_spec(json.loads(spec_path.read_text("utf-8")), str(spec_path))
    url = f"sqlite:///{root / 'demo.db'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KIZUNA_SCENARIO_DIR", str(scenarios))
        save_built(build_from_spec(spec, spec_path.parent), spec)
        done = seed(url, traffic_hours=0.0, scenarios=(), fast_hashing=True,
                    built={"fukue-test": "nagasaki"})
    with serve(url, done.clock_start.isoformat(), done.data_key,
               {"KIZUNA_SCENARIO_DIR": str(scenarios)}) as base:
        yield base


@pytest.mark.parametrize("width", [1280, 390])
def test_console_draws_the_built_scenario(browser: Any, built_server: str, width: int) -> None:
    """The console takes its scenario from the database (/auth/me), loads the built
    scenario's land, DID, roads and railways and labels its base; nothing of a bundled world."""
    page = signed_in(browser, built_server, "operator_fukue_test", "/console",
                     {"width": width, "height": 900})
    page.wait_for_function("window.kizunaMapLoaded === true", timeout=30_000)
    page.wait_for_selector(".marker.base", timeout=30_000)
    asked = [r.url for r in page.requests if "/api/v1/scenarios/" in r.url]
    for layer in ("land", "did", "roads", "railways", "bases"):
        assert any(u.endswith(f"/scenarios/fukue-test/layers/{layer}") for u in asked), asked
    assert not [u for u in asked if "/scenarios/goto/" in u or "/scenarios/minamisoma/" in u]
    assert "West base" in page.inner_text(".marker.base")
    page.wait_for_function("document.getElementById('zone').textContent.startsWith('Fukue')")
    assert page.inner_text("#zone") == "Fukue (generated e-Stat and GSI files)"
    attribution = page.inner_text(".maplibregl-ctrl-attrib")
    assert "built from real files" in attribution and "synthetic" not in attribution
    page.wait_for_timeout(500)  # let the layers fetched after `load` draw
    page.screenshot(path=str(ARTIFACTS / f"console-built-{width}.png"))
    assert not page.errors, page.errors
