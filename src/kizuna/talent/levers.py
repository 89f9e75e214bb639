"""Levers: what a prefecture can change, and a scenario's forecast beside the base.

A scenario is a named list of levers applied in order to the base plan's programmes:

- :class:`AddSeats`: a programme graduates ``seats`` more people a year from ``from_year``
  (a year of graduation: seats funded in April 2027 in a four-year course count from 2031, and
  the lever says 2031);
- :class:`SetShare`: a programme's ``semiconductor_share`` or ``stay_share`` becomes ``value``
  (careers guidance, internships, housing support);
- :class:`AddProgramme`: a new programme, typically a reskilling course.

Levers never touch demand or the foreign rows: they are what the region trains. A lever that
names a programme the plan does not have raises `UnknownName`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Protocol

from kizuna.errors import InvalidInput, UnknownName
from kizuna.talent.forecast import Forecast, ForecastRow, TalentPlan, forecast
from kizuna.talent.model import Programme, SeatChange

__all__ = [
    "AddProgramme",
    "AddSeats",
    "Comparison",
    "ComparisonRow",
    "Lever",
    "SetShare",
    "Share",
    "apply_levers",
    "compare",
]


class Lever(Protocol):
    """Something that turns one list of programmes into another."""

    def apply(self, programmes: tuple[Programme, ...]) -> tuple[Programme, ...]:
        """The programmes with this lever pulled."""
        ...


def _find(programmes: tuple[Programme, ...], programme_id: str) -> int:
    for n, p in enumerate(programmes):
        if p.id == programme_id:
            return n
    raise UnknownName("programme", programme_id, [p.id for p in programmes])


@dataclass(frozen=True)
class AddSeats:
    """``seats`` more graduates a year of one programme, from graduating year ``from_year``."""

    programme_id: str
    from_year: int
    seats: int

    def __post_init__(self) -> None:
        SeatChange(self.from_year, self.seats)  # validates both, naming the field
        if self.seats == 0:
            raise InvalidInput("seats: a lever adds at least one seat", field="seats")

    def apply(self, programmes: tuple[Programme, ...]) -> tuple[Programme, ...]:
        """The programmes, the named one with its seats added."""
        n = _find(programmes, self.programme_id)
        p = programmes[n]
        changed = replace(p, seat_changes=(*p.seat_changes,
                                           SeatChange(self.from_year, self.seats)))
        return (*programmes[:n], changed, *programmes[n + 1:])


class Share(StrEnum):
    """The two shares of a programme a lever may set."""

    SEMICONDUCTOR = "semiconductor_share"
    STAY = "stay_share"


@dataclass(frozen=True)
class SetShare:
    """One of a programme's shares set to ``value`` (in [0, 1])."""

    programme_id: str
    share: Share
    value: float

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "share", Share(self.share))
        except ValueError:
            raise InvalidInput(f"share: unknown share {self.share!r} (known: "
                               "semiconductor_share, stay_share)", field="share") from None

    def apply(self, programmes: tuple[Programme, ...]) -> tuple[Programme, ...]:
        """The programmes, the named one with the share set (validated by `Programme`)."""
        n = _find(programmes, self.programme_id)
        p = programmes[n]
        if self.share is Share.STAY:
            changed = replace(p, stay_share=self.value)
        else:
            changed = replace(p, semiconductor_share=self.value)
        return (*programmes[:n], changed, *programmes[n + 1:])


@dataclass(frozen=True)
class AddProgramme:
    """A new programme (a reskilling course, a new faculty)."""

    programme: Programme

    def apply(self, programmes: tuple[Programme, ...]) -> tuple[Programme, ...]:
        """The programmes with this one appended (`InvalidInput` if its id is taken)."""
        if any(p.id == self.programme.id for p in programmes):
            raise InvalidInput(f"programme: id {self.programme.id!r} already exists",
                               field="id")
        return (*programmes, self.programme)


def apply_levers(plan: TalentPlan, levers: Sequence[Lever]) -> TalentPlan:
    """``plan`` with every lever applied to its programmes, in order."""
    programmes = plan.programmes
    for lever in levers:
        programmes = lever.apply(programmes)
    return replace(plan, programmes=programmes)


@dataclass(frozen=True)
class ComparisonRow:
    """One year and role family, base and scenario side by side."""

    base: ForecastRow
    scenario: ForecastRow

    @property
    def gap_closed(self) -> float:
        """How much smaller the scenario's gap is than the base's (negative: larger)."""
        return self.base.gap - self.scenario.gap


@dataclass(frozen=True)
class Comparison:
    """A scenario's forecast beside the base forecast."""

    base: Forecast
    scenario: Forecast
    rows: tuple[ComparisonRow, ...]


def compare(plan: TalentPlan, levers: Sequence[Lever]) -> Comparison:
    """The base forecast of ``plan`` and the forecast with ``levers`` applied, row by row."""
    changed = apply_levers(plan, levers)
    # A new programme may bring a role family the base lacks: both forecasts show it.
    roles = tuple(sorted(set(plan.roles()) | set(changed.roles()), key=lambda r: r.value))
    base, scenario = forecast(plan, roles), forecast(changed, roles)
    rows = tuple(ComparisonRow(b, s) for b, s in zip(base.rows, scenario.rows, strict=True))
    return Comparison(base, scenario, rows)
