"""The simulated service day (SimPy): residents order, the product dispatches, aircraft fly.

Processes: demand (Poisson with a daily profile, by thinning), wind (Ornstein-Uhlenbeck),
out-of-service faults, and one process per flight (with link-loss and battery-anomaly faults).
Every event (an order, a landing, a wind change, a fault, a planned take-off) calls the
dispatch policy again on every order that has not taken off. Flights go through the product's
own UTM airspace (``InMemoryAirspace``, ``find_slot``) and permit check (``check_flight``).

Scheduled island runs: non-medical orders for the island settlements wait for the next run
from the island base; the run batches them with PyVRP (``batch_island_run``) and flies each
trip as one multi-drop mission (``plan_run`` over the planned hops, UTM-submitted and
permit-checked like a single drop). An order no run can take goes back to on-demand dispatch.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import simpy

from kizuna.dispatch import (
    AircraftState,
    Assignment,
    DispatchState,
    Item,
    ItemKind,
    Order,
    OrderRecord,
    OrderState,
    PartyKind,
    PilotState,
    Policy,
    advance,
    receive,
    validate_order,
)
from kizuna.dispatch.batching import RunStop, Trip, batch_island_run, max_trip_distance_m
from kizuna.dispatch.flight import needs_swap
from kizuna.dispatch.gate import GateDecision, LaunchRequest, clear_for_launch, pilot_refusal
from kizuna.dispatch.islands import RunFlight, RunMission, plan_run
from kizuna.energy import usable_battery_wh
from kizuna.errors import Infeasible
from kizuna.sim.config import SimConfig
from kizuna.sim.flights import OWNER, SLOTS, launch_decision
from kizuna.sim.world import World
from kizuna.utm import InMemoryAirspace, intents_conflict

__all__ = ["DayResult", "FlightLog", "RunLog", "count_conflicts", "run_day"]


@dataclass(frozen=True)
class FlightLog:
    """One flown (or aborted) flight."""

    id: str
    order_id: str
    registration: str
    pilot_id: str
    base_id: str
    drop_spot_id: str
    level: str
    departure_s: float
    landing_s: float
    km: float
    energy_wh: float
    did_km: float
    crossings: int
    expected_fatalities: float
    outcome: str  # delivered, link_loss, battery_anomaly
    utm_delay_s: float
    permit: str | None
    violations: tuple[str, ...]
    kind: str = "single"  # single (one drop) or run (an island run: ids joined by "+")


@dataclass(frozen=True)
class RunLog:
    """One scheduled island run trip: the VRP's order of stops and what was flown."""

    flight_id: str
    registration: str
    sequence: tuple[str, ...]  # order ids, in the VRP's order
    drop_spots: tuple[str, ...]
    load_kg: float
    payload_kg: float
    energy_wh: float
    usable_wh: float
    reserve_fraction: float
    departure_s: float
    arrivals_s: tuple[float, ...]  # planned landing at each stop, from the day's start
    delivered_s: tuple[float | None, ...]  # when each order was delivered (None: not)


@dataclass
class DayResult:
    """What a simulated day produced."""

    policy: str
    config: SimConfig
    start: datetime
    records: dict[str, OrderRecord]
    flights: list[FlightLog]
    busy_samples: list[tuple[float, float]]  # (t_s, busy aircraft share)
    wind_samples: list[tuple[float, float]]
    in_system_area: float  # integral of orders-in-system over time (order-seconds)
    end_s: float
    conflicts: int
    permit_refusals: int
    aircraft_busy_s: float
    aircraft_count: int
    faults: dict[str, int] = field(default_factory=dict)
    runs: list[RunLog] = field(default_factory=list)


