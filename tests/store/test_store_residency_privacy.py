"""Residency personal data at rest: no plaintext in a database dump, export, erasure."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from residency_store_builders import (
    BIRTH,
    COMPANY,
    DOCUMENT_BYTES,
    IMMIGRATION,
    KUMAMOTO_OFFICER,
    NAME,
    PASSPORT,
    cipher,
    decided_case,
    draft_case,
    plaintext_forms,
    raw_dump,
    ticking_clock,
    with_applicants,
)
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from kizuna.errors import InvalidInput
from kizuna.residency import (
    AuditAction,
    Programme,
    default_programmes,
    generate_cases,
    median_processing,
)
from kizuna.store import Organisation, OrganisationRepository, ResidencyRepository
from kizuna.store.residency import ApplicantRow, DocumentRow

PURPOSE = "data subject request"
ERASED_ON = date(2026, 2, 1)


@pytest.fixture
def kumamoto() -> Programme:
    """The shipped Kumamoto programme."""
    return default_programmes().get("kumamoto")


@pytest.fixture
def repo(sessions: sessionmaker[Session]) -> ResidencyRepository:
    """A repository over a database with one company registered."""
    with sessions() as s:
        OrganisationRepository(s).add(Organisation("kumamoto-chips", "Kumamoto Chips", "company"))
        s.commit()
    return ResidencyRepository(sessions, cipher(), now=ticking_clock())


def _save_with_document(repo: ResidencyRepository, programme: Programme) -> None:
    case = decided_case(programme)
    repo.save_case(case, "kumamoto-chips", IMMIGRATION,
                   {case.documents[0].sha256: DOCUMENT_BYTES})


def test_a_database_dump_holds_no_readable_personal_data(
        repo: ResidencyRepository, migrated: Engine, kumamoto: Programme) -> None:
    """Name, passport number, birth date and document bytes are absent from a plain dump."""
    _save_with_document(repo, kumamoto)
    repo.read_case("coe-1", IMMIGRATION, "review")  # a read writes an audit row, too
    dump = raw_dump(migrated)
    assert b"coe-1" in dump and b"v2:" in dump  # the dump does hold the case and its tokens
    secrets = (NAME, PASSPORT, BIRTH.isoformat(), BIRTH.strftime("%Y%m%d"), "Saigon Semi",
               "passport_nguyen", "meets the criteria")
    leaked = [form for form in plaintext_forms(*secrets) if form in dump]
    assert leaked == []
    assert DOCUMENT_BYTES not in dump


def test_export_returns_the_subjects_data_decrypted(repo: ResidencyRepository,
                                                     kumamoto: Programme) -> None:
    """The export holds the applicant's decrypted fields and documents; it is audited."""
    _save_with_document(repo, kumamoto)
    doc = repo.export_applicant("coe-1", COMPANY, PURPOSE)
    assert doc["case_id"] == "coe-1"
    assert doc["applicant"]["name"] == NAME
    assert doc["applicant"]["passport_number"] == PASSPORT
    assert doc["applicant"]["date_of_birth"] == BIRTH.isoformat()
    assert doc["applicant"]["work_history"][0]["employer"] == "Saigon Semi"
    assert [d["filename"] for d in doc["documents"]] == ["passport_nguyen.pdf", "tax.pdf"]
    last = repo.audit_log("coe-1")[-1]
    assert (last.event.action, last.event.actor_id, last.event.reason, last.allowed) == (
        AuditAction.EXPORT, COMPANY.actor_id, PURPOSE, True)


def test_erasure_removes_personal_data(repo: ResidencyRepository, migrated: Engine,
                                       sessions: sessionmaker[Session],
                                       kumamoto: Programme) -> None:
    """After erasure no applicant, document or decision text is left, even sealed."""
    _save_with_document(repo, kumamoto)
    with sessions() as s:
        tokens = [t.encode() for t in s.scalars(select(ApplicantRow.passport_number))]
    erased = repo.erase_applicant("coe-1", KUMAMOTO_OFFICER, PURPOSE, ERASED_ON)
    assert erased.applicant is None and erased.documents == ()
    assert erased.applicant_stats is not None and erased.applicant_stats.age_band == "20-29"
    back = repo.read_case("coe-1", IMMIGRATION, "audit check")
    assert back == erased
    assert back.decision is not None and back.decision.reason == "(erased)"
    with sessions() as s:
        assert s.scalars(select(ApplicantRow)).all() == []
        assert s.scalars(select(DocumentRow)).all() == []
    with pytest.raises(InvalidInput, match="erased"):
        repo.export_applicant("coe-1", COMPANY, PURPOSE)
    dump = raw_dump(migrated)
    assert tokens and not any(t in dump for t in tokens)
    assert [e.event.action for e in repo.audit_log("coe-1")][-3:] == [
        AuditAction.ERASE, AuditAction.READ, AuditAction.EXPORT]


def test_an_erased_case_can_still_be_saved(repo: ResidencyRepository,
                                           kumamoto: Programme) -> None:
    """An erased case is saved without its applicant; saving a live one without is refused."""
    draft = draft_case()
    repo.save_case(draft, "kumamoto-chips", COMPANY)
    with pytest.raises(InvalidInput, match="erase_applicant"):
        repo.save_case(repo.statistics_cases(COMPANY)[0], "kumamoto-chips", COMPANY)
    erased = repo.erase_applicant("coe-1", COMPANY, PURPOSE, ERASED_ON)
    filed = erased.file(date(2026, 2, 2), kumamoto)
    saved = repo.save_case(filed, "kumamoto-chips", COMPANY)
    assert saved == replace(filed, case_number="熊本-2026-0001")
    assert repo.read_case("coe-1", COMPANY, PURPOSE) == saved


def test_erasure_keeps_the_dashboards(repo: ResidencyRepository) -> None:
    """Median processing days are the same before and after erasing half the applicants."""
    programmes = [default_programmes().get("kumamoto")]
    cases = with_applicants(generate_cases(programmes, 2025, seed=11, cases_per_month=2))
    for case in cases:
        repo.save_case(case, "kumamoto-chips", IMMIGRATION)
    expected = median_processing(cases)
    assert len(expected) >= 6  # enough decided months to mean something
    assert median_processing(repo.statistics_cases(IMMIGRATION)) == expected
    for case in cases[::2]:
        repo.erase_applicant(case.case_id, IMMIGRATION, PURPOSE, ERASED_ON)
    after = repo.statistics_cases(IMMIGRATION)
    assert sum(c.applicant is None for c in after) == len(cases)  # the view never decrypts
    assert median_processing(after) == expected
    stats = {c.case_id: c.applicant_stats for c in after}
    assert all(s is not None and s.nationality == "VNM" for s in stats.values())
