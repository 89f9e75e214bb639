"""The GSHHG reader: polygon selection, level handling, bad input."""

from __future__ import annotations

import pytest

from kizuna.errors import InvalidInput
from kizuna.scenario.coastline import land_lonlat, read_polygons

FUKUE_BOX = (128.80, 32.68, 128.86, 32.72)  # around Fukue port


def test_reader_finds_fukue_island_with_its_gshhg_area() -> None:
    """The polygon under Fukue port is land (level 1), ~340 km² in GSHHG's own metadata."""
    polys = list(read_polygons(FUKUE_BOX))
    land = [p for p in polys if p.level == 1 and p.area_km2 > 100]
    assert len(land) == 1
    assert land[0].area_km2 == pytest.approx(340.7, abs=1.0)
    lon, lat = land[0].lonlat[:, 0], land[0].lonlat[:, 1]
    assert 128.5 < lon.min() < lon.max() < 129.0  # lon first, no wrap needed here
    assert 32.5 < lat.min() < lat.max() < 32.9


def test_open_sea_box_has_no_land() -> None:
    """A box in the open Pacific holds no land (Eurasia's bbox test must not fool it)."""
    assert land_lonlat((150.0, 30.0, 150.1, 30.1)).is_empty


def test_inland_box_is_all_land() -> None:
    """A box well inside Honshu, without a coastline vertex in it, is entirely land."""
    bbox = (139.0, 36.0, 139.05, 36.05)
    land = land_lonlat(bbox)
    assert land.area == pytest.approx(0.05 * 0.05, rel=1e-6)


def test_bad_bbox_is_rejected() -> None:
    """A box with west >= east is invalid input."""
    with pytest.raises(InvalidInput):
        list(read_polygons((129.0, 32.0, 128.0, 33.0)))
