"""Configurable figures of the planner, with their defaults (documented in docs/planning.md)."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from kizuna.errors import InvalidInput

__all__ = ["DEFAULT_PLANNER_SETTINGS", "CostWeights", "PlannerSettings"]


def _check_fields(owner: object, *, allow_zero: tuple[str, ...] = ()) -> None:
    for f in fields(owner):  # type: ignore[arg-type]
        v = getattr(owner, f.name)
        if isinstance(v, bool) or not isinstance(v, int | float):
            continue
        if not math.isfinite(v) or v < 0 or (v == 0 and f.name not in allow_zero):
            raise InvalidInput(f"{f.name}: must be a finite positive number, got {v!r}",
                               field=f.name)


@dataclass(frozen=True, slots=True)
class CostWeights:
    """Weights of the route cost, a sum in watt-hour equivalents.

    ``cost = energy_wh_weight * E + risk_wh_per_fatality * F
    + crossing_wh * N + over_transport_wh_per_m * M``, with ``E`` the mission energy (out and
    back, Wh), ``F`` the mission's expected fatalities, and at Level 3.5 only, ``N`` the number
    of road or railway crossings and ``M`` the metres flown over their corridors.

    Parameters
    ----------
    energy_wh_weight
        Weight of one Wh of mission energy.
    risk_wh_per_fatality
        Wh-equivalent of one expected fatality: 1e9 makes a 1 km detour of a multirotor
        (about 60 Wh out and back) worth about 6e-8 expected fatalities avoided.
    crossing_wh
        Penalty per crossing of a road or railway corridor (Level 3.5).
    over_transport_wh_per_m
        Penalty per metre flown inside a road or railway corridor (Level 3.5); with the
        corridor's fixed width, an oblique crossing costs more than a perpendicular one.
    """

    energy_wh_weight: float = 1.0
    risk_wh_per_fatality: float = 1e9
    crossing_wh: float = 100.0
    over_transport_wh_per_m: float = 10.0

    def __post_init__(self) -> None:
        _check_fields(self, allow_zero=("risk_wh_per_fatality", "crossing_wh",
                                        "over_transport_wh_per_m"))


@dataclass(frozen=True, slots=True)
class PlannerSettings:
    """Grid, altitude and safety figures of the planner.

    Parameters
    ----------
    cell_m
        Grid cell size, m (production resolution 150 m).
    sea_margin_m
        Cells further than this from land are left out of the graph (a delivery never needs
        them, and they would only slow the search).
    target_agl_m
        Cruise height above ground or water the profile aims at, m.
    clearance_m
        Minimum height above the terrain, m (configurable; default 30 m).
    ceiling_agl_m
        Maximum height above ground, m (under the 150 m line of the Civil Aeronautics Act).
    contingency_margin_m
        Margin kept from no-fly areas, DIDs at Level 3.5, and the permit envelope's edge, m.
    transport_corridor_m
        Half-width of the corridor round a road or railway counted as "over" it, m.
    max_crossing_deviation_deg
        Level 3.5: smoothing never makes a crossing deviate more than this from perpendicular.
    camera_check_m
        Distance before a crossing where the onboard camera confirms the road or track is
        clear (Level 3.5), m.
    profile_step_m
        Spacing of the terrain samples of the vertical profile, m.
    altitude_tolerance_m
        Largest vertical error allowed when thinning the profile into waypoints, m.
    drop_hover_s
        Hover at the drop spot (parcel release), s.
    weights
        The cost weights.
    """

    cell_m: float = 150.0
    sea_margin_m: float = 3000.0
    target_agl_m: float = 80.0
    clearance_m: float = 30.0
    ceiling_agl_m: float = 140.0
    contingency_margin_m: float = 30.0
    transport_corridor_m: float = 20.0
    max_crossing_deviation_deg: float = 25.0
    camera_check_m: float = 100.0
    profile_step_m: float = 25.0
    altitude_tolerance_m: float = 5.0
    drop_hover_s: float = 30.0
    weights: CostWeights = CostWeights()

    def __post_init__(self) -> None:
        _check_fields(self, allow_zero=("contingency_margin_m", "drop_hover_s",
                                        "camera_check_m"))
        if self.ceiling_agl_m >= 150.0:
            raise InvalidInput(f"ceiling_agl_m: must stay under 150 m, got {self.ceiling_agl_m}",
                               field="ceiling_agl_m")
        if not self.clearance_m <= self.target_agl_m <= self.ceiling_agl_m:
            raise InvalidInput("target_agl_m: must lie between clearance_m and ceiling_agl_m",
                               field="target_agl_m")


DEFAULT_PLANNER_SETTINGS = PlannerSettings()
