"""Tests for the talent forecast: hand-computed demand, supply and gaps."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizuna.errors import InvalidInput
from kizuna.talent import (
    ForeignSupply,
    HiringPlan,
    Programme,
    ProgrammeKind,
    RoleFamily,
    SeatChange,
    TalentPlan,
    forecast,
)

E, T, OP = RoleFamily.ENGINEER, RoleFamily.TECHNICIAN, RoleFamily.OPERATOR


def _programme(pid: str = "p", role: RoleFamily = E, seats: int = 20, first: int = 2027,
               last: int | None = None, semi: float = 0.5, stay: float = 0.5) -> Programme:
    return Programme(id=pid, prefecture="kumamoto", kind=ProgrammeKind.UNIVERSITY, role=role,
                     seats=seats, first_graduates=first, last_graduates=last,
                     semiconductor_share=semi, stay_share=stay)


def test_issue_example_by_hand() -> None:
    """500 hires, 40 foreign and a 20-seat course from 2027 give 460 short, then 6 a year."""
    plan = TalentPlan(2026, 2028, demand=(HiringPlan("JASM", 2026, E, 500),),
                      programmes=(_programme(semi=0.5, stay=0.6),),
                      foreign=(ForeignSupply(2026, E, 40),))
    result = forecast(plan)
    assert [(r.year, r.demand, r.domestic, r.foreign, r.supply, r.gap, r.cumulative_gap)
            for r in result.rows] == [(2026, 500, 0.0, 40, 40.0, 460.0, 460.0),
                                      (2027, 0, 6.0, 0, 6.0, -6.0, 454.0),
                                      (2028, 0, 6.0, 0, 6.0, -6.0, 448.0)]
    assert (result.demand, result.supply, result.gap) == (500, 52.0, 448.0)


def test_rows_sorted_by_year_then_role_and_cumulative_per_role() -> None:
    """Every role in any row gets a row each year; running totals never mix roles."""
    plan = TalentPlan(2030, 2031,
                      demand=(HiringPlan("A", 2030, T, 10), HiringPlan("A", 2031, T, 30),
                              HiringPlan("B", 2031, E, 7)),
                      foreign=(ForeignSupply(2030, OP, 3),))
    rows = forecast(plan).rows
    assert [(r.year, r.role.value) for r in rows] == [
        (2030, "engineer"), (2030, "operator"), (2030, "technician"),
        (2031, "engineer"), (2031, "operator"), (2031, "technician")]
    by = {(r.year, r.role): r.cumulative_gap for r in rows}
    assert by[(2031, T)] == 40.0
    assert by[(2031, E)] == 7.0
    assert by[(2031, OP)] == -3.0


def test_demand_and_foreign_sum_over_rows_of_the_year_and_role() -> None:
    """Two employers' hires add up; another year's or role's rows do not count."""
    plan = TalentPlan(2027, 2027,
                      demand=(HiringPlan("A", 2027, E, 120), HiringPlan("B", 2027, E, 80),
                              HiringPlan("A", 2028, E, 999), HiringPlan("A", 2027, T, 5)),
                      foreign=(ForeignSupply(2027, E, 15), ForeignSupply(2027, E, 5),
                               ForeignSupply(2026, E, 100)))
    row = next(r for r in forecast(plan).rows if r.role is E)
    assert (row.demand, row.foreign, row.supply, row.gap) == (200, 20, 20.0, 180.0)


@pytest.mark.parametrize(("year", "expected"), [(2026, 0.0), (2027, 12.0), (2029, 12.0),
                                                 (2030, 0.0)])
def test_programme_graduates_only_between_first_and_last(year: int, expected: float) -> None:
    """first_graduates and last_graduates are inclusive; outside them a course adds nothing."""
    plan = TalentPlan(year, year, programmes=(_programme(seats=40, first=2027, last=2029,
                                                         semi=0.6, stay=0.5),))
    assert forecast(plan).rows[0].domestic == expected


def test_faculty_opening_2027_counts_from_its_first_graduates() -> None:
    """A faculty that opens in April 2027 says first_graduates=2031; 2030 has nothing from it."""
    faculty = _programme(seats=60, first=2031, semi=0.5, stay=0.5)
    rows = forecast(TalentPlan(2030, 2031, programmes=(faculty,))).rows
    assert [r.domestic for r in rows] == [0.0, 15.0]


