"""Tests for the company certification state machine."""

from __future__ import annotations

from datetime import date

import pytest
from residency_builders import VALID_NUMBER, facts

from kizuna.errors import InvalidInput, UnknownName
from kizuna.residency import (
    Certification,
    CertificationState,
    Programme,
    Rejection,
    add_months,
    check_company,
    default_programmes,
)

S = CertificationState


def _under_review() -> Certification:
    draft = Certification("k-1", "kumamoto", VALID_NUMBER)
    return draft.submit(date(2025, 1, 6)).start_review(date(2025, 1, 7))


def test_happy_path_to_certified(kumamoto: Programme) -> None:
    """draft -> submitted -> under_review -> certified, with number and validity."""
    draft = Certification("k-1", "kumamoto", VALID_NUMBER)
    submitted = draft.submit(date(2025, 1, 6))
    assert draft.state is S.DRAFT and submitted.state is S.SUBMITTED  # a new value each time
    certified = submitted.start_review(date(2025, 1, 7)).certify(
        "KUM-2025-001", date(2025, 1, 31), kumamoto, check_company(facts(), kumamoto))
    assert certified.state is S.CERTIFIED
    assert certified.certificate is not None
    assert certified.certificate.number == "KUM-2025-001"
    # 36 months from 31 Jan 2025, less a day.
    assert certified.certificate.valid_until == date(2028, 1, 30)
    assert certified.certified_on(date(2028, 1, 30))
    assert not certified.certified_on(date(2028, 1, 31))


def test_cannot_certify_with_open_or_failed_criteria(kumamoto: Programme) -> None:
    """Certification needs every criterion passed (officer criteria decided)."""
    failing = check_company(facts(tax_arrears=True), kumamoto)
    with pytest.raises(InvalidInput, match="NO_TAX_ARREARS"):
        _under_review().certify("N", date(2025, 2, 1), kumamoto, failing)


def test_reject_with_reasons_per_criterion(kumamoto: Programme) -> None:
    """A rejection carries a reason for each criterion not met; codes must exist."""
    reasons = (Rejection("NO_TAX_ARREARS", "prefectural tax unpaid for FY2023"),
               Rejection("STABLE_MANAGEMENT", "three loss-making years"))
    rejected = _under_review().reject(date(2025, 2, 1), reasons, kumamoto)
    assert rejected.state is S.REJECTED and rejected.rejections == reasons
    with pytest.raises(InvalidInput):
        _under_review().reject(date(2025, 2, 1), (), kumamoto)
    with pytest.raises(UnknownName):
        _under_review().reject(date(2025, 2, 1), (Rejection("NOPE", "x"),), kumamoto)
    with pytest.raises(InvalidInput):
        Rejection("NO_TAX_ARREARS", " ")


def test_expire_only_after_validity(kumamoto: Programme) -> None:
    """A certificate expires after its last valid day, not before."""
    certified = _under_review().certify("N", date(2025, 1, 31), kumamoto,
                                        check_company(facts(), kumamoto))
    with pytest.raises(InvalidInput, match="valid until"):
        certified.expire(date(2028, 1, 30))
    expired = certified.expire(date(2028, 1, 31))
    assert expired.state is S.EXPIRED and not expired.certified_on(date(2028, 1, 31))


def test_revoke_needs_a_reason(kumamoto: Programme) -> None:
    """The prefecture can revoke a certificate, saying why."""
    certified = _under_review().certify("N", date(2025, 1, 31), kumamoto,
                                        check_company(facts(), kumamoto))
    revoked = certified.revoke(date(2025, 6, 1), "false declaration")
    assert revoked.state is S.REVOKED and revoked.end_reason == "false declaration"
    assert not revoked.certified_on(date(2025, 6, 2))
    with pytest.raises(InvalidInput):
        certified.revoke(date(2025, 6, 1), "")


def test_illegal_transitions_raise(kumamoto: Programme) -> None:
    """Skipping or repeating a step is invalid input naming the states."""
    ok = check_company(facts(), kumamoto)
    draft = Certification("k-1", "kumamoto", VALID_NUMBER)
    with pytest.raises(InvalidInput, match="from draft"):
        draft.start_review(date(2025, 1, 1))
    with pytest.raises(InvalidInput):
        draft.certify("N", date(2025, 1, 1), kumamoto, ok)
    with pytest.raises(InvalidInput):
        draft.submit(date(2025, 1, 1)).submit(date(2025, 1, 2))
    with pytest.raises(InvalidInput):
        draft.submit(date(2025, 1, 5)).start_review(date(2025, 1, 4))
    rejected = _under_review().reject(date(2025, 2, 1), (Rejection("REGISTERED", "x"),),
                                      kumamoto)
    for step in (lambda c: c.revoke(date(2025, 3, 1), "x"),
                 lambda c: c.expire(date(2030, 1, 1))):
        with pytest.raises(InvalidInput):
            step(rejected)
    miyagi = default_programmes().get("miyagi")
    with pytest.raises(InvalidInput):
        _under_review().certify("N", date(2025, 2, 1), miyagi, check_company(facts(), miyagi))


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [(date(2025, 1, 31), 1, date(2025, 2, 28)), (date(2024, 1, 31), 1, date(2024, 2, 29)),
     (date(2024, 2, 29), 12, date(2025, 2, 28)), (date(2025, 11, 15), 3, date(2026, 2, 15))],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    """Adding months lands on the same day or the month's last day."""
    assert add_months(start, months) == expected
