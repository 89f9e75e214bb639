"""SORA 2.5 Table 2: every cell, the column and row bounds, and the small-aircraft rule."""

from __future__ import annotations

import math

import pytest

from kizuna.errors import InvalidInput
from kizuna.risk.igrc import column_for, controlled_ground_area_grc, density_row, intrinsic_grc

# Written out from DOMAIN.md section 3, independently of the module's own table.
EXPECTED = {
    "controlled": (1, 1, 2, 3, 3),
    "<5": (2, 3, 4, 5, 6),
    "<50": (3, 4, 5, 6, 7),
    "<500": (4, 5, 6, 7, 8),
    "<5000": (5, 6, 7, 8, 9),
    "<50000": (6, 7, 8, 9, 10),
    ">=50000": (7, 8, None, None, None),
}
# (lowest density in the row, a density just under the next bound)
DENSITIES = {
    "<5": (0.0, 4.999),
    "<50": (5.0, 49.999),
    "<500": (50.0, 499.99),
    "<5000": (500.0, 4999.9),
    "<50000": (5000.0, 49999.0),
    ">=50000": (50000.0, 1e7),
}
# Each column reached by the dimension alone and by the speed alone, at its inclusive bound.
BY_DIMENSION = {1: (1.0, 5.0), 2: (3.0, 5.0), 3: (8.0, 5.0), 4: (20.0, 5.0), 5: (40.0, 5.0)}
BY_SPEED = {1: (0.5, 25.0), 2: (0.5, 35.0), 3: (0.5, 75.0), 4: (0.5, 120.0), 5: (0.5, 200.0)}

CELLS = [
    pytest.param(row, column, density, size, id=f"{row}-col{column}-{density:g}-{how}")
    for row, (low, high) in DENSITIES.items()
    for density in (low, high)
    for column in range(1, 6)
    for how, size in (("dim", BY_DIMENSION[column]), ("speed", BY_SPEED[column]))
]


@pytest.mark.parametrize(("row", "column", "density", "size"), CELLS)
def test_every_density_cell_matches_table_2(
    row: str, column: int, density: float, size: tuple[float, float]
) -> None:
    """Each cell of the density rows gives the Table 2 value at both ends of its row."""
    dimension, speed = size
    result = intrinsic_grc(
        characteristic_dimension_m=dimension,
        max_speed_mps=speed,
        mass_kg=9.8,
        population_density=density,
    )
    assert result.value == EXPECTED[row][column - 1]
    assert result.row == row
    assert result.column == column
    code = "IGRC" if result.value is not None else "IGRC_OUT_OF_TABLE"
    assert [r.code for r in result.reasons] == [code]


@pytest.mark.parametrize("column", range(1, 6))
@pytest.mark.parametrize("density", [0.0, 1e6])
def test_controlled_ground_area_row_ignores_density(column: int, density: float) -> None:
    """A controlled ground area takes the controlled row whatever the density."""
    dimension, speed = BY_DIMENSION[column]
    result = intrinsic_grc(
        characteristic_dimension_m=dimension,
        max_speed_mps=speed,
        mass_kg=9.8,
        population_density=density,
        controlled_ground_area=True,
    )
    assert result.value == EXPECTED["controlled"][column - 1]
    assert result.row == "controlled"
    assert controlled_ground_area_grc(column) == EXPECTED["controlled"][column - 1]


@pytest.mark.parametrize(
    ("density", "row"),
    [(4.999, 0), (5, 1), (50, 2), (500, 3), (5000, 4), (50000, 5), (49999.99, 4)],
)
def test_density_exactly_on_a_bound_goes_to_the_higher_row(density: float, row: int) -> None:
    """5 people/km² is in row "<50", not "<5"."""
    assert density_row(density) == row


