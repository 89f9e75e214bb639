"""Tests for the access policy, export, erasure and audit events."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from residency_builders import VALID_NUMBER, draft_case

from kizuna.errors import InvalidInput
from kizuna.residency import (
    Actor,
    AuditAction,
    AuditEvent,
    Certification,
    ImmigrationDecision,
    Programme,
    Role,
    can_read,
    erase_applicant,
    export_applicant,
    median_processing,
)

OTHER_NUMBER = "8000012010038"
OWN = draft_case("own", "kumamoto", VALID_NUMBER)
ELSEWHERE = draft_case("other", "miyagi", OTHER_NUMBER)


@pytest.mark.parametrize(
    ("actor", "own", "elsewhere"),
    [
        (Actor("co", Role.COMPANY, corporate_number=VALID_NUMBER), True, False),
        (Actor("co2", Role.COMPANY, corporate_number=OTHER_NUMBER), False, True),
        (Actor("pk", Role.PREFECTURE_OFFICER, prefecture="kumamoto"), True, False),
        (Actor("pm", Role.PREFECTURE_OFFICER, prefecture="miyagi"), False, True),
        (Actor("imm", Role.IMMIGRATION_OFFICER), True, True),
        (Actor("x", Role.OTHER, corporate_number=VALID_NUMBER, prefecture="kumamoto"),
         False, False),
    ],
)
def test_can_read(actor: Actor, own: bool, elsewhere: bool) -> None:
    """Company: own cases; prefecture officer: own prefecture; immigration: all; others: none."""
    assert can_read(actor, OWN) is own
    assert can_read(actor, ELSEWHERE) is elsewhere


def test_policy_covers_certifications() -> None:
    """The same policy reads a company's certification case."""
    cert = Certification("k-1", "kumamoto", VALID_NUMBER)
    assert can_read(Actor("pk", Role.PREFECTURE_OFFICER, prefecture="kumamoto"), cert)
    assert not can_read(Actor("co2", Role.COMPANY, corporate_number=OTHER_NUMBER), cert)


def test_actor_needs_its_scope() -> None:
    """A company without a number or an officer without a prefecture is invalid."""
    with pytest.raises(InvalidInput):
        Actor("co", Role.COMPANY)
    with pytest.raises(InvalidInput):
        Actor("p", Role.PREFECTURE_OFFICER)


def test_export_contains_personal_data() -> None:
    """An export gives the applicant everything held about them, JSON-ready."""
    doc = export_applicant(OWN)
    assert doc["applicant"]["passport_number"] == "C1234567"
    assert doc["applicant"]["date_of_birth"] == "1996-04-12"
    assert doc["state"] == "draft"


def test_erasure_removes_personal_data_and_keeps_statistics(kumamoto: Programme) -> None:
    """Erased: no name, passport or birth date anywhere; statistics and timings remain."""
    case = (OWN.file(date(2025, 2, 1), kumamoto).start_review(date(2025, 2, 2))
            .decide(ImmigrationDecision("imm", date(2025, 2, 21), True,
                                        "Nguyen Thi Lan meets the criteria")))
    erased = erase_applicant(case, date(2025, 6, 1))
    assert erased.applicant is None
    for secret in ("Nguyen", "C1234567", "1996"):
        assert secret not in repr(erased)
    assert erased.applicant_stats is not None
    assert erased.applicant_stats.age_band == "20-29"
    assert erased.applicant_stats.nationality == "VNM"
    assert erased.processing_days() == case.processing_days() == 20
    assert median_processing([erased]) == median_processing([case])
    assert erase_applicant(erased, date(2025, 7, 1)) == erased  # idempotent
    with pytest.raises(InvalidInput, match="erased"):
        export_applicant(erased)


def test_audit_event_records_who_when_why_what() -> None:
    """An audit event serialises for the store and refuses naive times or no reason."""
    at = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
    event = AuditEvent("imm-1", at, "CoE review", AuditAction.READ, "c1",
                       ("passport_number",))
    assert event.to_json() == {"actor_id": "imm-1", "at": "2025-03-01T09:30:00+00:00",
                               "reason": "CoE review", "action": "read", "case_id": "c1",
                               "fields": ["passport_number"]}
    with pytest.raises(InvalidInput):
        AuditEvent("imm-1", datetime(2025, 3, 1), "x", AuditAction.READ, "c1")
    with pytest.raises(InvalidInput):
        AuditEvent("imm-1", at, " ", AuditAction.EXPORT, "c1")
