"""Telemetry ingest with group commit: what a group writes is what one request at a time would
write, a refused or failing request costs only itself, and cached volumes are never stale."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import box
from sqlalchemy import func, select

from kizuna.errors import InvalidInput, UnknownName
from kizuna.store import ingest as ingest_module
from kizuna.store import migrate
from kizuna.store.airspace import DatabaseAirspace
from kizuna.store.ingest import IngestRequest, IngestResult, TelemetryWriter
from kizuna.store.telemetry import ConformanceEventRow, TelemetryRow
from kizuna.utm import MetricFrame, OperationalIntent, Volume4D
from kizuna.utm.conformance import ConformanceMonitor, PositionReport
from kizuna.utm.intent import IntentState
from kizuna.utm.volume import AltitudeReference

FRAME = MetricFrame(6677)  # JGD2011 zone IX (Fukushima)
T0 = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
#: Squares in Minamisoma, about 880 m a side, 2 km apart.
SQUARES = {k: box(140.95 + 0.02 * k, 37.70, 140.96 + 0.02 * k, 37.71) for k in range(4)}
INSIDE = {k: 140.955 + 0.02 * k for k in SQUARES}
OUTSIDE = {k: 140.9601 + 0.02 * k for k in SQUARES}  # about 9 m east of square k
#: (seconds after T0, inside?): activated, out, back in, out at 90 s, still out at 125 s
#: (35 s > 30 s) -> contingent, then stays so.
FLIGHT = [(60, True), (70, False), (80, True), (90, False), (100, False), (115, False),
          (125, False), (130, True)]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def air(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DatabaseAirspace]:
    """A migrated database (a SQLite file or a fresh PostGIS database) and its airspace."""
    url = (f"sqlite:///{tmp_path / 'ingest.db'}" if request.param == "sqlite"
           else str(request.getfixturevalue("fresh_postgres_url")))
    migrate(url)
    airspace = DatabaseAirspace(url, FRAME)
    yield airspace
    airspace.dispose()


def _intent(intent_id: str, square: int) -> OperationalIntent:
    return OperationalIntent(intent_id, "op-soma", 0, (Volume4D(
        SQUARES[square], 0, 120, AltitudeReference.AGL, T0, T0 + timedelta(minutes=30)),))


def _submit(air: DatabaseAirspace, intent_id: str, square: int) -> None:
    assert air.submit(_intent(intent_id, square)).accepted


def _report(seconds: int, lon: float, aircraft: str = "JU1") -> PositionReport:
    return PositionReport(aircraft, T0 + timedelta(seconds=seconds), lon, 37.705, 60.0,
                          AltitudeReference.AGL)


def _flight(square: int, aircraft: str = "JU1") -> list[PositionReport]:
    return [_report(s, INSIDE[square] if inside else OUTSIDE[square], aircraft)
            for s, inside in FLIGHT]


def _request(intent_id: str, reports: list[PositionReport],
             authorise: Callable[[str], None] | None = None) -> IngestRequest:
    if authorise is None:
        return IngestRequest(intent_id, reports[0].aircraft_id, tuple(reports))
    return IngestRequest(intent_id, reports[0].aircraft_id, tuple(reports), authorise)


def _stored_events(air: DatabaseAirspace, intent_id: str) -> list[tuple[int, str, str]]:
    with air.engine.connect() as conn:
        rows = conn.execute(select(ConformanceEventRow.seq, ConformanceEventRow.kind,
                                   ConformanceEventRow.code).where(
            ConformanceEventRow.intent_id == intent_id).order_by(ConformanceEventRow.seq))
        return [(r[0], r[1], r[2]) for r in rows]


def _logged(air: DatabaseAirspace, intent_id: str) -> int:
    with air.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(TelemetryRow).where(
            TelemetryRow.intent_id == intent_id)) or 0)


def _one_monitor(intent_id: str, square: int, reports: list[PositionReport]
                 ) -> list[tuple[int, str, str]]:
    monitor = ConformanceMonitor(_intent(intent_id, square), reports[0].aircraft_id, FRAME)
    for r in reports:
        monitor.observe(r)
    return [(k + 1, "transition" if hasattr(e, "to_state") else "alert", e.code)
            for k, e in enumerate(monitor.log)]


class Gate:
    """An ``authorise`` that holds the writer inside its transaction until opened, so the
    requests submitted meanwhile queue up and are written as one group."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.opened = threading.Event()

    def __call__(self, _owner: str) -> None:
        self.entered.set()
        assert self.opened.wait(30), "the test never opened the gate"


