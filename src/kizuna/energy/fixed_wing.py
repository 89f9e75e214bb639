"""Fixed-wing power from a parabolic drag polar.

With dynamic pressure ``q = ½ ρ v²`` and wing area ``S``, level flight needs
``CL = W / (q S)``; the drag polar gives ``CD = CD0 + k CL²``, the drag ``D = q S CD`` and the
electrical power ``P = D v / η``. Climbing at ``w`` adds ``m g w / η``; descending lowers the
power by ``m g w`` down to a floor share of the level power (see :class:`EnergySettings`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kizuna.energy.settings import DEFAULT_ENERGY_SETTINGS, EnergySettings
from kizuna.errors import InvalidInput

__all__ = ["FixedWingAirframe", "fixed_wing_power_w"]


def _positive(name: str, value: float) -> None:
    if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
        raise InvalidInput(f"{name}: must be a positive number, got {value!r}", field=name)


@dataclass(frozen=True, slots=True)
class FixedWingAirframe:
    """The figures the drag-polar model needs.

    Parameters
    ----------
    empty_mass_kg
        Mass without payload, kg.
    wing_area_m2
        Reference wing area ``S``, m².
    cd0
        Zero-lift drag coefficient ``CD0`` (fuselage, wing, payload bay).
    induced_drag_k
        Induced-drag factor ``k = 1 / (π e AR)``.
    propulsive_efficiency
        Overall efficiency ``η`` from battery to thrust power, in (0, 1].
    """

    empty_mass_kg: float
    wing_area_m2: float
    cd0: float
    induced_drag_k: float
    propulsive_efficiency: float = 1.0

    def __post_init__(self) -> None:
        for name in ("empty_mass_kg", "wing_area_m2", "cd0", "induced_drag_k",
                     "propulsive_efficiency"):
            _positive(name, getattr(self, name))
        if self.propulsive_efficiency > 1:
            raise InvalidInput(
                f"propulsive_efficiency: must be at most 1, got {self.propulsive_efficiency}",
                field="propulsive_efficiency")

    def drag_n(self, mass_kg: float, airspeed_mps: float, rho: float, g: float) -> float:
        """Level-flight drag at a mass and airspeed, N."""
        q = 0.5 * rho * airspeed_mps ** 2
        cl = mass_kg * g / (q * self.wing_area_m2)
        return q * self.wing_area_m2 * (self.cd0 + self.induced_drag_k * cl * cl)

    def best_range_speed_mps(self, mass_kg: float, rho: float, g: float) -> float:
        """Airspeed of the best lift-to-drag ratio (``CL = √(CD0 / k)``), m/s."""
        cl = math.sqrt(self.cd0 / self.induced_drag_k)
        return math.sqrt(2 * mass_kg * g / (rho * self.wing_area_m2 * cl))


def fixed_wing_power_w(airframe: FixedWingAirframe, payload_kg: float, airspeed_mps: float,
                       climb_mps: float = 0.0,
                       settings: EnergySettings = DEFAULT_ENERGY_SETTINGS) -> float:
    """Electrical power of a fixed wing at an airspeed and vertical speed, W.

    ``airspeed_mps`` must be positive: a fixed wing cannot hover.
    """
    if not (isinstance(payload_kg, int | float) and math.isfinite(payload_kg) and payload_kg >= 0):
        raise InvalidInput(f"payload_kg: must be a number >= 0, got {payload_kg!r}",
                           field="payload_kg")
    _positive("airspeed_mps", airspeed_mps)
    if not math.isfinite(climb_mps):
        raise InvalidInput(f"climb_mps: must be finite, got {climb_mps!r}", field="climb_mps")
    mass = airframe.empty_mass_kg + payload_kg
    eta = airframe.propulsive_efficiency
    level = airframe.drag_n(mass, airspeed_mps, settings.rho, settings.g) * airspeed_mps / eta
    weight = mass * settings.g
    if climb_mps >= 0:
        return level + weight * climb_mps / eta
    return max(level + weight * climb_mps, settings.descent_floor_fixed_wing * level)
