"""Intrinsic ground risk class (SORA 2.5 Table 2).

The column is the worse of the characteristic dimension and the maximum speed; the row is the
maximum population density, where a density exactly on a bound goes to the higher row.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kizuna.errors import InvalidInput
from kizuna.risk.reasons import Reason

__all__ = [
    "CONTROLLED_GROUND_AREA_ROW",
    "DENSITY_ROW_UPPER_BOUNDS",
    "DIMENSION_COLUMN_BOUNDS_M",
    "IGRC_TABLE",
    "SMALL_AIRCRAFT_MAX_MASS_KG",
    "SMALL_AIRCRAFT_MAX_SPEED_MPS",
    "SPEED_COLUMN_BOUNDS_MPS",
    "IntrinsicGrc",
    "column_for",
    "controlled_ground_area_grc",
    "density_row",
    "intrinsic_grc",
    "row_label",
]

RULE = "SORA 2.5 Table 2"

#: Upper bound (inclusive) of each column, columns numbered 1 to 5.
DIMENSION_COLUMN_BOUNDS_M: tuple[float, ...] = (1.0, 3.0, 8.0, 20.0, 40.0)
SPEED_COLUMN_BOUNDS_MPS: tuple[float, ...] = (25.0, 35.0, 75.0, 120.0, 200.0)

#: Exclusive upper bound of each population row in people/km²; a last row takes the rest.
DENSITY_ROW_UPPER_BOUNDS: tuple[float, ...] = (5.0, 50.0, 500.0, 5_000.0, 50_000.0)

SMALL_AIRCRAFT_MAX_MASS_KG = 0.25
SMALL_AIRCRAFT_MAX_SPEED_MPS = 25.0

CONTROLLED_GROUND_AREA_ROW: tuple[int, ...] = (1, 1, 2, 3, 3)

#: Rows in the order of DENSITY_ROW_UPPER_BOUNDS, then ">= 50,000"; None is out of scope.
IGRC_TABLE: tuple[tuple[int | None, ...], ...] = (
    (2, 3, 4, 5, 6),
    (3, 4, 5, 6, 7),
    (4, 5, 6, 7, 8),
    (5, 6, 7, 8, 9),
    (6, 7, 8, 9, 10),
    (7, 8, None, None, None),
)


@dataclass(frozen=True, slots=True)
class IntrinsicGrc:
    """The iGRC, where ``value`` is None when the operation is outside the table.

    ``column`` (1 to 5) is None only when the aircraft is larger or faster than the table.
    """

    value: int | None
    column: int | None
    row: str
    reasons: tuple[Reason, ...]


def _check_finite(name: str, value: float, *, positive: bool) -> None:
    if not math.isfinite(value) or value < 0 or (positive and value == 0):
        kind = "positive" if positive else "non-negative"
        raise InvalidInput(f"{name}: must be a finite {kind} number, got {value}", field=name)


def _column(value: float, bounds: tuple[float, ...]) -> int | None:
    for index, bound in enumerate(bounds, start=1):
        if value <= bound:
            return index
    return None


def column_for(characteristic_dimension_m: float, max_speed_mps: float) -> int | None:
    """The table column (1 to 5): the worse of dimension and speed; None beyond the table."""
    _check_finite("characteristic_dimension_m", characteristic_dimension_m, positive=True)
    _check_finite("max_speed_mps", max_speed_mps, positive=True)
    by_dimension = _column(characteristic_dimension_m, DIMENSION_COLUMN_BOUNDS_M)
    by_speed = _column(max_speed_mps, SPEED_COLUMN_BOUNDS_MPS)
    if by_dimension is None or by_speed is None:
        return None
    return max(by_dimension, by_speed)


def density_row(population_density: float) -> int:
    """Index (0 to 5) of the population row; a density on a bound goes to the higher row."""
    _check_finite("population_density", population_density, positive=False)
    for index, bound in enumerate(DENSITY_ROW_UPPER_BOUNDS):
        if population_density < bound:
            return index
    return len(DENSITY_ROW_UPPER_BOUNDS)


def row_label(row: int | None) -> str:
    """Readable row name: ``"controlled"`` for None, else ``"<500"`` or ``">=50000"``."""
    if row is None:
        return "controlled"
    if row < len(DENSITY_ROW_UPPER_BOUNDS):
        return f"<{DENSITY_ROW_UPPER_BOUNDS[row]:g}"
    return f">={DENSITY_ROW_UPPER_BOUNDS[-1]:g}"


def controlled_ground_area_grc(column: int) -> int:
    """The controlled-ground-area value of a column: the floor of the M1 mitigations."""
    if not 1 <= column <= len(CONTROLLED_GROUND_AREA_ROW):
        raise InvalidInput(f"column: must be 1 to 5, got {column}", field="column")
    return CONTROLLED_GROUND_AREA_ROW[column - 1]


def intrinsic_grc(
    *,
    characteristic_dimension_m: float,
    max_speed_mps: float,
    mass_kg: float,
    population_density: float,
    controlled_ground_area: bool = False,
) -> IntrinsicGrc:
    """Look up the iGRC, applying the small-aircraft rule first.

    Parameters
    ----------
    characteristic_dimension_m
        Wingspan, rotor-to-rotor diameter or largest dimension, in metres.
    max_speed_mps
        Maximum speed in m/s.
    mass_kg
        Take-off mass in kg (for the 250 g rule).
    population_density
        Maximum density over the operational volume and ground risk buffer, people/km².
    controlled_ground_area
        Whether the whole footprint is a controlled ground area (the density is then unused).
    """
    _check_finite("mass_kg", mass_kg, positive=True)
    column = column_for(characteristic_dimension_m, max_speed_mps)
    row = None if controlled_ground_area else density_row(population_density)
    label = row_label(row)
    dims = (
        f"characteristic dimension {characteristic_dimension_m:g} m, "
        f"max speed {max_speed_mps:g} m/s"
    )
    dims_ja = f"最大寸法 {characteristic_dimension_m:g} m、最大速度 {max_speed_mps:g} m/s"
    where = "controlled ground area" if row is None else f"density {population_density:g}/km²"
    where_ja = "立入管理区画" if row is None else f"人口密度 {population_density:g} 人/km²"

    if mass_kg <= SMALL_AIRCRAFT_MAX_MASS_KG and max_speed_mps <= SMALL_AIRCRAFT_MAX_SPEED_MPS:
        reason = Reason(
            "IGRC_SMALL_AIRCRAFT",
            f"iGRC 1: {mass_kg:g} kg <= 250 g and {max_speed_mps:g} m/s <= 25 m/s, "
            "at any population density",
            f"iGRC 1: {mass_kg:g} kg ≤ 250 g かつ {max_speed_mps:g} m/s ≤ 25 m/s "
            "のため人口密度によらない",
            RULE,
        )
        return IntrinsicGrc(1, column, label, (reason,))

    if column is None:
        reason = Reason(
            "IGRC_OUT_OF_TABLE",
            f"no iGRC: {dims} is beyond the last column (40 m / 200 m/s)",
            f"iGRC なし: {dims_ja} は表の最終列 (40 m / 200 m/s) を超える",
            RULE,
        )
        return IntrinsicGrc(None, None, label, (reason,))

    value = CONTROLLED_GROUND_AREA_ROW[column - 1] if row is None else IGRC_TABLE[row][column - 1]
    if value is None:
        reason = Reason(
            "IGRC_OUT_OF_TABLE",
            f"no iGRC: column {column} ({dims}) at {where} (row {label}) is out of scope",
            f"iGRC なし: 列 {column} ({dims_ja})、{where_ja} (行 {label}) は対象外",
            RULE,
        )
        return IntrinsicGrc(None, column, label, (reason,))
    reason = Reason(
        "IGRC",
        f"iGRC {value}: column {column} (worse of {dims}), row {label} ({where})",
        f"iGRC {value}: 列 {column} ({dims_ja} の悪い方)、行 {label} ({where_ja})",
        RULE,
    )
    return IntrinsicGrc(value, column, label, (reason,))
