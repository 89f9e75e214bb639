"""The bundled scenarios summarise and export (one build each, about two seconds)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import shape

import kizuna.scenario
from kizuna.scenario.export import EXPORT_FILES, export_scenario
from kizuna.scenario.summary import summarise


@pytest.mark.parametrize("name", ["goto", "minamisoma"])
def test_bundled_scenario_summarises_and_exports(name: str, tmp_path: Path) -> None:
    """Summary has DIDs, bases and synthetic layers; exported settlements lie in its bbox."""
    scenario = kizuna.scenario.load(name)
    summary = summarise(scenario)
    assert summary["did_count"] >= 1 and summary["bases"]
    assert "population" in summary["synthetic"]
    west, south, east, north = summary["bbox_lonlat"]
    export_scenario(scenario, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(EXPORT_FILES)
    doc = json.loads((tmp_path / "settlements.geojson").read_text(encoding="utf-8"))
    for feature in doc["features"]:
        point = shape(feature["geometry"])
        assert west <= point.x <= east and south <= point.y <= north
        assert feature["properties"]["population"] >= 0
