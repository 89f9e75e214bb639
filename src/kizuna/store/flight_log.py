"""The flight log (飛行日誌) read from the database: one :class:`kizuna.utm.flightlog.FlightLog`
per aircraft, from the flights flown for orders, their telemetry and conformance alerts.

- A flight is a ``delivery_flights`` row that has landed; take-off and landing are its recorded
  times, both at the order's base (delivery flights are out and back).
- Route and distance come from the intent's stored telemetry (geodesic 3D length); a flight
  without two reports (simulated traffic) keeps its planned length.
- Anomalies are the intent's conformance alerts; an outcome other than ``delivered`` is noted
  under defects.
- The running total flight time counts the aircraft's earlier flights, before the range.
- Daily inspections and maintenance are not stored by Kizuna yet: those forms stay empty.

Times are given in Japan Standard Time (UTC+09:00, no daylight saving), so the date of a
flight is its Japanese calendar date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Engine, select

from kizuna.store.orders import DeliveryFlightRow, DropSpotRow, OrderRow
from kizuna.store.tables import BaseRow, PilotRow
from kizuna.store.telemetry import ConformanceEventRow, TelemetryRow
from kizuna.utm.flightlog import FlightLog, FlightRecord, track_distance_m

__all__ = ["JST", "FlightLogQuery", "read_flight_logs"]

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
        pilots = {(p.organisation_id, p.id): p.name for p in conn.execute(
            select(PilotRow.organisation_id, PilotRow.id, PilotRow.name).where(
                PilotRow.organisation_id.in_(orgs)))}
        bases = {(b.organisation_id, b.id): (b.name_ja or b.name if query.japanese else b.name)
                 for b in conn.execute(select(BaseRow.organisation_id, BaseRow.id, BaseRow.name,
                                              BaseRow.name_ja).where(
                     BaseRow.organisation_id.in_(orgs)))}
        orders: dict[str, tuple[str, str]] = {}  # order id -> (base id, drop spot id)
        for chunk in _chunks(sorted({f.order_id for f in flights})):
            for o in conn.execute(select(OrderRow.id, OrderRow.record, OrderRow.drop_spot_id)
                                  .where(OrderRow.id.in_(chunk))):
                orders[o.id] = (str(o.record["order"]["base_id"]), o.drop_spot_id)
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
        records[f.registration].append(_record(f, pilots, bases, orders, spots, tracks, alerts))
    return [FlightLog(reg, tuple(records[reg]), prior_flight_time_s=prior[reg]) for reg in regs]


def _record(f: Any, pilots: dict[tuple[str, str], str], bases: dict[tuple[str, str], str],
            orders: dict[str, tuple[str, str]], spots: dict[str, str],
            tracks: dict[str, list[tuple[float, float, float]]],
            alerts: dict[str, list[str]]) -> FlightRecord:
    base_id, spot_id = orders.get(f.order_id, ("", ""))
    base = bases.get((f.organisation_id, base_id), base_id or "unknown base")
    purpose = (f"delivery of order {f.order_id} to {spots.get(spot_id, spot_id)}, "
               f"Level {f.level}" + (f", permit {f.permit}" if f.permit else ""))
    route = tuple(tracks.get(f.intent_id or "", ()))
    distance = track_distance_m(route) if len(route) >= 2 else 1000.0 * f.km
    return FlightRecord(
        registration=f.registration, pilot=pilots.get((f.organisation_id, f.pilot_id), f.pilot_id),
        purpose=purpose, takeoff_place=base, takeoff_time=_utc(f.departure).astimezone(JST),
        landing_place=base, landing_time=_utc(f.landing).astimezone(JST), distance_m=distance,
        route=route, anomalies=tuple(alerts.get(f.intent_id or "", ())),
        defects="" if f.outcome == "delivered" else f"outcome: {f.outcome}",
        intent_id=f.intent_id or "")
