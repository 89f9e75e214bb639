"""UTM: operational intents in the shared airspace, telemetry, conformance events.

Submissions go through :class:`kizuna.store.airspace.DatabaseAirspace`, which serialises
decisions with database locks, so the guarantees hold across API workers. Telemetry is stored
and the conformance monitor (:class:`kizuna.utm.conformance.ConformanceMonitor`) resumes from
the intent's last stored transition under a row lock on the intent (see
:mod:`kizuna.store.telemetry`); every report of a batch goes through it.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from functools import lru_cache
from typing import Annotated, Any

import numpy as np
from fastapi import APIRouter, Depends, HTTPException
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from sqlalchemy import Connection, func, insert, select

from kizuna.api.deps import AppState, Caller, Principal, State, roles
from kizuna.api.geojson import JAPAN_BOUNDS, check_geojson
from kizuna.errors import InvalidInput
from kizuna.store.accounts import AccountRole as R
from kizuna.store.airspace import AirspaceIntentRow, record_transitions
from kizuna.store.telemetry import ConformanceEventRow, TelemetryRow
from kizuna.utm import MetricFrame, OperationalIntent
from kizuna.utm.conformance import (
    ConformanceAlert,
    ConformanceMonitor,
    PositionReport,
    StateTransition,
)
from kizuna.utm.frame import ProjectedVolume, project_volumes
from kizuna.utm.intent import IntentState
from kizuna.utm.replay import VolumeModel
from kizuna.utm.volume import AltitudeReference, Volume4D

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
    if caller.role is not R.REGULATOR:  # only a regulator's view depends on the prefecture
        return caller.may_read_org(owner, None)
    return caller.may_read_org(owner, app.accounts.prefecture_of(owner))


def _find(app: AppState, caller: Principal, intent_id: str) -> OperationalIntent:
    """An active intent the caller may see; 404 otherwise (existence is not disclosed)."""
    intent = app.airspace.get(intent_id)
    if intent is not None and _visible(app, caller, intent.owner):
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


@lru_cache(maxsize=1024)
def _projected(volumes: tuple[Volume4D, ...], frame: MetricFrame) -> tuple[ProjectedVolume, ...]:
    # An intent's volumes never change while it is active: project them once per worker.
    return tuple(project_volumes(volumes, frame))


def _transition(data: dict[str, Any]) -> StateTransition:
    """A stored transition event back as the monitor recorded it."""
    return StateTransition(data["intent_id"], data["aircraft_id"],
                           datetime.fromisoformat(data["time"]), IntentState(data["from_state"]),
                           IntentState(data["to_state"]), data["code"], data["reason"])


_SQLITE_WRITER = threading.Lock()


@contextmanager
def _flight_lock(app: AppState, intent_id: str) -> Iterator[tuple[Connection, IntentState | None]]:
    """A transaction that holds the flight (the intent's row lock, or SQLite's write lock), and
    the intent's stored state read under it (None when it is gone).

    SQLite: ``BEGIN IMMEDIATE``, since a deferred transaction that read first could not write
    after another ingest committed (``SQLITE_BUSY_SNAPSHOT``); and the threads of one worker
    queue on a lock first, since SQLite's busy handler polls, is unfair and gives up after its
    timeout under a crowd of writers (a 500).
    """
    if app.engine.dialect.name == "sqlite":
        with _SQLITE_WRITER, app.engine.connect().execution_options(
                isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield conn, _state(conn.scalar(select(AirspaceIntentRow.state).where(
                    AirspaceIntentRow.id == intent_id)))
            except BaseException:
                conn.exec_driver_sql("ROLLBACK")
                raise
            conn.exec_driver_sql("COMMIT")
        return
    with app.engine.begin() as conn:
        # The intent's row lock serialises ingest of one flight across workers.
        yield conn, _state(conn.scalar(select(AirspaceIntentRow.state).where(
            AirspaceIntentRow.id == intent_id).with_for_update()))


def _state(value: str | None) -> IntentState | None:
    return None if value is None else IntentState(value)


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
    with _flight_lock(app, intent_id) as (conn, stored):
        if stored is None or stored is IntentState.ENDED:  # ended since _find
            raise HTTPException(404, f"no active intent {intent_id}")
        # The stored state is the truth (conformance transitions are written back with their
        # events); the last transition adds since when the aircraft is outside.
        monitor = ConformanceMonitor(intent.with_state(stored), body.aircraft_id,
                                     app.airspace.frame,
                                     projected=_projected(intent.volumes, app.airspace.frame))
        flown_by = conn.scalar(select(TelemetryRow.aircraft_id).where(
            TelemetryRow.intent_id == intent_id).order_by(TelemetryRow.id).limit(1))
        if flown_by is not None and flown_by != body.aircraft_id:
            raise InvalidInput(f"aircraft_id: intent {intent_id} is flown by {flown_by}",
                               field="aircraft_id")
        # The last transition is the monitor's whole memory: no replay of the stored reports.
        last = conn.scalar(select(ConformanceEventRow.data).where(
            ConformanceEventRow.intent_id == intent_id, ConformanceEventRow.kind == "transition"
        ).order_by(ConformanceEventRow.seq.desc()).limit(1))
        if last is not None and IntentState(last["to_state"]) is stored:
            monitor.resume([_transition(last)])
        xs, ys = app.airspace.frame.project_xy(np.array([r.lon for r in new]),
                                               np.array([r.lat for r in new]))
        for i, report in enumerate(new):
            try:
                monitor.observe(report, (float(xs[i]), float(ys[i])))
            except InvalidInput as exc:
                raise InvalidInput(f"reports.{i}: {exc}", field=f"reports.{i}") from None
        events = monitor.log
        conn.execute(insert(TelemetryRow), [
            {"intent_id": intent_id, "aircraft_id": r.aircraft_id, "time": r.time.timestamp(),
             "lon": r.lon, "lat": r.lat, "alt_m": r.alt_m,
             "altitude_reference": r.altitude_reference.value} for r in new])
        if events:
            seq = conn.scalar(select(func.max(ConformanceEventRow.seq)).where(
                ConformanceEventRow.intent_id == intent_id)) or 0
            conn.execute(insert(ConformanceEventRow), [
                {"intent_id": intent_id, "seq": seq + k + 1,
                 "kind": "alert" if isinstance(e, ConformanceAlert) else "transition",
                 "code": e.code, "time": e.time.timestamp(), "data": _event_json(e)}
                for k, e in enumerate(events)])
            # Same transaction as the events: readers of the intent see the real state.
            record_transitions(conn, intent_id, stored,
                               [e for e in events if isinstance(e, StateTransition)])
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
