"""PyVRP island runs: capacity = payload, trip length from the energy model, multi-trip."""

from __future__ import annotations

import itertools
import math

import pytest

from kizuna.dispatch import RunStop, batch_island_run, max_trip_distance_m
from kizuna.errors import Infeasible
from kizuna.fleet import profile


def _stops() -> list[RunStop]:
    # Two island clusters, 6-9 km out (Hisaka- and Naru-like).
    out = []
    for i in range(8):
        cx, cy = (6000.0, 6000.0) if i % 2 else (-2000.0, 8500.0)
        out.append(RunStop(f"s{i}", cx + 150 * i, cy - 80 * i, 1.2 + 0.1 * i))
    return out


def test_energy_model_bounds_the_trip() -> None:
    """PF4 at full payload reaches tens of km per battery, PF2 a few."""
    pf4 = max_trip_distance_m(profile("pf4"), 4.5)
    pf2 = max_trip_distance_m(profile("pf2-cat3"), 1.0)
    assert 15_000 < pf4 < 45_000
    assert 3_000 < pf2 < pf4


def test_trips_respect_capacity_and_distance() -> None:
    """Every stop is served once; no trip over payload or over the battery's distance."""
    stops = _stops()
    limit = max_trip_distance_m(profile("pf4"), 4.5)
    trips = batch_island_run((0.0, 0.0), stops, 4.5, limit, aircraft=2, seed=1)
    served = [s for t in trips for s in t.sequence]
    assert sorted(served) == sorted(s.id for s in stops)
    by_id = {s.id: s for s in stops}
    for t in trips:
        assert t.load_kg <= 4.5 + 1e-9
        pts = [(0.0, 0.0), *[(by_id[i].x, by_id[i].y) for i in t.sequence], (0.0, 0.0)]
        length = sum(math.dist(a, b) for a, b in itertools.pairwise(pts))
        assert length <= limit + len(pts)  # integer rounding
    assert len(trips) >= math.ceil(sum(s.weight_kg for s in stops) / 4.5)
    assert {t.aircraft for t in trips} == {0, 1}  # multi-trip over both aircraft


def test_unreachable_stop_is_infeasible() -> None:
    """A stop beyond one battery is refused, not silently dropped."""
    with pytest.raises(Infeasible):
        batch_island_run((0.0, 0.0), [RunStop("x", 50_000.0, 0.0, 1.0)], 4.5, 30_000.0, 1)


def test_light_trips_reach_further() -> None:
    """A far stop with a light parcel rides a light trip; the empty return lengthens reach."""
    pf4 = profile("pf4")
    full = max_trip_distance_m(pf4, 4.5)
    assert max_trip_distance_m(pf4, 4.5, return_payload_kg=0.0) > full
    light = max_trip_distance_m(pf4, 1.0, return_payload_kg=0.0)
    far = RunStop("far", 0.5 * (full + light) / 2, 0.0, 0.8)
    near = RunStop("near", 3000.0, 0.0, 4.0)
    with pytest.raises(Infeasible):
        batch_island_run((0.0, 0.0), [far, near], 4.5, full, 1)
    trips = batch_island_run((0.0, 0.0), [far, near], 4.5, full, 1,
                             load_classes=[(1.0, light)])
    assert sorted(t.sequence for t in trips) == [("far",), ("near",)]
    assert all(t.distance_m <= full or t.load_kg <= 1.0 for t in trips)
