"""The corporate number (法人番号): 13 digits, the first a check digit over the other twelve.

``check = 9 - (sum(P_n * Q_n) mod 9)``, where ``P_n`` is the n-th of the twelve base digits
counted from the right and ``Q_n`` is 1 for odd n and 2 for even n (DOMAIN.md section 5).
"""

from __future__ import annotations

from kizuna.errors import InvalidInput

__all__ = ["check_digit", "has_valid_check_digit", "require_thirteen_digits"]


def check_digit(base: str) -> int:
    """The check digit of the twelve-digit ``base``."""
    if len(base) != 12 or not base.isascii() or not base.isdigit():
        raise InvalidInput(f"corporate number base must be 12 digits, got {base!r}")
    total = sum(
        int(digit) * (1 if n % 2 == 1 else 2)
        for n, digit in enumerate(reversed(base), start=1)
    )
    return 9 - total % 9


def require_thirteen_digits(number: str, field: str = "corporate_number") -> str:
    """Return ``number`` if it is 13 ASCII digits; raise `InvalidInput` otherwise."""
    if len(number) != 13 or not number.isascii() or not number.isdigit():
        raise InvalidInput(f"{field}: must be 13 digits, got {number!r}", field=field)
    return number


def has_valid_check_digit(number: str) -> bool:
    """Whether the 13-digit ``number`` carries the right check digit (shape is checked first)."""
    require_thirteen_digits(number)
    return int(number[0]) == check_digit(number[1:])
