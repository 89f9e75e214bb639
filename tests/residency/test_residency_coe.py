"""Tests for Certificate of Eligibility cases: states, documents, clock and targets."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from residency_builders import applicant, draft_case

from kizuna.errors import InvalidInput
from kizuna.residency import (
    CaseState,
    Certificate,
    ClockStatus,
    Document,
    ImmigrationDecision,
    Programme,
)


def _cert(valid_until: date = date(2027, 12, 31)) -> Certificate:
    return Certificate("KUM-1", date(2025, 1, 1), valid_until)


def test_certified_company_runs_on_the_30_day_target(kumamoto: Programme) -> None:
    """A valid certificate at filing gives the fast-track target; none gives the standard."""
    fast = draft_case(certificate=_cert()).file(date(2025, 3, 1), kumamoto)
    assert fast.certified_company and fast.clock is not None and fast.clock.target_days == 30
    slow = draft_case().file(date(2025, 3, 1), kumamoto)
    assert not slow.certified_company and slow.clock is not None
    assert slow.clock.target_days == 90
    lapsed = draft_case(certificate=_cert(date(2025, 2, 28))).file(date(2025, 3, 1), kumamoto)
    assert not lapsed.certified_company


def test_document_request_pauses_the_clock(kumamoto: Programme) -> None:
    """Waiting for the company's documents stops the clock; receiving them restarts it."""
    paper = Document.from_bytes("tax_certificate", "tax.pdf", b"%PDF-1.7 tax")
    case = (draft_case(certificate=_cert()).file(date(2025, 1, 31), kumamoto)
            .start_review(date(2025, 2, 3))
            .request_documents(date(2025, 2, 10), ("tax certificate",)))
    assert case.state is CaseState.AWAITING_DOCUMENTS and case.is_open
    case = case.receive_documents(date(2025, 2, 20), (paper,))
    assert case.state is CaseState.UNDER_REVIEW
    assert case.requests[-1].received_on == date(2025, 2, 20)
    assert case.documents[-1] == paper
    assert case.clock is not None and case.clock.status(date(2025, 3, 13)) is ClockStatus.BREACHED
    granted = case.decide(ImmigrationDecision("imm-1", date(2025, 3, 12), True, "meets criteria"))
    assert granted.state is CaseState.GRANTED and not granted.is_open
    assert granted.processing_days() == 30


def test_refusal_and_withdrawal(kumamoto: Programme) -> None:
    """An officer may refuse; a company may withdraw an open case; both close it."""
    filed = draft_case().file(date(2025, 4, 1), kumamoto)
    refused = filed.start_review(date(2025, 4, 2)).decide(
        ImmigrationDecision("imm-1", date(2025, 4, 30), False, "duties do not match"))
    assert refused.state is CaseState.REFUSED and refused.processing_days() == 29
    withdrawn = filed.withdraw(date(2025, 4, 3))
    assert withdrawn.state is CaseState.WITHDRAWN and withdrawn.processing_days() is None
    with pytest.raises(InvalidInput):
        withdrawn.start_review(date(2025, 4, 4))


def test_illegal_case_transitions(kumamoto: Programme) -> None:
    """Deciding a draft, requesting documents before review, or receiving unasked ones fail."""
    draft = draft_case()
    decision = ImmigrationDecision("imm-1", date(2025, 4, 30), True, "ok")
    with pytest.raises(InvalidInput, match="from draft"):
        draft.decide(decision)
    filed = draft.file(date(2025, 4, 1), kumamoto)
    with pytest.raises(InvalidInput):
        filed.request_documents(date(2025, 4, 2), ("x",))
    with pytest.raises(InvalidInput):
        filed.file(date(2025, 4, 2), kumamoto)
    review = filed.start_review(date(2025, 4, 2))
    with pytest.raises(InvalidInput):
        review.receive_documents(date(2025, 4, 3), (Document.from_bytes("x", "x", b"x"),))
    with pytest.raises(InvalidInput):
        review.request_documents(date(2025, 4, 3), ())
    with pytest.raises(InvalidInput):
        review.decide(ImmigrationDecision("imm-1", date(2025, 3, 1), True, "before filing"))
    with pytest.raises(InvalidInput):
        draft_case(prefecture="miyagi").file(date(2025, 4, 1), kumamoto)


def test_document_hash_identifies_the_bytes() -> None:
    """A document is its SHA-256: the same bytes match, altered bytes do not."""
    doc = Document.from_bytes("passport_scan", "p.jpg", b"\xff\xd8 image")
    assert doc.sha256 == hashlib.sha256(b"\xff\xd8 image").hexdigest()
    assert doc.size_bytes == 8 and doc.matches(b"\xff\xd8 image")
    assert not doc.matches(b"\xff\xd8 imagE")
    with pytest.raises(InvalidInput):
        Document("x", "x", "not-a-hash", 1)


@pytest.mark.parametrize(
    "change",
    [{"nationality": "Vietnam"}, {"name": " "}, {"sex": "female"},
     {"passport_number": "c-123"}, {"passport_expiry": date(1990, 1, 1)}],
)
def test_applicant_validation(change: dict[str, object]) -> None:
    """Malformed personal data is invalid input naming the field."""
    with pytest.raises(InvalidInput):
        applicant(**change)


def test_case_due_date_counts_pauses(kumamoto: Programme) -> None:
    """The due date moves by the paused days."""
    case = (draft_case(certificate=_cert()).file(date(2025, 5, 1), kumamoto)
            .start_review(date(2025, 5, 2))
            .request_documents(date(2025, 5, 10), ("contract",))
            .receive_documents(date(2025, 5, 17), (Document.from_bytes("c", "c", b"c"),)))
    assert case.clock is not None
    assert case.clock.due_on() == date(2025, 5, 1) + timedelta(days=37)
