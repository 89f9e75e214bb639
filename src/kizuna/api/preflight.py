"""The pre-flight check of an order's planned flight, in the service (issue 17).

:func:`known_conditions` gathers what Kizuna knows before take-off (the aircraft's registration
and today's daily inspection, the battery after the mission, Remote ID, the wind limits of the
permit and the aircraft, emergency airspace in force on the route, other operators' intents
on it); :func:`record` stores the pilot's confirmation (:func:`kizuna.dispatch.preflight.confirm`);
:func:`cleared` is the launch's requirement: a passed check of this flight, whose measured
wind the permit check then judges. The rule itself is :mod:`kizuna.dispatch.preflight`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from shapely.geometry import LineString, shape

from kizuna.api.deps import AppState
from kizuna.dispatch.fleetstate import DispatchSettings
from kizuna.dispatch.preflight import (
    ITEM_WORDS,
    KnownConditions,
    PreflightCheck,
    check_from_json,
    check_to_json,
    confirm,
    missing_items,
)
from kizuna.energy import usable_battery_wh
from kizuna.errors import Infeasible
from kizuna.permits import PermitState
from kizuna.store import FleetRepository
from kizuna.store.flight_log import JST
from kizuna.store.log_records import LogRecordStore
from kizuna.store.orders import OrderStore, StoredOrder

__all__ = ["cleared", "known_conditions", "latest", "record"]


def _flight(stored: StoredOrder) -> dict[str, Any]:
    if not stored.flight:
        raise Infeasible(f"order {stored.id} has no planned flight")
    return stored.flight


def _route(flight: dict[str, Any]) -> list[tuple[float, float]]:
    return [(float(w[0]), float(w[1])) for w in flight.get("route") or []]


def known_conditions(app: AppState, stored: StoredOrder) -> KnownConditions:
    """What Kizuna knows now about the order's planned flight."""
    from kizuna.api.services.delivery import stored_flight

    flight = _flight(stored)
    org = stored.organisation_id
    now = app.now()
    day = now.astimezone(JST).date()
    with app.sessions() as s:
        aircraft = FleetRepository(s, org).get_aircraft(flight["registration"])
    inspections = LogRecordStore(app.sessions, app.now).inspections(
        [aircraft.registration], day, day)
    usable = usable_battery_wh(aircraft.profile)
    status = OrderStore(app.sessions, app.now).statuses(org).get(aircraft.registration)
    soc = status.soc if status else 1.0
    need = float(flight.get("energy_wh", 0.0)) / usable if usable else 1.0
    reserve = DispatchSettings().reserve_fraction
    # The launch swaps a battery that would end below its reserve: judge the one that flies.
    after = soc - need if soc - need >= reserve else 1.0 - need
    limit = aircraft.profile.wind_limit_mps
    permit_no = flight.get("permit")
    for held in app.permits.for_organisation(org):
        permit = held.record.permit()
        if (held.record.current.state is PermitState.APPROVED and permit is not None
                and permit.number == permit_no):
            limit = min(limit, permit.application.max_wind_mps)
    route = _route(flight)
    line = LineString(route) if len(route) >= 2 else None
    emergency = tuple(e.name for e in app.permits.emergencies(active_only=True)
                      if line is not None and shape(e.area).intersects(line))
    probe = stored_flight(stored).at(now).intent(f"preflight-{stored.id}", org)
    conflicts = tuple(c for c in app.airspace.check(probe).conflicts)
    return KnownConditions(
        registration_valid=aircraft.registered_on(day),
        daily_inspection_passed=inspections[-1].passed if inspections else None,
        remote_id=aircraft.remote_id is not None, battery_after_fraction=after,
        reserve_fraction=reserve, wind_limit_mps=limit, emergency_airspace=emergency,
        conflicting_intents=conflicts)


def record(app: AppState, stored: StoredOrder, wind_mps: float | None,
           confirmations: dict[str, bool], by: str) -> tuple[PreflightCheck, str]:
    """Store the pilot's confirmed check of the order's flight; the check and its id."""
    flight = _flight(stored)
    check = confirm(known_conditions(app, stored), wind_mps, confirmations,
                    flight_id=str(flight["id"]), registration=str(flight["registration"]),
                    by=by)
    saved = LogRecordStore(app.sessions, app.now).add_preflight(
        stored.organisation_id, stored.id, check.flight_id, check.registration,
        str(flight.get("pilot_id", "")), check_to_json(check), check.passed, by)
    return check, saved.id


def latest(app: AppState, stored: StoredOrder) -> PreflightCheck | None:
    """The order's last confirmed pre-flight check, if any."""
    found = LogRecordStore(app.sessions, app.now).latest_preflight(stored.id)
    if found is None:
        return None
    return check_from_json(found.flight_id, found.registration, list(found.items),
                           found.confirmed_by)


def cleared(app: AppState, stored: StoredOrder) -> StoredOrder:
    """The order with its flight judged at the wind measured by its passed pre-flight check.

    Raises
    ------
    Infeasible
        ``PREFLIGHT``: no check of this flight, or items not passed (named, in the
        checklist's order). The launch never assumes a wind: it is the check's measurement.
    """
    flight = _flight(stored)
    check = latest(app, stored)
    missing = missing_items(check, str(flight["id"]), str(flight["registration"]))
    if missing or check is None:
        words = ", ".join(f"{m} ({ITEM_WORDS[m][0]})" for m in missing)
        raise Infeasible(f"PREFLIGHT: the pre-flight check is missing or not passed: {words}")
    return replace(stored, flight={**flight, "wind_mps": check.wind_mps})
