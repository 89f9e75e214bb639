"""Tests for kizuna.residency.company: every criterion passes and fails, categories, officers."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from residency_builders import facts

from kizuna.errors import InvalidInput
from kizuna.residency import (
    CheckResult,
    FinancialYear,
    ImmigrationCategory,
    OfficerDecision,
    Programme,
    apply_officer_decisions,
    check_company,
    immigration_category,
)

PASS, FAIL, REVIEW = CheckResult.PASS, CheckResult.FAIL, CheckResult.NEEDS_REVIEW


def test_example_company_is_eligible(kumamoto: Programme) -> None:
    """The issue's example company passes every Kumamoto criterion, in the programme's order."""
    verdict = check_company(facts(), kumamoto)
    assert verdict.eligible
    assert [c.code for c in verdict.checks] == list(kumamoto.codes)
    assert all(c.result is PASS and c.text for c in verdict.checks)
    assert verdict.immigration_category is ImmigrationCategory.SMALL_WITHHOLDING


FAILING: list[tuple[str, dict[str, Any]]] = [
    ("CORPORATE_NUMBER_VALID", {"corporate_number": "1000012050002"}),
    ("REGISTERED", {"registered": False}),
    ("NOT_LISTED", {"listed": True}),
    ("OFFICE_IN_PREFECTURE", {"office_prefectures": ("fukuoka", "miyagi")}),
    ("OFFICE_IN_PREFECTURE", {"office_prefectures": ()}),
    ("INDUSTRY", {"jsic": "E29"}),
    ("INDUSTRY", {"jsic": "G41"}),
    ("NO_ANTISOCIAL_TIES", {"antisocial_ties": True}),
    ("NO_TAX_ARREARS", {"tax_arrears": True}),
]


@pytest.mark.parametrize(("code", "change"), FAILING, ids=[f[0] for f in FAILING])
def test_each_automatic_criterion_fails_alone(
    kumamoto: Programme, code: str, change: dict[str, Any]
) -> None:
    """Breaking one fact fails exactly its criterion and makes the company ineligible."""
    verdict = check_company(facts(**change), kumamoto)
    assert verdict.failed == (code,)
    assert verdict.needs_review == ()
    assert not verdict.eligible
    assert verdict.check(code).result is FAIL


@pytest.mark.parametrize("jsic", ["E28", "E30", "G37", "G39", "G40", "E281", "G3911"])
def test_eligible_industries_pass(kumamoto: Programme, jsic: str) -> None:
    """Every eligible JSIC medium group, and codes narrowed below it, pass INDUSTRY."""
    assert check_company(facts(jsic=jsic), kumamoto).check("INDUSTRY").result is PASS


def test_staffing_firm_placing_into_eligible_industry_passes(kumamoto: Programme) -> None:
    """A staffing firm passes INDUSTRY and OFFICE on its client's industry and site."""
    staffing = facts(jsic="R91", client_jsic="E28", office_prefectures=("tokyo",),
                     client_site_prefectures=("kumamoto",))
    verdict = check_company(staffing, kumamoto)
    assert verdict.check("INDUSTRY").result is PASS
    assert verdict.check("OFFICE_IN_PREFECTURE").result is PASS


def test_staffing_firm_fails_on_client_industry_or_site(kumamoto: Programme) -> None:
    """A staffing firm placing into another industry, or at a site elsewhere, fails."""
    wrong_industry = facts(jsic="R91", client_jsic="I58", client_site_prefectures=("kumamoto",))
    assert check_company(wrong_industry, kumamoto).failed == ("INDUSTRY",)
    no_client = facts(jsic="R91", client_site_prefectures=("kumamoto",))
    assert check_company(no_client, kumamoto).failed == ("INDUSTRY",)
    own_office_only = facts(jsic="R91", client_jsic="G39", office_prefectures=("kumamoto",),
                            client_site_prefectures=("tokyo",))
    assert check_company(own_office_only, kumamoto).failed == ("OFFICE_IN_PREFECTURE",)


def test_several_failures_are_sorted(kumamoto: Programme) -> None:
    """``failed`` lists every failed code, sorted."""
    verdict = check_company(facts(tax_arrears=True, listed=True, registered=False), kumamoto)
    assert verdict.failed == ("NOT_LISTED", "NO_TAX_ARREARS", "REGISTERED")


FY = FinancialYear


