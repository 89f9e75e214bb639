"""Permits: applications of an organisation (CRUD and submission by its operator staff),
the risk dossier and approval or rejection by a regulator of its prefecture, and emergency
airspace.

Every state change is a step of :mod:`kizuna.permits.lifecycle`; this router only decides who
may take it and stores the result (:class:`kizuna.store.permit_records.PermitStore`).
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from kizuna.api.deps import AppState, Caller, Principal, State, UserCaller, require_read, roles
from kizuna.api.deps import require_write as require_org_write
from kizuna.api.errors import ERROR_RESPONSES
from kizuna.api.geojson import check_geojson
from kizuna.api.permit_documents import (
    DOSSIER_CSP,
    dossier_data,
    pack_documents,
    visible_application,
)
from kizuna.errors import InvalidInput
from kizuna.permits import Application, Condition, PermitRecord, amend, approve, new_record
from kizuna.permits import reject as reject_record
from kizuna.permits import submit as submit_record
from kizuna.store.accounts import AccountRole as R
from kizuna.store.permit_records import EmergencyAirspaceEntry, StoredPermit

__all__ = ["router"]

router = APIRouter(tags=["permits"])
_STRICT = ConfigDict(frozen=True, extra="forbid")
Regulator = Annotated[Principal, Depends(roles(R.REGULATOR))]


class ApproveIn(BaseModel):
    """The regulator's approval: permit number, date and typed conditions."""

    model_config = _STRICT
    number: str = Field(min_length=1, max_length=80)
    on: date
    conditions: list[Condition] = Field(default_factory=list, max_length=50)
    notes: list[str] = Field(default_factory=list, max_length=50)


class RejectIn(BaseModel):
    """The regulator's reasons for a rejection."""

    model_config = _STRICT
    reasons: list[str] = Field(min_length=1, max_length=50)


class EmergencyIn(BaseModel):
    """Emergency-use airspace to activate (a GeoJSON Polygon in WGS84)."""

    model_config = _STRICT
    prefecture: str = Field(min_length=2, max_length=40)
    name: str = Field(min_length=1, max_length=200)
    area: dict[str, Any]


def _out(stored: StoredPermit) -> dict[str, Any]:
    return {"organisation_id": stored.organisation_id, "prefecture": stored.prefecture,
            "state": stored.record.current.state.value,
            "record": stored.record.model_dump(mode="json")}


def _check_application(app: AppState, application: Application) -> None:
    if application.area is not None:
        check_geojson(application.area, "area", app.limits)
    for i, corridor in enumerate(application.corridors):
        check_geojson(corridor.route, f"corridors.{i}.route", app.limits)


def _readable(app: AppState, caller: Principal, org_id: str, app_id: str) -> StoredPermit:
    """The application, 404 for one the caller may not see (its existence is not disclosed)."""
    return visible_application(app, caller, org_id, app_id)


def _prefecture_for_write(app: AppState, caller: Principal, org_id: str) -> str:
    prefecture = require_org_write(app, caller, org_id)
    if prefecture is None:
        raise InvalidInput(f"organisation {org_id} has no prefecture; an administrator sets it",
                           field="organisation_id")
    return prefecture


@router.get("/orgs/{org_id}/permits/applications")
def list_applications(org_id: str, app: State, caller: Caller) -> list[dict[str, Any]]:
    """The organisation's applications."""
    require_read(app, caller, org_id)
    return [_out(p) for p in app.permits.for_organisation(org_id)]


@router.post("/orgs/{org_id}/permits/applications", status_code=201)
def create_application(org_id: str, body: Application, app: State, caller: UserCaller
                       ) -> dict[str, Any]:
    """A new application (draft), by operator staff of the organisation."""
    prefecture = _prefecture_for_write(app, caller, org_id)
    _check_application(app, body)
    app.permits.add(org_id, prefecture, new_record(body))
    return _out(app.permits.get(org_id, body.id))


@router.get("/orgs/{org_id}/permits/applications/{app_id}")
def get_application(org_id: str, app_id: str, app: State, caller: Caller) -> dict[str, Any]:
    """One application with every version."""
    return _out(_readable(app, caller, org_id, app_id))


@router.put("/orgs/{org_id}/permits/applications/{app_id}")
def amend_application(org_id: str, app_id: str, body: Application, app: State,
                      caller: UserCaller) -> dict[str, Any]:
    """Amend an application: a new draft version (``kizuna.permits.amend``)."""
    _readable(app, caller, org_id, app_id)
    _prefecture_for_write(app, caller, org_id)
    if body.id != app_id:
        raise InvalidInput(f"id: {body.id!r} differs from the path's {app_id!r}", field="id")
    _check_application(app, body)
    app.permits.replace(org_id, app_id, lambda r: amend(r, body))
    return _out(app.permits.get(org_id, app_id))


@router.post("/orgs/{org_id}/permits/applications/{app_id}/submit")
def submit_application(org_id: str, app_id: str, app: State, caller: UserCaller
                       ) -> dict[str, Any]:
    """Draft -> submitted, by operator staff of the organisation."""
    _readable(app, caller, org_id, app_id)
    _prefecture_for_write(app, caller, org_id)
    app.permits.replace(org_id, app_id, submit_record)
    return _out(app.permits.get(org_id, app_id))


def _decide(app: AppState, caller: Principal, org_id: str, app_id: str) -> StoredPermit:
    """The application, for a regulator of its prefecture (404 unseen, 403 seen elsewhere)."""
    stored = _readable(app, caller, org_id, app_id)
    if stored.prefecture not in caller.jurisdiction:
        raise HTTPException(403, f"{caller.subject} does not decide in {stored.prefecture}")
    return stored


