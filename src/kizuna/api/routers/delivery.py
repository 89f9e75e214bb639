"""The operator's one flow for an order: plan, classify, check, submit and fly.

- :func:`plan_order`: pick an aircraft, pilot and base of the operator, plan the route with
  :func:`kizuna.dispatch.plan_leg_or_raise` (the product's planner inside the permit's
  envelope), classify the flight (:func:`kizuna.rules.classify`) and check it against the
  permit (:func:`kizuna.permits.check_flight`), all over the scenario with the emergency
  airspace activated in the database (:mod:`kizuna.api.emergency`). The verdicts and their
  reasons are kept on the order.
- :func:`intent_of`: the UTM operational intent of the planned flight (out and back corridors,
  the same builder :func:`kizuna.dispatch.flight_intent` uses).
- :func:`fly`: a simulated flight that posts telemetry along the planned track through the
  same ingest path as a real aircraft (conformance monitoring included), then closes the order.
"""

from __future__ import annotations

import itertools
import threading
import time as _time
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from shapely.geometry import mapping
from shapely.ops import unary_union

from kizuna.api.deps import AppState, Principal
from kizuna.api.emergency import bundled_scenario, live_scenario
from kizuna.dispatch import (
    DropSpot,
    OrderRecord,
    OrderState,
    UtmMargins,
    advance,
    plan_leg_or_raise,
)
from kizuna.dispatch.fleetstate import licensed_for
from kizuna.energy import usable_battery_wh
from kizuna.errors import Infeasible
from kizuna.fleet import Aircraft, Pilot
from kizuna.permits import FlightPlan, Permit, PermitState, check_flight
from kizuna.permits.check import aircraft_status, operator_status, pilot_status
from kizuna.planning import FatalityRate
from kizuna.planning.risk_surface import ground_risk_surface
from kizuna.rules import OperatorStatus, classify, derive_route_facts
from kizuna.scenario import Scenario
from kizuna.store import FleetRepository
from kizuna.store.orders import DeliveryFlightRow, DropSpotRow, OrderStore, StoredOrder
from kizuna.utm import OperationalIntent, Volume4D, corridor_volumes

__all__ = ["HOVER_S", "fly", "intent_of", "plan_order", "scenario", "volume_geojson"]

TOKYO = ZoneInfo("Asia/Tokyo")
#: Seconds hovering over the drop spot to lower the parcel.
HOVER_S = 30.0


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


def track(flight: dict[str, Any], departure: datetime) -> list[tuple[float, float, float,
                                                                     datetime]]:
    """(lon, lat, alt AMSL, time) out, hover over the spot, and back to the base."""
    wps = flight["route"]  # [lon, lat, alt_amsl_m, agl_m, time_s] on the way out
    out = [(w[0], w[1], w[2], departure + timedelta(seconds=w[4])) for w in wps]
    turn = wps[-1][4] + HOVER_S
    back = [(w[0], w[1], w[2], departure + timedelta(seconds=turn + wps[-1][4] - w[4]))
            for w in wps[::-1]]
    clean = [out[0]]
    for p in out[1:] + back:
        if p[3] > clean[-1][3]:
            clean.append(p)
    return clean


def _flight_plan(flight: dict[str, Any], departure: datetime, aircraft: Aircraft, pilot: Pilot,
                 wind: float | None, flight_id: str) -> FlightPlan:
    # The whole flight: take-off at the base, the drop spot (a stop) and back. The permit check
    # exempts the vertical climbs and descents at the pads from the band's floor.
    out = [(w[0], w[1], max(w[3], 0.0)) for w in flight["route"]]
    return FlightPlan.out_and_back(out, start=departure,
                                   end=departure + timedelta(seconds=flight["mission_s"]),
                                   aircraft=aircraft, pilot=pilot, wind_mps=wind,
                                   purpose="delivery", id=flight_id)


