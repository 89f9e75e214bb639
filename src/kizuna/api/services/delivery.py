"""The operator's one flow for an order: plan, clear, launch and fly.

- :func:`plan_order`: pick an aircraft, pilot and base of the operator, plan the route with
  :func:`kizuna.dispatch.plan_leg_or_raise` (the product's planner inside the permit's
  envelope) and judge the planned :class:`kizuna.dispatch.DeliveryFlight` with the launch gate
  (:func:`kizuna.dispatch.clear_for_launch`, without the airspace), all over the scenario with
  the emergency airspace activated in the database (:mod:`kizuna.api.emergency`). The
  verdicts and their reasons are kept on the order.
- :func:`launch_order`: the launch gate again at take-off, with the airspace; the cleared
  intent submitted, the battery swapped when the swap rule says so, the order in flight.
- :func:`fly`: a simulated flight whose telemetry enters through the telemetry writer's own
  interface (:meth:`kizuna.store.ingest.TelemetryWriter.ingest`, conformance monitoring
  included), then closes the order.

The flight is stored as :func:`kizuna.dispatch.flight_to_json` with the gate's verdicts beside
it (``classification``, ``permit_check``, ``ok``) and the UTM ``intent_id``.
"""

from __future__ import annotations

import itertools
import secrets
import threading
import time as _time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal

from shapely.geometry import mapping
from shapely.ops import unary_union

from kizuna.api.deps import AppState, Principal, disclosed_intents
from kizuna.api.emergency import bundled_scenario, live_scenario
from kizuna.dispatch import (
    DeliveryFlight,
    DispatchSettings,
    DropSpot,
    GateDecision,
    LaunchRequest,
    OrderRecord,
    OrderState,
    PilotState,
    advance,
    clear_for_launch,
    flight_from_json,
    flight_of_leg,
    flight_to_json,
    plan_leg_or_raise,
)
from kizuna.dispatch.flight import JAPAN
from kizuna.dispatch.gate import pilot_refusal
from kizuna.energy import usable_battery_wh
from kizuna.errors import Infeasible, PermissionDenied
from kizuna.fleet import Aircraft, Pilot
from kizuna.permits import Permit, PermitState
from kizuna.planning import FatalityRate
from kizuna.planning.risk_surface import ground_risk_surface
from kizuna.scenario import Scenario
from kizuna.store import FleetRepository
from kizuna.store.ingest import IngestRequest
from kizuna.store.orders import DeliveryFlightRow, DropSpotRow, OrderStore, StoredOrder
from kizuna.utm import Volume4D
from kizuna.utm.conformance import PositionReport
from kizuna.utm.volume import AltitudeReference

__all__ = ["SETTINGS", "TOKYO", "app_orders", "fly", "launch_order", "plan_order", "scenario",
           "stored_flight", "volume_geojson"]

TOKYO = JAPAN
#: The service's dispatch figures (reserve, 1-to-N limit): the dispatcher's defaults.
SETTINGS = DispatchSettings()
Lang = Literal["ja", "en"]


def scenario(name: str) -> Scenario:
    """A bundled or built scenario (without the database's emergency airspace: plan,
    classify and check with :func:`kizuna.api.emergency.live_scenario`)."""
    return bundled_scenario(name)


def _risk(name: str, profile_id: str) -> FatalityRate:
    return _risk_of(scenario(name), profile_id)


@lru_cache(maxsize=16)
def _risk_of(world: Scenario, profile_id: str) -> FatalityRate:
    # Keyed by the scenario value itself, so a rebuilt scenario gets its own surface.
    from kizuna.fleet import profile

    return ground_risk_surface(world, profile(profile_id))


def _permits(app: AppState, org: str) -> list[Permit]:
    out: list[Permit] = []
    for stored in app.permits.for_organisation(org):
        permit = stored.record.permit()
        if stored.record.current.state is PermitState.APPROVED and permit is not None:
            out.append(permit)
    return out


def _fleet(app: AppState, org: str) -> tuple[list[Aircraft], list[Pilot]]:
    with app.sessions() as s:
        repo = FleetRepository(s, org)
        return repo.aircraft(), repo.pilots()


def app_orders(app: AppState) -> OrderStore:
    """The order store over the app's database."""
    return OrderStore(app.sessions, app.now)


