"""Derive `FlightFacts` from a route or an area over a scenario (docs/rules.md, "Derived facts").

Pure: a `Scenario` value, WGS84 geometry and times in, `FlightFacts` out. Geometry is checked in
the scenario's metric CRS:

- the **operational volume** is the route buffered by a lateral contingency margin, or the
  area itself; it decides A-DID, A-EMERGENCY and the Drone Act;
- **A-AIRPORT** is 3D: the flight's altitude above mean sea level (route samples, or an area's
  ceiling over its terrain) against each airport's restricted surfaces within the margin
  (``Airport.ceiling_amsl``); below the surfaces it does not hold;
- **A-150M** samples the height above the ground or water directly below along the densified
  route (terrain from ``Scenario.ground_height``, the sea at 0 m); an area uses its ceiling;
- **M-NIGHT** asks `is_night` at the start and end of the flight and at steps in between;
- **crossings** are where the 2D route meets the road and railway layers;
- **M-30M** holds where the route (or the area) comes within the configured margin (30 m) of
  a road, a railway or a settlement: moving vehicles and houses are third parties' property.
  The geometry only adds M-30M; a declared ``within_30m`` is kept.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidInput
from kizuna.geo.crs import from_wgs84, geometry_from_wgs84
from kizuna.geo.geojson import check_lonlat, parse_area, parse_route
from kizuna.geo.vector import VectorLayer
from kizuna.rules.daylight import is_night
from kizuna.rules.facts import AltitudeReference, Crossing, CrossingKind, FlightFacts, MethodFacts
from kizuna.rules.settings import rules_settings
from kizuna.scenario.model import Scenario

if TYPE_CHECKING:
    from kizuna.rules.contract import ClassifyRequest

__all__ = [
    "ABOVE_GROUND_LIMIT_M",
    "DerivationSettings",
    "Position",
    "above_airport_surfaces",
    "agl_profile",
    "area_polygon",
    "derive_area_facts",
    "derive_facts",
    "derive_route_facts",
    "near_third_party_property",
    "route_positions",
    "route_samples",
]

ABOVE_GROUND_LIMIT_M = 150.0
"""A-150M holds from this height above the ground or water directly below (150 m counts)."""

_ALTITUDE_LIMIT_M = 100_000.0  # sanity bound on input altitudes, far above any drone

Position = tuple[float, float, float]
"""(lon, lat, altitude in metres); the altitude reference is given separately."""


@dataclass(frozen=True)
class DerivationSettings:
    """Configurable figures of the derivation.

    Parameters
    ----------
    lateral_margin_m
        Contingency margin each side of a route: the operational volume is the route buffered
        by it. An area is its own volume.
    sample_spacing_m
        Largest distance between height samples along a route; half the terrain cell is used
        when that is finer.
    night_step
        Largest time step between daylight checks when the flight has an end time.
    within_30m_margin_m
        Horizontal distance from a road, a railway or a settlement within which the flight
        is within 30 m of third parties' property (M-30M); from ``kizuna/config/rules.json``.
    """

    lateral_margin_m: float = 30.0
    sample_spacing_m: float = 25.0
    night_step: timedelta = timedelta(minutes=10)
    within_30m_margin_m: float = field(
        default_factory=lambda: rules_settings().within_30m_margin_m)

    def __post_init__(self) -> None:
        if not (math.isfinite(self.lateral_margin_m) and self.lateral_margin_m >= 0):
            raise InvalidInput("lateral_margin_m: must be a finite number >= 0", "lateral_margin_m")
        if not (math.isfinite(self.sample_spacing_m) and self.sample_spacing_m > 0):
            raise InvalidInput("sample_spacing_m: must be a finite number > 0", "sample_spacing_m")
        m = self.within_30m_margin_m
        if not (math.isfinite(m) and m >= 0):
            raise InvalidInput("within_30m_margin_m: must be a finite number >= 0",
                               "within_30m_margin_m")
        if self.night_step <= timedelta(0):
            raise InvalidInput("night_step: must be positive", "night_step")


# -- the whole request ------------------------------------------------------------------------


def derive_facts(request: ClassifyRequest, scenario: Scenario) -> FlightFacts:
    """Facts for a ``kizuna rules classify`` request that gives a route or an area.

    ``scenario`` is the one the request names, resolved by the caller.
    """
    if request.start_time is None:
        raise InvalidInput("start_time: required with a route or an area", "start_time")
    method = request.method_facts or MethodFacts()
    settings = DerivationSettings() if request.lateral_margin_m is None else DerivationSettings(
        lateral_margin_m=request.lateral_margin_m)
    if request.route is not None:
        return derive_route_facts(
            scenario, route_positions(request.route), request.start_time,
            altitude_reference=request.altitude_reference, end_time=request.end_time,
            method=method, settings=settings)
    if request.area is None or request.max_altitude_agl_m is None:
        raise InvalidInput("give a route, or an area with max_altitude_agl_m")
    return derive_area_facts(
        scenario, area_polygon(request.area), request.max_altitude_agl_m, request.start_time,
        end_time=request.end_time, method=method, settings=settings)


# -- routes ---------------------------------------------------------------------------------


def derive_route_facts(
    scenario: Scenario,
    positions: Sequence[Position],
    start_time: datetime,
    *,
    altitude_reference: AltitudeReference = AltitudeReference.AGL,
    end_time: datetime | None = None,
    method: MethodFacts | None = None,
    settings: DerivationSettings | None = None,
) -> FlightFacts:
    """Facts of a flight along ``positions`` (WGS84 lon, lat, altitude) over ``scenario``.

    Parameters
    ----------
    altitude_reference
        Whether the altitudes are above the ground (AGL) or above mean sea level (AMSL).
        Between two positions the altitude changes linearly in either reference.
    end_time
        When the flight ends, if known; emergency airspace and night are then checked over the
        whole flight rather than at ``start_time`` only.
    method
        The declared method facts (BVLOS by default).

    Raises
    ------
    kizuna.errors.InvalidInput
        Fewer than two positions, a negative AGL altitude, a naive or reversed time, or a
        route leaving the scenario's extent.
    """
    settings = settings or DerivationSettings()
    start, end = _times(start_time, end_time)
    path = _metric_path(scenario, positions)
    volume = path.buffer(settings.lateral_margin_m) if settings.lateral_margin_m > 0 else path
    x, y, heights, amsl = route_samples(scenario, positions, altitude_reference,
                                        settings.sample_spacing_m)

    def place(fraction: float) -> tuple[float, float]:
        at = path.interpolate(fraction, normalized=True)
        return scenario.to_lonlat(at.x, at.y)

    return _facts(
        scenario, volume, start, end, method,
        above_150m=bool(heights.max() >= ABOVE_GROUND_LIMIT_M),
        airport=above_airport_surfaces(scenario, x, y, amsl, settings.lateral_margin_m),
        night=_night(place, start, end, settings.night_step),
        crossings=_route_crossings(scenario, path),
        near_property=near_third_party_property(scenario, path, settings.within_30m_margin_m),
    )


def agl_profile(
    scenario: Scenario,
    positions: Sequence[Position],
    altitude_reference: AltitudeReference = AltitudeReference.AGL,
    sample_spacing_m: float = 25.0,
) -> NDArray[np.float64]:
    """Heights above the ground or water directly below, sampled along the route.

    Samples are at most ``sample_spacing_m`` (or half a terrain cell, if finer) apart and
    include every position.
    """
    return route_samples(scenario, positions, altitude_reference, sample_spacing_m)[2]


def route_samples(
    scenario: Scenario,
    positions: Sequence[Position],
    altitude_reference: AltitudeReference = AltitudeReference.AGL,
    sample_spacing_m: float = 25.0,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Metric x, y, height above ground and altitude above mean sea level, sampled along the
    route as in `agl_profile`.

    Raises
    ------
    kizuna.errors.InvalidInput
        A negative altitude above ground.
    """
    path = _metric_path(scenario, positions)
    xyz = np.column_stack([np.asarray(path.coords)[:, :2], [p[2] for p in positions]])
    spacing = min(sample_spacing_m, min(scenario.terrain.cell_size) / 2)
    pieces = [xyz[:1]]
    for a, b in itertools.pairwise(xyz):
        n = max(1, math.ceil(float(np.hypot(*(b[:2] - a[:2]))) / spacing))
        t = np.linspace(0.0, 1.0, n + 1)[1:, None]
        pieces.append(a + (b - a) * t)
    samples = np.concatenate(pieces)
    x, y = np.asarray(samples[:, 0], float), np.asarray(samples[:, 1], float)
    ground = scenario.ground_height(x, y)
    if altitude_reference is AltitudeReference.AGL:
        if samples[:, 2].min() < 0:
            raise InvalidInput("route: an altitude above ground cannot be negative", "route")
        agl = np.asarray(samples[:, 2], float)
        return x, y, agl, agl + ground
    amsl = np.asarray(samples[:, 2], float)
    return x, y, amsl - ground, amsl


