"""Conformance monitoring: position reports against the intent's current volumes.

Transitions (each recorded as a :class:`StateTransition`, alerts as :class:`ConformanceAlert`):

- Accepted -> Activated on the first report inside a current volume;
- Accepted / Activated -> Nonconforming on a report outside every current volume (alert);
- Nonconforming -> Activated when the aircraft is back inside;
- Nonconforming -> Contingent when it stays outside longer than ``max_nonconforming_s`` or
  strays further than ``max_deviation_m`` (alert). Contingent holds until the intent ends.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidInput
from kizuna.utm.frame import MetricFrame, ProjectedVolume, project_volumes
from kizuna.utm.intent import IntentState, OperationalIntent
from kizuna.utm.volume import AltitudeReference, check_aware

__all__ = ["ConformanceAlert", "ConformanceEvent", "ConformanceMonitor", "ConformancePolicy",
           "PositionReport", "StateTransition", "deviations"]


@dataclass(frozen=True)
class PositionReport:
    """One telemetry fix."""

    aircraft_id: str
    time: datetime
    lon: float
    lat: float
    alt_m: float
    altitude_reference: AltitudeReference = AltitudeReference.AMSL

    def __post_init__(self) -> None:
        check_aware(self.time, "time")
        if not all(math.isfinite(v) for v in (self.lon, self.lat, self.alt_m)) or not (
            -180 <= self.lon <= 180 and -90 <= self.lat <= 90
        ):
            raise InvalidInput(f"position ({self.lon}, {self.lat}, {self.alt_m}) is not a WGS84 "
                               "lon/lat with a finite altitude", field="position")
        object.__setattr__(self, "altitude_reference", AltitudeReference(self.altitude_reference))


@dataclass(frozen=True)
class ConformancePolicy:
    """When a nonconforming flight becomes contingent (configurable figures)."""

    max_nonconforming_s: float = 30.0
    max_deviation_m: float = 50.0

    def __post_init__(self) -> None:
        for name in ("max_nonconforming_s", "max_deviation_m"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0):
                raise InvalidInput(f"{name} must be a non-negative number, got {value}",
                                   field=name)


@dataclass(frozen=True)
class StateTransition:
    """An intent changed state."""

    intent_id: str
    aircraft_id: str
    time: datetime
    from_state: IntentState
    to_state: IntentState
    code: str
    reason: str


@dataclass(frozen=True)
class ConformanceAlert:
    """An alert for the operator and the other USSs."""

    intent_id: str
    aircraft_id: str
    time: datetime
    code: str
    deviation_m: float
    message: str


ConformanceEvent = StateTransition | ConformanceAlert


def deviations(items: Sequence[tuple[Sequence[ProjectedVolume], PositionReport,
                                     tuple[float, float]]]) -> list[tuple[float, bool]]:
    """For each (volumes, report, projected xy): the distance (m, 3D) outside the nearest of the
    volumes current at the report's time (of all of them when none is), and whether any is.

    The horizontal distances of every item are measured in one vectorised call, so a batch of
    reports costs one call however many intents they fly.
    """
    if not items:
        return []
    geoms: list[BaseGeometry] = []
    which: list[int] = []
    for i, (volumes, _report, _xy) in enumerate(items):
        geoms.extend(v.geometry for v in volumes)
        which.extend([i] * len(volumes))
    points = shapely.points(np.array([xy for _v, _r, xy in items], dtype=float))
    horizontal = shapely.distance(np.array(geoms, dtype=object), points[which]).tolist()
    out: list[tuple[float, bool]] = []
    k = 0
    for volumes, report, _xy in items:
        t = report.time.timestamp()
        current = [v.t_start <= t <= v.t_end for v in volumes]
        timely = any(current)
        best = math.inf
        for j, v in enumerate(volumes):
            if current[j] or not timely:
                vertical = max(0.0, v.z_lower - report.alt_m, report.alt_m - v.z_upper)
                best = min(best, math.hypot(horizontal[k + j], vertical))
        k += len(volumes)
        out.append((best, timely))
    return out


@dataclass(eq=False)
class ConformanceMonitor:
    """Follows one aircraft flying one intent; every event is kept in ``log``.

    ``projected`` may pass the intent's volumes already projected into ``frame`` (a caller
    that keeps them between reports saves the projection).
    """

    intent: OperationalIntent
    aircraft_id: str
    frame: MetricFrame
    policy: ConformancePolicy = field(default_factory=ConformancePolicy)
    projected: Sequence[ProjectedVolume] | None = field(default=None, repr=False)
    state: IntentState = field(init=False)
    log: list[ConformanceEvent] = field(default_factory=list, init=False)
    _volumes: list[ProjectedVolume] = field(init=False, repr=False)
    _outside_since: datetime | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.state = self.intent.state
        if self.projected is None:
            self._volumes = project_volumes(self.intent.volumes, self.frame)
        else:
            if len(self.projected) != len(self.intent.volumes):
                raise InvalidInput("projected: one projected volume per volume of the intent",
                                   field="projected")
            self._volumes = list(self.projected)

    def resume(self, transitions: Sequence[StateTransition]) -> None:
        """Continue after these earlier transitions (oldest first) instead of replaying reports.

        The monitor's whole memory is its state and, while nonconforming, when the aircraft
        left the volumes: the last transition gives both, so a store that keeps the events
        needs not replay every stored report.
        """
        if not transitions:
            return
        last = transitions[-1]
        self.state = last.to_state
        self._outside_since = (last.time if last.to_state is IntentState.NONCONFORMING
                               else None)

    def deviation_m(self, report: PositionReport, xy: tuple[float, float] | None = None
                    ) -> tuple[float, bool]:
        """Distance (m, 3D) outside the nearest volume, and whether any volume is current.

        ``xy`` is the report's position already projected into the frame (a caller with a
        batch of reports projects them in one call).
        """
        if xy is None:
            x, y = self.frame.project_xy(np.array([report.lon]), np.array([report.lat]))
            xy = (float(x[0]), float(y[0]))
        return deviations([(self._volumes, report, xy)])[0]

    def _move(self, report: PositionReport, to: IntentState, code: str, reason: str) -> None:
        self.log.append(StateTransition(self.intent.id, self.aircraft_id, report.time,
                                        self.state, to, code, reason))
        self.state = to

    def observe(self, report: PositionReport, xy: tuple[float, float] | None = None, *,
                measured: tuple[float, bool] | None = None) -> list[ConformanceEvent]:
        """Take one report; return the events it caused (also appended to ``log``).

        ``xy``: the report's position already projected into the frame, if known.
        ``measured``: what :func:`deviations` gave for this report against this monitor's
        volumes, if known (a caller with many reports measures them in one call).
        """
        if report.aircraft_id != self.aircraft_id:
            raise InvalidInput(f"report from {report.aircraft_id!r}, monitor follows "
                               f"{self.aircraft_id!r}", field="aircraft_id")
        ref = self.intent.volumes[0].altitude_reference
        if report.altitude_reference != ref:
            raise InvalidInput(f"report altitude is {report.altitude_reference}, intent volumes "
                               f"are {ref}", field="altitude_reference")
        if self.state is IntentState.ENDED:
            raise InvalidInput(f"intent {self.intent.id!r} has ended", field="state")
        start = len(self.log)
        deviation, timely = measured if measured is not None else self.deviation_m(report, xy)
        inside = timely and deviation == 0.0
        if self.state is IntentState.CONTINGENT:
            pass
        elif inside:
            self._outside_since = None
            if self.state is IntentState.ACCEPTED:
                self._move(report, IntentState.ACTIVATED, "UTM-ACTIVATED",
                           "first position inside the intent")
            elif self.state is IntentState.NONCONFORMING:
                self._move(report, IntentState.ACTIVATED, "UTM-RECONFORMED",
                           "back inside the intent's volumes")
        else:
            where = (f"{deviation:.1f} m outside the current volumes" if timely
                     else "outside the intent's time window")
            if self.state in (IntentState.ACCEPTED, IntentState.ACTIVATED):
                self._outside_since = report.time
                self._move(report, IntentState.NONCONFORMING, "UTM-NONCONFORMING", where)
                self.log.append(ConformanceAlert(self.intent.id, self.aircraft_id, report.time,
                                                 "UTM-NONCONFORMING", deviation,
                                                 f"{self.aircraft_id} is {where}"))
            since = self._outside_since or report.time
            outside_s = (report.time - since).total_seconds()
            too_long = outside_s > self.policy.max_nonconforming_s
            too_far = deviation > self.policy.max_deviation_m
            if too_long or too_far:
                pol = self.policy
                why = (f"outside for {outside_s:.0f} s (limit {pol.max_nonconforming_s:g} s)"
                       if too_long else
                       f"{deviation:.1f} m outside (limit {pol.max_deviation_m:g} m)")
                self._move(report, IntentState.CONTINGENT, "UTM-CONTINGENT", why)
                self.log.append(ConformanceAlert(self.intent.id, self.aircraft_id, report.time,
                                                 "UTM-CONTINGENT", deviation,
                                                 f"{self.aircraft_id} is contingent: {why}"))
        return self.log[start:]

    def end(self, time: datetime) -> StateTransition:
        """Record the end of the flight."""
        check_aware(time, "time")
        event = StateTransition(self.intent.id, self.aircraft_id, time, self.state,
                                IntentState.ENDED, "UTM-ENDED", "flight ended")
        self.log.append(event)
        self.state = IntentState.ENDED
        return event
