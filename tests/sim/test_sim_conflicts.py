"""The simulation's independent conflict count: it reports conflicts that are there, and agrees
with the UTM airspace's exact 4D decision on every pair of flights.

The "0 conflicts" of a simulated day rests on this checker, so it must be shown counting a
conflict that exists, not only returning 0 on days where the airspace prevented them all.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import event, given
from hypothesis import strategies as st

from hypothesis_support import property_settings
from kizuna.sim.engine import count_conflicts
from kizuna.utm import (
    AltitudeReference,
    InMemoryAirspace,
    MetricFrame,
    OperationalIntent,
    corridor_volumes,
)

T0 = datetime(2025, 12, 1, 1, tzinfo=UTC)  # 10:00 in Tokyo
FRAME = MetricFrame(6669)  # JGD2011 zone I (Goto)
#: Fukue port and two drop spots 2-3 km away (lon, lat).
FUKUE = (128.843, 32.697)
NORTH = (128.843, 32.722)
EAST = (128.875, 32.697)
M_PER_DEG_LAT = 111_000.0


def _flight(fid: str, start: tuple[float, float], end: tuple[float, float], depart_min: float,
            alt_m: float = 60.0, minutes: float = 5.0, priority: int = 0) -> OperationalIntent:
    """A delivery flight from ``start`` to ``end`` at ``alt_m`` AGL, as the simulator submits it
    (time-sliced corridor volumes around a planned 4D route)."""
    dep = T0 + timedelta(minutes=depart_min)
    route = [(*start, alt_m, dep), (*end, alt_m, dep + timedelta(minutes=minutes))]
    vols = corridor_volumes(route, lateral_margin_m=20, vertical_margin_m=10,
                            eta_uncertainty_s=30, frame=FRAME,
                            altitude_reference=AltitudeReference.AGL)
    return OperationalIntent(fid, "kizuna-sim", priority, vols)


def _entry(intent: OperationalIntent, submitted_s: float = 0.0,
           ended_s: float = math.inf) -> list[Any]:
    """One accepted intent as the simulated day records it: the intent, its volumes in the
    day's metric frame, when it entered the airspace and when it left it."""
    return [intent, InMemoryAirspace(FRAME).project(intent), submitted_s, ended_s]


def test_a_day_with_one_known_conflict_counts_one() -> None:
    """Four flights; only the two that cross Fukue's harbour at the same time and height
    conflict: the count is 1, not 0 and not more."""
    day = [
        _entry(_flight("f1-north", FUKUE, NORTH, depart_min=0)),
        _entry(_flight("f2-east", EAST, (128.843, 32.690), depart_min=0)),   # away from f1
        _entry(_flight("f3-north-again", FUKUE, NORTH, depart_min=2)),       # f1's path, 2 min on
        _entry(_flight("f4-north-high", FUKUE, NORTH, depart_min=0, alt_m=150.0)),  # above f1
    ]
    assert count_conflicts(day) == 1


def test_a_conflict_is_counted_whatever_the_order_of_acceptance() -> None:
    """The check does not depend on the order the day recorded its intents in."""
    a = _entry(_flight("a", FUKUE, NORTH, depart_min=0))
    b = _entry(_flight("b", NORTH, FUKUE, depart_min=1))  # head-on on the same corridor
    assert count_conflicts([a, b]) == count_conflicts([b, a]) == 1


def test_every_conflicting_pair_counts() -> None:
    """Three flights on one corridor at once are three conflicting pairs."""
    day = [_entry(_flight(f"f{k}", FUKUE, NORTH, depart_min=k * 0.5)) for k in range(3)]
    assert count_conflicts(day) == 3


def test_flights_not_in_the_airspace_together_do_not_conflict() -> None:
    """The same volumes, but the first intent ended before the second was submitted."""
    a = _entry(_flight("a", FUKUE, NORTH, depart_min=0), submitted_s=0.0, ended_s=100.0)
    b = _entry(_flight("b", FUKUE, NORTH, depart_min=0), submitted_s=200.0)
    assert count_conflicts([a, b]) == 0


def test_separated_in_time_or_height_do_not_conflict() -> None:
    """Same corridor 10 minutes later, or 90 m higher: no conflict."""
    base = _entry(_flight("a", FUKUE, NORTH, depart_min=0))
    later = _entry(_flight("b", FUKUE, NORTH, depart_min=10))
    higher = _entry(_flight("c", FUKUE, NORTH, depart_min=0, alt_m=150.0))
    assert count_conflicts([base, later, higher]) == 0


@property_settings(max_examples=30)
@given(north_m=st.floats(-400.0, 400.0), east_m=st.floats(-100.0, 100.0),
       delay_min=st.floats(-8.0, 8.0), climb_m=st.floats(-40.0, 40.0))
def test_agrees_with_the_airspace_on_any_pair(north_m: float, east_m: float, delay_min: float,
                                              climb_m: float) -> None:
    """For a second flight shifted in space, time and height, the checker counts a conflict
    exactly when the UTM airspace (its exact 4D test) refuses the second flight."""
    first = _flight("first", FUKUE, NORTH, depart_min=0)
    shift_lon = east_m / (M_PER_DEG_LAT * math.cos(math.radians(FUKUE[1])))
    shift_lat = north_m / M_PER_DEG_LAT
    second = _flight("second", (FUKUE[0] + shift_lon, FUKUE[1] + shift_lat),
                     (NORTH[0] + shift_lon, NORTH[1] + shift_lat), depart_min=delay_min,
                     alt_m=60.0 + climb_m)
    airspace = InMemoryAirspace(FRAME)
    assert airspace.submit(first).accepted
    refused = not airspace.check(second).accepted
    event("the airspace refuses the second flight" if refused else "both flights accepted")
    assert count_conflicts([_entry(first), _entry(second)]) == int(refused)
