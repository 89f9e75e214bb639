"""Assemble a bundled scenario from a declarative spec: real coast, synthetic seeded layers.

A spec (see :mod:`kizuna.scenario.goto`) names the settlements, municipalities, bases, fleet
and a function drawing the roads and railways; the figures that are configurable (seed, cell
sizes, airport radius, Drone Act buffer) come from ``kizuna/config/scenarios.json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidInput, UnknownName
from kizuna.fleet import Aircraft, Base, Pilot
from kizuna.geo.crs import from_wgs84, geometry_from_wgs84
from kizuna.geo.did import derive_dids
from kizuna.geo.raster import Raster, RasterKind
from kizuna.geo.vector import VectorLayer
from kizuna.scenario import coastline
from kizuna.scenario.model import Airport, DroneActFacility, Scenario, Settlement
from kizuna.scenario.surfaces import airport_surface_config, surfaces_from_config
from kizuna.scenario.synthetic import (
    Grid,
    PopulationCentre,
    grid_for_bbox,
    mask_of,
    population_density,
    terrain_height,
)

__all__ = [
    "AirportSpec",
    "FacilitySpec",
    "Municipality",
    "ScenarioSettings",
    "ScenarioSpec",
    "SettlementSpec",
    "TransportFn",
    "build",
    "settings",
]


@dataclass(frozen=True)
class ScenarioSettings:
    """The configurable figures of one bundled scenario (``config/scenarios.json``)."""

    seed: int
    epsg: int
    bbox: tuple[float, float, float, float]
    population_cell_m: float
    terrain_cell_m: float
    max_terrain_m: float
    airport_radius_m: float
    drone_act_buffer_m: float

    def __post_init__(self) -> None:
        for name in ("population_cell_m", "terrain_cell_m", "max_terrain_m", "airport_radius_m"):
            if not getattr(self, name) > 0:
                raise InvalidInput(f"scenario settings: {name} must be positive", field=name)
        if self.drone_act_buffer_m < 0:
            raise InvalidInput("scenario settings: negative drone_act_buffer_m",
                               field="drone_act_buffer_m")
        if 1000.0 % self.population_cell_m or 1000.0 % self.terrain_cell_m:
            raise InvalidInput("scenario settings: cell sizes must divide 1,000 m",
                               field="population_cell_m")


@cache
def _config() -> dict[str, Any]:
    text = resources.files("kizuna.config").joinpath("scenarios.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def settings(name: str) -> ScenarioSettings:
    """The configured figures of a bundled scenario; raises :class:`UnknownName`."""
    cfg = {k: v for k, v in _config().items() if not k.startswith("_")}
    if name not in cfg:
        raise UnknownName("scenario", name, list(cfg))
    d = dict(cfg[name])
    d["bbox"] = tuple(float(v) for v in d["bbox"])
    return ScenarioSettings(**d)


@dataclass(frozen=True)
class SettlementSpec:
    """A settlement and how far its people spread (sigma of its Gaussian core, metres)."""

    settlement: Settlement
    sigma_m: float


@dataclass(frozen=True)
class Municipality:
    """Where a municipality's people may live, and how many live outside its settlements.

    The area is the land polygons holding ``islands`` (WGS84 points), or the land within
    ``box_lonlat`` (west, south, east, north).
    """

    name: str
    rural_population: float
    islands: tuple[tuple[float, float], ...] = ()
    box_lonlat: tuple[float, float, float, float] | None = None


@dataclass(frozen=True)
class AirportSpec:
    """An airport; its restricted surfaces come from ``kizuna/config/airports.json`` by id
    (a disc of the configured radius when none are configured)."""

    id: str
    name: str
    name_ja: str
    lon: float
    lat: float


@dataclass(frozen=True)
class FacilitySpec:
    """A Drone Act facility: a site footprint (WGS84 ring) buffered by the configured distance."""

    id: str
    name: str
    name_ja: str
    lon: float
    lat: float
    footprint_lonlat: tuple[tuple[float, float], ...]


#: Draws (roads, railways) from the metric land, a metric projection of WGS84 points and a seeded
#: generator.
TransportFn = Callable[
    [MultiPolygon, Callable[[float, float], tuple[float, float]], np.random.Generator, int],
    tuple[VectorLayer, VectorLayer],
]


@dataclass(frozen=True)
class ScenarioSpec:
    """Everything that makes a bundled scenario, besides the configured figures."""

    name: str
    title: str
    settlements: tuple[SettlementSpec, ...]
    municipalities: tuple[Municipality, ...]
    bases: tuple[Base, ...]
    aircraft: tuple[Aircraft, ...]
    pilots: tuple[Pilot, ...]
    transport: TransportFn
    west_rise_m: float = 0.0
    coast_scale_m: float = 1500.0
    airports: tuple[AirportSpec, ...] = ()
    facilities: tuple[FacilitySpec, ...] = ()
    extra_sources: Mapping[str, str] = field(default_factory=dict)


def _municipality_area(m: Municipality, land: MultiPolygon, epsg: int) -> BaseGeometry:
    if m.box_lonlat is not None:
        return shapely.intersection(land, geometry_from_wgs84(box(*m.box_lonlat), epsg))
    parts = []
    for lon, lat in m.islands:
        x, y = from_wgs84(lon, lat, epsg)
        p = Point(float(x), float(y))
        hits = [g for g in land.geoms if g.distance(p) < 300.0]
        if not hits:
            raise InvalidInput(f"municipality {m.name}: no land at ({lon}, {lat})")
        parts.append(min(hits, key=lambda g: g.distance(p)))
    return shapely.union_all(parts)


def build(spec: ScenarioSpec, cfg: ScenarioSettings) -> Scenario:
    """Build the scenario: real coast, then the seeded synthetic layers on top of it."""
    epsg = cfg.epsg
    pop_grid = grid_for_bbox(cfg.bbox, epsg, cfg.population_cell_m)
    # Read the coast a little beyond the bbox and clip it to the (axis-aligned, metric) grid,
    # so land reaches the raster edges instead of stopping at a tilted meridian and leaving a
    # strip of false sea along inland edges.
    west, south, east, north = cfg.bbox
    pad = 0.05
    frame = box(*_grid_bounds(pop_grid))
    land = coastline.land_metric((west - pad, south - pad, east + pad, north + pad), epsg)
    land = coastline.as_multipolygon(shapely.intersection(land, frame))

    def metric(lon: float, lat: float) -> tuple[float, float]:
        x, y = from_wgs84(lon, lat, epsg)
        return float(x), float(y)

    # One child generator per layer, so changing how one layer is drawn leaves the others alone.
    pop_rng, terrain_rng, transport_rng = (
        np.random.default_rng(s) for s in np.random.SeedSequence(cfg.seed).spawn(3))

    land_cells = mask_of(land, pop_grid)
    areas = {m.name: mask_of(_municipality_area(m, land, epsg), pop_grid) & land_cells
             for m in spec.municipalities}
    centres = []
    for s in spec.settlements:
        st = s.settlement
        if st.municipality not in areas:
            raise InvalidInput(f"settlement {st.id}: unknown municipality {st.municipality!r}")
        x, y = metric(st.lon, st.lat)
        centres.append(PopulationCentre(x, y, st.population, s.sigma_m, areas[st.municipality]))
    rural = [(areas[m.name], m.rural_population) for m in spec.municipalities]
    density = population_density(pop_grid, centres, rural, pop_rng)
    population = _raster(density, pop_grid, RasterKind.POPULATION_DENSITY)

    terrain_grid = grid_for_bbox(cfg.bbox, epsg, cfg.terrain_cell_m)
    lows = [(*metric(s.settlement.lon, s.settlement.lat), 1.5 * s.sigma_m)
            for s in spec.settlements]
    heights = terrain_height(terrain_grid, mask_of(land, terrain_grid), lows, cfg.max_terrain_m,
                             terrain_rng, west_rise_m=spec.west_rise_m,
                             coast_scale_m=spec.coast_scale_m,
                             frame=mask_of(geometry_from_wgs84(box(*cfg.bbox), epsg),
                                           terrain_grid))
    terrain = _raster(heights, terrain_grid, RasterKind.TERRAIN)

    roads, railways = spec.transport(land, metric, transport_rng, epsg)

    airports = tuple(_airport(a, metric, cfg.airport_radius_m) for a in spec.airports)
    facilities = tuple(
        DroneActFacility(f.id, f.name, f.lon, f.lat, cfg.drone_act_buffer_m,
                         _zone(f, epsg, cfg.drone_act_buffer_m), f.name_ja)
        for f in spec.facilities)

    sources = {
        "land": coastline.SOURCE,
        "population": "synthetic, seeded; NOT census data",
        "terrain": "synthetic, seeded; NOT GSI elevation data",
        "did": "derived from synthetic population by the census rule "
               "(>= 4,000 people/km², >= 5,000 people)",
        "roads": "synthetic, seeded; real road names, drawn geometry",
        "railways": "synthetic, seeded; real line names, drawn geometry",
        "settlements": "real places and approximate positions; populations rounded, approximate",
        "airports": "real aerodrome reference point; restricted surfaces from the configured "
                    "runway, class and elevation (approximate; a disc where none is configured)",
        "drone_act_facilities": "real facility; footprint approximate, buffer configurable",
        "bases": "real places; bases illustrative",
        "fleet": "illustrative aircraft and pilots",
    }
    sources.update(spec.extra_sources)
    return Scenario(
        name=spec.name, title=spec.title, epsg=epsg, seed=cfg.seed, land=land,
        population=population, terrain=terrain, did=derive_dids(population),
        roads=roads, railways=railways, airports=airports, drone_act_facilities=facilities,
        settlements=tuple(s.settlement for s in spec.settlements), bases=spec.bases,
        aircraft=spec.aircraft, pilots=spec.pilots,
        synthetic=("population", "terrain", "roads", "railways", "did"), sources=sources)


def _airport(a: AirportSpec, metric: Any, radius_m: float) -> Airport:
    """The airport with its restricted surfaces from ``kizuna/config/airports.json``; a disc of
    ``radius_m`` when none are configured for it."""
    entry = airport_surface_config(a.id)
    if entry is None:
        return Airport(a.id, a.name, a.lon, a.lat, radius_m, _disc(metric(a.lon, a.lat), radius_m),
                       a.name_ja)
    surfaces = surfaces_from_config(entry, metric)
    return Airport(a.id, a.name, a.lon, a.lat, surfaces.horizontal_radius_m, surfaces.outline(),
                   a.name_ja, surfaces)


def _grid_bounds(grid: Grid) -> tuple[float, float, float, float]:
    return (grid.x0, grid.y0 - grid.rows * grid.cell_m, grid.x0 + grid.cols * grid.cell_m,
            grid.y0)


def _raster(values: np.ndarray[Any, np.dtype[np.float64]], grid: Grid, kind: RasterKind) -> Raster:
    return Raster(np.asarray(values, dtype=np.float64), grid.transform, grid.epsg, kind)


def _disc(centre: tuple[float, float], radius_m: float) -> Polygon:
    disc: Polygon = Point(centre).buffer(radius_m, quad_segs=32)
    return disc


def _zone(f: FacilitySpec, epsg: int, buffer_m: float) -> Polygon:
    site = geometry_from_wgs84(Polygon(f.footprint_lonlat), epsg)
    zone = site.buffer(buffer_m, quad_segs=16) if buffer_m > 0 else site
    if not isinstance(zone, Polygon):
        raise InvalidInput(f"facility {f.id}: footprint must be one polygon")
    return zone
