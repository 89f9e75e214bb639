"""Two writers race one record through the stores' locks (``lock_for_write``: BEGIN IMMEDIATE on
SQLite, FOR UPDATE on PostgreSQL): exactly one wins, the other gets Conflict and writes
nothing. On SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from residency_store_builders import COMPANY, DOCUMENT_BYTES, IMMIGRATION, cipher, draft_case
from sqlalchemy.orm import Session, sessionmaker

from kizuna.dispatch import Item, ItemKind, Order, OrderState, PartyKind, advance, receive
from kizuna.errors import Conflict
from kizuna.residency import CaseState, ImmigrationDecision, default_programmes
from kizuna.store import Organisation, OrganisationRepository, ResidencyRepository
from kizuna.store.orders import DropSpotRow, OrderStore, StoredOrder

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
#: How long each writer holds its read before writing: long enough that, without the lock, the
#: two would both read the old state.
HOLD_S = 0.3


def _race(*calls: Callable[[], Any]) -> list[BaseException | Any]:
    """Run the calls at once; each one's result or exception, in call order."""
    start = threading.Barrier(len(calls))
    out: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        start.wait()
        try:
            out[i] = calls[i]()
        except Exception as exc:  # the loser's Conflict is the result under test
            out[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


@pytest.fixture
def orgs(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    with sessions.begin() as s:
        OrganisationRepository(s).add(Organisation("kumamoto-chips", "Kumamoto Chips",
                                                   "company"))
        OrganisationRepository(s).add(Organisation("op-goto", "Goto", "operator"))
    return sessions


def test_two_plans_of_one_order_one_wins(orgs: sessionmaker[Session]) -> None:
    """Two operators schedule one order from the same read: one is stored, one conflicts."""
    store = OrderStore(orgs, lambda: T0)
    store.save_drop_spot(DropSpotRow(
        id="pad", organisation_id="op-goto", prefecture="nagasaki", scenario="goto",
        settlement_id="aokata", base_id="aokata", name="pad", name_ja="pad", lon=129.05,
        lat=33.01, coverage_kg=[2.0], typical_out_s=300.0))
    order = Order("ord-1", "shop", PartyKind.SHOP, "aokata", "home",
                  (Item(ItemKind.MEDICINE, 0.5),), "pad", T0, T0 + timedelta(hours=2), T0)
    read = store.add(receive(order), user_id=None, organisation_id="op-goto",
                     prefecture="nagasaki")

    def plan(note: str) -> StoredOrder:
        def step(now: StoredOrder) -> tuple[Any, Any]:
            if now.record != read.record:
                raise Conflict("order changed while it was planned", field="state")
            time.sleep(HOLD_S)
            return advance(now.record, OrderState.ACCEPTED, T0, note), {"by": note}
        return store.update("ord-1", step)

    got = _race(lambda: plan("first"), lambda: plan("second"))
    assert sorted(type(g).__name__ for g in got) == ["Conflict", "StoredOrder"]
    stored = store.get("ord-1")
    assert [e.state for e in stored.record.events] == [OrderState.RECEIVED, OrderState.ACCEPTED]
    assert stored.flight == next(g for g in got if isinstance(g, StoredOrder)).flight


def test_grant_and_refuse_of_one_case_one_wins(orgs: sessionmaker[Session]) -> None:
    """Two immigration decisions saved from the same read: one stored, one Conflict."""
    repo = ResidencyRepository(orgs, cipher(), now=lambda: T0)
    kumamoto = default_programmes().get("kumamoto")
    case = draft_case()
    repo.save_case(case, "kumamoto-chips", COMPANY, {case.documents[0].sha256: DOCUMENT_BYTES})
    review = case.file(date(2025, 3, 3), kumamoto).start_review(date(2025, 3, 4))
    repo.save_case(review, "kumamoto-chips", IMMIGRATION)

    def decide(granted: bool) -> str:
        decided = review.decide(ImmigrationDecision(IMMIGRATION.actor_id, date(2025, 3, 20),
                                                    granted, "the officer's decision"))
        repo.save_case(decided, "kumamoto-chips", IMMIGRATION,
                       expected_state=CaseState.UNDER_REVIEW)
        return decided.state.value

    got = _race(lambda: decide(True), lambda: decide(False))
    assert sorted(type(g).__name__ for g in got) == ["Conflict", "str"]
    winner = next(g for g in got if isinstance(g, str))
    assert repo.read_case("coe-1", IMMIGRATION, "check").state.value == winner
