"""Orders: life cycle with audit trail, and validation reasons."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kizuna.dispatch import (
    DropSpot,
    Item,
    ItemKind,
    Order,
    OrderState,
    PartyKind,
    ServiceArea,
    advance,
    receive,
    validate_order,
)
from kizuna.errors import InvalidInput

T0 = datetime(2025, 12, 1, 9, tzinfo=UTC)


def _order(*items: Item, spot: str = "s1", window_h: float = 2.0) -> Order:
    return Order("o1", "shop", PartyKind.SHOP, "b1", "house-1", items, spot, T0,
                 T0 + timedelta(hours=window_h), T0)


AREA = ServiceArea(drop_spots={"s1": DropSpot("s1", "aokata", 129.05, 33.01),
                               "s2": DropSpot("s2", "ojika", 129.06, 33.19)},
                   settlements=frozenset({"aokata"}), coverage={"s1": (1.0, 4.5)})


def test_life_cycle_keeps_every_transition() -> None:
    """received -> accepted -> scheduled (twice, new ETA) -> in flight -> delivered, audited."""
    r = receive(_order(Item(ItemKind.DAILY_GOODS, 1.0)))
    r = advance(r, OrderState.ACCEPTED, T0)
    r = advance(r, OrderState.SCHEDULED, T0, eta=T0 + timedelta(minutes=20))
    r = advance(r, OrderState.SCHEDULED, T0 + timedelta(minutes=1),
                eta=T0 + timedelta(minutes=25))
    r = advance(r, OrderState.IN_FLIGHT, T0 + timedelta(minutes=5))
    r = advance(r, OrderState.DELIVERED, T0 + timedelta(minutes=25))
    assert [e.state for e in r.events] == ["received", "accepted", "scheduled", "scheduled",
                                           "in_flight", "delivered"]
    assert r.eta == T0 + timedelta(minutes=25)
    assert r.final


@pytest.mark.parametrize("start,to", [(OrderState.RECEIVED, OrderState.DELIVERED),
                                      (OrderState.RECEIVED, OrderState.IN_FLIGHT)])
def test_illegal_transition_is_refused(start: OrderState, to: OrderState) -> None:
    """An order cannot skip acceptance."""
    r = receive(_order(Item(ItemKind.DAILY_GOODS, 1.0)))
    assert r.state is start
    with pytest.raises(InvalidInput):
        advance(r, to, T0)


def test_rejection_keeps_its_reason() -> None:
    """A rejected order is final and says why."""
    r = advance(receive(_order(Item(ItemKind.DAILY_GOODS, 1.0))), OrderState.REJECTED, T0,
                "OVERWEIGHT")
    assert r.final and r.reason == "OVERWEIGHT"
    with pytest.raises(InvalidInput):
        advance(r, OrderState.ACCEPTED, T0)


def test_cold_chain_item_needs_a_time_limit() -> None:
    """2-8 °C goods carry a limit."""
    with pytest.raises(InvalidInput):
        Item(ItemKind.COLD_CHAIN, 0.5)
    assert _order(Item(ItemKind.COLD_CHAIN, 0.5, 60.0)).medical


@pytest.mark.parametrize("order,codes", [
    (_order(Item(ItemKind.DAILY_GOODS, 1.0)), []),
    (_order(Item(ItemKind.DAILY_GOODS, 5.0)), ["OVERWEIGHT"]),
    (_order(Item(ItemKind.DANGEROUS_GOODS, 0.2)), ["DANGEROUS_GOODS"]),
    (_order(Item(ItemKind.DAILY_GOODS, 1.0), spot="s2"), ["OUTSIDE_SERVICE_AREA", "NOT_COVERED"]),
    (_order(Item(ItemKind.DAILY_GOODS, 1.0), spot="zz"), ["UNKNOWN_DROP_SPOT"]),
])
def test_validation_codes(order: Order, codes: list[str]) -> None:
    """Each refusal names its rule."""
    assert [r.code for r in validate_order(order, AREA)] == codes
