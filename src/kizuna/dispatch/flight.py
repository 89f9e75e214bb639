"""The planned delivery flight: one value for the service, the simulation and the CLI.

A :class:`DeliveryFlight` is what the dispatcher decided to fly: who (aircraft, pilot), from
where (base), to where (drop spot, along the planner's route), when (departure), under what
(Level, permit, entry control), and for how long (out, hover over the drop spot, back). From
it, pure functions derive everything the checks need, so the volume the UTM protects, the plan
the permit check reads and the energy the planner budgeted all come from the same figures:

- :meth:`DeliveryFlight.track`: (lon, lat, alt AMSL, time) out, hover, and back;
- :meth:`DeliveryFlight.intent`: its UTM operational intent (corridor volumes with margins);
- :meth:`DeliveryFlight.flight_plan`: the permit check's :class:`kizuna.permits.FlightPlan`.

:func:`flight_to_json` / :func:`flight_from_json` are its codec. The reader accepts the flights
the API stored before this value existed (no ``hover_s``, ``entry_control`` or
``drop_spot_id``): the hover is what the stored mission time leaves over the two legs, the
entry control the one the Level means.

One source for each figure: the hover is :attr:`kizuna.planning.PlannerSettings.drop_hover_s`
(carried by the leg), the battery reserve :attr:`DispatchSettings.reserve_fraction` (whose
default is the energy model's :data:`kizuna.energy.DEFAULT_RESERVE_POLICY`), and the battery
swap rule :func:`needs_swap`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from kizuna.dispatch.fleetstate import Leg
from kizuna.errors import InvalidInput
from kizuna.fleet import Aircraft, Pilot
from kizuna.permits import FlightPlan
from kizuna.rules.status import EntryControl
from kizuna.utm import OperationalIntent, corridor_volumes

__all__ = ["JAPAN", "DeliveryFlight", "EntryControl", "TrackPoint", "UtmMargins", "Waypoint",
           "entry_control_for", "flight_from_json", "flight_of_leg", "flight_to_json",
           "japan_date", "needs_swap", "out_and_back_track"]

#: Licences, permits and certificates are valid on Japan's calendar days.
JAPAN = ZoneInfo("Asia/Tokyo")

TrackPoint = tuple[float, float, float, datetime]


def japan_date(t: datetime) -> date:
    """The calendar day in Japan at ``t`` (a 08:00 JST take-off is the day before in UTC)."""
    return t.astimezone(JAPAN).date()


@dataclass(frozen=True)
class UtmMargins:
    """Margins of a flight's operational intent (m, s)."""

    lateral_m: float = 30.0
    vertical_m: float = 15.0
    eta_uncertainty_s: float = 30.0
    max_slice_s: float = 120.0


@dataclass(frozen=True)
class Waypoint:
    """One point of the route out: WGS84, altitude AMSL and AGL (m), seconds from take-off."""

    lon: float
    lat: float
    alt_amsl_m: float
    agl_m: float
    time_s: float

    def __post_init__(self) -> None:
        for name in ("lon", "lat", "alt_amsl_m", "agl_m", "time_s"):
            if not math.isfinite(getattr(self, name)):
                raise InvalidInput(f"route: {name} must be a finite number", field="route")


def entry_control_for(level: str) -> EntryControl:
    """The entry control a Level means: Level 4 flies with none (Category III), Level 3.5
    replaces it with the onboard camera (the same rule as a permit application's)."""
    return "none" if level == "4" else "camera"


def needs_swap(battery_wh: float, mission_wh: float, usable_wh: float,
               reserve_fraction: float) -> bool:
    """The battery must be swapped before this mission: flying it on the energy left would
    land below the reserve (the one battery-swap rule of dispatch, service and simulation)."""
    return battery_wh - mission_wh < reserve_fraction * usable_wh


def out_and_back_track(waypoints: Sequence[Waypoint], departure: datetime,
                       hover_s: float) -> list[TrackPoint]:
    """(lon, lat, alt AMSL, time) out along ``waypoints``, ``hover_s`` over the last one, and
    back the same way; points that would not move the clock forward are dropped."""
    out = [(w.lon, w.lat, w.alt_amsl_m, departure + timedelta(seconds=w.time_s))
           for w in waypoints]
    last = waypoints[-1].time_s
    turn = last + hover_s
    back = [(w.lon, w.lat, w.alt_amsl_m, departure + timedelta(seconds=turn + last - w.time_s))
            for w in waypoints[::-1]]
    clean = [out[0]]
    for p in out[1:] + back:
        if p[3] > clean[-1][3]:
            clean.append(p)
    return clean


