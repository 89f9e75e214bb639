"""Shared, seeded fixtures of the planner tests (bundled scenarios, risk surfaces)."""

from __future__ import annotations

import pytest

from kizuna.fleet import profile
from kizuna.fleet.profiles import AircraftProfile
from kizuna.planning.risk_surface import ground_risk_surface
from kizuna.risk.route_risk import FatalityRateGrid
from kizuna.scenario import Scenario, load


@pytest.fixture(scope="session")
def minamisoma() -> Scenario:
    """The bundled Minamisoma scenario."""
    return load("minamisoma")


@pytest.fixture(scope="session")
def goto() -> Scenario:
    """The bundled Goto scenario."""
    return load("goto")


@pytest.fixture(scope="session")
def pf4() -> AircraftProfile:
    """The ACSL PF4 profile (35 km range)."""
    return profile("pf4")


@pytest.fixture(scope="session")
def minamisoma_risk(minamisoma: Scenario, pf4: AircraftProfile) -> FatalityRateGrid:
    """The PF4's ground-risk surface over Minamisoma."""
    return ground_risk_surface(minamisoma, pf4)


@pytest.fixture(scope="session")
def goto_risk(goto: Scenario, pf4: AircraftProfile) -> FatalityRateGrid:
    """The PF4's ground-risk surface over Goto."""
    return ground_risk_surface(goto, pf4)