def _verdicts(app: AppState, org: str, spot: DropSpotRow, flight: dict[str, Any],
              departure: datetime, aircraft: Aircraft, pilot: Pilot, wind: float | None,
              lang: str) -> dict[str, Any]:
    """Classification and permit check of the planned flight, with every reason."""
    sc = live_scenario(app, spot.scenario)  # with the emergency airspace activated now
    plan = _flight_plan(flight, departure, aircraft, pilot, wind, flight["id"])
    permit = next((p for p in _permits(app, org) if p.number == flight["permit"]), None)
    day = departure.astimezone(TOKYO).date()
    facts = derive_route_facts(sc, plan.positions, departure, end_time=plan.end)
    operator = (operator_status(permit.application) if permit is not None
                else OperatorStatus(insurance=True, flight_manual=True))
    verdict = classify(facts, aircraft_status(aircraft, day), pilot_status(pilot, day), operator,
                       entry_control="none" if flight["level"] == "4" else "camera",
                       automatic=True, special_zone=True, lang="en" if lang == "en" else "ja")
    violations = ([{"code": v.code, "message": v.message}
                   for v in check_flight(permit, plan, sc)] if permit is not None else [])
    return {
        "classification": {"category": verdict.category, "level": verdict.level,
                           "allowed": verdict.allowed,
                           "reasons": [r.model_dump() for r in verdict.reasons],
                           "violations": [r.model_dump() for r in verdict.violations]},
        "permit_check": {"permit": flight["permit"], "checked": permit is not None,
                         "violations": violations},
        "ok": verdict.allowed and not violations,
    }


def plan_order(app: AppState, stored: StoredOrder, spot: DropSpotRow, *, wind: float | None,
               lang: str) -> tuple[OrderRecord, dict[str, Any]]:
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
        pilot = next((p for p in pilots if licensed_for(p, leg.level, departure.date())
                      and (leg.permit is None or any(
                          p.id in q.application.pilots for q in permits
                          if q.number == leg.permit))), None)
        if pilot is None:
            tried.append(f"{a.registration}: no pilot licensed for Level {leg.level}")
            continue
        route = leg.route
        flight: dict[str, Any] = {
            "id": f"fl-{record.order.id}", "registration": a.registration,
            "profile": a.profile.id, "pilot_id": pilot.id, "base_id": base.id,
            "level": leg.level, "permit": leg.permit, "departure": departure.isoformat(),
            "out_s": leg.out_s, "mission_s": leg.out_s * 2 + HOVER_S,
            "length_m": leg.length_m, "energy_wh": leg.energy_wh,
            "crossings": [c.to_dict() for c in route.crossings],
            "route": [[w.lon, w.lat, w.alt_amsl_m, w.agl_m, w.time_s] for w in route.waypoints],
            "wind_mps": wind, "intent_id": None,
        }
        flight.update(_verdicts(app, org, spot, flight, departure, a, pilot, wind, lang))
        eta = departure + timedelta(seconds=leg.out_s)
        note = f"{a.registration} from {base.id}, pilot {pilot.id}, Level {leg.level}"
        if record.state is OrderState.RECEIVED:
            record = advance(record, OrderState.ACCEPTED, now)
        new = advance(record, OrderState.SCHEDULED, now, note, eta=eta)
        return new, flight
    raise Infeasible("no aircraft of the operator can fly this order now: " + "; ".join(tried))


def app_orders(app: AppState) -> OrderStore:
    """The order store over the app's database."""
    return OrderStore(app.sessions, app.now)


def intent_of(flight: dict[str, Any], owner: str, departure: datetime,
              intent_id: str) -> OperationalIntent:
    """The operational intent of the planned flight from ``departure``."""
    m = UtmMargins()
    vols = corridor_volumes(track(flight, departure), lateral_margin_m=m.lateral_m,
                            vertical_margin_m=m.vertical_m,
                            eta_uncertainty_s=m.eta_uncertainty_s, max_slice_s=m.max_slice_s)
    return OperationalIntent(intent_id, owner, 0, vols)


def volume_geojson(volumes: tuple[Volume4D, ...]) -> dict[str, Any]:
    """The footprint of an intent's volumes (their union), as GeoJSON."""
    from kizuna.utm.volume import Circle

    shapes = [v.shape for v in volumes if not isinstance(v.shape, Circle)]
    geom: dict[str, Any] = dict(mapping(unary_union(shapes).simplify(0.00002)))
    return geom


