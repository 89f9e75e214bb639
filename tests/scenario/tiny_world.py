"""A small synthetic scenario (a 4 km square island off Fukue) for fast map/export/CLI tests.

Imported by tests/scenario/conftest.py and, by file path, by the CLI tests.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
from affine import Affine
from shapely.geometry import LineString, MultiPolygon, Point, box

from kizuna.fleet import Base
from kizuna.geo.did import derive_dids
from kizuna.geo.raster import Raster, RasterKind
from kizuna.geo.vector import VectorLayer
from kizuna.scenario.model import (
    Airport,
    DroneActFacility,
    EmergencyAirspace,
    Scenario,
    Settlement,
)

EPSG = 6669  # JGD2011 zone I (Nagasaki)
CENTRE_LONLAT = (128.84, 32.70)
CELL_M = 100.0
HALF_EXTENT_M = 3000.0  # rasters cover 6 km x 6 km; the island is 4 km x 4 km


def build_tiny_scenario() -> Scenario:
    """Build the tiny island scenario (deterministic: no randomness at all)."""
    from kizuna.geo.crs import from_wgs84, to_wgs84

    cx_a, cy_a = from_wgs84(*CENTRE_LONLAT, EPSG)
    cx, cy = float(cx_a), float(cy_a)
    n = int(2 * HALF_EXTENT_M / CELL_M)
    transform = Affine(CELL_M, 0, cx - HALF_EXTENT_M, 0, -CELL_M, cy + HALF_EXTENT_M)
    centres = (np.arange(n) + 0.5) * CELL_M - HALF_EXTENT_M
    xs, ys = np.meshgrid(centres, -centres)  # row 0 is north
    island = box(cx - 2000, cy - 2000, cx + 2000, cy + 2000)
    on_land = (np.abs(xs) < 2000) & (np.abs(ys) < 2000)
    r2 = xs**2 + ys**2
    density = np.where(on_land, 9000.0 * np.exp(-r2 / (2 * 500.0**2)) + 20.0, 0.0)
    height = np.where(on_land, 320.0 * np.exp(-((xs - 1000) ** 2 + (ys + 800) ** 2)
                                              / (2 * 700.0**2)) + 5.0, 0.0)
    population = Raster(density, transform, EPSG, RasterKind.POPULATION_DENSITY)
    terrain = Raster(height, transform, EPSG, RasterKind.TERRAIN)
    did = derive_dids(population)

    def lonlat(dx: float, dy: float) -> tuple[float, float]:
        lon, lat = to_wgs84(cx + dx, cy + dy, EPSG)
        return float(lon), float(lat)

    roads = VectorLayer.from_geometries(
        "roads",
        [LineString([(cx - 1900, cy - 100), (cx + 1900, cy + 200)]),
         LineString([(cx, cy - 1900), (cx + 100, cy + 1900)])],
        EPSG, [{"id": "R1", "name": "Route 1", "kind": "national"},
               {"id": "R2", "name": "Route 2", "kind": "prefectural"}])
    railways = VectorLayer.from_geometries(
        "railways", [LineString([(cx - 1900, cy + 900), (cx + 1900, cy + 1100)])], EPSG,
        [{"id": "L1", "name": "Tiny line"}])
    ap_lon, ap_lat = lonlat(-1400, -1400)
    airport = Airport("AP1", "Tiny airport", ap_lon, ap_lat, 400.0,
                      Point(cx - 1400, cy - 1400).buffer(400.0))
    fa_lon, fa_lat = lonlat(1500, 1500)
    facility = DroneActFacility("F1", "Tiny plant", fa_lon, fa_lat, 300.0,
                                Point(cx + 1500, cy + 1500).buffer(300.0))
    emergency = EmergencyAirspace("E1", "Fire response", box(cx + 800, cy - 1900, cx + 1600,
                                                               cy - 1200),
                                  datetime(2025, 1, 1, tzinfo=UTC),
                                  datetime(2025, 1, 2, tzinfo=UTC))
    settlements = tuple(
        Settlement(sid, name, *lonlat(dx, dy), pop, "Tiny town")
        for sid, name, dx, dy, pop in (("S1", "Centre", 0, 0, 6000), ("S2", "Eastcove", 1600, -300,
                                                                      400),
                                       ("S3", "Westhill", -1500, 600, 250))
    )
    b_lon, b_lat = lonlat(-300, -1800)
    bases = (Base("B1", "Harbour base", b_lon, b_lat),)
    return Scenario(
        name="tiny", title="Tiny island (test)", epsg=EPSG, seed=7,
        land=MultiPolygon([island]), population=population, terrain=terrain, did=did,
        roads=roads, railways=railways, airports=(airport,), drone_act_facilities=(facility,),
        emergency_airspace=(emergency,), settlements=settlements, bases=bases,
        synthetic=("population", "terrain", "did", "roads", "railways"),
        sources={"land": "GSHHG (LGPL-3.0)"},
    )
