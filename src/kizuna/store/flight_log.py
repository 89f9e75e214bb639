"""The flight log (飛行日誌) read from the database: one :class:`kizuna.utm.flightlog.FlightLog`
per aircraft, from the flights flown for orders, their telemetry and conformance alerts.

- A flight is a ``delivery_flights`` row that has landed; take-off and landing are its recorded
  times, both at the order's base (delivery flights are out and back).
- Route and distance come from the intent's stored telemetry (geodesic 3D length); a flight
  without two reports (simulated traffic) has its planned route (its log entry's, or the
  order's planned flight) and its planned length (``route_source`` says which).
- Restricted items are the specific-flight codes of the flight's classification (its log
  entry, or the order's planned flight's reasons); defects come from its log entry.
- Anomalies are the intent's conformance alerts.
- The running total flight time counts the aircraft's earlier flights, before the range.
- The header comes from the registered aircraft; the pilot's licence number from the pilot.
- Daily inspections and maintenance records dated in the range are included. A maintenance
  record's flight time since the last airframe certification counts the aircraft's landed
  flights from the certificate's issue day (00:00 Japan time; since the first flight when
  unknown) to the end of the maintenance day.

Times are given in Japan Standard Time (UTC+09:00, no daylight saving), so the date of a
flight is its Japanese calendar date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from kizuna.store.log_records import FlightLogEntryRow, LogRecordStore, defect_from_json
from kizuna.store.orders import DeliveryFlightRow, DropSpotRow, OrderRow
from kizuna.store.tables import AircraftProfileRow, AircraftRow, BaseRow, PilotRow
from kizuna.store.telemetry import ConformanceEventRow, TelemetryRow
from kizuna.utm.flightlog import FlightLog, FlightRecord, restricted_items, track_distance_m
from kizuna.utm.records import AircraftHeader, flight_time_since

__all__ = ["JST", "FlightLogQuery", "flight_time_since_certification", "read_flight_logs"]

#: Japan Standard Time.
JST = timezone(timedelta(hours=9), "JST")
_CHUNK = 500  # ids per IN (...) list


@dataclass(frozen=True)
class FlightLogQuery:
    """Which flights: an operator (all when None) and take-offs in ``[start, end)`` (open ends
    when None); ``japanese`` names places in Japanese where they have a Japanese name."""

    operator: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    japanese: bool = False


def _utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; Kizuna stores them in UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _chunks(ids: Sequence[str]) -> list[list[str]]:
    return [list(ids[i:i + _CHUNK]) for i in range(0, len(ids), _CHUNK)]


def read_flight_logs(engine: Engine, query: FlightLogQuery) -> list[FlightLog]:
    """The flight logs of every aircraft that flew in the query's range, by registration."""
    q = select(DeliveryFlightRow).where(DeliveryFlightRow.landing.is_not(None))
    if query.operator is not None:
        q = q.where(DeliveryFlightRow.organisation_id == query.operator)
    if query.start is not None:
        q = q.where(DeliveryFlightRow.departure >= query.start.astimezone(UTC))
    if query.end is not None:
        q = q.where(DeliveryFlightRow.departure < query.end.astimezone(UTC))
    with engine.connect() as conn:
        flights = list(conn.execute(q.order_by(DeliveryFlightRow.departure,
                                               DeliveryFlightRow.id)))
        if not flights:
            return []
        regs = sorted({f.registration for f in flights})
        prior: dict[str, float] = defaultdict(float)
        if query.start is not None:
            for reg_chunk in _chunks(regs):
                for reg, dep, land in conn.execute(select(
                        DeliveryFlightRow.registration, DeliveryFlightRow.departure,
                        DeliveryFlightRow.landing).where(
                        DeliveryFlightRow.registration.in_(reg_chunk),
                        DeliveryFlightRow.landing.is_not(None),
                        DeliveryFlightRow.departure < query.start.astimezone(UTC))):
                    if land is not None:  # the query excludes None; mypy cannot see it
                        prior[reg] += max(0.0, (_utc(land) - _utc(dep)).total_seconds())
        orgs = sorted({f.organisation_id for f in flights})
        pilots = {(p.organisation_id, p.id): (p.name, p.licence_number or "")
                  for p in conn.execute(select(
                      PilotRow.organisation_id, PilotRow.id, PilotRow.name,
                      PilotRow.licence_number).where(PilotRow.organisation_id.in_(orgs)))}
        headers = _headers(conn, regs)
        history: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
        for reg_chunk in _chunks(regs):
            for reg, dep, land in conn.execute(select(
                    DeliveryFlightRow.registration, DeliveryFlightRow.departure,
                    DeliveryFlightRow.landing).where(
                    DeliveryFlightRow.registration.in_(reg_chunk),
                    DeliveryFlightRow.landing.is_not(None))):
                if land is not None:
                    history[reg].append((_utc(dep), _utc(land)))
        bases = {(b.organisation_id, b.id): (b.name_ja or b.name if query.japanese else b.name)
                 for b in conn.execute(select(BaseRow.organisation_id, BaseRow.id, BaseRow.name,
                                              BaseRow.name_ja).where(
                     BaseRow.organisation_id.in_(orgs)))}
        orders: dict[str, tuple[str, str]] = {}  # order id -> (base id, drop spot id)
        planned: dict[str, dict[str, Any]] = {}  # order id -> its planned flight
        for chunk in _chunks(sorted({f.order_id for f in flights})):
            for o in conn.execute(select(OrderRow.id, OrderRow.record, OrderRow.drop_spot_id,
                                         OrderRow.flight).where(OrderRow.id.in_(chunk))):
                orders[o.id] = (str(o.record["order"]["base_id"]), o.drop_spot_id)
                if o.flight:
                    planned[o.id] = o.flight
        entries: dict[str, Any] = {}
        for chunk in _chunks([f.id for f in flights]):
            for entry in conn.execute(select(FlightLogEntryRow).where(
                    FlightLogEntryRow.flight_id.in_(chunk))):
                entries[entry.flight_id] = entry
        spots = {s.id: (s.name_ja or s.name if query.japanese else s.name) for s in conn.execute(
            select(DropSpotRow.id, DropSpotRow.name, DropSpotRow.name_ja).where(
                DropSpotRow.id.in_(sorted({d for _, d in orders.values()}))))}
        intents = sorted({f.intent_id for f in flights if f.intent_id})
        tracks: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
        alerts: dict[str, list[str]] = defaultdict(list)
        for chunk in _chunks(intents):
            for t in conn.execute(select(TelemetryRow.intent_id, TelemetryRow.lon,
                                         TelemetryRow.lat, TelemetryRow.alt_m).where(
                    TelemetryRow.intent_id.in_(chunk)).order_by(
                    TelemetryRow.intent_id, TelemetryRow.time, TelemetryRow.id)):
                tracks[t.intent_id].append((t.lon, t.lat, t.alt_m))
            for e in conn.execute(select(ConformanceEventRow).where(
                    ConformanceEventRow.intent_id.in_(chunk),
                    ConformanceEventRow.kind == "alert").order_by(
                    ConformanceEventRow.intent_id, ConformanceEventRow.seq)):
                when = datetime.fromtimestamp(e.time, JST).isoformat(timespec="seconds")
                alerts[e.intent_id].append(f"{when} {e.code}: {e.data.get('message', '')}")
    records: dict[str, list[FlightRecord]] = defaultdict(list)
    for f in flights:
        records[f.registration].append(_record(f, pilots, bases, orders, spots, tracks, alerts,
                                               planned.get(f.order_id), entries.get(f.id),
                                               query.japanese))
    store = LogRecordStore(sessionmaker(bind=engine))
    first = query.start.astimezone(JST).date() if query.start is not None else None
    last = ((query.end - timedelta(microseconds=1)).astimezone(JST).date()
            if query.end is not None else None)
    inspections = defaultdict(list)
    for i in store.inspections(regs, first, last):
        inspections[i.registration].append(i)
    maintenance = defaultdict(list)
    for m in store.maintenance(regs, first, last):
        header = headers.get(m.registration)
        issued = header[1] if header else None
        since = datetime.combine(issued, time(0), JST) if issued else None
        until = datetime.combine(m.date + timedelta(days=1), time(0), JST)
        maintenance[m.registration].append(replace(
            m, flight_time_since_certification_s=flight_time_since(
                history[m.registration], since, until)))
    return [FlightLog(reg, tuple(records[reg]), tuple(inspections[reg]),
                      tuple(maintenance[reg]), prior_flight_time_s=prior[reg],
                      header=headers[reg][0] if reg in headers else None) for reg in regs]