def above_airport_surfaces(scenario: Scenario, x: NDArray[np.float64], y: NDArray[np.float64],
                           amsl: NDArray[np.float64], margin_m: float) -> bool:
    """A-AIRPORT in 3D: some sample (with its lateral ``margin_m``) is above an airport's
    restricted surfaces (or in a disc airport, or over the premises).

    Below the surfaces no airport permission is needed; the flight's altitude above mean sea
    level is compared with the lowest surface within the margin of each sample.
    """
    return any(bool(np.any(amsl > airport.ceiling_amsl(x, y, margin_m)))
               for airport in scenario.airports)


def route_positions(route: Mapping[str, Any]) -> list[Position]:
    """The positions of a GeoJSON LineString (or a Feature holding one) with altitudes.

    Parsed by `kizuna.geo.geojson.parse_route`; every position needs its altitude.
    """
    shape = parse_route(route, "route", height_required=True)
    return [(lon, lat, alt) for (lon, lat), alt
            in zip(shape.lonlat.coords, shape.heights, strict=True)]


# -- areas ----------------------------------------------------------------------------------


def derive_area_facts(
    scenario: Scenario,
    area: Polygon,
    max_altitude_agl_m: float,
    start_time: datetime,
    *,
    end_time: datetime | None = None,
    method: MethodFacts | None = None,
    settings: DerivationSettings | None = None,
) -> FlightFacts:
    """Facts of flights anywhere in ``area`` (a WGS84 polygon) up to ``max_altitude_agl_m``.

    The area is its own operational volume; night is judged at its centroid; every road and
    railway meeting the area is listed as a crossing, since a flight in it may cross any of them.
    """
    settings = settings or DerivationSettings()
    if not (math.isfinite(max_altitude_agl_m) and max_altitude_agl_m >= 0):
        raise InvalidInput("max_altitude_agl_m: must be a finite number >= 0",
                           "max_altitude_agl_m")
    if area.is_empty or not area.is_valid:
        raise InvalidInput(f"area: not a valid polygon ({shapely.is_valid_reason(area)})", "area")
    start, end = _times(start_time, end_time)
    volume = geometry_from_wgs84(area, scenario.epsg)
    _check_inside(scenario, volume, "area")
    centre = area.centroid
    return _facts(
        scenario, volume, start, end, method,
        above_150m=max_altitude_agl_m >= ABOVE_GROUND_LIMIT_M,
        airport=_area_above_surfaces(scenario, volume, max_altitude_agl_m,
                                     settings.sample_spacing_m),
        night=_night(lambda _f: (centre.x, centre.y), start, end, settings.night_step),
        crossings=_area_crossings(scenario, volume),
        near_property=near_third_party_property(scenario, volume, settings.within_30m_margin_m),
    )


