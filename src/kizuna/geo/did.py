"""Densely inhabited districts (人口集中地区) derived by the census rule.

The census joins adjoining basic units with a density of at least 4,000 people/km² and keeps
each group whose total population is at least 5,000. Here the basic unit is a raster cell and
"adjoining" means sharing an edge or a corner (the census joins units that touch).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from rasterio.features import shapes
from scipy import ndimage
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidInput
from kizuna.geo.raster import Raster, RasterKind
from kizuna.geo.vector import VectorLayer

__all__ = ["DidRule", "derive_dids"]


@dataclass(frozen=True)
class DidRule:
    """The census thresholds (defaults: the 2020 census definition)."""

    min_density_per_km2: float = 4000.0
    min_population: float = 5000.0

    def __post_init__(self) -> None:
        if self.min_density_per_km2 <= 0 or self.min_population <= 0:
            raise InvalidInput("DID thresholds must be positive")


def derive_dids(population: Raster, rule: DidRule | None = None) -> VectorLayer:
    """Derive DID polygons from a population-density raster.

    Returns a layer whose features carry ``population`` (people), ``area_km2`` and
    ``density_per_km2``, largest population first, with ids ``DID-1``, ``DID-2``...
    """
    if population.kind is not RasterKind.POPULATION_DENSITY:
        raise InvalidInput(f"DIDs need a population-density raster, got {population.kind}")
    rule = rule or DidRule()
    density = np.nan_to_num(population.values, nan=0.0)
    dense = density >= rule.min_density_per_km2
    labels, count = ndimage.label(dense, structure=np.ones((3, 3), dtype=bool))
    if count == 0:
        return VectorLayer("did", (), population.epsg)
    people = density * population.cell_area_km2
    totals = ndimage.sum(people, labels, index=np.arange(1, count + 1))
    kept = [i + 1 for i, total in enumerate(totals) if total >= rule.min_population]
    polys: list[tuple[BaseGeometry, float]] = []
    for label in kept:
        mask = labels == label
        parts = [shape(geom) for geom, value in
                 shapes(mask.astype(np.uint8), mask=mask, transform=population.transform,
                        connectivity=8) if value == 1]
        geom = shapely.make_valid(shapely.union_all(parts))
        polys.append((geom, float(people[mask].sum())))
    polys.sort(key=lambda gp: -gp[1])
    props = [
        {"id": f"DID-{i + 1}", "population": round(pop), "area_km2": round(g.area / 1e6, 3),
         "density_per_km2": round(pop / (g.area / 1e6), 1)}
        for i, (g, pop) in enumerate(polys)
    ]
    return VectorLayer.from_geometries("did", [g for g, _ in polys], population.epsg, props)
