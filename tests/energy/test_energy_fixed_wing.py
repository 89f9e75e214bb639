"""Tests for the fixed-wing drag-polar power model."""

from __future__ import annotations

import pytest

from kizuna.energy import EnergySettings, FixedWingAirframe, fixed_wing_power_w
from kizuna.errors import InvalidInput

FRAME = FixedWingAirframe(empty_mass_kg=19.25, wing_area_m2=1.0, cd0=0.03, induced_drag_k=0.036,
                          propulsive_efficiency=0.6)
SETTINGS = EnergySettings(rho=1.225, g=9.81)


def test_power_is_drag_times_speed_over_efficiency() -> None:
    """P = q S (CD0 + k CL²) v / η, checked by hand at 28 m/s with 1.75 kg payload."""
    q = 0.5 * 1.225 * 28.0 ** 2
    cl = 21.0 * 9.81 / (q * 1.0)
    expected = q * (0.03 + 0.036 * cl * cl) * 28.0 / 0.6
    assert fixed_wing_power_w(FRAME, 1.75, 28.0, settings=SETTINGS) == pytest.approx(expected)


def test_best_lift_to_drag_speed_minimises_drag() -> None:
    """Drag at the best-L/D speed is below drag just slower and just faster."""
    v = FRAME.best_range_speed_mps(21.0, 1.225, 9.81)
    d = FRAME.drag_n(21.0, v, 1.225, 9.81)
    assert d < FRAME.drag_n(21.0, v * 0.9, 1.225, 9.81)
    assert d < FRAME.drag_n(21.0, v * 1.1, 1.225, 9.81)
    # At best L/D, induced and zero-lift drag are equal: D = W · 2 √(CD0 k).
    assert d == pytest.approx(21.0 * 9.81 * 2 * (0.03 * 0.036) ** 0.5)


def test_payload_raises_power() -> None:
    """More mass needs more lift, hence more induced drag and power."""
    assert fixed_wing_power_w(FRAME, 3.0, 25.0) > fixed_wing_power_w(FRAME, 0.0, 25.0)


def test_climb_and_descent() -> None:
    """Climb adds m g w / η; a steep descent is floored at a share of level power."""
    s = EnergySettings(rho=1.225, g=9.81, descent_floor_fixed_wing=0.1)
    level = fixed_wing_power_w(FRAME, 1.75, 28.0, settings=s)
    assert fixed_wing_power_w(FRAME, 1.75, 28.0, 4.0, s) == pytest.approx(
        level + 21.0 * 9.81 * 4.0 / 0.6)
    assert fixed_wing_power_w(FRAME, 1.75, 28.0, -1.0, s) == pytest.approx(level - 21.0 * 9.81)
    assert fixed_wing_power_w(FRAME, 1.75, 28.0, -10.0, s) == pytest.approx(0.1 * level)


@pytest.mark.parametrize(("payload", "airspeed"), [(1.0, 0.0), (-1.0, 20.0)])
def test_fixed_wing_cannot_hover_or_carry_negative_mass(payload: float, airspeed: float) -> None:
    """Zero airspeed or a negative payload raises InvalidInput."""
    with pytest.raises(InvalidInput):
        fixed_wing_power_w(FRAME, payload, airspeed)


def test_invalid_polar() -> None:
    """A non-positive polar figure names the field."""
    with pytest.raises(InvalidInput, match="cd0"):
        FixedWingAirframe(19.0, 1.0, 0.0, 0.036, 0.6)
