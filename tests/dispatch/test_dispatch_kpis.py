"""The shared KPIs: on time against the deadline, over the orders that are due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kizuna.dispatch import (
    Item,
    ItemKind,
    Order,
    OrderRecord,
    OrderState,
    PartyKind,
    advance,
    on_time_rate,
    receive,
    service_kpis,
)
from kizuna.dispatch.kpis import is_due, on_time

T0 = datetime(2025, 12, 1, 1, tzinfo=UTC)


def _order(oid: str, cold_min: float | None = None, window_h: float = 3.0) -> OrderRecord:
    item = (Item(ItemKind.COLD_CHAIN, 0.5, cold_min) if cold_min is not None
            else Item(ItemKind.DAILY_GOODS, 1.0))
    o = Order(oid, "s", PartyKind.SHOP, "b", "h", (item,), "spot", T0,
              T0 + timedelta(hours=window_h), T0)
    return advance(receive(o), OrderState.ACCEPTED, T0)


def _delivered(r: OrderRecord, minutes: float) -> OrderRecord:
    at = T0 + timedelta(minutes=minutes)
    r = advance(r, OrderState.SCHEDULED, at - timedelta(minutes=2))
    r = advance(r, OrderState.IN_FLIGHT, at - timedelta(minutes=1))
    return advance(r, OrderState.DELIVERED, at)


def test_on_time_is_against_the_deadline_cold_chain_included() -> None:
    """Within the window but after the cold-chain limit is late."""
    assert on_time(_delivered(_order("a"), 170))
    assert not on_time(_delivered(_order("b"), 190))
    assert not on_time(_delivered(_order("c", cold_min=60.0), 90))
    assert on_time(_delivered(_order("d", cold_min=60.0), 50))


def test_rate_counts_due_orders() -> None:
    """Failed and overdue open orders count against the rate; open orders not yet due,
    rejected and cancelled orders do not count."""
    now = T0 + timedelta(hours=2)
    on = _delivered(_order("on"), 30)
    late = _delivered(_order("late", cold_min=20.0), 40)
    failed = advance(_order("f"), OrderState.FAILED, T0 + timedelta(minutes=5))
    open_ = _order("open")  # deadline T0 + 3 h: not due at T0 + 2 h
    overdue = _order("over", window_h=1.0)
    cancelled = advance(_order("x"), OrderState.CANCELLED, T0)
    rejected = advance(receive(_order("r").order), OrderState.REJECTED, T0)
    recs = [on, late, failed, open_, overdue, cancelled, rejected]
    assert [is_due(r, now) for r in recs] == [True, True, True, False, True, False, False]
    assert on_time_rate(recs, now) == 1 / 4
    assert on_time_rate([open_], now) is None
    k = service_kpis(recs, now)
    assert (k.orders, k.accepted, k.delivered, k.failed, k.due, k.on_time) == (7, 6, 2, 1, 4, 1)
    assert k.delivery_minutes_p50 == 35.0


def test_rate_of_a_day_in_progress_is_not_penalised() -> None:
    """An order that can still arrive on time does not lower the rate."""
    now = T0 + timedelta(minutes=40)
    assert on_time_rate([_delivered(_order("a"), 30), _order("b")], now) == 1.0
