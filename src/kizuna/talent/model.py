"""The values of the talent model: who needs people, who trains them, who comes from abroad.

Three kinds of row feed the forecast (:mod:`kizuna.talent.forecast`):

- a :class:`HiringPlan`: an employer plans ``hires`` people of one role family in one year
  (the demand);
- a :class:`Programme`: a school course, a kosen course, a university course or faculty, or a
  reskilling course, with its seats a year, the role family it trains for, the years it
  graduates people in, and two shares: of its graduates, how many enter semiconductors and how
  many of those stay in the region (the domestic supply);
- a :class:`ForeignSupply`: people of one role family arriving from abroad in one year (the
  fast track's granted Certificates of Eligibility, and planned figures on top).

A programme's graduating years are data, never derived: a faculty that opens in April 2027
with a four-year course says ``first_graduates=2031`` itself. Seats may grow from a year on
(:class:`SeatChange`, what a lever adds); a programme then graduates
``seats_in(year)`` people that year.

Every value validates on construction and raises :class:`~kizuna.errors.InvalidInput` naming
the field.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from kizuna.errors import InvalidInput

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "ForeignSupply",
    "HiringPlan",
    "Programme",
    "ProgrammeKind",
    "RoleFamily",
    "SeatChange",
    "check_year",
]

_E = TypeVar("_E", bound=StrEnum)

#: Years the model accepts: a plausible planning horizon, and a bound on the forecast's size.
MIN_YEAR = 1990
MAX_YEAR = 2100


class RoleFamily(StrEnum):
    """What the plants hire for."""

    ENGINEER = "engineer"  # process, equipment and design engineers
    TECHNICIAN = "technician"
    OPERATOR = "operator"


class ProgrammeKind(StrEnum):
    """Where people are trained."""

    KOSEN = "kosen"  # national institutes of technology (高専)
    UNIVERSITY = "university"  # a university course, faculty or graduate major
    TECHNICAL_HIGH_SCHOOL = "technical_high_school"  # 工業高校
    RESKILLING = "reskilling"  # courses for people already at work


def check_year(year: int, field: str) -> int:
    """``year`` if it lies in [MIN_YEAR, MAX_YEAR]; `InvalidInput` naming ``field`` otherwise."""
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidInput(f"{field}: must be a year from {MIN_YEAR} to {MAX_YEAR}, got {year!r}",
                           field=field)
    return year


def _count(value: int, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInput(f"{field}: must be a whole number >= 0, got {value!r}", field=field)
    return value


def _share(value: float, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not (
            math.isfinite(value) and 0.0 <= value <= 1.0):
        raise InvalidInput(f"{field}: must be a share from 0 to 1, got {value!r}", field=field)
    return value


def _member(kind: type[_E], value: str, field: str) -> _E:
    try:
        return kind(value)
    except ValueError:
        known = ", ".join(m.value for m in kind)
        raise InvalidInput(f"{field}: unknown {field} {value!r} (known: {known})",
                           field=field) from None


def _name(value: str, field: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise InvalidInput(f"{field}: must be a non-empty name of at most 200 characters",
                           field=field)
    return value


@dataclass(frozen=True)
class HiringPlan:
    """An employer's planned hires of one role family in one year."""

    employer: str
    year: int
    role: RoleFamily
    hires: int

    def __post_init__(self) -> None:
        _name(self.employer, "employer")
        check_year(self.year, "year")
        object.__setattr__(self, "role", _member(RoleFamily, self.role, "role"))
        _count(self.hires, "hires")


@dataclass(frozen=True)
class ForeignSupply:
    """People of one role family who come from abroad in one year."""

    year: int
    role: RoleFamily
    people: int

    def __post_init__(self) -> None:
        check_year(self.year, "year")
        object.__setattr__(self, "role", _member(RoleFamily, self.role, "role"))
        _count(self.people, "people")


@dataclass(frozen=True)
class SeatChange:
    """Seats added to a programme, counted in its graduating years from ``from_year`` on."""

    from_year: int
    seats: int

    def __post_init__(self) -> None:
        check_year(self.from_year, "from_year")
        _count(self.seats, "seats")


@dataclass(frozen=True)
class Programme:
    """One training programme and what it yields a year.

    Parameters
    ----------
    id
        Unique within one forecast.
    prefecture
        Where it is (its graduates who stay, stay there).
    kind, role
        What kind of programme, and the role family its graduates are hired into.
    seats
        Places a year (one cohort graduates ``seats`` people a year).
    first_graduates, last_graduates
        The first graduating year, and the last when the programme closes (inclusive).
    semiconductor_share
        Of the graduates, the share who enter the semiconductor industry.
    stay_share
        Of those, the share who stay in the region.
    seat_changes
        Seats added from a year on (levers); none in the data of the CLI contract.
    """

    id: str
    prefecture: str
    kind: ProgrammeKind
    role: RoleFamily
    seats: int
    first_graduates: int
    semiconductor_share: float
    stay_share: float
    last_graduates: int | None = None
    seat_changes: tuple[SeatChange, ...] = ()

    def __post_init__(self) -> None:
        _name(self.id, "id")
        _name(self.prefecture, "prefecture")
        object.__setattr__(self, "kind", _member(ProgrammeKind, self.kind, "kind"))
        object.__setattr__(self, "role", _member(RoleFamily, self.role, "role"))
        _count(self.seats, "seats")
        check_year(self.first_graduates, "first_graduates")
        if self.last_graduates is not None:
            check_year(self.last_graduates, "last_graduates")
            if self.last_graduates < self.first_graduates:
                raise InvalidInput(
                    f"last_graduates: {self.last_graduates} is before first_graduates "
                    f"{self.first_graduates}", field="last_graduates")
        _share(self.semiconductor_share, "semiconductor_share")
        _share(self.stay_share, "stay_share")

    def graduates_in(self, year: int) -> bool:
        """Whether the programme graduates a cohort in ``year``."""
        return self.first_graduates <= year and (
            self.last_graduates is None or year <= self.last_graduates)

    def seats_in(self, year: int) -> int:
        """The seats of the cohort graduating in ``year``, with the seats added by then."""
        return self.seats + sum(c.seats for c in self.seat_changes if c.from_year <= year)

    def domestic_in(self, year: int) -> float:
        """People it adds to the region's semiconductor workforce in ``year``.

        ``seats x semiconductor_share x stay_share`` in a graduating year, else 0.
        """
        if not self.graduates_in(year):
            return 0.0
        return self.seats_in(year) * self.semiconductor_share * self.stay_share
