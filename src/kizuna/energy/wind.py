"""Wind and the wind triangle.

Wind is given in the meteorological convention: its speed and the direction it blows FROM, in
degrees clockwise from true north. Legs are 2D vectors in a metric plane with x east and
y north. The aircraft holds its airspeed and crabs into the wind so that its ground track
follows the leg; the ground speed is then ``√(V² − c²) + a``, with ``a`` the along-track
(tailwind) and ``c`` the crosswind component of the wind.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kizuna.errors import Infeasible, InvalidInput

__all__ = ["CALM", "Wind", "WindTriangle", "wind_triangle"]


@dataclass(frozen=True, slots=True)
class Wind:
    """A steady horizontal wind.

    Parameters
    ----------
    speed_mps
        Wind speed, m/s (>= 0).
    from_deg
        Direction the wind blows FROM, degrees clockwise from north (0 = northerly wind).
    """

    speed_mps: float = 0.0
    from_deg: float = 0.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.speed_mps) and self.speed_mps >= 0):
            raise InvalidInput(f"wind speed_mps: must be a number >= 0, got {self.speed_mps!r}",
                               field="speed_mps")
        if not math.isfinite(self.from_deg):
            raise InvalidInput(f"wind from_deg: must be finite, got {self.from_deg!r}",
                               field="from_deg")

    @property
    def vector(self) -> tuple[float, float]:
        """The velocity of the air (east, north), m/s: where it blows TO."""
        rad = math.radians(self.from_deg)
        return (-self.speed_mps * math.sin(rad), -self.speed_mps * math.cos(rad))


#: No wind.
CALM = Wind()


@dataclass(frozen=True, slots=True)
class WindTriangle:
    """The solved wind triangle of one leg.

    Attributes
    ----------
    ground_speed_mps
        Speed along the track, m/s.
    headwind_mps
        Wind component against the direction of travel (negative for a tailwind), m/s.
    crosswind_mps
        Wind component across the track, positive from left to right, m/s.
    crab_deg
        Angle between heading and track, degrees (positive: heading right of track).
    heading_deg
        Heading the aircraft holds, degrees clockwise from north.
    """

    ground_speed_mps: float
    headwind_mps: float
    crosswind_mps: float
    crab_deg: float
    heading_deg: float


def wind_triangle(track_xy: tuple[float, float], airspeed_mps: float, wind: Wind) -> WindTriangle:
    """Ground speed and heading on a track at a given airspeed in a wind.

    Raises
    ------
    InvalidInput
        For a zero-length track or a non-positive airspeed.
    Infeasible
        When the crosswind is at least the airspeed, or the headwind stops the aircraft.
    """
    dx, dy = track_xy
    length = math.hypot(dx, dy)
    if not (math.isfinite(length) and length > 0):
        raise InvalidInput("track: needs a non-zero, finite horizontal vector", field="track")
    if not (math.isfinite(airspeed_mps) and airspeed_mps > 0):
        raise InvalidInput(f"airspeed_mps: must be positive, got {airspeed_mps!r}",
                           field="airspeed_mps")
    ux, uy = dx / length, dy / length
    # Right-hand normal of the track in an x-east, y-north plane.
    nx, ny = uy, -ux
    wx, wy = wind.vector
    along = wx * ux + wy * uy
    cross = wx * nx + wy * ny
    if abs(cross) >= airspeed_mps:
        raise Infeasible(f"crosswind {abs(cross):.1f} m/s is not below the airspeed "
                         f"{airspeed_mps:.1f} m/s")
    ground = math.sqrt(airspeed_mps ** 2 - cross ** 2) + along
    if ground <= 0:
        raise Infeasible(f"headwind {-along:.1f} m/s stops the aircraft at airspeed "
                         f"{airspeed_mps:.1f} m/s")
    # The air-relative velocity cancels the crosswind: a = ground·u − w.
    ax, ay = ground * ux - wx, ground * uy - wy
    heading = math.degrees(math.atan2(ax, ay)) % 360.0
    track = math.degrees(math.atan2(ux, uy)) % 360.0
    crab = (heading - track + 180.0) % 360.0 - 180.0
    return WindTriangle(ground_speed_mps=ground, headwind_mps=-along, crosswind_mps=cross,
                        crab_deg=crab, heading_deg=heading)
