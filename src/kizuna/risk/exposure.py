"""Population exposure of a ground risk area: densities, DID share, urban or rural.

The maximum density feeds the iGRC (SORA 2.5: the maximum over the operational volume plus the
ground risk buffer); the environment (urban or rural) feeds the initial ARC.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import shapely
from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidInput
from kizuna.geo.raster import Raster
from kizuna.geo.vector import VectorLayer
from kizuna.risk.arc import AirspaceEnvironment
from kizuna.risk.reasons import Reason

__all__ = ["DEFAULT_URBAN_DENSITY_THRESHOLD", "PopulationExposure", "population_exposure"]

#: People/km² from which an area counts as urban for the ARC even outside any DID: the
#: density of an "urban centre" in the EU/OECD degree of urbanisation (configurable).
DEFAULT_URBAN_DENSITY_THRESHOLD = 1500.0

RULE = "SORA 2.5 Step 2 (population density over the operational volume and buffer)"
RULE_ARC = "SORA 2.5 Step 4 (urban or rural environment)"


@dataclass(frozen=True, slots=True)
class PopulationExposure:
    """What the population raster and the DIDs say about a ground risk area.

    Densities are people/km²; ``did_share`` is the fraction of the area inside a DID.
    """

    max_density: float
    mean_density: float
    did_share: float
    did_ids: tuple[str, ...]
    environment: AirspaceEnvironment
    reasons: tuple[Reason, ...]

    @property
    def urban(self) -> bool:
        """Whether the area counts as urban for the ARC."""
        return self.environment is AirspaceEnvironment.UNCONTROLLED_URBAN


def population_exposure(
    area: BaseGeometry,
    population: Raster,
    did: VectorLayer,
    *,
    urban_density_threshold: float = DEFAULT_URBAN_DENSITY_THRESHOLD,
) -> PopulationExposure:
    """Densities over ``area`` (metric, same CRS as ``population`` and ``did``).

    Urban if the area meets any DID or its maximum density reaches ``urban_density_threshold``.

    Raises
    ------
    InvalidInput
        When the area is empty or lies outside the population raster.
    """
    if not (math.isfinite(urban_density_threshold) and urban_density_threshold > 0):
        raise InvalidInput(
            f"urban_density_threshold: must be positive, got {urban_density_threshold}",
            field="urban_density_threshold",
        )
    if area.is_empty or area.area <= 0:
        raise InvalidInput("area: the ground risk area is empty", field="area")
    if population.epsg != did.epsg:
        raise InvalidInput(f"population is in EPSG:{population.epsg}, DIDs in EPSG:{did.epsg}")
    high = population.stat_over(area, "max")
    mean = population.stat_over(area, "mean")
    if math.isnan(high):
        raise InvalidInput("geometry: the ground risk area lies outside the population data",
                           field="geometry")
    hits = did.intersecting(area)
    inside = shapely.union_all([f.geometry for f in hits]).intersection(area) if hits else None
    share = 0.0 if inside is None else min(1.0, float(inside.area) / float(area.area))
    ids = tuple(str(f.properties.get("id", i)) for i, f in enumerate(hits))
    urban = bool(hits) or high >= urban_density_threshold
    env = (AirspaceEnvironment.UNCONTROLLED_URBAN if urban
           else AirspaceEnvironment.UNCONTROLLED_RURAL)
    density = Reason(
        "POPULATION_DENSITY",
        f"population density over the operational volume and buffer: max {high:.0f}/km², "
        f"mean {mean:.0f}/km²; {share:.0%} inside a DID",
        f"運航範囲とバッファ内の人口密度: 最大 {high:.0f} 人/km²、平均 {mean:.0f} 人/km²、"
        f"DID 内 {share:.0%}",
        RULE,
    )
    if hits:
        why = f"urban: meets DID {', '.join(ids)}"
        why_ja = f"市街地: DID {', '.join(ids)} にかかる"
    elif urban:
        why = f"urban: max density {high:.0f}/km² >= {urban_density_threshold:g}/km²"
        why_ja = f"市街地: 最大人口密度 {high:.0f} 人/km² ≥ {urban_density_threshold:g} 人/km²"
    else:
        why = (f"rural: no DID and max density {high:.0f}/km² < "
               f"{urban_density_threshold:g}/km²")
        why_ja = (f"郊外: DID なし、最大人口密度 {high:.0f} 人/km² < "
                  f"{urban_density_threshold:g} 人/km²")
    environment = Reason("ENVIRONMENT", why, why_ja, RULE_ARC)
    return PopulationExposure(high, mean, share, ids, env, (density, environment))