_AREA_SAMPLES = 250_000  # most points an area's airport check samples


def _area_above_surfaces(scenario: Scenario, volume: BaseGeometry, max_agl_m: float,
                         spacing_m: float) -> bool:
    """Whether flights anywhere in the area up to its ceiling rise above an airport surface:
    the area's ceiling over the terrain, sampled on a grid and along its boundary."""
    near = [a for a in scenario.airports if a.surface.intersects(volume)]
    if not near:
        return False
    minx, miny, maxx, maxy = volume.bounds
    spacing = max(spacing_m, math.sqrt((maxx - minx) * (maxy - miny) / _AREA_SAMPLES))
    gx, gy = np.meshgrid(np.arange(minx, maxx + spacing, spacing),
                         np.arange(miny, maxy + spacing, spacing))
    inside = shapely.contains_xy(volume, gx, gy)
    edge = shapely.get_coordinates(shapely.segmentize(volume.boundary, spacing))
    x = np.concatenate([gx[inside], edge[:, 0]])
    y = np.concatenate([gy[inside], edge[:, 1]])
    amsl = scenario.ground_height(x, y) + max_agl_m
    return any(bool(np.any(amsl > a.ceiling_amsl(x, y))) for a in near)


def area_polygon(area: Mapping[str, Any]) -> Polygon:
    """The WGS84 polygon of a GeoJSON Polygon (or a Feature holding one); altitudes ignored.

    Parsed by `kizuna.geo.geojson.parse_area`: closed rings, no self-intersection.
    """
    return cast(Polygon, parse_area(area, "area").lonlat)


# -- shared ---------------------------------------------------------------------------------


def _facts(
    scenario: Scenario,
    volume: BaseGeometry,
    start: datetime,
    end: datetime,
    method: MethodFacts | None,
    *,
    above_150m: bool,
    airport: bool,
    night: bool,
    crossings: tuple[Crossing, ...],
    near_property: bool,
) -> FlightFacts:
    method = method or MethodFacts()
    declared = method.model_dump()
    declared["within_30m"] = method.within_30m or near_property
    # Conservative in time: airspace active at any moment of the flight counts, wherever the
    # aircraft is then.
    emergency = any(e.start <= end and start < e.end and e.area.intersects(volume)
                    for e in scenario.emergency_airspace)
    return FlightFacts(
        airport_vicinity=airport,
        emergency_airspace=emergency,
        above_150m=above_150m,
        over_did=bool(scenario.did.query(volume)),
        night=night,
        drone_act_facility=any(f.zone.intersects(volume) for f in scenario.drone_act_facilities),
        crossings=crossings,
        **declared,
    )