class _Day:
    def __init__(self, world: World, config: SimConfig, policy: Policy) -> None:
        self.w, self.cfg, self.policy = world, config, policy
        self.env = simpy.Environment()
        self.rng = np.random.default_rng(config.seed)
        # Independent streams so one policy's choices do not change the other's demand.
        self.demand_rng = np.random.default_rng([config.seed, 1])
        self.wind_rng = np.random.default_rng([config.seed, 2])
        self.fault_rng = np.random.default_rng([config.seed, 3])
        self.records: dict[str, OrderRecord] = {}
        full = {a.registration: usable_battery_wh(a.profile) for a in world.aircraft}
        self.full = full
        self.ac = {a.registration: AircraftState(a, world.home[a.registration], world.start,
                                                 full[a.registration]) for a in world.aircraft}
        self.flying: set[str] = set()
        self.pilots = {p.id: PilotState(p) for p in world.pilots}
        self.airspace = InMemoryAirspace()
        self.wind = config.wind.start_mps
        self.flights: list[FlightLog] = []
        self.busy_samples: list[tuple[float, float]] = []
        self.wind_samples: list[tuple[float, float]] = []
        self.area = 0.0
        self.n_sys = 0
        self.last_t = 0.0
        self.conflicts = 0
        self.refusals = 0
        self.busy_s = 0.0
        self.faults = {"link_loss": 0, "battery_anomaly": 0, "out_of_service": 0}
        self.committed: set[str] = set()
        self.wakeups: set[float] = set()
        self.n = 0
        self.horizon = config.hours * 3600.0
        self.accepted: list[Any] = []
        self.released: set[str] = set()  # island orders handed back to on-demand dispatch
        self.runs: list[RunLog] = []
        self.delivered_at: dict[str, float] = {}

    # -- clock -------------------------------------------------------------------------------
    def at(self, t: float | None = None) -> datetime:
        return self.w.start + timedelta(seconds=self.env.now if t is None else t)

    def _count(self, delta: int) -> None:
        self.area += self.n_sys * (self.env.now - self.last_t)
        self.last_t = self.env.now
        self.n_sys += delta

    def _landed(self, fid: str, reg: str, busy_since: float, outcome: str,
                unused_wh: float) -> None:
        """Close a flight: end its intent, free the aircraft and apply the fault's effect
        (a battery anomaly takes the aircraft out of service; after a link loss it turns
        round with the energy it did not use)."""
        self.airspace.end(fid)
        for entry in self.accepted:
            if entry[0].id == fid:
                entry[3] = self.env.now
        self.flying.discard(reg)
        self.busy_s += self.env.now - busy_since
        st = self.ac[reg]
        if outcome == "battery_anomaly":
            self.ac[reg] = replace(st, in_service=False)
        elif outcome == "link_loss":
            self.ac[reg] = replace(st, ready_at=self.at() + timedelta(
                seconds=self.cfg.dispatch.turnaround_s), energy_wh=st.energy_wh + unused_wh)

    def _set(self, oid: str, state: OrderState, note: str = "",
             eta: datetime | None = None) -> None:
        before = self.records[oid]
        self.records[oid] = advance(before, state, self.at(), note, eta)
        if before.state is OrderState.RECEIVED and state is OrderState.ACCEPTED:
            self._count(+1)
        elif self.records[oid].final and not before.final and before.state is not \
                OrderState.RECEIVED:
            self._count(-1)

    # -- demand ------------------------------------------------------------------------------
    def rate_per_s(self) -> float:
        if self.cfg.orders_per_day is not None:
            return self.cfg.orders_per_day / self.horizon
        people = sum(s.population for s in self.w.scenario.settlements
                     if s.id in self.w.served_settlements)
        per_day = people * self.cfg.shopping_difficulty_share * self.cfg.orders_per_person_day
        return per_day / self.horizon

    def profile_at(self, t: float) -> float:
        hour = self.at(t).hour
        prof = self.cfg.daily_profile
        hours = [self.at(h * 3600.0).hour for h in range(max(1, math.ceil(self.cfg.hours)))]
        mean = sum(prof[h] for h in hours) / len(hours)
        return prof[hour] / mean if mean > 0 else 1.0

    def demand(self) -> Any:
        rng = self.demand_rng
        base_rate = self.rate_per_s()
        peak = max(self.profile_at(h * 3600.0) for h in range(max(1, math.ceil(self.cfg.hours))))
        lam_max = base_rate * max(peak, 1e-9)
        spots = [s for s in self.w.drop_spots if s.settlement_id in self.w.served_settlements]
        if lam_max <= 0 or not spots:
            return
        pops = {s.id: s.population for s in self.w.scenario.settlements}
        weights = np.array([pops[s.settlement_id] / sum(1 for t in spots if t.settlement_id
                                                         == s.settlement_id) for s in spots])
        weights = weights / weights.sum()
        while True:
            yield self.env.timeout(float(rng.exponential(1.0 / lam_max)))
            if self.env.now >= self.horizon:
                return
            if rng.random() > self.profile_at(self.env.now) * base_rate / lam_max:
                continue  # thinning
            spot = spots[int(rng.choice(len(spots), p=weights))]
            self.new_order(self.make_order(spot.id, rng))

    def make_order(self, spot_id: str, rng: np.random.Generator) -> Order:
        self.n += 1
        now = self.at()
        u = rng.random()
        cfg = self.cfg
        items: tuple[Item, ...]
        if u < cfg.dangerous_share:
            items = (Item(ItemKind.DANGEROUS_GOODS, 0.5),)
            sender, window = PartyKind.SHOP, 120.0
        elif u < cfg.dangerous_share + cfg.cold_chain_share:
            items = (Item(ItemKind.COLD_CHAIN, float(rng.uniform(0.2, 0.9)), 90.0),)
            sender, window = PartyKind.CLINIC, 90.0
        elif u < cfg.dangerous_share + cfg.cold_chain_share + cfg.medicine_share:
            items = (Item(ItemKind.MEDICINE, float(rng.uniform(0.1, 0.8))),)
            sender, window = PartyKind.PHARMACY, 90.0
        else:
            n_items = 1 + int(rng.integers(0, 3))
            items = tuple(Item(ItemKind.DAILY_GOODS, float(rng.uniform(0.2, 1.6)))
                          for _ in range(n_items))
            sender, window = PartyKind.SHOP, 180.0
        start = now
        if rng.random() < cfg.later_window_share:
            start = now + timedelta(hours=2)
        spot = self.w.service.drop_spots[spot_id]
        return Order(f"o{self.n:05d}", f"{sender}-{spot.settlement_id}", sender,
                     self.w.home[self.w.aircraft[0].registration], f"household-{self.n:05d}",
                     items, spot_id, start, start + timedelta(minutes=window), now)

    def new_order(self, order: Order) -> None:
        self.records[order.id] = receive(order)
        rejections = validate_order(order, self.w.service)
        if rejections:
            self.records[order.id] = advance(self.records[order.id], OrderState.REJECTED,
                                             self.at(), "; ".join(f"{r.code}: {r.message}"
                                                                  for r in rejections))
            return
        self._set(order.id, OrderState.ACCEPTED)
        self.replan()

    # -- dispatch ----------------------------------------------------------------------------
    def state(self) -> DispatchState:
        return DispatchState(tuple(self.ac.values()), tuple(self.pilots.values()), self.w.legs,
                             self.wind, self.cfg.dispatch)

    def islands_on(self) -> bool:
        return self.w.island_base is not None and self.cfg.island_run_every_h > 0 and bool(
            self.w.island_settlements)

    def held(self, r: OrderRecord) -> bool:
        """Waits for the next island run (not for on-demand dispatch)."""
        if not self.islands_on() or r.order.medical or r.order.id in self.released:
            return False
        spot = self.w.service.drop_spots[r.order.drop_spot_id]
        return spot.settlement_id in self.w.island_settlements

    def replan(self) -> None:
        pending = [r for r in self.records.values()
                   if r.state in (OrderState.ACCEPTED, OrderState.SCHEDULED)
                   and r.order.id not in self.committed and not self.held(r)]
        if not pending:
            return
        now = self.at()
        for a in self.policy.plan(now, pending, self.state()):
            if a.departure <= now + timedelta(seconds=1) or (
                    a.swap and a.departure <= now + timedelta(
                        seconds=self.cfg.dispatch.swap_s + 1)):
                self.launch(a)
            else:
                rec = self.records[a.order_id]
                if rec.eta is None or abs((rec.eta - a.arrival).total_seconds()) > 60 or \
                        rec.state is OrderState.ACCEPTED:
                    self._set(a.order_id, OrderState.SCHEDULED, f"{a.registration} from "
                              f"{a.base_id}", eta=a.arrival)
                t = (a.departure - self.w.start).total_seconds()
                if t not in self.wakeups:
                    self.wakeups.add(t)
                    self.env.process(self.wake(t))

    def _cleared(self, decision: GateDecision[Any], order_ids: tuple[str, ...]) -> bool:
        """Act on a refusal of the launch gate: the rules or the permit refuse the flight for
        good (the orders fail, never flown); the airspace or the pilot only for now (the
        orders stay pending and the next event re-plans them)."""
        if decision.cleared:
            return True
        final = [c for c in decision.codes if c.startswith(("RULES_", "PERMIT_"))]
        if final:
            self.refusals += 1
            for oid in order_ids:
                self._set(oid, OrderState.FAILED, "launch gate: " + ", ".join(final))
        return False

    def wake(self, t: float) -> Any:
        yield self.env.timeout(max(0.0, t - self.env.now))
        self.wakeups.discard(t)
        self.replan()

    def launch(self, a: Assignment) -> None:
        st = self.ac[a.registration]
        dep = a.departure if a.departure > self.at() else self.at()
        fid = f"f{len(self.flights) + len(self.committed) + 1:05d}-{a.order_id}"
        decision = launch_decision(
            fid, a.leg, aircraft=st.aircraft, pilot=self.pilots[a.pilot_id], departure=dep,
            wind_mps=self.wind, battery_wh=st.energy_wh, scenario=self.w.scenario,
            permits=self.w.permits, settings=self.cfg.dispatch, airspace=self.airspace)
        if not self._cleared(decision, (a.order_id,)):
            return
        assert decision.intent is not None
        intent, delay, dep = decision.intent, decision.delay, decision.flight.departure
        violations: tuple[str, ...] = ()
        sub = self.airspace.submit(intent)
        if not sub.accepted:
            self.conflicts += 1
            return
        self.committed.add(a.order_id)
        self.accepted.append([intent, self.airspace.project(intent), self.env.now, math.inf])
        st = self.ac[a.registration]
        energy = (self.full[a.registration] if decision.swap else st.energy_wh)
        back = dep + timedelta(seconds=a.leg.mission_s)
        self.ac[a.registration] = replace(
            st, ready_at=back + timedelta(seconds=self.cfg.dispatch.turnaround_s),
            energy_wh=energy - a.leg.energy_wh)
        ps = self.pilots[a.pilot_id]
        self.pilots[a.pilot_id] = replace(ps, flights=(*ps.flights, (dep, back)))
        eta = dep + timedelta(seconds=a.leg.out_s)
        self._set(a.order_id, OrderState.SCHEDULED, f"{a.registration} from {a.base_id}, "
                  f"pilot {a.pilot_id}, UTM delay {delay.total_seconds():.0f} s", eta=eta)
        self.env.process(self.fly(a, fid, dep, violations))

    def fly(self, a: Assignment, fid: str, dep: datetime, violations: tuple[str, ...]) -> Any:
        leg = a.leg
        reg = a.registration
        t_dep = (dep - self.w.start).total_seconds()
        self.flying.add(reg)
        start_busy = self.env.now
        yield self.env.timeout(max(0.0, t_dep - self.env.now))
        self._set(a.order_id, OrderState.IN_FLIGHT, fid)
        rng = self.fault_rng
        f = self.cfg.faults
        u = rng.random()
        outcome = "delivered"
        frac = 1.0
        if u < f.link_loss_per_flight:
            outcome, frac = "link_loss", float(rng.uniform(0.1, 0.9))
        elif u < f.link_loss_per_flight + f.battery_anomaly_per_flight:
            outcome, frac = "battery_anomaly", float(rng.uniform(0.1, 0.9))
        if outcome == "delivered":
            yield self.env.timeout(leg.out_s)
            self._set(a.order_id, OrderState.DELIVERED, f"at {leg.drop_spot_id}")
            yield self.env.timeout(leg.mission_s - leg.out_s)
            flown, energy = 1.0, leg.energy_wh
        elif outcome == "link_loss":
            # Lost link: the aircraft turns back on its own and lands at its base.
            yield self.env.timeout(frac * leg.out_s)
            self._set(a.order_id, OrderState.FAILED, "link loss: returned to base")
            yield self.env.timeout(frac * leg.out_s)
            flown, energy = frac, frac * leg.energy_wh
        else:
            yield self.env.timeout(frac * leg.out_s)
            self._set(a.order_id, OrderState.FAILED, "battery anomaly: landed at an "
                      "emergency site")
            flown, energy = frac / 2, frac / 2 * leg.energy_wh
        if outcome != "delivered":
            self.faults[outcome] += 1
        self._landed(fid, reg, start_busy, outcome, (1 - frac) * leg.energy_wh)
        self.flights.append(FlightLog(
            fid, a.order_id, reg, a.pilot_id, a.base_id, leg.drop_spot_id, leg.level,
            t_dep, self.env.now, 2 * leg.length_m * flown / 1000.0, energy,
            leg.did_m * flown / 1000.0, round(leg.crossings * flown),
            leg.expected_fatalities * flown, outcome, 0.0, leg.permit, violations))
        self.replan()

    # -- scheduled island runs ---------------------------------------------------------------
    def island_runs(self) -> Any:
        every = self.cfg.island_run_every_h * 3600.0
        k = 1
        while k * every <= self.horizon + 1e-6:
            yield self.env.timeout(k * every - self.env.now)
            self.island_run()
            k += 1
        # After the last run no run is coming: what is left flies on demand.
        for r in self.records.values():
            if self.held(r) and not r.final and r.order.id not in self.committed:
                self.released.add(r.order.id)
        self.replan()

    def island_run(self) -> None:
        w, cfg = self.w, self.cfg
        assert w.island_base is not None and w.hops is not None
        held = sorted((r for r in self.records.values()
                       if r.state in (OrderState.ACCEPTED, OrderState.SCHEDULED)
                       and r.order.id not in self.committed and self.held(r)),
                      key=lambda r: r.order.id)
        if not held:
            return
        fleet = sorted((st for st in self.ac.values()
                        if st.base_id == w.island_base and st.in_service
                        and any(k[2] == st.aircraft.profile.id for k in w.hops)),
                       key=lambda st: (st.ready_at, st.registration))[:cfg.island_run_aircraft]
        limit = min((cfg.dispatch.wind_limit_mps, *(st.aircraft.profile.wind_limit_mps
                                                    for st in fleet)), default=0.0)
        if not fleet or self.wind > limit:
            self.release([r.order.id for r in held])
            return
        prof = fleet[0].aircraft.profile
        base = w.base(w.island_base)
        hops = {(a, b): r for (a, b, pid), r in w.hops.items() if pid == prof.id}
        spot_of = {r.order.id: r.order.drop_spot_id for r in held}
        place = {**spot_of, "depot": base.id}

        def hop_m(a: str, b: str) -> float | None:
            pa, pb = place[a], place[b]
            if pa == pb:
                return 0.0
            r = hops.get((pa, pb))
            return None if r is None else float(r.length_m)

        ids = ["depot", *spot_of]
        distances = {(a, b): d for a in ids for b in ids if a != b
                     and (d := hop_m(a, b)) is not None}
        light = cfg.island_light_fraction * prof.payload_kg
        classes = [(prof.payload_kg, max_trip_distance_m(prof, prof.payload_kg,
                                                         return_payload_kg=0.0)),
                   (light, max_trip_distance_m(prof, light, return_payload_kg=0.0))]
        stops: list[RunStop] = []
        out: list[str] = []
        for r in held:
            o = r.order
            there, back = distances.get(("depot", o.id)), distances.get((o.id, "depot"))
            if there is None or back is None or not any(
                    o.weight_kg <= c and there + back <= d for c, d in classes):
                out.append(o.id)  # no run reaches it with this parcel
                continue
            x, y = w.scenario.to_metric(*self._lonlat(o.drop_spot_id))
            stops.append(RunStop(o.id, x, y, o.weight_kg))
        self.release(out)
        if not stops:
            return
        try:
            trips = batch_island_run(w.scenario.to_metric(base.lon, base.lat), stops,
                                     prof.payload_kg, classes[0][1], len(fleet), seed=cfg.seed,
                                     iterations=cfg.island_run_iterations,
                                     distances=distances, load_classes=classes[1:])
        except Infeasible:
            self.release([s.id for s in stops])
            return
        for trip in trips:
            self.fly_trip(trip, fleet[trip.aircraft].registration)
        self.replan()

    def _lonlat(self, spot_id: str) -> tuple[float, float]:
        spot = self.w.service.drop_spots[spot_id]
        return spot.lon, spot.lat

    def release(self, order_ids: list[str]) -> None:
        self.released.update(order_ids)

    def fly_trip(self, trip: Trip, reg: str) -> None:
        """Plan, clear and commit one VRP trip as a multi-drop mission."""
        w, cfg = self.w, self.cfg
        assert w.island_base is not None and w.hops is not None
        st = self.ac[reg]
        ac = st.aircraft
        prof = ac.profile
        base = w.base(w.island_base)
        hops = {(a, b): r for (a, b, pid), r in w.hops.items() if pid == prof.id}
        orders = [self.records[i].order for i in trip.sequence]
        try:
            run = plan_run(w.scenario, ac, base, [w.service.drop_spots[o.drop_spot_id]
                                                  for o in orders],
                           [o.weight_kg for o in orders], hops, permits=w.permits)
        except Infeasible:
            self.release(list(trip.sequence))
            return
        usable = self.full[reg]
        swap = needs_swap(st.energy_wh, run.energy_wh, usable, cfg.dispatch.reserve_fraction)
        dep = max(self.at(), st.ready_at) + timedelta(seconds=cfg.dispatch.swap_s if swap
                                                      else 0.0)
        fid = f"f{len(self.flights) + len(self.committed) + 1:05d}-run-{trip.sequence[0]}"
        decision: GateDecision[RunFlight] | None = None
        for pilot in self.run_pilots(run.level, dep, dep + timedelta(seconds=run.mission_s),
                                     ac.profile.licence_kind):
            decision = clear_for_launch(LaunchRequest(
                RunFlight(fid, run, reg, pilot, dep, self.wind), ac, self.pilots[pilot],
                w.scenario, permits=tuple(w.permits), battery_wh=st.energy_wh, intent_id=fid,
                owner=OWNER, settings=cfg.dispatch, slot_search=SLOTS, lang="en"),
                self.airspace)
            if decision.codes != ("PILOT_LIMIT",):  # after the delay: the next pilot may
                break
        if decision is None or not self._cleared(decision, trip.sequence):
            if not any(self.records[i].state is OrderState.FAILED for i in trip.sequence):
                self.release(list(trip.sequence))
            return
        assert decision.intent is not None
        intent, delay, dep = decision.intent, decision.delay, decision.flight.departure
        pilot = decision.flight.pilot_id
        back = dep + timedelta(seconds=run.mission_s)
        if not self.airspace.submit(intent).accepted:
            self.conflicts += 1
            self.release(list(trip.sequence))
            return
        self.committed.update(trip.sequence)
        self.accepted.append([intent, self.airspace.project(intent), self.env.now, math.inf])
        self.ac[reg] = replace(st, ready_at=back + timedelta(seconds=cfg.dispatch.turnaround_s),
                               energy_wh=(usable if swap else st.energy_wh) - run.energy_wh)
        ps = self.pilots[pilot]
        self.pilots[pilot] = replace(ps, flights=(*ps.flights, (dep, back)))
        for o, t in zip(orders, run.arrivals_s, strict=True):
            self._set(o.id, OrderState.SCHEDULED, f"island run {fid}: {reg} from "
                      f"{base.id}, pilot {pilot}, UTM delay {delay.total_seconds():.0f} s",
                      eta=dep + timedelta(seconds=t))
        self.env.process(self.fly_run(run, trip, fid, reg, pilot, dep))

    def run_pilots(self, level: str, dep: datetime, back: datetime,
                   kind: str = "multirotor") -> list[str]:
        """The pilots who may fly a run of an aircraft of ``kind`` at ``dep`` (the gate's own
        pilot rule), by id."""
        return [pid for pid in sorted(self.pilots) if pilot_refusal(
            self.pilots[pid], level, dep, back, self.cfg.dispatch, kind) is None]

    def fly_run(self, run: RunMission, trip: Trip, fid: str, reg: str, pilot: str,
                dep: datetime) -> Any:
        t_dep = (dep - self.w.start).total_seconds()
        yield self.env.timeout(max(0.0, t_dep - self.env.now))
        self.flying.add(reg)
        for oid in trip.sequence:
            self._set(oid, OrderState.IN_FLIGHT, fid)
        f = self.cfg.faults
        u = self.fault_rng.random()
        outcome, frac = "delivered", 1.0
        if u < f.link_loss_per_flight:
            outcome, frac = "link_loss", float(self.fault_rng.uniform(0.1, 0.9))
        elif u < f.link_loss_per_flight + f.battery_anomaly_per_flight:
            outcome, frac = "battery_anomaly", float(self.fault_rng.uniform(0.1, 0.9))
        fault_s = frac * run.mission_s
        delivered: list[float | None] = []
        for oid, t in zip(trip.sequence, run.arrivals_s, strict=True):
            if outcome != "delivered" and t > fault_s:
                delivered.append(None)
                continue
            yield self.env.timeout(max(0.0, t_dep + t - self.env.now))
            self._set(oid, OrderState.DELIVERED, f"at {self.records[oid].order.drop_spot_id} "
                      f"(island run {fid})")
            delivered.append(self.env.now)
        if outcome == "delivered":
            yield self.env.timeout(max(0.0, t_dep + run.mission_s - self.env.now))
            flown, energy = 1.0, run.energy_wh
        else:
            yield self.env.timeout(max(0.0, t_dep + fault_s - self.env.now))
            note = ("link loss: returned to base" if outcome == "link_loss" else
                    "battery anomaly: landed at an emergency site")
            for oid, d in zip(trip.sequence, delivered, strict=True):
                if d is None:
                    self._set(oid, OrderState.FAILED, note)
            self.faults[outcome] += 1
            if outcome == "link_loss":
                # It flies home on its own: about as long again as it has flown, at most.
                yield self.env.timeout(min(fault_s, run.mission_s - fault_s))
                flown = frac
            else:
                flown = frac / 2
            energy = flown * run.energy_wh
        self._landed(fid, reg, t_dep, outcome, (1 - flown) * run.energy_wh)
        self.flights.append(FlightLog(
            fid, "+".join(trip.sequence), reg, pilot, run.base_id, "+".join(run.stops),
            run.level, t_dep, self.env.now, run.length_m * flown / 1000.0, energy,
            run.did_m * flown / 1000.0, round(run.crossings * flown),
            run.expected_fatalities * flown, outcome, 0.0, run.permit, (), kind="run"))
        prof = self.ac[reg].aircraft.profile
        self.runs.append(RunLog(
            fid, reg, trip.sequence, run.stops, run.load_kg, prof.payload_kg, run.energy_wh,
            self.full[reg], self.cfg.dispatch.reserve_fraction, t_dep,
            tuple(t_dep + t for t in run.arrivals_s), tuple(delivered)))
        self.replan()

    # -- weather and faults ------------------------------------------------------------------
    def weather(self) -> Any:
        m = self.cfg.wind
        dt_h = m.step_s / 3600.0
        while True:
            self.wind_samples.append((self.env.now, self.wind))
            yield self.env.timeout(m.step_s)
            before = self.wind
            self.wind = max(0.0, self.wind + m.reversion_per_h * (m.mean_mps - self.wind) * dt_h
                            + m.sigma_mps_per_sqrt_h * math.sqrt(dt_h)
                            * float(self.wind_rng.normal()))
            if (before > self.cfg.dispatch.wind_limit_mps) != (
                    self.wind > self.cfg.dispatch.wind_limit_mps) or self.wind < before:
                self.replan()

    def outages(self) -> Any:
        f = self.cfg.faults
        rate = f.out_of_service_per_aircraft_day * len(self.ac) / 86400.0
        if rate <= 0:
            return
        while True:
            yield self.env.timeout(float(self.fault_rng.exponential(1.0 / rate)))
            regs = sorted(r for r, s in self.ac.items() if s.in_service and r not in self.flying)
            if not regs:
                continue
            reg = regs[int(self.fault_rng.integers(len(regs)))]
            self.faults["out_of_service"] += 1
            self.ac[reg] = replace(self.ac[reg], in_service=False)
            self.env.process(self.repair(reg))
            self.replan()

    def repair(self, reg: str) -> Any:
        yield self.env.timeout(self.cfg.faults.out_of_service_h * 3600.0)
        self.ac[reg] = replace(self.ac[reg], in_service=True,
                               ready_at=max(self.ac[reg].ready_at, self.at()))
        self.replan()

    def sampler(self) -> Any:
        while True:
            n = len(self.ac)
            self.busy_samples.append((self.env.now, len(self.flying) / n if n else 0.0))
            yield self.env.timeout(self.cfg.sample_s)


