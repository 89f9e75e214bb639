"""Legs from the product's planner, the permit envelope and the UTM builders.

- :func:`plan_leg` (None when infeasible) / :func:`plan_leg_or_raise` (with the reason): plan
  base -> drop spot with :func:`kizuna.planning.plan_route`. Inside an area permit that
  covers the aircraft and the base, the flight is Level 4 in the permit's envelope; otherwise
  Level 3.5 (special zone, camera), with the airport permissions held.

The flight flown on a leg, its UTM intent and its permit-check plan are
:class:`kizuna.dispatch.flight.DeliveryFlight`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from kizuna.dispatch.fleetstate import Leg
from kizuna.dispatch.flight import UtmMargins
from kizuna.dispatch.orders import DropSpot
from kizuna.energy import DEFAULT_RESERVE_POLICY, ReservePolicy
from kizuna.errors import Infeasible
from kizuna.fleet import Aircraft, Base
from kizuna.permits import Permit, envelope_geometry
from kizuna.planning import (
    DEFAULT_PLANNER_SETTINGS,
    FatalityRate,
    PlannerSettings,
    PlanRequest,
    Route,
    plan_route,
)
from kizuna.scenario.model import Scenario

__all__ = ["UtmMargins", "leg_of", "leg_request", "permit_for",
           "plan_leg", "plan_leg_or_raise"]


def permit_for(permits: Sequence[Permit], scenario: Scenario, aircraft: Aircraft, base: Base,
               spot: DropSpot) -> Permit | None:
    """The first area permit covering this aircraft whose area holds both base and spot."""
    for p in permits:
        app = p.application
        if app.kind != "area" or aircraft.registration not in app.aircraft:
            continue
        area = envelope_geometry(app, scenario.epsg)
        if area.contains(scenario.point(base.lon, base.lat)) and area.contains(
                scenario.point(spot.lon, spot.lat)):
            return p
    return None


def plan_leg(scenario: Scenario, aircraft: Aircraft, base: Base, spot: DropSpot,
             departure: datetime, risk: FatalityRate, *, permits: Sequence[Permit] = (),
             permissions: tuple[str, ...] = (), reserve: ReservePolicy = DEFAULT_RESERVE_POLICY,
             settings: PlannerSettings = DEFAULT_PLANNER_SETTINGS) -> Leg | None:
    """The planned leg at the aircraft's full payload (so any order it can lift fits), or None
    when the planner finds no legal, flyable route."""
    try:
        return plan_leg_or_raise(scenario, aircraft, base, spot, departure, risk,
                                 permits=permits, permissions=permissions, reserve=reserve,
                                 settings=settings)
    except Infeasible:
        return None


def plan_leg_or_raise(scenario: Scenario, aircraft: Aircraft, base: Base, spot: DropSpot,
                      departure: datetime, risk: FatalityRate, *,
                      permits: Sequence[Permit] = (), permissions: tuple[str, ...] = (),
                      reserve: ReservePolicy = DEFAULT_RESERVE_POLICY,
                      settings: PlannerSettings = DEFAULT_PLANNER_SETTINGS) -> Leg:
    """As :func:`plan_leg`, but raising :class:`kizuna.errors.Infeasible` with the planner's
    one-line reason (e.g. the drop spot inside active emergency airspace)."""
    prof = aircraft.profile
    permit = permit_for(permits, scenario, aircraft, base, spot)
    if permit is None and not prof.onboard_camera:
        raise Infeasible(f"no permit area covers {aircraft.registration} from {base.id} to "
                         f"{spot.id}, and Level 3.5 needs the onboard camera")
    request = leg_request(aircraft, (base.lon, base.lat), (spot.lon, spot.lat), departure,
                          prof.payload_kg, permit, permissions, reserve)
    route = plan_route(scenario, prof, request, risk, settings)
    return leg_of(route, request, base, spot, aircraft, permit, settings)


def leg_request(aircraft: Aircraft, start: tuple[float, float], goal: tuple[float, float],
                departure: datetime, payload_kg: float, permit: Permit | None,
                permissions: tuple[str, ...], reserve: ReservePolicy) -> PlanRequest:
    """The planner's request for a leg: Level 4 inside the permit's envelope, else Level 3.5
    under the zone's special rules."""
    return PlanRequest(
        start=start, goal=goal, level="4" if permit is not None else "3.5",
        departure=departure, payload_kg=payload_kg, reserve=reserve,
        envelope=permit.to_envelope(aircraft=aircraft) if permit is not None else None,
        permissions=permissions, special_zone=permit is None)


def leg_of(route: Route, request: PlanRequest, base: Base, spot: DropSpot, aircraft: Aircraft,
           permit: Permit | None, settings: PlannerSettings,
           payload_kg: float | None = None) -> Leg:
    """The dispatcher's leg (out and back) of a planned route and the permit it flies under;
    ``payload_kg`` when it is a lighter class than the aircraft's full payload."""
    app = permit.application if permit is not None else None
    return Leg(
        base_id=base.id, drop_spot_id=spot.id, profile_id=aircraft.profile.id,
        level=request.level, length_m=route.length_m, out_s=route.time_s,
        mission_s=2.0 * route.time_s + settings.drop_hover_s, hover_s=settings.drop_hover_s,
        energy_wh=route.energy_wh,
        did_m=2.0 * route.did_overflight_m, crossings=2 * len(route.crossings),
        expected_fatalities=route.expected_fatalities,
        permit=permit.number if permit is not None else None,
        windows=tuple((w.start, w.end) for w in app.daily_windows) if app else (),
        zone=app.zone if app else None,
        max_wind_mps=app.max_wind_mps if app else None, route=route, payload_kg=payload_kg)
