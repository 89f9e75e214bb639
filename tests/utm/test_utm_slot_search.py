"""The slot search skips only delays that certainly conflict: the same answer as checking
every candidate delay in turn, over seeded random corridors and priorities."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from utm_support import T0, ZONE_I

from kizuna.errors import Infeasible
from kizuna.utm import (
    AltitudeReference,
    InMemoryAirspace,
    OperationalIntent,
    SlotProposal,
    Waypoint4D,
    corridor_volumes,
    find_slot,
)

#: Round Fukue town, so that routes cross often.
LON, LAT = (128.80, 128.86), (32.66, 32.71)


def _route(rng: np.random.Generator, k: int, priority: int) -> OperationalIntent:
    start = T0 + timedelta(seconds=float(rng.integers(0, 40)) * 30.0)
    a = (float(rng.uniform(*LON)), float(rng.uniform(*LAT)))
    b = (float(rng.uniform(*LON)), float(rng.uniform(*LAT)))
    alt = float(rng.choice([40.0, 60.0, 90.0]))
    minutes = float(rng.uniform(3, 12))
    wps = [Waypoint4D(a[0], a[1], alt, start),
           Waypoint4D(b[0], b[1], alt, start + timedelta(minutes=minutes)),
           Waypoint4D(a[0], a[1], alt, start + timedelta(minutes=2 * minutes + 0.5))]
    vols = corridor_volumes(wps, lateral_margin_m=30, vertical_margin_m=15,
                            eta_uncertainty_s=30, altitude_reference=AltitudeReference.AGL,
                            max_slice_s=120)
    return OperationalIntent(f"i{k}", f"op{k % 3}", priority, vols)


def _every_candidate(air: InMemoryAirspace, intent: OperationalIntent, step: timedelta,
                     max_delay: timedelta) -> SlotProposal | None:
    """The reference: one check per candidate delay, smallest first."""
    delay = timedelta(0)
    while delay <= max_delay:
        result = air.check(intent.shifted(delay))
        if result.accepted:
            return SlotProposal(delay, intent.shifted(delay), result)
        delay += step
    return None


@pytest.mark.parametrize("seed", range(12))
def test_slot_search_equals_checking_every_delay(seed: int) -> None:
    """Same delay (or the same absence of one) as the one-check-per-candidate search."""
    rng = np.random.default_rng(seed)
    air = InMemoryAirspace(ZONE_I)
    for k in range(int(rng.integers(5, 25))):
        air.submit(_route(rng, k, int(rng.integers(0, 2))))
    for j in range(8):
        intent = _route(rng, 100 + j, int(rng.integers(0, 2)))
        step = timedelta(seconds=float(rng.choice([30.0, 60.0])))
        max_delay = timedelta(minutes=float(rng.choice([5.0, 30.0])))
        want = _every_candidate(air, intent, step, max_delay)
        if want is None:
            with pytest.raises(Infeasible):
                find_slot(air, intent, step, max_delay)
        else:
            got = find_slot(air, intent, step, max_delay)
            assert got.delay == want.delay and got.intent == want.intent


def test_blocked_delays_are_conflicts() -> None:
    """Every delay strictly inside a blocked interval is refused by the airspace's check,
    and the intervals account for every refused candidate."""
    rng = np.random.default_rng(99)
    air = InMemoryAirspace(ZONE_I)
    for k in range(30):
        air.submit(_route(rng, k, 0))
    refused = inside = 0
    for j in range(10):
        intent = _route(rng, 200 + j, 0)
        blocked = air.blocked_delays(intent, timedelta(minutes=30))
        for s in range(0, 1801, 60):
            ok = air.check(intent.shifted(timedelta(seconds=s))).accepted
            hit = any(lo < s < hi for lo, hi in blocked)
            assert ok is not hit
            refused += not ok
            inside += hit
    assert refused > 0 and refused == inside
