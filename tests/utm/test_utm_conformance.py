"""Conformance monitoring: a flight drifting out of its corridor."""

from __future__ import annotations

import math
import random
from datetime import timedelta

import numpy as np
import pytest
import shapely
from utm_support import T0, ZONE_I

from kizuna.errors import InvalidInput
from kizuna.utm import (
    AltitudeReference,
    IntentState,
    OperationalIntent,
    Volume4D,
    corridor_volumes,
    project_volumes,
)
from kizuna.utm.conformance import (
    ConformanceAlert,
    ConformanceMonitor,
    ConformancePolicy,
    PositionReport,
    StateTransition,
    deviations,
)
from kizuna.utm.volume import Circle


def _intent() -> OperationalIntent:
    route = [(128.80, 32.70, 60.0, T0), (128.82, 32.70, 60.0, T0 + timedelta(minutes=4))]
    vols = corridor_volumes(route, lateral_margin_m=20, vertical_margin_m=10,
                            eta_uncertainty_s=20, frame=ZONE_I,
                            altitude_reference=AltitudeReference.AGL)
    return OperationalIntent("op-a-007", "op-a", 0, vols)


def _report(seconds: float, north_m: float, alt: float = 60.0) -> PositionReport:
    lon = 128.80 + 0.02 * seconds / 240
    return PositionReport("JU-0001", T0 + timedelta(seconds=seconds), lon,
                          32.70 + north_m / 111_000.0, alt, AltitudeReference.AGL)


def _monitor(**policy: float) -> ConformanceMonitor:
    return ConformanceMonitor(_intent(), "JU-0001", ZONE_I, ConformancePolicy(**policy))


def test_drifting_flight_goes_nonconforming_then_contingent() -> None:
    """Inside: Activated; 30 m off: Nonconforming + alert; off for over 30 s: Contingent."""
    mon = _monitor(max_nonconforming_s=30, max_deviation_m=200)
    for s in (0, 10, 20):
        mon.observe(_report(s, 0))
    assert mon.state is IntentState.ACTIVATED
    drift = [mon.observe(_report(s, north)) for s, north in ((30, 12), (40, 30), (50, 45),
                                                             (60, 60), (75, 80))]
    assert drift[0] == []
    assert [type(e) for e in drift[1]] == [StateTransition, ConformanceAlert]
    assert drift[1][1].code == "UTM-NONCONFORMING" and drift[1][1].deviation_m == pytest.approx(
        10, abs=1.5)
    assert drift[2] == [] and drift[3] == []
    assert drift[4][0].to_state is IntentState.CONTINGENT and drift[4][1].code == "UTM-CONTINGENT"
    assert mon.state is IntentState.CONTINGENT
    transitions = [(e.from_state, e.to_state) for e in mon.log if isinstance(e, StateTransition)]
    assert transitions == [(IntentState.ACCEPTED, IntentState.ACTIVATED),
                           (IntentState.ACTIVATED, IntentState.NONCONFORMING),
                           (IntentState.NONCONFORMING, IntentState.CONTINGENT)]
    assert mon.observe(_report(90, 0)) == []  # contingent holds until the end
    assert mon.end(T0 + timedelta(minutes=5)).to_state is IntentState.ENDED


def test_large_deviation_is_contingent_at_once() -> None:
    """300 m outside with a 50 m limit: Nonconforming and Contingent on the same report."""
    mon = _monitor(max_nonconforming_s=60, max_deviation_m=50)
    mon.observe(_report(0, 0))
    events = mon.observe(_report(10, 320))
    assert [e.code for e in events] == ["UTM-NONCONFORMING", "UTM-NONCONFORMING",
                                        "UTM-CONTINGENT", "UTM-CONTINGENT"]


def test_returning_inside_reconforms() -> None:
    """A brief excursion that comes back in time returns to Activated."""
    mon = _monitor(max_nonconforming_s=30, max_deviation_m=200)
    mon.observe(_report(0, 0))
    mon.observe(_report(10, 0, alt=75))  # 5 m above the band
    assert mon.state is IntentState.NONCONFORMING
    events = mon.observe(_report(20, 0))
    assert mon.state is IntentState.ACTIVATED and events[0].code == "UTM-RECONFORMED"


def test_report_after_the_time_window_is_nonconforming() -> None:
    """Still flying after every volume has expired is outside the intent."""
    mon = _monitor()
    mon.observe(_report(0, 0))
    events = mon.observe(_report(400, 0))
    assert events and "time window" in events[0].reason  # type: ignore[union-attr]


def test_other_aircraft_and_other_reference_are_refused() -> None:
    """Reports must come from the followed aircraft, in the intent's altitude reference."""
    mon = _monitor()
    with pytest.raises(InvalidInput, match="JU-0002"):
        mon.observe(PositionReport("JU-0002", T0, 128.8, 32.7, 60, AltitudeReference.AGL))
    with pytest.raises(InvalidInput, match="AMSL"):
        mon.observe(PositionReport("JU-0001", T0, 128.8, 32.7, 60, AltitudeReference.AMSL))


def test_batched_deviations_are_the_per_report_distances() -> None:
    """deviations() over reports of several intents (polygons, a circle, time windows with
    gaps) gives each report the 3D distance to the nearest current volume, measured one by
    one with shapely, and whether any volume was current."""
    corridor = _intent()
    later = T0 + timedelta(minutes=10)
    circle = OperationalIntent("op-a-008", "op-a", 0, (
        Volume4D(Circle(128.81, 32.71, 150.0), 0, 90, AltitudeReference.AGL, T0,
                 T0 + timedelta(minutes=5)),
        Volume4D(shapely.box(128.805, 32.705, 128.812, 32.709), 30, 150,
                 AltitudeReference.AGL, later, later + timedelta(minutes=5))))
    rng = random.Random(7)
    items = []
    for intent in (corridor, circle):
        projected = project_volumes(intent.volumes, ZONE_I)
        for _ in range(60):
            report = PositionReport(
                "JU-0001", T0 + timedelta(seconds=rng.uniform(-60, 1000)),
                rng.uniform(128.795, 128.825), rng.uniform(32.695, 32.715),
                rng.uniform(-20, 200), AltitudeReference.AGL)
            x, y = ZONE_I.project_xy(np.array([report.lon]), np.array([report.lat]))
            items.append((projected, report, (float(x[0]), float(y[0]))))
    expected = []
    for projected, report, xy in items:
        t = report.time.timestamp()
        current = [v for v in projected if v.t_start <= t <= v.t_end]
        point = shapely.Point(*xy)
        expected.append((min(math.hypot(float(v.geometry.distance(point)),
                                        max(0.0, v.z_lower - report.alt_m,
                                            report.alt_m - v.z_upper))
                             for v in current or projected), bool(current)))
    got = deviations(items)
    assert got == expected
    assert {timely for _d, timely in got} == {True, False}
    assert any(d == 0.0 for d, _t in got) and any(d > 100 for d, _t in got)
    assert deviations(items[:1]) + deviations(items[1:]) == got
    assert deviations([]) == []