@dataclass(frozen=True)
class DeliveryFlight:
    """One planned delivery: base -> drop spot -> base.

    Parameters
    ----------
    id
        The flight's id (the UTM intent gets its own).
    registration, profile_id, pilot_id, base_id, drop_spot_id
        Who flies what, from where to where (``drop_spot_id`` is "" on flights stored before
        it was recorded).
    level, entry_control, permit
        Level "4" (inside ``permit``'s envelope) or "3.5" (the zone's special rules), and how
        third parties are kept from under the path.
    departure
        Timezone-aware take-off.
    out_s, hover_s
        Take-off to landing at the drop spot, and the time over it lowering the parcel.
    length_m, energy_wh
        One way, and the energy of the whole mission (out, hover, back), as the planner
        budgeted it.
    waypoints
        The route out.
    wind_mps
        The wind the flight was planned in (None: unknown).
    crossings
        The planner's Level 3.5 crossings (JSON-ready), for the pages.
    """

    id: str
    registration: str
    profile_id: str
    pilot_id: str
    base_id: str
    drop_spot_id: str
    level: str
    entry_control: EntryControl
    permit: str | None
    departure: datetime
    out_s: float
    hover_s: float
    length_m: float
    energy_wh: float
    waypoints: tuple[Waypoint, ...]
    wind_mps: float | None = None
    crossings: tuple[Mapping[str, Any], ...] = ()

    def __post_init__(self) -> None:
        if self.departure.utcoffset() is None:
            raise InvalidInput("departure: needs a timezone offset", field="departure")
        if len(self.waypoints) < 2:
            raise InvalidInput("route: needs at least two waypoints", field="route")
        for name in ("out_s", "hover_s", "length_m", "energy_wh"):
            v = getattr(self, name)
            if not (math.isfinite(v) and v >= 0):
                raise InvalidInput(f"{name}: must be a finite number >= 0, got {v}", field=name)
        if self.level not in ("3.5", "4"):
            raise InvalidInput(f"level: a delivery flies Level 3.5 or 4, not {self.level!r}",
                               field="level")
        if self.wind_mps is not None and not (math.isfinite(self.wind_mps)
                                              and self.wind_mps >= 0):
            raise InvalidInput("wind_mps: must be a finite number >= 0", field="wind_mps")

    @property
    def mission_s(self) -> float:
        """Take-off to landing back at the base."""
        return 2.0 * self.out_s + self.hover_s

    @property
    def arrival(self) -> datetime:
        """Landing at the drop spot (the order's ETA)."""
        return self.departure + timedelta(seconds=self.out_s)

    @property
    def landing(self) -> datetime:
        """Landing back at the base."""
        return self.departure + timedelta(seconds=self.mission_s)

    def at(self, departure: datetime) -> DeliveryFlight:
        """The same flight taking off at ``departure``."""
        return replace(self, departure=departure)

    def track(self) -> list[TrackPoint]:
        """(lon, lat, alt AMSL, time) out, hover over the drop spot, and back."""
        return out_and_back_track(self.waypoints, self.departure, self.hover_s)

    def intent(self, intent_id: str, owner: str, *, priority: int = 0,
               margins: UtmMargins = UtmMargins()) -> OperationalIntent:
        """Its UTM operational intent: the track's corridor with the margins."""
        vols = corridor_volumes(self.track(), lateral_margin_m=margins.lateral_m,
                                vertical_margin_m=margins.vertical_m,
                                eta_uncertainty_s=margins.eta_uncertainty_s,
                                max_slice_s=margins.max_slice_s)
        return OperationalIntent(intent_id, owner, priority, vols)

    def flight_plan(self, aircraft: Aircraft, pilot: Pilot,
                    purpose: str = "delivery") -> FlightPlan:
        """The permit check's flight plan: take-off at the base, the drop spot (a stop) and
        back, timed from take-off to landing at the base."""
        # Planned heights at the pads are 0 m up to rounding; the check refuses negative ones.
        out = [(w.lon, w.lat, max(w.agl_m, 0.0)) for w in self.waypoints]
        return FlightPlan.out_and_back(out, start=self.departure, end=self.landing,
                                       aircraft=aircraft, pilot=pilot, wind_mps=self.wind_mps,
                                       purpose=purpose, id=self.id)