@pytest.mark.parametrize(
    ("dimension", "speed", "column"),
    [
        (1.0, 1.0, 1),
        (1.0001, 1.0, 2),
        (3.0, 1.0, 2),
        (3.0001, 1.0, 3),
        (8.0001, 1.0, 4),
        (20.0001, 1.0, 5),
        (40.0001, 1.0, None),
        (0.5, 25.0, 1),
        (0.5, 25.001, 2),
        (0.5, 35.001, 3),
        (0.5, 75.001, 4),
        (0.5, 120.001, 5),
        (0.5, 200.001, None),
        (1.2, 20.0, 2),  # the worse is the dimension
        (0.9, 80.0, 4),  # the worse is the speed
        (25.0, 10.0, 5),
    ],
)
def test_column_is_the_worse_of_dimension_and_speed(
    dimension: float, speed: float, column: int | None
) -> None:
    """Column bounds are inclusive: 1 m is column 1, 1.0001 m column 2."""
    assert column_for(dimension, speed) == column


@pytest.mark.parametrize(("dimension", "speed"), [(40.5, 10.0), (0.5, 250.0)])
def test_beyond_the_last_column_is_out_of_the_table(dimension: float, speed: float) -> None:
    """An aircraft larger than 40 m or faster than 200 m/s has no iGRC."""
    result = intrinsic_grc(
        characteristic_dimension_m=dimension,
        max_speed_mps=speed,
        mass_kg=9.8,
        population_density=1.0,
    )
    assert result.value is None
    assert result.column is None
    assert result.reasons[0].code == "IGRC_OUT_OF_TABLE"


@pytest.mark.parametrize("density", [0.0, 300.0, 50000.0, 1e7])
@pytest.mark.parametrize(("mass", "speed"), [(0.25, 25.0), (0.1, 10.0)])
def test_small_aircraft_has_igrc_1_at_any_density(
    mass: float, speed: float, density: float
) -> None:
    """250 g or less and 25 m/s or less: iGRC 1, even at >= 50,000 people/km²."""
    result = intrinsic_grc(
        characteristic_dimension_m=0.3,
        max_speed_mps=speed,
        mass_kg=mass,
        population_density=density,
    )
    assert result.value == 1
    assert result.reasons[0].code == "IGRC_SMALL_AIRCRAFT"


@pytest.mark.parametrize(("mass", "speed", "expected"), [(0.2501, 25.0, 7), (0.25, 25.01, 8)])
def test_small_aircraft_rule_needs_both_limits(mass: float, speed: float, expected: int) -> None:
    """Just over 250 g, or just over 25 m/s, falls back to the table."""
    result = intrinsic_grc(
        characteristic_dimension_m=0.3,
        max_speed_mps=speed,
        mass_kg=mass,
        population_density=60000.0,
    )
    assert result.value == expected


def test_reason_names_column_and_row() -> None:
    """The iGRC reason says which column and row it used, in English and Japanese."""
    result = intrinsic_grc(
        characteristic_dimension_m=1.2, max_speed_mps=20, mass_kg=9.8, population_density=300
    )
    (reason,) = result.reasons
    assert result.value == 5
    assert "column 2" in reason.text and "<500" in reason.text
    assert "列 2" in reason.text_ja
    assert reason.rule == "SORA 2.5 Table 2"


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("population_density", {"population_density": -1.0}),
        ("population_density", {"population_density": math.nan}),
        ("characteristic_dimension_m", {"characteristic_dimension_m": 0.0}),
        ("max_speed_mps", {"max_speed_mps": math.inf}),
        ("mass_kg", {"mass_kg": -2.0}),
    ],
)
def test_invalid_values_raise_invalid_input(field: str, kwargs: dict[str, float]) -> None:
    """Negative, zero or non-finite values are rejected with the field named."""
    args = {
        "characteristic_dimension_m": 1.0,
        "max_speed_mps": 10.0,
        "mass_kg": 1.0,
        "population_density": 10.0,
    } | kwargs
    with pytest.raises(InvalidInput, match=field):
        intrinsic_grc(
            characteristic_dimension_m=args["characteristic_dimension_m"],
            max_speed_mps=args["max_speed_mps"],
            mass_kg=args["mass_kg"],
            population_density=args["population_density"],
        )


def test_controlled_ground_area_grc_rejects_unknown_column() -> None:
    """Only columns 1 to 5 exist."""
    with pytest.raises(InvalidInput, match="column"):
        controlled_ground_area_grc(6)
