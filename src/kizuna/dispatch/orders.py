"""Orders: who sends what to which drop spot, when, and the order's audited life cycle.

States::

    received -> accepted | rejected
    accepted -> scheduled | cancelled | failed
    scheduled -> scheduled (re-optimised, new ETA) | in_flight | cancelled | failed
    in_flight -> delivered | failed

Every transition is kept as an :class:`OrderEvent` (time, state, note), so the history of an
order can be shown to the resident, the operator and the regulator.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from kizuna.errors import Conflict, InvalidInput

__all__ = [
    "DropSpot",
    "Item",
    "ItemKind",
    "Order",
    "OrderEvent",
    "OrderRecord",
    "OrderState",
    "PartyKind",
    "advance",
    "receive",
]


class ItemKind(StrEnum):
    """What is carried; cold chain means 2-8 °C with a time limit."""

    DAILY_GOODS = "daily_goods"
    MEDICINE = "medicine"
    COLD_CHAIN = "cold_chain"
    DANGEROUS_GOODS = "dangerous_goods"


class PartyKind(StrEnum):
    """Who orders or sends."""

    RESIDENT = "resident"
    SHOP = "shop"
    CLINIC = "clinic"
    PHARMACY = "pharmacy"


class OrderState(StrEnum):
    """Where an order is in its life cycle."""

    RECEIVED = "received"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    SCHEDULED = "scheduled"
    IN_FLIGHT = "in_flight"
    DELIVERED = "delivered"
    FAILED = "failed"
    CANCELLED = "cancelled"


_NEXT: dict[OrderState, frozenset[OrderState]] = {
    OrderState.RECEIVED: frozenset({OrderState.ACCEPTED, OrderState.REJECTED}),
    OrderState.ACCEPTED: frozenset({OrderState.SCHEDULED, OrderState.CANCELLED,
                                    OrderState.FAILED}),
    OrderState.SCHEDULED: frozenset({OrderState.SCHEDULED, OrderState.IN_FLIGHT,
                                     OrderState.CANCELLED, OrderState.FAILED}),
    OrderState.IN_FLIGHT: frozenset({OrderState.DELIVERED, OrderState.FAILED}),
}
FINAL_STATES = frozenset({OrderState.REJECTED, OrderState.DELIVERED, OrderState.FAILED,
                          OrderState.CANCELLED})


@dataclass(frozen=True)
class Item:
    """One item: its kind and weight; cold-chain items carry their time limit (minutes)."""

    kind: ItemKind
    weight_kg: float
    cold_chain_limit_min: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ItemKind(self.kind))
        if not (math.isfinite(self.weight_kg) and self.weight_kg > 0):
            raise InvalidInput(f"item weight_kg must be positive, got {self.weight_kg}",
                               field="weight_kg")
        if self.kind is ItemKind.COLD_CHAIN and not (
                self.cold_chain_limit_min is not None and self.cold_chain_limit_min > 0):
            raise InvalidInput("a cold-chain item needs a positive cold_chain_limit_min",
                               field="cold_chain_limit_min")


@dataclass(frozen=True)
class DropSpot:
    """A registered drop spot (a household point or a community-centre pad), WGS84."""

    id: str
    settlement_id: str
    lon: float
    lat: float
    kind: str = "community_pad"

    def __post_init__(self) -> None:
        if not self.id.strip():
            raise InvalidInput("drop spot id is empty", field="id")
        if not (-180 <= self.lon <= 180 and -90 <= self.lat <= 90):
            raise InvalidInput(f"drop spot {self.id}: ({self.lon}, {self.lat}) is not WGS84",
                               field="lon")


@dataclass(frozen=True)
class Order:
    """One order: sender (a shop or pharmacy at a base), recipient household, items, drop spot
    and the requested window (timezone-aware, ``window_start < window_end``)."""

    id: str
    sender: str
    sender_kind: PartyKind
    base_id: str
    recipient: str
    items: tuple[Item, ...]
    drop_spot_id: str
    window_start: datetime
    window_end: datetime
    received_at: datetime
    ordered_by: PartyKind = PartyKind.RESIDENT

    def __post_init__(self) -> None:
        object.__setattr__(self, "sender_kind", PartyKind(self.sender_kind))
        object.__setattr__(self, "ordered_by", PartyKind(self.ordered_by))
        if not self.items:
            raise InvalidInput(f"order {self.id}: no items", field="items")
        for key in ("window_start", "window_end", "received_at"):
            if getattr(self, key).utcoffset() is None:
                raise InvalidInput(f"order {self.id}: {key} needs a UTC offset", field=key)
        if self.window_end <= self.window_start:
            raise InvalidInput(f"order {self.id}: the window ends before it starts",
                               field="window_end")

    @property
    def weight_kg(self) -> float:
        """Total weight of the items."""
        return sum(i.weight_kg for i in self.items)

    @property
    def medical(self) -> bool:
        """Medicine or cold chain, or sent by a clinic or pharmacy: flown first."""
        return (self.sender_kind in (PartyKind.CLINIC, PartyKind.PHARMACY)
                or any(i.kind in (ItemKind.MEDICINE, ItemKind.COLD_CHAIN) for i in self.items))

    @property
    def cold_chain_limit_min(self) -> float | None:
        """The tightest cold-chain limit among the items (None without cold-chain items)."""
        limits = [i.cold_chain_limit_min for i in self.items if i.cold_chain_limit_min]
        return min(limits) if limits else None

    @property
    def kinds(self) -> frozenset[ItemKind]:
        """The kinds of the items."""
        return frozenset(i.kind for i in self.items)


@dataclass(frozen=True)
class OrderEvent:
    """One audited transition."""

    at: datetime
    state: OrderState
    note: str = ""


@dataclass(frozen=True)
class OrderRecord:
    """An order, its current state, ETA, rejection reason and audit trail (oldest first)."""

    order: Order
    state: OrderState
    events: tuple[OrderEvent, ...]
    eta: datetime | None = None
    reason: str = ""

    @property
    def final(self) -> bool:
        """Whether the order has reached a final state."""
        return self.state in FINAL_STATES

    def time_of(self, state: OrderState) -> datetime | None:
        """When the order last entered ``state`` (None if never)."""
        for e in reversed(self.events):
            if e.state is state:
                return e.at
        return None


def receive(order: Order) -> OrderRecord:
    """A new record in state ``received``."""
    return OrderRecord(order, OrderState.RECEIVED,
                       (OrderEvent(order.received_at, OrderState.RECEIVED),))


def advance(record: OrderRecord, state: OrderState, at: datetime, note: str = "",
            eta: datetime | None = None) -> OrderRecord:
    """The record after moving to ``state`` at ``at``.

    Raises
    ------
    InvalidInput
        For a transition the life cycle does not allow, or time running backwards.
    """
    state = OrderState(state)
    if state not in _NEXT.get(record.state, frozenset()):
        raise Conflict(f"order {record.order.id}: cannot go from {record.state} to {state}",
                       field="state")
    if at < record.events[-1].at:
        raise InvalidInput(f"order {record.order.id}: {state} at {at.isoformat()} is before "
                           f"the last event", field="at")
    reason = note if state in (OrderState.REJECTED, OrderState.FAILED,
                               OrderState.CANCELLED) else record.reason
    return replace(record, state=state, events=(*record.events, OrderEvent(at, state, note)),
                   eta=eta if eta is not None else record.eta, reason=reason)
