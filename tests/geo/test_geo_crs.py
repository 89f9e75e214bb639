"""Tests for kizuna.geo.crs: plane rectangular zones and transforms."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString, Point

from kizuna.errors import InvalidInput
from kizuna.geo.crs import (
    from_wgs84,
    geometry_from_wgs84,
    geometry_to_wgs84,
    plane_rectangular_epsg,
    to_wgs84,
    transformer,
)

FUKUE = (128.8408, 32.6953)


def test_fukue_port_in_zone_one() -> None:
    """Fukue port projects to about (-61809.6, -33596.3) m in EPSG:6669 (x east, y north)."""
    x, y = from_wgs84(*FUKUE, 6669)
    assert float(x) == pytest.approx(-61809.6, abs=0.5)
    assert float(y) == pytest.approx(-33596.3, abs=0.5)


def test_round_trip_within_a_centimetre() -> None:
    """Projecting and unprojecting returns the point within 1 cm."""
    x, y = from_wgs84(*FUKUE, 6669)
    lon, lat = to_wgs84(x, y, 6669)
    bx, by = from_wgs84(lon, lat, 6669)
    assert abs(float(bx) - float(x)) < 0.01 and abs(float(by) - float(y)) < 0.01
    assert float(lon) == pytest.approx(FUKUE[0], abs=1e-7)
    assert float(lat) == pytest.approx(FUKUE[1], abs=1e-7)


@pytest.mark.parametrize(
    ("lon", "lat", "epsg"),
    [(128.8408, 32.6953, 6669),   # Fukue, Nagasaki: zone I
     (140.957, 37.642, 6677),     # Minamisoma, Fukushima: zone IX
     (130.7417, 32.7898, 6670),   # Kumamoto: zone II
     (140.8719, 38.2682, 6678)],  # Sendai, Miyagi: zone X
)
def test_zone_by_prefecture(lon: float, lat: float, epsg: int) -> None:
    """The zone follows the prefecture holding the point."""
    assert plane_rectangular_epsg(lon, lat) == epsg


def test_offshore_falls_back_to_nearest_origin() -> None:
    """A point in the East China Sea west of Goto takes the nearest origin's zone (I)."""
    assert plane_rectangular_epsg(128.0, 32.9) == 6669


@pytest.mark.parametrize(("lon", "lat"), [(200.0, 30.0), (130.0, 95.0), (float("nan"), 30.0)])
def test_bad_lonlat_rejected(lon: float, lat: float) -> None:
    """Coordinates outside WGS84 ranges raise InvalidInput."""
    with pytest.raises(InvalidInput, match="not a WGS84 lon/lat"):
        plane_rectangular_epsg(lon, lat)


def test_transformer_is_cached() -> None:
    """The same (src, dst) pair returns the same Transformer object."""
    assert transformer(4326, 6669) is transformer(4326, 6669)
    assert transformer(4326, 6669) is not transformer(6669, 4326)


def test_geometry_round_trip_keeps_z() -> None:
    """Geometries project and unproject; Z (altitude) passes through untouched."""
    line = LineString([(128.84, 32.69, 120.0), (128.85, 32.70, 80.0)])
    metric = geometry_from_wgs84(line, 6669)
    assert [c[2] for c in metric.coords] == [120.0, 80.0]
    back = geometry_to_wgs84(metric, 6669)
    for (a, b, c), (d, e, f) in zip(line.coords, back.coords, strict=True):
        assert (a, b, c) == pytest.approx((d, e, f), abs=1e-9)
    p = geometry_from_wgs84(Point(*FUKUE), 6669)
    assert (p.x, p.y) == pytest.approx((-61809.6, -33596.3), abs=0.5)
