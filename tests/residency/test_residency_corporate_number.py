"""Tests for the corporate number check digit."""

from __future__ import annotations

import random

import pytest

from kizuna.errors import InvalidInput
from kizuna.residency import check_digit, has_valid_check_digit


def test_documented_example_is_valid() -> None:
    """7000012050002 (DOMAIN.md) carries a valid check digit."""
    assert has_valid_check_digit("7000012050002")
    assert check_digit("000012050002") == 7


@pytest.mark.parametrize("first", [d for d in "012345689"])
def test_any_other_check_digit_is_wrong(first: str) -> None:
    """Changing the check digit of a valid number makes it invalid."""
    assert not has_valid_check_digit(first + "000012050002")


def test_weights_alternate_from_the_right() -> None:
    """The rightmost base digit weighs 1, the next 2 (so 1 and 2 at the end differ)."""
    assert check_digit("000000000001") == 8  # 9 - 1
    assert check_digit("000000000010") == 7  # 9 - 2


def test_random_numbers_round_trip() -> None:
    """A computed check digit always validates; a changed base digit usually does not."""
    rng = random.Random(3)
    for _ in range(200):
        base = f"{rng.randrange(10**12):012d}"
        assert has_valid_check_digit(f"{check_digit(base)}{base}")


@pytest.mark.parametrize("bad", ["", "700001205000", "70000120500021", "70000120500O2",
                                 "７０００012050002"])
def test_malformed_number_is_invalid_input(bad: str) -> None:
    """Anything but 13 ASCII digits is invalid input, not a failed check."""
    with pytest.raises(InvalidInput):
        has_valid_check_digit(bad)
