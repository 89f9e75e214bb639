"""The conformance limits pinned on both sides: a nonconforming flight becomes contingent only
when it has been outside *longer* than ``max_nonconforming_s`` or strays *further* than
``max_deviation_m``; at the limit itself it stays nonconforming."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from utm_support import T0, ZONE_I

from kizuna.utm import AltitudeReference, IntentState, OperationalIntent, corridor_volumes
from kizuna.utm.conformance import ConformanceMonitor, ConformancePolicy, PositionReport

#: The corridor's altitude band is 60 m +- 10 m AGL: its top is 70 m.
BAND_TOP_M = 70.0


def _monitor(max_nonconforming_s: float, max_deviation_m: float) -> ConformanceMonitor:
    route = [(128.80, 32.70, 60.0, T0), (128.82, 32.70, 60.0, T0 + timedelta(minutes=4))]
    vols = corridor_volumes(route, lateral_margin_m=20, vertical_margin_m=10,
                            eta_uncertainty_s=20, frame=ZONE_I,
                            altitude_reference=AltitudeReference.AGL)
    return ConformanceMonitor(OperationalIntent("op-a-001", "op-a", 0, vols), "JU-0001", ZONE_I,
                              ConformancePolicy(max_nonconforming_s, max_deviation_m))


def _report(seconds: float, alt: float = 60.0) -> PositionReport:
    """A fix on the corridor's centre line at ``seconds`` after T0, at ``alt`` m AGL."""
    return PositionReport("JU-0001", T0 + timedelta(seconds=seconds),
                          128.80 + 0.02 * seconds / 240, 32.70, alt, AltitudeReference.AGL)


def _outside_since(mon: ConformanceMonitor, seconds: float) -> None:
    """Fly inside, then leave the volumes at ``seconds`` by 5 m (nonconforming, not contingent)."""
    mon.observe(_report(seconds - 10))
    mon.observe(_report(seconds), measured=(5.0, True))
    assert mon.state is IntentState.NONCONFORMING


@pytest.mark.parametrize("limit_s", [10.0, 30.0, 45.5])
def test_outside_for_exactly_the_time_limit_stays_nonconforming(limit_s: float) -> None:
    """Outside for exactly ``max_nonconforming_s``: still nonconforming, no contingency."""
    mon = _monitor(limit_s, 200.0)
    _outside_since(mon, 20.0)
    events = mon.observe(_report(20.0 + limit_s), measured=(5.0, True))
    assert events == [] and mon.state is IntentState.NONCONFORMING


@pytest.mark.parametrize("limit_s", [10.0, 30.0, 45.5])
def test_outside_a_millisecond_longer_is_contingent(limit_s: float) -> None:
    """1 ms past ``max_nonconforming_s`` outside: contingent, with its alert."""
    mon = _monitor(limit_s, 200.0)
    _outside_since(mon, 20.0)
    events = mon.observe(_report(20.0 + limit_s + 0.001), measured=(5.0, True))
    assert mon.state is IntentState.CONTINGENT
    assert [e.code for e in events] == ["UTM-CONTINGENT", "UTM-CONTINGENT"]
    assert "outside for" in events[0].reason  # type: ignore[union-attr]


@pytest.mark.parametrize("limit_m", [0.5, 50.0, 120.0])
def test_exactly_the_deviation_limit_stays_nonconforming(limit_m: float) -> None:
    """A deviation equal to ``max_deviation_m``: nonconforming, not contingent."""
    mon = _monitor(60.0, limit_m)
    mon.observe(_report(0))
    events = mon.observe(_report(10), measured=(limit_m, True))
    assert [e.code for e in events] == ["UTM-NONCONFORMING", "UTM-NONCONFORMING"]
    assert mon.state is IntentState.NONCONFORMING


@pytest.mark.parametrize("limit_m", [0.5, 50.0, 120.0])
def test_the_next_float_beyond_the_deviation_limit_is_contingent(limit_m: float) -> None:
    """The smallest deviation above ``max_deviation_m`` makes the flight contingent at once."""
    mon = _monitor(60.0, limit_m)
    mon.observe(_report(0))
    events = mon.observe(_report(10), measured=(math.nextafter(limit_m, math.inf), True))
    assert [e.code for e in events] == ["UTM-NONCONFORMING", "UTM-NONCONFORMING",
                                        "UTM-CONTINGENT", "UTM-CONTINGENT"]
    assert mon.state is IntentState.CONTINGENT


@pytest.mark.parametrize(("above_top_m", "contingent"), [(50.0, False), (50.25, True)])
def test_a_climb_above_the_band_is_measured_against_the_limit(above_top_m: float,
                                                              contingent: bool) -> None:
    """Measured by the monitor itself: 50 m above the band's top with a 50 m limit stays
    nonconforming; 50.25 m is contingent."""
    mon = _monitor(60.0, 50.0)
    mon.observe(_report(0))
    events = mon.observe(_report(10, alt=BAND_TOP_M + above_top_m))
    assert events[1].deviation_m == pytest.approx(above_top_m, abs=1e-9)  # type: ignore[union-attr]
    assert (mon.state is IntentState.CONTINGENT) is contingent
