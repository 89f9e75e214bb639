"""Telemetry ingest with group commit: the batches waiting are written in one transaction.

Every accepted report must be durable before it is acknowledged, so each ingest ends with a
commit, and a commit waits for the disk (SQLite in WAL mode with ``synchronous=FULL``, its
default, syncs the log on every commit: about 6 ms on the development machine). One commit per
request therefore caps a worker at ~150 requests per second however cheap the rest is. The
:class:`TelemetryWriter` instead queues the requests of a worker and lets one thread write
everything waiting in one transaction: while it commits, the next requests queue up, so under
load one commit (one disk sync) carries many requests, and when idle a request is written at
once. A request's future is resolved only after the commit, so no request is acknowledged
before its reports are durable.

Per request, in the transaction, under the flight's lock (SQLite: ``BEGIN IMMEDIATE``;
PostgreSQL: the rows of the group's intents ``FOR UPDATE``, in id order so two workers' groups
cannot deadlock):

1. the intent is read (owner, priority, state), with what the monitor resumes from: the
   aircraft that flies it, the last transition and the last event number; an intent that is
   unknown or Ended is :class:`UnknownName`; ``authorise(owner)`` is called (the API's tenancy
   check raises there);
2. the conformance monitor resumes from the stored state and last transition and observes every
   report (:mod:`kizuna.utm.conformance`);
3. the reports, the events and the new state (:func:`kizuna.store.airspace.record_transitions`)
   are written.

Requests of one group for the same intent are processed in arrival order, each resuming where
the previous one left the flight. A request refused in steps 1-2 writes nothing and does not
affect the others. If a write fails, the group's transaction rolls back and each request of the
group is retried alone, so only the failing one fails.

The volumes of an intent are decoded and projected once per worker: they are cached under
their stored text (not under the intent's id), so an intent replaced under the same id, or any
change to its volumes, is a different key and can never be served stale.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
from sqlalchemy import (
    BindParameter,
    Connection,
    Engine,
    Text,
    bindparam,
    cast,
    func,
    insert,
    select,
)

from kizuna.errors import InvalidInput, UnknownName
from kizuna.store.airspace import (
    AirspaceIntentRow,
    AirspaceVolumeRow,
    record_transitions,
    volume_from_row,
)
from kizuna.store.engine import sqlite_immediate
from kizuna.store.telemetry import ConformanceEventRow, TelemetryRow
from kizuna.utm.conformance import (
    ConformanceAlert,
    ConformanceEvent,
    ConformanceMonitor,
    ConformancePolicy,
    PositionReport,
    StateTransition,
    deviations,
)
from kizuna.utm.frame import MetricFrame, ProjectedVolume, project_volumes
from kizuna.utm.intent import IntentState, OperationalIntent
from kizuna.utm.volume import Volume4D

__all__ = ["MAX_GROUP_REPORTS", "IngestRequest", "IngestResult", "TelemetryWriter",
           "event_data"]

#: At most this many reports per group commit (a request larger than that is a group alone).
MAX_GROUP_REPORTS = 5_000


# Statements built once: executed again, they skip SQLAlchemy's cache-key and result adaptation
# work, which costs more than the queries themselves.
_i, _v, _tm, _e = (AirspaceIntentRow.__table__.c, AirspaceVolumeRow.__table__.c,
                   TelemetryRow.__table__.c, ConformanceEventRow.__table__.c)
_IDS: BindParameter[list[str]] = bindparam("ids", expanding=True)
#: The active intents among :ids, with what their monitors resume from.
_FLIGHTS = select(
    _i.id, _i.owner, _i.priority, _i.state,
    select(_tm.aircraft_id).where(_tm.intent_id == _i.id).order_by(_tm.id).limit(1)
    .scalar_subquery(),
    select(_e.data).where(_e.intent_id == _i.id, _e.kind == "transition").order_by(
        _e.seq.desc()).limit(1).scalar_subquery(),
    select(func.max(_e.seq)).where(_e.intent_id == _i.id).scalar_subquery(),
).where(_i.id.in_(_IDS), _i.state != IntentState.ENDED.value)
#: Their volumes, the shape as stored text (the cache key).
_VOLUMES = select(
    _v.intent_id, cast(_v.shape, Text), _v.altitude_lower_m, _v.altitude_upper_m,
    _v.altitude_reference, _v.time_start, _v.time_end,
).where(_v.intent_id.in_(_IDS)).order_by(_v.intent_id, _v.seq)
#: PostgreSQL: the intents' rows locked in id order.
_LOCK = select(_i.id).where(_i.id.in_(_IDS)).order_by(_i.id).with_for_update()
_INSERT_TELEMETRY = insert(TelemetryRow)
_INSERT_TELEMETRY_IDS = insert(TelemetryRow).returning(TelemetryRow.id,
                                                        sort_by_parameter_order=True)
_INSERT_EVENTS = insert(ConformanceEventRow)


@dataclass(frozen=True)
class IngestRequest:
    """Position reports of one aircraft flying one intent.

    ``authorise`` is called with the intent's owner, under the flight's lock, before anything is
    observed; it raises to refuse the request.
    """

    intent_id: str
    aircraft_id: str
    reports: tuple[PositionReport, ...]
    authorise: Callable[[str], None] = field(default=lambda _owner: None, repr=False)

    def __post_init__(self) -> None:
        if not self.reports:
            raise InvalidInput("reports: at least one", field="reports")


@dataclass(frozen=True)
class IngestResult:
    """An ingested request: its reports are stored, with the events they caused."""

    intent_id: str
    accepted_reports: int
    state: IntentState
    events: tuple[ConformanceEvent, ...]


def event_data(event: ConformanceEvent) -> dict[str, Any]:
    """An event as JSON (the stored ``data`` and the API's answer)."""
    return {k: (v.isoformat() if isinstance(v, datetime) else str(v) if hasattr(v, "value")
                else v) for k, v in asdict(event).items()}


def _transition(data: dict[str, Any]) -> StateTransition:
    """A stored transition event back as the monitor recorded it."""
    return StateTransition(data["intent_id"], data["aircraft_id"],
                           datetime.fromisoformat(data["time"]), IntentState(data["from_state"]),
                           IntentState(data["to_state"]), data["code"], data["reason"])


class _StoredVolume(NamedTuple):
    """A volume row with its shape as stored text: hashable, so it can key the cache."""

    shape: str
    altitude_lower_m: float
    altitude_upper_m: float
    altitude_reference: str
    time_start: float
    time_end: float


class _VolumeRow(NamedTuple):
    """A volume row with its shape parsed (what :func:`volume_from_row` reads)."""

    shape: dict[str, Any]
    altitude_lower_m: float
    altitude_upper_m: float
    altitude_reference: str
    time_start: float
    time_end: float


@lru_cache(maxsize=1024)
def _volumes(stored: tuple[_StoredVolume, ...], frame: MetricFrame
             ) -> tuple[tuple[Volume4D, ...], tuple[ProjectedVolume, ...]]:
    """Stored volumes decoded and projected; keyed by their content, so never stale."""
    volumes = tuple(volume_from_row(_VolumeRow(json.loads(v.shape), *v[1:]))
                    for v in stored)
    return volumes, tuple(project_volumes(volumes, frame))


@dataclass(eq=False)
class _Flight:
    """What the monitor of one intent resumes from, carried through a group."""

    intent: OperationalIntent  # in its stored state
    projected: tuple[ProjectedVolume, ...]
    flown_by: str | None
    last: StateTransition | None
    seq: int
    state: IntentState = field(init=False)
    transitions: list[StateTransition] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.state = self.intent.state


#: Who waits for a request: a thread (a concurrent future) or a coroutine (an asyncio future).
_Waiter = Future[IngestResult] | asyncio.Future[IngestResult]


def _resolve(future: Future[IngestResult] | asyncio.Future[IngestResult],
             outcome: IngestResult | BaseException) -> None:
    if future.done():  # an asyncio future cancelled meanwhile: nobody waits
        return
    if isinstance(outcome, BaseException):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)