@pytest.mark.parametrize(
    ("financials", "expected"),
    [
        ((FY(2024, 1, 5, 100), FY(2023, 1, -5, 90)), PASS),  # profit in the latest year
        ((FY(2024, 1, -5, 100), FY(2023, 1, 5, 90)), PASS),  # profit the year before
        ((FY(2024, 1, -5, 100), FY(2023, 1, -5, 90)), REVIEW),  # no profit in two years
        ((FY(2024, 1, 5, 0), FY(2023, 1, 5, 90)), REVIEW),  # net assets not positive
        ((FY(2024, 1, 5, -1), FY(2023, 1, 5, 90)), REVIEW),
        ((FY(2024, 1, -5, 100), FY(2022, 1, 5, 90)), REVIEW),  # 2022 is outside the window
        ((FY(2023, 1, 5, 100), FY(2024, 1, -1, -1)), REVIEW),  # latest by year, not order
        ((), REVIEW),
    ],
)
def test_stable_management_prescreen(
    kumamoto: Programme, financials: tuple[FinancialYear, ...], expected: CheckResult
) -> None:
    """Pass: positive net assets in the latest year and a profit in one of the last two."""
    verdict = check_company(facts(financials=financials), kumamoto)
    assert verdict.check("STABLE_MANAGEMENT").result is expected
    assert verdict.failed == ()
    assert verdict.eligible is (expected is PASS)
    assert verdict.needs_review == (() if expected is PASS else ("STABLE_MANAGEMENT",))


def _decision(result: CheckResult, code: str = "STABLE_MANAGEMENT") -> OfficerDecision:
    return OfficerDecision(code, result, "officer-7", date(2025, 3, 1),
                           "consultant report reviewed", ("sha256:ab12",))


def test_officer_decision_settles_review(kumamoto: Programme) -> None:
    """An officer's pass makes a reviewed company eligible; a fail makes it fail."""
    loss = (FY(2024, 1, -5, 100), FY(2023, 1, -5, 90))
    verdict = check_company(facts(financials=loss), kumamoto)
    passed = apply_officer_decisions(verdict, kumamoto, [_decision(PASS)])
    assert passed.eligible and "officer-7" in passed.check("STABLE_MANAGEMENT").text
    failed = apply_officer_decisions(verdict, kumamoto, [_decision(FAIL)])
    assert failed.failed == ("STABLE_MANAGEMENT",) and failed.needs_review == ()


def test_officer_cannot_override_automatic_check(kumamoto: Programme) -> None:
    """Automatic criteria are facts; an officer decision on one is invalid input."""
    verdict = check_company(facts(listed=True), kumamoto)
    with pytest.raises(InvalidInput, match="automatic"):
        apply_officer_decisions(verdict, kumamoto, [_decision(PASS, "NOT_LISTED")])


@pytest.mark.parametrize("change", [{"evidence": ()}, {"reason": " "}, {"officer_id": ""},
                                    {"result": REVIEW}])
def test_officer_decision_needs_evidence_reason_and_outcome(change: dict[str, Any]) -> None:
    """A decision records who, why, on what evidence, and a pass or fail."""
    base: dict[str, Any] = {"code": "STABLE_MANAGEMENT", "result": PASS,
                            "officer_id": "o", "decided_on": date(2025, 1, 1),
                            "reason": "ok", "evidence": ("x",)}
    with pytest.raises(InvalidInput):
        OfficerDecision(**{**base, **change})


@pytest.mark.parametrize(
    ("listed", "withholding", "category"),
    [
        (True, None, 1), (True, 50_000_000, 1),
        (False, 10_000_000, 2), (False, 25_000_000, 2),
        (False, 9_999_999, 3), (False, 0, 3),
        (False, None, 4),
    ],
)
def test_immigration_category(listed: bool, withholding: int | None, category: int) -> None:
    """1 listed; 2 withholding >= ¥10M; 3 a record below; 4 no record."""
    assert immigration_category(listed, withholding) == category


@pytest.mark.parametrize("change", [{"jsic": "semiconductor"}, {"corporate_number": "123"},
                                    {"withholding_tax_jpy": -1},
                                    {"financials": (FY(2024, 1, 1, 1), FY(2024, 1, 1, 1))}])
def test_malformed_facts_are_invalid_input(change: dict[str, Any]) -> None:
    """Malformed facts raise InvalidInput instead of producing a verdict."""
    with pytest.raises(InvalidInput):
        facts(**change)
