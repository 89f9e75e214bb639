"""Tests for mission_energy: per-leg time and energy of a 3D path, with wind."""

from __future__ import annotations

import pytest

from kizuna.energy import CALM, Wind, hover_energy_wh, mission_energy, power_w
from kizuna.errors import Infeasible, InvalidInput
from kizuna.fleet import profile

PF2 = profile("pf2-cat3")
FW = profile("longrange-fw")


def test_level_leg_in_calm_air() -> None:
    """A 3 km level leg takes 300 s at 10 m/s and uses cruise power for that time."""
    m = mission_energy(PF2, 1.0, [(0, 0, 100), (3000, 0, 100)])
    (leg,) = m.legs
    assert leg.time_s == pytest.approx(300.0)
    assert leg.airspeed_mps == leg.ground_speed_mps == pytest.approx(10.0)
    assert leg.energy_wh == pytest.approx(power_w(PF2, 1.0, 10.0) * 300 / 3600)
    assert m.energy_wh == leg.energy_wh and m.horizontal_m == pytest.approx(3000.0)


def test_headwind_costs_more_than_tailwind() -> None:
    """The same leg into a 5 m/s headwind takes 3x as long as with the tailwind (5 vs 15 m/s)."""
    wind = Wind(5.0, 90.0)  # from the east
    east = mission_energy(PF2, 1.0, [(0, 0, 100), (3000, 0, 100)], wind)
    west = mission_energy(PF2, 1.0, [(3000, 0, 100), (0, 0, 100)], wind)
    assert east.legs[0].headwind_mps == pytest.approx(5.0)
    assert west.legs[0].headwind_mps == pytest.approx(-5.0)
    assert east.time_s == pytest.approx(3 * west.time_s)
    assert east.energy_wh == pytest.approx(3 * west.energy_wh)


def test_wind_makes_a_round_trip_dearer() -> None:
    """Out and back in any steady wind costs more than in calm air."""
    path = [(0, 0, 100), (2000, 1000, 100), (0, 0, 100)]
    calm = mission_energy(PF2, 1.0, path).energy_wh
    for from_deg in (0.0, 63.0, 150.0, 270.0):
        assert mission_energy(PF2, 1.0, path, Wind(6.0, from_deg)).energy_wh > calm


def test_crosswind_leg_is_slower() -> None:
    """A 6 m/s crosswind leaves a ground speed of 8 m/s at 10 m/s airspeed."""
    m = mission_energy(PF2, 1.0, [(0, 0, 50), (0, 800, 50)], Wind(6.0, 270.0))
    assert m.legs[0].ground_speed_mps == pytest.approx(8.0)
    assert m.legs[0].crosswind_mps == pytest.approx(6.0)
    assert m.time_s == pytest.approx(100.0)


def test_infeasible_leg_names_its_index() -> None:
    """A crosswind above the airspeed on the second leg raises Infeasible for leg 1."""
    with pytest.raises(Infeasible, match="leg 1"):
        mission_energy(PF2, 1.0, [(500, 0, 50), (0, 0, 50), (0, 500, 50)], Wind(12.0, 90.0),
                       cruise_mps=11.0)


def test_vertical_take_off_and_landing() -> None:
    """A 60 m climb takes 20 s at 3 m/s; the 60 m descent 30 s at 2 m/s, at lower power."""
    m = mission_energy(PF2, 1.0, [(0, 0, 0), (0, 0, 60), (0, 0, 0)])
    up, down = m.legs
    assert up.time_s == pytest.approx(20.0) and up.vertical_speed_mps == pytest.approx(3.0)
    assert down.time_s == pytest.approx(30.0) and down.vertical_speed_mps == pytest.approx(-2.0)
    hover = power_w(PF2, 1.0, 0.0)
    assert up.power_w > hover > down.power_w
    assert up.airspeed_mps == 0.0


def test_holding_position_in_wind_flies_at_wind_speed() -> None:
    """During a vertical climb in a 7 m/s wind a multirotor's airspeed is 7 m/s."""
    m = mission_energy(PF2, 1.0, [(0, 0, 0), (0, 0, 30)], Wind(7.0, 45.0))
    assert m.legs[0].airspeed_mps == pytest.approx(7.0)