def near_third_party_property(scenario: Scenario, geometry: BaseGeometry,
                              margin_m: float) -> bool:
    """Whether ``geometry`` (metric: a route's path or an area) comes within ``margin_m`` of a
    road, a railway or a settlement (M-30M).

    Roads and railways carry moving vehicles, settlements houses: both are third parties'
    property, so crossing or passing beside them is a flight within 30 m. Any Level 4 flight
    over third parties is M-30M as well; `kizuna.rules.classify` adds that.
    """
    reach = geometry.buffer(margin_m) if margin_m > 0 else geometry
    for _kind, layer in _crossed_layers(scenario):
        if layer.intersecting(reach):
            return True
    return any(reach.intersects(Point(scenario.to_metric(s.lon, s.lat)))
               for s in scenario.settlements)


def _times(start: datetime, end: datetime | None) -> tuple[datetime, datetime]:
    for key, when in (("start_time", start), ("end_time", end)):
        if when is not None and when.utcoffset() is None:
            raise InvalidInput(f"{key}: needs a timezone offset", key)
    if end is None:
        return start, start
    if end < start:
        raise InvalidInput("end_time: before start_time", "end_time")
    return start, end


def _night(
    place: Callable[[float], tuple[float, float]], start: datetime, end: datetime,
    step: timedelta,
) -> bool:
    """Night at any checked moment: the start, the end, and every ``step`` in between."""
    span = end - start
    steps = max(1, math.ceil(span / step)) if span else 0
    for k in range(steps + 1):
        fraction = k / steps if steps else 0.0
        lon, lat = place(fraction)
        if is_night(lon, lat, start + span * fraction):
            return True
    return False


def _metric_path(scenario: Scenario, positions: Sequence[Position]) -> LineString:
    if len(positions) < 2:
        raise InvalidInput("route: needs at least two positions", "route")
    for i, (lon, lat, alt) in enumerate(positions):
        check_lonlat(lon, lat, "route", f"position {i}")
        if not (math.isfinite(alt) and abs(alt) <= _ALTITUDE_LIMIT_M):
            raise InvalidInput(f"route: position {i} altitude {alt} is out of range "
                               f"(+-{_ALTITUDE_LIMIT_M:g} m)", "route")
    x, y = from_wgs84([p[0] for p in positions], [p[1] for p in positions], scenario.epsg)
    path = LineString(np.column_stack([x, y]))
    _check_inside(scenario, path, "route")
    return path


def _check_inside(scenario: Scenario, geometry: BaseGeometry, what: str) -> None:
    # Outside the terrain raster the ground is unknown, not sea.
    minx, miny, maxx, maxy = scenario.bounds
    gx0, gy0, gx1, gy1 = geometry.bounds
    if gx0 < minx or gy0 < miny or gx1 > maxx or gy1 > maxy:
        raise InvalidInput(f"{what}: leaves the extent of scenario {scenario.name!r}", what)


def _route_crossings(scenario: Scenario, path: LineString) -> tuple[Crossing, ...]:
    found: list[tuple[float, Crossing]] = []
    for kind, layer in _crossed_layers(scenario):
        for feature in layer.intersecting(path):
            for part in shapely.get_parts(path.intersection(feature.geometry)):
                if part.is_empty:
                    continue
                # A stretch flown along the road is reported where it begins.
                point = min((Point(c) for c in part.coords), key=path.project)
                found.append((path.project(point),
                              _crossing(scenario, point, kind, feature.properties)))
    found.sort(key=lambda item: item[0])
    return tuple(crossing for _, crossing in found)


def _area_crossings(scenario: Scenario, volume: BaseGeometry) -> tuple[Crossing, ...]:
    return tuple(
        _crossing(scenario, feature.geometry.intersection(volume).representative_point(), kind,
                  feature.properties)
        for kind, layer in _crossed_layers(scenario)
        for feature in layer.intersecting(volume)
    )


def _crossed_layers(scenario: Scenario) -> tuple[tuple[CrossingKind, VectorLayer], ...]:
    return (("road", scenario.roads), ("railway", scenario.railways))


def _crossing(
    scenario: Scenario, point: Point, kind: CrossingKind, properties: Mapping[str, Any]
) -> Crossing:
    lon, lat = scenario.to_lonlat(point.x, point.y)
    name, ident = properties.get("name"), properties.get("id")
    return Crossing(lon=lon, lat=lat, kind=kind,
                    name=None if name is None else str(name),
                    id=None if ident is None else str(ident))
