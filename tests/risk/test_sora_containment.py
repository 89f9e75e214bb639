"""Containment (SORA 2.5 Step 8): adjacent area, its density, and the required robustness."""

from __future__ import annotations

import numpy as np
import pytest
from affine import Affine
from shapely.geometry import box

from kizuna.errors import InvalidInput
from kizuna.geo.raster import Raster, RasterKind
from kizuna.risk.containment import adjacent_area, adjacent_distance_m, required_containment
from kizuna.risk.sail import Sail

EPSG = 6669


@pytest.mark.parametrize(("speed", "distance"), [
    (1.0, 5000.0), (15.0, 5000.0), (27.7, 4986.0), (30.0, 5400.0), (100.0, 18000.0),
    (194.4, 34992.0), (200.0, 35000.0), (400.0, 35000.0)])
def test_adjacent_distance_is_three_minutes_clamped(speed: float, distance: float) -> None:
    """3 minutes at maximum speed, at least 5 km and at most 35 km."""
    expected = min(max(distance, 5000.0), 35000.0)
    assert adjacent_distance_m(speed) == pytest.approx(expected)


def _small(sail: Sail, density: float | None, assemblies: int) -> str:
    return required_containment(sail, characteristic_dimension_m=0.8, max_speed_mps=20,
                                mass_kg=4.0, adjacent_density=density,
                                assemblies_within_1km=assemblies).required


@pytest.mark.parametrize(("sail", "density", "assemblies", "required"), [
    # Table 8 as DOMAIN.md reproduces it: columns "no limit / > 400k", "no limit / 40k-400k",
    # "< 50k/km² / < 40k"; SAIL I-II high, medium, low; III medium, low, low; IV-VI low.
    (Sail.I, 100.0, 0, "low"),
    (Sail.II, 49_999.0, 39_999, "low"),
    (Sail.II, 50_000.0, 0, "medium"),           # on the density bound: no longer "< 50k"
    (Sail.I, 100.0, 40_000, "medium"),
    (Sail.II, 100.0, 400_000, "high"),
    (Sail.III, 100.0, 500_000, "medium"),
    (Sail.III, 100.0, 100_000, "low"),
    (Sail.IV, 80_000.0, 1_000_000, "low"),
    (Sail.VI, 100.0, 1_000_000, "low"),
    (Sail.I, None, 0, "medium"),                # an unknown density meets no density limit
])
def test_table_8_rows_by_hand(sail: Sail, density: float | None, assemblies: int,
                              required: str) -> None:
    """Table 8 (<= 1 m, <= 25 m/s) cells by hand."""
    assert _small(sail, density, assemblies) == required


def test_table_8_is_marked_verified_and_named() -> None:
    """The reason names Table 8 and the column it used."""
    c = required_containment(Sail.II, characteristic_dimension_m=1.0, max_speed_mps=25,
                             mass_kg=2.0, adjacent_density=10.0, assemblies_within_1km=0)
    assert (c.required, c.table, c.verified) == ("low", "SORA 2.5 Table 8", True)
    assert c.reason.rule == "SORA 2.5 Table 8" and "< 50,000" in (c.column or "")


def test_250_g_is_low_with_no_limit() -> None:
    """250 g or less: low containment whatever the density and assemblies."""
    c = required_containment(Sail.II, characteristic_dimension_m=0.3, max_speed_mps=19,
                             mass_kg=0.249, adjacent_density=90_000.0,
                             assemblies_within_1km=2_000_000)
    assert (c.required, c.reason.code) == ("low", "CONTAINMENT_SMALL_AIRCRAFT")


def test_out_of_scope_beyond_the_last_class_and_for_certified() -> None:
    """An aircraft above 40 m / 200 m/s, or a certified operation, is out of SORA scope."""
    big = required_containment(Sail.VI, characteristic_dimension_m=45, max_speed_mps=100,
                               mass_kg=900, adjacent_density=1.0, assemblies_within_1km=0)
    assert (big.required, big.reason.code) == ("out_of_scope", "CONTAINMENT_OUT_OF_TABLE")
    cert = required_containment(Sail.CERTIFIED, characteristic_dimension_m=1, max_speed_mps=10,
                                mass_kg=5, adjacent_density=1.0, assemblies_within_1km=0)
    assert cert.required == "out_of_scope"


def test_larger_class_uses_an_unverified_table_and_says_so() -> None:
    """A 1.2 m aircraft is in the 3 m / 35 m/s class, whose table is a placeholder."""
    c = required_containment(Sail.IV, characteristic_dimension_m=1.2, max_speed_mps=15,
                             mass_kg=9.8, adjacent_density=150.0, assemblies_within_1km=0)
    assert c.table == "SORA 2.5 Table 9" and c.verified is False
    assert "UNVERIFIED" in c.reason.text


def _raster() -> Raster:
    """40 x 40 cells of 500 m (20 km square): 100 people/km², 1000 in the eastern half."""
    data = np.full((40, 40), 100.0)
    data[:, 20:] = 1000.0
    return Raster(data, Affine(500, 0, 0, 0, -500, 20_000), EPSG, RasterKind.POPULATION_DENSITY)


def test_adjacent_density_inside_the_data() -> None:
    """The 5 km ring's average weighs the east's 1000/km² by its share of the area."""
    volume = box(7000, 8000, 9000, 12000)
    adj = adjacent_area(volume, _raster(), max_speed_mps=10)
    assert adj.distance_m == 5000 and adj.unknown_share == pytest.approx(0.0, abs=0.01)
    ring = volume.buffer(5000).difference(volume)
    east = ring.intersection(box(10_000, 0, 20_000, 20_000)).area / ring.area
    assert adj.mean_density == pytest.approx(100 + 900 * east, rel=0.05)


def test_adjacent_area_leaving_the_data_counts_it_conservatively() -> None:
    """A volume at the western edge: the share outside the raster is reported and counted at
    the highest known density, so the average is never below the known part's."""
    volume = box(500, 8000, 2500, 12000)
    adj = adjacent_area(volume, _raster(), max_speed_mps=10)
    ring = volume.buffer(5000).difference(volume)
    outside = ring.difference(box(0, 0, 20_000, 20_000)).area / ring.area
    assert adj.unknown_share == pytest.approx(outside, abs=0.02)
    assert adj.unknown_density == 100.0   # the ring does not reach the eastern half
    assert adj.mean_density >= adj.known_density
    assert "outside the scenario's data" in adj.reasons[0].text


def test_adjacent_area_with_no_data_is_refused() -> None:
    """A volume far from the raster names the geometry."""
    with pytest.raises(InvalidInput, match="geometry"):
        adjacent_area(box(100_000, 100_000, 101_000, 101_000), _raster(), max_speed_mps=10)
