"""Extension points of the planner (``typing.Protocol``), so risk models plug in unchanged."""

from __future__ import annotations

from typing import Protocol

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["FatalityRate", "ZeroRisk"]


class FatalityRate(Protocol):
    """Expected fatalities per second of flight over metric points (1/s).

    ``kizuna.risk.route_risk.FatalityRateGrid`` is one; NaN means unknown and counts as 0
    (open sea, outside the population data).
    """

    def sample(self, x: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
        """The rate at each metric point."""
        ...


class ZeroRisk:
    """A risk surface with nobody on the ground (for tests of the other terms)."""

    def sample(self, x: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
        """Zero everywhere."""
        return np.zeros(np.broadcast(np.asarray(x), np.asarray(y)).shape)
