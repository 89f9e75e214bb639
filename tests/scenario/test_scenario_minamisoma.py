"""The bundled minamisoma scenario: Haramachi DID, Daiichi zone, Joban Line and Route 6."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import Point, box

import kizuna.scenario
from kizuna.geo.crs import geometry_from_wgs84, to_wgs84
from kizuna.scenario.builder import settings
from kizuna.scenario.model import Scenario


@pytest.fixture(scope="module")
def minamisoma() -> Scenario:
    """The minamisoma scenario (cached by load)."""
    return kizuna.scenario.load("minamisoma")


def test_a_did_emerges_at_haramachi(minamisoma: Scenario) -> None:
    """The census rule derives a DID containing or touching Haramachi (within 500 m)."""
    haramachi = minamisoma.point(140.957, 37.642)
    assert any(f.geometry.distance(haramachi) <= 500.0 for f in minamisoma.did)


def test_minamisoma_population_is_about_58000(minamisoma: Scenario) -> None:
    """People north of the Namie boundary (37.53 N) integrate to 58,000 ± 15 %."""
    r = minamisoma.population
    rows, cols = r.shape
    t = r.transform
    gx, gy = np.meshgrid(t.c + t.a * (np.arange(cols) + 0.5), t.f + t.e * (np.arange(rows) + 0.5))
    _, lat = to_wgs84(gx, gy, minamisoma.epsg)
    people = float(r.values[lat >= 37.53].sum() * r.cell_area_km2)
    assert people == pytest.approx(58000.0, rel=0.15)


def test_haramachi_is_the_largest_settlement(minamisoma: Scenario) -> None:
    """Haramachi is the largest settlement."""
    assert max(minamisoma.settlements, key=lambda st: st.population).id == "haramachi"


def test_daiichi_zone_contains_the_plant_and_its_buffer(minamisoma: Scenario) -> None:
    """The Drone Act zone holds the plant and everything within 300 m of it."""
    (daiichi,) = minamisoma.drone_act_facilities
    assert daiichi.buffer_m == 300.0
    plant = minamisoma.point(141.0325, 37.4213)
    assert daiichi.zone.contains(plant.buffer(300.0))


def test_no_airport_near_minamisoma(minamisoma: Scenario) -> None:
    """There is no airport in the minamisoma scenario."""
    assert minamisoma.airports == ()


@pytest.mark.parametrize(("layer", "feature_id", "name"),
                         [("railways", "joban", "JR Joban Line"),
                          ("roads", "route6", "National Route 6")])
def test_coastal_trunk_lines_run_north_south_near_the_coast(
        minamisoma: Scenario, layer: str, feature_id: str, name: str) -> None:
    """The Joban Line and Route 6 run N-S, mostly within 5 km of the sea, never beyond 6.5 km."""
    (line,) = [f for f in getattr(minamisoma, layer) if f.properties["id"] == feature_id]
    assert line.properties["name"] == name
    minx, miny, maxx, maxy = line.geometry.bounds
    assert maxy - miny > 5 * (maxx - minx)
    frame = geometry_from_wgs84(box(*settings("minamisoma").bbox), minamisoma.epsg)
    sea = frame.difference(minamisoma.land)
    dist = np.array([sea.distance(Point(p)) for p in line.geometry.coords])
    assert np.median(dist) <= 5000.0
    assert dist.max() <= 6500.0
    # The plain is west of the coast: the line is on land and west of the sea.
    assert minamisoma.land.buffer(100.0).contains(line.geometry)


def test_minamisoma_has_east_west_local_roads(minamisoma: Scenario) -> None:
    """Besides Route 6 there are several roads that run more east-west than north-south."""
    ew = [f for f in minamisoma.roads
          if (b := f.geometry.bounds)[2] - b[0] > b[3] - b[1]]
    assert len(ew) >= 3


def test_terrain_rises_westward_to_the_abukuma_hills(minamisoma: Scenario) -> None:
    """The western fifth of the land is on average higher than the coastal fifth."""
    h = minamisoma.terrain.values
    land = h > 0
    cols = h.shape[1]
    west = h[:, : cols // 5][land[:, : cols // 5]].mean()
    east_band = h[:, 3 * cols // 5: 4 * cols // 5][land[:, 3 * cols // 5: 4 * cols // 5]].mean()
    assert west > 2 * east_band


def test_minamisoma_bases(minamisoma: Scenario) -> None:
    """The Robot Test Field and a Haramachi depot are bases."""
    assert {b.id for b in minamisoma.bases} >= {"rtf", "haramachi"}
