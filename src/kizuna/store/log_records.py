"""The operator's legal records beside the flights (issue 17): daily inspections, inspection and
maintenance, what a flight's log entry needs beyond its ``delivery_flights`` row, and the
pre-flight checks that gate a launch.

- ``daily_inspections``: :class:`kizuna.utm.records.DailyInspection` rows, optionally naming
  the flight they were done before.
- ``maintenance_records``: :class:`kizuna.utm.records.MaintenanceRecord` rows; the flight time
  since the last airframe certification is not stored but computed when read, from the flights.
- ``flight_log_entries``: per flight, the planned route (for flights with no telemetry), the
  restricted items (specific-flight codes of its classification) and its defects.
- ``preflight_checks``: a pilot's confirmed pre-flight check of one order's flight.

Every row carries its ``organisation_id``; :class:`LogRecordStore` checks the aircraft belongs
to that organisation before writing, so an operator never records another's aircraft.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from kizuna.errors import InvalidInput, UnknownName
from kizuna.store.tables import AircraftRow, Record
from kizuna.utm.records import CheckResult, DailyInspection, Defect, MaintenanceRecord

__all__ = ["DailyInspectionRow", "FlightLogEntryRow", "LogRecordStore", "MaintenanceRow",
           "PreflightCheckRow", "StoredPreflight", "defect_from_json", "defect_to_json"]


def _org_fk() -> Mapped[str]:
    return mapped_column(String(64), ForeignKey("organisations.id", ondelete="CASCADE"),
                         index=True)


class DailyInspectionRow(Record):
    """A daily inspection (日常点検記録)."""

    __tablename__ = "daily_inspections"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organisation_id: Mapped[str] = _org_fk()
    registration: Mapped[str] = mapped_column(String(32), index=True)
    date: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200))
    inspector: Mapped[str] = mapped_column(String(200))
    items: Mapped[list[Any]]  # [{"item", "result"}]
    remarks: Mapped[str] = mapped_column(Text)
    flight_id: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class MaintenanceRow(Record):
    """An inspection and maintenance record (点検整備記録)."""

    __tablename__ = "maintenance_records"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organisation_id: Mapped[str] = _org_fk()
    registration: Mapped[str] = mapped_column(String(32), index=True)
    date: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200))
    performer: Mapped[str] = mapped_column(String(200))
    work: Mapped[str] = mapped_column(Text)
    parts_replaced: Mapped[list[Any]]
    reason: Mapped[str] = mapped_column(Text)
    remarks: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FlightLogEntryRow(Record):
    """What the flight log needs of a flight beyond its ``delivery_flights`` row."""

    __tablename__ = "flight_log_entries"

    flight_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    organisation_id: Mapped[str] = _org_fk()
    route: Mapped[list[Any]]  # planned [[lon, lat, alt_m], ...]
    restricted_items: Mapped[list[Any]]  # specific-flight codes
    defects: Mapped[list[Any]]  # defect_to_json


class PreflightCheckRow(Record):
    """A confirmed pre-flight check (飛行前確認) of one order's flight."""

    __tablename__ = "preflight_checks"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organisation_id: Mapped[str] = _org_fk()
    order_id: Mapped[str] = mapped_column(String(40), index=True)
    flight_id: Mapped[str] = mapped_column(String(64))
    registration: Mapped[str] = mapped_column(String(32))
    pilot_id: Mapped[str] = mapped_column(String(64))
    items: Mapped[list[Any]]  # kizuna.dispatch.preflight.check_to_json
    passed: Mapped[bool] = mapped_column(Boolean)
    confirmed_by: Mapped[str] = mapped_column(String(64))
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def defect_to_json(d: Defect) -> dict[str, Any]:
    """A defect as stored."""
    return {"found_on": d.found_on.isoformat(), "content": d.content,
            "fixed_on": d.fixed_on.isoformat() if d.fixed_on else None, "fix": d.fix,
            "confirmed_by": d.confirmed_by}


