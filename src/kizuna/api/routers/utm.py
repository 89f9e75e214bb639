"""UTM: operational intents in the shared airspace, telemetry, conformance events.

Submissions go through :class:`kizuna.store.airspace.DatabaseAirspace`, which serialises
decisions with database locks, so the guarantees hold across API workers. Telemetry goes
through the worker's :class:`kizuna.store.ingest.TelemetryWriter` (group commit): the
conformance monitor (:class:`kizuna.utm.conformance.ConformanceMonitor`) resumes from the
intent's stored state and last transition under the flight's lock and observes every report of
every request; a request is answered once its reports are committed.
"""

from __future__ import annotations

import math
import secrets
from datetime import UTC
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from sqlalchemy import select

from kizuna.api.deps import AppState, Caller, Principal, State, disclosed_intents, roles
from kizuna.api.geojson import JAPAN_BOUNDS, check_geojson
from kizuna.dispatch import OrderRecord, OrderState, advance
from kizuna.errors import InvalidInput, UnknownName
from kizuna.store.accounts import AccountRole as R
from kizuna.store.ingest import IngestRequest, IngestResult, event_data
from kizuna.store.orders import DeliveryFlightRow, OrderStore, StoredOrder
from kizuna.store.telemetry import ConformanceEventRow
from kizuna.utm import OperationalIntent
from kizuna.utm.bounds import check_report_time, check_volume
from kizuna.utm.conformance import PositionReport
from kizuna.utm.replay import VolumeModel
from kizuna.utm.volume import AltitudeReference

__all__ = ["router"]

router = APIRouter(prefix="/utm", tags=["utm"])
_STRICT = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
_EARTH_RADIUS_M = 6_371_000.0  # a circle's extent in degrees; a sphere is close enough here
Flyer = Annotated[Principal, Depends(roles(R.OPERATOR, R.REGULATOR, R.ADMIN))]


class IntentIn(BaseModel):
    """An operational intent: 4D volumes (the ``kizuna utm replay`` volume contract)."""

    model_config = _STRICT
    priority: int = Field(default=0, ge=0, le=1000)
    volumes: list[VolumeModel] = Field(min_length=1, max_length=100)


class ReportIn(BaseModel):
    """One position fix."""

    model_config = _STRICT
    time: AwareDatetime
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)
    alt_m: float = Field(ge=-500, le=10_000)
    altitude_reference: AltitudeReference = AltitudeReference.AGL


class TelemetryIn(BaseModel):
    """A batch of position reports of one aircraft flying one intent."""

    model_config = _STRICT
    aircraft_id: str = Field(min_length=1, max_length=64)
    reports: list[ReportIn] = Field(min_length=1)


def _intent_json(intent: OperationalIntent) -> dict[str, Any]:
    return {"id": intent.id, "owner": intent.owner, "priority": intent.priority,
            "state": intent.state.value, "time_start": intent.time_start.isoformat(),
            "time_end": intent.time_end.isoformat(), "volumes": len(intent.volumes)}


def _visible(app: AppState, caller: Principal, owner: str) -> bool:
    if caller.role is not R.REGULATOR:  # only a regulator's view depends on the prefecture
        return caller.may_read_org(owner, None)
    return caller.may_read_org(owner, app.accounts.prefecture_of(owner))


def _find(app: AppState, caller: Principal, intent_id: str) -> OperationalIntent:
    """An active intent the caller may see; 404 otherwise (existence is not disclosed)."""
    intent = app.airspace.get(intent_id)
    if intent is not None and _visible(app, caller, intent.owner):
        return intent
    raise HTTPException(404, f"no active intent {intent_id}")


def _check_circle(center: Any, radius_m: float, field: str, app: AppState) -> None:
    """The circle's bounding square inside Japan and its area under the polygon limit."""
    lon, lat = (float(c) for c in center)
    dlat = math.degrees(radius_m / _EARTH_RADIUS_M)
    dlon = dlat / max(math.cos(math.radians(lat)), 1e-6)
    lon_min, lat_min, lon_max, lat_max = JAPAN_BOUNDS
    if not (lon_min <= lon - dlon and lon + dlon <= lon_max
            and lat_min <= lat - dlat and lat + dlat <= lat_max):
        raise InvalidInput(f"{field}: reaches outside Japan", field=field)
    area_km2 = math.pi * radius_m ** 2 / 1e6
    if area_km2 > app.limits.max_area_km2:
        raise InvalidInput(f"{field}: area {area_km2:.1f} km² is over the limit of "
                           f"{app.limits.max_area_km2:g} km²", field=f"{field}.radius_m")


@router.post("/intents", status_code=201)
def submit_intent(body: IntentIn, app: State,
                  caller: Annotated[Principal, Depends(roles(R.OPERATOR))]) -> dict[str, Any]:
    """Submit an intent for the caller's organisation; accepted or rejected by deconfliction."""
    if body.priority > app.settings.max_operator_priority:
        raise InvalidInput(f"priority: at most {app.settings.max_operator_priority} for an "
                           "operator", field="priority")
    volumes = []
    for i, v in enumerate(body.volumes):
        if v.polygon is not None:
            check_geojson(v.polygon.model_dump(), f"volumes.{i}.polygon", app.limits)
        try:
            volume = v.to_volume()
        except InvalidInput as exc:
            raise InvalidInput(f"volumes.{i}: {exc}", field=f"volumes.{i}") from None
        check_volume(volume, app.now(), app.bounds, f"volumes.{i}")
        if v.circle is not None:  # the whole circle, not only its centre, within the limits
            _check_circle(v.circle.center, float(v.circle.radius_m), f"volumes.{i}.circle", app)
        volumes.append(volume)
    assert caller.organisation_id is not None  # operators always have one
    intent = OperationalIntent(f"oi-{secrets.token_hex(8)}", caller.organisation_id,
                               body.priority, tuple(volumes))
    result = app.airspace.submit(intent)
    conflicts, others = disclosed_intents(app, caller, result.conflicts)
    replan, others_replanned = disclosed_intents(app, caller, result.replan)
    return {"id": intent.id, "accepted": result.accepted, "conflicts": conflicts,
            "other_conflicts": others, "replan": replan,
            "others_replanned": others_replanned}


