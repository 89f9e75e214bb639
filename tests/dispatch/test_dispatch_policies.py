"""Dispatch policies on synthetic legs: priority, pilots, wind, batteries, permit windows."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from kizuna.dispatch import (
    AircraftState,
    DispatchSettings,
    DispatchState,
    InsertionDispatcher,
    Item,
    ItemKind,
    Leg,
    NaiveDispatcher,
    Order,
    OrderState,
    PartyKind,
    PilotState,
    advance,
    receive,
)
from kizuna.fleet import Aircraft, Pilot, profile
from kizuna.fleet.pilot import Licence, Limitation

T0 = datetime(2025, 12, 1, 1, tzinfo=UTC)  # 10:00 in Tokyo
PF4 = profile("pf4")


def _aircraft(n: int) -> tuple[AircraftState, ...]:
    return tuple(AircraftState(Aircraft(f"JUTEST{i:06d}", PF4), "b", T0, 2700.0)
                 for i in range(n))


def _pilot(pid: str = "p1", licence: Licence = Licence.FIRST_CLASS) -> PilotState:
    return PilotState(Pilot(pid, pid, licence, frozenset({Limitation.BVLOS}),
                            date(2027, 1, 1)))


def _leg(spot: str, out_s: float = 600.0, energy: float = 800.0, **kw: object) -> Leg:
    return Leg("b", spot, "pf4", "3.5", out_s * 10, out_s, 2 * out_s + 30, energy, **kw)  # type: ignore[arg-type]


def _rec(oid: str, spot: str = "near", medical: bool = False, minutes: float = 0.0):  # type: ignore[no-untyped-def]
    kind = ItemKind.MEDICINE if medical else ItemKind.DAILY_GOODS
    at = T0 + timedelta(minutes=minutes)
    o = Order(oid, "s", PartyKind.SHOP, "b", "h", (Item(kind, 1.0),), spot, at,
              at + timedelta(hours=3), at)
    return advance(receive(o), OrderState.ACCEPTED, at)


LEGS = {("b", "near", "pf4"): _leg("near", 300.0), ("b", "far", "pf4"): _leg("far", 900.0)}


def _state(n_ac: int = 1, wind: float = 2.0, pilots: tuple[PilotState, ...] | None = None,
           legs: dict | None = None, **kw: object) -> DispatchState:  # type: ignore[type-arg]
    return DispatchState(_aircraft(n_ac), pilots or (_pilot(),), legs or LEGS, wind,
                         DispatchSettings(**kw))  # type: ignore[arg-type]


def test_medical_order_goes_first() -> None:
    """With one aircraft, a later medical order takes off before an earlier grocery order."""
    plan = InsertionDispatcher().plan(T0, [_rec("a"), _rec("m", medical=True, minutes=1)],
                                      _state())
    first = min(plan, key=lambda a: a.departure)
    assert first.order_id == "m"
    naive = NaiveDispatcher().plan(T0, [_rec("a"), _rec("m", medical=True, minutes=1)],
                                   _state())
    assert [a.order_id for a in naive] == ["a"]  # FCFS, and only idle aircraft


def test_one_pilot_flies_at_most_n_aircraft() -> None:
    """Six orders, six aircraft, one pilot with N = 5: the sixth waits for a landing."""
    orders = [_rec(f"o{i}") for i in range(6)]
    plan = InsertionDispatcher().plan(T0, orders, _state(6))
    deps = sorted(a.departure for a in plan)
    assert deps[:5] == [T0] * 5 and deps[5] > T0
    plan3 = InsertionDispatcher().plan(T0, orders, _state(6, max_aircraft_per_pilot=3))
    assert sum(a.departure == T0 for a in plan3) == 3


def test_pilot_licence_gates_level_4() -> None:
    """A second-class pilot cannot take a Level 4 leg."""
    legs = {("b", "near", "pf4"): Leg("b", "near", "pf4", "4", 3000, 300, 630, 800)}
    state = _state(pilots=(_pilot("p2", Licence.SECOND_CLASS),), legs=legs)
    assert InsertionDispatcher().plan(T0, [_rec("a")], state) == []
    state1 = _state(pilots=(_pilot("p1"),), legs=legs)
    assert len(InsertionDispatcher().plan(T0, [_rec("a")], state1)) == 1


def test_wind_above_the_limit_stops_flights() -> None:
    """No take-off above the operator's wind limit."""
    assert InsertionDispatcher().plan(T0, [_rec("a")], _state(wind=9.0)) == []
    assert len(InsertionDispatcher().plan(T0, [_rec("a")], _state(wind=4.0))) == 1


def test_battery_swap_adds_its_time() -> None:
    """An aircraft without the energy for the leg plus reserve is swapped first."""
    low = (AircraftState(Aircraft("JUTEST000001", PF4), "b", T0, 900.0),)
    state = DispatchState(low, (_pilot(),), LEGS, 2.0, DispatchSettings(swap_s=300))
    [a] = InsertionDispatcher().plan(T0, [_rec("a")], state)
    assert a.swap and a.departure == T0 + timedelta(seconds=300)


def test_permit_window_delays_take_off() -> None:
    """A leg under a permit with a 11:00-16:30 window waits until 11:00 Tokyo."""
    from zoneinfo import ZoneInfo

    leg = Leg("b", "near", "pf4", "3.5", 3000, 300, 630, 800,
              windows=((time(11), time(16, 30)),), zone=ZoneInfo("Asia/Tokyo"))
    [a] = InsertionDispatcher().plan(T0, [_rec("a")], _state(legs={leg.key: leg}))
    assert a.departure == T0 + timedelta(hours=1)
    assert a.arrival == a.departure + timedelta(seconds=300)


def test_insertion_waits_for_a_closer_busy_aircraft_when_it_arrives_sooner() -> None:
    """ETA-driven insertion: a busy aircraft free soon beats nothing idle."""
    busy = (AircraftState(Aircraft("JUTEST000001", PF4), "b", T0 + timedelta(minutes=5),
                          2700.0),)
    state = DispatchState(busy, (_pilot(),), LEGS, 2.0)
    [a] = InsertionDispatcher().plan(T0, [_rec("a")], state)
    assert a.departure == T0 + timedelta(minutes=5)
    assert NaiveDispatcher().plan(T0, [_rec("a")], state) == []
