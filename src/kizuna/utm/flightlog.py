"""The flight log (飛行日誌) per aircraft: header, flight records, daily inspections, maintenance.

Pure builders and serialisers; the CLI writes the files. The fields follow MLIT's legal forms
(共通ヘッダ, 飛行記録, 日常点検記録, 点検整備記録; DOMAIN.md section 2); ``LEGAL_LABELS`` gives
each field's Japanese label, used as the CSV header with ``labels="ja"``.

- A flight's *restricted items* are the reason codes of its classification that name a
  specific-flight condition (``A-DID``, ``M-BVLOS``, ``M-30M``...), put in words by the rule
  each comes from (:func:`kizuna.rules.reasons.rule`).
- Its *route* is the telemetry flown (``route_source`` ``telemetry``), or the planned route
  where no telemetry was received (``planned``).
- Its *defects* are :class:`kizuna.utm.records.Defect` values, never an outcome string.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pyproj import Geod

from kizuna.errors import InvalidInput
from kizuna.rules.facts import FACT_CODES
from kizuna.rules.reasons import rule
from kizuna.utm.conformance import ConformanceAlert, ConformanceEvent, PositionReport
from kizuna.utm.records import AircraftHeader, DailyInspection, Defect, MaintenanceRecord
from kizuna.utm.volume import check_aware

__all__ = ["CSV_FILES", "LEGAL_LABELS", "RESTRICTED_CODES", "FlightLog", "FlightRecord",
           "dumps", "flight_log_csv", "flight_log_json", "flight_record_from_track",
           "flights_csv", "header_json", "logs_csv", "restricted_items", "track_distance_m"]

_GEOD = Geod(ellps="WGS84")
#: The reason codes that name a restricted airspace or flight method, in the law's order.
RESTRICTED_CODES: tuple[str, ...] = tuple(FACT_CODES.values())

#: field -> label on MLIT's forms.
LEGAL_LABELS: dict[str, str] = {
    "registration": "登録記号", "kind": "種類", "model": "型式",
    "type_certificate_number": "型式認証書番号", "type_certificate_expiry": "型式認証有効期限",
    "certificate_class": "機体認証の区分", "airframe_certificate_number": "機体認証書番号",
    "certificate_expiry": "機体認証有効期限", "manufacturer": "製造者",
    "serial_number": "製造番号",
    "date": "飛行年月日", "pilot": "飛行させた者の氏名", "pilot_licence_number": "技能証明書番号",
    "purpose": "飛行概要", "restricted_items": "特定飛行の該当性(空域・方法)",
    "takeoff_place": "離陸場所", "takeoff_time": "離陸時刻",
    "landing_place": "着陸場所", "landing_time": "着陸時刻", "flight_time_s": "飛行時間(秒)",
    "total_flight_time_s": "総飛行時間(秒)", "distance_m": "飛行距離(m)",
    "route_source": "経路の出典", "anomalies": "飛行の安全に影響のあった事項",
    "defects": "不具合及びその対応", "intent_id": "運航計画ID", "flight_id": "飛行ID",
    "place": "実施場所", "inspector": "実施者", "items": "点検結果", "remarks": "備考",
    "performer": "実施者", "work": "点検・修理・改造・整備の内容",
    "parts_replaced": "交換部品", "reason": "実施理由",
    "flight_time_since_certification_s": "前回機体認証からの総飛行時間(秒)",
}


def restricted_items(codes: Iterable[str]) -> tuple[str, ...]:
    """The specific-flight codes among a classification's reason codes, in the law's order."""
    held = set(codes)
    return tuple(c for c in RESTRICTED_CODES if c in held)


@dataclass(frozen=True)
class FlightRecord:
    """One flight (飛行記録)."""

    registration: str
    pilot: str
    purpose: str
    takeoff_place: str
    takeoff_time: datetime
    landing_place: str
    landing_time: datetime
    distance_m: float
    route: tuple[tuple[float, float, float], ...] = ()
    anomalies: tuple[str, ...] = ()
    defects: tuple[Defect, ...] = ()
    intent_id: str = ""
    pilot_licence_number: str = ""
    restricted_items: tuple[str, ...] = ()
    route_source: Literal["telemetry", "planned"] = "telemetry"
    flight_id: str = ""

    def __post_init__(self) -> None:
        check_aware(self.takeoff_time, "takeoff_time")
        check_aware(self.landing_time, "landing_time")
        if self.landing_time < self.takeoff_time:
            raise InvalidInput("landing_time is before takeoff_time", field="landing_time")
        if not (math.isfinite(self.distance_m) and self.distance_m >= 0):
            raise InvalidInput("distance_m must be a non-negative number", field="distance_m")
        if not self.registration or not self.pilot:
            raise InvalidInput("a flight record needs the registration and the pilot",
                               field="registration")
        unknown = [c for c in self.restricted_items if c not in RESTRICTED_CODES]
        if unknown:
            raise InvalidInput(f"restricted_items: {unknown[0]!r} is not a specific-flight code",
                               field="restricted_items")

    @property
    def flight_time_s(self) -> float:
        """Airborne time in seconds."""
        return (self.landing_time - self.takeoff_time).total_seconds()


@dataclass(frozen=True)
class FlightLog:
    """The log of one aircraft.

    ``prior_flight_time_s`` is the airborne time flown before the first flight listed (an
    extract of a longer log), so the running total (総飛行時間) stays the aircraft's own.
    """

    registration: str
    flights: tuple[FlightRecord, ...] = ()
    daily_inspections: tuple[DailyInspection, ...] = ()
    maintenance: tuple[MaintenanceRecord, ...] = field(default=())
    prior_flight_time_s: float = 0.0
    header: AircraftHeader | None = None

    def __post_init__(self) -> None:
        if not (math.isfinite(self.prior_flight_time_s) and self.prior_flight_time_s >= 0):
            raise InvalidInput("prior_flight_time_s must be a non-negative number",
                               field="prior_flight_time_s")
        regs = [r.registration for r in self.flights] + [
            r.registration for r in self.daily_inspections] + [
            r.registration for r in self.maintenance]
        if self.header is not None:
            regs.append(self.header.registration)
        for reg in regs:
            if reg != self.registration:
                raise InvalidInput(f"record for {reg!r} in the log of "
                                   f"{self.registration!r}", field="registration")
        object.__setattr__(self, "flights",
                           tuple(sorted(self.flights, key=lambda f: f.takeoff_time)))
        object.__setattr__(self, "daily_inspections", tuple(sorted(
            self.daily_inspections, key=lambda i: (i.date, i.flight_id or ""))))
        object.__setattr__(self, "maintenance",
                           tuple(sorted(self.maintenance, key=lambda m: m.date)))

    def total_flight_time_s(self, upto: int | None = None) -> float:
        """Total airborne time after the first ``upto`` flights listed (all by default)."""
        return self.prior_flight_time_s + sum(f.flight_time_s for f in self.flights[:upto])


def track_distance_m(points: Sequence[tuple[float, float, float]]) -> float:
    """Length of a flown track: geodesic on the ellipsoid, combined with climb and descent."""
    total = 0.0
    for (lon0, lat0, z0), (lon1, lat1, z1) in itertools.pairwise(points):
        _, _, ground = _GEOD.inv(lon0, lat0, lon1, lat1)
        total += math.hypot(ground, z1 - z0)
    return total


def flight_record_from_track(
    reports: Sequence[PositionReport], *, registration: str, pilot: str, purpose: str,
    takeoff_place: str, landing_place: str, events: Iterable[ConformanceEvent] = (),
    defects: tuple[Defect, ...] = (), intent_id: str = "",
) -> FlightRecord:
    """A flight record from the telemetry flown and the conformance events raised."""
    if len(reports) < 2:
        raise InvalidInput("a flight record needs at least two position reports", field="reports")
    ordered = sorted(reports, key=lambda r: r.time)
    route = tuple((r.lon, r.lat, r.alt_m) for r in ordered)
    anomalies = tuple(f"{e.time.isoformat()} {e.code}: {e.message}" for e in events
                      if isinstance(e, ConformanceAlert))
    return FlightRecord(registration, pilot, purpose, takeoff_place, ordered[0].time,
                        landing_place, ordered[-1].time, track_distance_m(route), route,
                        anomalies, defects, intent_id)



Language = Literal["en", "ja"]


def _day(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())


def _defect_json(d: Defect) -> dict[str, Any]:
    return {"found_on": d.found_on.isoformat(), "content": d.content,
            "fixed_on": _day(d.fixed_on), "fix": d.fix, "confirmed_by": d.confirmed_by}


def _defect_text(d: dict[str, Any]) -> str:
    fix = (f" -> {d['fixed_on']} {d['fix']} (confirmed by {d['confirmed_by']})"
           if d["fixed_on"] is not None else " -> open")
    return f"{d['found_on']} {d['content']}{fix}"


def header_json(log: FlightLog) -> dict[str, Any] | None:
    """The common header as a JSON-ready dict (None when the aircraft is not registered)."""
    h = log.header
    if h is None:
        return None
    return {"registration": h.registration, "kind": h.kind, "model": h.model,
            "type_certificate_number": h.type_certificate_number,
            "type_certificate_expiry": _day(h.type_certificate_expiry),
            "certificate_class": h.certificate_class,
            "airframe_certificate_number": h.airframe_certificate_number,
            "certificate_expiry": _day(h.certificate_expiry),
            "manufacturer": h.manufacturer, "serial_number": h.serial_number}


def _flight_rows(log: FlightLog, lang: Language = "en") -> list[dict[str, Any]]:
    rows = []
    for k, f in enumerate(log.flights):
        rows.append({
            "registration": f.registration, "flight_id": f.flight_id,
            "date": f.takeoff_time.date().isoformat(),
            "pilot": f.pilot, "pilot_licence_number": f.pilot_licence_number,
            "purpose": f.purpose,
            "restricted_items": [{"code": c, "text": rule(c, lang)} for c in f.restricted_items],
            "takeoff_place": f.takeoff_place,
            "takeoff_time": f.takeoff_time.isoformat(timespec="seconds"),
            "landing_place": f.landing_place,
            "landing_time": f.landing_time.isoformat(timespec="seconds"),
            "flight_time_s": round(f.flight_time_s),
            "total_flight_time_s": round(log.total_flight_time_s(k + 1)),
            "distance_m": round(f.distance_m, 1), "route_source": f.route_source,
            "anomalies": list(f.anomalies),
            "defects": [_defect_json(d) for d in f.defects], "intent_id": f.intent_id})
    return rows


def _inspection_rows(log: FlightLog) -> list[dict[str, Any]]:
    return [{"registration": i.registration, "date": i.date.isoformat(), "place": i.place,
             "inspector": i.inspector,
             "items": [{"item": r.item, "result": r.result} for r in i.items],
             "remarks": i.remarks, "flight_id": i.flight_id} for i in log.daily_inspections]


def _maintenance_rows(log: FlightLog) -> list[dict[str, Any]]:
    return [{"registration": m.registration, "date": m.date.isoformat(), "place": m.place,
             "performer": m.performer, "work": m.work, "parts_replaced": list(m.parts_replaced),
             "reason": m.reason,
             "flight_time_since_certification_s": round(m.flight_time_since_certification_s),
             "remarks": m.remarks} for m in log.maintenance]


def flight_log_json(log: FlightLog, lang: Language = "en") -> dict[str, Any]:
    """The whole log as one JSON-ready document (routes included); ``lang`` words the
    restricted items."""
    flights = _flight_rows(log, lang)
    for row, f in zip(flights, log.flights, strict=True):
        row["route"] = [list(p) for p in f.route]
    return {"registration": log.registration, "header": header_json(log), "flights": flights,
            "daily_inspections": _inspection_rows(log), "maintenance": _maintenance_rows(log)}


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        parts = []
        for v in value:
            if isinstance(v, dict) and "code" in v:
                parts.append(str(v["code"]))
            elif isinstance(v, dict) and "item" in v:
                parts.append(f"{v['item']}={v['result']}")
            elif isinstance(v, dict) and "found_on" in v:
                parts.append(_defect_text(v))
            else:
                parts.append(str(v))
        return " / ".join(parts)
    return "" if value is None else value


def _csv(rows: list[dict[str, Any]], fields: list[str], labels: Language) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([LEGAL_LABELS.get(f, f) if labels == "ja" else f for f in fields])
    for row in rows:
        writer.writerow([_cell(row[f]) for f in fields])
    return out.getvalue()


_HEADER_FIELDS = ["registration", "kind", "model", "type_certificate_number",
                  "type_certificate_expiry", "certificate_class", "airframe_certificate_number",
                  "certificate_expiry", "manufacturer", "serial_number"]
_FLIGHT_FIELDS = ["registration", "date", "pilot", "purpose", "takeoff_place", "takeoff_time",
                  "landing_place", "landing_time", "flight_time_s", "total_flight_time_s",
                  "distance_m", "anomalies", "defects", "intent_id", "flight_id",
                  "pilot_licence_number", "restricted_items", "route_source"]
_INSPECTION_FIELDS = ["registration", "date", "place", "inspector", "items", "remarks",
                      "flight_id"]
_MAINTENANCE_FIELDS = ["registration", "date", "place", "performer", "work", "parts_replaced",
                       "reason", "flight_time_since_certification_s", "remarks"]
#: The CSV files of a log, one per record kind: name -> fields.
CSV_FILES: dict[str, list[str]] = {"aircraft": _HEADER_FIELDS, "flights": _FLIGHT_FIELDS,
                                   "daily_inspections": _INSPECTION_FIELDS,
                                   "maintenance": _MAINTENANCE_FIELDS}


def logs_csv(logs: Iterable[FlightLog], labels: Language = "en") -> dict[str, str]:
    """The logs of several aircraft as one CSV text per record kind (``CSV_FILES``), header
    once, log by log."""
    logs = list(logs)
    rows: dict[str, list[dict[str, Any]]] = {
        "aircraft": [h for log in logs if (h := header_json(log)) is not None],
        "flights": [r for log in logs for r in _flight_rows(log, labels)],
        "daily_inspections": [r for log in logs for r in _inspection_rows(log)],
        "maintenance": [r for log in logs for r in _maintenance_rows(log)]}
    return {name: _csv(rows[name], fields, labels) for name, fields in CSV_FILES.items()}


def flight_log_csv(log: FlightLog, labels: Language = "en") -> dict[str, str]:
    """One aircraft's log as CSV texts, one per record kind: ``<kind>.csv``."""
    return {f"{name}.csv": text for name, text in logs_csv([log], labels).items()}


def flights_csv(logs: Iterable[FlightLog], labels: Language = "en") -> str:
    """The flight records (飛行記録) of several aircraft as one CSV, header once, log by log."""
    return logs_csv(logs, labels)["flights"]


def dumps(log: FlightLog) -> str:
    """The JSON document as text."""
    return json.dumps(flight_log_json(log), ensure_ascii=False, indent=2)
