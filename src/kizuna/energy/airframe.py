"""Power-model parameters of an aircraft profile, and its power at a flight state.

Aerodynamic figures no maker publishes live in the profile JSON as extra keys (listed in the
profile's ``assumed``); a profile without them gets the generic estimates below.

=========================  ===========  =================================================
key                        kind         meaning (default)
=========================  ===========  =================================================
``drag_area_m2``           multirotor   body + battery Σ Cd·A (0.1 × dimension²)
``payload_drag_area_m2``   multirotor   payload package Cd·A (0.02)
``propulsive_efficiency``  both         η, battery to useful power (0.6)
``usable_battery_fraction`` both        share of nominal energy that can be drawn (0.9)
``wing_area_m2``           fixed wing   S (span² / 10, the span being the dimension)
``cd0``                    fixed wing   zero-lift drag coefficient (0.035)
``induced_drag_k``         fixed wing   k = 1 / (π e AR) (e = 0.8, AR = span² / S)
=========================  ===========  =================================================
"""

from __future__ import annotations

import math

from kizuna.energy.fixed_wing import FixedWingAirframe, fixed_wing_power_w
from kizuna.energy.multirotor import MultirotorAirframe, multirotor_power_w
from kizuna.energy.settings import DEFAULT_ENERGY_SETTINGS, EnergySettings
from kizuna.errors import InvalidInput
from kizuna.fleet.profiles import AircraftProfile

__all__ = [
    "Airframe",
    "airframe_of",
    "check_payload",
    "power_w",
    "usable_battery_wh",
]

Airframe = MultirotorAirframe | FixedWingAirframe

_DEFAULT_EFFICIENCY = 0.6
_DEFAULT_USABLE_FRACTION = 0.9
_DEFAULT_PAYLOAD_DRAG_AREA_M2 = 0.02
_DEFAULT_CD0 = 0.035
_DEFAULT_OSWALD = 0.8


def _extra(profile: AircraftProfile, key: str, default: float) -> float:
    value = profile.extra.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput(f"profile {profile.id}: {key} must be a number, got {value!r}",
                           field=key)
    return float(value)


def airframe_of(profile: AircraftProfile) -> Airframe:
    """The power-model airframe of a profile (multirotor or fixed wing)."""
    eta = _extra(profile, "propulsive_efficiency", _DEFAULT_EFFICIENCY)
    dim = profile.characteristic_dimension_m
    try:
        if profile.kind == "multirotor":
            return MultirotorAirframe(
                empty_mass_kg=profile.empty_mass_kg,
                rotors=profile.rotors,
                rotor_diameter_m=profile.rotor_diameter_m,
                drag_area_m2=_extra(profile, "drag_area_m2", 0.1 * dim * dim),
                payload_drag_area_m2=_extra(profile, "payload_drag_area_m2",
                                            _DEFAULT_PAYLOAD_DRAG_AREA_M2),
                propulsive_efficiency=eta,
            )
        wing_area = _extra(profile, "wing_area_m2", dim * dim / 10)
        aspect = dim * dim / wing_area if wing_area > 0 else 0.0
        default_k = 1 / (math.pi * _DEFAULT_OSWALD * aspect) if aspect > 0 else 0.0
        return FixedWingAirframe(
            empty_mass_kg=profile.empty_mass_kg,
            wing_area_m2=wing_area,
            cd0=_extra(profile, "cd0", _DEFAULT_CD0),
            induced_drag_k=_extra(profile, "induced_drag_k", default_k),
            propulsive_efficiency=eta,
        )
    except InvalidInput as exc:
        raise InvalidInput(f"profile {profile.id}: {exc}", field=exc.field) from None


def usable_battery_wh(profile: AircraftProfile) -> float:
    """Energy that can be drawn from a full battery: usable fraction × nominal, Wh."""
    fraction = _extra(profile, "usable_battery_fraction", _DEFAULT_USABLE_FRACTION)
    if not 0 < fraction <= 1:
        raise InvalidInput(
            f"profile {profile.id}: usable_battery_fraction must be in (0, 1], got {fraction}",
            field="usable_battery_fraction")
    return profile.battery_wh * fraction


def check_payload(profile: AircraftProfile, payload_kg: float) -> None:
    """Raise :class:`InvalidInput` unless ``0 <= payload`` and the mass stays within MTOW."""
    if not (isinstance(payload_kg, int | float) and math.isfinite(payload_kg)
            and payload_kg >= 0):
        raise InvalidInput(f"payload_kg: must be a number >= 0, got {payload_kg!r}",
                           field="payload_kg")
    if profile.empty_mass_kg + payload_kg > profile.mtow_kg + 1e-9:
        raise InvalidInput(
            f"payload_kg: {payload_kg} kg takes {profile.id} above its MTOW of "
            f"{profile.mtow_kg} kg", field="payload_kg")


def power_w(profile: AircraftProfile, payload_kg: float, airspeed_mps: float,
            climb_mps: float = 0.0, settings: EnergySettings = DEFAULT_ENERGY_SETTINGS) -> float:
    """Electrical power of a profile at an airspeed and vertical speed, W."""
    check_payload(profile, payload_kg)
    frame = airframe_of(profile)
    if isinstance(frame, MultirotorAirframe):
        return multirotor_power_w(frame, payload_kg, airspeed_mps, climb_mps, settings)
    return fixed_wing_power_w(frame, payload_kg, airspeed_mps, climb_mps, settings)
