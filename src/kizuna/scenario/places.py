"""The places and fleet of a scenario built from a user's files, from its SPEC.

Bases must stand on land (within ``base_coast_tolerance_m`` of the GSHHG coast, for quays) and
inside the bbox; an airport's restricted surface is a disc of ``radius_m`` that must cover its
runway ends; a Drone Act facility's zone is its footprint (or point) buffered. The defaults
(radius, buffer, fleet) are configured in ``config/scenarios.json`` under ``_built``. The
build and the reading back of a stored scenario both call :func:`places_from_spec`, so a
stored scenario's places are made by the same rules as at its build.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidInput
from kizuna.fleet import Aircraft, Base, Pilot, profile
from kizuna.geo.crs import from_wgs84, geometry_from_wgs84
from kizuna.scenario.builder import _config
from kizuna.scenario.model import Airport, DroneActFacility, Settlement
from kizuna.scenario.spec import AirportSpec, BuildSpec, FacilitySpec

__all__ = ["BuiltDefaults", "Places", "built_defaults", "places_from_spec"]


@dataclass(frozen=True)
class BuiltDefaults:
    """The configured defaults of built scenarios (``config/scenarios.json``, ``_built``)."""

    airport_radius_m: float
    drone_act_buffer_m: float
    max_grid_cells: int
    terrain_hole_margin_m: float
    base_coast_tolerance_m: float
    aircraft: tuple[dict[str, Any], ...]
    pilots: tuple[dict[str, Any], ...]


def built_defaults() -> BuiltDefaults:
    """The ``_built`` section of the scenario configuration."""
    d = _config()["_built"]
    return BuiltDefaults(float(d["airport_radius_m"]), float(d["drone_act_buffer_m"]),
                         int(d["max_grid_cells"]), float(d["terrain_hole_margin_m"]),
                         float(d["base_coast_tolerance_m"]), tuple(d["aircraft"]),
                         tuple(d["pilots"]))


def _disc(epsg: int, lon: float, lat: float, radius_m: float) -> Polygon:
    x, y = from_wgs84(lon, lat, epsg)
    disc: Polygon = Point(float(x), float(y)).buffer(radius_m, quad_segs=32)
    return disc


def _airport(a: AirportSpec, epsg: int, cfg: BuiltDefaults, source: str, i: int) -> Airport:
    radius = a.radius_m or cfg.airport_radius_m
    surface = _disc(epsg, a.lon, a.lat, radius)
    for r, runway in enumerate(a.runways):
        for lon, lat in runway.ends:
            x, y = from_wgs84(lon, lat, epsg)
            if not surface.contains(Point(float(x), float(y))):
                raise InvalidInput(f"{source}: airports.{i} ({a.id}): runway {r + 1} end "
                                   f"({lon}, {lat}) lies outside its {radius:g} m surface; "
                                   "give a larger radius_m", field=f"airports.{i}.radius_m")
    return Airport(a.id, a.name, a.lon, a.lat, radius, surface, a.name_ja)


def _facility(f: FacilitySpec, epsg: int, cfg: BuiltDefaults, source: str,
              i: int) -> DroneActFacility:
    buffer_m = cfg.drone_act_buffer_m if f.buffer_m is None else f.buffer_m
    if f.footprint:
        site: BaseGeometry = geometry_from_wgs84(Polygon(f.footprint), epsg)
    else:
        x, y = from_wgs84(f.lon, f.lat, epsg)
        site = Point(float(x), float(y))
    zone = site.buffer(buffer_m, quad_segs=16) if buffer_m > 0 else site
    if not isinstance(zone, Polygon) or zone.is_empty or not zone.is_valid:
        raise InvalidInput(f"{source}: drone_act_facilities.{i} ({f.id}): the footprint and "
                           "buffer do not make one valid polygon",
                           field=f"drone_act_facilities.{i}.footprint")
    return DroneActFacility(f.id, f.name, f.lon, f.lat, buffer_m, zone, f.name_ja)


def _fleet(spec: BuildSpec, cfg: BuiltDefaults, source: str
           ) -> tuple[tuple[Aircraft, ...], tuple[Pilot, ...]]:
    aircraft = [a.model_dump() for a in spec.aircraft] if spec.aircraft is not None \
        else [dict(a) for a in cfg.aircraft]
    pilots = [p.model_dump() for p in spec.pilots] if spec.pilots is not None \
        else [dict(p) for p in cfg.pilots]

    def day(v: Any) -> date | None:
        return None if v is None else v if isinstance(v, date) else date.fromisoformat(str(v))

    try:
        fleet = tuple(Aircraft(a["registration"], profile(a["profile"]), a.get("certificate",
                               "none"), day(a.get("certificate_expiry")), a.get("remote_id"),
                               day(a.get("registration_expiry"))) for a in aircraft)
        crew = tuple(Pilot(p["id"], p["name"], p.get("licence", "none"),
                           frozenset(p.get("limitations_lifted", ())), day(p.get("licence_expiry")))
                     for p in pilots)
    except ValueError as exc:
        raise InvalidInput(f"{source}: fleet: {exc}", field="aircraft") from None
    return fleet, crew


@dataclass(frozen=True)
class Places:
    """The places and fleet of a built scenario (from its SPEC)."""

    bases: tuple[Base, ...]
    airports: tuple[Airport, ...]
    facilities: tuple[DroneActFacility, ...]
    settlements: tuple[Settlement, ...]
    aircraft: tuple[Aircraft, ...]
    pilots: tuple[Pilot, ...]


def places_from_spec(spec: BuildSpec, epsg: int, land: MultiPolygon, source: str = "SPEC",
                     cfg: BuiltDefaults | None = None) -> Places:
    """Bases (checked on land and in the bbox), airports, facilities, settlements and fleet."""
    cfg = cfg or built_defaults()
    west, south, east, north = spec.bbox
    bases = []
    for i, b in enumerate(spec.bases):
        if not (west <= b.lon <= east and south <= b.lat <= north):
            raise InvalidInput(f"{source}: bases.{i} ({b.id}): ({b.lon}, {b.lat}) is outside "
                               "the bbox", field=f"bases.{i}")
        x, y = from_wgs84(b.lon, b.lat, epsg)
        off = land.distance(Point(float(x), float(y)))
        if off > cfg.base_coast_tolerance_m:
            raise InvalidInput(f"{source}: bases.{i} ({b.id}): ({b.lon}, {b.lat}) is at sea, "
                               f"{off / 1000:.2f} km from the coast", field=f"bases.{i}")
        bases.append(Base(b.id, b.name, b.lon, b.lat, b.name_ja, kind=b.kind))
    airports = tuple(_airport(a, epsg, cfg, source, i) for i, a in enumerate(spec.airports))
    facilities = tuple(_facility(f, epsg, cfg, source, i)
                       for i, f in enumerate(spec.drone_act_facilities))
    settlements = tuple(Settlement(s.settlement_id, s.name, s.lon, s.lat, s.population,
                                   s.municipality, s.name_ja) for s in spec.settlements)
    aircraft, pilots = _fleet(spec, cfg, source)
    return Places(tuple(bases), airports, facilities, settlements, aircraft, pilots)
