"""From a route or an area to the SORA inputs: operational volume, buffer, densities, ARC
environment (the steps before the iGRC look-up)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shapely.geometry.base import BaseGeometry

from kizuna.geo.raster import Raster
from kizuna.geo.vector import VectorLayer
from kizuna.risk.exposure import (
    DEFAULT_URBAN_DENSITY_THRESHOLD,
    PopulationExposure,
    population_exposure,
)
from kizuna.risk.reasons import Reason
from kizuna.risk.volume import (
    DEFAULT_VOLUME_SETTINGS,
    OperationalVolume,
    VolumeSettings,
    operational_volume,
)

__all__ = ["GroundRiskDerivation", "derive_ground_risk"]


@dataclass(frozen=True, slots=True)
class GroundRiskDerivation:
    """The operational volume of a route or area and the population it exposes."""

    volume: OperationalVolume
    exposure: PopulationExposure
    max_height_agl_m: float

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """The volume's reasons, then the exposure's."""
        return self.volume.reasons + self.exposure.reasons

    def summary(self) -> dict[str, Any]:
        """The ``derived`` object of ``kizuna risk sora`` (docs/risk.md)."""
        e, v = self.exposure, self.volume
        return {
            "max_density": round(e.max_density, 1),
            "mean_density": round(e.mean_density, 1),
            "did_share": round(e.did_share, 4),
            "did_ids": list(e.did_ids),
            "environment": str(e.environment),
            "max_height_agl_m": self.max_height_agl_m,
            "contingency_m": round(v.contingency_m, 1),
            "buffer_m": round(v.buffer_m, 1),
            "operational_volume_km2": round(v.operational_volume_km2, 4),
            "ground_risk_area_km2": round(v.ground_risk_area_km2, 4),
        }


def derive_ground_risk(
    geometry: BaseGeometry,
    population: Raster,
    did: VectorLayer,
    *,
    max_height_agl_m: float,
    max_speed_mps: float,
    parachute: bool,
    volume_settings: VolumeSettings = DEFAULT_VOLUME_SETTINGS,
    urban_density_threshold: float = DEFAULT_URBAN_DENSITY_THRESHOLD,
) -> GroundRiskDerivation:
    """Operational volume and buffer of ``geometry`` (metric route or area), and its exposure.

    The maximum speed is used for the contingency and the ballistic throw (conservative).
    """
    volume = operational_volume(geometry, max_height_agl_m=max_height_agl_m,
                                speed_mps=max_speed_mps, parachute=parachute,
                                settings=volume_settings)
    exposure = population_exposure(volume.ground_risk_area, population, did,
                                   urban_density_threshold=urban_density_threshold)
    return GroundRiskDerivation(volume, exposure, max_height_agl_m)
