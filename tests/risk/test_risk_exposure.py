"""Population exposure: max and mean density, DID share, urban or rural."""

from __future__ import annotations

import numpy as np
import pytest
from affine import Affine
from shapely.geometry import box

from kizuna.errors import InvalidInput
from kizuna.geo.raster import Raster, RasterKind
from kizuna.geo.vector import VectorLayer
from kizuna.risk.arc import AirspaceEnvironment
from kizuna.risk.exposure import population_exposure

EPSG = 6669


def _world() -> tuple[Raster, VectorLayer]:
    """10 x 10 cells of 100 m: 10 people/km² everywhere, 6000 in the 2 x 2 north-west corner."""
    data = np.full((10, 10), 10.0)
    data[0:2, 0:2] = 6000.0
    raster = Raster(data, Affine(100, 0, 0, 0, -100, 1000), EPSG,
                    RasterKind.POPULATION_DENSITY)
    did = VectorLayer.from_geometries("did", [box(0, 800, 200, 1000)], EPSG, [{"id": "DID-A"}])
    return raster, did


def test_rural_area_far_from_the_did() -> None:
    """An area of 10/km² cells is rural, with no DID."""
    raster, did = _world()
    e = population_exposure(box(510, 10, 890, 390), raster, did)
    assert (e.max_density, e.mean_density, e.did_share) == (10.0, 10.0, 0.0)
    assert e.environment is AirspaceEnvironment.UNCONTROLLED_RURAL
    assert [r.code for r in e.reasons] == ["POPULATION_DENSITY", "ENVIRONMENT"]


def test_area_half_in_the_did_is_urban() -> None:
    """Half the area inside the DID: share 0.5, max 6000, urban because of the DID."""
    raster, did = _world()
    e = population_exposure(box(10, 810, 390, 990), raster, did)
    assert e.did_share == pytest.approx((190 * 180) / (380 * 180))
    assert e.max_density == 6000.0
    assert 10.0 < e.mean_density < 6000.0
    assert e.did_ids == ("DID-A",)
    assert e.urban and "DID-A" in e.reasons[1].text


def test_dense_area_outside_any_did_is_urban_by_threshold() -> None:
    """Without DIDs, the max density against the threshold decides."""
    raster, _ = _world()
    empty = VectorLayer.from_geometries("did", [], EPSG)
    area = box(10, 810, 190, 990)
    assert population_exposure(area, raster, empty).urban
    assert not population_exposure(area, raster, empty, urban_density_threshold=7000.0).urban


def test_area_outside_the_raster_is_invalid_input() -> None:
    """No population data, no density: a clear error, not NaN."""
    raster, did = _world()
    with pytest.raises(InvalidInput, match="outside the population"):
        population_exposure(box(5000, 5000, 6000, 6000), raster, did)