def _headers(conn: Any, regs: Sequence[str]) -> dict[str, tuple[AircraftHeader, date | None]]:
    """The log header and the airframe certificate's issue day of each registered aircraft."""
    out: dict[str, tuple[AircraftHeader, date | None]] = {}
    a = AircraftRow
    for chunk in _chunks(regs):
        for r in conn.execute(select(
                a.registration, a.type_certificate_number, a.type_certificate_expiry,
                a.certificate, a.airframe_certificate_number, a.certificate_expiry,
                a.manufacturer, a.serial_number, a.certificate_issued,
                AircraftProfileRow.name, AircraftProfileRow.data).join(
                AircraftProfileRow, (AircraftProfileRow.organisation_id == a.organisation_id)
                & (AircraftProfileRow.id == a.profile_id)).where(a.registration.in_(chunk))):
            out[r.registration] = (AircraftHeader(
                registration=r.registration, kind=r.data.get("kind", "multirotor"),
                model=r.name, type_certificate_number=r.type_certificate_number,
                type_certificate_expiry=r.type_certificate_expiry,
                certificate_class=r.certificate,
                airframe_certificate_number=r.airframe_certificate_number,
                certificate_expiry=r.certificate_expiry, manufacturer=r.manufacturer,
                serial_number=r.serial_number), r.certificate_issued)
    return out


