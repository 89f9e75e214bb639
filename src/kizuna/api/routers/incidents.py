"""Accidents and serious incidents (Civil Aeronautics Act Art. 132-90): report, list, print.

- An operator files a report for one of its aircraft and pilots (422 naming the field
  otherwise; a report dated in the future is refused, naming ``occurred_at``). A fly-away or
  lost link is reported with no landing time.
- Filing notifies the regulators of the operator's prefecture: the report is an ``incident``
  event on their live stream (``GET /live/positions``) and is listed on their page.
- Drafts (from simulated faults) are confirmed (then filed) or dismissed with a reason by the
  operator, compare-and-set on the draft status.
- Tenancy: operator staff see their organisation's reports; regulators those of the
  prefectures in their jurisdiction; administrators all. Another tenant's report is a 404.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from kizuna.api.deps import AppState, Principal, State, require_write, roles
from kizuna.api.errors import ERROR_RESPONSES, document_responses
from kizuna.errors import InvalidInput, UnknownName
from kizuna.store import FleetRepository
from kizuna.store.accounts import AccountRole as R
from kizuna.store.incidents import IncidentStore, StoredIncident
from kizuna.utm.incident import EventKind, EventReport, Weather, reports_csv
from kizuna.utm.incident_html import report_html

__all__ = ["router"]

router = APIRouter(tags=["incidents"])
_STRICT = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True,
                     allow_inf_nan=False)
#: The printable report is self-contained (inline CSS): nothing else may load or run in it.
_PRINT_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                  "frame-ancestors 'self'; base-uri 'none'; form-action 'none'",
                  "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}
Reader = Annotated[Principal, Depends(roles(R.OPERATOR, R.REGULATOR, R.ADMIN))]
Operator = Annotated[Principal, Depends(roles(R.OPERATOR, R.ADMIN))]


class WeatherIn(BaseModel):
    """The weather at the time."""

    model_config = _STRICT
    wind_mps: float | None = Field(default=None, ge=0, le=100)
    conditions: str = Field(default="", max_length=500)


class IncidentIn(BaseModel):
    """An accident or serious incident as the operator reports it."""

    model_config = _STRICT
    kind: EventKind
    occurred_at: AwareDatetime
    lon: float = Field(ge=122.0, le=154.5)
    lat: float = Field(ge=20.0, le=46.0)
    place: str = Field(min_length=1, max_length=200)
    registration: str = Field(min_length=1, max_length=32)
    pilot_id: str = Field(min_length=1, max_length=64)
    permit_number: str | None = Field(default=None, max_length=80)
    weather: WeatherIn = WeatherIn()
    summary: str = Field(min_length=1, max_length=4000)
    damage: str = Field(default="", max_length=4000)
    injuries: str = Field(default="", max_length=4000)
    action_taken: str = Field(default="", max_length=4000)
    landing_time: AwareDatetime | None = None
    flight_id: str | None = Field(default=None, max_length=64)


class DismissIn(BaseModel):
    """Why a draft is not a reportable event."""

    model_config = _STRICT
    reason: str = Field(min_length=1, max_length=2000)


def _store(app: AppState) -> IncidentStore:
    return IncidentStore(app.sessions, app.now)


def _visible(caller: Principal, stored: StoredIncident) -> bool:
    if caller.is_admin:
        return True
    if caller.role is R.OPERATOR:
        return caller.organisation_id == stored.organisation_id
    if caller.role is R.REGULATOR:
        return stored.prefecture in caller.jurisdiction
    return False


def _report(app: AppState, caller: Principal, report_id: str) -> StoredIncident:
    try:
        stored = _store(app).get(report_id)
    except UnknownName:
        stored = None
    if stored is None or not _visible(caller, stored):
        raise HTTPException(404, f"no incident report {report_id}")
    return stored


def _own(app: AppState, caller: Principal, report_id: str) -> StoredIncident:
    stored = _report(app, caller, report_id)
    if not caller.may_write_org(stored.organisation_id):
        raise HTTPException(403, f"{caller.subject} may not change report {report_id}")
    return stored


@router.post("/orgs/{org_id}/incidents", status_code=201)
def file_incident(org_id: str, body: IncidentIn, app: State, caller: Operator
                  ) -> dict[str, Any]:
    """File a report: stored, and the regulators of the operator's prefecture notified."""
    prefecture = require_write(app, caller, org_id)
    with app.sessions() as s:
        repo = FleetRepository(s, org_id)
        aircraft = {a.registration: a for a in repo.aircraft()}
        pilots = {p.id: p for p in repo.pilots()}
    craft = aircraft.get(body.registration)
    if craft is None:
        raise InvalidInput(f"registration: {body.registration} is not an aircraft of {org_id}",
                           field="registration")
    pilot = pilots.get(body.pilot_id)
    if pilot is None:
        raise InvalidInput(f"pilot_id: {body.pilot_id} is not a pilot of {org_id}",
                           field="pilot_id")
    report = EventReport(
        body.kind, body.occurred_at, body.lon, body.lat, body.place, body.registration,
        pilot.name, body.summary, pilot.licence_number or "", body.permit_number,
        Weather(body.weather.wind_mps, body.weather.conditions), body.damage, body.injuries,
        body.action_taken, body.landing_time, body.flight_id)
    report.check_not_future(app.now())
    stored = _store(app).add(org_id, prefecture or "", report, model=craft.profile.name,
                             by=caller.subject)
    return stored.to_json()