def _grouped(writer: TelemetryWriter, first: IngestRequest, rest: list[IngestRequest],
             gate: Gate) -> list[Future[IngestResult]]:
    """Submit ``first`` (held by ``gate``), then ``rest`` while it is held; release it."""
    futures = [writer.submit(first)]
    assert gate.entered.wait(30)
    futures += [writer.submit(r) for r in rest]
    gate.opened.set()
    for f in futures:
        f.exception(timeout=60)  # wait for every outcome
    return futures


def test_a_group_writes_what_one_request_at_a_time_would(air: DatabaseAirspace) -> None:
    """Eight one-report requests of one flight in one group: the events of one monitor fed
    every report, numbered 1..n, the intent's state written back; two commits in all."""
    _submit(air, "oi-1", 0)
    _submit(air, "oi-2", 1)
    writer = TelemetryWriter(air.engine, FRAME)
    gate = Gate()
    first = _request("oi-2", [_report(60, INSIDE[1])], gate)
    reports = _flight(0)
    futures = _grouped(writer, first, [_request("oi-1", [r]) for r in reports], gate)
    results = [f.result() for f in futures]
    assert writer.commits == 2 and writer.committed_requests == 9
    assert [r.accepted_reports for r in results] == [1] * 9
    assert results[-1].state is IntentState.CONTINGENT
    assert _stored_events(air, "oi-1") == _one_monitor("oi-1", 0, reports)
    assert _logged(air, "oi-1") == len(reports)
    stored = air.get("oi-1")
    assert stored is not None and stored.state is IntentState.CONTINGENT
    # The events each request was answered with are its own, in order.
    codes = [e.code for r in results[1:] for e in r.events]
    assert codes == [c for _s, _k, c in _stored_events(air, "oi-1")]


def test_refused_requests_cost_only_themselves(air: DatabaseAirspace) -> None:
    """Unknown intent, refused tenancy, a second aircraft and a bad report, in one group with
    good requests: each refused one gets its error and writes nothing; the others are stored."""
    for k in range(3):
        _submit(air, f"oi-{k}", k)
    writer = TelemetryWriter(air.engine, FRAME)
    gate = Gate()

    def refuse(owner: str) -> None:
        raise PermissionError(f"not {owner}")

    amsl = PositionReport("JU1", T0 + timedelta(seconds=70), INSIDE[0], 37.705, 60.0,
                          AltitudeReference.AMSL)
    futures = _grouped(writer, _request("oi-0", [_report(60, INSIDE[0])], gate), [
        _request("oi-unknown", [_report(60, INSIDE[0])]),
        _request("oi-1", [_report(60, INSIDE[1])], refuse),
        _request("oi-0", [_report(61, INSIDE[0], "JU2")]),  # oi-0 is flown by JU1 (1st request)
        _request("oi-0", [_report(62, INSIDE[0]), amsl]),  # the second report is refused
        _request("oi-2", [_report(60, INSIDE[2], "JU3")]),
        _request("oi-0", [_report(63, INSIDE[0])]),
    ], gate)
    assert writer.commits == 2
    assert isinstance(futures[1].exception(), UnknownName)
    assert isinstance(futures[2].exception(), PermissionError)
    wrong = futures[3].exception()
    assert isinstance(wrong, InvalidInput) and wrong.field == "aircraft_id"
    bad = futures[4].exception()
    assert isinstance(bad, InvalidInput) and bad.field == "reports.1"
    assert futures[5].result().state is IntentState.ACTIVATED
    assert futures[6].result().accepted_reports == 1
    assert (_logged(air, "oi-0"), _logged(air, "oi-1"), _logged(air, "oi-2")) == (2, 0, 1)


