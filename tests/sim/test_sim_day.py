"""A short simulated day at Aokata (Level 4 area permit): the product's code end to end."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from kizuna.dispatch import InsertionDispatcher, NaiveDispatcher, OrderState
from kizuna.sim.config import FaultRates, SimConfig
from kizuna.sim.engine import DayResult, run_day
from kizuna.sim.kpis import REQUIRED_KEYS, day_kpis
from kizuna.sim.runner import world_for
from kizuna.sim.world import World

CFG = SimConfig(scenario="goto", hours=3.0, seed=7, aircraft=2, orders_per_day=30,
                settlements=("aokata",), drain_h=1.5)


@pytest.fixture(scope="module")
def world() -> World:
    return world_for("goto", 2, ("aokata",))


@pytest.fixture(scope="module")
def day(world: World) -> DayResult:
    return run_day(world, CFG, InsertionDispatcher())


def test_world_uses_the_aokata_permit(world: World) -> None:
    """Aokata drop spots are planned at Level 4 inside the area permit."""
    level4 = [leg for leg in world.legs.values() if leg.level == "4"]
    assert level4
    assert {leg.permit for leg in level4} == {"KIZUNA-L4-2025-0001"}
    # Outside the area the same aircraft flies Level 3.5, under no permit.
    assert all(leg.permit is None for leg in world.legs.values() if leg.level == "3.5")


def test_level_4_flights_are_counted_under_their_permit(day: DayResult) -> None:
    """The KPIs count the Level 4 flights, and every one is under the Aokata permit."""
    k = day_kpis(day)
    level4 = [f for f in day.flights if f.level == "4"]
    assert k["level4_flights"] == len(level4) > 0
    assert all(f.permit == "KIZUNA-L4-2025-0001" for f in level4)
    assert k["flights_by_permit"]["KIZUNA-L4-2025-0001"] >= len(level4)
    assert sum(k["flights_by_permit"].values()) == sum(f.permit is not None for f in day.flights)


def test_day_is_deterministic(world: World, day: DayResult) -> None:
    """Same seed, same day."""
    again = run_day(world, CFG, InsertionDispatcher())
    assert day_kpis(again) == day_kpis(day)
    other = run_day(world, replace(CFG, seed=8), InsertionDispatcher())
    assert day_kpis(other) != day_kpis(day)


def test_day_is_safe_and_legal(day: DayResult) -> None:
    """Deliveries happen, with no airspace conflict and no permit violation."""
    k = day_kpis(day)
    assert set(REQUIRED_KEYS) <= set(k)
    assert k["delivered"] > 0
    assert k["conflicts"] == 0
    assert k["permit_violations"] == 0 and k["permit_refusals"] == 0
    # The permit's window is 09:00-16:30 local: every flight inside it.
    for f in day.flights:
        assert f.departure_s >= 0 and f.landing_s <= 7.5 * 3600


def test_littles_law(day: DayResult) -> None:
    """Time-average orders in system = arrival rate x mean time in system (L = lambda W)."""
    accepted = [r for r in day.records.values() if r.state is not OrderState.REJECTED]
    sojourn = 0.0
    for r in accepted:
        t_in = r.time_of(OrderState.ACCEPTED)
        t_out = r.events[-1].at if r.final else None
        assert t_in is not None
        end = t_out if t_out is not None else day.start.replace() + \
            __import__("datetime").timedelta(seconds=day.end_s)
        sojourn += (end - t_in).total_seconds()
    lam = len(accepted) / day.end_s
    w = sojourn / len(accepted)
    assert day.in_system_area / day.end_s == pytest.approx(lam * w, rel=1e-6)


def test_audit_trail_and_eta(day: DayResult) -> None:
    """Every delivered order went through scheduled (with an ETA) and in flight."""
    for r in day.records.values():
        if r.state is OrderState.DELIVERED:
            states = [e.state for e in r.events]
            assert states[:2] == ["received", "accepted"]
            assert "scheduled" in states and states[-2:] == ["in_flight", "delivered"]
            assert r.eta is not None


def test_faults_fail_orders_and_ground_aircraft(world: World) -> None:
    """Certain link loss: every flown order fails and the aircraft comes back."""
    cfg = replace(CFG, faults=FaultRates(link_loss_per_flight=1.0,
                                         out_of_service_per_aircraft_day=0.0))
    d = run_day(world, cfg, InsertionDispatcher())
    assert d.flights and all(f.outcome == "link_loss" for f in d.flights)
    assert day_kpis(d)["delivered"] == 0


def test_naive_policy_runs_on_the_same_demand(world: World, day: DayResult) -> None:
    """Both policies see the same orders (same seeds)."""
    naive = run_day(world, CFG, NaiveDispatcher())
    assert [r.order for r in naive.records.values()] == [r.order for r in day.records.values()]


def test_cli_writes_every_output(tmp_path: Path, world: World) -> None:
    """kpis.json with the required keys, report.html without external resources, PNGs."""
    from kizuna.sim.runner import simulate, write_outputs

    kpis, days = simulate(CFG)
    write_outputs(tmp_path, kpis, days, "kizuna simulate (test)")
    data = json.loads((tmp_path / "kpis.json").read_text())
    assert set(REQUIRED_KEYS) <= set(data)
    html = (tmp_path / "report.html").read_text()
    assert "http://" not in html and "https://" not in html and "主要指標" in html
    for name in ("flights_map.png", "delivery_minutes.png", "utilisation.png"):
        assert (tmp_path / name).read_bytes()[:4] == b"\x89PNG"
