"""Readable case numbers: written, parsed, prefixed by the prefecture, counted per year."""

from __future__ import annotations

import pytest

from kizuna.errors import InvalidInput
from kizuna.residency.case_number import (
    CaseNumber,
    case_number_prefix,
    next_case_number,
    parse_case_number,
)


def test_written_with_four_digits() -> None:
    """Prefecture, year and a zero-padded sequence, joined by hyphens."""
    assert str(CaseNumber("熊本", 2025, 12)) == "熊本-2025-0012"
    assert str(CaseNumber("宮城", 2026, 12345)) == "宮城-2026-12345"


@pytest.mark.parametrize("text", ["熊本-2025-0012", "宮城-2026-12345", "Osaka-2025-0001"])
def test_parse_round_trips(text: str) -> None:
    """A written number parses back to the same number."""
    assert str(parse_case_number(text)) == text


@pytest.mark.parametrize("text", ["kumamoto-late-1", "熊本-25-0012", "熊本-2025-12", "",
                                  "熊本 2025 0012"])
def test_parse_refuses_other_text(text: str) -> None:
    """A slug or a malformed number is invalid input naming the field."""
    with pytest.raises(InvalidInput) as info:
        parse_case_number(text)
    assert info.value.field == "case_number"


@pytest.mark.parametrize(("prefix", "year", "seq", "field"), [
    ("", 2025, 1, "prefix"), ("熊-本", 2025, 1, "prefix"), ("熊本", 25, 1, "year"),
    ("熊本", 2025, 0, "seq")])
def test_values_are_validated(prefix: str, year: int, seq: int, field: str) -> None:
    """Each part is checked on construction, the error naming it."""
    with pytest.raises(InvalidInput) as info:
        CaseNumber(prefix, year, seq)
    assert info.value.field == field


def test_prefix_is_the_short_japanese_name() -> None:
    """Configured prefectures lose their 県; unknown ones keep the romanised name."""
    assert case_number_prefix("kumamoto") == "熊本"
    assert case_number_prefix("miyagi") == "宮城"
    assert case_number_prefix("osaka") == "Osaka"


def test_next_number_counts_from_one() -> None:
    """The year's first case is 0001; later ones follow the last sequence given."""
    assert str(next_case_number("kumamoto", 2025, None)) == "熊本-2025-0001"
    assert str(next_case_number("kumamoto", 2025, 11)) == "熊本-2025-0012"
