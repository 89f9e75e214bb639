"""Route overlays of the planner map: pieces coloured by ground risk, legend by risk band."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from numpy.typing import ArrayLike, NDArray

from kizuna.planning.map import route_overlays


class _RiskFallingEastward:
    """Per-second fatality rates: 5e-7/h at x = 0, falling tenfold every 100 m east."""

    def sample(self, x: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
        return np.asarray(5e-7 * 10.0 ** (-np.asarray(x, float) / 100.0) / 3600.0, float)


def test_risk_bands_are_listed_from_low_to_high() -> None:
    """The legend order is by risk, not by where along the route a band first appears."""
    waypoints = [SimpleNamespace(x=0.0, y=0.0), SimpleNamespace(x=400.0, y=0.0)]
    route: Any = SimpleNamespace(waypoints=waypoints, crossings=())
    overlays = route_overlays(SimpleNamespace(), route, _RiskFallingEastward(), step_m=10.0)
    labels = [style["label"] for _, style in overlays if "ground risk" in style.get("label", "")]
    assert labels == [f"Route, ground risk {band} fatalities/h"
                      for band in ("0-1e-09", "1e-09-1e-08", "1e-08-1e-07", "1e-07-1e-06")]
    pieces = [geom for geom, style in overlays if geom.geom_type == "LineString"]
    assert sum(p.length for p in pieces) == pytest.approx(400.0)
