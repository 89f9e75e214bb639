"""Island service: light-parcel legs and scheduled multi-drop island runs.

- :func:`plan_light_leg`: a base -> drop spot leg at the full payload, or, when the battery
  runs short at the full payload (the islands at the edge of a PF4's reach), at the heaviest
  lighter payload class that fits; :attr:`Leg.payload_kg` says what it may carry.
- :func:`plan_hop`: one hop of a run (base or drop spot to drop spot or base), planned by
  :func:`kizuna.planning.plan_route` for its legal 3D geometry.
- :func:`plan_run`: a multi-drop mission through the hops of a VRP trip, its energy by the
  energy model with the load actually carried on each hop (dropped stop by stop), a hover at
  every drop, and the battery verdict with the reserve.
- :func:`run_intent` / :func:`run_flight_plan`: its UTM operational intent and the permit
  check's flight plan (every drop spot a stop).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta, tzinfo

from kizuna.dispatch.fleetstate import Leg
from kizuna.dispatch.flight import EntryControl, entry_control_for
from kizuna.dispatch.legs import UtmMargins, leg_of, leg_request, permit_for
from kizuna.dispatch.orders import DropSpot
from kizuna.energy import (
    CALM,
    DEFAULT_RESERVE_POLICY,
    ReservePolicy,
    battery_verdict,
    hover_energy_wh,
    mission_energy,
)
from kizuna.errors import Infeasible, InvalidInput
from kizuna.fleet import Aircraft, Base, Pilot
from kizuna.permits import FlightPlan, Permit
from kizuna.planning import (
    DEFAULT_PLANNER_SETTINGS,
    FatalityRate,
    PlannerSettings,
    Route,
    plan_route,
)
from kizuna.scenario.model import Scenario
from kizuna.utm import OperationalIntent, corridor_volumes

__all__ = ["RunFlight", "RunMission", "plan_hop", "plan_light_leg", "plan_run", "run_flight_plan",
           "run_intent"]

Place = Base | DropSpot
_MARGINS = UtmMargins()


def plan_light_leg(scenario: Scenario, aircraft: Aircraft, base: Base, spot: DropSpot,
                   departure: datetime, risk: FatalityRate, *,
                   payload_fractions: Sequence[float] = (1.0, 0.4),
                   permits: Sequence[Permit] = (), permissions: tuple[str, ...] = (),
                   reserve: ReservePolicy = DEFAULT_RESERVE_POLICY,
                   settings: PlannerSettings = DEFAULT_PLANNER_SETTINGS) -> Leg | None:
    """The leg at the first payload class (a fraction of the aircraft's payload, heaviest
    first) whose out-and-back fits the battery with its reserve; None when none does or there
    is no legal route. Only a battery shortfall moves on to a lighter class."""
    prof = aircraft.profile
    if not payload_fractions or any(not 0 < f <= 1 for f in payload_fractions):
        raise InvalidInput("payload_fractions: each in (0, 1]", field="payload_fractions")
    permit = permit_for(permits, scenario, aircraft, base, spot)
    if permit is None and not prof.onboard_camera:
        return None  # Level 3.5 needs the onboard camera
    for frac in sorted(payload_fractions, reverse=True):
        payload = round(prof.payload_kg * frac, 3)
        request = leg_request(aircraft, (base.lon, base.lat), (spot.lon, spot.lat), departure,
                              payload, permit, permissions, reserve)
        try:
            route = plan_route(scenario, prof, request, risk, settings)
        except Infeasible as exc:
            if str(exc).startswith("battery:"):
                continue
            return None
        return leg_of(route, request, base, spot, aircraft, permit, settings,
                      payload_kg=None if frac == 1.0 else payload)
    return None


def plan_hop(scenario: Scenario, aircraft: Aircraft, a: Place, b: Place, departure: datetime,
             risk: FatalityRate, *, permit: Permit | None = None,
             permissions: tuple[str, ...] = (),
             settings: PlannerSettings = DEFAULT_PLANNER_SETTINGS) -> Route | None:
    """The planner's route of one hop, None when there is no legal route.

    Planned at the full payload (the graph the legs use) with no reserve: only its legal
    geometry and timing are kept; :func:`plan_run` judges the battery over the whole run with
    the real loads and the reserve."""
    request = leg_request(aircraft, (a.lon, a.lat), (b.lon, b.lat), departure,
                          aircraft.profile.payload_kg, permit, permissions,
                          ReservePolicy(reserve_fraction=0.0))
    try:
        return plan_route(scenario, aircraft.profile, request, risk, settings)
    except Infeasible:
        return None


@dataclass(frozen=True)
class RunMission:
    """A planned multi-drop trip: base -> stops (in order) -> base.

    ``loads_kg`` is what is dropped at each stop; ``arrivals_s`` the landing at each stop
    after take-off; ``hops`` the planner's routes (one more than the stops).
    """

    base_id: str
    profile_id: str
    level: str
    stops: tuple[str, ...]
    loads_kg: tuple[float, ...]
    hops: tuple[Route, ...]
    arrivals_s: tuple[float, ...]
    mission_s: float
    energy_wh: float
    soc_landing: float
    length_m: float
    did_m: float
    crossings: int
    expected_fatalities: float
    hover_s: float
    permit: str | None = None
    windows: tuple[tuple[time, time], ...] = ()
    zone: tzinfo | None = None
    max_wind_mps: float | None = None

    @property
    def load_kg(self) -> float:
        """The take-off load."""
        return sum(self.loads_kg)


def plan_run(scenario: Scenario, aircraft: Aircraft, base: Base, stops: Sequence[DropSpot],
             loads_kg: Sequence[float], hops: Mapping[tuple[str, str], Route], *,
             permits: Sequence[Permit] = (), reserve: ReservePolicy = DEFAULT_RESERVE_POLICY,
             settings: PlannerSettings = DEFAULT_PLANNER_SETTINGS) -> RunMission:
    """The mission flying ``stops`` in order from ``base`` and back, with the hops planned
    beforehand (``hops[(from id, to id)]``; consecutive stops at the same spot are one landing).

    Raises
    ------
    Infeasible
        A hop without a route, a load above the payload, or the run short of battery.
    """
    prof = aircraft.profile
    if not stops or len(stops) != len(loads_kg):
        raise InvalidInput("plan_run: one load per stop, at least one stop", field="stops")
    total = sum(loads_kg)
    if total > prof.payload_kg + 1e-9:
        raise Infeasible(f"run: {total:g} kg is above the {prof.id} payload")
    # Consecutive orders for one spot are one landing.
    spots: list[DropSpot] = []
    drops: list[float] = []
    for s, w in zip(stops, loads_kg, strict=True):
        if spots and spots[-1].id == s.id:
            drops[-1] += w
        else:
            spots.append(s)
            drops.append(w)
    ids = [base.id, *(s.id for s in spots), base.id]
    routes: list[Route] = []
    for a, b in itertools.pairwise(ids):
        r = hops.get((a, b))
        if r is None:
            raise Infeasible(f"run: no planned hop {a} -> {b}")
        routes.append(r)
    hover_s = settings.drop_hover_s
    load = total
    energy = 0.0
    t = 0.0
    arrivals: list[float] = []
    for k, r in enumerate(routes):
        path = [(w.x, w.y, w.alt_amsl_m) for w in r.waypoints]
        e = mission_energy(prof, load, path, CALM)
        energy += e.energy_wh
        t += e.time_s
        if k < len(drops):
            arrivals.append(t)
            energy += hover_energy_wh(prof, load, hover_s)
            t += hover_s
            load = max(0.0, load - drops[k])
    verdict = battery_verdict(prof, energy, reserve)
    if not verdict.feasible:
        raise Infeasible(f"run battery: {verdict.shortfall_pct:.0f}% short "
                         f"({' -> '.join(ids)})")
    # Arrival per order (orders sharing a landing share its time).
    per_stop: list[float] = []
    k = -1
    last = ""
    for s in stops:
        if s.id != last:
            k += 1
            last = s.id
        per_stop.append(arrivals[k])
    permit = None
    for p in permits:
        if all(permit_for([p], scenario, aircraft, base, s) is not None for s in spots):
            permit = p
            break
    app = permit.application if permit is not None else None
    return RunMission(
        base_id=base.id, profile_id=prof.id, level=routes[0].level, stops=tuple(s.id for s in
                                                                                 stops),
        loads_kg=tuple(loads_kg), hops=tuple(routes), arrivals_s=tuple(per_stop), mission_s=t,
        energy_wh=energy, soc_landing=verdict.soc_landing,
        length_m=sum(r.length_m for r in routes),
        did_m=sum(r.did_overflight_m for r in routes),
        crossings=sum(len(r.crossings) for r in routes),
        # The planner's figure is out and back along one hop: half of it per hop.
        expected_fatalities=sum(r.expected_fatalities / 2.0 for r in routes),
        hover_s=hover_s, permit=permit.number if permit is not None else None,
        windows=tuple((w.start, w.end) for w in app.daily_windows) if app else (),
        zone=app.zone if app else None, max_wind_mps=app.max_wind_mps if app else None)


def _run_track(run: RunMission, departure: datetime
               ) -> list[tuple[float, float, float, datetime]]:
    track: list[tuple[float, float, float, datetime]] = []
    t0 = 0.0
    for k, r in enumerate(run.hops):
        for w in r.waypoints:
            track.append((w.lon, w.lat, w.alt_amsl_m, departure + timedelta(seconds=t0 +
                                                                               w.time_s)))
        t0 += r.waypoints[-1].time_s
        if k < len(run.hops) - 1:
            t0 += run.hover_s
    clean = [track[0]]
    for p in track[1:]:
        if p[3] > clean[-1][3]:
            clean.append(p)
    return clean


def run_intent(intent_id: str, owner: str, run: RunMission, departure: datetime, *,
               priority: int = 0, margins: UtmMargins = _MARGINS) -> OperationalIntent:
    """The operational intent of flying ``run`` from ``departure`` (every hop in turn)."""
    vols = corridor_volumes(_run_track(run, departure), lateral_margin_m=margins.lateral_m,
                            vertical_margin_m=margins.vertical_m,
                            eta_uncertainty_s=margins.eta_uncertainty_s,
                            max_slice_s=margins.max_slice_s)
    return OperationalIntent(intent_id, owner, priority, vols)


def run_flight_plan(flight_id: str, run: RunMission, departure: datetime, aircraft: Aircraft,
                    pilot: Pilot, wind_mps: float | None,
                    purpose: str = "delivery") -> FlightPlan:
    """The permit check's flight plan of ``run``: take-off at the base, every drop spot a
    stop, landing back at the base."""
    positions: list[tuple[float, float, float]] = []
    stops: list[int] = []
    for k, r in enumerate(run.hops):
        pts = [(w.lon, w.lat, max(w.agl_m, 0.0)) for w in r.waypoints]
        positions.extend(pts if k == 0 else pts[1:])  # a hop starts where the last ended
        if k < len(run.hops) - 1:
            stops.append(len(positions) - 1)
    return FlightPlan(positions=tuple(positions), start=departure,
                      end=departure + timedelta(seconds=run.mission_s), aircraft=aircraft,
                      pilot=pilot, wind_mps=wind_mps, purpose=purpose, id=flight_id,
                      stops=tuple(stops))


@dataclass(frozen=True)
class RunFlight:
    """An island run as the launch gate reads it: the mission, who flies it and when."""

    id: str
    run: RunMission
    registration: str
    pilot_id: str
    departure: datetime
    wind_mps: float | None = None

    @property
    def level(self) -> str:
        """The Level of its hops."""
        return self.run.level

    @property
    def entry_control(self) -> EntryControl:
        """The entry control its Level means."""
        return entry_control_for(self.run.level)

    @property
    def permit(self) -> str | None:
        """The area permit covering every stop (None: the zone's rules)."""
        return self.run.permit

    @property
    def energy_wh(self) -> float:
        """The whole run's energy."""
        return self.run.energy_wh

    @property
    def mission_s(self) -> float:
        """Take-off to landing back at the base."""
        return self.run.mission_s

    def at(self, departure: datetime) -> RunFlight:
        """The same run taking off at ``departure``."""
        return replace(self, departure=departure)

    def intent(self, intent_id: str, owner: str, *, priority: int = 0,
               margins: UtmMargins = _MARGINS) -> OperationalIntent:
        """Its UTM operational intent."""
        return run_intent(intent_id, owner, self.run, self.departure, priority=priority,
                          margins=margins)

    def flight_plan(self, aircraft: Aircraft, pilot: Pilot,
                    purpose: str = "delivery") -> FlightPlan:
        """The permit check's plan (every drop spot a stop)."""
        return run_flight_plan(self.id, self.run, self.departure, aircraft, pilot,
                               self.wind_mps, purpose)
