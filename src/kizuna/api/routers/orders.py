"""Orders: a resident orders to a registered drop spot, sees the ETA and status, cancels; the
operator sees the queue, plans (planner + rules + permit check, with reasons), launches (UTM
intent) and, in the demo, flies the flight by simulated telemetry.

Tenancy: a resident sees only their own orders and drop spots; operator staff the orders
their organisation serves; a regulator the orders of their jurisdiction; an administrator all.
Another tenant's order answers 404 (its existence is not disclosed).
"""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from kizuna.api import preflight
from kizuna.api.deps import AppState, Principal, State, UserCaller, roles
from kizuna.api.services import delivery
from kizuna.api.services.delivery import TOKYO, app_orders
from kizuna.dispatch import (
    DropSpot,
    Item,
    ItemKind,
    Order,
    OrderRecord,
    OrderState,
    PartyKind,
    ServiceArea,
    advance,
    receive,
    validate_order,
)
from kizuna.errors import Conflict, InvalidInput
from kizuna.store.accounts import AccountRole as R
from kizuna.store.orders import DropSpotRow, StoredOrder

__all__ = ["router"]

router = APIRouter(tags=["orders"])
_STRICT = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
Resident = Annotated[Principal, Depends(roles(R.RESIDENT))]
Operator = Annotated[Principal, Depends(roles(R.OPERATOR))]
#: Minutes the shop needs to pack an order before the aircraft can leave (configurable).
PREPARATION_MIN = 10.0


class ItemIn(BaseModel):
    """One item of an order."""

    model_config = _STRICT
    kind: ItemKind
    weight_kg: float = Field(gt=0, le=50)
    cold_chain_limit_min: float | None = Field(default=None, gt=0, le=1440)


class OrderIn(BaseModel):
    """A resident's order: what, where (a registered drop spot), when."""

    model_config = _STRICT
    items: list[ItemIn] = Field(min_length=1, max_length=20)
    drop_spot_id: str = Field(min_length=1, max_length=80)
    when: Literal["asap", "afternoon", "tomorrow_morning"] | None = "asap"
    window_start: AwareDatetime | None = None
    window_end: AwareDatetime | None = None


class PlanIn(BaseModel):
    """The operator's plan request: the wind now (m/s; None: unknown, unchecked)."""

    model_config = _STRICT
    wind_mps: float | None = Field(default=None, ge=0, le=40)
    lang: Literal["ja", "en"] = "ja"


class SimulateIn(BaseModel):
    """Fly a launched order by simulated telemetry (demo and tests)."""

    model_config = _STRICT
    speed: float = Field(default=10.0, gt=0, le=1000)
    background: bool = True


def _spot_json(row: DropSpotRow, label: str | None = None) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "name_ja": row.name_ja, "label": label,
            "lon": row.lon, "lat": row.lat, "settlement_id": row.settlement_id,
            "scenario": row.scenario, "base_id": row.base_id}


def _order_json(app: AppState, s: StoredOrder, *, full: bool = True) -> dict[str, Any]:
    r = s.record
    o = r.order
    out: dict[str, Any] = {
        "id": o.id, "state": r.state.value, "eta": r.eta.isoformat() if r.eta else None,
        "reason": r.reason, "organisation_id": s.organisation_id, "prefecture": s.prefecture,
        "items": [{"kind": i.kind.value, "weight_kg": i.weight_kg} for i in o.items],
        "weight_kg": o.weight_kg, "medical": o.medical,
        "window_start": o.window_start.isoformat(), "window_end": o.window_end.isoformat(),
        "received_at": o.received_at.isoformat(), "synthetic": s.synthetic,
        "events": [{"at": e.at.isoformat(), "state": e.state.value, "note": e.note}
                   for e in r.events],
        "drop_spot": _spot_json(app_orders(app).drop_spot(s.drop_spot_id)),
        "flight": None,
    }
    f = s.flight
    if f is not None:
        out["flight"] = {k: f.get(k) for k in (
            "id", "registration", "pilot_id", "base_id", "level", "permit", "departure",
            "out_s", "hover_s", "mission_s", "length_m", "intent_id", "ok", "wind_mps",
            "entry_control")}
        out["flight"]["route"] = [[w[0], w[1]] for w in f["route"]]
        if full:
            out["flight"].update({k: f.get(k) for k in ("classification", "permit_check",
                                                        "refusals", "crossings")})
    return out


def _visible(caller: Principal, s: StoredOrder) -> bool:
    if caller.is_admin:
        return True
    if caller.role is R.RESIDENT:
        return s.user_id is not None and s.user_id == caller.user_id
    if caller.role is R.OPERATOR:
        return caller.organisation_id == s.organisation_id
    if caller.role is R.REGULATOR:
        return s.prefecture in caller.jurisdiction
    return False


def _order(app: AppState, caller: Principal, order_id: str) -> StoredOrder:
    from kizuna.errors import UnknownName

    try:
        s = app_orders(app).get(order_id)
    except UnknownName:
        s = None
    if s is None or not _visible(caller, s):
        raise HTTPException(404, f"no order {order_id}")
    return s


