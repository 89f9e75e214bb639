"""Company facts for certification, the immigration employer category, and the checks.

`check_company` runs every criterion of a prefecture's programme over a company's facts and
returns a `CompanyVerdict`: each check passes, fails or needs the officer's review, with a
one-line reason. Officer criteria are pre-screened (STABLE_MANAGEMENT by the programme's
`StableManagementRule`); the officer's `OfficerDecision` then settles them
(`apply_officer_decisions`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from enum import IntEnum, StrEnum

from kizuna.errors import InvalidInput
from kizuna.residency.corporate_number import has_valid_check_digit, require_thirteen_digits
from kizuna.residency.programme import JSIC_PATTERN, CriterionRule, Programme

__all__ = [
    "CATEGORY_2_WITHHOLDING_TAX_JPY",
    "CheckResult",
    "CompanyFacts",
    "CompanyVerdict",
    "CriterionCheck",
    "FinancialYear",
    "ImmigrationCategory",
    "OfficerDecision",
    "apply_officer_decisions",
    "check_company",
    "immigration_category",
    "prescreen_stable_management",
]

# Immigration's category 2 threshold: prior-year withholding tax on salaries (DOMAIN.md s5).
CATEGORY_2_WITHHOLDING_TAX_JPY = 10_000_000


class CheckResult(StrEnum):
    """The outcome of one criterion."""

    PASS = "pass"
    FAIL = "fail"
    NEEDS_REVIEW = "needs_review"


class ImmigrationCategory(IntEnum):
    """The employer category at immigration; 3 and 4 are the scheme's target."""

    LISTED = 1
    LARGE_WITHHOLDING = 2
    SMALL_WITHHOLDING = 3
    NO_RECORD = 4


@dataclass(frozen=True)
class FinancialYear:
    """One fiscal year's figures, in yen."""

    year: int
    net_sales_jpy: int
    operating_profit_jpy: int
    net_assets_jpy: int

    def __post_init__(self) -> None:
        if not 1900 <= self.year <= 2200:
            raise InvalidInput(f"financials.year: out of range: {self.year}", field="year")
        if self.net_sales_jpy < 0:
            raise InvalidInput("financials.net_sales_jpy: must not be negative",
                               field="net_sales_jpy")


@dataclass(frozen=True)
class CompanyFacts:
    """What a company declares or the prefecture verifies, as `check_company` needs it.

    ``withholding_tax_jpy`` is None when the company has no withholding record yet.
    ``client_site_prefectures`` and ``client_jsic`` describe a staffing firm's placement.
    """

    corporate_number: str
    registered: bool
    listed: bool
    office_prefectures: tuple[str, ...]
    jsic: str
    antisocial_ties: bool
    tax_arrears: bool
    withholding_tax_jpy: int | None
    financials: tuple[FinancialYear, ...] = ()
    client_jsic: str | None = None
    client_site_prefectures: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        require_thirteen_digits(self.corporate_number)
        for name, code in (("jsic", self.jsic), ("client_jsic", self.client_jsic)):
            if code is not None and not JSIC_PATTERN.match(code):
                raise InvalidInput(
                    f"{name}: must be a JSIC code like 'E28', got {code!r}", field=name
                )
        if self.withholding_tax_jpy is not None and self.withholding_tax_jpy < 0:
            raise InvalidInput("withholding_tax_jpy: must not be negative",
                               field="withholding_tax_jpy")
        years = [f.year for f in self.financials]
        if len(set(years)) != len(years):
            raise InvalidInput("financials: a year appears twice", field="financials")


@dataclass(frozen=True)
class CriterionCheck:
    """The result of one criterion, with its reason."""

    code: str
    result: CheckResult
    text: str


