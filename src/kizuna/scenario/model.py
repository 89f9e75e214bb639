"""The Scenario value: every layer a flight is planned, checked and simulated against.

All geometries are held in the scenario's metric CRS (a JGD2011 plane rectangular zone); the
edges of the system (GeoJSON export, API) convert to WGS84 lon/lat.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidInput, UnknownName
from kizuna.fleet import Aircraft, Base, Pilot
from kizuna.geo.crs import from_wgs84, to_wgs84
from kizuna.geo.raster import Raster, RasterKind
from kizuna.geo.vector import VectorLayer
from kizuna.scenario.surfaces import AirportSurfaces

__all__ = ["Airport", "DroneActFacility", "EmergencyAirspace", "NoFlyArea", "Scenario",
           "Settlement"]


def _check_lonlat(owner: str, lon: float, lat: float) -> None:
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise InvalidInput(f"{owner}: ({lon}, {lat}) is not a WGS84 lon/lat")


@dataclass(frozen=True)
class Settlement:
    """A named place with its resident population."""

    id: str
    name: str
    lon: float
    lat: float
    population: int
    municipality: str
    name_ja: str = ""

    def __post_init__(self) -> None:
        _check_lonlat(f"settlement {self.id}", self.lon, self.lat)
        if self.population < 0:
            raise InvalidInput(f"settlement {self.id}: negative population", field="population")


@dataclass(frozen=True)
class Airport:
    """An airport and its restricted surfaces (metric).

    With ``surfaces`` (`AirportSurfaces`) the restriction is 3D: only the airspace above the
    surfaces needs permission, and ``surface`` is their outline. Without them the airport is
    simplified to a disc of ``radius_m`` (``surface``) restricted at every height.
    """

    id: str
    name: str
    lon: float
    lat: float
    radius_m: float
    surface: BaseGeometry
    name_ja: str = ""
    surfaces: AirportSurfaces | None = None

    def __post_init__(self) -> None:
        _check_lonlat(f"airport {self.id}", self.lon, self.lat)
        if self.radius_m <= 0:
            raise InvalidInput(f"airport {self.id}: radius must be positive", field="radius_m")

    def ceiling_amsl(self, x: Any, y: Any, margin_m: float = 0.0) -> np.ndarray[
            Any, np.dtype[np.float64]]:
        """Highest altitude (m AMSL) at metric points (and within ``margin_m`` of them) that
        needs no permission for this airport: the lowest surface, +inf where there is none;
        -inf everywhere in a disc airport."""
        if self.surfaces is not None:
            return self.surfaces.ceiling_near(x, y, margin_m)
        xs, ys = np.asarray(x, float), np.asarray(y, float)
        reach = self.surface.buffer(margin_m) if margin_m > 0 else self.surface
        inside = shapely.contains_xy(reach, xs, ys)
        return np.where(inside, -np.inf, np.inf)

    @property
    def premises(self) -> BaseGeometry:
        """Where no flight goes without permission at any height: the runway strip with
        surfaces, the whole disc without."""
        return self.surfaces.premises() if self.surfaces is not None else self.surface


@dataclass(frozen=True)
class DroneActFacility:
    """A facility designated under the Drone Act, with its surrounding zone (``zone``, metric)."""

    id: str
    name: str
    lon: float
    lat: float
    buffer_m: float
    zone: Polygon
    name_ja: str = ""

    def __post_init__(self) -> None:
        _check_lonlat(f"facility {self.id}", self.lon, self.lat)
        if self.buffer_m < 0:
            raise InvalidInput(f"facility {self.id}: negative buffer", field="buffer_m")


@dataclass(frozen=True)
class EmergencyAirspace:
    """Emergency-use airspace (緊急用務空域), in force between ``start`` and ``end``."""

    id: str
    name: str
    area: Polygon
    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise InvalidInput(f"emergency airspace {self.id}: times need a UTC offset")
        if self.end <= self.start:
            raise InvalidInput(f"emergency airspace {self.id}: ends before it starts")

    def active_at(self, when: datetime) -> bool:
        """Whether it is in force at ``when`` (start inclusive, end exclusive)."""
        return self.start <= when < self.end


@dataclass(frozen=True)
class NoFlyArea:
    """An area where flight is forbidden without further permission or consent."""

    id: str
    kind: str  # "airport", "drone_act", "emergency"
    name: str
    area: BaseGeometry


@dataclass(frozen=True, eq=False)
class Scenario:
    """A bundled or loaded world: layers, places, bases, fleet and pilots.

    ``synthetic`` names the layers that are generated rather than measured, so maps and exports
    can say so. A scenario built from a user's files keeps its build ``warnings`` (a layer left
    empty, say) and the ``coverage`` of the bbox by each file's data (percent).
    """

    name: str
    title: str
    epsg: int
    seed: int
    land: MultiPolygon
    population: Raster
    terrain: Raster
    did: VectorLayer
    roads: VectorLayer
    railways: VectorLayer
    airports: tuple[Airport, ...] = ()
    drone_act_facilities: tuple[DroneActFacility, ...] = ()
    emergency_airspace: tuple[EmergencyAirspace, ...] = ()
    settlements: tuple[Settlement, ...] = ()
    bases: tuple[Base, ...] = ()
    aircraft: tuple[Aircraft, ...] = ()
    pilots: tuple[Pilot, ...] = ()
    synthetic: tuple[str, ...] = ()
    sources: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    coverage: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.population.kind is not RasterKind.POPULATION_DENSITY:
            raise InvalidInput(f"scenario {self.name}: population raster has kind "
                               f"{self.population.kind}")
        if self.terrain.kind is not RasterKind.TERRAIN:
            raise InvalidInput(f"scenario {self.name}: terrain raster has kind {self.terrain.kind}")
        for what, epsg in (("population", self.population.epsg), ("terrain", self.terrain.epsg),
                           ("did", self.did.epsg), ("roads", self.roads.epsg),
                           ("railways", self.railways.epsg)):
            if epsg != self.epsg:
                raise InvalidInput(f"scenario {self.name}: {what} is in EPSG:{epsg}, "
                                   f"not EPSG:{self.epsg}")
        for kind, items in (("base", self.bases), ("settlement", self.settlements),
                            ("aircraft", self.aircraft), ("pilot", self.pilots)):
            ids = [getattr(x, "id", None) or getattr(x, "registration", None) for x in items]
            if len(ids) != len(set(ids)):
                raise InvalidInput(f"scenario {self.name}: duplicate {kind} ids")

    # -- coordinates -----------------------------------------------------------------------------
    def to_metric(self, lon: float, lat: float) -> tuple[float, float]:
        """WGS84 lon/lat to (x, y) metres in the scenario CRS."""
        x, y = from_wgs84(lon, lat, self.epsg)
        return float(x), float(y)

    def to_lonlat(self, x: float, y: float) -> tuple[float, float]:
        """(x, y) metres in the scenario CRS to WGS84 lon/lat."""
        lon, lat = to_wgs84(x, y, self.epsg)
        return float(lon), float(lat)

    def point(self, lon: float, lat: float) -> Point:
        """A metric shapely point from WGS84 lon/lat."""
        return Point(self.to_metric(lon, lat))

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """Metric extent of the rasters (minx, miny, maxx, maxy)."""
        return self.terrain.bounds

    # -- lookups ----------------------------------------------------------------------------------
    def base(self, base_id: str) -> Base:
        """The base with this id; raises :class:`UnknownName`."""
        for b in self.bases:
            if b.id == base_id:
                return b
        raise UnknownName("base", base_id, [b.id for b in self.bases])

    def settlement(self, settlement_id: str) -> Settlement:
        """The settlement with this id; raises :class:`UnknownName`."""
        for s in self.settlements:
            if s.id == settlement_id:
                return s
        raise UnknownName("settlement", settlement_id, [s.id for s in self.settlements])

    def ground_height(self, x: Any, y: Any) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Terrain height above mean sea level (m) at metric points; the sea is 0 m."""
        h = self.terrain.sample_bilinear(x, y)
        on_land = np.asarray(h, float)
        return np.where(np.isnan(on_land), 0.0, np.maximum(on_land, 0.0))

    def no_fly_areas(self, when: datetime | None = None) -> list[NoFlyArea]:
        """Areas needing further permission or consent: airports, Drone Act zones, and
        emergency airspace (only those active at ``when``; all of them when ``when`` is None)."""
        areas = [NoFlyArea(a.id, "airport", a.name, a.premises) for a in self.airports]
        areas += [NoFlyArea(f.id, "drone_act", f.name, f.zone) for f in self.drone_act_facilities]
        areas += [NoFlyArea(e.id, "emergency", e.name, e.area) for e in self.emergency_airspace
                  if when is None or e.active_at(when)]
        return areas
