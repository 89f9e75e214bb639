"""Configurable figures of the energy models, with their defaults (DOMAIN.md section 4)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from kizuna.errors import InvalidInput

__all__ = ["DEFAULT_ENERGY_SETTINGS", "ISA_SEA_LEVEL_RHO", "STANDARD_GRAVITY", "EnergySettings"]

#: ISA sea-level air density, kg/m³.
ISA_SEA_LEVEL_RHO = 1.225
#: Standard gravity, m/s².
STANDARD_GRAVITY = 9.80665


@dataclass(frozen=True, slots=True)
class EnergySettings:
    """Settings shared by the power models.

    Parameters
    ----------
    rho
        Air density, kg/m³ (ISA sea level by default).
    g
        Gravitational acceleration, m/s².
    descent_floor_multirotor
        In a descent a multirotor's power falls by the rate of potential-energy loss ``m g w``,
        but never below this share of its level-flight power at the same airspeed (rotors
        descending into their own wake still need most of their hover power).
    descent_floor_fixed_wing
        The same floor for a fixed wing (it can nearly glide).
    """

    rho: float = ISA_SEA_LEVEL_RHO
    g: float = STANDARD_GRAVITY
    descent_floor_multirotor: float = 0.75
    descent_floor_fixed_wing: float = 0.1

    def __post_init__(self) -> None:
        for name in ("rho", "g"):
            v = getattr(self, name)
            if not (math.isfinite(v) and v > 0):
                raise InvalidInput(f"{name}: must be a positive number, got {v!r}", field=name)
        for name in ("descent_floor_multirotor", "descent_floor_fixed_wing"):
            v = getattr(self, name)
            if not (math.isfinite(v) and 0 <= v <= 1):
                raise InvalidInput(f"{name}: must be between 0 and 1, got {v!r}", field=name)


DEFAULT_ENERGY_SETTINGS = EnergySettings()
