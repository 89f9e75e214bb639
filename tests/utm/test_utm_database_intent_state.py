"""Conformance transitions written back to the database airspace (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from utm_support import T0, ZONE_I, VolumeFactory, box_m

from kizuna.errors import InvalidInput
from kizuna.store import migrate
from kizuna.store.airspace import (
    AirspaceCellRow,
    AirspaceIntentRow,
    DatabaseAirspace,
    record_transitions,
)
from kizuna.store.telemetry import ConformanceEventRow
from kizuna.utm import IntentState, OperationalIntent
from kizuna.utm.conformance import StateTransition

IntentFactory = Callable[..., OperationalIntent]
S = IntentState


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def air(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DatabaseAirspace]:
    """A database airspace in zone I on a migrated SQLite file or PostGIS database."""
    url = (f"sqlite:///{tmp_path / 'air.db'}" if request.param == "sqlite"
           else str(request.getfixturevalue("fresh_postgres_url")))
    migrate(url)
    a = DatabaseAirspace(url, ZONE_I)
    yield a
    a.dispose()


def _move(intent_id: str, a: IntentState, b: IntentState, seconds: int = 0) -> StateTransition:
    return StateTransition(intent_id, "JU-1", T0 + timedelta(seconds=seconds), a, b, "X", "test")


def _stored(air: DatabaseAirspace, intent_id: str) -> str | None:
    with air.engine.connect() as conn:
        return conn.scalar(select(AirspaceIntentRow.state).where(
            AirspaceIntentRow.id == intent_id))


def test_transitions_reach_readers_and_keep_the_volumes_blocked(
        air: DatabaseAirspace, intent: IntentFactory, volume: VolumeFactory) -> None:
    """Activated -> Nonconforming -> Contingent in one transaction: get() and active() show
    Contingent, a priority-9 intent over it is refused (no replan), and the end frees it."""
    assert air.submit(intent("a1")).accepted
    with air.engine.begin() as conn:
        got = record_transitions(conn, "a1", S.ACCEPTED, [
            _move("a1", S.ACCEPTED, S.ACTIVATED, 1), _move("a1", S.ACTIVATED, S.NONCONFORMING, 2),
            _move("a1", S.NONCONFORMING, S.CONTINGENT, 40)])
    assert got is S.CONTINGENT
    found = air.get("a1")
    assert found is not None and found.state is S.CONTINGENT
    assert [i.state for i in air.active()] == [S.CONTINGENT]
    over = intent("med", volume(box_m(50, 50, 150, 150)), priority=9, owner="hospital")
    result = air.submit(over)
    assert not result.accepted and result.conflicts == ("a1",) and result.replan == ()
    assert air.replan_required() == set()
    assert air.end("a1")
    assert air.submit(over).accepted


def test_a_nominal_intent_is_preempted_in_the_database(
        air: DatabaseAirspace, intent: IntentFactory, volume: VolumeFactory) -> None:
    """The contrast: an Activated intent is preempted by the higher priority, as before."""
    air.submit(intent("a1"))
    with air.engine.begin() as conn:
        record_transitions(conn, "a1", S.ACCEPTED, [_move("a1", S.ACCEPTED, S.ACTIVATED)])
    result = air.submit(intent("med", volume(box_m(50, 50, 150, 150)), priority=9))
    assert result.accepted and result.replan == ("a1",)
    assert air.replan_required() == {"a1"}


def test_state_and_events_commit_or_roll_back_together(air: DatabaseAirspace,
                                                       intent: IntentFactory) -> None:
    """A failure after the write in the same transaction leaves neither event nor state."""
    air.submit(intent("a1"))
    with pytest.raises(RuntimeError, match="after the write"), air.engine.begin() as conn:
        conn.execute(insert(ConformanceEventRow).values(
            intent_id="a1", seq=1, kind="transition", code="UTM-NONCONFORMING", time=0.0,
            data={}))
        record_transitions(conn, "a1", S.ACCEPTED,
                           [_move("a1", S.ACCEPTED, S.NONCONFORMING)])
        raise RuntimeError("after the write")
    assert _stored(air, "a1") == "Accepted"
    with air.engine.connect() as conn:
        assert conn.scalar(select(ConformanceEventRow.seq)) is None


@pytest.mark.parametrize(("current", "moves", "match"), [
    (S.CONTINGENT, [(S.CONTINGENT, S.ACTIVATED)], "Contingent -> Activated"),
    (S.ACCEPTED, [(S.ACCEPTED, S.CONTINGENT)], "Accepted -> Contingent"),
    (S.ACCEPTED, [(S.ACTIVATED, S.NONCONFORMING)], "is Accepted, a transition starts from "
     "Activated"),
    (S.ACCEPTED, [(S.ACCEPTED, S.ACTIVATED), (S.NONCONFORMING, S.CONTINGENT)],
     "is Activated, a transition starts from Nonconforming"),
])
def test_illegal_transitions_are_rejected_and_nothing_is_written(
        air: DatabaseAirspace, intent: IntentFactory, current: IntentState,
        moves: list[tuple[IntentState, IntentState]], match: str) -> None:
    """An illegal or unchained move raises InvalidInput (field state) before any write."""
    air.submit(intent("a1"))
    if current is S.CONTINGENT:
        air.set_state("a1", S.NONCONFORMING)
        air.set_state("a1", S.CONTINGENT)
    with pytest.raises(InvalidInput, match=match) as err, air.engine.begin() as conn:
        record_transitions(conn, "a1", current, [_move("a1", a, b) for a, b in moves])
    assert err.value.field == "state"
    assert _stored(air, "a1") == current.value


def test_a_state_changed_meanwhile_is_not_overwritten(air: DatabaseAirspace,
                                                      intent: IntentFactory) -> None:
    """Compare-and-set: transitions read against Activated fail once the intent has ended."""
    air.submit(intent("a1"))
    air.set_state("a1", S.ACTIVATED)
    assert air.end("a1")
    with pytest.raises(InvalidInput, match="no longer Activated"), air.engine.begin() as conn:
        record_transitions(conn, "a1", S.ACTIVATED, [_move("a1", S.ACTIVATED, S.NONCONFORMING)])
    assert _stored(air, "a1") == "Ended"
    assert air.get("a1") is None


def test_set_state_follows_the_machine_and_ended_frees_the_cells(
        air: DatabaseAirspace, intent: IntentFactory) -> None:
    """set_state: legal moves stored, illegal ones raise, unknown ids raise, Ended drops cells."""
    air.submit(intent("a1"))
    air.set_state("a1", S.NONCONFORMING)
    with pytest.raises(InvalidInput, match="Nonconforming -> Accepted"):
        air.set_state("a1", S.ACCEPTED)
    assert _stored(air, "a1") == "Nonconforming"
    with pytest.raises(InvalidInput, match="no active intent 'zz'"):
        air.set_state("zz", S.ACTIVATED)
    air.set_state("a1", S.ENDED)
    with air.engine.connect() as conn:
        assert conn.scalar(select(AirspaceCellRow.intent_id)) is None
    with pytest.raises(InvalidInput, match="no active intent 'a1'"):
        air.set_state("a1", S.ACTIVATED)
