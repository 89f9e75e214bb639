"""The bundled goto scenario: real Fukue coast, a DID at Fukue, Goto city's population."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon

import kizuna.scenario
from kizuna.scenario.model import Scenario

FUKUE_PORT = (128.843, 32.697)


@pytest.fixture(scope="module")
def goto() -> Scenario:
    """The goto scenario (cached by load)."""
    return kizuna.scenario.load("goto")


def _island_at(s: Scenario, lon: float, lat: float) -> Polygon:
    p = s.point(lon, lat)
    island: Polygon = min(s.land.geoms, key=lambda g: g.distance(p))
    assert island.distance(p) < 200.0
    return island


def test_fukue_island_area_matches_the_real_island(goto: Scenario) -> None:
    """Fukue island's land area is within 10 % of 326 km²."""
    area_km2 = _island_at(goto, *FUKUE_PORT).area / 1e6
    assert area_km2 == pytest.approx(326.0, rel=0.10)


@pytest.mark.parametrize(("lon", "lat"), [(128.870, 32.800), (128.930, 32.830),
                                           (129.048, 33.012), (129.040, 32.850)])
def test_other_islands_are_in_the_scenario(goto: Scenario, lon: float, lat: float) -> None:
    """Hisaka, Naru, Nakadori (Aokata) and Narao lie on the scenario's land."""
    assert goto.land.distance(goto.point(lon, lat)) < 200.0


def test_a_did_emerges_at_fukue_port(goto: Scenario) -> None:
    """The census rule derives a DID that contains or touches Fukue port (within 500 m)."""
    port = goto.point(*FUKUE_PORT)
    assert len(goto.did) >= 1
    near = [f for f in goto.did if f.geometry.distance(port) <= 500.0]
    assert near
    assert near[0].properties["population"] >= 5000


def test_goto_city_population_is_about_33000(goto: Scenario) -> None:
    """People on Goto city's islands integrate to 33,000 ± 10 %."""
    islands = shapely.union_all([_island_at(goto, st.lon, st.lat) for st in goto.settlements
                                 if st.municipality == "Goto city"])
    r = goto.population
    rows, cols = r.shape
    t = r.transform
    gx, gy = np.meshgrid(t.c + t.a * (np.arange(cols) + 0.5), t.f + t.e * (np.arange(rows) + 0.5))
    inside = shapely.contains_xy(islands, gx, gy)
    people = float(r.values[inside].sum() * r.cell_area_km2)
    assert people == pytest.approx(33000.0, rel=0.10)


def test_fukue_is_the_largest_settlement(goto: Scenario) -> None:
    """Fukue holds more people than any other settlement, over 20,000."""
    biggest = max(goto.settlements, key=lambda st: st.population)
    assert biggest.id == "fukue"
    assert biggest.population >= 20000


def test_fukue_airport_has_its_restricted_surfaces(goto: Scenario) -> None:
    """Fukue (class C, elevation 77 m) has a 3,000 m horizontal surface 122 m above sea level,
    approach surfaces off both runway ends, and its strip as premises."""
    (airport,) = goto.airports
    assert airport.surfaces is not None
    assert airport.radius_m == 3000.0
    assert airport.surfaces.horizontal_amsl_m == pytest.approx(122.0)
    names = [f.name for f in airport.surfaces.footprints()]
    assert names == ["strip", "approach b", "approach a", "transitional", "horizontal"]
    centre = goto.point(airport.lon, airport.lat)
    assert airport.surface.contains(centre) and airport.premises.contains(centre)


def test_goto_has_no_railway_and_names_route_384(goto: Scenario) -> None:
    """The islands have no railway; the Fukue ring road is National Route 384."""
    assert len(goto.railways) == 0
    assert "National Route 384" in {f.properties["name"] for f in goto.roads}


def test_goto_bases_are_the_named_ports(goto: Scenario) -> None:
    """The CLI's base ids exist."""
    assert {b.id for b in goto.bases} >= {"fukue-port", "tamanoura", "aokata"}
    assert goto.base("fukue-port").lat == pytest.approx(32.697)