def _own(app: AppState, caller: Principal, order_id: str) -> StoredOrder:
    """An order the caller's organisation serves (operator staff)."""
    s = _order(app, caller, order_id)
    if not caller.may_write_org(s.organisation_id):
        raise HTTPException(403, f"{caller.subject} may not change order {order_id}")
    return s


def _window(body: OrderIn, now: datetime) -> tuple[datetime, datetime]:
    if body.window_start is not None or body.window_end is not None:
        if body.window_start is None or body.window_end is None:
            raise InvalidInput("window_end: give both window_start and window_end",
                               field="window_end")
        return body.window_start, body.window_end
    local = now.astimezone(TOKYO)
    if body.when == "afternoon":
        start = datetime.combine(local.date(), time(13), TOKYO)
        if start < local:
            start = local
        end = max(datetime.combine(local.date(), time(16), TOKYO), start + timedelta(hours=1))
        return start, end
    if body.when == "tomorrow_morning":
        day = local.date() + timedelta(days=1)
        return datetime.combine(day, time(9), TOKYO), datetime.combine(day, time(12), TOKYO)
    return now, now + timedelta(hours=2)


# -- resident ---------------------------------------------------------------------------------
@router.get("/me/drop-spots")
def my_drop_spots(app: State, caller: Resident) -> list[dict[str, Any]]:
    """The resident's registered drop spots."""
    assert caller.user_id is not None
    return [_spot_json(row, label) for row, label in app_orders(app).spots_of(caller.user_id)]


@router.post("/orders", status_code=201)
def create_order(body: OrderIn, app: State, caller: Resident) -> dict[str, Any]:
    """Order to one of the resident's registered drop spots; validated at once (accepted or
    rejected with the reasons), with a first ETA."""
    assert caller.user_id is not None
    store = app_orders(app)
    mine = {row.id: row for row, _ in store.spots_of(caller.user_id)}
    spot = mine.get(body.drop_spot_id)
    if spot is None:
        raise HTTPException(404, f"no registered drop spot {body.drop_spot_id}")
    now = app.now()
    start, end = _window(body, now)
    items = tuple(Item(i.kind, i.weight_kg, i.cold_chain_limit_min if i.kind is
                       ItemKind.COLD_CHAIN else None) for i in body.items)
    medical = any(i.kind in (ItemKind.MEDICINE, ItemKind.COLD_CHAIN) for i in items)
    order = Order(f"ord-{secrets.token_hex(5)}", f"shop-{spot.settlement_id}",
                  PartyKind.PHARMACY if medical else PartyKind.SHOP, spot.base_id,
                  f"user:{caller.user_id}", items, spot.id, start, end, now)
    spots = store.drop_spots(spot.organisation_id)
    area = ServiceArea(
        drop_spots={r.id: DropSpot(r.id, r.settlement_id, r.lon, r.lat) for r in spots},
        settlements=frozenset(r.settlement_id for r in spots if r.coverage_kg),
        coverage={r.id: tuple(float(x) for x in r.coverage_kg) for r in spots if r.coverage_kg})
    record = receive(order)
    rejections = validate_order(order, area)
    if rejections:
        record = advance(record, OrderState.REJECTED, now,
                         "; ".join(f"{r.code}: {r.message}" for r in rejections))
    else:
        eta = max(now, start) + timedelta(minutes=PREPARATION_MIN,
                                          seconds=spot.typical_out_s)
        record = advance(record, OrderState.ACCEPTED, now, eta=eta)
    stored = store.add(record, user_id=caller.user_id, organisation_id=spot.organisation_id,
                       prefecture=spot.prefecture)
    return _order_json(app, stored, full=False)


