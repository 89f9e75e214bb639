"""Multirotor power: momentum theory with parasite drag, climb and descent (Stolaroff 2018).

In steady level flight at airspeed ``v`` the airframe drag is ``D = ½ ρ v² Σ(Cd·A)``. The rotor
disk tilts forward by ``α = atan(D / W)`` and the thrust balances the vector sum of weight and
drag, ``T = √(W² + D²)``. (Stolaroff writes ``T = W + D``; the vector form is the force balance
itself, and with it ``T sin α = D`` exactly, so the power below splits cleanly into parasite
power ``D v`` and induced power ``T vᵢ``. ``T = W + D`` would add 13-19 % to the 10 m/s cruise
power of the bundled profiles; see docs/energy.md.) The induced velocity solves::

    vᵢ = 2T / (π n d² ρ √((v cos α)² + (v sin α + vᵢ)²))

and the electrical power is ``P = T (v sin α + vᵢ) / η``. At ``v = 0`` this is Dorling's hover
power ``P = (W+m)^{3/2} √(g³ / (2 ρ A n))`` with ``A = π d² / 4`` (divided by ``η``).

Climbing at ``w`` adds ``m g w / η``. Descending at ``w`` lowers the power by ``m g w`` but
never below a floor share of the level-flight power (see :class:`EnergySettings`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kizuna.energy.settings import DEFAULT_ENERGY_SETTINGS, EnergySettings
from kizuna.errors import InvalidInput

__all__ = [
    "MultirotorAirframe",
    "dorling_hover_power_w",
    "induced_velocity_mps",
    "multirotor_power_w",
]


def _positive(name: str, value: float) -> None:
    if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
        raise InvalidInput(f"{name}: must be a positive number, got {value!r}", field=name)


def _non_negative(name: str, value: float) -> None:
    if not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
        raise InvalidInput(f"{name}: must be a number >= 0, got {value!r}", field=name)


@dataclass(frozen=True, slots=True)
class MultirotorAirframe:
    """The figures the multirotor power model needs.

    Parameters
    ----------
    empty_mass_kg
        Mass without payload (body and battery), kg.
    rotors
        Number of rotors ``n``.
    rotor_diameter_m
        Rotor diameter ``d``, m.
    drag_area_m2
        Body and battery drag area ``Σ Cd·A``, m².
    payload_drag_area_m2
        Drag area of the payload package, m², added while a payload is carried.
    propulsive_efficiency
        Overall efficiency ``η`` from battery to induced + parasite power (motors, ESCs,
        propeller figure of merit), in (0, 1].
    """

    empty_mass_kg: float
    rotors: int
    rotor_diameter_m: float
    drag_area_m2: float
    payload_drag_area_m2: float = 0.0
    propulsive_efficiency: float = 1.0

    def __post_init__(self) -> None:
        _positive("empty_mass_kg", self.empty_mass_kg)
        if not (isinstance(self.rotors, int) and self.rotors >= 1):
            raise InvalidInput(f"rotors: must be a whole number >= 1, got {self.rotors!r}",
                               field="rotors")
        _positive("rotor_diameter_m", self.rotor_diameter_m)
        _non_negative("drag_area_m2", self.drag_area_m2)
        _non_negative("payload_drag_area_m2", self.payload_drag_area_m2)
        _positive("propulsive_efficiency", self.propulsive_efficiency)
        if self.propulsive_efficiency > 1:
            raise InvalidInput(
                f"propulsive_efficiency: must be at most 1, got {self.propulsive_efficiency}",
                field="propulsive_efficiency")

    @property
    def disk_area_m2(self) -> float:
        """Total rotor disk area ``n π d² / 4``, m²."""
        return self.rotors * math.pi * self.rotor_diameter_m ** 2 / 4


def dorling_hover_power_w(mass_kg: float, rotor_area_m2: float, rotors: int,
                          rho: float, g: float) -> float:
    """Dorling et al. (2017) ideal hover power ``m^{3/2} √(g³ / (2 ρ A n))``, W.

    ``rotor_area_m2`` is the area of one rotor.
    """
    _positive("mass_kg", mass_kg)
    _positive("rotor_area_m2", rotor_area_m2)
    return float(mass_kg ** 1.5 * math.sqrt(g ** 3 / (2 * rho * rotor_area_m2 * rotors)))


def induced_velocity_mps(thrust_n: float, disk_area_m2: float, airspeed_mps: float,
                         tilt_rad: float, rho: float) -> float:
    """Solve momentum theory for the induced velocity ``vᵢ`` at the rotor disks, m/s.

    ``f(vᵢ) = vᵢ √((v cos α)² + (v sin α + vᵢ)²) − T / (2 ρ A)`` is increasing and convex for
    ``vᵢ ≥ 0``, and ``f(v_h) ≥ 0`` at the hover value ``v_h = √(T / (2 ρ A))``, so Newton's
    method started at ``v_h`` converges monotonically from above.
    """
    _positive("thrust_n", thrust_n)
    vh2 = thrust_n / (2 * rho * disk_area_m2)
    vx = airspeed_mps * math.cos(tilt_rad)
    vz = airspeed_mps * math.sin(tilt_rad)
    vi = math.sqrt(vh2)
    for _ in range(100):
        root = math.sqrt(vx * vx + (vz + vi) ** 2)
        f = vi * root - vh2
        df = root + vi * (vz + vi) / root
        step = f / df
        vi -= step
        if abs(step) <= 1e-12 * max(1.0, vi):
            break
    return vi


def multirotor_power_w(airframe: MultirotorAirframe, payload_kg: float, airspeed_mps: float,
                       climb_mps: float = 0.0,
                       settings: EnergySettings = DEFAULT_ENERGY_SETTINGS) -> float:
    """Electrical power of a multirotor at an airspeed and vertical speed, W.

    Parameters
    ----------
    airframe
        The airframe figures.
    payload_kg
        Payload carried, kg (>= 0); its drag area counts only when it is > 0.
    airspeed_mps
        Horizontal airspeed, m/s (>= 0).
    climb_mps
        Vertical speed, m/s: positive climbs, negative descends.
    settings
        Air density, gravity and the descent floor.
    """
    _non_negative("payload_kg", payload_kg)
    _non_negative("airspeed_mps", airspeed_mps)
    if not math.isfinite(climb_mps):
        raise InvalidInput(f"climb_mps: must be finite, got {climb_mps!r}", field="climb_mps")
    mass = airframe.empty_mass_kg + payload_kg
    weight = mass * settings.g
    drag_area = airframe.drag_area_m2 + (airframe.payload_drag_area_m2 if payload_kg > 0 else 0)
    drag = 0.5 * settings.rho * airspeed_mps ** 2 * drag_area
    tilt = math.atan2(drag, weight)
    thrust = math.hypot(weight, drag)
    vi = induced_velocity_mps(thrust, airframe.disk_area_m2, airspeed_mps, tilt, settings.rho)
    eta = airframe.propulsive_efficiency
    level = thrust * (airspeed_mps * math.sin(tilt) + vi) / eta
    if climb_mps >= 0:
        return level + weight * climb_mps / eta
    return max(level + weight * climb_mps, settings.descent_floor_multirotor * level)
