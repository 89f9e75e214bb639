"""A route's ground-risk profile from GeoJSON and an aircraft profile id (CLI and API use it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kizuna.errors import InvalidInput
from kizuna.fleet.profiles import profile as fleet_profile
from kizuna.geo.geojson import parse_route
from kizuna.geo.raster import Raster
from kizuna.geo.vector import VectorLayer
from kizuna.risk.ground import GroundRiskDerivation, derive_ground_risk
from kizuna.risk.route_risk import (
    CasualtySettings,
    RouteRiskProfile,
    impact_model,
    route_risk_profile,
)

__all__ = ["RouteAssessment", "route_profile_for"]


@dataclass(frozen=True, slots=True)
class RouteAssessment:
    """The route's ground-risk derivation (volume, densities) and its fatality profile."""

    derived: GroundRiskDerivation
    profile: RouteRiskProfile
    settings: CasualtySettings

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``kizuna risk profile`` (docs/risk.md)."""
        p, im = self.profile, self.profile.impact
        return {
            "expected_fatalities_per_flight": p.expected_fatalities,
            "length_m": round(p.length_m, 1),
            "flight_time_s": round(p.flight_time_s, 1),
            "model": {
                "failure_rate_per_hour": self.settings.failure_rate_per_hour,
                "sheltering_factor": self.settings.sheltering_factor,
                "cruise_mps": p.cruise_mps,
                "impact_speed_mps": round(im.impact_speed_mps, 2),
                "impact_energy_j": round(im.impact_energy_j, 1),
                "lethal_area_m2": round(im.lethal_area_m2, 3),
                "fatality_probability": round(im.fatality_probability, 5),
                "impact_spread_m": round(p.impact_spread_m, 1),
            },
            "derived": self.derived.summary(),
            "segments": [s.to_dict() for s in p.segments],
        }


def route_profile_for(
    population: Raster,
    did: VectorLayer,
    route: Any,
    profile_id: str,
    *,
    max_height_agl_m: float | None = None,
    failure_rate_per_hour: float = 1e-4,
    sheltering_factor: float = 0.5,
) -> RouteAssessment:
    """Profile a GeoJSON ``route`` flown by the aircraft ``profile_id`` at its cruise speed.

    The impact spreads over the ground risk buffer (parachute drift or ballistic throw, at
    least 1:1). Raises InvalidInput (UnknownName for an unknown profile).
    """
    aircraft = fleet_profile(profile_id)
    settings = CasualtySettings(failure_rate_per_hour=failure_rate_per_hour,
                                sheltering_factor=sheltering_factor)
    shape = parse_route(route, "route", height_agl=True, needs_length=True)
    heights = [h for h in (shape.max_height, max_height_agl_m) if h is not None]
    if not heights:
        raise InvalidInput("max_height_agl_m: required when the route gives no heights",
                           field="max_height_agl_m")
    height = max(heights)
    path = shape.metric(population.epsg)
    derived = derive_ground_risk(path, population, did, max_height_agl_m=height,
                                 max_speed_mps=aircraft.max_speed_mps,
                                 parachute=aircraft.parachute)
    impact = impact_model(mass_kg=aircraft.mtow_kg,
                          characteristic_dimension_m=aircraft.characteristic_dimension_m,
                          cruise_mps=aircraft.cruise_mps, max_height_agl_m=height,
                          settings=settings)
    profile = route_risk_profile(path, population, did, impact,
                                 cruise_mps=aircraft.cruise_mps,
                                 impact_spread_m=derived.volume.buffer_m, settings=settings)
    return RouteAssessment(derived, profile, settings)
