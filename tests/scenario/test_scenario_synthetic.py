"""Seeded generators: population integrals, terrain shape, roads kept on land."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import box

from kizuna.scenario.synthetic import (
    Grid,
    PopulationCentre,
    mask_of,
    population_density,
    terrain_height,
    wiggly_road,
)

GRID = Grid(0.0, 10000.0, 250.0, 40, 40, 6669)
ISLAND = box(2000.0, 2000.0, 8000.0, 8000.0)


def test_population_integrates_to_the_given_totals_on_allowed_cells_only() -> None:
    """Centre and rural people add up exactly, and nobody lives outside the allowed cells."""
    land = mask_of(ISLAND, GRID)
    centre = PopulationCentre(5000.0, 5000.0, 10000.0, 500.0, land)
    density = population_density(GRID, [centre], [(land, 2000.0)], np.random.default_rng(1))
    assert density.sum() * GRID.cell_area_km2 == pytest.approx(12000.0)
    assert np.all(density[~land] == 0.0)
    assert density.max() > 4000.0


def test_terrain_is_zero_at_sea_and_scaled_to_its_maximum() -> None:
    """Heights are 0 off land, >= 0 on land, and peak at the requested maximum."""
    land = mask_of(ISLAND, GRID)
    h = terrain_height(GRID, land, [(5000.0, 5000.0, 500.0)], 450.0, np.random.default_rng(2))
    assert np.all(h[~land] == 0.0)
    assert np.all(h >= 0.0)
    assert h.max() == pytest.approx(450.0)


def test_same_seed_same_layers() -> None:
    """The same seed gives the same terrain; another seed a different one."""
    land = mask_of(ISLAND, GRID)
    a, b, c = (terrain_height(GRID, land, [], 300.0, np.random.default_rng(s)) for s in (7, 7, 8))
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_wiggly_road_stays_on_land_and_keeps_its_ends() -> None:
    """A road across a bay is pulled onto land; it still starts and ends at its waypoints."""
    c_shape = box(0, 0, 3000, 3000).difference(box(1000, 1000, 3000, 2000))
    road = wiggly_road([(500.0, 2500.0), (2500.0, 500.0)], c_shape, np.random.default_rng(3))
    assert road.coords[0] == (500.0, 2500.0)
    assert road.coords[-1] == (2500.0, 500.0)
    assert road.difference(c_shape.buffer(1.0)).length <= 0.02 * road.length
