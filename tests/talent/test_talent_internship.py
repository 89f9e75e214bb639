"""Tests for the internship match: feasibility, least cost, explanations."""

from __future__ import annotations

from datetime import date

import pytest

from kizuna.errors import InvalidInput
from kizuna.talent.internship import (
    PLACE_MISMATCH_COST,
    InternshipPlace,
    StudentApplication,
    match_internships,
)
from kizuna.talent.model import RoleFamily
from kizuna.talent.published import demo_internships

E, T = RoleFamily.ENGINEER, RoleFamily.TECHNICIAN
AUG1, AUG31 = date(2027, 8, 1), date(2027, 8, 31)


def _student(sid: str, role: RoleFamily = E, town: str = "菊陽町",
             start: date = AUG1, end: date = AUG31) -> StudentApplication:
    return StudentApplication(sid, role, town, start, end)


def _place(pid: str, role: RoleFamily = E, town: str = "菊陽町", start: date = date(2027, 8, 2),
           end: date = date(2027, 8, 21), slots: int = 1) -> InternshipPlace:
    return InternshipPlace(pid, "Employer", role, town, start, end, slots)


def test_one_slot_goes_to_the_student_in_its_town() -> None:
    """Two engineers, one place in 菊陽町: the local student gets it, the other is told why."""
    result = match_internships([_student("far", town="熊本市"), _student("near")], [_place("p")])
    assert [(a.student_id, a.cost) for a in result.assignments] == [("near", 0)]
    assert [(u.student_id, u.reason) for u in result.unmatched] == [
        ("far", "every place this student could take went to another student")]


def test_solver_maximises_matches_before_cost() -> None:
    """'a' gives up its free local place (cost 0) for one 7 dearer, so 'b' is placed too."""
    places = [_place("p1"), _place("p2", town="熊本市", start=date(2027, 9, 1),
                                    end=date(2027, 9, 20))]
    students = [_student("a", end=date(2027, 9, 30)), _student("b")]  # b: August only
    result = match_internships(students, places)
    assert {a.student_id: a.place_id for a in result.assignments} == {"a": "p2", "b": "p1"}
    assert result.total_cost == PLACE_MISMATCH_COST
    assert result.unmatched == ()


def test_forced_choice_costs_are_hand_computed() -> None:
    """Only p2 suits 'x' (role), so 'y' pays the town penalty at p1 and days it misses."""
    places = [_place("p1", town="合志市"), _place("p2", role=T)]
    students = [_student("x", role=T), _student("y", start=date(2027, 8, 5))]
    result = match_internships(students, places)
    by = {a.student_id: a for a in result.assignments}
    assert by["x"].place_id == "p2" and by["x"].cost == 0
    # p1 runs 2-21 August (20 days); y is available from the 5th: 17 days, 3 missed.
    assert (by["y"].place_id, by["y"].overlap_days, by["y"].cost) == (
        "p1", 17, PLACE_MISMATCH_COST + 3)
    assert by["y"].reasons[1] == f"in 合志市, not 菊陽町 (+{PLACE_MISMATCH_COST})"
    assert result.total_cost == PLACE_MISMATCH_COST + 3


def test_unmatched_reasons_name_the_role_and_dates() -> None:
    """No place for the role, and no place overlapping the dates, are told apart."""
    result = match_internships(
        [_student("op", role=RoleFamily.OPERATOR), _student("late", start=date(2027, 8, 18))],
        [_place("p")], min_overlap_days=10)
    assert dict((u.student_id, u.reason) for u in result.unmatched) == {
        "op": "no place offers role operator",
        "late": "no engineer place overlaps the available dates by 10 days"}


def test_slots_hold_several_students() -> None:
    """A place with two slots takes two students."""
    result = match_internships([_student("a"), _student("b")], [_place("p", slots=2)])
    assert sorted(a.student_id for a in result.assignments) == ["a", "b"]


def test_empty_inputs_give_an_empty_match() -> None:
    """No students or no places: nothing to assign, nothing crashes."""
    assert match_internships([], [_place("p")]).assignments == ()
    assert len(match_internships([_student("a")], []).unmatched) == 1


def test_bad_values_are_refused() -> None:
    """A period ending before it starts, no slots, or a student twice are bad input."""
    with pytest.raises(InvalidInput):
        _student("a", start=AUG31, end=AUG1)
    with pytest.raises(InvalidInput):
        _place("p", slots=0)
    with pytest.raises(InvalidInput):
        match_internships([_student("a"), _student("a")], [_place("p")])


def test_demo_data_is_matched_and_explained() -> None:
    """The illustrative demo places five of its seven students, each with three reasons."""
    demo = demo_internships()
    result = match_internships(demo.applications, demo.places, demo.min_overlap_days)
    assert len(result.assignments) == 5
    assert all(len(a.reasons) == 3 for a in result.assignments)
    assert {u.student_id for u in result.unmatched} == {"S-03", "S-06"}
