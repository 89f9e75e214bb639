"""Accepted intents (typed or stored as lists) and the conflict count over them: the UTM's exact
4D test over intents that were in the airspace together."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from kizuna.sim.engine import AcceptedIntent, count_conflicts
from kizuna.utm import (
    AltitudeReference,
    InMemoryAirspace,
    OperationalIntent,
    Waypoint4D,
    corridor_volumes,
)

T0 = datetime(2025, 12, 1, 1, tzinfo=UTC)


def _intent(iid: str, start_min: float, lon0: float = 128.84) -> OperationalIntent:
    t = T0 + timedelta(minutes=start_min)
    vols = corridor_volumes([Waypoint4D(lon0, 32.69, 60, t),
                             Waypoint4D(lon0 + 0.01, 32.69, 60, t + timedelta(minutes=5))],
                            lateral_margin_m=30, vertical_margin_m=15, eta_uncertainty_s=30,
                            altitude_reference=AltitudeReference.AGL)
    return OperationalIntent(iid, "op", 0, vols)


def _accepted(air: InMemoryAirspace, intent: OperationalIntent, submitted: float,
              ended: float = math.inf) -> AcceptedIntent:
    return AcceptedIntent(intent, tuple(air.project(intent)), submitted, ended)


def test_overlapping_intents_together_count_once() -> None:
    """Same corridor, same time, both in the airspace: one conflicting pair."""
    air = InMemoryAirspace()
    a, b = _intent("a", 0), _intent("b", 1)
    assert count_conflicts([_accepted(air, a, 0.0), _accepted(air, b, 10.0)]) == 1


def test_not_together_or_apart_count_nothing() -> None:
    """Ended before the other was submitted, later in time, or elsewhere: no conflict."""
    air = InMemoryAirspace()
    a, b = _intent("a", 0), _intent("b", 1)
    assert count_conflicts([_accepted(air, a, 0.0, 5.0), _accepted(air, b, 10.0)]) == 0
    assert count_conflicts([_accepted(air, a, 0.0), _accepted(air, _intent("c", 30), 1.0)]) == 0
    assert count_conflicts([_accepted(air, a, 0.0),
                            _accepted(air, _intent("d", 0, 128.90), 1.0)]) == 0


def test_list_entries_are_read_too() -> None:
    """[intent, projected, submitted, ended] entries give the same count."""
    air = InMemoryAirspace()
    a, b = _intent("a", 0), _intent("b", 1)
    rows = [[a, air.project(a), 0.0, math.inf], [b, air.project(b), 10.0, math.inf]]
    assert count_conflicts(rows) == 1
