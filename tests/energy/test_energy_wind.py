"""Tests for the wind convention and the wind triangle."""

from __future__ import annotations

import math

import pytest

from kizuna.energy import CALM, Wind, wind_triangle
from kizuna.errors import Infeasible, InvalidInput

NORTH = (0.0, 1000.0)
EAST = (1000.0, 0.0)


@pytest.mark.parametrize(("from_deg", "expected"), [
    (0.0, (0.0, -5.0)),    # northerly wind blows south
    (90.0, (-5.0, 0.0)),   # easterly wind blows west
    (180.0, (0.0, 5.0)),
    (270.0, (5.0, 0.0)),
])
def test_wind_vector_is_meteorological(from_deg: float, expected: tuple[float, float]) -> None:
    """Wind direction is where it blows FROM; the vector is where the air goes."""
    vx, vy = Wind(5.0, from_deg).vector
    assert (vx, vy) == pytest.approx(expected, abs=1e-12)


def test_calm_air_gives_airspeed() -> None:
    """Without wind the ground speed is the airspeed, and heading equals track."""
    tri = wind_triangle(EAST, 10.0, CALM)
    assert tri.ground_speed_mps == pytest.approx(10.0)
    assert tri.heading_deg == pytest.approx(90.0)
    assert tri.crab_deg == pytest.approx(0.0)


def test_headwind_leg() -> None:
    """Flying north into a northerly wind loses the wind speed."""
    tri = wind_triangle(NORTH, 10.0, Wind(4.0, 0.0))
    assert tri.ground_speed_mps == pytest.approx(6.0)
    assert tri.headwind_mps == pytest.approx(4.0)
    assert tri.crosswind_mps == pytest.approx(0.0, abs=1e-12)


def test_tailwind_leg() -> None:
    """Flying north with a southerly wind gains the wind speed."""
    tri = wind_triangle(NORTH, 10.0, Wind(4.0, 180.0))
    assert tri.ground_speed_mps == pytest.approx(14.0)
    assert tri.headwind_mps == pytest.approx(-4.0)


def test_crosswind_leg_crabs_into_the_wind() -> None:
    """A westerly wind on a northbound leg: gs = √(V² − c²), heading left of track."""
    tri = wind_triangle(NORTH, 10.0, Wind(6.0, 270.0))
    assert tri.ground_speed_mps == pytest.approx(8.0)
    assert tri.crosswind_mps == pytest.approx(6.0)  # blows from left to right
    assert tri.crab_deg == pytest.approx(-math.degrees(math.asin(0.6)))
    assert tri.heading_deg == pytest.approx(360.0 - math.degrees(math.asin(0.6)))


@pytest.mark.parametrize("from_deg", [0.0, 37.0, 135.0, 200.0, 301.0])
@pytest.mark.parametrize("track", [(3.0, 4.0), (-10.0, 2.0), (0.5, -7.0)])
def test_air_plus_wind_is_ground_velocity(from_deg: float, track: tuple[float, float]) -> None:
    """The heading at the airspeed plus the wind lands exactly on the track at the ground speed."""
    wind = Wind(5.0, from_deg)
    tri = wind_triangle(track, 12.0, wind)
    h = math.radians(tri.heading_deg)
    gx = 12.0 * math.sin(h) + wind.vector[0]
    gy = 12.0 * math.cos(h) + wind.vector[1]
    length = math.hypot(*track)
    assert gx == pytest.approx(tri.ground_speed_mps * track[0] / length, abs=1e-9)
    assert gy == pytest.approx(tri.ground_speed_mps * track[1] / length, abs=1e-9)


def test_crosswind_above_airspeed_is_infeasible() -> None:
    """A crosswind at or above the airspeed cannot be crabbed against."""
    with pytest.raises(Infeasible, match="crosswind"):
        wind_triangle(NORTH, 10.0, Wind(10.0, 90.0))


def test_headwind_above_airspeed_is_infeasible() -> None:
    """A headwind stronger than the airspeed gives no forward progress."""
    with pytest.raises(Infeasible, match="headwind"):
        wind_triangle(NORTH, 10.0, Wind(12.0, 0.0))


@pytest.mark.parametrize(("track", "airspeed"), [((0.0, 0.0), 10.0), (NORTH, 0.0)])
def test_degenerate_triangle_is_invalid(track: tuple[float, float], airspeed: float) -> None:
    """A zero-length track or zero airspeed is an input error."""
    with pytest.raises(InvalidInput):
        wind_triangle(track, airspeed, CALM)


@pytest.mark.parametrize(("speed", "from_deg"), [(-1.0, 0.0), (math.inf, 0.0), (1.0, math.nan)])
def test_invalid_wind(speed: float, from_deg: float) -> None:
    """Negative or non-finite wind figures are refused."""
    with pytest.raises(InvalidInput):
        Wind(speed, from_deg)