def stored_flight(stored: StoredOrder) -> DeliveryFlight:
    """The order's planned flight (read from what is stored, old flights included)."""
    if not stored.flight:
        raise Infeasible(f"order {stored.id} has no planned flight")
    return flight_from_json(stored.flight)


def _supervising(app: AppState, org: str, pilots: Sequence[Pilot], until: datetime
                 ) -> dict[str, PilotState]:
    """Each pilot with the operator's flights in the air now (for the 1-to-N limit); a flight
    still in the air is counted up to ``until``."""
    flying = [f for f in app_orders(app).flights(organisation_id=org)
              if f.outcome == "in_flight"]
    return {p.id: PilotState(p, tuple((f.departure, max(until, f.departure))
                                      for f in flying if f.pilot_id == p.id)) for p in pilots}


def _verdicts(decision: GateDecision[DeliveryFlight]) -> dict[str, Any]:
    """The gate's verdicts as stored beside the flight (the pages read them)."""
    verdict = decision.verdict
    flight = decision.flight
    return {
        "classification": None if verdict is None else {
            "category": verdict.category, "level": verdict.level, "allowed": verdict.allowed,
            "reasons": [r.model_dump() for r in verdict.reasons],
            "violations": [r.model_dump() for r in verdict.violations]},
        "permit_check": {"permit": flight.permit, "checked": decision.permit_checked,
                         "violations": [{"code": v.code, "message": v.message}
                                        for v in decision.permit_violations]},
        "refusals": [{"code": r.code, "en": r.en, "ja": r.ja} for r in decision.refusals],
        "ok": decision.cleared,
    }


def _gate(app: AppState, org: str, spot: DropSpotRow, flight: DeliveryFlight, lang: Lang, *,
          airspace: bool, intent_id: str = "") -> GateDecision[DeliveryFlight]:
    sc = live_scenario(app, spot.scenario)  # with the emergency airspace activated now
    aircraft, pilots = _fleet(app, org)
    a = next((x for x in aircraft if x.registration == flight.registration), None)
    p = next((x for x in pilots if x.id == flight.pilot_id), None)
    if a is None or p is None:
        raise Infeasible(f"aircraft {flight.registration} or pilot {flight.pilot_id} is no "
                         "longer in the operator's fleet")
    st = app_orders(app).statuses(org).get(flight.registration)
    usable = usable_battery_wh(a.profile)
    return clear_for_launch(LaunchRequest(
        flight, a, _supervising(app, org, [p], flight.landing)[p.id], sc,
        permits=tuple(_permits(app, org)), battery_wh=(st.soc if st else 1.0) * usable,
        intent_id=intent_id or flight.id, owner=org, settings=SETTINGS, lang=lang),
        app.airspace if airspace else None)


