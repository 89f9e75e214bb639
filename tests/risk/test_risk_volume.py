"""Operational volume and ground risk buffer: contingency, 1:1 rule, ballistic and parachute."""

from __future__ import annotations

import math

import pytest
from shapely.geometry import LineString, Point, box

from kizuna.errors import InvalidInput
from kizuna.risk.volume import (
    GRAVITY_MPS2,
    VolumeSettings,
    contingency_lateral_m,
    ground_risk_buffer,
    operational_volume,
)


def test_contingency_is_speed_times_reaction_plus_position_error() -> None:
    """15 m/s x 2 s + 10 m = 40 m with the defaults; the settings change it."""
    assert contingency_lateral_m(15.0) == pytest.approx(40.0)
    settings = VolumeSettings(reaction_time_s=3.0, position_error_m=5.0)
    assert contingency_lateral_m(10.0, settings) == pytest.approx(35.0)


def test_one_to_one_rule_wins_over_a_short_ballistic_throw() -> None:
    """At 10 m/s from 100 m the throw (45 m) is shorter than the height: the buffer is 100 m."""
    b = ground_risk_buffer(100.0, 10.0, parachute=False)
    assert b.ballistic_m == pytest.approx(10.0 * math.sqrt(200.0 / GRAVITY_MPS2))
    assert b.buffer_m == pytest.approx(100.0)
    assert "1:1" in b.reasons[0].text


def test_ballistic_throw_wins_at_high_speed() -> None:
    """At 35 m/s from 100 m the throw (158 m) is longer than the 1:1 buffer."""
    b = ground_risk_buffer(100.0, 35.0, parachute=False)
    assert b.buffer_m == pytest.approx(35.0 * math.sqrt(200.0 / GRAVITY_MPS2))
    assert b.buffer_m > 100.0
    assert b.parachute_m is None


def test_parachute_drift_is_descent_time_times_wind() -> None:
    """100 m at 5 m/s under canopy in 8 m/s of wind drifts 160 m."""
    b = ground_risk_buffer(100.0, 15.0, parachute=True)
    assert b.parachute_m == pytest.approx(160.0)
    assert b.buffer_m == pytest.approx(160.0)
    calm = ground_risk_buffer(100.0, 15.0, parachute=True, settings=VolumeSettings(wind_mps=1.0))
    assert calm.buffer_m == pytest.approx(100.0)  # back to 1:1


def test_route_volume_widths() -> None:
    """A 1 km route: flight geography 10 m, + 40 m contingency, + 100 m buffer either side."""
    route = LineString([(0, 0), (1000, 0)])
    v = operational_volume(route, max_height_agl_m=100.0, speed_mps=15.0, parachute=False)
    assert v.contingency_m == pytest.approx(40.0)
    assert v.buffer_m == pytest.approx(100.0)
    assert v.operational_volume.contains(Point(500, 49))
    assert not v.operational_volume.contains(Point(500, 51))
    assert v.ground_risk_area.contains(Point(500, 149))
    assert not v.ground_risk_area.contains(Point(500, 151))
    assert v.operational_volume_km2 < v.ground_risk_area_km2
    assert [r.code for r in v.reasons] == ["OPERATIONAL_VOLUME", "GROUND_RISK_BUFFER"]


def test_area_volume_grows_the_polygon() -> None:
    """An area's flight geography is the polygon itself."""
    area = box(0, 0, 1000, 1000)
    v = operational_volume(area, max_height_agl_m=50.0, speed_mps=10.0, parachute=False)
    assert v.flight_geography.equals(area)
    assert v.operational_volume.area > area.area


@pytest.mark.parametrize(
    "geometry", [Point(0, 0), LineString([(0, 0), (0, 0)]), box(0, 0, 0, 0).buffer(0)]
)
def test_bad_geometry_is_invalid_input(geometry: object) -> None:
    """Points, zero-length lines and empty polygons are refused."""
    with pytest.raises(InvalidInput):
        operational_volume(geometry, max_height_agl_m=50.0, speed_mps=10.0,  # type: ignore[arg-type]
                           parachute=False)


@pytest.mark.parametrize(("height", "speed"), [(-1.0, 10.0), (50.0, 0.0), (math.nan, 10.0)])
def test_bad_figures_are_invalid_input(height: float, speed: float) -> None:
    """A negative height, zero speed or NaN is refused."""
    with pytest.raises(InvalidInput):
        ground_risk_buffer(height, speed, parachute=False)


def test_settings_are_checked() -> None:
    """A zero parachute descent speed would divide by zero."""
    with pytest.raises(InvalidInput, match="parachute_descent_mps"):
        VolumeSettings(parachute_descent_mps=0.0)
