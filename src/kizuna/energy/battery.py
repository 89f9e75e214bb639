"""Battery: usable energy, a reserve policy, and the feasibility verdict of a mission.

The usable energy is a share of the nominal energy (``usable_battery_fraction`` of the
profile). A mission is feasible when its energy, the energy to reach the alternate landing site
and the reserve together fit within the usable energy. The reserve is a share of the usable
energy plus an optional fixed amount. The state of charge on landing is the share of the
nominal energy left after the mission (without the diversion to the alternate).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kizuna.energy.airframe import usable_battery_wh
from kizuna.errors import InvalidInput
from kizuna.fleet.profiles import AircraftProfile

__all__ = ["DEFAULT_RESERVE_POLICY", "BatteryVerdict", "ReservePolicy", "battery_verdict"]


@dataclass(frozen=True, slots=True)
class ReservePolicy:
    """How much energy must be left unused on landing.

    Parameters
    ----------
    reserve_fraction
        Share of the usable energy kept in reserve (0.2 = 20 %).
    reserve_wh
        A fixed reserve on top of the share, Wh.
    """

    reserve_fraction: float = 0.2
    reserve_wh: float = 0.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.reserve_fraction) and 0 <= self.reserve_fraction < 1):
            raise InvalidInput(
                f"reserve_fraction: must be in [0, 1), got {self.reserve_fraction!r}",
                field="reserve_fraction")
        if not (math.isfinite(self.reserve_wh) and self.reserve_wh >= 0):
            raise InvalidInput(f"reserve_wh: must be a number >= 0, got {self.reserve_wh!r}",
                               field="reserve_wh")

    def reserve_for(self, usable_wh: float) -> float:
        """The reserve, Wh, for a battery with ``usable_wh`` of usable energy."""
        return self.reserve_fraction * usable_wh + self.reserve_wh


#: 20 % of the usable energy, plus whatever the alternate needs (passed to the verdict).
DEFAULT_RESERVE_POLICY = ReservePolicy()


@dataclass(frozen=True, slots=True)
class BatteryVerdict:
    """Whether a mission fits the battery, and by how much.

    Attributes
    ----------
    feasible
        Mission + alternate + reserve fit within the usable energy.
    soc_landing
        State of charge on landing at the planned destination, share of nominal energy (0-1).
    shortfall_pct
        Energy missing, as a percentage of the usable energy (0 when feasible).
    usable_wh
        Usable energy of a full battery, Wh.
    required_wh
        Mission + alternate + reserve, Wh.
    margin_wh
        ``usable_wh − required_wh`` (negative when infeasible), Wh.
    """

    feasible: bool
    soc_landing: float
    shortfall_pct: float
    usable_wh: float
    required_wh: float
    margin_wh: float


def battery_verdict(profile: AircraftProfile, energy_wh: float,
                    reserve_policy: ReservePolicy = DEFAULT_RESERVE_POLICY,
                    alternate_wh: float = 0.0) -> BatteryVerdict:
    """The battery verdict of a mission needing ``energy_wh`` on a full battery of ``profile``.

    Parameters
    ----------
    profile
        The aircraft profile (nominal ``battery_wh`` and usable fraction).
    energy_wh
        Energy of the planned mission, Wh (>= 0).
    reserve_policy
        The reserve to keep.
    alternate_wh
        Energy from the destination to the alternate landing site, Wh (>= 0).
    """
    for name, v in (("energy_wh", energy_wh), ("alternate_wh", alternate_wh)):
        if not (isinstance(v, int | float) and math.isfinite(v) and v >= 0):
            raise InvalidInput(f"{name}: must be a number >= 0, got {v!r}", field=name)
    usable = usable_battery_wh(profile)
    required = energy_wh + alternate_wh + reserve_policy.reserve_for(usable)
    margin = usable - required
    feasible = margin >= 0
    soc = max(0.0, (profile.battery_wh - energy_wh) / profile.battery_wh)
    shortfall = 0.0 if feasible else -margin / usable * 100
    return BatteryVerdict(feasible=feasible, soc_landing=soc, shortfall_pct=shortfall,
                          usable_wh=usable, required_wh=required, margin_wh=margin)