def plan_order(app: AppState, stored: StoredOrder, spot: DropSpotRow, *, wind: float | None,
               lang: Lang) -> tuple[OrderRecord, dict[str, Any]]:
    """Plan ``stored`` for its operator: the first aircraft, pilot and route that work.

    Raises
    ------
    Infeasible
        When no aircraft of the operator has a legal, flyable route to the drop spot.
    """
    org = stored.organisation_id
    sc = live_scenario(app, spot.scenario)  # the planner avoids active emergency airspace
    now = app.now()
    record = stored.record
    departure = max(now + timedelta(minutes=2), record.order.window_start)
    aircraft, pilots = _fleet(app, org)
    statuses = app_orders(app).statuses(org)
    permits = _permits(app, org)
    target = DropSpot(spot.id, spot.settlement_id, spot.lon, spot.lat)
    weight = record.order.weight_kg

    def rank(a: Aircraft) -> tuple[int, int, str]:
        st = statuses.get(a.registration)
        home = st.base_id if st else spot.base_id
        covered = any(a.registration in p.application.aircraft for p in permits)
        return (home != spot.base_id, not covered, a.registration)

    tried: list[str] = []
    for a in sorted(aircraft, key=rank):
        st = statuses.get(a.registration)
        if st is not None and st.state != "idle":
            continue
        if a.profile.payload_kg < weight:
            tried.append(f"{a.registration}: payload {a.profile.payload_kg:g} kg")
            continue
        base = sc.base(st.base_id if st else spot.base_id)
        try:
            leg = plan_leg_or_raise(sc, a, base, target, departure,
                                    _risk(sc.name, a.profile.id), permits=permits)
        except Infeasible as exc:  # the planner's reason, e.g. emergency airspace
            tried.append(f"{a.registration}: no legal route from {base.id} ({exc})")
            continue
        back = departure + timedelta(seconds=leg.mission_s)
        # The gate's own pilot rule: licence for the aircraft's kind on the Japan date, and
        # the 1-to-N limit.
        states = _supervising(app, org, pilots, back)
        pilot = next((p for p in pilots if pilot_refusal(states[p.id], leg.level, departure,
                                                          back, SETTINGS,
                                                          a.profile.licence_kind) is None
                      and (leg.permit is None or any(
                          p.id in q.application.pilots for q in permits
                          if q.number == leg.permit))), None)
        if pilot is None:
            tried.append(f"{a.registration}: no pilot licensed and free for Level {leg.level}")
            continue
        flight = flight_of_leg(f"fl-{record.order.id}", leg, registration=a.registration,
                               pilot_id=pilot.id, departure=departure, wind_mps=wind)
        decision = _gate(app, org, spot, flight, lang, airspace=False)
        stored_json = {**flight_to_json(flight), "intent_id": None, **_verdicts(decision)}
        note = f"{a.registration} from {base.id}, pilot {pilot.id}, Level {leg.level}"
        if record.state is OrderState.RECEIVED:
            record = advance(record, OrderState.ACCEPTED, now)
        new = advance(record, OrderState.SCHEDULED, now, note, eta=flight.arrival)
        return new, stored_json
    raise Infeasible("no aircraft of the operator can fly this order now: " + "; ".join(tried))


def launch_order(app: AppState, stored: StoredOrder, lang: Lang,
                 caller: Principal) -> StoredOrder:
    """Take off now: the launch gate at the current time with the airspace, then the intent
    submitted, the battery swapped when needed and the order in flight.

    Raises
    ------
    Infeasible
        The gate refuses (the detail lists its codes; the verdicts are stored on the order),
        or the airspace refuses the intent at submission.
    """
    store = app_orders(app)
    spot = store.drop_spot(stored.drop_spot_id)
    now = app.now()
    planned = stored_flight(stored).at(now)
    intent_id = f"oi-{secrets.token_hex(8)}"
    decision = _gate(app, stored.organisation_id, spot, planned, lang, airspace=True,
                     intent_id=intent_id)
    flight_json = {**flight_to_json(decision.flight), "intent_id": None,
                   **_verdicts(decision)}
    if not decision.cleared:
        store.update(stored.id, lambda x: (x.record, flight_json))
        raise Infeasible("the flight fails its checks: " + ", ".join(
            f"{r.code} ({r.message(lang)})" for r in decision.refusals))
    assert decision.intent is not None
    result = app.airspace.submit(decision.intent)
    if not result.accepted:  # another launch won the airspace since the gate looked
        own, others = disclosed_intents(app, caller, result.conflicts)
        raise Infeasible("the UTM intent conflicts with: " + ", ".join(
            [*own, *([f"{others} intent(s) of other operators"] if others else [])]))
    flight_json["intent_id"] = intent_id
    flight = decision.flight
    battery = store.statuses(stored.organisation_id).get(flight.registration)
    soc = battery.soc if battery else 1.0
    note = f"intent {intent_id}"
    if decision.swap:
        soc, note = 1.0, note + ", battery swapped"
    store.set_status(flight.registration, stored.organisation_id, flight.base_id, soc,
                     "in_flight")
    done = store.update(stored.id, lambda x: (advance(x.record, OrderState.IN_FLIGHT, now, note,
                                                      eta=flight.arrival), flight_json))
    store.save_flight(_flight_row(done, flight, intent_id, None, "in_flight"))
    return done


def volume_geojson(volumes: tuple[Volume4D, ...]) -> dict[str, Any]:
    """The footprint of an intent's volumes (their union), as GeoJSON."""
    from kizuna.utm.volume import Circle

    shapes = [v.shape for v in volumes if not isinstance(v.shape, Circle)]
    geom: dict[str, Any] = dict(mapping(unary_union(shapes).simplify(0.00002)))
    return geom


