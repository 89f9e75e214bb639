"""The dispatcher's operational thresholds, pinned on both sides of each boundary: the
battery-swap reserve, the wind limit (operator, aircraft, permit: the lowest wins), the
pilot-to-aircraft limit and the island runs' battery reserve."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import pytest

from kizuna.dispatch import (
    AircraftState,
    Assignment,
    DispatchSettings,
    DispatchState,
    InsertionDispatcher,
    Item,
    ItemKind,
    Leg,
    NaiveDispatcher,
    Order,
    OrderRecord,
    OrderState,
    PartyKind,
    PilotState,
    Policy,
    advance,
    max_trip_distance_m,
    receive,
)
from kizuna.energy import ReservePolicy, mission_energy, usable_battery_wh
from kizuna.fleet import Aircraft, Pilot, profile
from kizuna.fleet.pilot import Licence, Limitation

T0 = datetime(2025, 12, 1, 1, tzinfo=UTC)  # 10:00 in Tokyo
PF4 = profile("pf4")
USABLE_WH = usable_battery_wh(PF4)
LEG_WH = 800.0
POLICIES: list[Policy] = [InsertionDispatcher(), NaiveDispatcher()]


def _leg(**kw: object) -> Leg:
    return Leg("b", "spot", "pf4", "3.5", 3000.0, 300.0, 630.0, LEG_WH, **kw)  # type: ignore[arg-type]


def _order(oid: str = "o1") -> OrderRecord:
    o = Order(oid, "s", PartyKind.SHOP, "b", "h", (Item(ItemKind.DAILY_GOODS, 1.0),), "spot",
              T0, T0 + timedelta(hours=3), T0)
    return advance(receive(o), OrderState.ACCEPTED, T0)


def _pilot(flights: tuple[tuple[datetime, datetime], ...] = ()) -> PilotState:
    p = Pilot("p1", "p1", Licence.FIRST_CLASS, frozenset({Limitation.BVLOS}), date(2027, 1, 1))
    return PilotState(p, flights)


def _state(energy_wh: float = USABLE_WH, wind: float = 2.0, leg: Leg | None = None,
           pilot: PilotState | None = None, **settings: float) -> DispatchState:
    ac = (AircraftState(Aircraft("JUTEST000001", PF4), "b", T0, energy_wh),)
    leg = leg or _leg()
    return DispatchState(ac, (pilot or _pilot(),), {leg.key: leg}, wind,
                         DispatchSettings(**settings))  # type: ignore[arg-type]


def _plan(policy: Policy, state: DispatchState) -> list[Assignment]:
    return policy.plan(T0, [_order()], state)


def _energy_at_reserve(reserve_fraction: float) -> float:
    """The smallest battery energy that keeps exactly the reserve after the leg."""
    reserve = reserve_fraction * USABLE_WH
    energy = LEG_WH + reserve
    while energy - LEG_WH < reserve:  # float rounding of the sum: step up to the boundary
        energy = math.nextafter(energy, math.inf)
    return energy


# -- battery-swap reserve ------------------------------------------------------------------

@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.name)
@pytest.mark.parametrize("reserve", [0.2, 0.3])
def test_exactly_the_reserve_left_flies_without_a_swap(policy: Policy, reserve: float) -> None:
    """A battery that lands the leg with exactly the reserve left takes off now, unswapped."""
    [a] = _plan(policy, _state(_energy_at_reserve(reserve), reserve_fraction=reserve))
    assert not a.swap and a.departure == T0


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.name)
@pytest.mark.parametrize("reserve", [0.2, 0.3])
def test_a_milliwatt_hour_under_the_reserve_swaps_first(policy: Policy, reserve: float) -> None:
    """1 mWh short of the reserve after the leg: the battery is swapped, adding swap_s."""
    energy = _energy_at_reserve(reserve) - 1e-3
    [a] = _plan(policy, _state(energy, reserve_fraction=reserve, swap_s=300.0))
    assert a.swap and a.departure == T0 + timedelta(seconds=300)


def test_the_default_reserve_is_a_fifth_of_the_usable_energy() -> None:
    """With default settings the swap boundary sits at 20 % of the usable energy."""
    [kept] = _plan(InsertionDispatcher(), _state(_energy_at_reserve(0.2)))
    [swapped] = _plan(InsertionDispatcher(), _state(_energy_at_reserve(0.2) - 1e-3))
    assert (kept.swap, swapped.swap) == (False, True)


# -- wind limit ----------------------------------------------------------------------------

@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.name)
@pytest.mark.parametrize(("settings_mps", "leg_mps", "limit"), [
    (6.0, None, 6.0),    # the operator's limit is the lowest
    (12.0, None, 10.0),  # the PF4's own limit (10 m/s) is the lowest
    (8.0, 7.5, 7.5),     # the permit's limit on the leg is the lowest
])
def test_wind_at_the_limit_flies_and_just_above_does_not(
        policy: Policy, settings_mps: float, leg_mps: float | None, limit: float) -> None:
    """Wind equal to the lowest limit is allowed; the next float above it grounds the flight."""
    leg = _leg(max_wind_mps=leg_mps)
    at = _plan(policy, _state(wind=limit, leg=leg, wind_limit_mps=settings_mps))
    above = _plan(policy, _state(wind=math.nextafter(limit, math.inf), leg=leg,
                                 wind_limit_mps=settings_mps))
    assert len(at) == 1 and above == []


# -- pilot-to-aircraft limit ---------------------------------------------------------------

@pytest.mark.parametrize("limit", [1, 2, 5])
def test_a_pilot_takes_one_more_aircraft_below_the_limit(limit: int) -> None:
    """With limit - 1 flights in the air, the pilot takes the new flight now."""
    busy = tuple((T0 - timedelta(minutes=1), T0 + timedelta(hours=1)) for _ in range(limit - 1))
    [a] = _plan(InsertionDispatcher(), _state(pilot=_pilot(busy), max_aircraft_per_pilot=limit))
    assert a.departure == T0


@pytest.mark.parametrize("limit", [1, 2, 5])
def test_a_pilot_at_the_limit_waits_for_a_landing(limit: int) -> None:
    """With limit flights in the air, the new flight waits until the first of them lands."""
    ends = [T0 + timedelta(minutes=20 + i) for i in range(limit)]
    busy = tuple((T0 - timedelta(minutes=1), e) for e in ends)
    [a] = _plan(InsertionDispatcher(), _state(pilot=_pilot(busy), max_aircraft_per_pilot=limit))
    assert a.departure == min(ends)


def test_a_flight_landing_at_take_off_does_not_count() -> None:
    """Supervision intervals are half-open: a landing at T0 frees the pilot for T0."""
    ps = _pilot(((T0 - timedelta(minutes=10), T0),))
    assert ps.concurrent(T0, T0 + timedelta(minutes=5)) == 0
    [a] = _plan(InsertionDispatcher(), _state(pilot=ps, max_aircraft_per_pilot=1))
    assert a.departure == T0


# -- island runs: the battery reserve of a trip ---------------------------------------------

def _trip_energy_wh(distance_m: float, payload_kg: float, cruise_agl_m: float = 60.0) -> float:
    """Energy of a straight trip of ``distance_m`` at cruise height, take-off and landing."""
    path = [(0.0, 0.0, 0.0), (0.0, 0.0, cruise_agl_m), (distance_m, 0.0, cruise_agl_m),
            (distance_m, 0.0, 0.0)]
    return mission_energy(PF4, payload_kg, path).energy_wh


@pytest.mark.parametrize("reserve", [0.0, 0.2, 0.35])
def test_trip_reach_shrinks_by_exactly_the_reserve(reserve: float) -> None:
    """Keeping a share r of the battery leaves (1 - r) of the reach with no reserve."""
    none = max_trip_distance_m(PF4, 4.5, reserve=ReservePolicy(0.0))
    kept = max_trip_distance_m(PF4, 4.5, reserve=ReservePolicy(reserve))
    assert kept / none == pytest.approx(1.0 - reserve, rel=1e-12)


def test_trip_reach_keeps_the_default_reserve() -> None:
    """The default trip reach keeps 20 % of the battery."""
    assert max_trip_distance_m(PF4, 4.5) == pytest.approx(
        max_trip_distance_m(PF4, 4.5, reserve=ReservePolicy(0.2)), rel=1e-12)


@pytest.mark.parametrize("reserve", [0.2, 0.3])
def test_a_trip_of_the_full_reach_lands_with_the_reserve(reserve: float) -> None:
    """Flying the whole reach leaves at least the reserve (take-off and landing are counted
    once, not per 10 km); 6 % further eats into it."""
    reach = max_trip_distance_m(PF4, 4.5, reserve=ReservePolicy(reserve))
    allowed = (1.0 - reserve) * USABLE_WH
    assert _trip_energy_wh(reach, 4.5) <= allowed
    assert _trip_energy_wh(1.06 * reach, 4.5) > allowed
