"""The operator's flight log records (飛行日誌): daily inspections, inspection and maintenance,
defects of a flight, and the whole log of the organisation's aircraft.

Operator staff of the organisation write; whoever may read the organisation (its staff, the
regulators of its prefecture, administrators) reads. A record for an aircraft the organisation
does not hold is refused with 422 naming ``registration``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from kizuna.api.deps import Caller, State, UserCaller, require_read, require_write
from kizuna.api.errors import document_responses
from kizuna.errors import InvalidInput
from kizuna.store import FleetRepository
from kizuna.store.flight_log import (
    JST,
    FlightLogQuery,
    flight_time_since_certification,
    read_flight_logs,
)
from kizuna.store.log_records import LogRecordStore
from kizuna.utm.flightlog import flight_log_json
from kizuna.utm.flightlog_html import flight_log_html
from kizuna.utm.records import (
    CHECK_RESULTS,
    CheckResult,
    DailyInspection,
    Defect,
    MaintenanceRecord,
    check_items,
    checklist,
)

__all__ = ["PRINT_HEADERS", "router"]

router = APIRouter(prefix="/orgs/{org_id}", tags=["flight log"])
_STRICT = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)
#: A printable document is self-contained (inline CSS): nothing else may load or run in it.
PRINT_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                 "frame-ancestors 'self'; base-uri 'none'; form-action 'none'",
                 "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}


class CheckResultIn(BaseModel):
    """The result of one check item."""

    model_config = _STRICT
    item: str = Field(min_length=1, max_length=40)
    result: Literal["pass", "fail"]


class DailyInspectionIn(BaseModel):
    """A daily inspection (日常点検記録)."""

    model_config = _STRICT
    registration: str = Field(min_length=1, max_length=32)
    date: date
    place: str = Field(min_length=1, max_length=200)
    inspector: str = Field(min_length=1, max_length=200)
    items: list[CheckResultIn] = Field(min_length=1, max_length=40)
    remarks: str = Field(default="", max_length=2000)
    flight_id: str | None = Field(default=None, max_length=64)


class MaintenanceIn(BaseModel):
    """An inspection and maintenance record (点検整備記録); the flight time since the last
    airframe certification is computed from the flight records, never entered."""

    model_config = _STRICT
    registration: str = Field(min_length=1, max_length=32)
    date: date
    place: str = Field(min_length=1, max_length=200)
    performer: str = Field(min_length=1, max_length=200)
    work: str = Field(min_length=1, max_length=2000)
    parts_replaced: list[str] = Field(default_factory=list, max_length=50)
    reason: str = Field(min_length=1, max_length=2000)
    remarks: str = Field(default="", max_length=2000)


class DefectIn(BaseModel):
    """A defect of a flight and, once fixed, its fix and who confirmed it."""

    model_config = _STRICT
    found_on: date
    content: str = Field(min_length=1, max_length=2000)
    fixed_on: date | None = None
    fix: str = Field(default="", max_length=2000)
    confirmed_by: str = Field(default="", max_length=200)


def _kind(app: Any, org_id: str, registration: str) -> str:
    """The aircraft kind of one of the organisation's aircraft (422 naming the field)."""
    with app.sessions() as s:
        for a in FleetRepository(s, org_id).aircraft():
            if a.registration == registration:
                return str(a.profile.kind)
    raise InvalidInput(f"registration: {registration} is not an aircraft of {org_id}",
                       field="registration")


def _not_after_today(app: Any, day: date, name: str) -> None:
    if day > app.now().astimezone(JST).date():
        raise InvalidInput(f"{name}: {day} is in the future", field=name)


@router.get("/records/checklist")
def get_checklist(org_id: str, app: State, caller: Caller,
                  kind: Literal["multirotor", "fixed_wing"] = "multirotor",
                  registration: Annotated[str | None, Query(max_length=32)] = None
                  ) -> dict[str, Any]:
    """The configured daily inspection items for an aircraft kind (MLIT's standard list), or
    for the kind of one of the organisation's aircraft."""
    require_read(app, caller, org_id)
    if registration is not None:
        kind = _kind(app, org_id, registration)  # type: ignore[assignment]  # a profile kind
    return {"kind": kind, "results": list(CHECK_RESULTS),
            "items": [{"id": i.id, "ja": i.ja, "en": i.en, "check_ja": i.check_ja,
                       "check_en": i.check_en} for i in checklist(kind)]}


