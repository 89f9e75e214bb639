"""The flight plan an envelope check and a DIPS notification are made for."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from kizuna.errors import InvalidInput
from kizuna.fleet import Aircraft, Pilot
from kizuna.geo.crs import from_wgs84
from kizuna.rules.derive import Position, route_positions
from kizuna.rules.facts import MethodFacts

__all__ = ["FlightPlan", "estimated_end", "route_length_m"]


@dataclass(frozen=True)
class FlightPlan:
    """One planned flight.

    Parameters
    ----------
    positions
        The route: WGS84 (lon, lat, height above the ground or water below, m).
    start, end
        Timezone-aware take-off and landing times.
    aircraft, pilot
        Who flies what (fleet values; the check looks at their certificates on the day).
    wind_mps
        Forecast or measured wind at take-off; None when not known (then not checked).
    purpose
        What the flight is for, as the flight-plan notification states it.
    method
        Method facts the geometry cannot show (BVLOS by default).
    stops
        Indices of positions where the aircraft lands (or descends to the ground to deliver)
        between take-off and the final landing, e.g. the drop spot of an out-and-back
        delivery. Each ends one leg and starts the next; the altitude band exempts every
        leg's vertical take-off and landing (docs/permits.md).
    """

    positions: tuple[Position, ...]
    start: datetime
    end: datetime
    aircraft: Aircraft
    pilot: Pilot
    wind_mps: float | None = None
    purpose: str = "delivery"
    method: MethodFacts = field(default_factory=MethodFacts)
    id: str = "flight-1"
    stops: tuple[int, ...] = ()

    @property
    def method_facts(self) -> MethodFacts:
        """The declared method facts with the aircraft's own: a parachute-drop aircraft makes
        the flight M-DROP."""
        return self.method.with_aircraft(self.aircraft.profile.drops_payload)

    def __post_init__(self) -> None:
        object.__setattr__(self, "positions", tuple(tuple(p) for p in self.positions))
        object.__setattr__(self, "stops", tuple(self.stops))
        if len(self.positions) < 2:
            raise InvalidInput("route: needs at least two positions", field="route")
        last = 0
        for i in self.stops:
            if not (last < i < len(self.positions) - 1):
                raise InvalidInput(f"stops: {i} is not an inner position after {last}, in "
                                   "increasing order", field="stops")
            last = i
        for key in ("start", "end"):
            when = getattr(self, key)
            if when.utcoffset() is None:
                raise InvalidInput(f"{key}: needs a timezone offset", field=key)
        if self.end < self.start:
            raise InvalidInput(f"end {self.end.isoformat()} is before start "
                               f"{self.start.isoformat()}", field="end")
        if self.wind_mps is not None and not (math.isfinite(self.wind_mps)
                                              and self.wind_mps >= 0):
            raise InvalidInput(f"wind_mps: must be a finite number >= 0, got {self.wind_mps}",
                               field="wind_mps")

    @classmethod
    def from_geojson(cls, route: Mapping[str, Any], **kwargs: Any) -> FlightPlan:
        """A plan whose route is a GeoJSON LineString (or Feature) of [lon, lat, height AGL]."""
        return cls(positions=tuple(route_positions(route)), **kwargs)

    @classmethod
    def out_and_back(cls, out: Sequence[Position], **kwargs: Any) -> FlightPlan:
        """A delivery flown along ``out`` (take-off to the drop spot) and back the same way,
        with the drop spot as its stop."""
        way = list(out)
        return cls(positions=tuple(way + way[-2::-1]), stops=(len(way) - 1,), **kwargs)

    @property
    def max_agl_m(self) -> float:
        """Highest height above ground given at a position."""
        return max(p[2] for p in self.positions)


def route_length_m(positions: Sequence[Position], epsg: int) -> float:
    """Horizontal length of a route in the metric CRS ``epsg``."""
    xs, ys = from_wgs84([p[0] for p in positions], [p[1] for p in positions], epsg)
    return float(sum(math.hypot(xs[i + 1] - xs[i], ys[i + 1] - ys[i])
                     for i in range(len(positions) - 1)))


def estimated_end(start: datetime, length_m: float, aircraft: Aircraft) -> datetime:
    """Landing time flying ``length_m`` at the profile's cruise speed (climb not modelled).

    A planning estimate for a notification or a check when no landing time is given; the
    planner's own times replace it when they are known.
    """
    return start + timedelta(seconds=length_m / aircraft.profile.cruise_mps)
