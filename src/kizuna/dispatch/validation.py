"""Order validation: may this order be accepted at all? Every refusal has a code and a reason.

Codes:

- ``UNKNOWN_DROP_SPOT``: the drop spot is not registered.
- ``OUTSIDE_SERVICE_AREA``: the drop spot's settlement is not served.
- ``NOT_COVERED``: no permit area or planned route from any base reaches the drop spot.
- ``OVERWEIGHT``: heavier than the payload of every aircraft that reaches the drop spot.
- ``DANGEROUS_GOODS``: dangerous goods need the Category IIA procedure (M-DANGEROUS), which
  the operator does not hold.
- ``WINDOW``: the requested window has already closed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from kizuna.dispatch.orders import DropSpot, ItemKind, Order

__all__ = ["Rejection", "ServiceArea", "validate_order"]


@dataclass(frozen=True)
class Rejection:
    """Why an order is refused: a stable code and a one-line message."""

    code: str
    message: str


@dataclass(frozen=True)
class ServiceArea:
    """What the operator serves.

    ``coverage`` maps a drop-spot id to the payloads (kg) of the aircraft with a feasible,
    legal route to it (from any base, by permit area or planned route); a spot missing from it
    is not covered.
    """

    drop_spots: Mapping[str, DropSpot]
    settlements: frozenset[str]
    coverage: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    dangerous_goods_procedure: bool = False


def validate_order(order: Order, area: ServiceArea) -> list[Rejection]:
    """Every reason to refuse ``order``; empty when it may be accepted."""
    out: list[Rejection] = []
    spot = area.drop_spots.get(order.drop_spot_id)
    if spot is None:
        return [Rejection("UNKNOWN_DROP_SPOT", f"drop spot {order.drop_spot_id} is not "
                          "registered")]
    if spot.settlement_id not in area.settlements:
        out.append(Rejection("OUTSIDE_SERVICE_AREA", f"{spot.settlement_id} is not served"))
    payloads = area.coverage.get(spot.id, ())
    if not payloads:
        out.append(Rejection("NOT_COVERED", f"no permit area or route reaches {spot.id}"))
    elif order.weight_kg > max(payloads):
        out.append(Rejection("OVERWEIGHT", f"{order.weight_kg:g} kg is above the largest "
                             f"payload reaching {spot.id} ({max(payloads):g} kg)"))
    if ItemKind.DANGEROUS_GOODS in order.kinds and not area.dangerous_goods_procedure:
        out.append(Rejection("DANGEROUS_GOODS", "dangerous goods need the Category IIA "
                             "procedure (M-DANGEROUS), which is not held"))
    if order.window_end <= order.received_at:
        out.append(Rejection("WINDOW", "the requested window has already closed"))
    return out
