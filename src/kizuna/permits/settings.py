"""Configurable figures of permits (DOMAIN.md marks them configurable), with their defaults."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import time

from kizuna.errors import InvalidInput

__all__ = ["DEFAULT_PERMIT_SETTINGS", "LandingSiteSearch", "PermitSettings"]


@dataclass(frozen=True, slots=True)
class LandingSiteSearch:
    """How emergency landing sites are proposed from the population and terrain rasters.

    Parameters
    ----------
    max_density
        Highest population density (people/km²) of the cell a site may be in.
    max_slope_deg
        Steepest ground slope at a site.
    min_spacing_m
        Smallest distance between two proposed sites (they should be spread over the area).
    edge_clearance_m
        Distance a site keeps from the area's boundary (so it is reachable inside the area).
    max_sites
        Most sites proposed.
    """

    max_density: float = 100.0
    max_slope_deg: float = 8.0
    min_spacing_m: float = 600.0
    edge_clearance_m: float = 50.0
    max_sites: int = 6

    def __post_init__(self) -> None:
        for name in ("max_density", "max_slope_deg", "min_spacing_m", "edge_clearance_m"):
            v = getattr(self, name)
            if not (math.isfinite(v) and v >= 0):
                raise InvalidInput(f"{name}: must be a finite number >= 0, got {v}", field=name)
        if self.max_sites < 1:
            raise InvalidInput("max_sites: must be at least 1", field="max_sites")


@dataclass(frozen=True, slots=True)
class PermitSettings:
    """Settings of applications, dossiers and envelope checks.

    Parameters
    ----------
    timezone
        IANA zone the daily windows and commuting hours are written in.
    commuting_hours
        Local (start, end) windows of the ``no_commuting_hours`` condition (configurable:
        DOMAIN.md lists the condition, not its hours).
    landing_sites
        The landing-site search.
    takeoff_landing_radius_m
        Horizontal distance from a leg's first / last position within which flight below the
        altitude band's floor is the take-off / landing, exempt from the floor (the ceiling
        still applies). The default, 50 m, is the operational volume's half-width round a
        pad for the zone's aircraft (10 m flight geography + 15 m/s x 2 s + 10 m position
        error), so the exempt climb and descent stay inside the volume the area check already
        holds round the pad. Planned routes climb purely vertically (0 m).
    """

    timezone: str = "Asia/Tokyo"
    commuting_hours: tuple[tuple[time, time], ...] = (
        (time(7, 0), time(9, 0)), (time(17, 0), time(19, 0)))
    landing_sites: LandingSiteSearch = LandingSiteSearch()
    takeoff_landing_radius_m: float = 50.0

    def __post_init__(self) -> None:
        r = self.takeoff_landing_radius_m
        if not (math.isfinite(r) and r >= 0):
            raise InvalidInput(f"takeoff_landing_radius_m: must be a finite number >= 0, got {r}",
                               field="takeoff_landing_radius_m")
        for start, end in self.commuting_hours:
            if end <= start:
                raise InvalidInput(f"commuting_hours: {end} is not after {start}",
                                   field="commuting_hours")


DEFAULT_PERMIT_SETTINGS = PermitSettings()