def defect_from_json(data: dict[str, Any]) -> Defect:
    """The inverse of :func:`defect_to_json`."""
    fixed = data.get("fixed_on")
    return Defect(date.fromisoformat(data["found_on"]), data["content"],
                  date.fromisoformat(fixed) if fixed else None, data.get("fix", ""),
                  data.get("confirmed_by", ""))


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _inspection(row: DailyInspectionRow) -> DailyInspection:
    return DailyInspection(row.registration, row.date, row.place, row.inspector,
                           tuple(CheckResult(i["item"], i["result"]) for i in row.items),
                           row.remarks, row.flight_id)


def _maintenance(row: MaintenanceRow) -> MaintenanceRecord:
    return MaintenanceRecord(row.registration, row.date, row.place, row.performer, row.work,
                             row.reason, tuple(row.parts_replaced), row.remarks)


@dataclass(frozen=True)
class StoredPreflight:
    """A stored pre-flight check."""

    id: str
    organisation_id: str
    order_id: str
    flight_id: str
    registration: str
    pilot_id: str
    items: tuple[dict[str, Any], ...]
    passed: bool
    confirmed_by: str
    checked_at: datetime


def _preflight(row: PreflightCheckRow) -> StoredPreflight:
    return StoredPreflight(row.id, row.organisation_id, row.order_id, row.flight_id,
                           row.registration, row.pilot_id, tuple(row.items), row.passed,
                           row.confirmed_by, _utc(row.checked_at))