@router.post("/daily-inspections", status_code=201)
def add_daily_inspection(org_id: str, body: DailyInspectionIn, app: State,
                         caller: UserCaller) -> dict[str, Any]:
    """Record a daily inspection of one of the organisation's aircraft; every configured item
    needs a result (an unknown item is refused, naming ``items.<k>.item``)."""
    require_write(app, caller, org_id)
    kind = _kind(app, org_id, body.registration)
    _not_after_today(app, body.date, "date")
    items = check_items([CheckResult(i.item, i.result) for i in body.items], kind)
    inspection = DailyInspection(body.registration, body.date, body.place, body.inspector,
                                 items, body.remarks, body.flight_id)
    new_id = LogRecordStore(app.sessions, app.now).add_inspection(org_id, inspection)
    return {"id": new_id, "registration": inspection.registration,
            "date": inspection.date.isoformat(), "place": inspection.place,
            "inspector": inspection.inspector, "passed": inspection.passed,
            "items": [{"item": r.item, "result": r.result} for r in inspection.items],
            "remarks": inspection.remarks, "flight_id": inspection.flight_id}


@router.post("/maintenance", status_code=201)
def add_maintenance(org_id: str, body: MaintenanceIn, app: State,
                    caller: UserCaller) -> dict[str, Any]:
    """Record an inspection or maintenance of one of the organisation's aircraft."""
    require_write(app, caller, org_id)
    _kind(app, org_id, body.registration)
    _not_after_today(app, body.date, "date")
    record = MaintenanceRecord(body.registration, body.date, body.place, body.performer,
                               body.work, body.reason, tuple(body.parts_replaced), body.remarks)
    new_id = LogRecordStore(app.sessions, app.now).add_maintenance(org_id, record)
    flown = flight_time_since_certification(app.engine, body.registration, body.date)
    return {"id": new_id, "registration": record.registration, "date": record.date.isoformat(),
            "place": record.place, "performer": record.performer, "work": record.work,
            "parts_replaced": list(record.parts_replaced), "reason": record.reason,
            "flight_time_since_certification_s": round(flown), "remarks": record.remarks}


@router.post("/flights/{flight_id}/defects", status_code=201)
def add_defect(org_id: str, flight_id: str, body: DefectIn, app: State,
               caller: UserCaller) -> dict[str, Any]:
    """Record a defect of one of the organisation's flights (and its fix, once done)."""
    require_write(app, caller, org_id)
    _not_after_today(app, body.found_on, "found_on")
    defect = Defect(body.found_on, body.content, body.fixed_on, body.fix, body.confirmed_by)
    LogRecordStore(app.sessions, app.now).add_defect(org_id, flight_id, defect)
    return {"flight_id": flight_id, "found_on": defect.found_on.isoformat(),
            "content": defect.content,
            "fixed_on": defect.fixed_on.isoformat() if defect.fixed_on else None,
            "fix": defect.fix, "confirmed_by": defect.confirmed_by}


def _logs(app: Any, org_id: str, date_from: date | None, date_to: date | None,
          japanese: bool) -> list[Any]:
    if date_from is not None and date_to is not None and date_from > date_to:
        raise InvalidInput("from is after to", field="from")
    start = datetime.combine(date_from, time(0), JST) if date_from else None
    end = datetime.combine(date_to + timedelta(days=1), time(0), JST) if date_to else None
    return read_flight_logs(app.engine, FlightLogQuery(org_id, start, end, japanese))


@router.get("/flight-log.html", response_class=HTMLResponse, responses=document_responses(
    "the printable flight log (MLIT's template, self-contained)", "text/html"))
def flight_log_print(org_id: str, app: State, caller: Caller,
                     date_from: Annotated[date | None, Query(alias="from")] = None,
                     date_to: Annotated[date | None, Query(alias="to")] = None
                     ) -> HTMLResponse:
    """The printable flight log (MLIT's template), as ``kizuna utm log --format html``."""
    require_read(app, caller, org_id)
    logs = _logs(app, org_id, date_from, date_to, True)
    return HTMLResponse(flight_log_html(logs, title=org_id), headers=PRINT_HEADERS)


