"""Internship match: students' applications to employers' places, as an assignment problem.

A student may take a place when, checked in this order (cheap checks first):

1. the role family is the one they applied for;
2. the place's period overlaps their available dates by at least ``min_overlap_days``.

Among the allowed pairs the match minimises the total cost, where a pair costs
``PLACE_MISMATCH_COST`` when the place is not in the town the student asked for, plus one per
day of the placement the student cannot attend. The solver is
:func:`scipy.optimize.linear_sum_assignment` over one column per slot; a forbidden pair costs
more than every allowed assignment together, so the solver never trades a match for a cheaper
one, and forbidden pairs it is forced into are dropped. Every assignment carries its reasons,
and every student left without a place says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy.optimize import linear_sum_assignment

from kizuna.errors import InvalidInput
from kizuna.talent.model import RoleFamily

__all__ = ["PLACE_MISMATCH_COST", "Assignment", "InternshipPlace", "Match", "StudentApplication",
           "Unmatched", "match_internships"]

#: What a placement outside the student's town costs, in days of a placement missed: a long
#: daily commute is worth about a week lost (a modelling choice, shown with every match).
PLACE_MISMATCH_COST = 7


def _period(start: date, end: date, field: str) -> None:
    if end < start:
        raise InvalidInput(f"{field}: ends before it starts", field=field)


@dataclass(frozen=True)
class StudentApplication:
    """A student asking for an internship of one role family, in a town, between two dates."""

    student_id: str
    role: RoleFamily
    town: str
    available_from: date
    available_to: date

    def __post_init__(self) -> None:
        object.__setattr__(self, "role", RoleFamily(self.role))
        _period(self.available_from, self.available_to, "available_to")


@dataclass(frozen=True)
class InternshipPlace:
    """An employer's internship offer: ``slots`` students of one role family, in one period."""

    place_id: str
    employer: str
    role: RoleFamily
    town: str
    start: date
    end: date
    slots: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "role", RoleFamily(self.role))
        _period(self.start, self.end, "end")
        if self.slots < 1:
            raise InvalidInput("slots: at least one", field="slots")

    @property
    def days(self) -> int:
        """Calendar days of the placement, both ends counted."""
        return (self.end - self.start).days + 1


def _overlap(a: StudentApplication, p: InternshipPlace) -> int:
    first, last = max(a.available_from, p.start), min(a.available_to, p.end)
    return max(0, (last - first).days + 1)


@dataclass(frozen=True)
class Assignment:
    """A student given a place, with the cost and the reasons."""

    student_id: str
    place_id: str
    employer: str
    cost: int
    overlap_days: int
    place_days: int
    same_town: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Unmatched:
    """A student without a place, and why."""

    student_id: str
    reason: str


@dataclass(frozen=True)
class Match:
    """The assignments, the students left over, and the total cost."""

    assignments: tuple[Assignment, ...]
    unmatched: tuple[Unmatched, ...]
    total_cost: int


def _cost(a: StudentApplication, p: InternshipPlace, min_overlap_days: int) -> int | None:
    """The pair's cost, or None when the student may not take the place."""
    if a.role is not p.role:
        return None
    overlap = _overlap(a, p)
    if overlap < min(min_overlap_days, p.days):
        return None
    return (0 if a.town == p.town else PLACE_MISMATCH_COST) + (p.days - overlap)


def match_internships(applications: Sequence[StudentApplication],
                      places: Sequence[InternshipPlace],
                      min_overlap_days: int = 10) -> Match:
    """The least-cost assignment of students to places that matches as many as possible."""
    ids = [a.student_id for a in applications]
    if len(set(ids)) != len(ids):
        raise InvalidInput("applications: a student applies once", field="student_id")
    slots = [p for p in places for _ in range(p.slots)]
    costs = [[_cost(a, p, min_overlap_days) for p in slots] for a in applications]
    allowed = [c for row in costs for c in row if c is not None]
    forbidden = 1 + sum(allowed) if allowed else 1
    matrix = np.array([[forbidden if c is None else c for c in row] for row in costs],
                      dtype=np.int64).reshape(len(applications), len(slots))
    rows, cols = linear_sum_assignment(matrix) if matrix.size else ([], [])
    assigned: dict[str, Assignment] = {}
    for i, j in zip(rows, cols, strict=True):
        a, p, cost = applications[int(i)], slots[int(j)], costs[int(i)][int(j)]
        if cost is None:
            continue
        overlap, same = _overlap(a, p), a.town == p.town
        reasons = (f"role {a.role.value} as applied for",
                   f"in {p.town}, the town asked for" if same
                   else f"in {p.town}, not {a.town} (+{PLACE_MISMATCH_COST})",
                   f"available {overlap} of its {p.days} days"
                   + ("" if overlap == p.days else f" (+{p.days - overlap})"))
        assigned[a.student_id] = Assignment(a.student_id, p.place_id, p.employer, cost, overlap,
                                            p.days, same, reasons)
    unmatched = []
    for n, a in enumerate(applications):
        if a.student_id in assigned:
            continue
        if not any(p.role is a.role for p in places):
            why = f"no place offers role {a.role.value}"
        elif all(c is None for c in costs[n]):
            why = f"no {a.role.value} place overlaps the available dates by {min_overlap_days} days"
        else:
            why = "every place this student could take went to another student"
        unmatched.append(Unmatched(a.student_id, why))
    return Match(tuple(assigned[a.student_id] for a in applications if a.student_id in assigned),
                 tuple(unmatched), sum(x.cost for x in assigned.values()))
