"""Assign orders to a base, an aircraft, a pilot and a departure time.

Two policies share one interface (:class:`Policy`):

- :class:`InsertionDispatcher`, the product's: medical orders first, then earliest deadline;
  each order is inserted where it arrives soonest, over every aircraft (idle or still busy),
  with battery swaps, permit windows, pilot licences and the 1-to-many limit. Called again on
  every event, it re-plans every order that has not taken off (re-optimisation).
- :class:`NaiveDispatcher`, the baseline: first come, first served, to the nearest idle
  aircraft, departing now or not at all.

Both are pure: states in, :class:`Assignment` values out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Protocol

from kizuna.dispatch.fleetstate import (
    AircraftState,
    DispatchSettings,
    Leg,
    LegKey,
    PilotState,
    licensed_for,
    next_window_start,
)
from kizuna.dispatch.flight import needs_swap
from kizuna.dispatch.orders import Order, OrderRecord
from kizuna.energy import usable_battery_wh

__all__ = ["Assignment", "DispatchState", "InsertionDispatcher", "NaiveDispatcher", "Policy",
           "deadline"]

_PILOT_TRIES = 12


@dataclass(frozen=True)
class Assignment:
    """One order's plan: who flies it from where, when it takes off and arrives (the ETA)."""

    order_id: str
    registration: str
    pilot_id: str
    base_id: str
    departure: datetime
    arrival: datetime
    back_at: datetime
    swap: bool
    leg: Leg


@dataclass(frozen=True)
class DispatchState:
    """Everything a policy reads: aircraft, pilots, planned legs, the wind now."""

    aircraft: tuple[AircraftState, ...]
    pilots: tuple[PilotState, ...]
    legs: Mapping[LegKey, Leg]
    wind_mps: float
    settings: DispatchSettings = field(default_factory=DispatchSettings)


class Policy(Protocol):
    """A dispatch policy."""

    name: str

    def plan(self, now: datetime, pending: Sequence[OrderRecord],
             state: DispatchState) -> list[Assignment]:
        """Assignments for the pending orders (some may stay unassigned)."""
        ...


def deadline(order: Order) -> datetime:
    """The latest on-time arrival: the window's end, or sooner for cold chain."""
    limit = order.cold_chain_limit_min
    if limit is None:
        return order.window_end
    return min(order.window_end, order.received_at + timedelta(minutes=limit))


def _wind_ok(state: DispatchState, ac: AircraftState, leg: Leg) -> bool:
    limit = min(state.settings.wind_limit_mps, ac.aircraft.profile.wind_limit_mps)
    if leg.max_wind_mps is not None:
        limit = min(limit, leg.max_wind_mps)
    return state.wind_mps <= limit


def _needs_swap(state: DispatchState, ac: AircraftState, leg: Leg) -> bool:
    usable = usable_battery_wh(ac.aircraft.profile)
    return needs_swap(ac.energy_wh, leg.energy_wh, usable, state.settings.reserve_fraction)


@dataclass
class _Book:
    """Tentative states while a plan is built."""

    aircraft: dict[str, AircraftState]
    pilots: dict[str, PilotState]

    def commit(self, a: Assignment, full_wh: float, turnaround_s: float) -> None:
        ac = self.aircraft[a.registration]
        energy = (full_wh if a.swap else ac.energy_wh) - a.leg.energy_wh
        self.aircraft[a.registration] = replace(
            ac, ready_at=a.back_at + timedelta(seconds=turnaround_s), energy_wh=energy)
        p = self.pilots[a.pilot_id]
        self.pilots[a.pilot_id] = replace(p, flights=(*p.flights, (a.departure, a.back_at)))


def _pilot_for(book: _Book, leg: Leg, dep: datetime, settings: DispatchSettings,
               kind: str = "multirotor") -> tuple[str, datetime] | None:
    """The pilot licensed for the leg and the aircraft's ``kind`` free soonest from ``dep``
    (under the 1-to-many limit)."""
    span = timedelta(seconds=leg.mission_s)
    t = dep
    for _ in range(_PILOT_TRIES):
        ends: list[datetime] = []
        for pid in sorted(book.pilots):
            ps = book.pilots[pid]
            if not licensed_for(ps.pilot, leg.level, t.date(), kind):
                continue
            if ps.concurrent(t, t + span) < settings.max_aircraft_per_pilot:
                return pid, t
            ends += [e for s, e in ps.flights if s < t + span and e > t]
        if not ends:
            return None
        t = min(ends)
    return None


