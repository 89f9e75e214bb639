"""Conversion between m³ of hydrogen (at 0 °C and 1 atm) and kg.

Arithmetic is decimal, so that a mass typed as the exact equivalent of a cap (31.465 kg for
350 m³) converts to exactly that cap and is judged *at* the cap, not a rounding error above it.
"""

from __future__ import annotations

import math
from decimal import Context, Decimal

from kizuna.errors import InvalidInput

__all__ = [
    "HYDROGEN_DENSITY_KG_PER_M3",
    "MAX_AMOUNT",
    "as_decimal",
    "kg_from_m3",
    "m3_from_kg",
    "plain_number",
]

HYDROGEN_DENSITY_KG_PER_M3 = Decimal("0.0899")
"""Density of hydrogen at 0 °C and 1 atm (normal conditions), in kg/m³."""

_CONTEXT = Context(prec=28)

MAX_AMOUNT = Decimal("1e12")
"""Largest amount (m³ or kg) accepted: far above any store, and small enough that the
28-digit arithmetic and the three-decimal texts of a verdict stay exact."""


def as_decimal(value: float | Decimal, field: str = "amount") -> Decimal:
    """Return ``value`` as a finite, non-negative Decimal, or raise `InvalidInput` naming ``field``.

    A float goes through its shortest repr, so ``31.465`` becomes ``Decimal("31.465")``.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InvalidInput(f"{field}: must be a number, got {value!r}", field=field)
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidInput(f"{field}: must be finite, got {value!r}", field=field)
    number = value if isinstance(value, Decimal) else Decimal(repr(value))
    if not number.is_finite():
        raise InvalidInput(f"{field}: must be finite, got {value!r}", field=field)
    if number < 0:
        raise InvalidInput(f"{field}: must not be negative, got {value!r}", field=field)
    if number > MAX_AMOUNT:
        raise InvalidInput(f"{field}: at most {MAX_AMOUNT:f}, got {value!r}", field=field)
    return number


def m3_from_kg(kg: float | Decimal) -> Decimal:
    """Volume in m³ (0 °C, 1 atm) of ``kg`` kilograms of hydrogen."""
    return _CONTEXT.divide(as_decimal(kg, "stored_kg"), HYDROGEN_DENSITY_KG_PER_M3)


def kg_from_m3(m3: float | Decimal) -> Decimal:
    """Mass in kg of ``m3`` cubic metres of hydrogen at 0 °C and 1 atm."""
    return _CONTEXT.multiply(as_decimal(m3, "stored_m3"), HYDROGEN_DENSITY_KG_PER_M3)


def plain_number(value: Decimal) -> int | float:
    """An int when ``value`` is whole (``350``), else the nearest float, for JSON output."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)
