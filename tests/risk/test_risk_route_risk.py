"""Route ground-risk profile: impact model, per-cell rate grid, expected fatalities."""

from __future__ import annotations

import math

import numpy as np
import pytest
from affine import Affine
from shapely.geometry import LineString, box

from kizuna.errors import InvalidInput
from kizuna.geo.raster import Raster, RasterKind
from kizuna.geo.vector import VectorLayer
from kizuna.risk.fatality import fatality_probability
from kizuna.risk.route_risk import (
    CasualtySettings,
    fatality_rate_grid,
    impact_model,
    route_risk_profile,
)

EPSG = 6669
NO_DID = VectorLayer.from_geometries("did", [], EPSG)


def _raster(data: np.ndarray) -> Raster:  # type: ignore[type-arg]
    rows, _ = data.shape
    return Raster(data, Affine(100, 0, 0, 0, -100, rows * 100), EPSG,
                  RasterKind.POPULATION_DENSITY)



def test_impact_speed_is_the_larger_of_cruise_and_free_fall() -> None:
    """From 0 m the cruise speed counts; from 100 m the fall (44.3 m/s)."""
    low = impact_model(mass_kg=10, characteristic_dimension_m=1, cruise_mps=10,
                       max_height_agl_m=0)
    high = impact_model(mass_kg=10, characteristic_dimension_m=1, cruise_mps=10,
                        max_height_agl_m=100)
    assert low.impact_speed_mps == 10.0 and low.impact_energy_j == pytest.approx(500.0)
    assert high.impact_speed_mps == pytest.approx(math.sqrt(2 * 9.80665 * 100))
    assert high.fatality_probability == pytest.approx(
        fatality_probability(high.impact_energy_j, 0.5))
    assert low.lethal_area_m2 == pytest.approx((1.0 + 0.6) ** 2)


def test_uniform_density_gives_the_closed_form() -> None:
    """Over 100 people/km², F = lambda/3600 * T * 1e-4 people/m² * A * P."""
    raster = _raster(np.full((20, 20), 100.0))
    im = impact_model(mass_kg=10, characteristic_dimension_m=1, cruise_mps=10,
                      max_height_agl_m=50)
    route = LineString([(150, 150), (1850, 150), (1850, 1850)])
    p = route_risk_profile(route, raster, NO_DID, im, cruise_mps=10)
    expected = 1e-4 / 3600 * (3400 / 10) * 100e-6 * im.lethal_area_m2 * im.fatality_probability
    assert p.expected_fatalities == pytest.approx(expected, rel=1e-9)
    assert p.length_m == pytest.approx(3400)
    assert p.flight_time_s == pytest.approx(340)
    assert max(s.length_m for s in p.segments) <= 50.0 + 1e-9


def test_failure_rate_scales_the_result_linearly() -> None:
    """Ten times the failure rate, ten times the expected fatalities."""
    raster = _raster(np.full((5, 5), 300.0))
    route = LineString([(50, 50), (450, 450)])
    base = impact_model(mass_kg=5, characteristic_dimension_m=1, cruise_mps=10,
                        max_height_agl_m=30)
    more = impact_model(mass_kg=5, characteristic_dimension_m=1, cruise_mps=10,
                        max_height_agl_m=30, settings=CasualtySettings(failure_rate_per_hour=1e-3))
    a = route_risk_profile(route, raster, NO_DID, base, cruise_mps=10).expected_fatalities
    b = route_risk_profile(route, raster, NO_DID, more, cruise_mps=10).expected_fatalities
    assert b == pytest.approx(10 * a)


def test_segments_over_the_dense_district_are_riskier() -> None:
    """A route across a dense, DID-marked band: those segments carry the risk and say in_did."""
    data = np.full((10, 10), 5.0)
    data[:, 4:6] = 5000.0
    raster = _raster(data)
    did = VectorLayer.from_geometries("did", [box(400, 0, 600, 1000)], EPSG, [{"id": "D"}])
    im = impact_model(mass_kg=10, characteristic_dimension_m=1, cruise_mps=10,
                      max_height_agl_m=50)
    p = route_risk_profile(LineString([(50, 500), (950, 500)]), raster, did, im, cruise_mps=10)
    inside = [s.expected_fatalities for s in p.segments if s.in_did]
    outside = [s.expected_fatalities for s in p.segments if not s.in_did]
    assert inside and outside
    assert min(inside) > 100 * max(outside)
    assert all(s.density == pytest.approx(5000.0) for s in p.segments if s.in_did)


def test_rate_grid_is_density_times_the_per_person_rate() -> None:
    """The planner's grid: same shape and transform; each cell = density x rate per density."""
    data = np.arange(12, dtype=float).reshape(3, 4)
    raster = _raster(data)
    im = impact_model(mass_kg=10, characteristic_dimension_m=1, cruise_mps=10,
                      max_height_agl_m=50)
    grid = fatality_rate_grid(raster, im)
    assert grid.values.shape == (3, 4) and grid.transform == raster.transform
    np.testing.assert_allclose(grid.values, data * im.rate_per_density)
    assert float(grid.sample(150, 250)[()]) == pytest.approx(data[0, 1] * im.rate_per_density)
    assert math.isnan(float(grid.sample(-10, 0)[()]))


def test_impact_spread_averages_over_the_buffer_disc() -> None:
    """A 100 m spread on 100 m cells averages a cell with its four neighbours."""
    data = np.zeros((5, 5))
    data[2, 2] = 500.0
    im = impact_model(mass_kg=10, characteristic_dimension_m=1, cruise_mps=10,
                      max_height_agl_m=50)
    grid = fatality_rate_grid(_raster(data), im, impact_spread_m=100.0)
    assert grid.values[2, 2] == pytest.approx(100.0 * im.rate_per_density)
    assert grid.values[2, 3] == pytest.approx(100.0 * im.rate_per_density)
    assert grid.values[0, 0] == 0.0


def test_route_leaving_the_raster_is_invalid_input() -> None:
    """A route beyond the population data cannot be profiled."""
    raster = _raster(np.full((5, 5), 1.0))
    im = impact_model(mass_kg=10, characteristic_dimension_m=1, cruise_mps=10,
                      max_height_agl_m=50)
    with pytest.raises(InvalidInput, match="leaves the population"):
        route_risk_profile(LineString([(50, 50), (900, 50)]), raster, NO_DID, im, cruise_mps=10)


@pytest.mark.parametrize("field", ["failure_rate_per_hour", "sheltering_factor",
                                   "segment_length_m"])
def test_bad_settings_are_invalid_input(field: str) -> None:
    """Negative rates, p_s outside (0, 1] and zero segment lengths are refused."""
    with pytest.raises(InvalidInput, match=field):
        CasualtySettings(**{field: -1.0})