def test_steep_leg_slows_down_to_the_climb_rate() -> None:
    """A 100 m leg climbing 90 m is climb-limited: 30 s, ground speed 100/30 m/s."""
    m = mission_energy(PF2, 1.0, [(0, 0, 0), (100, 0, 90)])
    assert m.time_s == pytest.approx(30.0)
    assert m.legs[0].ground_speed_mps == pytest.approx(100 / 30)
    assert m.legs[0].airspeed_mps == pytest.approx(100 / 30)


def test_fixed_wing_spirals_at_cruise_speed() -> None:
    """A fixed wing on a climb-limited leg keeps its cruise airspeed."""
    m = mission_energy(FW, 1.75, [(0, 0, 0), (0, 0, 120)])
    assert m.legs[0].airspeed_mps == FW.cruise_mps
    assert m.legs[0].time_s == pytest.approx(120 / FW.climb_mps)


def test_delivery_drops_the_payload() -> None:
    """Per-leg payloads: the return leg without the parcel uses less energy."""
    path = [(0, 0, 100), (4000, 0, 100), (0, 0, 100)]
    m = mission_energy(PF2, [1.0, 0.0], path)
    out, back = m.legs
    assert out.payload_kg == 1.0 and back.payload_kg == 0.0
    assert back.energy_wh < out.energy_wh
    assert m.energy_wh == pytest.approx(out.energy_wh + back.energy_wh)
    assert m.time_s == pytest.approx(out.time_s + back.time_s)


def test_zero_length_leg_costs_nothing() -> None:
    """A repeated waypoint adds a leg with no time or energy."""
    m = mission_energy(PF2, 1.0, [(0, 0, 0), (0, 0, 0), (100, 0, 0)])
    assert m.legs[0].time_s == 0.0 and m.legs[0].energy_wh == 0.0
    assert m.legs[1].time_s == pytest.approx(10.0)


def test_wind_limit_flag() -> None:
    """A wind above the profile's limit is flagged, not hidden."""
    path = [(0, 0, 50), (100, 0, 50)]
    assert mission_energy(PF2, 1.0, path, Wind(5.0, 0.0)).wind_within_limit
    assert not mission_energy(PF2, 1.0, path, Wind(11.0, 90.0),
                              cruise_mps=15.0).wind_within_limit


def test_cruise_speed_override() -> None:
    """A given cruise speed replaces the profile's."""
    m = mission_energy(PF2, 1.0, [(0, 0, 50), (1200, 0, 50)], cruise_mps=12.0)
    assert m.time_s == pytest.approx(100.0)


@pytest.mark.parametrize(("payload", "waypoints", "cruise", "field"), [
    (1.0, [(0, 0, 0)], None, "waypoints"),
    (1.0, [(0, 0, 0), (1, 1)], None, "waypoints"),
    (1.0, [(0, 0, 0), (float("nan"), 0, 0)], None, "waypoints"),
    (5.0, [(0, 0, 0), (10, 0, 0)], None, "payload_kg"),
    ([1.0, 1.0], [(0, 0, 0), (10, 0, 0)], None, "payload_kg"),
    (1.0, [(0, 0, 0), (10, 0, 0)], 40.0, "cruise_mps"),
    (1.0, [(0, 0, 0), (10, 0, 0)], 0.0, "cruise_mps"),
])
def test_invalid_mission_input(payload: float | list[float], waypoints: list[tuple[float, ...]],
                               cruise: float | None, field: str) -> None:
    """Bad waypoints, payloads over MTOW or a cruise speed beyond max raise InvalidInput."""
    with pytest.raises(InvalidInput, match=field):
        mission_energy(PF2, payload, waypoints, CALM, cruise)


def test_hover_energy() -> None:
    """Hovering 60 s costs one minute of hover power; in wind, of forward-flight power."""
    assert hover_energy_wh(PF2, 1.0, 60.0) == pytest.approx(power_w(PF2, 1.0, 0.0) / 60)
    assert hover_energy_wh(PF2, 1.0, 60.0, Wind(5.0, 0.0)) == pytest.approx(
        power_w(PF2, 1.0, 5.0) / 60)
    assert hover_energy_wh(FW, 1.75, 60.0) == pytest.approx(power_w(FW, 1.75, 28.0) / 60)