def test_a_failing_write_fails_only_its_request(air: DatabaseAirspace,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that fails rolls the group back; each request is retried alone, so only the
    one whose write fails gets the error, and nothing of it is stored."""
    for k in range(3):
        _submit(air, f"oi-{k}", k)
    real = ingest_module.record_transitions

    def record(conn: Any, intent_id: str, *args: Any) -> IntentState:
        if intent_id == "oi-1":
            raise RuntimeError("disk on fire")
        return real(conn, intent_id, *args)

    monkeypatch.setattr(ingest_module, "record_transitions", record)
    writer = TelemetryWriter(air.engine, FRAME)
    gate = Gate()
    futures = _grouped(writer, _request("oi-0", [_report(59, INSIDE[0])], gate), [
        _request(f"oi-{k}", [_report(60, INSIDE[k])]) for k in range(3)], gate)
    assert futures[0].result().state is IntentState.ACTIVATED
    assert isinstance(futures[2].exception(), RuntimeError)
    assert futures[1].result().state is futures[3].result().state is IntentState.ACTIVATED
    assert (_logged(air, "oi-0"), _logged(air, "oi-1"), _logged(air, "oi-2")) == (2, 0, 1)
    assert _stored_events(air, "oi-1") == []
    stored = air.get("oi-1")
    assert stored is not None and stored.state is IntentState.ACCEPTED


def test_a_cancelled_request_is_never_written(air: DatabaseAirspace) -> None:
    """A request cancelled while it waits for its group is dropped, not written."""
    _submit(air, "oi-0", 0)
    writer = TelemetryWriter(air.engine, FRAME)
    gate = Gate()
    held = writer.submit(_request("oi-0", [_report(60, INSIDE[0])], gate))
    assert gate.entered.wait(30)
    dropped = writer.submit(_request("oi-0", [_report(61, INSIDE[0])]))
    kept = writer.submit(_request("oi-0", [_report(62, INSIDE[0])]))
    assert dropped.cancel()
    gate.opened.set()
    assert held.result(60).accepted_reports == kept.result(60).accepted_reports == 1
    assert _logged(air, "oi-0") == 2


def test_an_ended_or_replaced_intent_is_never_served_from_the_cache(
        air: DatabaseAirspace) -> None:
    """Volumes are cached by their stored text: once an intent ends its reports are refused,
    and an intent submitted again under the same id with other volumes is judged by those."""
    _submit(air, "oi-0", 0)
    writer = TelemetryWriter(air.engine, FRAME)
    assert writer.ingest(_request("oi-0", [_report(60, INSIDE[0])])).state is (
        IntentState.ACTIVATED)
    assert air.end("oi-0")
    with pytest.raises(UnknownName):
        writer.ingest(_request("oi-0", [_report(61, INSIDE[0])]))
    _submit(air, "oi-0", 3)  # same id, another square
    answer = writer.ingest(_request("oi-0", [_report(62, INSIDE[0])]))
    assert answer.state is IntentState.CONTINGENT  # 2 km outside the new square
    assert [e.code for e in answer.events] == [
        "UTM-NONCONFORMING", "UTM-NONCONFORMING", "UTM-CONTINGENT", "UTM-CONTINGENT"]
    assert writer.ingest(_request("oi-0", [_report(63, INSIDE[3])])).state is (
        IntentState.CONTINGENT)  # contingent holds


def test_coroutines_get_their_own_outcomes(air: DatabaseAirspace) -> None:
    """ingest_async: many coroutines of one loop, woken once per group, each with its result."""
    for k in range(4):
        _submit(air, f"oi-{k}", k)
    writer = TelemetryWriter(air.engine, FRAME)

    async def fly(k: int) -> list[IntentState]:
        states = []
        for r in _flight(k, f"JU{k}"):
            states.append((await writer.ingest_async(_request(f"oi-{k}", [r]))).state)
        return states

    async def main() -> tuple[list[list[IntentState]], BaseException | IngestResult]:
        flown = await asyncio.gather(*(fly(k) for k in range(4)))
        try:
            unknown: BaseException | IngestResult = await writer.ingest_async(
                _request("oi-9", [_report(60, INSIDE[0])]))
        except UnknownName as exc:
            unknown = exc
        return list(flown), unknown

    flown, unknown = asyncio.run(main())
    assert isinstance(unknown, UnknownName)
    for k in range(4):
        assert flown[k][0] is IntentState.ACTIVATED and flown[k][-1] is IntentState.CONTINGENT
        assert _stored_events(air, f"oi-{k}") == _one_monitor(f"oi-{k}", k, _flight(k, f"JU{k}"))
    assert writer.committed_requests == 4 * len(FLIGHT) + 1


def test_writer_settings_are_checked(air: DatabaseAirspace) -> None:
    """A group holds at least one report; the writer waits a non-negative time."""
    with pytest.raises(InvalidInput, match="max_group_reports"):
        TelemetryWriter(air.engine, FRAME, max_group_reports=0)
    with pytest.raises(InvalidInput, match="linger_s"):
        TelemetryWriter(air.engine, FRAME, linger_s=-1)
    with pytest.raises(InvalidInput, match="reports"):
        IngestRequest("oi-0", "JU1", ())
