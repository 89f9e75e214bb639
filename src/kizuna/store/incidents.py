"""Accident and serious-incident reports (:class:`kizuna.utm.incident.EventReport`).

- ``incident_reports``: one report each, with its tenant, the operator's prefecture (for the
  regulators who see it), its status and who filed or dismissed it. A report is ``filed`` by
  the operator, or a ``draft`` (created from a simulated fault) that the operator ``confirm``s
  (then filed) or ``dismiss``es with a reason.
- ``incident_filings``: one row per filing, numbered in order (``seq``): the live stream's
  cursor for notifying the prefecture's regulators.

Status changes are compare-and-set: the update names the status it expects, so two workers
never confirm and dismiss one draft.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, Text, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from kizuna.errors import InvalidInput, UnknownName
from kizuna.store.tables import Record
from kizuna.utm.incident import CLASS_WORDS, KIND_WORDS, EventKind, EventReport, Weather

__all__ = ["INCIDENT_STATUSES", "IncidentFilingRow", "IncidentReportRow", "IncidentStore",
           "StoredIncident"]

INCIDENT_STATUSES = ("draft", "filed", "dismissed")


class IncidentReportRow(Record):
    """One report."""

    __tablename__ = "incident_reports"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    prefecture: Mapped[str] = mapped_column(String(40), index=True)
    status: Mapped[str] = mapped_column(String(12))
    source: Mapped[str] = mapped_column(String(20))  # operator, simulation
    kind: Mapped[str] = mapped_column(String(40))
    classification: Mapped[str] = mapped_column(String(20))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    place: Mapped[str] = mapped_column(String(200))
    registration: Mapped[str] = mapped_column(String(32))
    model: Mapped[str] = mapped_column(String(200))
    pilot: Mapped[str] = mapped_column(String(200))
    pilot_licence_number: Mapped[str] = mapped_column(String(40))
    permit_number: Mapped[str | None] = mapped_column(String(80))
    weather: Mapped[dict[str, Any]]
    summary: Mapped[str] = mapped_column(Text)
    damage: Mapped[str] = mapped_column(Text)
    injuries: Mapped[str] = mapped_column(Text)
    action_taken: Mapped[str] = mapped_column(Text)
    landing_time: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    flight_id: Mapped[str | None] = mapped_column(String(64))
    dismiss_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    filed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    changed_by: Mapped[str] = mapped_column(String(64))


class IncidentFilingRow(Record):
    """A filing, in order: the cursor of the regulators' notifications."""

    __tablename__ = "incident_filings"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("incident_reports.id", ondelete="CASCADE"))
    prefecture: Mapped[str] = mapped_column(String(40), index=True)
    organisation_id: Mapped[str] = mapped_column(String(64))
    filed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass(frozen=True)
class StoredIncident:
    """A report with its tenant and status."""

    id: str
    organisation_id: str
    prefecture: str
    status: str
    source: str
    model: str
    report: EventReport
    dismiss_reason: str | None
    created_at: datetime
    filed_at: datetime | None
    changed_by: str


    def to_json(self) -> dict[str, Any]:
        """The report as JSON: its fields in the order of MLIT's form, then its record."""
        r = self.report
        cls = r.classification
        return {
            "id": self.id, "status": self.status, "source": self.source,
            "organisation_id": self.organisation_id, "prefecture": self.prefecture,
            "classification": cls.value, "classification_ja": CLASS_WORDS[cls][0],
            "kind": r.kind.value, "kind_ja": KIND_WORDS[r.kind][0],
            "kind_en": KIND_WORDS[r.kind][1],
            "occurred_at": r.occurred_at.isoformat(), "place": r.place,
            "position": {"lon": r.lon, "lat": r.lat},
            "operator": self.organisation_id, "registration": r.registration,
            "model": self.model, "pilot": r.pilot,
            "pilot_licence_number": r.pilot_licence_number, "permit_number": r.permit_number,
            "weather": {"wind_mps": r.weather.wind_mps, "conditions": r.weather.conditions},
            "summary": r.summary, "damage": r.damage, "injuries": r.injuries,
            "action_taken": r.action_taken,
            "landing_time": r.landing_time.isoformat() if r.landing_time else None,
            "flight_id": r.flight_id, "dismiss_reason": self.dismiss_reason,
            "created_at": self.created_at.isoformat(),
            "filed_at": self.filed_at.isoformat() if self.filed_at else None,
            "changed_by": self.changed_by,
        }


def _stored(row: IncidentReportRow) -> StoredIncident:
    occurred = _utc(row.occurred_at)
    assert occurred is not None
    report = EventReport(
        EventKind(row.kind), occurred, row.lon, row.lat, row.place, row.registration, row.pilot,
        row.summary, row.pilot_licence_number, row.permit_number,
        Weather(row.weather.get("wind_mps"), row.weather.get("conditions", "")), row.damage,
        row.injuries, row.action_taken, _utc(row.landing_time), row.flight_id)
    created = _utc(row.created_at)
    assert created is not None
    return StoredIncident(row.id, row.organisation_id, row.prefecture, row.status, row.source,
                          row.model, report, row.dismiss_reason, created, _utc(row.filed_at),
                          row.changed_by)