class LogRecordStore:
    """Daily inspections, maintenance, flight log entries and pre-flight checks; each call is
    one transaction."""

    def __init__(self, sessions: sessionmaker[Session],
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._sessions = sessions
        self._now = now

    @staticmethod
    def _own_aircraft(s: Session, organisation_id: str, registration: str) -> None:
        found = s.scalar(select(AircraftRow.organisation_id).where(
            AircraftRow.registration == registration))
        if found != organisation_id:  # whether another operator has it is not disclosed
            raise InvalidInput(f"registration: {registration} is not an aircraft of "
                               f"{organisation_id}", field="registration")

    def add_inspection(self, organisation_id: str, inspection: DailyInspection) -> str:
        """Store a daily inspection of one of the organisation's aircraft; its id."""
        new_id = f"di-{secrets.token_hex(6)}"
        with self._sessions.begin() as s:
            self._own_aircraft(s, organisation_id, inspection.registration)
            s.add(DailyInspectionRow(
                id=new_id, organisation_id=organisation_id,
                registration=inspection.registration, date=inspection.date,
                place=inspection.place, inspector=inspection.inspector,
                items=[{"item": r.item, "result": r.result} for r in inspection.items],
                remarks=inspection.remarks, flight_id=inspection.flight_id,
                created_at=self._now()))
        return new_id

    def add_maintenance(self, organisation_id: str, record: MaintenanceRecord) -> str:
        """Store a maintenance record of one of the organisation's aircraft; its id."""
        new_id = f"mr-{secrets.token_hex(6)}"
        with self._sessions.begin() as s:
            self._own_aircraft(s, organisation_id, record.registration)
            s.add(MaintenanceRow(
                id=new_id, organisation_id=organisation_id, registration=record.registration,
                date=record.date, place=record.place, performer=record.performer,
                work=record.work, parts_replaced=list(record.parts_replaced),
                reason=record.reason, remarks=record.remarks, created_at=self._now()))
        return new_id

    def inspections(self, registrations: Sequence[str], start: date | None = None,
                    end: date | None = None) -> list[DailyInspection]:
        """Daily inspections of these aircraft, dated in ``[start, end]`` (open when None)."""
        q = select(DailyInspectionRow).where(
            DailyInspectionRow.registration.in_(sorted(registrations)))
        if start is not None:
            q = q.where(DailyInspectionRow.date >= start)
        if end is not None:
            q = q.where(DailyInspectionRow.date <= end)
        with self._sessions() as s:
            return [_inspection(r) for r in s.scalars(q.order_by(
                DailyInspectionRow.date, DailyInspectionRow.created_at))]

    def maintenance(self, registrations: Sequence[str], start: date | None = None,
                    end: date | None = None) -> list[MaintenanceRecord]:
        """Maintenance records of these aircraft, dated in ``[start, end]``."""
        q = select(MaintenanceRow).where(MaintenanceRow.registration.in_(sorted(registrations)))
        if start is not None:
            q = q.where(MaintenanceRow.date >= start)
        if end is not None:
            q = q.where(MaintenanceRow.date <= end)
        with self._sessions() as s:
            return [_maintenance(r) for r in s.scalars(q.order_by(
                MaintenanceRow.date, MaintenanceRow.created_at))]

    def save_entry(self, organisation_id: str, flight_id: str, *,
                   route: Sequence[Sequence[float]] = (),
                   restricted_items: Sequence[str] = (),
                   defects: Sequence[Defect] = ()) -> None:
        """Insert or replace a flight's log entry."""
        with self._sessions.begin() as s:
            s.merge(FlightLogEntryRow(
                flight_id=flight_id, organisation_id=organisation_id,
                route=[list(p) for p in route], restricted_items=list(restricted_items),
                defects=[defect_to_json(d) for d in defects]))

    def add_defect(self, organisation_id: str, flight_id: str, defect: Defect) -> None:
        """Add a defect to a flight of the organisation (a row lock serialises writers)."""
        from kizuna.store.orders import DeliveryFlightRow

        with self._sessions.begin() as s:
            owner = s.scalar(select(DeliveryFlightRow.organisation_id).where(
                DeliveryFlightRow.id == flight_id))
            if owner != organisation_id:
                raise UnknownName("flight", flight_id)
            row = s.scalars(select(FlightLogEntryRow).where(
                FlightLogEntryRow.flight_id == flight_id).with_for_update()).one_or_none()
            if row is None:
                row = FlightLogEntryRow(flight_id=flight_id, organisation_id=organisation_id,
                                        route=[], restricted_items=[], defects=[])
                s.add(row)
            row.defects = [*row.defects, defect_to_json(defect)]

    def entries(self, flight_ids: Sequence[str]) -> dict[str, FlightLogEntryRow]:
        """The log entries of these flights, by flight id."""
        out: dict[str, FlightLogEntryRow] = {}
        ids = sorted(set(flight_ids))
        with self._sessions() as s:
            for k in range(0, len(ids), 500):
                for row in s.scalars(select(FlightLogEntryRow).where(
                        FlightLogEntryRow.flight_id.in_(ids[k:k + 500]))):
                    out[row.flight_id] = row
            s.expunge_all()
        return out

    # -- pre-flight checks ------------------------------------------------------------------
    def add_preflight(self, organisation_id: str, order_id: str, flight_id: str,
                      registration: str, pilot_id: str, items: Sequence[dict[str, Any]],
                      passed: bool, confirmed_by: str) -> StoredPreflight:
        """Store a confirmed pre-flight check (earlier checks of the order are kept)."""
        if not items:
            raise InvalidInput("items: a pre-flight check needs its items", field="items")
        with self._sessions.begin() as s:
            # Numbered per order, so the last one is found even within one clock tick.
            n = len(list(s.scalars(select(PreflightCheckRow.id).where(
                PreflightCheckRow.order_id == order_id))))
            row = PreflightCheckRow(
                id=f"pf-{n + 1:05d}-{secrets.token_hex(4)}", organisation_id=organisation_id,
                order_id=order_id, flight_id=flight_id, registration=registration,
                pilot_id=pilot_id, items=[dict(i) for i in items], passed=passed,
                confirmed_by=confirmed_by, checked_at=self._now())
            s.add(row)
            s.flush()
            return _preflight(row)  # read before the commit expires it

    def latest_preflight(self, order_id: str) -> StoredPreflight | None:
        """The last pre-flight check of an order's flight, if any."""
        with self._sessions() as s:
            row = s.scalars(select(PreflightCheckRow).where(
                PreflightCheckRow.order_id == order_id).order_by(
                PreflightCheckRow.checked_at.desc(), PreflightCheckRow.id.desc()).limit(1)
            ).one_or_none()
            return None if row is None else _preflight(row)