@dataclass(frozen=True)
class CompanyVerdict:
    """Every criterion's result for one company under one programme."""

    prefecture: str
    immigration_category: ImmigrationCategory
    checks: tuple[CriterionCheck, ...]

    def _codes(self, result: CheckResult) -> tuple[str, ...]:
        return tuple(sorted(c.code for c in self.checks if c.result is result))

    @property
    def failed(self) -> tuple[str, ...]:
        """Codes of the failed criteria, sorted."""
        return self._codes(CheckResult.FAIL)

    @property
    def needs_review(self) -> tuple[str, ...]:
        """Codes of the criteria awaiting an officer, sorted."""
        return self._codes(CheckResult.NEEDS_REVIEW)

    @property
    def eligible(self) -> bool:
        """True exactly when nothing failed and nothing awaits review."""
        return not self.failed and not self.needs_review

    def check(self, code: str) -> CriterionCheck:
        """The check of criterion ``code``."""
        for c in self.checks:
            if c.code == code:
                return c
        raise KeyError(code)


@dataclass(frozen=True)
class OfficerDecision:
    """A prefecture officer's decision on an officer criterion, with the evidence seen.

    ``evidence`` names what was examined (document SHA-256 hashes or titles), so the decision
    can be audited.
    """

    code: str
    result: CheckResult
    officer_id: str
    decided_on: date
    reason: str
    evidence: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.result is CheckResult.NEEDS_REVIEW:
            raise InvalidInput("decision.result: an officer decides pass or fail",
                               field="result")
        if not self.officer_id:
            raise InvalidInput("decision.officer_id: must not be empty", field="officer_id")
        if not self.reason.strip():
            raise InvalidInput("decision.reason: must not be empty", field="reason")
        if not self.evidence:
            raise InvalidInput("decision.evidence: name at least one item examined",
                               field="evidence")


def immigration_category(listed: bool, withholding_tax_jpy: int | None,
                         threshold_jpy: int = CATEGORY_2_WITHHOLDING_TAX_JPY,
                         ) -> ImmigrationCategory:
    """1 listed; 2 withholding >= threshold; 3 a smaller record; 4 no record yet (None)."""
    if listed:
        return ImmigrationCategory.LISTED
    if withholding_tax_jpy is None:
        return ImmigrationCategory.NO_RECORD
    if withholding_tax_jpy >= threshold_jpy:
        return ImmigrationCategory.LARGE_WITHHOLDING
    return ImmigrationCategory.SMALL_WITHHOLDING


def prescreen_stable_management(facts: CompanyFacts, programme: Programme) -> CriterionCheck:
    """Pass or needs_review by the programme's default rule; never fail (the officer judges)."""
    rule = programme.stable_management
    code = "STABLE_MANAGEMENT"
    if not facts.financials:
        return CriterionCheck(code, CheckResult.NEEDS_REVIEW,
                              "no financial statements given; the officer must judge")
    by_year = sorted(facts.financials, key=lambda f: f.year, reverse=True)
    latest = by_year[0]
    window = [f for f in by_year if f.year > latest.year - rule.profit_window_years]
    profitable = sum(1 for f in window if f.operating_profit_jpy > 0)
    assets_ok = latest.net_assets_jpy > 0 or not rule.require_positive_net_assets
    profit_ok = profitable >= rule.min_profitable_years
    if assets_ok and profit_ok:
        return CriterionCheck(
            code, CheckResult.PASS,
            f"net assets positive in {latest.year}; operating profit in {profitable} of the "
            f"last {rule.profit_window_years} years",
        )
    problems = []
    if not assets_ok:
        problems.append(f"net assets not positive in {latest.year}")
    if not profit_ok:
        problems.append(f"operating profit in {profitable} of the last "
                        f"{rule.profit_window_years} years (needs {rule.min_profitable_years})")
    return CriterionCheck(code, CheckResult.NEEDS_REVIEW,
                          "; ".join(problems) + "; the officer must judge")


def _yes(code: str, ok: bool, passed: str, failed: str) -> CriterionCheck:
    return CriterionCheck(code, CheckResult.PASS if ok else CheckResult.FAIL,
                          passed if ok else failed)


def _office(facts: CompanyFacts, programme: Programme) -> CriterionCheck:
    pref = programme.prefecture
    staffing = facts.jsic[:3] in programme.staffing_jsic
    sites = facts.client_site_prefectures if staffing else facts.office_prefectures
    where = "the client's site" if staffing else "an office"
    return _yes("OFFICE_IN_PREFECTURE", pref in {s.lower() for s in sites},
                f"{where} is in {pref}", f"{where} is not in {pref}")


