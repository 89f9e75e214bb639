"""Energy of a 3D path: per-leg time, power and energy, and the totals.

A path is a sequence of waypoints ``(x, y, z_amsl)`` in metres in a metric plane (x east,
y north). On each leg the aircraft flies at its cruise airspeed, crabbing into the wind, and
climbs or descends at up to its profile's climb or descent rate:

* the horizontal part takes ``t_h = h / ground speed`` (wind triangle at cruise airspeed);
* the vertical part takes at least ``t_v = |Δz| / rate``;
* the leg takes ``t = max(t_h, t_v)`` with a constant vertical speed ``w = Δz / t``.

When the climb or descent sets the pace (``t_v > t_h``, e.g. a vertical take-off), a
multirotor slows down along the track: its airspeed is the air-relative speed
``|ground velocity − wind|`` (holding position in a wind still costs forward-flight power).
A fixed wing cannot slow down: it keeps its cruise airspeed and spirals.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from kizuna.energy.airframe import check_payload, power_w
from kizuna.energy.settings import DEFAULT_ENERGY_SETTINGS, EnergySettings
from kizuna.energy.wind import CALM, Wind, wind_triangle
from kizuna.errors import Infeasible, InvalidInput
from kizuna.fleet.profiles import AircraftProfile

__all__ = ["LegEnergy", "MissionEnergy", "Waypoint", "hover_energy_wh", "mission_energy"]

Waypoint = tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class LegEnergy:
    """One leg of a mission.

    Attributes
    ----------
    index
        Position of the leg in the path (0 = first).
    horizontal_m, vertical_m
        Horizontal length and height change (positive climbs), m.
    time_s
        Flight time, s.
    airspeed_mps, ground_speed_mps, vertical_speed_mps
        Speeds held on the leg, m/s.
    headwind_mps, crosswind_mps
        Wind components against and across the track (0 on a vertical leg), m/s.
    payload_kg
        Payload carried on the leg, kg.
    power_w, energy_wh
        Electrical power, W, and energy, Wh.
    """

    index: int
    horizontal_m: float
    vertical_m: float
    time_s: float
    airspeed_mps: float
    ground_speed_mps: float
    vertical_speed_mps: float
    headwind_mps: float
    crosswind_mps: float
    payload_kg: float
    power_w: float
    energy_wh: float


@dataclass(frozen=True, slots=True)
class MissionEnergy:
    """Per-leg figures and totals of a mission.

    Attributes
    ----------
    profile_id
        The aircraft profile flown.
    legs
        One entry per leg.
    time_s, energy_wh, horizontal_m
        Totals over the legs.
    wind_within_limit
        The wind speed does not exceed the profile's wind limit.
    """

    profile_id: str
    legs: tuple[LegEnergy, ...]
    time_s: float
    energy_wh: float
    horizontal_m: float
    wind_within_limit: bool


def _waypoints(waypoints: Sequence[Sequence[float]]) -> list[Waypoint]:
    if len(waypoints) < 2:
        raise InvalidInput("waypoints: a path needs at least two waypoints", field="waypoints")
    out: list[Waypoint] = []
    for i, wp in enumerate(waypoints):
        if len(wp) != 3 or not all(isinstance(c, int | float) and math.isfinite(c) for c in wp):
            raise InvalidInput(f"waypoints[{i}]: must be three finite numbers (x, y, z_amsl)",
                               field=f"waypoints[{i}]")
        out.append((float(wp[0]), float(wp[1]), float(wp[2])))
    return out


def _payloads(payload_kg: float | Sequence[float], legs: int) -> list[float]:
    if isinstance(payload_kg, int | float):
        return [float(payload_kg)] * legs
    if len(payload_kg) != legs:
        raise InvalidInput(f"payload_kg: needs one value per leg ({legs}), got {len(payload_kg)}",
                           field="payload_kg")
    return [float(p) for p in payload_kg]


def mission_energy(profile: AircraftProfile, payload_kg: float | Sequence[float],
                   waypoints: Sequence[Sequence[float]], wind: Wind = CALM,
                   cruise_mps: float | None = None,
                   settings: EnergySettings = DEFAULT_ENERGY_SETTINGS) -> MissionEnergy:
    """Time and energy of flying ``waypoints`` with ``profile``.

    Parameters
    ----------
    profile
        The aircraft profile.
    payload_kg
        Payload, kg: one value for the whole path, or one per leg (a delivery drops it).
    waypoints
        ``(x, y, z_amsl)`` in metres in a metric CRS, at least two.
    wind
        Steady wind (speed and direction FROM).
    cruise_mps
        Cruise airspeed, m/s; the profile's cruise speed when None.
    settings
        Air density, gravity and descent floors.

    Raises
    ------
    InvalidInput
        Bad waypoints, payload above MTOW, or a cruise speed outside (0, max speed].
    Infeasible
        A leg whose crosswind or headwind the aircraft cannot fly against.
    """
    points = _waypoints(waypoints)
    payloads = _payloads(payload_kg, len(points) - 1)
    for p in payloads:
        check_payload(profile, p)
    cruise = profile.cruise_mps if cruise_mps is None else cruise_mps
    if not (math.isfinite(cruise) and 0 < cruise <= profile.max_speed_mps):
        raise InvalidInput(f"cruise_mps: must be in (0, {profile.max_speed_mps}] for "
                           f"{profile.id}, got {cruise!r}", field="cruise_mps")
    wx, wy = wind.vector
    legs: list[LegEnergy] = []
    for i, ((x0, y0, z0), (x1, y1, z1), payload) in enumerate(
            zip(points, points[1:], payloads, strict=False)):
        dx, dy, dz = x1 - x0, y1 - y0, z1 - z0
        h = math.hypot(dx, dy)
        headwind = crosswind = 0.0
        t_h = 0.0
        if h > 0:
            try:
                tri = wind_triangle((dx, dy), cruise, wind)
            except Infeasible as exc:
                raise Infeasible(f"leg {i}: {exc}") from None
            t_h = h / tri.ground_speed_mps
            headwind, crosswind = tri.headwind_mps, tri.crosswind_mps
        rate = profile.climb_mps if dz > 0 else profile.descent_mps
        t_v = abs(dz) / rate
        t = max(t_h, t_v)
        if t == 0:
            legs.append(LegEnergy(i, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, payload, 0.0, 0.0))
            continue
        w = dz / t
        if t_h >= t_v or profile.kind == "fixed_wing":
            airspeed = cruise
        else:
            gs = h / t
            ux, uy = (dx / h, dy / h) if h > 0 else (0.0, 0.0)
            airspeed = math.hypot(gs * ux - wx, gs * uy - wy)
        p = power_w(profile, payload, airspeed, w, settings)
        legs.append(LegEnergy(
            index=i, horizontal_m=h, vertical_m=dz, time_s=t, airspeed_mps=airspeed,
            ground_speed_mps=h / t, vertical_speed_mps=w, headwind_mps=headwind,
            crosswind_mps=crosswind, payload_kg=payload, power_w=p, energy_wh=p * t / 3600))
    return MissionEnergy(
        profile_id=profile.id, legs=tuple(legs),
        time_s=sum(leg.time_s for leg in legs),
        energy_wh=sum(leg.energy_wh for leg in legs),
        horizontal_m=sum(leg.horizontal_m for leg in legs),
        wind_within_limit=wind.speed_mps <= profile.wind_limit_mps)


def hover_energy_wh(profile: AircraftProfile, payload_kg: float, seconds: float,
                    wind: Wind = CALM,
                    settings: EnergySettings = DEFAULT_ENERGY_SETTINGS) -> float:
    """Energy of holding position for ``seconds`` (a drop, a wait), Wh.

    A multirotor holding position in a wind flies at an airspeed equal to the wind speed.
    A fixed wing cannot hover; it loiters at its cruise airspeed.
    """
    if not (math.isfinite(seconds) and seconds >= 0):
        raise InvalidInput(f"seconds: must be a number >= 0, got {seconds!r}", field="seconds")
    airspeed = wind.speed_mps if profile.kind == "multirotor" else profile.cruise_mps
    return power_w(profile, payload_kg, airspeed, 0.0, settings) * seconds / 3600
