"""Power and energy models, wind, and battery reserve (issue 5).

Pure functions over typed values:

* :mod:`~kizuna.energy.multirotor`: momentum theory with drag, climb and descent
  (Stolaroff 2018), reducing to Dorling's hover power (2017);
* :mod:`~kizuna.energy.fixed_wing`: a parabolic drag polar;
* :mod:`~kizuna.energy.wind`: the wind triangle;
* :mod:`~kizuna.energy.mission`: per-leg and total time and energy of a 3D path;
* :mod:`~kizuna.energy.battery`: usable energy, reserve policy and the feasibility verdict;
* :mod:`~kizuna.energy.calibration`: modelled against published endurance and range.

Bad input raises :class:`kizuna.errors.InvalidInput`; a leg that cannot be flown in the wind
raises :class:`kizuna.errors.Infeasible`. Equations and figures: ``docs/energy.md``.
"""

from __future__ import annotations

from kizuna.energy.airframe import Airframe, airframe_of, power_w, usable_battery_wh
from kizuna.energy.battery import (
    DEFAULT_RESERVE_POLICY,
    BatteryVerdict,
    ReservePolicy,
    battery_verdict,
)
from kizuna.energy.calibration import Calibration, calibrate, calibration_table
from kizuna.energy.fixed_wing import FixedWingAirframe, fixed_wing_power_w
from kizuna.energy.mission import (
    LegEnergy,
    MissionEnergy,
    Waypoint,
    hover_energy_wh,
    mission_energy,
)
from kizuna.energy.multirotor import (
    MultirotorAirframe,
    dorling_hover_power_w,
    induced_velocity_mps,
    multirotor_power_w,
)
from kizuna.energy.settings import DEFAULT_ENERGY_SETTINGS, EnergySettings
from kizuna.energy.wind import CALM, Wind, WindTriangle, wind_triangle

__all__ = [
    "CALM",
    "DEFAULT_ENERGY_SETTINGS",
    "DEFAULT_RESERVE_POLICY",
    "Airframe",
    "BatteryVerdict",
    "Calibration",
    "EnergySettings",
    "FixedWingAirframe",
    "LegEnergy",
    "MissionEnergy",
    "MultirotorAirframe",
    "ReservePolicy",
    "Waypoint",
    "Wind",
    "WindTriangle",
    "airframe_of",
    "battery_verdict",
    "calibrate",
    "calibration_table",
    "dorling_hover_power_w",
    "fixed_wing_power_w",
    "hover_energy_wh",
    "induced_velocity_mps",
    "mission_energy",
    "multirotor_power_w",
    "power_w",
    "usable_battery_wh",
    "wind_triangle",
]
