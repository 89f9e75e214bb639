"""What the dispatcher knows: planned legs, aircraft and pilot states, and its settings."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from typing import Any

from kizuna.energy import DEFAULT_RESERVE_POLICY
from kizuna.errors import InvalidInput
from kizuna.fleet import Aircraft, Pilot
from kizuna.fleet.pilot import Licence, Limitation
from kizuna.planning import DEFAULT_PLANNER_SETTINGS

__all__ = [
    "AircraftState",
    "DispatchSettings",
    "Leg",
    "LegKey",
    "PilotState",
    "licensed_for",
    "next_window_start",
]


@dataclass(frozen=True)
class DispatchSettings:
    """Configurable figures of the dispatcher.

    ``max_aircraft_per_pilot`` follows the 1-to-many guideline (5 by default); ``swap_s`` is a
    battery swap at a base; ``turnaround_s`` the check between flights; ``wind_limit_mps`` the
    operator's limit (MLIT's standard manual: 5 m/s; the aircraft's and the permit's limits
    apply too, the lowest wins); ``reserve_fraction`` the share of usable energy kept (the
    energy model's reserve policy by default: one source for the 20 %).
    """

    max_aircraft_per_pilot: int = 5
    swap_s: float = 300.0
    turnaround_s: float = 120.0
    wind_limit_mps: float = 8.0
    reserve_fraction: float = DEFAULT_RESERVE_POLICY.reserve_fraction
    medical_priority: bool = True

    def __post_init__(self) -> None:
        if self.max_aircraft_per_pilot < 1:
            raise InvalidInput("max_aircraft_per_pilot must be at least 1",
                               field="max_aircraft_per_pilot")
        for name in ("swap_s", "turnaround_s", "wind_limit_mps"):
            v = getattr(self, name)
            if not (math.isfinite(v) and v >= 0):
                raise InvalidInput(f"{name} must be >= 0, got {v}", field=name)
        if not 0 <= self.reserve_fraction < 1:
            raise InvalidInput("reserve_fraction must be in [0, 1)", field="reserve_fraction")


LegKey = tuple[str, str, str]
"""(base id, drop-spot id, aircraft profile id)."""


@dataclass(frozen=True)
class Leg:
    """A planned delivery mission from a base to a drop spot and back (the planner's route).

    ``out_s`` is take-off to landing at the drop spot; ``mission_s`` the whole mission (out,
    drop, back). ``windows`` and ``zone`` are the permit's daily windows (none: any time);
    ``max_wind_mps`` the permit's wind limit. ``route`` is the planner's ``Route``.
    ``payload_kg`` is the heaviest parcel the leg was planned for (None: the aircraft's full
    payload; lighter when the full payload runs short of battery, e.g. to Naru).
    ``hover_s`` is the time over the drop spot the planner budgeted (its ``drop_hover_s``).
    """

    base_id: str
    drop_spot_id: str
    profile_id: str
    level: str
    length_m: float
    out_s: float
    mission_s: float
    energy_wh: float
    did_m: float = 0.0
    crossings: int = 0
    expected_fatalities: float = 0.0
    permit: str | None = None
    windows: tuple[tuple[time, time], ...] = ()
    zone: tzinfo | None = None
    max_wind_mps: float | None = None
    route: Any = None
    payload_kg: float | None = None
    hover_s: float = DEFAULT_PLANNER_SETTINGS.drop_hover_s

    @property
    def key(self) -> LegKey:
        """Its key in a leg book."""
        return (self.base_id, self.drop_spot_id, self.profile_id)


@dataclass(frozen=True)
class AircraftState:
    """One aircraft: where it is, when it is next free, its battery energy (Wh)."""

    aircraft: Aircraft
    base_id: str
    ready_at: datetime
    energy_wh: float
    in_service: bool = True

    @property
    def registration(self) -> str:
        """Its registration mark."""
        return self.aircraft.registration


@dataclass(frozen=True)
class PilotState:
    """A remote pilot and the flights they supervise, as (start, end) intervals."""

    pilot: Pilot
    flights: tuple[tuple[datetime, datetime], ...] = ()

    def concurrent(self, start: datetime, end: datetime) -> int:
        """Most flights this pilot supervises at once during [start, end)."""
        overlapping = [(s, e) for s, e in self.flights if s < end and e > start]
        if not overlapping:
            return 0
        points = sorted({max(s, start) for s, _ in overlapping})
        return max(sum(1 for s, e in overlapping if s <= p < e) for p in points)


def licensed_for(pilot: Pilot, level: str, day: Any, kind: str = "multirotor") -> bool:
    """Level 4 needs a first-class licence, Level 3.5 second class or better; both BVLOS, and
    a licence covering the aircraft's ``kind`` (`AircraftProfile.licence_kind`)."""
    if not pilot.covers(kind):
        return False
    lic = pilot.licence_on(day)
    if Limitation.BVLOS not in pilot.limitations_lifted:
        return False
    if level == "4":
        return lic is Licence.FIRST_CLASS
    return lic in (Licence.FIRST_CLASS, Licence.SECOND_CLASS)


def next_window_start(leg: Leg, earliest: datetime) -> datetime | None:
    """The first take-off at or after ``earliest`` whose whole mission fits one daily window
    on the same local day; None when there is none that day (or ``earliest`` if no windows)."""
    if not leg.windows or leg.zone is None:
        return earliest
    local = earliest.astimezone(leg.zone)
    need = timedelta(seconds=leg.mission_s)
    for start, end in sorted(leg.windows):
        w0 = local.replace(hour=start.hour, minute=start.minute, second=0, microsecond=0)
        w1 = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
        t = max(local, w0)
        if t + need <= w1:
            return t.astimezone(earliest.tzinfo)
    return None


def book_of(legs: Mapping[LegKey, Leg], spot: str) -> list[Leg]:
    """All legs to a drop spot."""
    return [leg for (_, s, _), leg in legs.items() if s == spot]
