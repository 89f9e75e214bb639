"""A service day at real scale: the product's dispatcher against the naive baseline.

A 12-hour day in the ``goto`` scenario with 20 aircraft and 1,000 orders (default), seeded:
the world (drop spots, every leg planned by the product's planner) is built once, then the
same day (same demand, wind and faults) is simulated with the dispatcher and with the naive
baseline (first come first served, nearest idle aircraft). Every flight goes through the
product's launch gate and UTM airspace.

``wall_s`` is the wall time of the two simulated days (the world's planning is printed on its
own line: it is the same for any number of orders); ``sim_per_wall`` the simulated seconds
(both days, drain included) per wall second; ``ontime`` and ``ontime_baseline`` the on-time
rates (:mod:`kizuna.dispatch.kpis`); ``deliveries_per_aircraft_hour_ratio`` dispatcher /
baseline.

Last line: ``simulate wall_s=<w> sim_per_wall=<r> ontime=<a> ontime_baseline=<b>
deliveries_per_aircraft_hour_ratio=<c>``

Run: ``.venv/bin/python benchmarks/simulate.py [--orders N] [--aircraft A] [--hours H]
[--seed S] [--profile FILE]``.
"""

from __future__ import annotations

import argparse
import cProfile
import time

from kizuna.sim.config import SimConfig
from kizuna.sim.engine import run_day
from kizuna.sim.kpis import day_kpis
from kizuna.sim.runner import POLICIES, world_for


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=float, default=1000.0)
    ap.add_argument("--aircraft", type=int, default=20)
    ap.add_argument("--hours", type=float, default=12.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--profile", default=None, help="write a cProfile of the two days here")
    args = ap.parse_args()
    config = SimConfig(scenario="goto", hours=args.hours, seed=args.seed,
                       aircraft=args.aircraft, orders_per_day=args.orders)
    t0 = time.perf_counter()
    world = world_for(config.scenario, config.aircraft, config.settlements)
    print(f"world planned in {time.perf_counter() - t0:.1f} s ({len(world.legs)} legs)")
    prof = cProfile.Profile() if args.profile else None
    t0 = time.perf_counter()
    if prof is not None:
        prof.enable()
    days = {name: run_day(world, config, make()) for name, make in POLICIES.items()}
    if prof is not None:
        prof.disable()
        prof.dump_stats(args.profile)
    wall = time.perf_counter() - t0
    kpis = {name: day_kpis(d) for name, d in days.items()}
    k, n = kpis["kizuna"], kpis["naive"]
    for name, d in kpis.items():
        print(f"{name}: orders={d['orders']} delivered={d['delivered']} "
              f"on_time_rate={d['on_time_rate']:.3f} flights={d['flights']} "
              f"conflicts={d['conflicts']} permit_violations={d['permit_violations']} "
              f"permit_refusals={d['permit_refusals']} "
              f"per_aircraft_hour={d['deliveries_per_aircraft_hour']:.3f}")
    sim_s = sum(d.end_s for d in days.values())
    base = n["deliveries_per_aircraft_hour"]
    ratio = k["deliveries_per_aircraft_hour"] / base if base else float("nan")
    print(f"simulate wall_s={wall:.1f} sim_per_wall={sim_s / wall:.0f} "
          f"ontime={k['on_time_rate']:.3f} ontime_baseline={n['on_time_rate']:.3f} "
          f"deliveries_per_aircraft_hour_ratio={ratio:.2f}")


if __name__ == "__main__":
    main()
