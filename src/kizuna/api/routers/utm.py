"""UTM: operational intents in the shared airspace, telemetry, conformance events.

Submissions go through :class:`kizuna.store.airspace.DatabaseAirspace`, which serialises
decisions with database locks, so the guarantees hold across API workers. Telemetry is stored
and the conformance monitor (:class:`kizuna.utm.conformance.ConformanceMonitor`) is replayed
from the stored reports under a row lock on the intent (see :mod:`kizuna.store.telemetry`).
"""

from __future__ import annotations

import secrets
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from sqlalchemy import func, insert, select

from kizuna.api.deps import AppState, Caller, Principal, State, roles
from kizuna.api.geojson import JAPAN_BOUNDS, check_geojson
from kizuna.errors import InvalidInput
from kizuna.store.accounts import AccountRole as R
from kizuna.store.airspace import AirspaceIntentRow
from kizuna.store.telemetry import ConformanceEventRow, TelemetryRow
from kizuna.utm import MetricFrame, OperationalIntent
from kizuna.utm.conformance import ConformanceAlert, ConformanceMonitor, PositionReport
from kizuna.utm.replay import VolumeModel
from kizuna.utm.volume import AltitudeReference

__all__ = ["router"]

router = APIRouter(prefix="/utm", tags=["utm"])
_STRICT = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
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
    return caller.may_read_org(owner, app.accounts.prefecture_of(owner))


def _find(app: AppState, caller: Principal, intent_id: str) -> OperationalIntent:
    """An active intent the caller may see; 404 otherwise (existence is not disclosed)."""
    for intent in app.airspace.active():
        if intent.id == intent_id and _visible(app, caller, intent.owner):
            return intent
    raise HTTPException(404, f"no active intent {intent_id}")


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
        if v.circle is not None:
            lon, lat = (float(c) for c in v.circle.center)
            lon_min, lat_min, lon_max, lat_max = JAPAN_BOUNDS
            if not (lon_min <= lon <= lon_max and lat_min <= lat <= lat_max):
                raise InvalidInput(f"volumes.{i}.circle.center: outside Japan",
                                   field=f"volumes.{i}.circle.center")
        try:
            volumes.append(v.to_volume())
        except InvalidInput as exc:
            raise InvalidInput(f"volumes.{i}: {exc}", field=f"volumes.{i}") from None
    assert caller.organisation_id is not None  # operators always have one
    intent = OperationalIntent(f"oi-{secrets.token_hex(8)}", caller.organisation_id,
                               body.priority, tuple(volumes))
    result = app.airspace.submit(intent)
    return {"id": intent.id, "accepted": result.accepted, "conflicts": list(result.conflicts),
            "replan": list(result.replan)}


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
    return {"id": intent_id, "ended": app.airspace.end(intent_id)}


def _event_json(event: Any) -> dict[str, Any]:
    data = {k: (v.isoformat() if isinstance(v, datetime) else str(v) if hasattr(v, "value")
                else v) for k, v in asdict(event).items()}
    return data


@router.post("/intents/{intent_id}/telemetry")
def ingest_telemetry(intent_id: str, body: TelemetryIn, app: State, caller: Caller
                     ) -> dict[str, Any]:
    """Ingest position reports (an API key or operator staff of the intent's organisation).

    Returns the conformance events these reports caused.
    """
    if len(body.reports) > app.settings.max_reports_per_batch:
        raise InvalidInput(f"reports: at most {app.settings.max_reports_per_batch} per batch",
                           field="reports")
    if caller.kind == "api_key" and "telemetry" not in caller.scopes:
        raise HTTPException(403, "this API key has no telemetry scope")
    if caller.kind == "user" and caller.role not in (R.OPERATOR, R.ADMIN):
        raise HTTPException(403, f"role {caller.role} may not send telemetry")
    intent = _find(app, caller, intent_id)
    if caller.organisation_id != intent.owner and not caller.is_admin:
        raise HTTPException(403, f"{caller.subject} may not send telemetry for {intent_id}")
    new = [PositionReport(body.aircraft_id, r.time.astimezone(UTC), r.lon, r.lat, r.alt_m,
                          r.altitude_reference) for r in body.reports]
    with app.engine.begin() as conn:
        # The intent's row lock serialises ingest of one flight across workers.
        conn.execute(select(AirspaceIntentRow.id).where(AirspaceIntentRow.id == intent_id)
                     .with_for_update())
        old = [PositionReport(r.aircraft_id, datetime.fromtimestamp(r.time, UTC), r.lon, r.lat,
                              r.alt_m, AltitudeReference(r.altitude_reference))
               for r in conn.execute(select(TelemetryRow).where(
                   TelemetryRow.intent_id == intent_id).order_by(TelemetryRow.id))]
        if old and old[0].aircraft_id != body.aircraft_id:
            raise InvalidInput(f"aircraft_id: intent {intent_id} is flown by "
                               f"{old[0].aircraft_id}", field="aircraft_id")
        monitor = ConformanceMonitor(intent, body.aircraft_id, MetricFrame(app.airspace.frame.epsg))
        for report in old:
            monitor.observe(report)
        done = len(monitor.log)
        for i, report in enumerate(new):
            try:
                monitor.observe(report)
            except InvalidInput as exc:
                raise InvalidInput(f"reports.{i}: {exc}", field=f"reports.{i}") from None
        events = monitor.log[done:]
        conn.execute(insert(TelemetryRow), [
            {"intent_id": intent_id, "aircraft_id": r.aircraft_id, "time": r.time.timestamp(),
             "lon": r.lon, "lat": r.lat, "alt_m": r.alt_m,
             "altitude_reference": r.altitude_reference.value} for r in new])
        seq = conn.scalar(select(func.max(ConformanceEventRow.seq)).where(
            ConformanceEventRow.intent_id == intent_id)) or 0
        if events:
            conn.execute(insert(ConformanceEventRow), [
                {"intent_id": intent_id, "seq": seq + k + 1,
                 "kind": "alert" if isinstance(e, ConformanceAlert) else "transition",
                 "code": e.code, "time": e.time.timestamp(), "data": _event_json(e)}
                for k, e in enumerate(events)])
    return {"intent_id": intent_id, "accepted_reports": len(new), "state": monitor.state.value,
            "events": [_event_json(e) for e in events]}


@router.get("/intents/{intent_id}/events")
def conformance_events(intent_id: str, app: State, caller: Flyer) -> list[dict[str, Any]]:
    """Every conformance event of an intent, oldest first."""
    _find(app, caller, intent_id)
    with app.engine.connect() as conn:
        rows = conn.execute(select(ConformanceEventRow).where(
            ConformanceEventRow.intent_id == intent_id).order_by(ConformanceEventRow.seq))
        return [{"seq": r.seq, "kind": r.kind, **r.data} for r in rows]
