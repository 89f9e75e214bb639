"""Calibration: each profile's modelled endurance and range against its published figures.

The modelled endurance is the usable battery energy divided by the power in level flight at the
published cruise speed with the published payload, in still air and with no reserve, because
makers publish endurance and range that way. The modelled range is that endurance times the
cruise speed. DOMAIN.md section 4 asks for both within ±15 %.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kizuna.energy.airframe import power_w, usable_battery_wh
from kizuna.energy.settings import DEFAULT_ENERGY_SETTINGS, EnergySettings
from kizuna.fleet.profiles import AircraftProfile

__all__ = ["CALIBRATION_TOLERANCE_PCT", "Calibration", "calibrate", "calibration_table"]

#: The calibration rule of DOMAIN.md section 4.
CALIBRATION_TOLERANCE_PCT = 15.0


@dataclass(frozen=True, slots=True)
class Calibration:
    """Modelled against published endurance and range of one profile."""

    profile_id: str
    payload_kg: float
    cruise_mps: float
    cruise_power_w: float
    usable_wh: float
    modelled_endurance_min: float
    published_endurance_min: float
    modelled_range_km: float
    published_range_km: float

    @property
    def endurance_error_pct(self) -> float:
        """Signed error of the modelled endurance, % of the published one."""
        return (self.modelled_endurance_min / self.published_endurance_min - 1) * 100

    @property
    def range_error_pct(self) -> float:
        """Signed error of the modelled range, % of the published one."""
        return (self.modelled_range_km / self.published_range_km - 1) * 100


def calibrate(profile: AircraftProfile,
              settings: EnergySettings = DEFAULT_ENERGY_SETTINGS) -> Calibration:
    """Model ``profile`` at its published payload and cruise speed."""
    p = power_w(profile, profile.payload_kg, profile.cruise_mps, 0.0, settings)
    usable = usable_battery_wh(profile)
    endurance_min = usable / p * 60
    return Calibration(
        profile_id=profile.id, payload_kg=profile.payload_kg, cruise_mps=profile.cruise_mps,
        cruise_power_w=p, usable_wh=usable, modelled_endurance_min=endurance_min,
        published_endurance_min=profile.endurance_min,
        modelled_range_km=endurance_min * 60 * profile.cruise_mps / 1000,
        published_range_km=profile.range_km)


def calibration_table(profiles: Iterable[AircraftProfile],
                      settings: EnergySettings = DEFAULT_ENERGY_SETTINGS) -> str:
    """A Markdown table of :func:`calibrate` over ``profiles``."""
    rows = [
        "| profile | payload kg | cruise m/s | power W | usable Wh | endurance min "
        "(model / published / error) | range km (model / published / error) |",
        "|---|---|---|---|---|---|---|",
    ]
    for prof in profiles:
        c = calibrate(prof, settings)
        rows.append(
            f"| {c.profile_id} | {c.payload_kg:g} | {c.cruise_mps:g} | {c.cruise_power_w:.0f} | "
            f"{c.usable_wh:.0f} | {c.modelled_endurance_min:.1f} / "
            f"{c.published_endurance_min:g} / {c.endurance_error_pct:+.1f} % | "
            f"{c.modelled_range_km:.1f} / {c.published_range_km:g} / "
            f"{c.range_error_pct:+.1f} % |")
    return "\n".join(rows)

