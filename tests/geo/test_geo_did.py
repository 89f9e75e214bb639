"""Tests for kizuna.geo.did: DIDs derived from a population grid by the census rule."""

from __future__ import annotations

import numpy as np
import pytest
from affine import Affine

from kizuna.errors import InvalidInput
from kizuna.geo.did import DidRule, derive_dids
from kizuna.geo.raster import Raster, RasterKind

# 500 m cells: 0.25 km² each, so a cell at 4000/km² holds 1000 people.
T = Affine(500, 0, 0, 0, -500, 10000)


def _pop(density: np.ndarray) -> Raster:
    return Raster(density, T, 6669, RasterKind.POPULATION_DENSITY)


def test_adjoining_dense_cells_over_5000_become_a_did() -> None:
    """Six adjoining cells at 4000/km² (6000 people) make one DID with that population."""
    d = np.zeros((6, 6))
    d[1:3, 1:4] = 4000.0
    layer = derive_dids(_pop(d))
    assert len(layer) == 1
    props = layer.features[0].properties
    assert props["id"] == "DID-1" and props["population"] == 6000
    assert props["area_km2"] == pytest.approx(1.5)
    assert layer.features[0].geometry.area == pytest.approx(1.5e6)


def test_dense_cluster_under_5000_is_not_a_did() -> None:
    """Four cells at 4900/km² (4900 people) stay out."""
    d = np.zeros((6, 6))
    d[1:3, 1:3] = 4900.0
    assert len(derive_dids(_pop(d))) == 0


def test_density_exactly_4000_counts_and_just_below_does_not() -> None:
    """4000/km² is dense; 3999.9/km² breaks the cluster."""
    d = np.zeros((3, 8))
    d[1, 0:5] = 4000.0  # 5 cells x 1000 = 5000 people: exactly the threshold
    assert [f.properties["population"] for f in derive_dids(_pop(d))] == [5000]
    d[1, 2] = 3999.9
    assert len(derive_dids(_pop(d))) == 0


def test_diagonal_cells_join() -> None:
    """Cells touching only at corners form one district."""
    d = np.zeros((6, 6))
    for i in range(5):
        d[i, i] = 4000.0
    layer = derive_dids(_pop(d))
    assert len(layer) == 1 and layer.features[0].properties["population"] == 5000


def test_two_separate_clusters_two_dids_largest_first() -> None:
    """Two clusters give two DIDs with their own sums, the larger first."""
    d = np.zeros((8, 12))
    d[1:3, 1:4] = 5000.0   # 6 cells x 1250 = 7500
    d[5:7, 7:10] = 4000.0  # 6 cells x 1000 = 6000
    d[5, 0] = 4000.0       # a lone dense cell: too few people
    layer = derive_dids(_pop(d))
    assert [f.properties["population"] for f in layer] == [7500, 6000]
    assert [f.properties["id"] for f in layer] == ["DID-1", "DID-2"]
    assert not layer.features[0].geometry.intersects(layer.features[1].geometry)


def test_nan_cells_are_empty() -> None:
    """NaN (nodata) cells count as unpopulated, not as dense."""
    d = np.full((3, 8), 4000.0)
    d[1, :] = np.nan
    r = Raster(np.nan_to_num(d, nan=-1.0), T, 6669, RasterKind.POPULATION_DENSITY, nodata=-1.0)
    assert [f.properties["population"] for f in derive_dids(r)] == [8000, 8000]


def test_custom_rule_and_wrong_kind() -> None:
    """Thresholds are configurable; a terrain raster is refused."""
    d = np.zeros((4, 4))
    d[1, 1] = 2000.0
    assert len(derive_dids(_pop(d), DidRule(min_density_per_km2=1000, min_population=400))) == 1
    with pytest.raises(InvalidInput, match="population-density"):
        derive_dids(Raster(d, T, 6669, RasterKind.TERRAIN))
    with pytest.raises(InvalidInput, match="positive"):
        DidRule(min_density_per_km2=0)