@router.get("/intents")
def list_intents(app: State, caller: Flyer) -> list[dict[str, Any]]:
    """Active intents the caller may see (own organisation; a regulator's jurisdiction)."""
    return [_intent_json(i) for i in app.airspace.active() if _visible(app, caller, i.owner)]


@router.get("/intents/{intent_id}")
def get_intent(intent_id: str, app: State, caller: Flyer) -> dict[str, Any]:
    """One active intent."""
    return _intent_json(_find(app, caller, intent_id))


@router.post("/intents/{intent_id}/end")
def end_intent(intent_id: str, app: State, caller: Flyer) -> dict[str, Any]:
    """End an intent of the caller's organisation."""
    intent = _find(app, caller, intent_id)
    if not caller.may_write_org(intent.owner):
        raise HTTPException(403, f"{caller.subject} may not end intent {intent_id}")
    ended = app.airspace.end(intent_id)
    _release_order(app, intent_id)
    return {"id": intent_id, "ended": ended}


def _release_order(app: AppState, intent_id: str) -> None:
    """The order flying an ended intent fails (its airspace is gone) and its aircraft is idle
    again; otherwise both would stay in flight and no later order could use the aircraft."""
    with app.sessions() as s:
        flight = s.scalars(select(DeliveryFlightRow).where(
            DeliveryFlightRow.intent_id == intent_id)).first()
    if flight is None:
        return
    store = OrderStore(app.sessions, app.now)

    def step(now: StoredOrder) -> tuple[OrderRecord, dict[str, Any] | None]:
        if now.record.state is not OrderState.IN_FLIGHT:
            return now.record, now.flight  # delivered or failed already: nothing to release
        return advance(now.record, OrderState.FAILED, max(app.now(), now.record.events[-1].at),
                       f"intent {intent_id} ended before delivery"), now.flight

    store.update(flight.order_id, step)
    status = store.statuses(flight.organisation_id).get(flight.registration)
    if status is not None and status.state == "in_flight":
        store.set_status(flight.registration, flight.organisation_id, status.base_id,
                         status.soc, "idle")


def _telemetry_request(intent_id: str, body: TelemetryIn, app: AppState, caller: Principal
                       ) -> IngestRequest:
    """The ingest request, with the caller's checks; tenancy is checked by the writer, on the
    intent's owner read under the flight's lock."""
    if len(body.reports) > app.settings.max_reports_per_batch:
        raise InvalidInput(f"reports: at most {app.settings.max_reports_per_batch} per batch",
                           field="reports")
    if caller.kind == "api_key" and "telemetry" not in caller.scopes:
        raise HTTPException(403, "this API key has no telemetry scope")
    if caller.kind == "user" and caller.role not in (R.OPERATOR, R.ADMIN):
        raise HTTPException(403, f"role {caller.role} may not send telemetry")

    def authorise(owner: str) -> None:
        if not _visible(app, caller, owner):  # as _find: existence is not disclosed
            raise HTTPException(404, f"no active intent {intent_id}")
        if caller.organisation_id != owner and not caller.is_admin:
            raise HTTPException(403, f"{caller.subject} may not send telemetry for {intent_id}")

    now = app.now()
    for i, r in enumerate(body.reports):
        check_report_time(r.time, now, app.bounds, f"reports.{i}.time")
    reports = tuple(PositionReport(body.aircraft_id, r.time.astimezone(UTC), r.lon, r.lat,
                                   r.alt_m, r.altitude_reference) for r in body.reports)
    return IngestRequest(intent_id, body.aircraft_id, reports, authorise)


def _telemetry_answer(result: IngestResult) -> dict[str, Any]:
    return {"intent_id": result.intent_id, "accepted_reports": result.accepted_reports,
            "state": result.state.value, "events": [event_data(e) for e in result.events]}


@router.post("/intents/{intent_id}/telemetry")
async def ingest_telemetry(intent_id: str, body: TelemetryIn, app: State, caller: Caller
                           ) -> dict[str, Any]:
    """Ingest position reports (an API key or operator staff of the intent's organisation).

    Returns the conformance events these reports caused. Answered once the reports are
    committed (the worker's telemetry writer commits the waiting requests together).
    """
    request = _telemetry_request(intent_id, body, app, caller)
    try:
        result = await app.telemetry.ingest_async(request)
    except UnknownName:
        raise HTTPException(404, f"no active intent {intent_id}") from None
    return _telemetry_answer(result)


@router.get("/intents/{intent_id}/events")
def conformance_events(intent_id: str, app: State, caller: Flyer) -> list[dict[str, Any]]:
    """Every conformance event of an intent, oldest first."""
    _find(app, caller, intent_id)
    with app.engine.connect() as conn:
        rows = conn.execute(select(ConformanceEventRow).where(
            ConformanceEventRow.intent_id == intent_id).order_by(ConformanceEventRow.seq))
        return [{"seq": r.seq, "kind": r.kind, **r.data} for r in rows]