@router.get("/orders")
def list_orders(app: State, caller: UserCaller,
                state: Annotated[list[OrderState] | None, Query(max_length=8)] = None,
                synthetic: bool | None = None,
                limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> list[dict[str, Any]]:
    """Orders the caller may see, newest first (``state`` filters, repeatable)."""
    store = app_orders(app)
    states = [s.value for s in state or []]
    kw: dict[str, Any] = {"states": states, "synthetic": synthetic, "limit": limit}
    if caller.is_admin:
        found = store.orders(**kw)
    elif caller.role is R.RESIDENT:
        found = store.orders(user_id=caller.user_id, **kw)
    elif caller.role is R.OPERATOR:
        found = store.orders(organisation_id=caller.organisation_id, **kw)
    elif caller.role is R.REGULATOR:
        found = store.orders(prefectures=caller.jurisdiction, **kw)
    else:
        raise HTTPException(403, f"role {caller.role} has no orders")
    return [_order_json(app, s, full=caller.role is not R.RESIDENT) for s in found]


@router.get("/orders/{order_id}")
def get_order(order_id: str, app: State, caller: UserCaller) -> dict[str, Any]:
    """One order with its history, ETA and flight."""
    s = _order(app, caller, order_id)
    return _order_json(app, s, full=caller.role is not R.RESIDENT)


@router.post("/orders/{order_id}/cancel")
def cancel_order(order_id: str, app: State, caller: UserCaller) -> dict[str, Any]:
    """Cancel before take-off (the resident who ordered, or operator staff)."""
    s = _order(app, caller, order_id)
    if caller.role not in (R.RESIDENT, R.OPERATOR, R.ADMIN) or (
            caller.role is R.OPERATOR and caller.organisation_id != s.organisation_id):
        raise HTTPException(403, f"{caller.subject} may not cancel order {order_id}")
    who = "resident" if caller.role is R.RESIDENT else "operator"
    done = app_orders(app).update(order_id, lambda x: (advance(
        x.record, OrderState.CANCELLED, max(app.now(), x.record.events[-1].at),
        f"cancelled by the {who}"), x.flight))
    return _order_json(app, done, full=caller.role is not R.RESIDENT)


# -- operator ---------------------------------------------------------------------------------
@router.post("/orders/{order_id}/plan")
def plan(order_id: str, body: PlanIn, app: State, caller: Operator) -> dict[str, Any]:
    """Plan the order (aircraft, pilot, route), classify it and check it against the permit.

    The order becomes ``scheduled`` with the planned ETA; the verdicts and their reasons are
    in ``flight.classification`` and ``flight.permit_check``.
    """
    s = _own(app, caller, order_id)
    if s.record.state not in (OrderState.RECEIVED, OrderState.ACCEPTED, OrderState.SCHEDULED):
        raise InvalidInput(f"state: order {order_id} is {s.record.state}", field="state")
    spot = app_orders(app).drop_spot(s.drop_spot_id)
    record, flight = delivery.plan_order(app, s, spot, wind=body.wind_mps, lang=body.lang)

    def step(now: StoredOrder) -> tuple[OrderRecord, dict[str, Any] | None]:
        # Planned from the order as read: a cancel (or another plan) that committed meanwhile
        # wins, and this plan is refused rather than written over it.
        if now.record != s.record:
            raise Conflict(f"order {order_id} changed while it was planned (now "
                           f"{now.record.state}); read it again", field="state")
        return record, flight

    done = app_orders(app).update(order_id, step)
    return _order_json(app, done)


@router.post("/orders/{order_id}/launch")
def launch(order_id: str, app: State, caller: Operator,
           lang: Literal["ja", "en"] = "ja") -> dict[str, Any]:
    """Re-check the planned flight at take-off time, submit its UTM intent and take off.

    409 without a passed pre-flight check of the flight (``PREFLIGHT``, the items named), when
    a verdict fails (the reasons are in the body's detail) or the intent conflicts.
    """
    s = _own(app, caller, order_id)
    if s.record.state is not OrderState.SCHEDULED or s.flight is None:
        raise InvalidInput(f"state: order {order_id} is {s.record.state}, not planned",
                           field="state")
    now = app.now()
    departure = max(now, datetime.fromisoformat(s.flight["departure"]))
    if departure > now + timedelta(minutes=5):
        raise InvalidInput(f"departure: planned for {departure.isoformat()}, not yet",
                           field="departure")
    s = preflight.cleared(app, s)  # 409 PREFLIGHT naming the items; the measured wind
    return _order_json(app, delivery.launch_order(app, s, lang, caller))


@router.post("/orders/{order_id}/simulate")
def simulate(order_id: str, body: SimulateIn, app: State, caller: Operator) -> dict[str, Any]:
    """Fly a launched order by posting telemetry along its planned track (demo, tests)."""
    s = _own(app, caller, order_id)
    if s.record.state is not OrderState.IN_FLIGHT or not s.flight or not s.flight["intent_id"]:
        raise InvalidInput(f"state: order {order_id} is not in flight", field="state")
    delivery.fly(app, caller, order_id, speed=body.speed, background=body.background)
    return _order_json(app, app_orders(app).get(order_id))


@router.get("/orgs/{org_id}/fleet/status")
def fleet_status(org_id: str, app: State, caller: UserCaller) -> dict[str, Any]:
    """Aircraft with state of charge, state and certificate expiry; pilots' licence expiry."""
    from kizuna.api.deps import require_read
    from kizuna.store import FleetRepository

    require_read(app, caller, org_id)
    today = app.now().astimezone(TOKYO).date()
    statuses = app_orders(app).statuses(org_id)
    with app.sessions() as session:
        repo = FleetRepository(session, org_id)
        aircraft, pilots = repo.aircraft(), repo.pilots()
    out_a = []
    for a in aircraft:
        st = statuses.get(a.registration)
        exp = a.certificate_expiry
        out_a.append({"registration": a.registration, "profile": a.profile.id,
                      "model": a.profile.name, "certificate": str(a.certificate),
                      "certificate_expiry": exp.isoformat() if exp else None,
                      "days_to_expiry": (exp - today).days if exp else None,
                      "soc": st.soc if st else None, "state": st.state if st else "unknown",
                      "base_id": st.base_id if st else None})
    out_p = [{"id": p.id, "name": p.name, "licence": str(p.licence),
              "licence_expiry": p.licence_expiry.isoformat() if p.licence_expiry else None,
              "days_to_expiry": (p.licence_expiry - today).days if p.licence_expiry else None}
             for p in pilots]
    return {"organisation_id": org_id, "aircraft": out_a, "pilots": out_p,
            "today": today.isoformat()}
