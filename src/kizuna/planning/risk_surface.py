"""The planner's ground-risk surface, from :mod:`kizuna.risk`: expected fatalities per second of
flight over each point, for an aircraft flying at up to the planner's ceiling.

The impact is that of the aircraft at MTOW falling from the ceiling (or at cruise speed,
whichever is faster); the density is averaged over the ground risk buffer round each point
(1:1 rule or the descent model, whichever is larger), where a failing aircraft may come down.
"""

from __future__ import annotations

from functools import lru_cache

from kizuna.fleet.profiles import AircraftProfile
from kizuna.planning.settings import DEFAULT_PLANNER_SETTINGS, PlannerSettings
from kizuna.risk import fatality_rate_grid, ground_risk_buffer, impact_model
from kizuna.risk.route_risk import FatalityRateGrid
from kizuna.scenario.model import Scenario

__all__ = ["ground_risk_surface"]


@lru_cache(maxsize=8)
def _surface(scenario: Scenario, profile: AircraftProfile, ceiling_m: float) -> FatalityRateGrid:
    impact = impact_model(mass_kg=profile.mtow_kg,
                          characteristic_dimension_m=profile.characteristic_dimension_m,
                          cruise_mps=profile.cruise_mps, max_height_agl_m=ceiling_m)
    buffer = ground_risk_buffer(ceiling_m, profile.max_speed_mps, parachute=profile.parachute)
    return fatality_rate_grid(scenario.population, impact, impact_spread_m=buffer.buffer_m)


def ground_risk_surface(scenario: Scenario, profile: AircraftProfile,
                        settings: PlannerSettings = DEFAULT_PLANNER_SETTINGS) -> FatalityRateGrid:
    """The (cached) fatality-rate grid the planner prices ground risk with."""
    return _surface(scenario, profile, settings.ceiling_agl_m)
