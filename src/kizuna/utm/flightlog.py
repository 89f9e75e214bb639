"""The flight log (飛行日誌) per aircraft: flight records, daily inspections, maintenance.

Pure builders and serialisers; the CLI writes the files. The fields follow MLIT's three legal
forms (飛行記録, 日常点検記録, 点検整備記録); ``LEGAL_LABELS`` gives each field's Japanese label,
used as the CSV header with ``labels="ja"``.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from pyproj import Geod

from kizuna.errors import InvalidInput
from kizuna.utm.conformance import ConformanceAlert, ConformanceEvent, PositionReport
from kizuna.utm.volume import check_aware

__all__ = ["LEGAL_LABELS", "DailyInspection", "FlightLog", "FlightRecord", "MaintenanceRecord",
           "dumps", "flight_log_csv", "flight_log_json", "flight_record_from_track",
           "flights_csv", "track_distance_m"]

_GEOD = Geod(ellps="WGS84")

#: field -> label on MLIT's forms.
LEGAL_LABELS: dict[str, str] = {
    "registration": "登録記号", "date": "飛行年月日", "pilot": "飛行させた者の氏名",
    "purpose": "飛行概要", "takeoff_place": "離陸場所", "takeoff_time": "離陸時刻",
    "landing_place": "着陸場所", "landing_time": "着陸時刻", "flight_time_s": "飛行時間(秒)",
    "total_flight_time_s": "総飛行時間(秒)", "distance_m": "飛行距離(m)",
    "anomalies": "飛行の安全に影響のあった事項", "defects": "不具合及びその対応",
    "intent_id": "運航計画ID", "inspection_date": "点検日", "place": "実施場所",
    "inspector": "実施者", "results": "点検結果", "notes": "特記事項",
    "content": "点検・修理・改造・整備の内容", "reason": "実施理由",
}


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
    defects: str = ""
    intent_id: str = ""

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

    @property
    def flight_time_s(self) -> float:
        """Airborne time in seconds."""
        return (self.landing_time - self.takeoff_time).total_seconds()


@dataclass(frozen=True)
class DailyInspection:
    """A daily inspection before flight (日常点検記録); ``results`` item -> passed."""

    registration: str
    inspection_date: date
    place: str
    inspector: str
    results: Mapping[str, bool]
    notes: str = ""

    @property
    def passed(self) -> bool:
        """Every item passed."""
        return all(self.results.values())


@dataclass(frozen=True)
class MaintenanceRecord:
    """An inspection, repair, modification or maintenance (点検整備記録)."""

    registration: str
    date: date
    total_flight_time_s: float
    inspector: str
    content: str
    reason: str
    place: str
    notes: str = ""


@dataclass(frozen=True)
class FlightLog:
    """The log of one aircraft.

    ``prior_flight_time_s`` is the airborne time flown before the first flight listed (an
    extract of a longer log), so the running total (総飛行時間) stays the aircraft's own.
    """

    registration: str
    flights: tuple[FlightRecord, ...] = ()
    inspections: tuple[DailyInspection, ...] = ()
    maintenance: tuple[MaintenanceRecord, ...] = field(default=())
    prior_flight_time_s: float = 0.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.prior_flight_time_s) and self.prior_flight_time_s >= 0):
            raise InvalidInput("prior_flight_time_s must be a non-negative number",
                               field="prior_flight_time_s")
        regs = [r.registration for r in self.flights] + [
            r.registration for r in self.inspections] + [r.registration for r in self.maintenance]
        for reg in regs:
            if reg != self.registration:
                raise InvalidInput(f"record for {reg!r} in the log of "
                                   f"{self.registration!r}", field="registration")
        object.__setattr__(self, "flights",
                           tuple(sorted(self.flights, key=lambda f: f.takeoff_time)))

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
    defects: str = "", intent_id: str = "",
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


def _flight_rows(log: FlightLog) -> list[dict[str, Any]]:
    rows = []
    for k, f in enumerate(log.flights):
        rows.append({
            "registration": f.registration, "date": f.takeoff_time.date().isoformat(),
            "pilot": f.pilot, "purpose": f.purpose, "takeoff_place": f.takeoff_place,
            "takeoff_time": f.takeoff_time.isoformat(timespec="seconds"),
            "landing_place": f.landing_place,
            "landing_time": f.landing_time.isoformat(timespec="seconds"),
            "flight_time_s": round(f.flight_time_s),
            "total_flight_time_s": round(log.total_flight_time_s(k + 1)),
            "distance_m": round(f.distance_m, 1), "anomalies": list(f.anomalies),
            "defects": f.defects, "intent_id": f.intent_id})
    return rows


def _inspection_rows(log: FlightLog) -> list[dict[str, Any]]:
    return [{"registration": i.registration, "inspection_date": i.inspection_date.isoformat(),
             "place": i.place, "inspector": i.inspector,
             "results": {k: ("OK" if v else "NG") for k, v in i.results.items()},
             "notes": i.notes} for i in log.inspections]


def _maintenance_rows(log: FlightLog) -> list[dict[str, Any]]:
    return [{"registration": m.registration, "date": m.date.isoformat(),
             "total_flight_time_s": round(m.total_flight_time_s), "inspector": m.inspector,
             "content": m.content, "reason": m.reason, "place": m.place, "notes": m.notes}
            for m in log.maintenance]


def flight_log_json(log: FlightLog) -> dict[str, Any]:
    """The whole log as one JSON-ready document (routes included)."""
    flights = _flight_rows(log)
    for row, f in zip(flights, log.flights, strict=True):
        row["route"] = [list(p) for p in f.route]
    return {"registration": log.registration, "flights": flights,
            "daily_inspections": _inspection_rows(log), "maintenance": _maintenance_rows(log)}


def _csv(rows: list[dict[str, Any]], fields: list[str], labels: Literal["en", "ja"]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([LEGAL_LABELS.get(f, f) if labels == "ja" else f for f in fields])
    for row in rows:
        cells = []
        for f in fields:
            v = row[f]
            if isinstance(v, list):
                v = " / ".join(v)
            elif isinstance(v, dict):
                v = "; ".join(f"{k}={x}" for k, x in v.items())
            cells.append(v)
        writer.writerow(cells)
    return out.getvalue()


_FLIGHT_FIELDS = ["registration", "date", "pilot", "purpose", "takeoff_place", "takeoff_time",
                  "landing_place", "landing_time", "flight_time_s", "total_flight_time_s",
                  "distance_m", "anomalies", "defects", "intent_id"]
_INSPECTION_FIELDS = ["registration", "inspection_date", "place", "inspector", "results", "notes"]
_MAINTENANCE_FIELDS = ["registration", "date", "total_flight_time_s", "inspector", "content",
                       "reason", "place", "notes"]


def flight_log_csv(log: FlightLog, labels: Literal["en", "ja"] = "en") -> dict[str, str]:
    """Three CSV texts, one per legal form: flights, daily inspections, maintenance."""
    return {
        "flights.csv": _csv(_flight_rows(log), _FLIGHT_FIELDS, labels),
        "daily_inspections.csv": _csv(_inspection_rows(log), _INSPECTION_FIELDS, labels),
        "maintenance.csv": _csv(_maintenance_rows(log), _MAINTENANCE_FIELDS, labels),
    }


def flights_csv(logs: Iterable[FlightLog], labels: Literal["en", "ja"] = "en") -> str:
    """The flight records (飛行記録) of several aircraft as one CSV, header once, log by log."""
    rows = [row for log in logs for row in _flight_rows(log)]
    return _csv(rows, _FLIGHT_FIELDS, labels)


def dumps(log: FlightLog) -> str:
    """The JSON document as text."""
    return json.dumps(flight_log_json(log), ensure_ascii=False, indent=2)
