"""Containment (SORA 2.5 Step 8): the adjacent area and the robustness it calls for.

- **Adjacent area**: the operational volume grown by the distance flown in
  ``adjacent_time_s`` (3 minutes) at maximum speed, clamped to ``adjacent_min_m`` (5 km) -
  ``adjacent_max_m`` (35 km). The operational volume itself is not part of it.
- **Its average population density**, from the scenario's population raster: people over
  area. Where the adjacent area leaves the raster, that share is *unknown*; it is counted at
  the highest density seen in the known part (never lower than what is there), and the share
  is reported.
- **Outdoor assemblies** within ``assemblies_radius_m`` (1 km) of the operational volume: an
  input (a scenario carries no event sites yet).
- **Required robustness**: an aircraft of 250 g or less needs low containment with no limits;
  otherwise the table of the aircraft's class (the worse of characteristic dimension and
  maximum speed, as Table 2's columns) gives, for the SAIL, the requirement of the most
  restrictive column whose limits the adjacent area stays under. A certified-category
  operation, or an aircraft beyond the last class, is ``out_of_scope``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from rasterio.features import geometry_mask
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from kizuna.errors import InvalidInput
from kizuna.geo.raster import Raster
from kizuna.risk.reasons import Reason
from kizuna.risk.sail import Sail
from kizuna.risk.tables import (
    ContainmentLevel,
    ContainmentRules,
    ContainmentTable,
    SoraTables,
    default_tables,
)

__all__ = [
    "AdjacentArea",
    "Containment",
    "adjacent_area",
    "adjacent_distance_m",
    "containment_table_for",
    "required_containment",
]

RULE = "SORA 2.5 Step 8 (adjacent area)"
_JA = {"low": "低", "medium": "中", "high": "高", "out_of_scope": "SORA 対象外"}


def _rules(tables: SoraTables | None) -> ContainmentRules:
    return (tables or default_tables()).containment


def adjacent_distance_m(max_speed_mps: float, tables: SoraTables | None = None) -> float:
    """How far the adjacent area reaches beyond the operational volume (m)."""
    if not (math.isfinite(max_speed_mps) and max_speed_mps > 0):
        raise InvalidInput(f"max_speed_mps: must be a positive number, got {max_speed_mps}",
                           field="max_speed_mps")
    r = _rules(tables)
    return min(max(max_speed_mps * r.adjacent_time_s, r.adjacent_min_m), r.adjacent_max_m)


@dataclass(frozen=True, slots=True)
class AdjacentArea:
    """The adjacent area of an operational volume and its average density (people/km²).

    ``unknown_share`` is the fraction of the area outside the population data; it is counted
    at ``unknown_density`` (the highest known density in the area).
    """

    geometry: BaseGeometry
    distance_m: float
    area_km2: float
    mean_density: float
    known_density: float
    unknown_share: float
    unknown_density: float
    reasons: tuple[Reason, ...]


def adjacent_area(operational_volume: BaseGeometry, population: Raster, max_speed_mps: float,
                  tables: SoraTables | None = None) -> AdjacentArea:
    """The adjacent area of ``operational_volume`` (metric, the raster's CRS) and its density.

    Raises
    ------
    InvalidInput
        When the volume is empty or the adjacent area meets no population data at all.
    """
    if operational_volume.is_empty or operational_volume.area <= 0:
        raise InvalidInput("operational volume: empty", field="geometry")
    distance = adjacent_distance_m(max_speed_mps, tables)
    ring = operational_volume.buffer(distance).difference(operational_volume)
    area_km2 = float(ring.area) / 1e6
    # Known: the part of the ring over the raster, less its missing (nodata) cells. Areas are
    # measured on the geometry, not by counting cells, so a coarse grid does not shrink them.
    inside = ring.intersection(box(*population.bounds))
    values = _cell_values(population, inside)
    valid = values[~np.isnan(values)]
    if valid.size == 0:
        raise InvalidInput("geometry: the adjacent area lies outside the population data",
                           field="geometry")
    known_share = float(inside.area) / float(ring.area) * valid.size / values.size
    unknown_share = max(0.0, 1.0 - known_share)
    known_density = float(valid.mean())
    unknown_density = float(valid.max())
    mean = known_density * known_share + unknown_density * unknown_share
    how = (f"{unknown_share:.0%} outside the scenario's data, counted at the highest known "
           f"density {unknown_density:,.0f}/km²" if unknown_share >= 0.005
           else "all inside the scenario's data")
    how_ja = (f"{unknown_share:.0%} はシナリオのデータ範囲外で、既知の最大密度 "
              f"{unknown_density:,.0f} 人/km² として計上" if unknown_share >= 0.005
              else "全域がシナリオのデータ範囲内")
    reason = Reason(
        "ADJACENT_AREA",
        f"adjacent area {distance / 1000:g} km beyond the operational volume "
        f"({area_km2:,.0f} km²): average density {mean:,.1f}/km² ({how})",
        f"隣接エリア 運航範囲から {distance / 1000:g} km ({area_km2:,.0f} km²): 平均人口密度 "
        f"{mean:,.1f} 人/km² ({how_ja})",
        RULE)
    return AdjacentArea(ring, distance, area_km2, mean, known_density, unknown_share,
                        unknown_density, (reason,))


def _cell_values(population: Raster, area: BaseGeometry) -> NDArray[np.float64]:
    """Every cell (NaN where missing) whose centre lies in ``area``; the nearest one when
    ``area`` is narrower than a cell."""
    if area.is_empty:
        return np.empty(0)
    sub = population.window(*area.bounds)
    outside = geometry_mask([area], out_shape=sub.shape, transform=sub.transform,
                            all_touched=False)
    if outside.all():
        outside = geometry_mask([area], out_shape=sub.shape, transform=sub.transform,
                                all_touched=True)
    values: NDArray[np.float64] = sub.values[~outside]
    return values


@dataclass(frozen=True, slots=True)
class Containment:
    """The required containment robustness and the table cell it comes from."""

    required: ContainmentLevel
    table: str | None
    column: str | None
    verified: bool
    reason: Reason


def containment_table_for(characteristic_dimension_m: float, max_speed_mps: float,
                          tables: SoraTables | None = None) -> ContainmentTable | None:
    """The table of the aircraft's class: the first whose dimension and speed both cover it."""
    for table in _rules(tables).tables:
        if (characteristic_dimension_m <= table.max_dimension_m
                and max_speed_mps <= table.max_speed_mps):
            return table
    return None


def required_containment(sail: Sail, *, characteristic_dimension_m: float,
                         max_speed_mps: float, mass_kg: float, adjacent_density: float | None,
                         assemblies_within_1km: int, tables: SoraTables | None = None
                         ) -> Containment:
    """The containment robustness an operation needs.

    Parameters
    ----------
    sail
        The operation's SAIL.
    characteristic_dimension_m, max_speed_mps, mass_kg
        The aircraft (its class, and the 250 g rule).
    adjacent_density
        Average density of the adjacent area (people/km²); None when unknown, which meets no
        density limit.
    assemblies_within_1km
        People in outdoor assemblies within 1 km of the operational volume.
    """
    for name, value in (("characteristic_dimension_m", characteristic_dimension_m),
                        ("max_speed_mps", max_speed_mps), ("mass_kg", mass_kg)):
        if not (math.isfinite(value) and value > 0):
            raise InvalidInput(f"{name}: must be a positive number, got {value}", field=name)
    if adjacent_density is not None and not (math.isfinite(adjacent_density)
                                             and adjacent_density >= 0):
        raise InvalidInput(f"adjacent_density: must be a non-negative number, got "
                           f"{adjacent_density}", field="adjacent_density")
    if assemblies_within_1km < 0:
        raise InvalidInput("assemblies_within_1km: must not be negative",
                           field="assemblies_within_1km")
    rules = _rules(tables)
    if sail is Sail.CERTIFIED:
        return Containment("out_of_scope", None, None, True, Reason(
            "CONTAINMENT_CERTIFIED", "containment out of SORA scope: certified category",
            "封じ込め: 認証カテゴリーのため SORA 対象外", rules.source))
    if mass_kg <= rules.small_aircraft_max_mass_kg:
        return Containment("low", None, None, True, Reason(
            "CONTAINMENT_SMALL_AIRCRAFT",
            f"containment low: {mass_kg:g} kg <= {rules.small_aircraft_max_mass_kg:g} kg, with "
            "no limit on the adjacent area", f"封じ込め 低: {mass_kg:g} kg ≤ "
            f"{rules.small_aircraft_max_mass_kg:g} kg のため隣接エリアの制限なし", rules.source))
    table = containment_table_for(characteristic_dimension_m, max_speed_mps, tables)
    if table is None:
        return Containment("out_of_scope", None, None, True, Reason(
            "CONTAINMENT_OUT_OF_TABLE",
            f"containment out of SORA scope: {characteristic_dimension_m:g} m / "
            f"{max_speed_mps:g} m/s is beyond the last class", f"封じ込め: "
            f"{characteristic_dimension_m:g} m / {max_speed_mps:g} m/s は最大の区分を超える",
            rules.source))
    index = max(i for i, c in enumerate(table.columns)
                if c.admits(adjacent_density, assemblies_within_1km))
    column = table.columns[index]
    required = table.rows[sail][index]
    density = "unknown" if adjacent_density is None else f"{adjacent_density:,.1f}/km²"
    density_ja = "不明" if adjacent_density is None else f"{adjacent_density:,.1f} 人/km²"
    check = "" if table.verified else "; UNVERIFIED table (placeholder, check before filing)"
    check_ja = "" if table.verified else "(未検証の表: 申請前に要確認)"
    reason = Reason(
        "CONTAINMENT",
        f"containment {required}: SAIL {sail}, class <= {table.max_dimension_m:g} m / "
        f"{table.max_speed_mps:g} m/s, adjacent density {density}, assemblies "
        f"{assemblies_within_1km:,} within 1 km -> column '{column.label}'{check}",
        f"封じ込め {_JA[required]}: SAIL {sail}、区分 {table.max_dimension_m:g} m / "
        f"{table.max_speed_mps:g} m/s 以下、隣接エリア密度 {density_ja}、1 km 以内の屋外集会 "
        f"{assemblies_within_1km:,} 人 → 列「{column.label}」{check_ja}",
        table.table)
    return Containment(required, table.table, column.label, table.verified, reason)
