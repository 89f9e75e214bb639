"""Permit applications (their :class:`kizuna.permits.PermitRecord`) and emergency airspace.

A permit record is stored whole, as the JSON of the pydantic value, keyed by its organisation
and application id; ``state`` and ``prefecture`` are copied out so regulators can list the
applications of their prefecture without opening every record. The lifecycle itself is
:mod:`kizuna.permits.lifecycle`; this module only keeps its results.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Boolean, DateTime, ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from kizuna.errors import Conflict, InvalidInput, UnknownName
from kizuna.permits import PermitRecord
from kizuna.store.engine import lock_for_write
from kizuna.store.tables import OrganisationRow, Record

__all__ = ["EmergencyAirspaceEntry", "EmergencyAirspaceRow", "PermitRecordRow",
           "PermitStore", "StoredPermit"]


class PermitRecordRow(Record):
    """Every version of one application of one organisation."""

    __tablename__ = "permit_records"

    organisation_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    prefecture: Mapped[str] = mapped_column(String(40), index=True)
    state: Mapped[str] = mapped_column(String(20))
    record: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class EmergencyAirspaceRow(Record):
    """Emergency-use airspace (緊急用務空域) a regulator activated; ``area`` is GeoJSON."""

    __tablename__ = "emergency_airspace"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    prefecture: Mapped[str] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(String(200))
    area: Mapped[dict[str, Any]]
    active: Mapped[bool] = mapped_column(Boolean)
    changed_by: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class StoredPermit:
    """A permit record with its tenant."""

    organisation_id: str
    prefecture: str
    record: PermitRecord


@dataclass(frozen=True)
class EmergencyAirspaceEntry:
    """One emergency airspace and whether it is active."""

    id: str
    prefecture: str
    name: str
    area: dict[str, Any]
    active: bool
    changed_by: str
    changed_at: datetime


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _stored(row: PermitRecordRow) -> StoredPermit:
    return StoredPermit(row.organisation_id, row.prefecture,
                        PermitRecord.model_validate(row.record))


def _entry(row: EmergencyAirspaceRow) -> EmergencyAirspaceEntry:
    return EmergencyAirspaceEntry(row.id, row.prefecture, row.name, dict(row.area), row.active,
                                  row.changed_by, _utc(row.changed_at))


class PermitStore:
    """Permit records and emergency airspace; each call is one transaction."""

    def __init__(self, sessions: sessionmaker[Session],
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._sessions = sessions
        self._now = now

    # -- permit records ---------------------------------------------------------------------
    def add(self, organisation_id: str, prefecture: str, record: PermitRecord) -> None:
        """Store a new record; an application id already used by the organisation is refused."""
        app_id = record.current.application.id
        with self._sessions.begin() as s:
            if s.get(OrganisationRow, organisation_id) is None:
                raise UnknownName("organisation", organisation_id)
            if s.get(PermitRecordRow, (organisation_id, app_id)) is not None:
                raise InvalidInput(f"application {app_id!r} already exists", field="id")
            s.add(PermitRecordRow(organisation_id=organisation_id, id=app_id,
                                  prefecture=prefecture, state=record.current.state.value,
                                  record=record.model_dump(mode="json"),
                                  updated_at=self._now()))

    def get(self, organisation_id: str, app_id: str) -> StoredPermit:
        """A record; raises :class:`UnknownName`."""
        with self._sessions() as s:
            row = s.get(PermitRecordRow, (organisation_id, app_id))
            if row is None:
                raise UnknownName("application", app_id)
            return _stored(row)

    def replace(self, organisation_id: str, app_id: str,
                change: Callable[[PermitRecord], PermitRecord],
                expected_state: str | None = None) -> PermitRecord:
        """Apply ``change`` (a lifecycle step) to the stored record under a row lock.

        ``expected_state``: the state the change was decided from; a record that left it
        meanwhile (another regulator's decision committed first) raises
        :class:`~kizuna.errors.Conflict` and nothing is written.
        """
        with self._sessions.begin() as s:
            lock_for_write(s)
            row = s.scalars(select(PermitRecordRow).where(
                PermitRecordRow.organisation_id == organisation_id,
                PermitRecordRow.id == app_id).with_for_update()).one_or_none()
            if row is None:
                raise UnknownName("application", app_id)
            if expected_state is not None and row.state != expected_state:
                raise Conflict(f"application {app_id} is {row.state} now, no longer "
                               f"{expected_state}: another decision came first", field="state")
            updated = change(PermitRecord.model_validate(row.record))
            row.record = updated.model_dump(mode="json")
            row.state = updated.current.state.value
            row.updated_at = self._now()
            return updated

    def for_organisation(self, organisation_id: str) -> list[StoredPermit]:
        """Every record of one organisation, by id."""
        with self._sessions() as s:
            rows = s.scalars(select(PermitRecordRow).where(
                PermitRecordRow.organisation_id == organisation_id).order_by(PermitRecordRow.id))
            return [_stored(r) for r in rows]

    def in_prefectures(self, prefectures: frozenset[str] | None,
                       state: str | None = None) -> list[StoredPermit]:
        """Records in these prefectures (every prefecture for None), optionally in one state."""
        query = select(PermitRecordRow)
        if prefectures is not None:
            query = query.where(PermitRecordRow.prefecture.in_(sorted(prefectures)))
        if state is not None:
            query = query.where(PermitRecordRow.state == state)
        with self._sessions() as s:
            rows = s.scalars(query.order_by(PermitRecordRow.organisation_id, PermitRecordRow.id))
            return [_stored(r) for r in rows]

    # -- emergency airspace -----------------------------------------------------------------
    def save_emergency(self, entry: EmergencyAirspaceEntry) -> None:
        """Insert or update an emergency airspace."""
        with self._sessions.begin() as s:
            row = s.get(EmergencyAirspaceRow, entry.id)
            if row is None:
                row = EmergencyAirspaceRow(id=entry.id)
                s.add(row)
            row.prefecture, row.name, row.area = entry.prefecture, entry.name, entry.area
            row.active, row.changed_by = entry.active, entry.changed_by
            row.changed_at = entry.changed_at

    def get_emergency(self, airspace_id: str) -> EmergencyAirspaceEntry:
        """One emergency airspace; raises :class:`UnknownName`."""
        with self._sessions() as s:
            row = s.get(EmergencyAirspaceRow, airspace_id)
            if row is None:
                raise UnknownName("emergency airspace", airspace_id)
            return _entry(row)

    def active_emergency_versions(self) -> tuple[tuple[str, datetime], ...]:
        """(id, changed_at) of every active emergency airspace, by id: it changes whenever one
        is activated, deactivated or replaced (a cheap cache key; the areas are not read)."""
        query = (select(EmergencyAirspaceRow.id, EmergencyAirspaceRow.changed_at)
                 .where(EmergencyAirspaceRow.active).order_by(EmergencyAirspaceRow.id))
        with self._sessions() as s:
            return tuple((i, _utc(at)) for i, at in s.execute(query))

    def emergencies(self, active_only: bool = False) -> list[EmergencyAirspaceEntry]:
        """Every emergency airspace (or only the active ones), by id."""
        query = select(EmergencyAirspaceRow).order_by(EmergencyAirspaceRow.id)
        if active_only:
            query = query.where(EmergencyAirspaceRow.active)
        with self._sessions() as s:
            return [_entry(r) for r in s.scalars(query)]
