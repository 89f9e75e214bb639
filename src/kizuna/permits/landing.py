"""Propose emergency landing sites inside an area: low density, gentle slope, spread apart.

A pure search over the scenario's rasters. Candidates are the terrain cell centres on land and
at least ``edge_clearance_m`` inside the area (so a site is reachable without leaving it); they
are kept when the population density of their cell and the ground slope are below the limits,
ranked by density then slope, and picked greedily so that no two are closer than
``min_spacing_m``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from kizuna.permits.settings import DEFAULT_PERMIT_SETTINGS, LandingSiteSearch
from kizuna.scenario.model import Scenario

__all__ = ["ProposedSite", "propose_landing_sites", "slope_deg"]


@dataclass(frozen=True, slots=True)
class ProposedSite:
    """A proposed site: metric and WGS84 position, density, slope and ground height."""

    id: str
    x: float
    y: float
    lon: float
    lat: float
    density: float
    slope_deg: float
    ground_m: float


def slope_deg(scenario: Scenario, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Ground slope (degrees) at metric points, from the terrain's central differences."""
    h = max(scenario.terrain.cell_size) / 2
    dzdx = (scenario.ground_height(x + h, y) - scenario.ground_height(x - h, y)) / (2 * h)
    dzdy = (scenario.ground_height(x, y + h) - scenario.ground_height(x, y - h)) / (2 * h)
    return np.asarray(np.degrees(np.arctan(np.hypot(dzdx, dzdy))), float)


def propose_landing_sites(scenario: Scenario, area: BaseGeometry,
                          search: LandingSiteSearch = DEFAULT_PERMIT_SETTINGS.landing_sites
                          ) -> list[ProposedSite]:
    """Sites inside ``area`` (metric, scenario CRS), best first; may be empty."""
    inner = area.buffer(-search.edge_clearance_m).intersection(scenario.land)
    if inner.is_empty:
        return []
    t = scenario.terrain
    w, hgt = t.cell_size
    minx, miny, maxx, maxy = inner.bounds
    x0, y0 = t.transform.c, t.transform.f  # upper-left corner of the raster
    cols = np.arange(np.floor((minx - x0) / w), np.ceil((maxx - x0) / w) + 1)
    rows = np.arange(np.floor((y0 - maxy) / hgt), np.ceil((y0 - miny) / hgt) + 1)
    gx, gy = np.meshgrid(x0 + (cols + 0.5) * w, y0 - (rows + 0.5) * hgt)
    cx, cy = gx.ravel(), gy.ravel()
    inside = shapely.contains_xy(inner, cx, cy)
    cx, cy = cx[inside], cy[inside]
    if cx.size == 0:
        return []
    density = scenario.population.sample(cx, cy)
    density = np.where(np.isnan(density), 0.0, density)
    slope = slope_deg(scenario, cx, cy)
    ground = scenario.ground_height(cx, cy)
    ok = (density <= search.max_density) & (slope <= search.max_slope_deg) & (ground > 0)
    idx = np.flatnonzero(ok)
    # Density first (people at risk), then slope; coordinates break ties deterministically.
    order = idx[np.lexsort((cy[idx], cx[idx], np.round(slope[idx], 3),
                            np.round(density[idx], 3)))]
    chosen: list[int] = []
    for i in order:
        if all(np.hypot(cx[i] - cx[j], cy[i] - cy[j]) >= search.min_spacing_m for j in chosen):
            chosen.append(int(i))
            if len(chosen) == search.max_sites:
                break
    sites = []
    for k, i in enumerate(chosen, start=1):
        lon, lat = scenario.to_lonlat(float(cx[i]), float(cy[i]))
        sites.append(ProposedSite(f"ELS-{k}", float(cx[i]), float(cy[i]), round(lon, 6),
                                  round(lat, 6), float(density[i]), float(slope[i]),
                                  float(ground[i])))
    return sites
