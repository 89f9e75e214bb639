"""Helpers shared by the planner tests (imported by name: the module name is unique)."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from kizuna.planning.route import Route
from kizuna.scenario import Scenario

DEPARTURE = datetime(2025, 12, 1, 1, 0, tzinfo=UTC)


def flown_agl(scenario: Scenario, route: Route, step_m: float = 10.0) -> np.ndarray:
    """Height above the ground directly below, every ``step_m`` along the cruise part."""
    wps = route.waypoints[1:-1]
    xs = np.array([w.x for w in wps])
    ys = np.array([w.y for w in wps])
    zs = np.array([w.alt_amsl_m for w in wps])
    s = np.concatenate([[0.0], np.cumsum(np.hypot(np.diff(xs), np.diff(ys)))])
    s = s + np.arange(len(s)) * 1e-9  # keep repeated positions apart for interp
    at = np.linspace(0.0, s[-1], max(2, int(s[-1] // step_m)))
    x = np.interp(at, s, xs)
    y = np.interp(at, s, ys)
    z = np.interp(at, s, zs)
    return np.asarray(z - scenario.ground_height(x, y))