def _settle_all(pairs: list[tuple[asyncio.Future[IngestResult], IngestResult | BaseException]]
                ) -> None:
    for future, outcome in pairs:
        _resolve(future, outcome)


def _settle(pairs: list[tuple[_Waiter, IngestResult | BaseException]]) -> None:
    """Resolve the waiters of a group: threads at once, each event loop in one callback."""
    loops: dict[asyncio.AbstractEventLoop,
                list[tuple[asyncio.Future[IngestResult], IngestResult | BaseException]]] = {}
    for waiter, outcome in pairs:
        if isinstance(waiter, Future):
            _resolve(waiter, outcome)
        else:
            loops.setdefault(waiter.get_loop(), []).append((waiter, outcome))
    for loop, waiting in loops.items():
        with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits any more
            loop.call_soon_threadsafe(_settle_all, waiting)


class TelemetryWriter:
    """Group commit of telemetry ingest for one process (see the module's description).

    Parameters
    ----------
    engine
        The database (SQLite or PostgreSQL), migrated.
    frame
        The airspace's metric frame.
    policy
        When a nonconforming flight becomes contingent.
    max_group_reports
        At most this many reports per transaction.
    linger_s
        How long the writer thread waits for more work before it exits (a new one starts with
        the next request).
    """

    def __init__(self, engine: Engine, frame: MetricFrame,
                 policy: ConformancePolicy | None = None,
                 max_group_reports: int = MAX_GROUP_REPORTS, linger_s: float = 0.5) -> None:
        if max_group_reports < 1:
            raise InvalidInput("max_group_reports: at least 1", field="max_group_reports")
        if not linger_s >= 0:
            raise InvalidInput("linger_s: at least 0", field="linger_s")
        self._engine = engine
        self._frame = frame
        self._policy = policy or ConformancePolicy()
        self._max = max_group_reports
        self._linger_s = linger_s
        self._lock = threading.Condition()
        self._queue: deque[tuple[IngestRequest, _Waiter]] = deque()
        self._running = False  # a writer thread exists
        self._idle = False  # ... and waits for work
        #: Transactions committed and requests they carried (for tests and benchmarks).
        self.commits = 0
        self.committed_requests = 0

    # -- the queue ---------------------------------------------------------------------------

    def _enqueue(self, request: IngestRequest, waiter: _Waiter) -> None:
        with self._lock:
            self._queue.append((request, waiter))
            if not self._running:
                # A writer thread runs while there is work and exits after linger_s without.
                self._running = True
                threading.Thread(target=self._drain, name="kizuna-telemetry-writer",
                                 daemon=True).start()
            elif self._idle:
                self._lock.notify()

    def submit(self, request: IngestRequest) -> Future[IngestResult]:
        """Queue ``request``; the future resolves after its transaction committed (or failed).

        A future cancelled before its group started is never written.
        """
        future: Future[IngestResult] = Future()
        self._enqueue(request, future)
        return future

    def ingest(self, request: IngestRequest) -> IngestResult:
        """Submit and wait for the outcome (raises what the request raised)."""
        return self.submit(request).result()

    async def ingest_async(self, request: IngestRequest) -> IngestResult:
        """:meth:`ingest` for a coroutine: the loop is woken once per group, not per request.

        Cancelled before its group started, the request is never written.
        """
        future: asyncio.Future[IngestResult] = asyncio.get_running_loop().create_future()
        self._enqueue(request, future)
        return await future

    def _take(self) -> list[tuple[IngestRequest, _Waiter]]:
        group: list[tuple[IngestRequest, _Waiter]] = []
        reports = 0
        while self._queue:
            request, waiter = self._queue[0]
            if group and reports + len(request.reports) > self._max:
                break
            self._queue.popleft()
            if isinstance(waiter, Future):
                wanted = waiter.set_running_or_notify_cancel()
            else:
                wanted = not waiter.cancelled()
            if wanted:
                group.append((request, waiter))
                reports += len(request.reports)
        return group

    def _drain(self) -> None:
        while True:
            with self._lock:
                if not self._queue and self._linger_s > 0:
                    self._idle = True
                    self._lock.wait(self._linger_s)
                    self._idle = False
                group = self._take()
                if not group:
                    self._running = False
                    return
            try:
                self._commit(group)
            except BaseException as exc:  # pragma: no cover - _commit settles every waiter
                _settle([(waiter, exc) for _request, waiter in group])

    def _commit(self, group: list[tuple[IngestRequest, _Waiter]]) -> None:
        outcomes: list[IngestResult | BaseException]
        try:
            outcomes = list(self._transaction([request for request, _waiter in group]))
        except Exception as exc:
            if len(group) > 1:  # rolled back: retry each alone, so only the culprit fails
                for one in group:
                    self._commit([one])
                return
            outcomes = [exc]
        _settle([(waiter, outcome) for (_request, waiter), outcome
                 in zip(group, outcomes, strict=True)])

    # -- one transaction ---------------------------------------------------------------------

    @contextmanager
    def _locked(self, intent_ids: Sequence[str]) -> Iterator[Connection]:
        """A transaction holding the flights of ``intent_ids`` (sorted)."""
        if self._engine.dialect.name == "sqlite":
            with sqlite_immediate(self._engine) as conn:
                yield conn
            return
        with self._engine.begin() as conn:
            # Row locks in id order: every worker takes them in the same order.
            conn.execute(_LOCK, {"ids": list(intent_ids)})
            yield conn

    def _flights(self, conn: Connection, intent_ids: Sequence[str]) -> dict[str, _Flight]:
        """The stored flights of the active intents among ``intent_ids``."""
        rows = conn.execute(_FLIGHTS, {"ids": list(intent_ids)}).all()
        if not rows:
            return {}
        stored: dict[str, list[_StoredVolume]] = {}
        for row in conn.execute(_VOLUMES, {"ids": [r[0] for r in rows]}):
            stored.setdefault(row[0], []).append(_StoredVolume(*row[1:]))
        flights: dict[str, _Flight] = {}
        for intent_id, owner, priority, state, flier, data, max_seq in rows:
            volumes, projected = _volumes(tuple(stored[intent_id]), self._frame)
            flights[intent_id] = _Flight(
                OperationalIntent(intent_id, owner, priority, volumes, IntentState(state)),
                projected, flier, None if data is None else _transition(data), max_seq or 0)
        return flights

    def _observe(self, request: IngestRequest, flight: _Flight | None,
                 measured: list[tuple[float, bool]]
                 ) -> tuple[IngestResult, list[tuple[int, ConformanceEvent]]]:
        """The monitor's verdict on one request, each event with the index of the report that
        caused it; changes ``flight`` only when it succeeds."""
        if flight is None:
            raise UnknownName("active intent", request.intent_id)
        request.authorise(flight.intent.owner)
        flown_by = flight.flown_by
        if flown_by is not None and flown_by != request.aircraft_id:
            raise InvalidInput(f"aircraft_id: intent {request.intent_id} is flown by {flown_by}",
                               field="aircraft_id")
        monitor = ConformanceMonitor(flight.intent.with_state(flight.state), request.aircraft_id,
                                     self._frame, self._policy, projected=flight.projected)
        # The stored state is the truth (transitions are written back with their events); the
        # last transition adds since when the aircraft is outside.
        if flight.last is not None and flight.last.to_state is flight.state:
            monitor.resume([flight.last])
        caused: list[tuple[int, ConformanceEvent]] = []
        for k, report in enumerate(request.reports):
            try:
                caused.extend((k, ev) for ev in monitor.observe(report, measured=measured[k]))
            except InvalidInput as exc:
                raise InvalidInput(f"reports.{k}: {exc}", field=f"reports.{k}") from None
        events = [ev for _k, ev in caused]
        transitions = [ev for ev in events if isinstance(ev, StateTransition)]
        flight.flown_by = request.aircraft_id
        flight.state = monitor.state
        flight.transitions.extend(transitions)
        if transitions:
            flight.last = transitions[-1]
        return IngestResult(request.intent_id, len(request.reports), monitor.state,
                            tuple(events)), caused

    def _transaction(self, requests: Sequence[IngestRequest]
                     ) -> list[IngestResult | Exception]:
        """Ingest ``requests`` in one transaction; a refused request's outcome is its error."""
        ids = sorted({r.intent_id for r in requests})
        # Every report of the group projected in one call.
        lon = np.array([p.lon for r in requests for p in r.reports], dtype=float)
        lat = np.array([p.lat for r in requests for p in r.reports], dtype=float)
        xs, ys = self._frame.project_xy(lon, lat)
        points = list(zip(xs.tolist(), ys.tolist(), strict=True))
        outcomes: list[IngestResult | Exception] = []
        with self._locked(ids) as conn:
            flights = self._flights(conn, ids)
            # ... and measured against their intents' volumes in one call.
            items: list[tuple[Sequence[ProjectedVolume], PositionReport, tuple[float, float]]] = []
            start = 0
            for request in requests:
                found = flights.get(request.intent_id)
                if found is not None:
                    items.extend((found.projected, p, points[start + k])
                                 for k, p in enumerate(request.reports))
                start += len(request.reports)
            measured = iter(deviations(items))
            telemetry: list[dict[str, Any]] = []
            stored_events: list[dict[str, Any]] = []
            for request in requests:
                flight = flights.get(request.intent_id)
                mine = [] if flight is None else [next(measured) for _p in request.reports]
                try:
                    result, events = self._observe(request, flight, mine)
                except Exception as exc:  # this request only: nothing of it is written
                    outcomes.append(exc)
                    continue
                assert flight is not None  # _observe raised otherwise
                outcomes.append(result)
                first = len(telemetry)  # this request's reports' place in the insert
                telemetry.extend(
                    {"intent_id": request.intent_id, "aircraft_id": p.aircraft_id,
                     "time": p.time.timestamp(), "lon": p.lon, "lat": p.lat, "alt_m": p.alt_m,
                     "altitude_reference": p.altitude_reference.value} for p in request.reports)
                for k, ev in events:
                    flight.seq += 1
                    stored_events.append({
                        "intent_id": request.intent_id, "seq": flight.seq,
                        "kind": "alert" if isinstance(ev, ConformanceAlert) else "transition",
                        "code": ev.code, "time": ev.time.timestamp(), "data": event_data(ev),
                        "telemetry_id": first + k})  # an index until the reports have ids
            if stored_events:
                # The reports' ids, in insert order, name the report behind each event (the
                # live stream's cursor for alerts); only groups with events pay for RETURNING.
                report_ids = conn.execute(_INSERT_TELEMETRY_IDS, telemetry).scalars().all()
                for stored in stored_events:
                    stored["telemetry_id"] = report_ids[stored["telemetry_id"]]
                conn.execute(_INSERT_EVENTS, stored_events)
            elif telemetry:
                conn.execute(_INSERT_TELEMETRY, telemetry)
            for intent_id, flight in flights.items():
                if flight.transitions:
                    # Same transaction as the events: readers of the intent see the real state.
                    record_transitions(conn, intent_id, flight.intent.state, flight.transitions)
        self.commits += 1
        self.committed_requests += len(requests)
        return outcomes