def count_conflicts(intents: list[list[Any]]) -> int:
    """Pairs of accepted intents, active at the same time, that conflict: an independent
    check of the airspace's decisions. Entries: [intent, projected volumes, submitted, ended]."""
    ordered = sorted(intents, key=lambda i: i[0].time_start)
    n = 0
    for k, (x, px, x_in, x_out) in enumerate(ordered):
        for y, py, y_in, y_out in ordered[k + 1:]:
            if y.time_start >= x.time_end:
                break
            # Only intents that were in the airspace together can conflict.
            if max(x_in, y_in) < min(x_out, y_out):
                n += intents_conflict(px, py)
    return n


def run_day(world: World, config: SimConfig, policy: Policy,
            progress: Callable[[float], None] | None = None) -> DayResult:
    """Simulate one day with ``policy``; deterministic for ``config.seed``."""
    d = _Day(world, config, policy)
    d.env.process(d.demand())
    d.env.process(d.weather())
    d.env.process(d.outages())
    d.env.process(d.sampler())
    if d.islands_on():
        d.env.process(d.island_runs())
    end = config.hours * 3600.0 + config.drain_h * 3600.0
    step = 900.0
    t = 0.0
    while t < end:
        t = min(end, t + step)
        d.env.run(until=t)
        if progress is not None:
            progress(t / end)
    d._count(0)
    d.conflicts += count_conflicts(d.accepted)
    return DayResult(policy.name, config, world.start, d.records, d.flights, d.busy_samples,
                     d.wind_samples, d.area, d.env.now, d.conflicts, d.refusals, d.busy_s,
                     len(d.ac), d.faults, d.runs)