def flight_of_leg(flight_id: str, leg: Leg, *, registration: str, pilot_id: str,
                  departure: datetime, wind_mps: float | None) -> DeliveryFlight:
    """The flight of a planned leg (its route, Level, permit and hover) from ``departure``."""
    route = leg.route
    wps = tuple(Waypoint(w.lon, w.lat, w.alt_amsl_m, w.agl_m, w.time_s)
                for w in route.waypoints)
    return DeliveryFlight(
        id=flight_id, registration=registration, profile_id=leg.profile_id, pilot_id=pilot_id,
        base_id=leg.base_id, drop_spot_id=leg.drop_spot_id, level=leg.level,
        entry_control=entry_control_for(leg.level), permit=leg.permit, departure=departure,
        out_s=leg.out_s, hover_s=leg.hover_s, length_m=leg.length_m, energy_wh=leg.energy_wh,
        waypoints=wps, wind_mps=wind_mps,
        crossings=tuple(c.to_dict() for c in getattr(route, "crossings", ())))


def flight_to_json(flight: DeliveryFlight) -> dict[str, Any]:
    """The flight as stored (the keys the API has always stored, plus ``hover_s``,
    ``entry_control`` and ``drop_spot_id``); waypoints are [lon, lat, alt AMSL, AGL, s]."""
    return {
        "id": flight.id, "registration": flight.registration, "profile": flight.profile_id,
        "pilot_id": flight.pilot_id, "base_id": flight.base_id,
        "drop_spot_id": flight.drop_spot_id, "level": flight.level,
        "entry_control": flight.entry_control, "permit": flight.permit,
        "departure": flight.departure.isoformat(), "out_s": flight.out_s,
        "hover_s": flight.hover_s, "mission_s": flight.mission_s, "length_m": flight.length_m,
        "energy_wh": flight.energy_wh, "crossings": [dict(c) for c in flight.crossings],
        "route": [[w.lon, w.lat, w.alt_amsl_m, w.agl_m, w.time_s] for w in flight.waypoints],
        "wind_mps": flight.wind_mps,
    }


def _num(data: Mapping[str, Any], key: str) -> float:
    v = data.get(key)
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise InvalidInput(f"flight.{key}: expected a number, got {v!r}", field=key)
    return float(v)


def _entry_control(value: object, level: str) -> EntryControl:
    if value is None:
        return entry_control_for(level)
    if value not in ("none", "camera", "assistants", "signage"):
        raise InvalidInput(f"flight.entry_control: unknown {value!r}", field="entry_control")
    return value


def flight_from_json(data: Mapping[str, Any]) -> DeliveryFlight:
    """Read a stored flight (also one stored before ``hover_s`` and ``entry_control``).

    Raises
    ------
    InvalidInput
        A missing or malformed field, named.
    """
    try:
        out_s = _num(data, "out_s")
        hover = (_num(data, "hover_s") if "hover_s" in data
                 else _num(data, "mission_s") - 2.0 * out_s)
        level = str(data["level"])
        wind = data.get("wind_mps")
        route = data["route"]
        if not isinstance(route, list):
            raise InvalidInput("flight.route: expected a list of waypoints", field="route")
        wps = tuple(Waypoint(*(float(x) for x in w[:5])) for w in route)
        return DeliveryFlight(
            id=str(data["id"]), registration=str(data["registration"]),
            profile_id=str(data["profile"]), pilot_id=str(data["pilot_id"]),
            base_id=str(data["base_id"]), drop_spot_id=str(data.get("drop_spot_id") or ""),
            level=level, entry_control=_entry_control(data.get("entry_control"), level),
            permit=data.get("permit"), departure=datetime.fromisoformat(str(data["departure"])),
            out_s=out_s, hover_s=max(0.0, hover), length_m=_num(data, "length_m"),
            energy_wh=_num(data, "energy_wh"), waypoints=wps,
            wind_mps=None if wind is None else float(wind),
            crossings=tuple(data.get("crossings") or ()))
    except KeyError as exc:
        raise InvalidInput(f"flight.{exc.args[0]}: missing", field=str(exc.args[0])) from None
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"flight: unreadable ({exc})", field="flight") from None
