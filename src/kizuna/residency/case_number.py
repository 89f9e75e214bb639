"""Case numbers people can read and say: ``熊本-2025-0012``.

A number is the prefecture's short Japanese name (its programme's ``name_ja`` without the
県/府/都 suffix: 熊本県 -> 熊本, 京都府 -> 京都; 北海道 keeps its 道, since 北海 is not said), the
year the case was filed, and a sequence that starts at 1 in each prefecture each year, written
with at least four digits. The store allocates the sequence when a case is first saved filed,
under a write lock, so two filings never get the same number; the case id (a slug) stays the
key, the number is what pages and letters show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kizuna.errors import InvalidInput
from kizuna.residency.programme import default_programmes

__all__ = ["CaseNumber", "case_number_prefix", "next_case_number", "parse_case_number"]

_SUFFIXES = ("県", "府", "都")
_PATTERN = re.compile(r"^(?P<prefix>[^-\s]{1,16})-(?P<year>\d{4})-(?P<seq>\d{4,})$")


@dataclass(frozen=True)
class CaseNumber:
    """One case number: prefecture prefix, filing year, sequence within the two."""

    prefix: str
    year: int
    seq: int

    def __post_init__(self) -> None:
        if not self.prefix or len(self.prefix) > 16 or "-" in self.prefix \
                or any(c.isspace() for c in self.prefix):
            raise InvalidInput(f"prefix: 1-16 characters without '-' or spaces, got "
                               f"{self.prefix!r}", field="prefix")
        if not 1900 <= self.year <= 9999:
            raise InvalidInput(f"year: must be a four-digit year, got {self.year}",
                               field="year")
        if self.seq < 1:
            raise InvalidInput(f"seq: must be at least 1, got {self.seq}", field="seq")

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}-{self.seq:04d}"


def parse_case_number(text: str) -> CaseNumber:
    """The number written as ``text`` (``熊本-2025-0012``); `InvalidInput` otherwise."""
    m = _PATTERN.fullmatch(text.strip())
    if m is None:
        raise InvalidInput(f"case number: expected PREFECTURE-YEAR-NNNN, got {text!r}",
                           field="case_number")
    return CaseNumber(m["prefix"], int(m["year"]), int(m["seq"]))


def case_number_prefix(prefecture: str) -> str:
    """The short Japanese name of a configured prefecture (``kumamoto`` -> ``熊本``).

    A prefecture without a programme keeps its romanised name, capitalised, so a number can
    still be given.
    """
    programmes = default_programmes().by_prefecture
    if prefecture not in programmes:
        return prefecture.capitalize()
    name = programmes[prefecture].name_ja
    return name[:-1] if len(name) > 2 and name.endswith(_SUFFIXES) else name


def next_case_number(prefecture: str, year: int, last_seq: int | None) -> CaseNumber:
    """The number after ``last_seq`` (None: the year's first) in ``prefecture``'s ``year``."""
    return CaseNumber(case_number_prefix(prefecture), year, (last_seq or 0) + 1)