@router.get("/incidents", response_model=None, responses={
    200: {"description": "the reports (JSON), or their CSV export with format=csv",
          "content": {"application/json": {"schema": {"type": "array",
                                                      "items": {"type": "object"}}},
                      "text/csv": {}}},
    **{code: {"description": spec["description"], "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
       for code, spec in ERROR_RESPONSES.items()}})
def list_incidents(app: State, caller: Reader,
                   status: Annotated[list[Literal["draft", "filed", "dismissed"]] | None,
                                     Query(max_length=3)] = None,
                   fmt: Annotated[Literal["json", "csv"], Query(alias="format")] = "json",
                   ) -> list[dict[str, Any]] | Response:
    """The reports the caller may see, newest first (``format=csv`` for the export)."""
    statuses = tuple(status or ())
    if caller.is_admin:
        found = _store(app).reports(statuses=statuses)
    elif caller.role is R.OPERATOR:
        found = _store(app).reports(organisation_id=caller.organisation_id or "",
                                    statuses=statuses)
    else:
        found = _store(app).reports(prefectures=caller.jurisdiction, statuses=statuses)
    docs = [r.to_json() for r in found]
    if fmt == "csv":
        return PlainTextResponse(reports_csv(docs), media_type="text/csv; charset=utf-8")
    return docs


@router.get("/incidents/{report_id}")
def get_incident(report_id: str, app: State, caller: Reader) -> dict[str, Any]:
    """One report."""
    return _report(app, caller, report_id).to_json()


@router.get("/incidents/{report_id}/report.html", response_class=HTMLResponse,
            responses=document_responses("the printable report (MLIT's order of items)",
                                         "text/html"))
def print_incident(report_id: str, app: State, caller: Reader) -> HTMLResponse:
    """The printable report, in MLIT's order of items (Japanese, with English)."""
    return HTMLResponse(report_html(_report(app, caller, report_id).to_json()),
                        headers=_PRINT_HEADERS)


@router.post("/incidents/{report_id}/confirm")
def confirm_incident(report_id: str, app: State, caller: Operator) -> dict[str, Any]:
    """Confirm a draft: it is filed, and the regulators notified."""
    _own(app, caller, report_id)
    return _store(app).confirm(report_id, caller.subject).to_json()


@router.post("/incidents/{report_id}/dismiss")
def dismiss_incident(report_id: str, body: DismissIn, app: State,
                     caller: Operator) -> dict[str, Any]:
    """Dismiss a draft, with the reason it is not a reportable event."""
    _own(app, caller, report_id)
    return _store(app).dismiss(report_id, caller.subject, body.reason).to_json()
