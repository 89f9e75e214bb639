"""The service KPIs shared by the live dashboard and the simulation report.

Definitions (one place; ``docs/dispatch.md`` repeats them for readers):

- **on time**: an order delivered no later than its :func:`kizuna.dispatch.deadline` (the
  window's end, or sooner for cold chain: received + the item's limit);
- **due**: an accepted order whose outcome is known at ``now``: delivered, failed, or still
  open with its deadline passed. Rejected orders were never taken on; orders the resident or
  operator cancelled are the customer's choice, not the service's performance: neither is due;
- **on-time rate**: on-time deliveries / due orders (None when none is due). A late or failed
  order counts against the rate; an open order only once its deadline has passed, so a day in
  progress is not penalised for orders it can still deliver on time;
- **delivery minutes**: received -> delivered, per delivered order (p50 and p90 by linear
  interpolation, as ``numpy.percentile``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from kizuna.dispatch.dispatcher import deadline
from kizuna.dispatch.orders import OrderRecord, OrderState

__all__ = ["ServiceKpis", "delivery_minutes", "is_due", "on_time", "on_time_rate",
           "service_kpis"]

_NOT_TAKEN = (OrderState.REJECTED, OrderState.CANCELLED)


def on_time(record: OrderRecord) -> bool:
    """Delivered by its deadline."""
    t = record.time_of(OrderState.DELIVERED)
    return t is not None and t <= deadline(record.order)


def is_due(record: OrderRecord, now: datetime) -> bool:
    """Counts in the on-time rate's denominator at ``now`` (see the module's definitions)."""
    if record.state in _NOT_TAKEN:
        return False
    if record.state in (OrderState.DELIVERED, OrderState.FAILED):
        return True
    return deadline(record.order) < now


def on_time_rate(records: Iterable[OrderRecord], now: datetime) -> float | None:
    """On-time deliveries over due orders; None when no order is due."""
    due = [r for r in records if is_due(r, now)]
    if not due:
        return None
    return sum(on_time(r) for r in due) / len(due)


def delivery_minutes(records: Iterable[OrderRecord]) -> list[float]:
    """Minutes from order to delivery, for each delivered order."""
    out: list[float] = []
    for r in records:
        t = r.time_of(OrderState.DELIVERED)
        if t is not None:
            out.append((t - r.order.received_at).total_seconds() / 60.0)
    return out


def _pct(values: Sequence[float], q: float) -> float | None:
    return float(np.percentile(values, q)) if values else None


@dataclass(frozen=True)
class ServiceKpis:
    """The shared KPIs of a set of orders at ``now`` (None: nothing to measure)."""

    orders: int
    accepted: int
    delivered: int
    failed: int
    due: int
    on_time: int
    on_time_rate: float | None
    delivery_minutes_p50: float | None
    delivery_minutes_p90: float | None


def service_kpis(records: Iterable[OrderRecord], now: datetime) -> ServiceKpis:
    """The shared KPIs of ``records`` at ``now``."""
    recs = list(records)
    due = [r for r in recs if is_due(r, now)]
    minutes = delivery_minutes(recs)
    hits = sum(on_time(r) for r in due)
    return ServiceKpis(
        orders=len(recs), accepted=sum(r.state is not OrderState.REJECTED for r in recs),
        delivered=sum(r.state is OrderState.DELIVERED for r in recs),
        failed=sum(r.state is OrderState.FAILED for r in recs), due=len(due), on_time=hits,
        on_time_rate=hits / len(due) if due else None,
        delivery_minutes_p50=_pct(minutes, 50), delivery_minutes_p90=_pct(minutes, 90))
