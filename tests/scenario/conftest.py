"""Fixtures for the scenario map/export tests: the tiny island scenario."""

from __future__ import annotations

import matplotlib
import pytest
from tiny_world import build_tiny_scenario

from kizuna.scenario.model import Scenario

matplotlib.use("Agg")

_TINY: Scenario | None = None



@pytest.fixture
def tiny_scenario() -> Scenario:
    """The tiny scenario (built once; it is immutable)."""
    global _TINY
    if _TINY is None:
        _TINY = build_tiny_scenario()
    return _TINY
