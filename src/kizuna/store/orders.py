"""Orders, registered drop spots, delivery flights and aircraft status (issue 8/9).

- ``drop_spots``: community pads and household points an operator serves, with the payloads
  of the aircraft that can reach each (the dispatch service area) and a typical flight time.
- ``resident_drop_spots``: which spots a resident registered (a resident orders only to them).
- ``orders``: one :class:`kizuna.dispatch.OrderRecord` each (JSON), its owner (a resident user,
  or none for simulated traffic), the operator serving it and its prefecture (for regulators).
- ``delivery_flights``: flights flown for orders (planned, in the air, or done).
- ``aircraft_status``: state of charge and state of each aircraft (what the console shows).

Order updates take a row lock (``SELECT ... FOR UPDATE`` on PostgreSQL), so two workers never
apply two life-cycle steps on the same order at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from kizuna.dispatch import Item, Order, OrderEvent, OrderRecord, OrderState, PartyKind
from kizuna.errors import UnknownName
from kizuna.store.accounts import UserRow
from kizuna.store.engine import lock_for_write
from kizuna.store.tables import Record

_REQUIRES = (UserRow,)  # the users table must be on the metadata for the foreign keys

__all__ = [
    "AircraftStatusRow",
    "DeliveryFlightRow",
    "DropSpotRow",
    "OrderRow",
    "OrderStore",
    "ResidentDropSpotRow",
    "StoredOrder",
    "record_from_json",
    "record_to_json",
]


class DropSpotRow(Record):
    """A registered drop spot an operator serves."""

    __tablename__ = "drop_spots"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    prefecture: Mapped[str] = mapped_column(String(40))
    scenario: Mapped[str] = mapped_column(String(64))
    settlement_id: Mapped[str] = mapped_column(String(64))
    base_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    name_ja: Mapped[str] = mapped_column(String(200))
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    coverage_kg: Mapped[list[Any]]  # payloads (kg) of the aircraft with a legal route to it
    typical_out_s: Mapped[float] = mapped_column(Float)


class ResidentDropSpotRow(Record):
    """A drop spot a resident registered."""

    __tablename__ = "resident_drop_spots"

    user_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    drop_spot_id: Mapped[str] = mapped_column(
        String(80), ForeignKey("drop_spots.id", ondelete="CASCADE"), primary_key=True)
    label: Mapped[str] = mapped_column(String(200))


class OrderRow(Record):
    """One order and its audited life cycle (``record``); ``flight`` holds the plan."""

    __tablename__ = "orders"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("users.id", ondelete="SET NULL"), index=True)
    organisation_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    prefecture: Mapped[str] = mapped_column(String(40), index=True)
    drop_spot_id: Mapped[str] = mapped_column(
        String(80), ForeignKey("drop_spots.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(20), index=True)
    record: Mapped[dict[str, Any]]
    flight: Mapped[dict[str, Any] | None]
    synthetic: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DeliveryFlightRow(Record):
    """A flight flown (or being flown) for an order."""

    __tablename__ = "delivery_flights"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    order_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    prefecture: Mapped[str] = mapped_column(String(40))
    registration: Mapped[str] = mapped_column(String(32))
    pilot_id: Mapped[str] = mapped_column(String(64))
    intent_id: Mapped[str | None] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(4))
    permit: Mapped[str | None] = mapped_column(String(80))
    departure: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    landing: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    km: Mapped[float] = mapped_column(Float)
    outcome: Mapped[str] = mapped_column(String(20))  # in_flight, delivered, link_loss, ...
    synthetic: Mapped[bool] = mapped_column(Boolean)


class AircraftStatusRow(Record):
    """What the operator console shows of an aircraft: where, state of charge, state."""

    __tablename__ = "aircraft_status"

    registration: Mapped[str] = mapped_column(String(32), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    base_id: Mapped[str] = mapped_column(String(64))
    soc: Mapped[float] = mapped_column(Float)  # 0..1
    state: Mapped[str] = mapped_column(String(20))  # idle, in_flight, maintenance
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# -- OrderRecord <-> JSON -----------------------------------------------------------------------
def record_to_json(record: OrderRecord) -> dict[str, Any]:
    """An order record as JSON (times ISO 8601 with offset)."""
    o = record.order
    return {
        "order": {"id": o.id, "sender": o.sender, "sender_kind": o.sender_kind.value,
                  "base_id": o.base_id, "recipient": o.recipient,
                  "items": [{"kind": i.kind.value, "weight_kg": i.weight_kg,
                             "cold_chain_limit_min": i.cold_chain_limit_min} for i in o.items],
                  "drop_spot_id": o.drop_spot_id, "window_start": o.window_start.isoformat(),
                  "window_end": o.window_end.isoformat(), "received_at": o.received_at.isoformat(),
                  "ordered_by": o.ordered_by.value},
        "state": record.state.value,
        "events": [{"at": e.at.isoformat(), "state": e.state.value, "note": e.note}
                   for e in record.events],
        "eta": record.eta.isoformat() if record.eta else None,
        "reason": record.reason,
    }


def record_from_json(data: dict[str, Any]) -> OrderRecord:
    """The inverse of :func:`record_to_json`."""
    o = data["order"]
    order = Order(o["id"], o["sender"], PartyKind(o["sender_kind"]), o["base_id"],
                  o["recipient"], tuple(Item(i["kind"], i["weight_kg"], i["cold_chain_limit_min"])
                                        for i in o["items"]),
                  o["drop_spot_id"], datetime.fromisoformat(o["window_start"]),
                  datetime.fromisoformat(o["window_end"]), datetime.fromisoformat(o["received_at"]),
                  PartyKind(o["ordered_by"]))
    events = tuple(OrderEvent(datetime.fromisoformat(e["at"]), OrderState(e["state"]), e["note"])
                   for e in data["events"])
    eta = datetime.fromisoformat(data["eta"]) if data["eta"] else None
    return OrderRecord(order, OrderState(data["state"]), events, eta, data["reason"])


@dataclass(frozen=True)
class StoredOrder:
    """An order as stored: the record and who it belongs to."""

    record: OrderRecord
    user_id: int | None
    organisation_id: str
    prefecture: str
    drop_spot_id: str
    flight: dict[str, Any] | None
    synthetic: bool

    @property
    def id(self) -> str:
        """The order id."""
        return self.record.order.id


def _stored(row: OrderRow) -> StoredOrder:
    return StoredOrder(record_from_json(row.record), row.user_id, row.organisation_id,
                       row.prefecture, row.drop_spot_id, row.flight, row.synthetic)


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


class OrderStore:
    """Orders, drop spots, flights and aircraft status over one database."""

    def __init__(self, sessions: sessionmaker[Session],
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._sessions = sessions
        self._now = now

    # -- drop spots -------------------------------------------------------------------------
    def save_drop_spot(self, row: DropSpotRow) -> None:
        """Insert or replace a drop spot."""
        with self._sessions.begin() as s:
            s.merge(row)

    def register(self, user_id: int, drop_spot_id: str, label: str) -> None:
        """Register ``drop_spot_id`` for a resident (idempotent)."""
        with self._sessions.begin() as s:
            s.merge(ResidentDropSpotRow(user_id=user_id, drop_spot_id=drop_spot_id, label=label))

    def drop_spot(self, drop_spot_id: str) -> DropSpotRow:
        """One drop spot; :class:`UnknownName` if absent."""
        with self._sessions() as s:
            row = s.get(DropSpotRow, drop_spot_id)
            if row is None:
                raise UnknownName("drop spot", drop_spot_id)
            s.expunge(row)
            return row

    def drop_spots(self, organisation_id: str | None = None) -> list[DropSpotRow]:
        """Every drop spot (of one operator)."""
        with self._sessions() as s:
            q = select(DropSpotRow).order_by(DropSpotRow.id)
            if organisation_id is not None:
                q = q.where(DropSpotRow.organisation_id == organisation_id)
            rows = list(s.scalars(q))
            s.expunge_all()
            return rows

    def spots_of(self, user_id: int) -> list[tuple[DropSpotRow, str]]:
        """A resident's registered drop spots with their labels."""
        with self._sessions() as s:
            rows = s.execute(select(DropSpotRow, ResidentDropSpotRow.label).join(
                ResidentDropSpotRow, ResidentDropSpotRow.drop_spot_id == DropSpotRow.id).where(
                ResidentDropSpotRow.user_id == user_id).order_by(DropSpotRow.id)).all()
            s.expunge_all()
            return [(r[0], r[1]) for r in rows]

    # -- orders -----------------------------------------------------------------------------
    def add(self, record: OrderRecord, *, user_id: int | None, organisation_id: str,
            prefecture: str, synthetic: bool = False) -> StoredOrder:
        """Store a new order."""
        now = self._now()
        row = OrderRow(id=record.order.id, user_id=user_id, organisation_id=organisation_id,
                       prefecture=prefecture, drop_spot_id=record.order.drop_spot_id,
                       state=record.state.value, record=record_to_json(record), flight=None,
                       synthetic=synthetic, created_at=now, updated_at=now)
        with self._sessions.begin() as s:
            s.add(row)
        return _stored(row)

    def get(self, order_id: str) -> StoredOrder:
        """One order; :class:`UnknownName` if absent."""
        with self._sessions() as s:
            row = s.get(OrderRow, order_id)
            if row is None:
                raise UnknownName("order", order_id)
            return _stored(row)

    def update(self, order_id: str,
               step: Callable[[StoredOrder], tuple[OrderRecord, dict[str, Any] | None]]
               ) -> StoredOrder:
        """Apply ``step`` (record, flight) under a row lock and store its result.

        ``step`` sees the stored order as it is now, under the lock (it may raise, e.g.
        :class:`~kizuna.errors.Conflict` when the order moved on since the caller read it).
        """
        with self._sessions.begin() as s:
            lock_for_write(s)
            row = s.execute(select(OrderRow).where(OrderRow.id == order_id)
                            .with_for_update()).scalar_one_or_none()
            if row is None:
                raise UnknownName("order", order_id)
            record, flight = step(_stored(row))
            row.record = record_to_json(record)
            row.state = record.state.value
            row.flight = flight
            row.updated_at = self._now()
            return _stored(row)

    def orders(self, *, user_id: int | None = None, organisation_id: str | None = None,
               prefectures: frozenset[str] | None = None, states: Sequence[str] = (),
               synthetic: bool | None = None, limit: int = 500) -> list[StoredOrder]:
        """Orders, newest first, filtered by owner, operator, prefectures and states."""
        q = select(OrderRow).order_by(OrderRow.created_at.desc(), OrderRow.id.desc())
        if user_id is not None:
            q = q.where(OrderRow.user_id == user_id)
        if organisation_id is not None:
            q = q.where(OrderRow.organisation_id == organisation_id)
        if prefectures is not None:
            q = q.where(OrderRow.prefecture.in_(sorted(prefectures)))
        if states:
            q = q.where(OrderRow.state.in_(list(states)))
        if synthetic is not None:
            q = q.where(OrderRow.synthetic == synthetic)
        with self._sessions() as s:
            return [_stored(r) for r in s.scalars(q.limit(limit))]

    def count(self) -> int:
        """How many orders are stored."""
        with self._sessions() as s:
            return len(list(s.scalars(select(OrderRow.id))))

    # -- flights and aircraft ---------------------------------------------------------------
    def save_flight(self, row: DeliveryFlightRow) -> None:
        """Insert or replace a flight."""
        with self._sessions.begin() as s:
            s.merge(row)

    def flights(self, prefectures: frozenset[str] | None = None,
                organisation_id: str | None = None) -> list[DeliveryFlightRow]:
        """Flights, oldest first."""
        q = select(DeliveryFlightRow).order_by(DeliveryFlightRow.departure)
        if prefectures is not None:
            q = q.where(DeliveryFlightRow.prefecture.in_(sorted(prefectures)))
        if organisation_id is not None:
            q = q.where(DeliveryFlightRow.organisation_id == organisation_id)
        with self._sessions() as s:
            rows = list(s.scalars(q))
            s.expunge_all()
        for r in rows:
            r.departure = _utc(r.departure)
            r.landing = _utc(r.landing) if r.landing else None
        return rows

    def set_status(self, registration: str, organisation_id: str, base_id: str, soc: float,
                   state: str) -> None:
        """Record an aircraft's state of charge and state."""
        with self._sessions.begin() as s:
            s.merge(AircraftStatusRow(registration=registration, organisation_id=organisation_id,
                                      base_id=base_id, soc=soc, state=state,
                                      updated_at=self._now()))

    def statuses(self, organisation_id: str) -> dict[str, AircraftStatusRow]:
        """Every aircraft status of an operator, by registration."""
        with self._sessions() as s:
            rows = list(s.scalars(select(AircraftStatusRow).where(
                AircraftStatusRow.organisation_id == organisation_id)))
            s.expunge_all()
            return {r.registration: r for r in rows}