def _dossier(app: AppState, caller: Principal, org_id: str, app_id: str
             ) -> tuple[dict[str, Any], str]:
    stored = _decide(app, caller, org_id, app_id)
    version = stored.record.current
    _pack, html = pack_documents(version)
    return dossier_data(version), html


@router.get("/orgs/{org_id}/permits/applications/{app_id}/dossier")
def application_dossier(org_id: str, app_id: str, app: State, caller: Regulator
                        ) -> dict[str, Any]:
    """The risk dossier of the application's current version (``kizuna permit dossier``'s
    dossier.json), for a regulator of its prefecture."""
    data, _html = _dossier(app, caller, org_id, app_id)
    return data


@router.get("/orgs/{org_id}/permits/applications/{app_id}/dossier.html",
            response_class=HTMLResponse, responses={
                200: {"description": "the printable dossier (Japanese first, A4, "
                                     "self-contained)", "content": {"text/html": {}}},
                # Errors stay JSON (the HTML response class would document them as HTML).
                **{code: {"description": spec["description"], "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
                   for code, spec in ERROR_RESPONSES.items()}})
def application_dossier_html(org_id: str, app_id: str, app: State, caller: Regulator
                             ) -> HTMLResponse:
    """The printable dossier of the application's current version (dossier.html, the map
    embedded), with its permit pack, for a regulator of its prefecture."""
    _data, html = _dossier(app, caller, org_id, app_id)
    return HTMLResponse(html, headers={"Content-Security-Policy": DOSSIER_CSP,
                                       "Cache-Control": "private, no-store",
                                       "X-Content-Type-Options": "nosniff"})


@router.post("/orgs/{org_id}/permits/applications/{app_id}/approve")
def approve_application(org_id: str, app_id: str, body: ApproveIn, app: State,
                        caller: Regulator) -> dict[str, Any]:
    """Submitted -> approved with conditions, by a regulator of the application's prefecture."""
    _decide(app, caller, org_id, app_id)

    def step(record: PermitRecord) -> PermitRecord:
        return approve(record, body.number, body.on, tuple(body.conditions), tuple(body.notes))

    app.permits.replace(org_id, app_id, step, expected_state="submitted")
    return _out(app.permits.get(org_id, app_id))


@router.post("/orgs/{org_id}/permits/applications/{app_id}/reject")
def reject_application(org_id: str, app_id: str, body: RejectIn, app: State,
                       caller: Regulator) -> dict[str, Any]:
    """Submitted -> rejected with reasons, by a regulator of the application's prefecture."""
    _decide(app, caller, org_id, app_id)
    app.permits.replace(org_id, app_id, lambda r: reject_record(r, tuple(body.reasons)),
                        expected_state="submitted")
    return _out(app.permits.get(org_id, app_id))


@router.get("/permits/applications")
def review_queue(app: State,
                 caller: Annotated[Principal, Depends(roles(R.REGULATOR, R.ADMIN))],
                 state: Annotated[str | None, Query(pattern="^[a-z]{1,20}$")] = None
                 ) -> list[dict[str, Any]]:
    """Applications in the caller's jurisdiction (every one for an admin), optionally by state."""
    scope = None if caller.is_admin else caller.jurisdiction
    return [_out(p) for p in app.permits.in_prefectures(scope, state)]


# -- emergency airspace -----------------------------------------------------------------------
def _emergency_out(e: EmergencyAirspaceEntry) -> dict[str, Any]:
    return {"id": e.id, "prefecture": e.prefecture, "name": e.name, "area": e.area,
            "active": e.active, "changed_at": e.changed_at.isoformat()}


@router.get("/emergency-airspace", tags=["emergency"])
def list_emergency(app: State, _caller: Caller,
                   active: bool = True) -> list[dict[str, Any]]:
    """Emergency-use airspace (active only by default): every flyer must know it."""
    return [_emergency_out(e) for e in app.permits.emergencies(active_only=active)]


@router.post("/emergency-airspace", status_code=201, tags=["emergency"])
def activate_emergency(body: EmergencyIn, app: State, caller: Regulator) -> dict[str, Any]:
    """Activate emergency airspace in a prefecture of the regulator's jurisdiction."""
    if body.prefecture not in caller.jurisdiction:
        raise HTTPException(403, f"{caller.subject} has no jurisdiction in {body.prefecture}")
    check_geojson(body.area, "area", app.limits)
    entry = EmergencyAirspaceEntry(f"ea-{secrets.token_hex(8)}", body.prefecture, body.name,
                                   body.area, True, caller.subject, app.now())
    app.permits.save_emergency(entry)
    return _emergency_out(entry)


@router.post("/emergency-airspace/{airspace_id}/{action}", tags=["emergency"])
def toggle_emergency(airspace_id: str, action: str, app: State, caller: Regulator
                     ) -> dict[str, Any]:
    """``activate`` or ``deactivate`` an emergency airspace of the regulator's jurisdiction."""
    if action not in ("activate", "deactivate"):
        raise HTTPException(404, f"no action {action!r}")
    entry = app.permits.get_emergency(airspace_id)
    if entry.prefecture not in caller.jurisdiction:
        raise HTTPException(403, f"{caller.subject} has no jurisdiction in {entry.prefecture}")
    changed = EmergencyAirspaceEntry(entry.id, entry.prefecture, entry.name, entry.area,
                                     action == "activate", caller.subject, app.now())
    app.permits.save_emergency(changed)
    return _emergency_out(changed)