def test_domestic_sums_programmes_of_the_role() -> None:
    """Two engineer courses add up; a technician course goes to its own role."""
    plan = TalentPlan(2028, 2028, programmes=(
        _programme("a", seats=20, semi=0.5, stay=0.5),  # 5
        _programme("b", seats=100, semi=0.1, stay=0.5),  # 5
        _programme("c", role=T, seats=40, semi=1.0, stay=0.25)))  # 10
    rows = {r.role: r for r in forecast(plan).rows}
    assert rows[E].domestic == pytest.approx(10.0)
    assert rows[T].domestic == 10.0


def test_seat_change_counts_from_its_year() -> None:
    """Seats added from 2029 raise the graduates of 2029 on, not before."""
    p = Programme(id="p", prefecture="kumamoto", kind=ProgrammeKind.KOSEN, role=T, seats=40,
                  first_graduates=2027, semiconductor_share=0.5, stay_share=0.5,
                  seat_changes=(SeatChange(2029, 20),))
    assert [p.domestic_in(y) for y in (2028, 2029, 2030)] == [10.0, 15.0, 15.0]


def test_numbers_are_not_rounded() -> None:
    """A third of a person stays a third."""
    plan = TalentPlan(2030, 2030, programmes=(_programme(seats=1, first=2030, semi=1.0,
                                                         stay=1 / 3),))
    assert forecast(plan).rows[0].domestic == 1 / 3


def test_empty_plan_has_no_rows() -> None:
    """No row names a role, so there is nothing to forecast."""
    result = forecast(TalentPlan(2026, 2030))
    assert (result.rows, result.demand, result.supply, result.gap) == ((), 0, 0.0, 0.0)


@pytest.mark.parametrize(("build", "field"), [
    (lambda: TalentPlan(2030, 2029), "to_year"),
    (lambda: TalentPlan(2026, 2026, programmes=(_programme("x"), _programme("x"))),
     "programmes.1.id"),
    (lambda: _programme(semi=1.2), "semiconductor_share"),
    (lambda: _programme(stay=-0.1), "stay_share"),
    (lambda: _programme(seats=-1), "seats"),
    (lambda: _programme(first=2030, last=2029), "last_graduates"),
    (lambda: HiringPlan("A", 2026, E, -5), "hires"),
    (lambda: ForeignSupply(2026, E, -1), "people"),
    (lambda: HiringPlan("A", 2026, "welder", 1), "role"),  # type: ignore[arg-type]
    (lambda: Programme(id="p", prefecture="k", kind="school", role=E,  # type: ignore[arg-type]
                       seats=1, first_graduates=2027, semiconductor_share=0.1,
                       stay_share=0.1), "kind"),
])
def test_bad_values_name_their_field(build: object, field: str) -> None:
    """Every rule of the contract holds in the domain values too, naming the field."""
    with pytest.raises(InvalidInput) as info:
        build()  # type: ignore[operator]
    assert info.value.field == field


_roles = st.sampled_from(list(RoleFamily))
_years = st.integers(2025, 2030)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(demand=st.lists(st.builds(HiringPlan, st.just("E"), _years, _roles,
                                 st.integers(0, 500)), max_size=8),
       foreign=st.lists(st.builds(ForeignSupply, _years, _roles, st.integers(0, 50)),
                        max_size=5),
       seats=st.lists(st.tuples(_roles, st.integers(0, 200), _years,
                                st.floats(0, 1), st.floats(0, 1)), max_size=4))
def test_forecast_invariants(demand: list[HiringPlan], foreign: list[ForeignSupply],
                             seats: list[tuple[RoleFamily, int, int, float, float]]) -> None:
    """supply = domestic + foreign, gap = demand - supply, the cumulative gap is a running sum
    per role, the totals sum the rows, and every year has one row per role."""
    programmes = tuple(_programme(f"p{n}", role=r, seats=k, first=y, semi=a, stay=b)
                       for n, (r, k, y, a, b) in enumerate(seats))
    plan = TalentPlan(2025, 2030, demand=tuple(demand), programmes=programmes,
                      foreign=tuple(foreign))
    result = forecast(plan)
    assert len(result.rows) == 6 * len(plan.roles())
    running: dict[RoleFamily, float] = {}
    for r in result.rows:
        assert r.supply == r.domestic + r.foreign
        assert r.gap == r.demand - r.supply
        running[r.role] = running.get(r.role, 0.0) + r.gap
        assert r.cumulative_gap == running[r.role]
    assert result.demand == sum(d.hires for d in demand)
    assert result.supply == pytest.approx(sum(r.supply for r in result.rows))
