"""Tests for kizuna.hydrogen.conversion."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kizuna.errors import InvalidInput
from kizuna.hydrogen.conversion import (
    HYDROGEN_DENSITY_KG_PER_M3,
    kg_from_m3,
    m3_from_kg,
    plain_number,
)


def test_density_is_0_0899_kg_per_m3() -> None:
    """Hydrogen at 0 °C and 1 atm weighs 0.0899 kg/m³."""
    assert Decimal("0.0899") == HYDROGEN_DENSITY_KG_PER_M3


@pytest.mark.parametrize(
    ("m3", "kg"), [(350, "31.465"), (700, "62.93"), (3500, "314.65"), (0, "0")]
)
def test_caps_convert_exactly(m3: int, kg: str) -> None:
    """Each cap converts to and from kg without rounding error."""
    assert kg_from_m3(m3) == Decimal(kg)
    assert m3_from_kg(float(kg)) == Decimal(m3)


def test_round_trip_of_an_awkward_mass() -> None:
    """A mass with no short m³ equivalent round-trips to well below a millilitre."""
    assert abs(kg_from_m3(m3_from_kg(10)) - 10) < Decimal("1e-20")
    assert m3_from_kg(10) == pytest.approx(Decimal("111.2347"), abs=Decimal("1e-4"))


@pytest.mark.parametrize("bad", [-1, -0.0001, float("nan"), float("inf"), True, "5", None,
                                 2.2e64])
def test_bad_amounts_are_rejected(bad: object) -> None:
    """Negative, non-finite, absurdly large and non-numeric amounts raise InvalidInput."""
    with pytest.raises(InvalidInput):
        m3_from_kg(bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        kg_from_m3(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"), [("350", 350), ("350.000", 350), ("0.5", 0.5), ("0", 0)]
)
def test_plain_number_prints_whole_numbers_as_ints(value: str, expected: float) -> None:
    """Whole numbers come out as JSON integers, others as floats."""
    result = plain_number(Decimal(value))
    assert result == expected
    assert type(result) is type(expected)