#: (app, order) pairs being flown by simulation in this process (the demo and tests only).
_FLYING: set[tuple[int, str]] = set()
_FLYING_LOCK = threading.Lock()


def fly(app: AppState, caller: Principal, order_id: str, *, speed: float,
        step_s: float = 5.0, background: bool = True) -> threading.Thread | None:
    """Fly the launched order: telemetry every ``step_s`` of flight time, ``speed`` times
    faster than real time (no waiting when ``background`` is false), then close the order.

    Raises ``Infeasible`` (409) while the same order is already being flown.
    """
    orders = app_orders(app)
    stored = orders.get(order_id)
    flight = stored_flight(stored)
    intent_id = str((stored.flight or {}).get("intent_id") or "")
    points = flight.track()
    key = (id(app), order_id)
    with _FLYING_LOCK:
        if key in _FLYING:  # a second simulation would post a second track for one aircraft
            raise Infeasible(f"order {order_id} is already being flown")
        _FLYING.add(key)
    departure, end = flight.departure, points[-1][3]
    org = stored.organisation_id

    def authorise(owner: str) -> None:
        # The caller was authorised for the order; the intent must be its operator's.
        if owner != org and not caller.is_admin:
            raise PermissionDenied(caller.subject, f"the telemetry of intent {intent_id}")

    def position(t: datetime) -> tuple[float, float, float]:
        for (x0, y0, z0, t0), (x1, y1, z1, t1) in itertools.pairwise(points):
            if t0 <= t <= t1:
                f = (t - t0) / (t1 - t0)
                return x0 + f * (x1 - x0), y0 + f * (y1 - y0), z0 + f * (z1 - z0)
        return points[-1][:3]

    def run() -> None:
        t = departure
        delivered = False
        started = _time.monotonic()
        while True:
            lon, lat, alt = position(t)
            app.telemetry.ingest(IngestRequest(intent_id, flight.registration, (PositionReport(
                flight.registration, t.astimezone(UTC), lon, lat, alt,
                AltitudeReference.AMSL),), authorise))
            if not delivered and t >= flight.arrival:
                delivered = True
                orders.update(order_id, lambda s: (advance(
                    s.record, OrderState.DELIVERED, max(app.now(), s.record.events[-1].at),
                    f"at {s.drop_spot_id}"), s.flight))
            if t >= end:
                break
            t = min(end, t + timedelta(seconds=step_s))
            if background:
                wait = started + (t - departure).total_seconds() / speed - _time.monotonic()
                if wait > 0:
                    _time.sleep(wait)
        land(app, stored, flight, intent_id, end)

    def run_once() -> None:
        try:
            run()
        finally:
            with _FLYING_LOCK:
                _FLYING.discard(key)

    if not background:
        run_once()
        return None
    thread = threading.Thread(target=run_once, name=f"fly-{order_id}", daemon=True)
    thread.start()
    return thread


def land(app: AppState, stored: StoredOrder, flight: DeliveryFlight, intent_id: str,
         at: datetime) -> None:
    """The aircraft is back: end the intent, log the flight, charge the battery used."""
    from kizuna.fleet import profile

    app.airspace.end(intent_id)
    orders = app_orders(app)
    orders.save_flight(_flight_row(stored, flight, intent_id, at.astimezone(UTC), "delivered"))
    st = orders.statuses(stored.organisation_id).get(flight.registration)
    full = usable_battery_wh(profile(flight.profile_id))
    soc = (st.soc if st else 1.0) - flight.energy_wh / full if full else 1.0
    orders.set_status(flight.registration, stored.organisation_id, flight.base_id,
                      max(0.0, round(soc, 3)), "idle")


def _flight_row(stored: StoredOrder, flight: DeliveryFlight, intent_id: str,
                landing: datetime | None, outcome: str) -> DeliveryFlightRow:
    """The flight log row of a flight (in flight, or landed with its outcome)."""
    return DeliveryFlightRow(
        id=flight.id, order_id=stored.id, organisation_id=stored.organisation_id,
        prefecture=stored.prefecture, registration=flight.registration,
        pilot_id=flight.pilot_id, intent_id=intent_id, level=flight.level,
        permit=flight.permit, departure=flight.departure, landing=landing,
        km=2 * flight.length_m / 1000.0, outcome=outcome, synthetic=False)
