"""The shared airspace in the database: intents, volumes and index cells; decisions serialised.

Acceptance is a safety decision taken by several processes at once (API workers, operators'
systems), so it is serialised by the database, never by an in-process lock:

- **PostgreSQL**: one transaction per submission. It first takes
  ``pg_advisory_xact_lock_shared`` on a global key (exclusive for the rare intent too large for
  the grid), then ``pg_advisory_xact_lock`` on every grid cell the intent touches, in sorted
  order. Two intents that conflict share a cell, so they queue on it; submissions in different
  cells proceed in parallel. After the locks, the candidates are read (READ COMMITTED sees every
  decision committed before), checked exactly in Python (:mod:`kizuna.utm`), and the intent is
  written before the locks are released at commit.
- **SQLite**: ``BEGIN IMMEDIATE``, one writer at a time.

The cell keys are those of :class:`kizuna.utm.CellGrid`, with coarser cells than the in-memory
index (fewer locks per submission).

An intent's ``state`` column follows its lifecycle: conformance transitions are written by
:func:`record_transitions` in the transaction that stores their events, each step checked
against :data:`kizuna.utm.TRANSITIONS`, and the update is conditional on the state read (a
compare-and-set), so a state changed meanwhile (an intent ended) is never overwritten.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from shapely.geometry import mapping, shape
from sqlalchemy import (
    BigInteger,
    Boolean,
    Connection,
    Engine,
    Float,
    ForeignKey,
    Integer,
    String,
    delete,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Mapped, mapped_column

from kizuna.errors import InvalidInput, KizunaError
from kizuna.store.engine import engine as make_engine
from kizuna.store.engine import sqlite_immediate
from kizuna.store.tables import Record
from kizuna.utm import (
    CellGrid,
    MetricFrame,
    OperationalIntent,
    ProjectedVolume,
    SubmissionResult,
    Volume4D,
    decide,
    project_volumes,
    volumes_conflict,
)
from kizuna.utm.conflict import MIN_OVERLAP_AREA_M2
from kizuna.utm.conformance import StateTransition
from kizuna.utm.intent import IntentState, check_transition
from kizuna.utm.volume import AltitudeReference, Circle

__all__ = ["DB_GRID", "AirspaceCellRow", "AirspaceIntentRow", "AirspaceVolumeRow",
           "DatabaseAirspace", "record_transitions", "stored_time", "volume_from_row"]

#: Lock and lookup cells: 2 km x 30 min (an intent touches a handful).
DB_GRID = CellGrid(cell_m=2000.0, cell_s=1800.0, max_cells=512)
_LOCK_NS_CELL = 0x4B5A0001  # advisory-lock namespaces (the two-int form), Kizuna's own
_LOCK_NS_GLOBAL = 0x4B5A0002
_RETRIES = 20


class AirspaceIntentRow(Record):
    """An operational intent in the shared airspace."""

    __tablename__ = "airspace_intents"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner: Mapped[str] = mapped_column(String(64))
    priority: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20), index=True)
    replan_required: Mapped[bool] = mapped_column(Boolean, default=False)
    oversize: Mapped[bool] = mapped_column(Boolean, default=False)
    frame_epsg: Mapped[int] = mapped_column(Integer)


class AirspaceVolumeRow(Record):
    """One 4D volume; ``shape`` is a GeoJSON polygon or ``{"circle": [lon, lat, r]}``."""

    __tablename__ = "airspace_volumes"

    intent_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("airspace_intents.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    shape: Mapped[dict[str, Any]]
    altitude_lower_m: Mapped[float] = mapped_column(Float)
    altitude_upper_m: Mapped[float] = mapped_column(Float)
    altitude_reference: Mapped[str] = mapped_column(String(8))
    time_start: Mapped[float] = mapped_column(Float)  # epoch seconds, UTC
    time_end: Mapped[float] = mapped_column(Float)


class AirspaceCellRow(Record):
    """Index cell (x, y, t) -> an active intent touching it."""

    __tablename__ = "airspace_cells"

    cell_key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    intent_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("airspace_intents.id", ondelete="CASCADE"), primary_key=True,
        index=True)


def _shape_json(v: Volume4D) -> dict[str, Any]:
    if isinstance(v.shape, Circle):
        return {"circle": [v.shape.center_lon, v.shape.center_lat, v.shape.radius_m]}
    return dict(mapping(v.shape))


#: The range a stored time is read into: Python's datetimes end at year 9999, and a day of
#: margin keeps a later change of zone (for display) from overflowing.
_EARLIEST = datetime.min.replace(tzinfo=UTC) + timedelta(days=1)
_LATEST = datetime.max.replace(tzinfo=UTC) - timedelta(days=1)


def stored_time(timestamp: float) -> datetime:
    """A stored POSIX time as a UTC datetime, clamped into the representable range: a row
    written before the bounds on times existed (year 10000, year 0) must never make a listing
    fail."""
    try:
        return datetime.fromtimestamp(timestamp, UTC)
    except (OverflowError, OSError, ValueError):
        return _LATEST if timestamp > 0 else _EARLIEST


def volume_from_row(row: AirspaceVolumeRow | Any) -> Volume4D:
    """A stored volume (a row, or anything with its columns as attributes) as a Volume4D."""
    doc = row.shape
    geom = Circle(*doc["circle"]) if "circle" in doc else shape(doc)
    return Volume4D(geom, row.altitude_lower_m, row.altitude_upper_m,
                    AltitudeReference(row.altitude_reference),
                    stored_time(row.time_start), stored_time(row.time_end))


def _compare_and_set(conn: Connection, intent_id: str, current: IntentState,
                     new: IntentState) -> None:
    """Set the stored state to ``new`` if it is still ``current``; raise otherwise."""
    values: dict[str, Any] = {"state": new.value}
    if new is IntentState.ENDED:
        values["replan_required"] = False
    done = conn.execute(update(AirspaceIntentRow).where(
        AirspaceIntentRow.id == intent_id, AirspaceIntentRow.state == current.value
    ).values(**values)).rowcount
    if done != 1:
        raise InvalidInput(f"intent {intent_id!r} is no longer {current}", field="state")
    if new is IntentState.ENDED:
        conn.execute(delete(AirspaceCellRow).where(AirspaceCellRow.intent_id == intent_id))


def record_transitions(conn: Connection, intent_id: str, current: IntentState,
                       transitions: Sequence[StateTransition]) -> IntentState:
    """Write the state the transitions lead to, in the caller's transaction; return it.

    ``current`` is the stored state the caller read (under its lock). The transitions, oldest
    first, must start from it, follow one another and each be an allowed move; otherwise
    :class:`InvalidInput` (field ``state``) is raised and nothing is written. The write is a
    compare-and-set on ``current``.
    """
    state = IntentState(current)
    for t in transitions:
        if t.intent_id != intent_id:
            raise InvalidInput(f"transition of intent {t.intent_id!r} recorded for "
                               f"{intent_id!r}", field="intent_id")
        if t.from_state is not state:
            raise InvalidInput(f"intent {intent_id!r} is {state}, a transition starts from "
                               f"{t.from_state}", field="state")
        check_transition(t.from_state, t.to_state, intent_id)
        state = t.to_state
    if state is not current:
        _compare_and_set(conn, intent_id, current, state)
    return state


def _lock_id(key: int) -> int:
    """A 64-bit cell key folded to a signed 32-bit advisory-lock id."""
    folded = (key ^ (key >> 32)) & 0xFFFFFFFF
    return folded - (1 << 32) if folded >= 1 << 31 else folded


def _signed64(key: int) -> int:
    return key - (1 << 64) if key >= 1 << 63 else key


@dataclass(eq=False)
class DatabaseAirspace:
    """The :class:`kizuna.utm.Airspace` interface over a database (SQLite or PostgreSQL).

    Parameters
    ----------
    bind
        An engine or a database URL (migrated to head).
    frame
        The airspace's metric frame; every process sharing the airspace must use the same one.
    """

    bind: Engine | str
    frame: MetricFrame
    grid: CellGrid = DB_GRID
    min_area_m2: float = MIN_OVERLAP_AREA_M2
    _engine: Engine = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._engine = self.bind if isinstance(self.bind, Engine) else make_engine(self.bind)

    @property
    def engine(self) -> Engine:
        """The engine in use."""
        return self._engine

    # -- transactions ------------------------------------------------------------------------

    @contextmanager
    def _serialised(self, cell_keys: Sequence[int] | None, exclusive: bool
                    ) -> Iterator[Connection]:
        """A transaction holding the locks that serialise decisions on these cells."""
        if self._engine.dialect.name == "sqlite":
            with sqlite_immediate(self._engine) as conn:
                yield conn
            return
        with self._engine.begin() as conn:
            lock = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
            conn.execute(text(f"SELECT {lock}(:ns, 0)"), {"ns": _LOCK_NS_GLOBAL})
            if cell_keys and not exclusive:
                ids = sorted({_lock_id(k) for k in cell_keys})
                # Sorted order on every submitter: no two wait on each other in a cycle.
                conn.execute(text(
                    "SELECT count(pg_advisory_xact_lock(:ns, k)) FROM "
                    "(SELECT unnest(CAST(:ids AS integer[])) AS k ORDER BY 1) AS sorted_keys"),
                    {"ns": _LOCK_NS_CELL, "ids": ids})
            yield conn

    def _retrying(self, fn: Any, *args: Any) -> Any:
        # A deadlock or serialisation failure (PostgreSQL) or a busy database (SQLite) is
        # transient: the transaction rolled back and is simply tried again.
        for attempt in range(_RETRIES):
            try:
                return fn(*args)
            except DBAPIError as exc:
                code = getattr(exc.orig, "sqlstate", None)
                busy = "database is locked" in str(exc.orig)
                if (code not in ("40P01", "40001") and not busy) or attempt == _RETRIES - 1:
                    raise
                time.sleep(0.01 * (attempt + 1))
        raise KizunaError("unreachable")  # pragma: no cover

    # -- reads -------------------------------------------------------------------------------

    def _keys(self, projected: Sequence[ProjectedVolume]) -> list[int] | None:
        keys: set[int] = set()
        for v in projected:
            k = self.grid.keys(v)
            if k is None:
                return None
            keys.update(k)
        return sorted(keys)

    def _load(self, conn: Connection, ids: Sequence[str]) -> list[OperationalIntent]:
        if not ids:
            return []
        rows = conn.execute(select(AirspaceIntentRow).where(
            AirspaceIntentRow.id.in_(ids), AirspaceIntentRow.state != IntentState.ENDED.value)
        ).all()
        vols: dict[str, list[Volume4D]] = {}
        for v in conn.execute(select(AirspaceVolumeRow).where(
                AirspaceVolumeRow.intent_id.in_(ids)).order_by(
                AirspaceVolumeRow.intent_id, AirspaceVolumeRow.seq)).all():
            vols.setdefault(v.intent_id, []).append(volume_from_row(v))
        return [OperationalIntent(r.id, r.owner, r.priority, tuple(vols[r.id]),
                                  IntentState(r.state)) for r in rows]

    def _conflicting(self, conn: Connection, intent: OperationalIntent,
                     projected: Sequence[ProjectedVolume], keys: list[int] | None
                     ) -> list[OperationalIntent]:
        live = AirspaceIntentRow.state != IntentState.ENDED.value
        if keys is None:
            ids = set(conn.scalars(select(AirspaceIntentRow.id).where(live)).all())
        else:
            ids = set(conn.scalars(select(AirspaceCellRow.intent_id).where(
                AirspaceCellRow.cell_key.in_([_signed64(k) for k in keys]))).all())
            ids |= set(conn.scalars(select(AirspaceIntentRow.id).where(
                live, AirspaceIntentRow.oversize)).all())
        ids.discard(intent.id)
        found = []
        for other in self._load(conn, sorted(ids)):
            theirs = project_volumes(other.volumes, self.frame)
            if any(volumes_conflict(q, v, self.min_area_m2) for q in projected for v in theirs):
                found.append(other)
        return found

    def check(self, intent: OperationalIntent) -> SubmissionResult:
        """The decision a submission would get now (no locks, nothing written)."""
        projected = project_volumes(intent.volumes, self.frame)
        with self._engine.connect() as conn:
            return decide(intent, self._conflicting(conn, intent, projected,
                                                    self._keys(projected)))

    # -- writes ------------------------------------------------------------------------------

    def submit(self, intent: OperationalIntent) -> SubmissionResult:
        """Decide under the database's locks; record the intent when accepted."""
        projected = project_volumes(intent.volumes, self.frame)
        keys = self._keys(projected)
        result: SubmissionResult = self._retrying(self._submit, intent, projected, keys)
        return result

    def _submit(self, intent: OperationalIntent, projected: Sequence[ProjectedVolume],
                keys: list[int] | None) -> SubmissionResult:
        with self._serialised(keys, exclusive=keys is None) as conn:
            existing = conn.scalar(select(AirspaceIntentRow.state).where(
                AirspaceIntentRow.id == intent.id))
            if existing is not None and existing != IntentState.ENDED.value:
                raise InvalidInput(f"intent {intent.id!r} is already active", field="id")
            if existing is not None:  # an ended intent's id is reused
                conn.execute(delete(AirspaceIntentRow).where(AirspaceIntentRow.id == intent.id))
            result = decide(intent, self._conflicting(conn, intent, projected, keys))
            if not result.accepted:
                return result
            conn.execute(insert(AirspaceIntentRow).values(
                id=intent.id, owner=intent.owner, priority=intent.priority,
                state=intent.state.value, replan_required=False, oversize=keys is None,
                frame_epsg=self.frame.epsg))
            conn.execute(insert(AirspaceVolumeRow), [
                {"intent_id": intent.id, "seq": i, "shape": _shape_json(v),
                 "altitude_lower_m": v.altitude_lower_m, "altitude_upper_m": v.altitude_upper_m,
                 "altitude_reference": v.altitude_reference.value,
                 "time_start": v.time_start.timestamp(), "time_end": v.time_end.timestamp()}
                for i, v in enumerate(intent.volumes)])
            if keys:
                conn.execute(insert(AirspaceCellRow), [
                    {"cell_key": _signed64(k), "intent_id": intent.id} for k in keys])
            if result.replan:
                conn.execute(update(AirspaceIntentRow).where(
                    AirspaceIntentRow.id.in_(result.replan)).values(replan_required=True))
            return result

    def end(self, intent_id: str) -> bool:
        """Mark an active intent Ended and drop its cells; False when it is not active."""
        with self._engine.begin() as conn:
            done = conn.execute(update(AirspaceIntentRow).where(
                AirspaceIntentRow.id == intent_id,
                AirspaceIntentRow.state != IntentState.ENDED.value).values(
                state=IntentState.ENDED.value, replan_required=False)).rowcount
            conn.execute(delete(AirspaceCellRow).where(AirspaceCellRow.intent_id == intent_id))
        return bool(done)

    def set_state(self, intent_id: str, state: IntentState) -> None:
        """Move an active intent to ``state`` (an allowed transition; Ended frees its cells)."""
        self._retrying(self._set_state, intent_id, IntentState(state))

    def _set_state(self, intent_id: str, state: IntentState) -> None:
        with self._serialised([], exclusive=False) as conn:
            current = conn.scalar(select(AirspaceIntentRow.state).where(
                AirspaceIntentRow.id == intent_id))
            if current is None or current == IntentState.ENDED.value:
                raise InvalidInput(f"no active intent {intent_id!r}", field="id")
            check_transition(IntentState(current), state, intent_id)
            _compare_and_set(conn, intent_id, IntentState(current), state)

    def get(self, intent_id: str) -> OperationalIntent | None:
        """One active intent; None when it is unknown or ended."""
        with self._engine.connect() as conn:
            found = self._load(conn, [intent_id])
        return found[0] if found else None

    def active(self) -> list[OperationalIntent]:
        """Every active intent, by id."""
        with self._engine.connect() as conn:
            ids = conn.scalars(select(AirspaceIntentRow.id).where(
                AirspaceIntentRow.state != IntentState.ENDED.value).order_by(
                AirspaceIntentRow.id)).all()
            return sorted(self._load(conn, list(ids)), key=lambda i: i.id)

    def replan_required(self) -> set[str]:
        """Active intents a higher-priority intent has preempted."""
        with self._engine.connect() as conn:
            return set(conn.scalars(select(AirspaceIntentRow.id).where(
                AirspaceIntentRow.replan_required,
                AirspaceIntentRow.state != IntentState.ENDED.value)).all())

    def dispose(self) -> None:
        """Close the engine's connections when this airspace created it."""
        if not isinstance(self.bind, Engine):
            self._engine.dispose()