@router.get("/flight-log")
def flight_log(org_id: str, app: State, caller: Caller,
               date_from: Annotated[date | None, Query(alias="from")] = None,
               date_to: Annotated[date | None, Query(alias="to")] = None,
               lang: Literal["ja", "en"] = "ja") -> dict[str, Any]:
    """The flight log of the organisation's aircraft that flew in the range (Japan days),
    the same document as ``kizuna utm log --format json``."""
    require_read(app, caller, org_id)
    logs = _logs(app, org_id, date_from, date_to, lang == "ja")
    return {"operator": org_id, "from": date_from and date_from.isoformat(),
            "to": date_to and date_to.isoformat(), "timezone": "+09:00",
            "aircraft": [flight_log_json(log, lang) for log in logs]}


class PreflightItemIn(BaseModel):
    """The pilot's confirmation of one pre-flight item."""

    model_config = _STRICT
    item: str = Field(min_length=1, max_length=40)
    confirmed: bool


class PreflightIn(BaseModel):
    """The pilot's pre-flight check: the wind measured at the site (null: not measured, and
    the weather item fails) and a confirmation per item."""

    model_config = _STRICT
    wind_mps: float | None = Field(ge=0, le=100, allow_inf_nan=False)
    items: list[PreflightItemIn] = Field(min_length=1, max_length=10)


def _order(app: Any, org_id: str, order_id: str) -> Any:
    from kizuna.errors import UnknownName
    from kizuna.store.orders import OrderStore

    try:
        stored = OrderStore(app.sessions, app.now).get(order_id)
    except UnknownName:
        stored = None
    if stored is None or stored.organisation_id != org_id:
        raise HTTPException(404, f"no order {order_id} of {org_id}")
    return stored


def _check_json(check: Any, wind_limit: float | None = None) -> dict[str, Any]:
    from kizuna.dispatch.preflight import ITEM_WORDS, missing_items

    out: dict[str, Any] = {
        "flight_id": check.flight_id, "registration": check.registration,
        "wind_mps": check.wind_mps, "confirmed_by": check.confirmed_by,
        "passed": check.passed,
        "missing": list(missing_items(check, check.flight_id, check.registration)),
        "items": [{"item": i.item, "passed": i.passed, "detail": i.detail,
                   "detail_ja": i.detail_ja, "ja": ITEM_WORDS[i.item][0],
                   "en": ITEM_WORDS[i.item][1]} for i in check.items]}
    if wind_limit is not None:
        out["wind_limit_mps"] = wind_limit
    return out


@router.get("/orders/{order_id}/preflight")
def get_preflight(org_id: str, order_id: str, app: State, caller: UserCaller
                  ) -> dict[str, Any]:
    """The pre-flight checklist of the order's planned flight as Kizuna fills it (the wind
    still to be measured), and the last confirmed check."""
    from kizuna.api import preflight
    from kizuna.dispatch.preflight import ITEM_WORDS, prefill

    require_write(app, caller, org_id)
    stored = _order(app, org_id, order_id)
    known = preflight.known_conditions(app, stored)
    last = preflight.latest(app, stored)
    return {"order_id": order_id, "wind_limit_mps": known.wind_limit_mps,
            "items": [{"item": i.item, "found_ok": i.passed, "detail": i.detail,
                       "detail_ja": i.detail_ja, "ja": ITEM_WORDS[i.item][0],
                       "en": ITEM_WORDS[i.item][1]} for i in prefill(known, None)],
            "latest": None if last is None else _check_json(last)}


@router.post("/orders/{order_id}/preflight", status_code=201)
def confirm_preflight(org_id: str, order_id: str, body: PreflightIn, app: State,
                      caller: UserCaller) -> dict[str, Any]:
    """Record the pilot's pre-flight check; it passes when every item is confirmed and
    Kizuna finds nothing against it (``missing`` names the items that do not pass)."""
    from kizuna.api import preflight
    from kizuna.dispatch.preflight import PREFLIGHT_ITEMS

    require_write(app, caller, org_id)
    for k, i in enumerate(body.items):
        if i.item not in PREFLIGHT_ITEMS:
            raise InvalidInput(f"items[{k}].item: {i.item!r} is not a pre-flight item (known: "
                               f"{', '.join(PREFLIGHT_ITEMS)})", field=f"items.{k}.item")
    stored = _order(app, org_id, order_id)
    check, check_id = preflight.record(app, stored, body.wind_mps,
                                       {i.item: i.confirmed for i in body.items},
                                       caller.subject)
    return {"id": check_id, **_check_json(check)}