def _planned_codes(flight: dict[str, Any] | None) -> list[str]:
    reasons = ((flight or {}).get("classification") or {}).get("reasons") or []
    return [str(r.get("code")) for r in reasons if isinstance(r, dict)]


def _record(f: Any, pilots: dict[tuple[str, str], tuple[str, str]],
            bases: dict[tuple[str, str], str], orders: dict[str, tuple[str, str]],
            spots: dict[str, str], tracks: dict[str, list[tuple[float, float, float]]],
            alerts: dict[str, list[str]], planned: dict[str, Any] | None,
            entry: Any, japanese: bool = False) -> FlightRecord:
    base_id, spot_id = orders.get(f.order_id, ("", ""))
    base = bases.get((f.organisation_id, base_id), base_id or "unknown base")
    spot = spots.get(spot_id, spot_id)
    if japanese:
        purpose = (f"物資輸送(注文 {f.order_id}、{spot}へ)、レベル{f.level}"
                   + (f"、許可 {f.permit}" if f.permit else ""))
    else:
        purpose = (f"delivery of order {f.order_id} to {spot}, Level {f.level}"
                   + (f", permit {f.permit}" if f.permit else ""))
    route = tuple(tracks.get(f.intent_id or "", ()))
    source = "telemetry"
    if len(route) >= 2:
        distance = track_distance_m(route)
    else:
        source, distance = "planned", 1000.0 * f.km
        if entry is not None and entry.route:
            route = tuple((float(p[0]), float(p[1]), float(p[2])) for p in entry.route)
        elif planned and planned.get("route"):
            out = [(float(w[0]), float(w[1]), float(w[2])) for w in planned["route"]]
            route = tuple(out + out[-2::-1])  # out and back along the same route
    codes = (list(entry.restricted_items) if entry is not None and entry.restricted_items
             else _planned_codes(planned))
    name, licence = pilots.get((f.organisation_id, f.pilot_id), (f.pilot_id, ""))
    return FlightRecord(
        registration=f.registration, pilot=name,
        purpose=purpose, takeoff_place=base, takeoff_time=_utc(f.departure).astimezone(JST),
        landing_place=base, landing_time=_utc(f.landing).astimezone(JST), distance_m=distance,
        route=route, anomalies=tuple(alerts.get(f.intent_id or "", ())),
        defects=tuple(defect_from_json(d) for d in (entry.defects if entry is not None else ())),
        intent_id=f.intent_id or "", pilot_licence_number=licence,
        restricted_items=restricted_items(codes),
        route_source=source,  # type: ignore[arg-type]  # one of the two literals
        flight_id=f.id)


def flight_time_since_certification(engine: Engine, registration: str, day: date) -> float:
    """Airborne seconds of the aircraft's landed flights from its airframe certificate's issue
    day (since its first flight when unknown) to the end of ``day`` (Japan time)."""
    with engine.connect() as conn:
        issued = conn.scalar(select(AircraftRow.certificate_issued).where(
            AircraftRow.registration == registration))
        flights = [(_utc(dep), _utc(land)) for dep, land in conn.execute(select(
            DeliveryFlightRow.departure, DeliveryFlightRow.landing).where(
            DeliveryFlightRow.registration == registration,
            DeliveryFlightRow.landing.is_not(None))) if land is not None]
    since = datetime.combine(issued, time(0), JST) if issued else None
    return flight_time_since(flights, since, datetime.combine(day + timedelta(days=1), time(0),
                                                              JST))
