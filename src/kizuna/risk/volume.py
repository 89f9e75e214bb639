"""The SORA airspace model: flight geography, contingency volume and ground risk buffer.

Distances are horizontal metres in the scenario's metric CRS; heights are metres above ground
level (AGL).

- **Flight geography**: a route buffered by ``flight_geography_half_width_m`` (the planned
  corridor), or an area polygon as given.
- **Contingency volume** (lateral): ``speed * reaction_time_s + position_error_m``, the distance
  flown while the crew notices and reacts to a deviation, plus the GNSS/position error.
  Flight geography plus contingency volume is the **operational volume**.
- **Ground risk buffer**: at least the 1:1 rule (buffer >= maximum height AGL). Where the
  aircraft carries a parachute, the parachute drift ``height / parachute_descent_mps * wind``;
  otherwise the ballistic throw ``speed * sqrt(2 h / g)``. The buffer is the largest of these.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidInput
from kizuna.risk.reasons import Reason

__all__ = [
    "DEFAULT_VOLUME_SETTINGS",
    "GRAVITY_MPS2",
    "GroundRiskBuffer",
    "OperationalVolume",
    "VolumeSettings",
    "contingency_lateral_m",
    "ground_risk_buffer",
    "operational_volume",
]

GRAVITY_MPS2 = 9.80665
RULE = "SORA 2.5 Step 2 (operational volume and ground risk buffer)"


def _check(name: str, value: float, *, positive: bool = False) -> None:
    if not math.isfinite(value) or value < 0 or (positive and value == 0):
        kind = "positive" if positive else "non-negative"
        raise InvalidInput(f"{name}: must be a finite {kind} number, got {value}", field=name)


@dataclass(frozen=True, slots=True)
class VolumeSettings:
    """Configurable figures of the airspace model (defaults are illustrative, documented).

    Parameters
    ----------
    flight_geography_half_width_m
        Half-width of a route's flight geography corridor.
    reaction_time_s
        Time from a deviation to the crew's reaction (contingency volume).
    position_error_m
        GNSS/position error added to the contingency volume.
    wind_mps
        Wind speed assumed for the parachute drift.
    parachute_descent_mps
        Descent speed under canopy.
    """

    flight_geography_half_width_m: float = 10.0
    reaction_time_s: float = 2.0
    position_error_m: float = 10.0
    wind_mps: float = 8.0
    parachute_descent_mps: float = 5.0

    def __post_init__(self) -> None:
        _check("flight_geography_half_width_m", self.flight_geography_half_width_m)
        _check("reaction_time_s", self.reaction_time_s)
        _check("position_error_m", self.position_error_m)
        _check("wind_mps", self.wind_mps)
        _check("parachute_descent_mps", self.parachute_descent_mps, positive=True)


DEFAULT_VOLUME_SETTINGS = VolumeSettings()


def contingency_lateral_m(
    speed_mps: float, settings: VolumeSettings = DEFAULT_VOLUME_SETTINGS
) -> float:
    """Lateral contingency: ``speed * reaction_time_s + position_error_m`` (m)."""
    _check("speed_mps", speed_mps, positive=True)
    return speed_mps * settings.reaction_time_s + settings.position_error_m


@dataclass(frozen=True, slots=True)
class GroundRiskBuffer:
    """The ground risk buffer and the distances of each rule that was considered (m)."""

    buffer_m: float
    one_to_one_m: float
    ballistic_m: float | None
    parachute_m: float | None
    reasons: tuple[Reason, ...]


def ground_risk_buffer(
    max_height_agl_m: float,
    speed_mps: float,
    *,
    parachute: bool,
    settings: VolumeSettings = DEFAULT_VOLUME_SETTINGS,
) -> GroundRiskBuffer:
    """The ground risk buffer: the largest of the 1:1 rule and the descent model.

    Parameters
    ----------
    max_height_agl_m
        Maximum height above ground of the operation.
    speed_mps
        Horizontal speed at the failure (the maximum speed, to be conservative).
    parachute
        Whether the aircraft descends under a parachute (drift model) or falls (ballistic).
    """
    _check("max_height_agl_m", max_height_agl_m)
    _check("speed_mps", speed_mps, positive=True)
    h = max_height_agl_m
    one = h
    if parachute:
        drift = h / settings.parachute_descent_mps * settings.wind_mps
        model, ballistic, chute = drift, None, drift
        how = (f"parachute drift {drift:.0f} m ({h:g} m / {settings.parachute_descent_mps:g} m/s "
               f"x wind {settings.wind_mps:g} m/s)")
        how_ja = (f"パラシュート流下 {drift:.0f} m ({h:g} m ÷ {settings.parachute_descent_mps:g} "
                  f"m/s × 風速 {settings.wind_mps:g} m/s)")
    else:
        throw = speed_mps * math.sqrt(2 * h / GRAVITY_MPS2)
        model, ballistic, chute = throw, throw, None
        how = f"ballistic throw {throw:.0f} m ({speed_mps:g} m/s x sqrt(2 x {h:g} m / g))"
        how_ja = f"弾道落下距離 {throw:.0f} m ({speed_mps:g} m/s × √(2×{h:g} m/g))"
    buffer = max(one, model)
    rule = "1:1 rule" if buffer == one else "descent model"
    rule_ja = "1:1 ルール" if buffer == one else "降下モデル"
    reason = Reason(
        "GROUND_RISK_BUFFER",
        f"ground risk buffer {buffer:.0f} m ({rule}): 1:1 rule {one:.0f} m, {how}",
        f"地上リスクバッファ {buffer:.0f} m ({rule_ja}): 1:1 ルール {one:.0f} m、{how_ja}",
        RULE,
    )
    return GroundRiskBuffer(buffer, one, ballistic, chute, (reason,))


@dataclass(frozen=True, slots=True)
class OperationalVolume:
    """Flight geography, operational volume and the footprint with the ground risk buffer.

    Geometries are 2D footprints in the metric CRS of the input.
    """

    flight_geography: BaseGeometry
    operational_volume: BaseGeometry
    ground_risk_area: BaseGeometry
    contingency_m: float
    buffer: GroundRiskBuffer
    reasons: tuple[Reason, ...]

    @property
    def buffer_m(self) -> float:
        """The ground risk buffer (m)."""
        return self.buffer.buffer_m

    @property
    def operational_volume_km2(self) -> float:
        """Footprint area of the operational volume (km²)."""
        return float(self.operational_volume.area) / 1e6

    @property
    def ground_risk_area_km2(self) -> float:
        """Footprint area of the operational volume plus the buffer (km²)."""
        return float(self.ground_risk_area.area) / 1e6


def operational_volume(
    geometry: BaseGeometry,
    *,
    max_height_agl_m: float,
    speed_mps: float,
    parachute: bool,
    settings: VolumeSettings = DEFAULT_VOLUME_SETTINGS,
) -> OperationalVolume:
    """The operational volume and ground risk area of a route (line) or an area (polygon).

    ``geometry`` is metric (a JGD2011 plane rectangular zone); a Z coordinate is ignored.
    """
    if geometry.is_empty or not geometry.is_valid:
        raise InvalidInput("geometry: must be a valid, non-empty line or polygon", field="geometry")
    kind = geometry.geom_type
    if kind in ("LineString", "MultiLineString"):
        if geometry.length <= 0:
            raise InvalidInput("route: has zero length", field="route")
        flight = geometry.buffer(settings.flight_geography_half_width_m)
        if settings.flight_geography_half_width_m == 0:
            flight = geometry
    elif kind in ("Polygon", "MultiPolygon"):
        if geometry.area <= 0:
            raise InvalidInput("area: has zero area", field="area")
        flight = geometry
    else:
        raise InvalidInput(f"geometry: must be a line or a polygon, got {kind}", field="geometry")
    contingency = contingency_lateral_m(speed_mps, settings)
    buffer = ground_risk_buffer(max_height_agl_m, speed_mps, parachute=parachute,
                                settings=settings)
    volume = flight.buffer(contingency)
    area = volume.buffer(buffer.buffer_m)
    reason = Reason(
        "OPERATIONAL_VOLUME",
        f"operational volume {volume.area / 1e6:.2f} km²: flight geography plus a contingency "
        f"of {contingency:.0f} m ({speed_mps:g} m/s x {settings.reaction_time_s:g} s reaction "
        f"+ {settings.position_error_m:g} m position error)",
        f"運航範囲 {volume.area / 1e6:.2f} km²: 飛行経路範囲 + コンティンジェンシー "
        f"{contingency:.0f} m ({speed_mps:g} m/s × 反応時間 {settings.reaction_time_s:g} s "
        f"+ 位置誤差 {settings.position_error_m:g} m)",
        RULE,
    )
    return OperationalVolume(flight, volume, area, contingency, buffer,
                             (reason, *buffer.reasons))
