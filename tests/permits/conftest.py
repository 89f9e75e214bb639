"""Fixtures of the permit tests: the bundled examples, scenarios and plan builders."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from permits_support import PlanMaker, example

from kizuna.permits import FlightPlan, Permit, parse_permit
from kizuna.scenario.catalogue import load
from kizuna.scenario.model import Scenario


@pytest.fixture(scope="session")
def goto() -> Scenario:
    return load("goto")


@pytest.fixture(scope="session")
def minamisoma() -> Scenario:
    return load("minamisoma")


@pytest.fixture
def aokata_permit() -> Permit:
    return parse_permit(example("aokata-permit.json"))


@pytest.fixture
def kashima_permit() -> Permit:
    return parse_permit(example("kashima-permit.json"))


def _maker(scenario: Scenario, aircraft: str, pilot: str, at: str) -> PlanMaker:
    def make(route: str | dict[str, Any], *, aircraft_reg: str = aircraft, pilot_id: str = pilot,
             start: str = at, minutes: float = 5.0, wind_mps: float | None = 4.0) -> FlightPlan:
        geo = example(route) if isinstance(route, str) else route
        craft = next(a for a in scenario.aircraft if a.registration == aircraft_reg)
        who = next(p for p in scenario.pilots if p.id == pilot_id)
        t0 = datetime.fromisoformat(start)
        return FlightPlan.from_geojson(geo, start=t0, end=t0 + timedelta(minutes=minutes),
                                       aircraft=craft, pilot=who, wind_mps=wind_mps)
    return make


@pytest.fixture
def aokata_plan(goto: Scenario) -> PlanMaker:
    """Plans over Aokata: JUGOTO000001 flown by goto-p1 on 20 Nov 2025 at 10:00 JST."""
    return _maker(goto, "JUGOTO000001", "goto-p1", "2025-11-20T10:00:00+09:00")


@pytest.fixture
def kashima_plan(minamisoma: Scenario) -> PlanMaker:
    """Plans over Kashima: JUMNMS000003 flown by mnms-p1 on 9 Dec 2025 at 10:00 JST."""
    return _maker(minamisoma, "JUMNMS000003", "mnms-p1", "2025-12-09T10:00:00+09:00")
