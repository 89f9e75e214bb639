"""Run a simulated day for both policies, in parallel replications, and write the outputs."""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from kizuna.atomic import write_text
from kizuna.dispatch import InsertionDispatcher, NaiveDispatcher, Policy
from kizuna.sim.config import SimConfig
from kizuna.sim.engine import DayResult, run_day
from kizuna.sim.kpis import REQUIRED_KEYS, day_kpis, mean_ci
from kizuna.sim.world import World, build_world

__all__ = ["POLICIES", "compare", "run_policies", "simulate", "world_for"]

POLICIES: dict[str, Callable[[], Policy]] = {"kizuna": InsertionDispatcher,
                                             "naive": NaiveDispatcher}


@cache
def world_for(scenario: str, aircraft: int, settlements: tuple[str, ...] | None) -> World:
    """The world of a run (drop spots from a fixed seed: registered spots do not change)."""
    return build_world(scenario, aircraft, seed=0, settlements=settlements)


def run_policies(config: SimConfig, progress: Callable[[float], None] | None = None
                 ) -> dict[str, DayResult]:
    """Both policies on the same world, seed and demand."""
    world = world_for(config.scenario, config.aircraft, config.settlements)
    out = {}
    for i, (name, make) in enumerate(POLICIES.items()):
        cb = None
        if progress is not None:
            p = progress

            def cb(f: float, i: int = i, p: Callable[[float], None] = p) -> None:
                p((i + f) / len(POLICIES))
        out[name] = run_day(world, config, make(), cb)
    return out


def _kpis_of(config: SimConfig) -> dict[str, dict[str, Any]]:
    return {k: day_kpis(d) for k, d in run_policies(config).items()}


def compare(policies: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Product against baseline: on-time rate, deliveries per aircraft-hour, their ratios."""
    def val(d: dict[str, Any], k: str) -> float:
        v = d[k]
        return float(v["mean"] if isinstance(v, dict) else v)

    k, n = policies["kizuna"], policies["naive"]
    out = {}
    for key in ("on_time_rate", "deliveries_per_aircraft_hour", "medical_minutes_p50"):
        a, b = val(k, key), val(n, key)
        out[f"{key} kizuna"] = a
        out[f"{key} naive"] = b
        out[f"{key} ratio kizuna/naive"] = a / b if b else float("nan")
    return out


def simulate(config: SimConfig, replications: int = 1,
             progress: Callable[[float], None] | None = None
             ) -> tuple[dict[str, Any], dict[str, DayResult]]:
    """KPIs (means and 95 % CIs over replications) and the first seed's days."""
    days = run_policies(config, progress)
    first = {k: day_kpis(d) for k, d in days.items()}
    if replications <= 1:
        policies: dict[str, dict[str, Any]] = first
    else:
        configs = [replace(config, seed=config.seed + i) for i in range(1, replications)]
        with ProcessPoolExecutor(max_workers=min(2, len(configs))) as pool:
            rest = list(pool.map(_kpis_of, configs))
        policies = {}
        for name in first:
            runs = [first[name], *[r[name] for r in rest]]
            agg: dict[str, Any] = {"policy": name}
            for key, v in first[name].items():
                if isinstance(v, int | float) and not isinstance(v, bool):
                    agg[key] = mean_ci([float(r[key]) for r in runs])
            policies[name] = agg
    kpis: dict[str, Any] = {}
    for key in REQUIRED_KEYS:
        kpis[key] = policies["kizuna"][key]
    # Level 4 is flown only under a permit: the summary says how many flights and which permits.
    kpis["level4_flights"] = policies["kizuna"]["level4_flights"]
    kpis["flights_by_permit"] = first["kizuna"]["flights_by_permit"]  # the first seed's
    kpis.update({
        "policies": policies, "comparison": compare(policies), "replications": replications,
        "seeds": [config.seed + i for i in range(replications)],
        "config": {"scenario": config.scenario, "hours": config.hours, "seed": config.seed,
                   "aircraft": config.aircraft, "orders_per_day": config.orders_per_day,
                   "max_aircraft_per_pilot": config.dispatch.max_aircraft_per_pilot,
                   "wind_limit_mps": config.dispatch.wind_limit_mps},
    })
    return kpis, days


def write_outputs(out: Path, kpis: dict[str, Any], days: dict[str, DayResult],
                  command: str) -> None:
    """kpis.json, the PNGs and report.html, each written atomically."""
    from kizuna.sim.report import write_histogram, write_map, write_report, write_utilisation

    out.mkdir(parents=True, exist_ok=True)
    world = world_for(days["kizuna"].config.scenario, days["kizuna"].config.aircraft,
                      days["kizuna"].config.settlements)
    images = {
        "本日の飛行 / Flights of the day": out / "flights_map.png",
        "配達時間 / Delivery-time histogram": out / "delivery_minutes.png",
        "稼働率 / Utilisation over time": out / "utilisation.png",
    }
    write_map(world, days["kizuna"], images["本日の飛行 / Flights of the day"])
    write_histogram(days, images["配達時間 / Delivery-time histogram"])
    write_utilisation(days, images["稼働率 / Utilisation over time"])
    write_text(out / "kpis.json", json.dumps(kpis, indent=2, ensure_ascii=False) + "\n")
    write_report(out / "report.html", kpis, images, command)