def _try(book: _Book, state: DispatchState, order: Order, ac: AircraftState, now: datetime,
         earliest_start: bool) -> Assignment | None:
    leg = state.legs.get((ac.base_id, order.drop_spot_id, ac.aircraft.profile.id))
    if leg is None:
        return None
    cap = ac.aircraft.profile.payload_kg if leg.payload_kg is None else leg.payload_kg
    if order.weight_kg > cap + 1e-9:
        return None
    if not _wind_ok(state, ac, leg):
        return None
    swap = _needs_swap(state, ac, leg)
    ready = max(now, ac.ready_at) + timedelta(seconds=state.settings.swap_s if swap else 0.0)
    dep = ready
    if earliest_start:
        dep = max(dep, order.window_start - timedelta(seconds=leg.out_s))
    found = next_window_start(leg, dep)
    if found is None:
        return None
    pilot = _pilot_for(book, leg, found, state.settings, ac.aircraft.profile.licence_kind)
    if pilot is None:
        return None
    pid, dep = pilot
    again = next_window_start(leg, dep)
    if again != dep:
        return None
    return Assignment(order.id, ac.registration, pid, ac.base_id, dep,
                      dep + timedelta(seconds=leg.out_s),
                      dep + timedelta(seconds=leg.mission_s), swap, leg)


def _book(state: DispatchState) -> _Book:
    return _Book({a.registration: a for a in state.aircraft if a.in_service},
                 {p.pilot.id: p for p in state.pilots})


class InsertionDispatcher:
    """The product's dispatcher: priority, deadlines, insertion at the earliest arrival."""

    name = "kizuna"

    def plan(self, now: datetime, pending: Sequence[OrderRecord],
             state: DispatchState) -> list[Assignment]:
        """Assign every pending order it can, soonest arrival first."""
        book = _book(state)
        medical = state.settings.medical_priority

        def rank(r: OrderRecord) -> tuple[bool, datetime, datetime, str]:
            o = r.order
            return (not (medical and o.medical), deadline(o), o.received_at, o.id)

        out: list[Assignment] = []
        for record in sorted(pending, key=rank):
            best: Assignment | None = None
            for reg in sorted(book.aircraft):
                a = _try(book, state, record.order, book.aircraft[reg], now, True)
                if a is not None and (best is None or (a.arrival, a.leg.energy_wh)
                                      < (best.arrival, best.leg.energy_wh)):
                    best = a
            if best is not None:
                prof = book.aircraft[best.registration].aircraft.profile
                book.commit(best, usable_battery_wh(prof), state.settings.turnaround_s)
                out.append(best)
        return out


class NaiveDispatcher:
    """Baseline: first come, first served, to the nearest idle aircraft, now or not at all."""

    name = "naive"

    def plan(self, now: datetime, pending: Sequence[OrderRecord],
             state: DispatchState) -> list[Assignment]:
        """Assign, in arrival order, the nearest aircraft idle now."""
        book = _book(state)
        out: list[Assignment] = []
        for record in sorted(pending, key=lambda r: (r.order.received_at, r.order.id)):
            options: list[tuple[float, Assignment]] = []
            for reg in sorted(book.aircraft):
                ac = book.aircraft[reg]
                if ac.ready_at > now:
                    continue
                a = _try(book, state, record.order, ac, now, False)
                if a is not None and a.departure <= now + timedelta(
                        seconds=state.settings.swap_s if a.swap else 0.0):
                    options.append((a.leg.length_m, a))
            if options:
                best = min(options, key=lambda t: (t[0], t[1].registration))[1]
                prof = book.aircraft[best.registration].aircraft.profile
                book.commit(best, usable_battery_wh(prof), state.settings.turnaround_s)
                out.append(best)
        return out