def aircraft_and_pilot(app: AppState, org: str, flight: dict[str, Any]) -> tuple[Aircraft, Pilot]:
    """The planned aircraft and pilot, from the operator's fleet."""
    aircraft, pilots = _fleet(app, org)
    a = next(x for x in aircraft if x.registration == flight["registration"])
    p = next(x for x in pilots if x.id == flight["pilot_id"])
    return a, p


def recheck(app: AppState, stored: StoredOrder, spot: DropSpotRow, departure: datetime,
            lang: str) -> dict[str, Any]:
    """The flight re-planned to ``departure`` (same route) with fresh verdicts."""
    flight = dict(stored.flight or {})
    a, p = aircraft_and_pilot(app, stored.organisation_id, flight)
    flight["departure"] = departure.isoformat()
    flight.update(_verdicts(app, stored.organisation_id, spot, flight, departure, a, p,
                            flight.get("wind_mps"), lang))
    return flight


#: (app, order) pairs being flown by simulation in this process (the demo and tests only).
_FLYING: set[tuple[int, str]] = set()
_FLYING_LOCK = threading.Lock()


def fly(app: AppState, caller: Principal, order_id: str, *, speed: float,
        step_s: float = 5.0, background: bool = True) -> threading.Thread | None:
    """Fly the launched order: telemetry every ``step_s`` of flight time, ``speed`` times
    faster than real time (no waiting when ``background`` is false), then close the order.

    Raises ``Infeasible`` (409) while the same order is already being flown.
    """
    from kizuna.api.routers.utm import ReportIn, TelemetryIn, ingest

    orders = app_orders(app)
    stored = orders.get(order_id)
    flight = stored.flight or {}
    departure = datetime.fromisoformat(flight["departure"])
    points = track(flight, departure)
    key = (id(app), order_id)
    with _FLYING_LOCK:
        if key in _FLYING:  # a second simulation would post a second track for one aircraft
            raise Infeasible(f"order {order_id} is already being flown")
        _FLYING.add(key)
    end = points[-1][3]
    out_s = float(flight["out_s"])

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
            ingest(flight["intent_id"], TelemetryIn(
                aircraft_id=flight["registration"],
                reports=[ReportIn(time=t, lon=lon, lat=lat, alt_m=alt,
                                  altitude_reference="AMSL")]), app, caller)
            if not delivered and t >= departure + timedelta(seconds=out_s):
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
        land(app, stored, flight, end)

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


def land(app: AppState, stored: StoredOrder, flight: dict[str, Any], at: datetime) -> None:
    """The aircraft is back: end the intent, log the flight, charge the battery used."""
    app.airspace.end(flight["intent_id"])
    orders = app_orders(app)
    from kizuna.fleet import profile

    orders.save_flight(DeliveryFlightRow(
        id=flight["id"], order_id=stored.id, organisation_id=stored.organisation_id,
        prefecture=stored.prefecture, registration=flight["registration"],
        pilot_id=flight["pilot_id"], intent_id=flight["intent_id"], level=flight["level"],
        permit=flight["permit"], departure=datetime.fromisoformat(flight["departure"]),
        landing=at.astimezone(UTC), km=2 * flight["length_m"] / 1000.0, outcome="delivered",
        synthetic=False))
    st = orders.statuses(stored.organisation_id).get(flight["registration"])
    full = usable_battery_wh(profile(flight["profile"]))
    soc = (st.soc if st else 1.0) - flight["energy_wh"] / full if full else 1.0
    orders.set_status(flight["registration"], stored.organisation_id, flight["base_id"],
                      max(0.0, round(soc, 3)), "idle")


def launch_row(stored: StoredOrder, flight: dict[str, Any]) -> DeliveryFlightRow:
    """The flight log row of a launched flight."""
    return DeliveryFlightRow(
        id=flight["id"], order_id=stored.id, organisation_id=stored.organisation_id,
        prefecture=stored.prefecture, registration=flight["registration"],
        pilot_id=flight["pilot_id"], intent_id=flight["intent_id"], level=flight["level"],
        permit=flight["permit"], departure=datetime.fromisoformat(flight["departure"]),
        landing=None, km=2 * flight["length_m"] / 1000.0, outcome="in_flight", synthetic=False)

