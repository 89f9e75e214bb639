"""Telemetry of flights in the shared airspace, and the conformance events it caused.

Conformance monitoring (:class:`kizuna.utm.conformance.ConformanceMonitor`) is a state
machine over the reports of one intent. API workers do not share memory, so the reports and
the events are stored, and each ingest resumes the monitor from the intent's last stored
transition (its state, and since when it is outside), which is all the monitor remembers, so
no ingest replays the earlier reports. The events are numbered per intent and written under a
row lock on the intent, so two workers ingesting for the same flight take turns and never
record an event twice. Each event names the report that caused it, so the live stream orders
alerts with the positions by one cursor (the reports' ids).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kizuna.store.tables import Record

__all__ = ["ConformanceEventRow", "StoredEvent", "TelemetryRow"]


class TelemetryRow(Record):
    """One position report of an aircraft flying an intent."""

    __tablename__ = "utm_telemetry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    intent_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("airspace_intents.id", ondelete="CASCADE"), index=True)
    aircraft_id: Mapped[str] = mapped_column(String(64))
    time: Mapped[float] = mapped_column(Float)  # epoch seconds, UTC
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    alt_m: Mapped[float] = mapped_column(Float)
    altitude_reference: Mapped[str] = mapped_column(String(8))


class ConformanceEventRow(Record):
    """A state transition or alert, numbered per intent."""

    __tablename__ = "utm_conformance_events"

    intent_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("airspace_intents.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "transition" | "alert"
    code: Mapped[str] = mapped_column(String(32))
    time: Mapped[float] = mapped_column(Float)
    data: Mapped[dict[str, Any]]
    #: The report that caused the event (``utm_telemetry.id``): alerts take their place on the
    #: live stream after it (events stored before migration 0008 have none).
    telemetry_id: Mapped[int | None] = mapped_column(Integer, index=True)


@dataclass(frozen=True)
class StoredEvent:
    """A conformance event as the API returns it."""

    seq: int
    kind: str
    code: str
    data: dict[str, Any]
