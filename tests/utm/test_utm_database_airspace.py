"""The database airspace: same decisions as in memory, serialised by the database."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from utm_support import ZONE_I, VolumeFactory, box_m

from kizuna.errors import InvalidInput
from kizuna.store import Record, engine, migrate
from kizuna.store.airspace import DatabaseAirspace
from kizuna.utm import (
    InMemoryAirspace,
    OperationalIntent,
    SubmissionResult,
    find_slot,
    intents_conflict,
    project_volumes,
)

IntentFactory = Callable[..., OperationalIntent]
AIRSPACE_TABLES = {"airspace_intents", "airspace_volumes", "airspace_cells"}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated database: a SQLite file, or a fresh PostGIS database."""
    u = (f"sqlite:///{tmp_path / 'air.db'}" if request.param == "sqlite"
         else str(request.getfixturevalue("fresh_postgres_url")))
    migrate(u)
    return u


@pytest.fixture
def air(url: str) -> Iterator[DatabaseAirspace]:
    """A database airspace in zone I."""
    a = DatabaseAirspace(url, ZONE_I)
    yield a
    a.dispose()


def test_migration_matches_the_airspace_tables(url: str) -> None:
    """Autogenerate sees no difference on the three airspace tables."""
    eng = engine(url)
    try:
        with eng.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = [d for d in compare_metadata(ctx, Record.metadata)
                    if getattr(d[1], "name", None) in AIRSPACE_TABLES
                    or getattr(getattr(d[1], "table", None), "name", None) in AIRSPACE_TABLES]
    finally:
        eng.dispose()
    assert diff == []


def _story(intent: IntentFactory, volume: VolumeFactory) -> list[OperationalIntent | str]:
    return [
        intent("a1", owner="op-a"),
        intent("b1", volume(box_m(50, 50, 150, 150)), owner="op-b"),
        intent("c1", volume(box_m(100, 0, 200, 100))),  # shares an edge with a1
        intent("d1", volume(box_m(0, 0, 100, 100), start_min=20, end_min=30)),  # touches a1 in time
        intent("e1", volume(box_m(0, 0, 300, 100), 50, 80), priority=9, owner="hospital"),
        "a1",
        intent("a1", volume(box_m(0, 0, 100, 100), start_min=40, end_min=50)),  # id reused
        intent("f1", volume(box_m(60, 0, 90, 30), start_min=45, end_min=46)),
    ]


def _run(airspace: InMemoryAirspace | DatabaseAirspace,
         story: list[OperationalIntent | str]) -> list[SubmissionResult | bool]:
    return [airspace.end(s) if isinstance(s, str) else airspace.submit(s) for s in story]


def test_same_decisions_as_the_in_memory_airspace(air: DatabaseAirspace, intent: IntentFactory,
                                                  volume: VolumeFactory) -> None:
    """A story of submissions, preemption, an end and a reused id decides the same both ways."""
    story = _story(intent, volume)
    expected = _run(InMemoryAirspace(ZONE_I), story)
    assert _run(air, story) == expected
    assert expected[1] == SubmissionResult("b1", False, ("a1",))
    assert expected[4].accepted and expected[4].replan == ("a1", "c1")  # type: ignore[union-attr]
    assert air.replan_required() == {"c1"}  # a1 ended since
    assert [i.id for i in air.active()] == ["a1", "c1", "d1", "e1"]
    assert air.active()[0].volumes == story[6].volumes  # type: ignore[union-attr]
    with pytest.raises(InvalidInput, match="already active"):
        air.submit(intent("e1"))


def test_find_slot_works_on_the_database(air: DatabaseAirspace, intent: IntentFactory) -> None:
    """find_slot only needs check(): a rejected flight is delayed, not dropped."""
    air.submit(intent("a1"))
    slot = find_slot(air, intent("b1", owner="op-b"), step=timedelta(minutes=5))
    assert slot.delay == timedelta(minutes=20)
    assert air.submit(slot.intent).accepted


