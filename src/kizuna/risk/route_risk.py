"""Route ground-risk profile: the expected fatalities per flight, and a per-cell cost grid.

Model (units in brackets)::

    E   = 0.5 * m * v**2                   impact energy [J], v = max(cruise, sqrt(2 g h))
    P   = fatality_probability(E, p_s)     Dalamagkidis [-], p_s the sheltering factor
    A   = (d + 2 * r_person)**2            lethal area [m²], d the characteristic dimension
    rate(x) = lambda / 3600 * rho(x) * 1e-6 * A * P
                                           expected fatalities per second of flight over x [1/s]
    F   = sum over segments of rate(segment) * segment_time      expected fatalities per flight

``lambda`` is the failure rate per flight hour (a failure that ends in ground impact), and
``rho(x)`` the population density (people/km², hence 1e-6 for people/m²) averaged over the disc
of radius ``impact_spread_m`` around x, where the aircraft may come down (the ground risk
buffer). Segment time is the horizontal length over the cruise speed (climb and descent are
not modelled).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from affine import Affine
from numpy.typing import ArrayLike, NDArray
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidInput
from kizuna.geo.raster import Raster
from kizuna.geo.vector import VectorLayer
from kizuna.risk.fatality import DEFAULT_ALPHA_J, DEFAULT_BETA_J, fatality_probability
from kizuna.risk.volume import GRAVITY_MPS2

__all__ = [
    "DEFAULT_CASUALTY_SETTINGS",
    "CasualtySettings",
    "FatalityRateGrid",
    "ImpactModel",
    "RouteRiskProfile",
    "SegmentRisk",
    "fatality_rate_grid",
    "impact_model",
    "route_risk_profile",
]


def _check(name: str, value: float, *, positive: bool = False) -> None:
    if not math.isfinite(value) or value < 0 or (positive and value == 0):
        kind = "positive" if positive else "non-negative"
        raise InvalidInput(f"{name}: must be a finite {kind} number, got {value}", field=name)


@dataclass(frozen=True, slots=True)
class CasualtySettings:
    """Configurable figures of the casualty model.

    Parameters
    ----------
    failure_rate_per_hour
        Failures per flight hour that end in a ground impact.
    sheltering_factor
        p_s in (0, 1] of the Dalamagkidis model.
    person_radius_m
        Radius of a standing person, added round the aircraft for the lethal area.
    alpha_j, beta_j
        Dalamagkidis constants.
    segment_length_m
        Longest segment of a route profile.
    """

    failure_rate_per_hour: float = 1e-4
    sheltering_factor: float = 0.5
    person_radius_m: float = 0.3
    alpha_j: float = DEFAULT_ALPHA_J
    beta_j: float = DEFAULT_BETA_J
    segment_length_m: float = 50.0

    def __post_init__(self) -> None:
        _check("failure_rate_per_hour", self.failure_rate_per_hour)
        if not (math.isfinite(self.sheltering_factor) and 0 < self.sheltering_factor <= 1):
            raise InvalidInput(f"sheltering_factor: must be in (0, 1], got "
                               f"{self.sheltering_factor}", field="sheltering_factor")
        _check("person_radius_m", self.person_radius_m)
        _check("alpha_j", self.alpha_j, positive=True)
        _check("beta_j", self.beta_j, positive=True)
        _check("segment_length_m", self.segment_length_m, positive=True)


DEFAULT_CASUALTY_SETTINGS = CasualtySettings()


@dataclass(frozen=True, slots=True)
class ImpactModel:
    """The figures of one impact: speed, energy, lethal area and fatality probability."""

    impact_speed_mps: float
    impact_energy_j: float
    lethal_area_m2: float
    fatality_probability: float
    failure_rate_per_hour: float

    @property
    def rate_per_density(self) -> float:
        """Expected fatalities per second of flight per person/km² on the ground."""
        return (self.failure_rate_per_hour / 3600.0 * 1e-6 * self.lethal_area_m2
                * self.fatality_probability)


def impact_model(
    *,
    mass_kg: float,
    characteristic_dimension_m: float,
    cruise_mps: float,
    max_height_agl_m: float,
    settings: CasualtySettings = DEFAULT_CASUALTY_SETTINGS,
) -> ImpactModel:
    """Impact speed (the larger of cruise and free fall from the height), energy, area, P."""
    _check("mass_kg", mass_kg, positive=True)
    _check("characteristic_dimension_m", characteristic_dimension_m, positive=True)
    _check("cruise_mps", cruise_mps, positive=True)
    _check("max_height_agl_m", max_height_agl_m)
    speed = max(cruise_mps, math.sqrt(2 * GRAVITY_MPS2 * max_height_agl_m))
    energy = 0.5 * mass_kg * speed**2
    area = (characteristic_dimension_m + 2 * settings.person_radius_m) ** 2
    p = fatality_probability(energy, settings.sheltering_factor, alpha_j=settings.alpha_j,
                             beta_j=settings.beta_j)
    return ImpactModel(speed, energy, area, p, settings.failure_rate_per_hour)


@dataclass(frozen=True, eq=False)
class FatalityRateGrid:
    """Expected fatalities per second of flight over each cell (1/s), on the population grid.

    ``values`` is north-up (row 0 north), read-only; NaN where the population is unknown.
    """

    values: NDArray[np.float64]
    transform: Affine
    epsg: int

    def sample(self, x: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
        """The value of the cell holding each metric point; NaN outside the grid."""
        inv = ~self.transform
        xs, ys = np.asarray(x, float), np.asarray(y, float)
        c = np.floor(inv.a * xs + inv.b * ys + inv.c).astype(np.int64)
        r = np.floor(inv.d * xs + inv.e * ys + inv.f).astype(np.int64)
        rows, cols = self.values.shape
        inside = (r >= 0) & (r < rows) & (c >= 0) & (c < cols)
        out = np.full(np.shape(c), np.nan)
        out[inside] = self.values[r[inside], c[inside]]
        return out


def _disc_mean(values: NDArray[np.float64], cell_w: float, cell_h: float,
               radius_m: float) -> NDArray[np.float64]:
    """Mean of the valid cells whose centres lie within ``radius_m`` of each cell's centre."""
    kr = int(radius_m // cell_h)
    kc = int(radius_m // cell_w)
    if kr == 0 and kc == 0:
        return values
    from scipy.ndimage import convolve

    dy, dx = np.mgrid[-kr:kr + 1, -kc:kc + 1]
    kernel = ((dx * cell_w) ** 2 + (dy * cell_h) ** 2 <= radius_m**2).astype(float)
    valid = np.isfinite(values)
    total: NDArray[np.float64] = convolve(np.where(valid, values, 0.0), kernel, mode="constant")
    weight: NDArray[np.float64] = convolve(valid.astype(float), kernel, mode="constant")
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(valid & (weight > 0), total / np.where(weight > 0, weight, 1.0), np.nan)
    return np.asarray(out, dtype=np.float64)


def fatality_rate_grid(population: Raster, impact: ImpactModel, *,
                       impact_spread_m: float = 0.0) -> FatalityRateGrid:
    """Expected fatalities per second of flight over each cell of ``population``.

    The planner integrates it along an edge: ``sum(rate * time in cell)``.

    Parameters
    ----------
    population
        People/km², in a metric CRS.
    impact
        From :func:`impact_model`.
    impact_spread_m
        Radius round the flight position where the aircraft may come down (the ground risk
        buffer); the density is averaged over that disc. 0 uses the cell itself.
    """
    _check("impact_spread_m", impact_spread_m)
    w, h = population.cell_size
    density = _disc_mean(np.asarray(population.values, dtype=float), w, h, impact_spread_m)
    rate = np.where(np.isfinite(density), np.maximum(density, 0.0), np.nan)
    rate = rate * impact.rate_per_density
    rate.setflags(write=False)
    return FatalityRateGrid(rate, population.transform, population.epsg)


@dataclass(frozen=True, slots=True)
class SegmentRisk:
    """One piece of a route, at most ``segment_length_m`` long (metric coordinates)."""

    start: tuple[float, float]
    end: tuple[float, float]
    start_distance_m: float
    length_m: float
    duration_s: float
    density: float
    in_did: bool
    fatality_rate_per_s: float
    expected_fatalities: float

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (metric coordinates)."""
        return {"start_distance_m": round(self.start_distance_m, 1),
                "length_m": round(self.length_m, 1), "duration_s": round(self.duration_s, 2),
                "density": round(self.density, 1), "in_did": self.in_did,
                "expected_fatalities": self.expected_fatalities}


@dataclass(frozen=True, slots=True)
class RouteRiskProfile:
    """The expected fatalities of one flight along a route, segment by segment."""

    segments: tuple[SegmentRisk, ...]
    impact: ImpactModel
    cruise_mps: float
    impact_spread_m: float
    epsg: int

    @property
    def expected_fatalities(self) -> float:
        """Expected fatalities per flight."""
        return math.fsum(s.expected_fatalities for s in self.segments)

    @property
    def length_m(self) -> float:
        """Horizontal route length (m)."""
        return math.fsum(s.length_m for s in self.segments)

    @property
    def flight_time_s(self) -> float:
        """Flight time at cruise (s)."""
        return math.fsum(s.duration_s for s in self.segments)


def _split(route: LineString, max_len: float) -> list[tuple[tuple[float, float],
                                                            tuple[float, float], float]]:
    """Pieces (start, end, start distance) of ``route``, none longer than ``max_len``."""
    coords = [(float(c[0]), float(c[1])) for c in route.coords]
    out: list[tuple[tuple[float, float], tuple[float, float], float]] = []
    dist = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(coords):
        length = math.hypot(x1 - x0, y1 - y0)
        if length == 0:
            continue
        n = max(1, math.ceil(length / max_len))
        for i in range(n):
            a, b = i / n, (i + 1) / n
            out.append(((x0 + a * (x1 - x0), y0 + a * (y1 - y0)),
                        (x0 + b * (x1 - x0), y0 + b * (y1 - y0)), dist + a * length))
        dist += length
    return out


def route_risk_profile(
    route: BaseGeometry,
    population: Raster,
    did: VectorLayer,
    impact: ImpactModel,
    *,
    cruise_mps: float,
    impact_spread_m: float = 0.0,
    settings: CasualtySettings = DEFAULT_CASUALTY_SETTINGS,
) -> RouteRiskProfile:
    """Expected fatalities per flight along ``route`` (a metric LineString), per segment.

    Raises
    ------
    InvalidInput
        When the route is not a line of positive length, or leaves the population data.
    """
    _check("cruise_mps", cruise_mps, positive=True)
    if route.geom_type != "LineString" or route.is_empty or route.length <= 0:
        raise InvalidInput("route: must be a LineString of positive length", field="route")
    assert isinstance(route, LineString)
    grid = fatality_rate_grid(population, impact, impact_spread_m=impact_spread_m)
    w, h = population.cell_size
    density_per_rate = 1.0 / impact.rate_per_density if impact.rate_per_density > 0 else 0.0
    pieces = _split(route, settings.segment_length_m)
    mids = np.array([((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) for a, b, _ in pieces])
    rates = grid.sample(mids[:, 0], mids[:, 1])
    if np.isnan(rates).any():
        raise InvalidInput("route: leaves the population data of the scenario", field="route")
    if impact.rate_per_density > 0:
        densities = rates * density_per_rate
    else:
        densities = _disc_mean(np.asarray(population.values, float), w, h, impact_spread_m)
        densities = Raster(densities, population.transform, population.epsg,
                           population.kind).sample(mids[:, 0], mids[:, 1])
    segments = []
    for (a, b, d0), (mx, my), rate, dens in zip(pieces, mids, rates, densities, strict=True):
        length = math.hypot(b[0] - a[0], b[1] - a[1])
        duration = length / cruise_mps
        in_did = bool(did.query(Point(mx, my)))
        segments.append(SegmentRisk(a, b, d0, length, duration, float(dens), in_did,
                                    float(rate), float(rate) * duration))
    return RouteRiskProfile(tuple(segments), impact, cruise_mps, impact_spread_m, population.epsg)
