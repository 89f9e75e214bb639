"""Tests for levers and scenarios: what changes, by how much, and what does not."""

from __future__ import annotations

import pytest

from kizuna.errors import InvalidInput, UnknownName
from kizuna.talent import (
    AddProgramme,
    AddSeats,
    HiringPlan,
    Programme,
    ProgrammeKind,
    RoleFamily,
    SetShare,
    Share,
    TalentPlan,
    apply_levers,
    compare,
)

E, T = RoleFamily.ENGINEER, RoleFamily.TECHNICIAN


def _plan() -> TalentPlan:
    course = Programme(id="ku-device", prefecture="kumamoto", kind=ProgrammeKind.UNIVERSITY,
                       role=E, seats=20, first_graduates=2027, semiconductor_share=0.5,
                       stay_share=0.5)
    return TalentPlan(2026, 2030, demand=tuple(HiringPlan("JASM", y, E, 100)
                                               for y in range(2026, 2031)),
                      programmes=(course,))


def test_add_seats_closes_the_gap_from_its_year() -> None:
    """20 more seats at 0.5 x 0.5 close 5 a year from 2029, nothing before."""
    result = compare(_plan(), [AddSeats("ku-device", 2029, 20)])
    closed = [(r.base.year, r.gap_closed) for r in result.rows]
    assert closed == [(2026, 0.0), (2027, 0.0), (2028, 0.0), (2029, 5.0), (2030, 5.0)]
    assert result.base.gap - result.scenario.gap == 10.0


def test_set_share_changes_the_named_share_only() -> None:
    """Raising the stay share from 0.5 to 0.8 turns 5 a year into 8."""
    changed = apply_levers(_plan(), [SetShare("ku-device", Share.STAY, 0.8)])
    p = changed.programmes[0]
    assert (p.stay_share, p.semiconductor_share, p.domestic_in(2027)) == (0.8, 0.5, 8.0)


def test_add_programme_may_bring_a_new_role() -> None:
    """A reskilling course for technicians adds technician rows to both sides."""
    course = Programme(id="reskill", prefecture="kumamoto", kind=ProgrammeKind.RESKILLING,
                       role=T, seats=30, first_graduates=2027, semiconductor_share=1.0,
                       stay_share=0.9)
    result = compare(_plan(), [AddProgramme(course)])
    tech = [r for r in result.rows if r.base.role is T]
    assert [r.scenario.domestic for r in tech] == [0.0, 27.0, 27.0, 27.0, 27.0]
    assert all(r.base.domestic == 0.0 for r in tech)
    assert tech[-1].scenario.cumulative_gap == -108.0


def test_levers_apply_in_order_and_leave_the_base_alone() -> None:
    """Seats then a share: the new share applies to the added seats too; the base is unchanged."""
    plan = _plan()
    changed = apply_levers(plan, [AddSeats("ku-device", 2027, 20),
                                  SetShare("ku-device", Share.SEMICONDUCTOR, 1.0)])
    assert changed.programmes[0].domestic_in(2027) == 20.0
    assert plan.programmes[0].domestic_in(2027) == 5.0


def test_lever_on_unknown_programme_is_refused() -> None:
    """A lever naming a programme the plan lacks says which ones exist."""
    with pytest.raises(UnknownName, match="ku-device"):
        apply_levers(_plan(), [AddSeats("nope", 2027, 5)])


@pytest.mark.parametrize("lever", [
    lambda: AddSeats("ku-device", 2027, 0),
    lambda: AddSeats("ku-device", 2027, -3),
    lambda: SetShare("ku-device", "pay_share", 0.5),  # type: ignore[arg-type]
])
def test_bad_levers_are_refused(lever: object) -> None:
    """A lever that adds nothing, takes seats away or names no share is bad input."""
    with pytest.raises(InvalidInput):
        lever()  # type: ignore[operator]


def test_share_out_of_range_is_refused_when_applied() -> None:
    """A share above 1 fails on the programme it would change, naming the share."""
    with pytest.raises(InvalidInput) as info:
        apply_levers(_plan(), [SetShare("ku-device", Share.STAY, 1.5)])
    assert info.value.field == "stay_share"


def test_duplicate_added_programme_is_refused() -> None:
    """A new programme may not reuse an existing id."""
    with pytest.raises(InvalidInput, match="already exists"):
        apply_levers(_plan(), [AddProgramme(_plan().programmes[0])])