def _rounds(volume: VolumeFactory, n: int, seed: int) -> list[tuple[OperationalIntent, ...]]:
    """n pairs of conflicting intents; pairs far apart (3 km lattice), positions jittered so some
    pairs straddle lock-cell boundaries."""
    rng = np.random.default_rng(seed)
    pairs = []
    for r in range(n):
        x = (r % 20) * 3000 + float(rng.uniform(-600, 600))
        y = (r // 20) * 3000 + float(rng.uniform(-600, 600))
        dx, dy = rng.uniform(-150, 150, 2)
        start = float(rng.uniform(0, 30))
        a = volume(box_m(x, y, x + 200, y + 200), 30, 90, start, start + 15)
        b = volume(box_m(x + dx, y + dy, x + dx + 200, y + dy + 200), 60, 120, start + 5,
                   start + 25)
        pairs.append((OperationalIntent(f"r{r}a", "op-a", 0, (a,)),
                      OperationalIntent(f"r{r}b", "op-b", 0, (b,))))
    return pairs


def _hammer(url: str, pairs: list[tuple[OperationalIntent, ...]], threads: int,
            seed: int) -> dict[str, SubmissionResult]:
    """Each thread has its own engine; each batch of submissions starts on a barrier."""
    per_batch = threads // 2
    order = [pairs[i:i + per_batch] for i in range(0, len(pairs), per_batch)]
    rng = np.random.default_rng(seed)
    batches = []
    for group in order:
        subs = [i for pair in group for i in pair]
        batches.append([subs[k] for k in rng.permutation(len(subs))])
    results: dict[str, SubmissionResult] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(threads)
    lock = threading.Lock()  # guards the test's result dict only, not any decision

    def worker(k: int) -> None:
        air = DatabaseAirspace(url, ZONE_I)
        try:
            for batch in batches:
                barrier.wait(timeout=60)
                if k < len(batch):
                    r = air.submit(batch[k])
                    with lock:
                        results[batch[k].id] = r
        except BaseException as exc:  # reported below, so a failure is not a hang
            errors.append(exc)
            barrier.abort()
        finally:
            air.dispose()

    ts = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert errors == []
    return results


def _assert_exactly_one_per_pair(air: DatabaseAirspace, pairs: list[tuple[OperationalIntent, ...]],
                                 results: dict[str, SubmissionResult]) -> None:
    for a, b in pairs:
        ra, rb = results[a.id], results[b.id]
        assert ra.accepted != rb.accepted, (a.id, ra, rb)
        loser, winner = (rb, a) if ra.accepted else (ra, b)
        assert loser.conflicts == (winner.id,)
    active = air.active()
    assert {i.id for i in active} == {i for i, r in results.items() if r.accepted}
    vols = {i.id: project_volumes(i.volumes, ZONE_I) for i in active}
    ids = sorted(vols)
    for k, i in enumerate(ids):
        for j in ids[k + 1:]:
            assert not intents_conflict(vols[i], vols[j])


@pytest.mark.postgres
def test_concurrent_conflicting_pairs_on_postgresql(fresh_postgres_url: str,
                                                    volume: VolumeFactory) -> None:
    """8 submitters, 200 pairs that conflict: exactly one of each pair is accepted."""
    migrate(fresh_postgres_url)
    pairs = _rounds(volume, 200, seed=11)
    results = _hammer(fresh_postgres_url, pairs, threads=8, seed=12)
    air = DatabaseAirspace(fresh_postgres_url, ZONE_I)
    try:
        _assert_exactly_one_per_pair(air, pairs, results)
    finally:
        air.dispose()


def test_concurrent_conflicting_pairs_on_sqlite(tmp_path: Path, volume: VolumeFactory) -> None:
    """BEGIN IMMEDIATE serialises SQLite writers the same way (fewer rounds: one file)."""
    url = f"sqlite:///{tmp_path / 'air.db'}"
    migrate(url)
    pairs = _rounds(volume, 24, seed=21)
    results = _hammer(url, pairs, threads=4, seed=22)
    air = DatabaseAirspace(url, ZONE_I)
    try:
        _assert_exactly_one_per_pair(air, pairs, results)
    finally:
        air.dispose()
