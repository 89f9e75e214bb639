"""Live operations: the position stream (SSE), flights in the air, conformance alerts, KPIs.

The stream is store-backed: each connection polls ``utm_telemetry`` for rows after the last id
it sent (``Last-Event-ID`` resumes), so it works with any number of API workers. Events are
``position`` (one report), ``alert`` (a conformance alert, for the roles that read
``/live/alerts``), ``incident`` (an accident or serious-incident report just filed: to the
regulators of the operator's prefecture, the operator and administrators) and ``ping``
(keep-alive). Incident events carry the stream's current id; their own cursor is the filing's
number (``seq`` in the event), taken when the stream opens unless ``incidents_after`` names
one (reports filed while a client was away are also on ``GET /incidents``).

An alert is stored with the report that caused it, in the same transaction, so it takes that
report's id and follows its position: one cursor orders both, across intents (an alert's own
time is the report's, set by the client, so it cannot order anything). Pages read it with
``fetch`` so the bearer token stays in a header, never in a URL.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import Select, select
from starlette.concurrency import run_in_threadpool

from kizuna.api.deps import AppState, Principal, State, UserCaller, roles
from kizuna.api.services.delivery import TOKYO, app_orders, volume_geojson
from kizuna.dispatch import OrderState, service_kpis
from kizuna.errors import InvalidInput
from kizuna.store.accounts import AccountRole as R
from kizuna.store.airspace import AirspaceIntentRow, stored_time
from kizuna.store.incidents import IncidentStore
from kizuna.store.orders import DeliveryFlightRow, OrderRow
from kizuna.store.telemetry import ConformanceEventRow, TelemetryRow

__all__ = ["router"]

#: The largest cursor (a telemetry row id: a signed 64-bit integer in every database).
MAX_CURSOR = 2**63 - 1
_CURSOR = re.compile(r"[0-9]{1,19}")  # ASCII digits only: str.isdigit also takes "²"


def _cursor(last_event_id: str) -> int:
    """The stream cursor a ``Last-Event-ID`` names; 422 unless it is one."""
    if not _CURSOR.fullmatch(last_event_id) or int(last_event_id) > MAX_CURSOR:
        raise InvalidInput("Last-Event-ID: not an event id of this stream",
                           field="Last-Event-ID")
    return int(last_event_id)

router = APIRouter(tags=["live"])
Overseer = Annotated[Principal, Depends(roles(R.OPERATOR, R.REGULATOR, R.ADMIN))]


def _owners_visible(app: AppState, caller: Principal) -> frozenset[str] | None:
    """Organisations whose flights the caller sees (None: all)."""
    if caller.is_admin:
        return None
    if caller.role is R.OPERATOR:
        return frozenset({caller.organisation_id or ""})
    if caller.role is R.REGULATOR:
        prefectures = app.accounts.prefectures()
        return frozenset(o for o, p in prefectures.items() if p in caller.jurisdiction)
    return frozenset()


def _resident_intents(app: AppState, caller: Principal) -> frozenset[str]:
    with app.sessions() as s:
        rows = s.execute(select(DeliveryFlightRow.intent_id).join(
            OrderRow, OrderRow.id == DeliveryFlightRow.order_id).where(
            OrderRow.user_id == caller.user_id)).all()
    return frozenset(r[0] for r in rows if r[0])


def _reads_alerts(caller: Principal) -> bool:
    """The roles of ``GET /live/alerts`` (``Overseer``)."""
    return caller.is_admin or caller.role in (R.OPERATOR, R.REGULATOR)


def _alerts_query(app: AppState, caller: Principal) -> Select[ConformanceEventRow, str]:
    """The conformance alerts the caller may see (the list and the stream share it)."""
    owners = _owners_visible(app, caller)
    q = (select(ConformanceEventRow, AirspaceIntentRow.owner)
         .join(AirspaceIntentRow, AirspaceIntentRow.id == ConformanceEventRow.intent_id)
         .where(ConformanceEventRow.kind == "alert"))
    if owners is not None:
        q = q.where(AirspaceIntentRow.owner.in_(sorted(owners)))
    return q


def _alert(row: ConformanceEventRow, owner: str) -> dict[str, Any]:
    return {"intent_id": row.intent_id, "owner": owner, "seq": row.seq, "code": row.code,
            "time": stored_time(row.time).isoformat(), "data": row.data,
            "telemetry_id": row.telemetry_id}


def _batch(app: AppState, caller: Principal, after: int) -> list[tuple[str, int, dict[str, Any]]]:
    """The next events after cursor ``after``: ``(event, id, data)``, each alert right after
    the position of the report that caused it (with that report's id)."""
    q = (select(TelemetryRow, AirspaceIntentRow.owner)
         .join(AirspaceIntentRow, AirspaceIntentRow.id == TelemetryRow.intent_id)
         .where(TelemetryRow.id > after).order_by(TelemetryRow.id).limit(500))
    if caller.role is R.RESIDENT:
        q = q.where(TelemetryRow.intent_id.in_(sorted(_resident_intents(app, caller))))
    else:
        owners = _owners_visible(app, caller)
        if owners is not None:
            q = q.where(AirspaceIntentRow.owner.in_(sorted(owners)))
    with app.sessions() as session:
        rows = session.execute(q).all()
        alerts: dict[int, list[dict[str, Any]]] = {}
        if rows and _reads_alerts(caller):
            # Up to the batch's last report: the rest come with their reports next time.
            upto = rows[-1][0].id
            for e, owner in session.execute(_alerts_query(app, caller).where(
                    ConformanceEventRow.telemetry_id > after,
                    ConformanceEventRow.telemetry_id <= upto).order_by(
                    ConformanceEventRow.telemetry_id, ConformanceEventRow.seq)).all():
                alerts.setdefault(int(e.telemetry_id or 0), []).append(_alert(e, owner))
    out: list[tuple[str, int, dict[str, Any]]] = []
    for r in rows:
        out.append(("position", r[0].id, {
            "id": r[0].id, "intent_id": r[0].intent_id, "aircraft_id": r[0].aircraft_id,
            "owner": r[1], "lon": r[0].lon, "lat": r[0].lat, "alt_m": r[0].alt_m,
            "altitude_reference": r[0].altitude_reference,
            "time": stored_time(r[0].time).isoformat()}))
        out.extend(("alert", r[0].id, a) for a in alerts.get(r[0].id, ()))
    return out


def _incidents(app: AppState, caller: Principal, after: int) -> list[tuple[int, dict[str, Any]]]:
    """Reports filed after filing ``after`` that the caller is notified of."""
    store = IncidentStore(app.sessions, app.now)
    if caller.is_admin:
        found = store.filings_after(after, None)
    elif caller.role is R.REGULATOR:
        found = store.filings_after(after, caller.jurisdiction)
    elif caller.role is R.OPERATOR:
        found = store.filings_after(after, None, caller.organisation_id or "")
    else:
        return []
    return [(seq, r.to_json()) for seq, r in found]


def _last_id(app: AppState) -> int:
    with app.engine.connect() as conn:
        found = conn.execute(select(TelemetryRow.id).order_by(TelemetryRow.id.desc())
                             .limit(1)).scalar()
    return int(found or 0)


@router.get("/live/positions", response_class=StreamingResponse, responses={200: {
    "description": "a server-sent event stream", "content": {"text/event-stream": {}}}})
async def positions(request: Request, app: State, caller: UserCaller,
                    last_event_id: Annotated[str | None, Header()] = None,
                    after: Annotated[int | None, Query(ge=0, le=MAX_CURSOR)] = None,
                    timeout_s: Annotated[float, Query(gt=0, le=3600)] = 300.0,
                    poll_s: Annotated[float, Query(ge=0.05, le=10)] = 0.5,
                    incidents_after: Annotated[int | None, Query(ge=0, le=2**62)] = None
                    ) -> StreamingResponse:
    """Server-sent events: every new position report the caller may see and, for operators,
    regulators and administrators, every new conformance alert (after its report, same id).

    Starts after ``after`` or ``Last-Event-ID`` (default: now); closes after ``timeout_s``
    (clients reconnect with ``Last-Event-ID``). Incident reports filed after filing number
    ``incidents_after`` (default: now) come as ``incident`` events, each with its ``seq``. A
    user holds at most ``max_streams_per_user`` open streams per worker (429 beyond).
    """
    start = after if after is not None else (
        _cursor(last_event_id) if last_event_id else None)
    if start is None:
        start = await run_in_threadpool(_last_id, app)
    notified = _reads_alerts(caller)  # the roles told of filed incident reports
    filed = incidents_after if incidents_after is not None else (
        await run_in_threadpool(IncidentStore(app.sessions).last_filing) if notified else 0)
    streams = app.streams
    if streams.get(caller.subject, 0) >= app.settings.max_streams_per_user:
        raise HTTPException(429, f"at most {app.settings.max_streams_per_user} open streams "
                            "per user; close one first")
    streams[caller.subject] = streams.get(caller.subject, 0) + 1

    async def events() -> AsyncIterator[str]:
        try:
            async for chunk in _events():
                yield chunk
        finally:  # closed, timed out or the client went away: the slot is free again
            streams[caller.subject] -= 1
            if streams[caller.subject] <= 0:
                del streams[caller.subject]

    async def _events() -> AsyncIterator[str]:
        nonlocal filed
        cursor = start
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        # The opening names the cursor, so a client that reconnects before any event resumes
        # from here (Last-Event-ID) rather than from "now", missing nothing in between.
        yield f"retry: 1000\nid: {cursor}\n\n"
        idle = 0.0
        while loop.time() < deadline:
            if await request.is_disconnected():
                return
            batch = await run_in_threadpool(_batch, app, caller, cursor)
            # One write per report: a position and its alerts reach the client together.
            chunk = ""
            for kind, event_id, data in batch:
                if event_id != cursor and chunk:
                    yield chunk
                    chunk = ""
                cursor = event_id
                chunk += f"id: {cursor}\nevent: {kind}\ndata: {json.dumps(data)}\n\n"
            if chunk:
                yield chunk
            reports = (await run_in_threadpool(_incidents, app, caller, filed)
                       if notified else [])
            for seq, doc in reports:
                filed = seq
                body = json.dumps({**doc, "seq": seq})
                yield f"id: {cursor}\nevent: incident\ndata: {body}\n\n"
            idle = 0.0 if batch or reports else idle + poll_s
            if idle >= 15.0:
                idle = 0.0
                yield f"id: {cursor}\nevent: ping\ndata: {{}}\n\n"
            await asyncio.sleep(poll_s)

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


@router.get("/live/flights")
def flights(app: State, caller: UserCaller) -> list[dict[str, Any]]:
    """Active intents the caller may see, with their volumes' footprint, the order they fly
    (if any) and the last reported position."""
    if caller.role is R.RESIDENT:
        allowed_intents: frozenset[str] | None = _resident_intents(app, caller)
        owners: frozenset[str] | None = None
    else:
        allowed_intents, owners = None, _owners_visible(app, caller)
    out = []
    store = app_orders(app)
    by_intent = {f.intent_id: f for f in store.flights() if f.intent_id}
    for intent in app.airspace.active():
        if owners is not None and intent.owner not in owners:
            continue
        if allowed_intents is not None and intent.id not in allowed_intents:
            continue
        with app.engine.connect() as conn:
            last = conn.execute(select(TelemetryRow).where(TelemetryRow.intent_id == intent.id)
                                .order_by(TelemetryRow.id.desc()).limit(1)).first()
        f = by_intent.get(intent.id)
        route = None
        if f is not None:
            order = store.get(f.order_id)
            route = [[w[0], w[1]] for w in (order.flight or {}).get("route", [])]
        out.append({
            "intent_id": intent.id, "owner": intent.owner, "state": intent.state.value,
            "time_start": intent.time_start.isoformat(), "time_end": intent.time_end.isoformat(),
            "volume": volume_geojson(intent.volumes),
            "order_id": f.order_id if f else None, "registration": f.registration if f else None,
            "level": f.level if f else None, "route": route,
            "last": None if last is None else {
                "lon": last.lon, "lat": last.lat, "alt_m": last.alt_m,
                "time": stored_time(last.time).isoformat()}})
    return out


@router.get("/live/alerts")
def alerts(app: State, caller: Overseer,
           limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[dict[str, Any]]:
    """Conformance alerts of the flights the caller may see, newest first."""
    q = _alerts_query(app, caller).order_by(ConformanceEventRow.time.desc()).limit(limit)
    with app.sessions() as session:
        rows = session.execute(q).all()
    return [_alert(e, owner) for e, owner in rows]


@router.get("/clock")
def clock(app: State, _caller: UserCaller) -> dict[str, str]:
    """The service's clock (the demo runs on a simulated day)."""
    now = app.now()
    return {"now": now.isoformat(), "local": now.astimezone(TOKYO).isoformat()}


def _kpis(orders: list[Any], flights: list[DeliveryFlightRow], now: datetime
          ) -> dict[str, Any]:
    delivered = [o for o in orders if o.record.state is OrderState.DELIVERED]
    # The shared definitions (kizuna.dispatch.kpis): the simulation report uses the same.
    shared = service_kpis([o.record for o in orders], now)
    failed = [f for f in flights if f.outcome not in ("delivered", "in_flight")]
    hourly: dict[int, int] = {}
    for o in delivered:
        t = o.record.time_of(OrderState.DELIVERED)
        if t is not None:
            h = t.astimezone(TOKYO).hour
            hourly[h] = hourly.get(h, 0) + 1
    return {
        "orders": len(orders), "deliveries": len(delivered),
        "on_time_rate": (None if shared.on_time_rate is None
                         else round(shared.on_time_rate, 4)),
        "due": shared.due,
        "delivery_minutes_p50": shared.delivery_minutes_p50,
        "residents_served": len({o.record.order.recipient for o in delivered}),
        "incidents": len(failed),
        "flights": len(flights), "km": round(sum(f.km for f in flights), 1),
        "hourly_deliveries": [[h, hourly[h]] for h in sorted(hourly)],
    }


@router.get("/kpis")
def kpis(app: State, caller: Overseer) -> dict[str, Any]:
    """The zone's KPIs per prefecture and combined: deliveries, on-time rate and delivery
    minutes (the shared definitions of :mod:`kizuna.dispatch.kpis`), residents served,
    incidents (flights that ended in a fault), and deliveries per local hour."""
    store = app_orders(app)
    if caller.is_admin:
        scope = None
    elif caller.role is R.REGULATOR:
        scope = caller.jurisdiction
    else:
        scope = frozenset({caller.prefecture or ""})
    orders = store.orders(prefectures=scope, limit=100_000)
    flights_ = store.flights(prefectures=scope)
    if caller.role is R.OPERATOR:
        orders = [o for o in orders if o.organisation_id == caller.organisation_id]
        flights_ = [f for f in flights_ if f.organisation_id == caller.organisation_id]
    prefectures = sorted({o.prefecture for o in orders} | set(scope or ()))
    now = app.now()
    return {
        "prefectures": {p: _kpis([o for o in orders if o.prefecture == p],
                                 [f for f in flights_ if f.prefecture == p], now)
                        for p in prefectures},
        "combined": _kpis(orders, flights_, now),
    }