def _industry(facts: CompanyFacts, programme: Programme) -> CriterionCheck:
    eligible = programme.eligible_jsic

    def covered(code: str) -> bool:
        return any(code.startswith(e) for e in eligible)

    listed = ", ".join(sorted(eligible))
    if covered(facts.jsic):
        return CriterionCheck("INDUSTRY", CheckResult.PASS, f"JSIC {facts.jsic} is eligible")
    if facts.jsic[:3] in programme.staffing_jsic:
        if facts.client_jsic is not None and covered(facts.client_jsic):
            return CriterionCheck(
                "INDUSTRY", CheckResult.PASS,
                f"staffing firm (JSIC {facts.jsic}) placing into eligible JSIC "
                f"{facts.client_jsic}")
        return CriterionCheck(
            "INDUSTRY", CheckResult.FAIL,
            f"staffing firm (JSIC {facts.jsic}) not placing into an eligible industry "
            f"({listed})")
    return CriterionCheck("INDUSTRY", CheckResult.FAIL,
                          f"JSIC {facts.jsic} is not among {listed}")


_AUTOMATIC: dict[str, Callable[[CompanyFacts, Programme], CriterionCheck]] = {
    "CORPORATE_NUMBER_VALID": lambda f, p: _yes(
        "CORPORATE_NUMBER_VALID", has_valid_check_digit(f.corporate_number),
        f"corporate number {f.corporate_number} has a valid check digit",
        f"corporate number {f.corporate_number} has a wrong check digit"),
    "REGISTERED": lambda f, p: _yes(
        "REGISTERED", f.registered, "commercially registered", "not commercially registered"),
    "NOT_LISTED": lambda f, p: _yes(
        "NOT_LISTED", not f.listed, "not listed on a stock exchange",
        "listed on a stock exchange (immigration category 1 is already fast)"),
    "OFFICE_IN_PREFECTURE": _office,
    "INDUSTRY": _industry,
    "NO_ANTISOCIAL_TIES": lambda f, p: _yes(
        "NO_ANTISOCIAL_TIES", not f.antisocial_ties, "declares no ties to organised crime",
        "ties to organised crime"),
    "NO_TAX_ARREARS": lambda f, p: _yes(
        "NO_TAX_ARREARS", not f.tax_arrears, "no unpaid local tax", "unpaid local tax"),
}

_PRESCREEN: dict[str, Callable[[CompanyFacts, Programme], CriterionCheck]] = {
    "STABLE_MANAGEMENT": prescreen_stable_management,
}


def check_company(facts: CompanyFacts, programme: Programme) -> CompanyVerdict:
    """Run every criterion of ``programme`` over ``facts``, in the programme's order."""
    checks: list[CriterionCheck] = []
    for criterion in programme.criteria:
        if criterion.rule is CriterionRule.AUTOMATIC:
            checks.append(_AUTOMATIC[criterion.code](facts, programme))
        elif criterion.code in _PRESCREEN:
            checks.append(_PRESCREEN[criterion.code](facts, programme))
        else:
            checks.append(CriterionCheck(criterion.code, CheckResult.NEEDS_REVIEW,
                                         "officer judgement required"))
    return CompanyVerdict(
        prefecture=programme.prefecture,
        immigration_category=immigration_category(facts.listed, facts.withholding_tax_jpy),
        checks=tuple(checks),
    )


def apply_officer_decisions(verdict: CompanyVerdict, programme: Programme,
                            decisions: Iterable[OfficerDecision]) -> CompanyVerdict:
    """The verdict with the officer's decisions replacing the pre-screen of their criteria.

    An officer decides officer criteria only; automatic results are facts, not judgement.
    """
    by_code: dict[str, OfficerDecision] = {}
    for d in decisions:
        if programme.criterion(d.code).rule is not CriterionRule.OFFICER:
            raise InvalidInput(f"decision.code: {d.code} is an automatic criterion",
                               field="code")
        by_code[d.code] = d
    checks = tuple(
        CriterionCheck(c.code, by_code[c.code].result,
                       f"officer {by_code[c.code].officer_id}: {by_code[c.code].reason}")
        if c.code in by_code else c
        for c in verdict.checks
    )
    return replace(verdict, checks=checks)