class IncidentStore:
    """Reports and their filings; each call is one transaction."""

    def __init__(self, sessions: sessionmaker[Session],
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._sessions = sessions
        self._now = now

    def add(self, organisation_id: str, prefecture: str, report: EventReport, *, model: str,
            by: str, draft: bool = False, source: str = "operator") -> StoredIncident:
        """Store a report: filed at once (a filing row notifies the regulators), or a draft."""
        now = self._now()
        w = report.weather
        row = IncidentReportRow(
            id=f"inc-{secrets.token_hex(6)}", organisation_id=organisation_id,
            prefecture=prefecture, status="draft" if draft else "filed", source=source,
            kind=report.kind.value, classification=report.classification.value,
            occurred_at=report.occurred_at.astimezone(UTC), lon=report.lon, lat=report.lat,
            place=report.place, registration=report.registration, model=model,
            pilot=report.pilot, pilot_licence_number=report.pilot_licence_number,
            permit_number=report.permit_number,
            weather={"wind_mps": w.wind_mps, "conditions": w.conditions},
            summary=report.summary, damage=report.damage, injuries=report.injuries,
            action_taken=report.action_taken,
            landing_time=report.landing_time.astimezone(UTC) if report.landing_time else None,
            flight_id=report.flight_id, dismiss_reason=None, created_at=now,
            filed_at=None if draft else now, changed_by=by)
        with self._sessions.begin() as s:
            s.add(row)
            s.flush()
            if not draft:
                s.add(IncidentFilingRow(report_id=row.id, prefecture=prefecture,
                                        organisation_id=organisation_id, filed_at=now))
            return _stored(row)  # read before the commit expires it

    def get(self, report_id: str) -> StoredIncident:
        """One report; raises :class:`UnknownName`."""
        with self._sessions() as s:
            row = s.get(IncidentReportRow, report_id)
            if row is None:
                raise UnknownName("incident report", report_id)
            return _stored(row)

    def _step(self, report_id: str, to: str, by: str, reason: str | None) -> StoredIncident:
        now = self._now()
        with self._sessions.begin() as s:
            values: dict[str, Any] = {"status": to, "changed_by": by, "dismiss_reason": reason}
            if to == "filed":
                values["filed_at"] = now
            done = s.execute(update(IncidentReportRow).where(
                IncidentReportRow.id == report_id, IncidentReportRow.status == "draft")
                .values(**values))
            row = s.get(IncidentReportRow, report_id)
            if row is None:
                raise UnknownName("incident report", report_id)
            if done.rowcount != 1:  # type: ignore[attr-defined]  # CursorResult
                raise InvalidInput(f"status: report {report_id} is {row.status}, not a draft",
                                   field="status")
            if to == "filed":
                s.add(IncidentFilingRow(report_id=row.id, prefecture=row.prefecture,
                                        organisation_id=row.organisation_id, filed_at=now))
            s.flush()
            s.refresh(row)
            return _stored(row)

    def confirm(self, report_id: str, by: str) -> StoredIncident:
        """A draft confirmed by the operator: filed, and the regulators notified."""
        return self._step(report_id, "filed", by, None)

    def dismiss(self, report_id: str, by: str, reason: str) -> StoredIncident:
        """A draft dismissed by the operator, with the reason (kept on the record)."""
        if not reason.strip():
            raise InvalidInput("reason: a dismissal needs its reason", field="reason")
        return self._step(report_id, "dismissed", by, reason.strip())

    def reports(self, *, organisation_id: str | None = None,
                prefectures: frozenset[str] | None = None,
                statuses: tuple[str, ...] = ()) -> list[StoredIncident]:
        """Reports, newest first, of one organisation and/or in these prefectures."""
        q = select(IncidentReportRow).order_by(IncidentReportRow.occurred_at.desc(),
                                               IncidentReportRow.id)
        if organisation_id is not None:
            q = q.where(IncidentReportRow.organisation_id == organisation_id)
        if prefectures is not None:
            q = q.where(IncidentReportRow.prefecture.in_(sorted(prefectures)))
        if statuses:
            q = q.where(IncidentReportRow.status.in_(list(statuses)))
        with self._sessions() as s:
            return [_stored(r) for r in s.scalars(q)]

    def last_filing(self) -> int:
        """The sequence number of the last filing (0 when none)."""
        with self._sessions() as s:
            found = s.scalar(select(IncidentFilingRow.seq).order_by(
                IncidentFilingRow.seq.desc()).limit(1))
            return int(found or 0)

    def filings_after(self, seq: int, prefectures: frozenset[str] | None,
                      organisation_id: str | None = None
                      ) -> list[tuple[int, StoredIncident]]:
        """Filings after ``seq`` in these prefectures (all for None) or of one organisation."""
        q = (select(IncidentFilingRow.seq, IncidentReportRow)
             .join(IncidentReportRow, IncidentReportRow.id == IncidentFilingRow.report_id)
             .where(IncidentFilingRow.seq > seq).order_by(IncidentFilingRow.seq).limit(100))
        if prefectures is not None:
            q = q.where(IncidentFilingRow.prefecture.in_(sorted(prefectures)))
        if organisation_id is not None:
            q = q.where(IncidentFilingRow.organisation_id == organisation_id)
        with self._sessions() as s:
            return [(int(n), _stored(r)) for n, r in s.execute(q).all()]
