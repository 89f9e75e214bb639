"""Each profile reproduces its published endurance and range within ±15 % (DOMAIN.md §4)."""

from __future__ import annotations

import pytest

from kizuna.energy import calibrate, calibration_table, mission_energy, usable_battery_wh
from kizuna.fleet import load_profiles, profile

TOL = 0.15


def test_pf2_cat3_endurance_and_range() -> None:
    """PF2-CAT3, 1.0 kg at 10 m/s: endurance in the published 17.5-20 min, range 11.4 km ±15 %."""
    c = calibrate(profile("pf2-cat3"))
    assert (c.payload_kg, c.cruise_mps) == (1.0, 10.0)
    assert 17.5 <= c.modelled_endurance_min <= 20.0
    assert c.modelled_range_km == pytest.approx(11.4, rel=TOL)


def test_pf4_range() -> None:
    """PF4, 4.5 kg at 10 m/s: about 35 km ±15 %."""
    c = calibrate(profile("pf4"))
    assert (c.payload_kg, c.cruise_mps) == (4.5, 10.0)
    assert c.modelled_range_km == pytest.approx(35.0, rel=TOL)


def test_e6150_endurance_and_minamisoma_mission() -> None:
    """E6150: 15 min ±15 %, and the 2.5 km Minamisoma leg at 70 m fits one battery."""
    p = profile("e6150")
    assert calibrate(p).modelled_endurance_min == pytest.approx(15.0, rel=TOL)
    m = mission_energy(p, p.payload_kg, [(0, 0, 0), (0, 0, 70), (2500, 0, 70), (2500, 0, 0)])
    assert m.energy_wh < usable_battery_wh(p)


def test_longrange_fixed_wing() -> None:
    """The fixed wing flies > 2 h (±15 %) at 28 m/s, enough for the 80 km radius (160 km)."""
    c = calibrate(profile("longrange-fw"))
    assert c.modelled_endurance_min == pytest.approx(120.0, rel=TOL)
    assert c.modelled_range_km >= 160.0


@pytest.mark.parametrize("profile_id", sorted(load_profiles()))
def test_mission_at_modelled_range_uses_the_usable_energy(profile_id: str) -> None:
    """mission_energy over the calibrated range, in still air, draws the usable energy."""
    p = profile(profile_id)
    c = calibrate(p)
    m = mission_energy(p, p.payload_kg, [(0, 0, 100), (c.modelled_range_km * 1000, 0, 100)])
    assert m.energy_wh == pytest.approx(usable_battery_wh(p), rel=1e-9)


@pytest.mark.parametrize("profile_id", sorted(load_profiles()))
def test_energy_figures_are_marked_assumed(profile_id: str) -> None:
    """Every energy-model figure a profile carries is listed in its 'assumed' field."""
    p = profile(profile_id)
    energy_keys = {"drag_area_m2", "payload_drag_area_m2", "propulsive_efficiency",
                   "usable_battery_fraction", "wing_area_m2", "cd0", "induced_drag_k"}
    carried = energy_keys & set(p.extra)
    assert carried
    assert carried <= set(p.assumed)


def test_table_has_one_row_per_profile() -> None:
    """The calibration table lists every profile with its errors."""
    table = calibration_table(load_profiles().values())
    assert len(table.splitlines()) == 2 + len(load_profiles())
    for pid in load_profiles():
        assert f"| {pid} |" in table
