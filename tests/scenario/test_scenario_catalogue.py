"""The bundled-scenario catalogue: names, loading, caching, determinism."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

import kizuna.scenario
from kizuna.errors import UnknownName
from kizuna.scenario.goto import build_goto
from kizuna.scenario.minamisoma import build_minamisoma
from kizuna.scenario.model import Scenario


def test_names_lists_both_bundled_scenarios() -> None:
    """names() gives goto and minamisoma."""
    assert kizuna.scenario.names() == ["goto", "minamisoma"]


def test_unknown_name_raises_unknown_name() -> None:
    """An unknown scenario name raises UnknownName naming the known ones."""
    with pytest.raises(UnknownName, match="goto"):
        kizuna.scenario.load("atlantis")


def test_load_is_cached_in_process() -> None:
    """Loading twice gives the very same (immutable) value."""
    assert kizuna.scenario.load("goto") is kizuna.scenario.load("goto")


def _fingerprint(s: Scenario) -> tuple[object, ...]:
    layers = (s.did, s.roads, s.railways)
    return (
        s.population.data.tobytes(), s.terrain.data.tobytes(), tuple(s.population.transform),
        shapely.to_wkb(s.land),
        tuple(shapely.to_wkb(g) for layer in layers for g in layer.geometries),
        tuple(tuple(sorted(f.properties.items())) for layer in layers for f in layer),
        tuple(shapely.to_wkb(a.surface) for a in s.airports),
        tuple(shapely.to_wkb(f.zone) for f in s.drone_act_facilities),
    )


@pytest.mark.parametrize(("name", "builder"),
                         [("goto", build_goto), ("minamisoma", build_minamisoma)])
def test_build_is_deterministic(name: str, builder: object) -> None:
    """A fresh build with the same seed gives identical rasters and geometries."""
    assert callable(builder)
    fresh = builder()
    assert fresh is not kizuna.scenario.load(name)
    assert _fingerprint(fresh) == _fingerprint(kizuna.scenario.load(name))


@pytest.mark.parametrize("name", ["goto", "minamisoma"])
def test_synthetic_layers_are_labelled(name: str) -> None:
    """Synthetic layers are named as such and the population source says it is not census data."""
    s = kizuna.scenario.load(name)
    assert set(s.synthetic) == {"population", "terrain", "roads", "railways", "did"}
    assert "NOT census" in s.sources["population"]
    assert "GSHHG" in s.sources["land"]
    assert "census rule" in s.sources["did"]


@pytest.mark.parametrize("name", ["goto", "minamisoma"])
def test_population_only_on_land_and_terrain_zero_at_sea(name: str) -> None:
    """Sea cells (centre off land, away from the coast) hold no people and 0 m terrain."""
    s = kizuna.scenario.load(name)
    for raster in (s.population, s.terrain):
        rows, cols = raster.shape
        t = raster.transform
        gx, gy = np.meshgrid(t.c + t.a * (np.arange(cols) + 0.5),
                             t.f + t.e * (np.arange(rows) + 0.5))
        sea = ~shapely.contains_xy(s.land.buffer(max(raster.cell_size)), gx, gy)
        assert sea.sum() > 0.2 * sea.size
        assert np.all(raster.values[sea] == 0.0)
        assert np.all(raster.values >= 0.0)


@pytest.mark.parametrize("name", ["goto", "minamisoma"])
def test_terrain_reaches_hills_of_a_few_hundred_metres(name: str) -> None:
    """The highest synthetic hill lies between 200 m and 700 m."""
    top = float(kizuna.scenario.load(name).terrain.values.max())
    assert 200.0 <= top <= 700.0


@pytest.mark.parametrize("name", ["goto", "minamisoma"])
def test_bases_are_on_or_at_the_shore(name: str) -> None:
    """Every base is on land or within 200 m of it (ports sit on the shore)."""
    s = kizuna.scenario.load(name)
    assert s.bases
    for b in s.bases:
        assert s.land.distance(s.point(b.lon, b.lat)) <= 200.0, b.id


@pytest.mark.parametrize("name", ["goto", "minamisoma"])
def test_roads_lie_mostly_on_land(name: str) -> None:
    """Roads and railways keep to land: >= 90 % of their length overall, >= 80 % each."""
    s = kizuna.scenario.load(name)
    near_land = s.land.buffer(100.0)
    total = on = 0.0
    for f in (*s.roads, *s.railways):
        assert {"id", "name", "kind"} <= set(f.properties)
        inside = f.geometry.intersection(near_land).length
        assert inside >= 0.8 * f.geometry.length, f.properties["id"]
        total += f.geometry.length
        on += inside
    assert on >= 0.9 * total


@pytest.mark.parametrize("name", ["goto", "minamisoma"])
def test_fleet_and_pilots_are_present(name: str) -> None:
    """Each scenario ships aircraft with registrations and certified pilots."""
    s = kizuna.scenario.load(name)
    assert len(s.aircraft) >= 2
    assert all(a.registration.startswith("JU") for a in s.aircraft)
    assert len(s.pilots) >= 2
    assert s.emergency_airspace == ()
