"""Tests for kizuna.scenario.library: the scenario directory and its atomic replace."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from built_fixtures import write_all

import kizuna.scenario.library as library
from kizuna.errors import UnknownName
from kizuna.scenario.from_files import build_from_spec
from kizuna.scenario.library import (
    built_names,
    load_built,
    read_manifest,
    remove_built,
    save_built,
    scenario_dir,
)
from kizuna.scenario.model import Scenario
from kizuna.scenario.spec import BuildSpec, parse_spec


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Scenario, BuildSpec]:
    """A scenario built from the generated files, and its SPEC."""
    path = write_all(tmp_path_factory.mktemp("files"))
    spec = parse_spec(json.loads(path.read_text("utf-8")))
    return build_from_spec(spec, path.parent), spec


@pytest.fixture
def directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """KIZUNA_SCENARIO_DIR in a fresh temporary directory."""
    monkeypatch.setenv("KIZUNA_SCENARIO_DIR", str(tmp_path / "scenarios"))
    return tmp_path / "scenarios"


def test_default_directory_is_the_user_data_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without KIZUNA_SCENARIO_DIR, built scenarios live under the user data directory."""
    import platformdirs

    monkeypatch.delenv("KIZUNA_SCENARIO_DIR", raising=False)
    assert scenario_dir() == Path(platformdirs.user_data_dir("kizuna", appauthor=False)) / \
        "scenarios"


def test_round_trip_keeps_layers_places_and_labels(directory: Path,
                                                   built: tuple[Scenario, BuildSpec]) -> None:
    """What is read back equals what was built: rasters, layers, places, fleet, sources."""
    scenario, spec = built
    save_built(scenario, spec)
    back = load_built(scenario.name)
    assert np.array_equal(back.population.values, scenario.population.values)
    assert np.array_equal(back.terrain.data, scenario.terrain.data)
    assert back.land.symmetric_difference(scenario.land).area < 1.0
    assert [f.properties for f in back.did] == [f.properties for f in scenario.did]
    assert len(back.roads) == len(scenario.roads) and back.bases == scenario.bases
    assert back.settlements == scenario.settlements and back.aircraft == scenario.aircraft
    assert back.pilots == scenario.pilots
    assert (back.synthetic, dict(back.sources)) == (scenario.synthetic, dict(scenario.sources))
    assert read_manifest(scenario.name)["spec"]["aircraft"][0]["registration"] == \
        "JUBUILT00001"  # the configured fleet is written in
    assert built_names() == [scenario.name]


def test_failed_write_leaves_the_old_build_and_no_debris(
        directory: Path, built: tuple[Scenario, BuildSpec],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that fails half-way leaves the earlier build untouched and no hidden folder."""
    scenario, spec = built
    save_built(scenario, spec)
    before = read_manifest(scenario.name)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(library, "write_geopackage", broken)
    with pytest.raises(OSError, match="disk full"):
        save_built(replace(scenario, title="New title"), spec)
    assert read_manifest(scenario.name) == before
    assert sorted(p.name for p in directory.iterdir()) == [scenario.name]


def test_failed_swap_brings_the_old_build_back(
        directory: Path, built: tuple[Scenario, BuildSpec],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """If the new folder cannot take the name, the old one is renamed back."""
    scenario, spec = built
    save_built(scenario, spec)
    real_rename = Path.rename

    def rename(self: Path, target: Path) -> Path:
        if self.name.startswith(f".{scenario.name}.new-"):
            raise OSError("rename refused")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError, match="rename refused"):
        save_built(replace(scenario, title="New title"), spec)
    assert read_manifest(scenario.name)["title"] == scenario.title
    assert sorted(p.name for p in directory.iterdir()) == [scenario.name]


def test_remove_and_unknown_names(directory: Path, built: tuple[Scenario, BuildSpec]) -> None:
    """Remove deletes the folder; unknown or malformed names are unknown scenarios."""
    scenario, spec = built
    save_built(scenario, spec)
    remove_built(scenario.name)
    assert built_names() == [] and not any(directory.iterdir())
    for name in (scenario.name, "../etc", "Bad Name"):
        with pytest.raises(UnknownName):
            remove_built(name)
        with pytest.raises(UnknownName):
            load_built(name)
