"""Residency storage: round trips, state history, access control and the audit log, on SQLite
and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from residency_store_builders import (
    COMPANY,
    DOCUMENT_BYTES,
    IMMIGRATION,
    KUMAMOTO_CO,
    KUMAMOTO_OFFICER,
    MIYAGI_CO,
    MIYAGI_OFFICER,
    RIVAL,
    STRANGER,
    WRONG_KEY,
    cipher,
    decided_case,
    draft_case,
    ticking_clock,
)
from sqlalchemy.orm import Session, sessionmaker

from kizuna.errors import InvalidInput, PermissionDenied, UnknownName
from kizuna.residency import (
    Actor,
    AuditAction,
    CaseState,
    Certification,
    CheckResult,
    Document,
    ImmigrationDecision,
    OfficerDecision,
    Programme,
    Rejection,
    default_programmes,
)
from kizuna.store import Organisation, OrganisationRepository, ResidencyRepository

PURPOSE = "reviewing the application"


@pytest.fixture
def repo(sessions: sessionmaker[Session]) -> ResidencyRepository:
    """A repository over a database with two companies registered."""
    with sessions() as s:
        OrganisationRepository(s).add(Organisation("kumamoto-chips", "Kumamoto Chips", "company"))
        OrganisationRepository(s).add(Organisation("sendai-wafer", "Sendai Wafer", "company"))
        s.commit()
    return ResidencyRepository(sessions, cipher(), now=ticking_clock())


@pytest.fixture
def kumamoto() -> Programme:
    """The shipped Kumamoto programme."""
    return default_programmes().get("kumamoto")


@pytest.fixture
def miyagi() -> Programme:
    """The shipped Miyagi programme."""
    return default_programmes().get("miyagi")


def _save_through(repo: ResidencyRepository, kumamoto: Programme) -> None:
    """Save a case at every step of its life, each step by the actor who takes it."""
    case = draft_case()
    repo.save_case(case, "kumamoto-chips", COMPANY, {case.documents[0].sha256: DOCUMENT_BYTES})
    case = case.file(date(2025, 3, 3), kumamoto)
    repo.save_case(case, "kumamoto-chips", COMPANY)
    case = case.start_review(date(2025, 3, 4))
    repo.save_case(case, "kumamoto-chips", IMMIGRATION)
    case = case.request_documents(date(2025, 3, 10), ("tax certificate",))
    repo.save_case(case, "kumamoto-chips", IMMIGRATION)
    reply = Document.from_bytes("tax_certificate", "tax.pdf", b"tax 2024")
    case = case.receive_documents(date(2025, 3, 20), (reply,))
    repo.save_case(case, "kumamoto-chips", COMPANY, {reply.sha256: b"tax 2024"})
    case = case.decide(ImmigrationDecision(IMMIGRATION.actor_id, date(2025, 4, 1), True,
                                           "meets the criteria"))
    repo.save_case(case, "kumamoto-chips", IMMIGRATION)


def test_case_round_trip(repo: ResidencyRepository, kumamoto: Programme) -> None:
    """A decided case, with applicant, documents, pauses and decision, reads back equal."""
    case = decided_case(kumamoto)
    saved = repo.save_case(case, "kumamoto-chips", IMMIGRATION)
    assert saved == replace(case, case_number="熊本-2025-0001")
    assert repo.read_case("coe-1", IMMIGRATION, PURPOSE) == saved


def test_cases_are_numbered_per_prefecture_and_year(repo: ResidencyRepository,
                                                    kumamoto: Programme,
                                                    miyagi: Programme) -> None:
    """A draft has no number; filing gives the next of its prefecture's year, kept after."""
    draft = draft_case("coe-d")
    assert repo.save_case(draft, "kumamoto-chips", COMPANY).case_number is None
    numbers = []
    for case_id, programme, corp, org, filed in (
            ("coe-a", kumamoto, KUMAMOTO_CO, "kumamoto-chips", date(2025, 3, 3)),
            ("coe-b", miyagi, MIYAGI_CO, "sendai-wafer", date(2025, 3, 4)),
            ("coe-c", kumamoto, KUMAMOTO_CO, "kumamoto-chips", date(2025, 3, 5)),
            ("coe-e", kumamoto, KUMAMOTO_CO, "kumamoto-chips", date(2026, 1, 5))):
        case = draft_case(case_id, programme.prefecture, corp).file(filed, programme)
        numbers.append(repo.save_case(case, org, IMMIGRATION).case_number)
    filed = repo.save_case(draft.file(date(2025, 3, 6), kumamoto), "kumamoto-chips", COMPANY)
    assert numbers == ["熊本-2025-0001", "宮城-2025-0001", "熊本-2025-0002", "熊本-2026-0001"]
    assert filed.case_number == "熊本-2025-0003"
    review = repo.save_case(filed.start_review(date(2025, 3, 7)), "kumamoto-chips",
                            IMMIGRATION)
    assert review.case_number == "熊本-2025-0003"
    listed = {c.case_id: c.case_number for c in repo.statistics_cases(IMMIGRATION)}
    assert listed == {"coe-a": "熊本-2025-0001", "coe-b": "宮城-2025-0001",
                      "coe-c": "熊本-2025-0002", "coe-e": "熊本-2026-0001",
                      "coe-d": "熊本-2025-0003"}


def test_case_state_history(repo: ResidencyRepository, kumamoto: Programme) -> None:
    """Every saved change of state is recorded in order, with the actor who saved it."""
    _save_through(repo, kumamoto)
    history = repo.case_history("coe-1", COMPANY)
    assert [(h.state, h.actor_id) for h in history] == [
        ("draft", COMPANY.actor_id), ("filed", COMPANY.actor_id),
        ("under_review", IMMIGRATION.actor_id), ("awaiting_documents", IMMIGRATION.actor_id),
        ("under_review", COMPANY.actor_id), ("granted", IMMIGRATION.actor_id)]
    assert [h.seq for h in history] == [1, 2, 3, 4, 5, 6]
    assert history == sorted(history, key=lambda h: h.recorded_at)


def test_saving_the_same_state_adds_no_history(repo: ResidencyRepository) -> None:
    """Re-saving a case without a change of state updates it but adds no history entry."""
    case = draft_case()
    repo.save_case(case, "kumamoto-chips", COMPANY)
    repo.save_case(replace(case, job=replace(case.job, monthly_salary_jpy=400_000)),
                   "kumamoto-chips", COMPANY)
    assert len(repo.case_history("coe-1", COMPANY)) == 1
    assert repo.read_case("coe-1", COMPANY, PURPOSE).job.monthly_salary_jpy == 400_000


def test_document_bytes_round_trip(repo: ResidencyRepository, kumamoto: Programme) -> None:
    """Stored document bytes come back unaltered, each read audited."""
    _save_through(repo, kumamoto)
    sha = draft_case().documents[0].sha256
    assert repo.document_content("coe-1", sha, IMMIGRATION, "checking the passport") \
        == DOCUMENT_BYTES
    last = repo.audit_log("coe-1")[-1]
    assert (last.event.action, last.event.fields) == (AuditAction.READ, (f"document:{sha}",))


def test_document_bytes_must_match_the_hash(repo: ResidencyRepository) -> None:
    """Bytes that do not hash to the document's SHA-256 are refused."""
    case = draft_case()
    with pytest.raises(InvalidInput, match="do not match"):
        repo.save_case(case, "kumamoto-chips", COMPANY, {case.documents[0].sha256: b"forged"})


def test_document_without_bytes_is_unknown(repo: ResidencyRepository) -> None:
    """A document recorded by hash only has no content to read."""
    case = draft_case()
    repo.save_case(case, "kumamoto-chips", COMPANY)
    with pytest.raises(UnknownName, match="document content"):
        repo.document_content("coe-1", case.documents[0].sha256, COMPANY, PURPOSE)


def test_a_save_from_a_state_the_case_has_left_is_refused(repo: ResidencyRepository,
                                                          kumamoto: Programme) -> None:
    """Two answers to one document request: the second, made from a stale read, is refused."""
    asked = (draft_case().file(date(2025, 3, 3), kumamoto).start_review(date(2025, 3, 4))
             .request_documents(date(2025, 3, 10), ("tax certificate",)))
    repo.save_case(asked, "kumamoto-chips", IMMIGRATION)
    first, second = (Document.from_bytes("tax", f"tax-{i}.pdf", f"%PDF-{i}".encode())
                     for i in (1, 2))
    stale = repo.read_case("coe-1", COMPANY, PURPOSE)  # both requests read the same state
    answer = stale.receive_documents(date(2025, 3, 12), (first,))
    repo.save_case(answer, "kumamoto-chips", COMPANY, {first.sha256: b"%PDF-1"},
                   expected_state=CaseState.AWAITING_DOCUMENTS)
    late = stale.receive_documents(date(2025, 3, 12), (second,))
    with pytest.raises(InvalidInput, match="changed meanwhile") as caught:
        repo.save_case(late, "kumamoto-chips", COMPANY, {second.sha256: b"%PDF-2"},
                       expected_state=CaseState.AWAITING_DOCUMENTS)
    assert caught.value.field == "state"
    stored = repo.read_case("coe-1", IMMIGRATION, PURPOSE)
    assert [d.filename for d in stored.documents] == ["passport_nguyen.pdf", "tax-1.pdf"]


def test_certification_round_trip_and_history(repo: ResidencyRepository,
                                              kumamoto: Programme) -> None:
    """A rejected certification reads back equal, with its state history."""
    cert = Certification("cert-1", "kumamoto", KUMAMOTO_CO)
    repo.save_certification(cert, "kumamoto-chips", COMPANY)
    cert = cert.submit(date(2025, 1, 10))
    repo.save_certification(cert, "kumamoto-chips", COMPANY)
    cert = cert.start_review(date(2025, 1, 12)).reject(
        date(2025, 1, 30), (Rejection("NO_TAX_ARREARS", "unpaid 2023 tax"),), kumamoto)
    repo.save_certification(cert, "kumamoto-chips", KUMAMOTO_OFFICER)
    assert repo.get_certification("cert-1", COMPANY) == cert
    assert [(h.state, h.actor_id) for h in repo.certification_history("cert-1", COMPANY)] == [
        ("draft", COMPANY.actor_id), ("submitted", COMPANY.actor_id),
        ("rejected", KUMAMOTO_OFFICER.actor_id)]


def test_officer_decisions_round_trip(repo: ResidencyRepository) -> None:
    """The officer's decisions come back in order, with evidence, and are audited."""
    repo.save_certification(Certification("cert-1", "kumamoto", KUMAMOTO_CO),
                            "kumamoto-chips", COMPANY)
    first = OfficerDecision("STABLE_MANAGEMENT", CheckResult.FAIL, KUMAMOTO_OFFICER.actor_id,
                            date(2025, 1, 20), "losses", ("sha256:" + "a" * 64,))
    second = replace(first, result=CheckResult.PASS, decided_on=date(2025, 1, 25),
                     reason="new statements", evidence=("FY2024 statements",))
    repo.record_officer_decision("cert-1", first, KUMAMOTO_OFFICER)
    repo.record_officer_decision("cert-1", second, KUMAMOTO_OFFICER)
    assert repo.officer_decisions("cert-1", COMPANY) == (first, second)
    assert [(e.event.action, e.allowed) for e in repo.audit_log("cert-1")] == [
        (AuditAction.DECIDE, True), (AuditAction.DECIDE, True)]


@pytest.mark.parametrize("actor", [COMPANY, MIYAGI_OFFICER, IMMIGRATION],
                         ids=["company", "other-prefecture", "immigration"])
def test_only_the_prefecture_officer_decides_criteria(repo: ResidencyRepository,
                                                      actor: Actor) -> None:
    """Nobody but the case's prefecture officer records a criterion decision (denial audited)."""
    repo.save_certification(Certification("cert-1", "kumamoto", KUMAMOTO_CO),
                            "kumamoto-chips", COMPANY)
    decision = OfficerDecision("STABLE_MANAGEMENT", CheckResult.PASS, actor.actor_id,
                               date(2025, 1, 20), "fine", ("statements",))
    with pytest.raises(PermissionDenied):
        repo.record_officer_decision("cert-1", decision, actor)
    assert repo.officer_decisions("cert-1", IMMIGRATION) == ()
    assert [(e.event.actor_id, e.allowed) for e in repo.audit_log("cert-1")] == [
        (actor.actor_id, False)]


def test_every_read_is_audited(repo: ResidencyRepository, kumamoto: Programme) -> None:
    """N reads of personal data write N audit rows saying who, when, why and what."""
    repo.save_case(decided_case(kumamoto), "kumamoto-chips", IMMIGRATION)
    readers = [COMPANY, KUMAMOTO_OFFICER, IMMIGRATION, COMPANY, IMMIGRATION]
    for n, actor in enumerate(readers):
        repo.read_case("coe-1", actor, f"purpose {n}")
    reads = [e for e in repo.audit_log("coe-1") if e.event.action is AuditAction.READ]
    assert [(e.event.actor_id, e.event.reason, e.actor_role) for e in reads] == [
        (a.actor_id, f"purpose {n}", a.role.value) for n, a in enumerate(readers)]
    assert all(e.allowed and e.event.at.tzinfo is not None for e in reads)
    assert all({"name", "passport_number", "date_of_birth"} <= set(e.event.fields)
               for e in reads)
    assert all((e.organisation_id, e.prefecture) == ("kumamoto-chips", "kumamoto")
               for e in reads)
    times = [e.event.at for e in reads]
    assert times == sorted(times) and len(set(times)) == len(times)


def test_a_read_needs_a_purpose(repo: ResidencyRepository) -> None:
    """Reading personal data without saying why is refused, and nothing is disclosed."""
    repo.save_case(draft_case(), "kumamoto-chips", COMPANY)
    with pytest.raises(InvalidInput, match="say why"):
        repo.read_case("coe-1", COMPANY, "  ")
    assert repo.audit_log("coe-1") == []


def test_a_company_cannot_read_another_companys_case(repo: ResidencyRepository) -> None:
    """A rival company is denied the case, and the denial is in the audit log."""
    repo.save_case(draft_case(), "kumamoto-chips", COMPANY)
    with pytest.raises(PermissionDenied, match="hr@rival"):
        repo.read_case("coe-1", RIVAL, "curious")
    with pytest.raises(PermissionDenied):
        repo.export_applicant("coe-1", RIVAL, "curious")
    denied = repo.audit_log("coe-1")
    assert [(e.event.actor_id, e.event.action, e.allowed) for e in denied] == [
        (RIVAL.actor_id, AuditAction.READ, False), (RIVAL.actor_id, AuditAction.EXPORT, False)]
    assert repo.statistics_cases(RIVAL) == []


def test_a_prefecture_officer_sees_only_their_prefecture(repo: ResidencyRepository,
                                                         kumamoto: Programme,
                                                         miyagi: Programme) -> None:
    """The Kumamoto officer reads Kumamoto cases and is denied (and audited) for Miyagi's."""
    repo.save_case(decided_case(kumamoto, "coe-k"), "kumamoto-chips", IMMIGRATION)
    miyagi_case = replace(decided_case(miyagi, "coe-m"), employer=replace(
        decided_case(miyagi).employer, corporate_number=MIYAGI_CO))
    repo.save_case(miyagi_case, "sendai-wafer", IMMIGRATION)
    assert repo.read_case("coe-k", KUMAMOTO_OFFICER, PURPOSE).case_id == "coe-k"
    with pytest.raises(PermissionDenied):
        repo.read_case("coe-m", KUMAMOTO_OFFICER, PURPOSE)
    assert [c.case_id for c in repo.statistics_cases(KUMAMOTO_OFFICER)] == ["coe-k"]
    assert [c.case_id for c in repo.statistics_cases(MIYAGI_OFFICER)] == ["coe-m"]
    assert [(e.event.actor_id, e.allowed) for e in repo.audit_log("coe-m")
            if e.event.action is AuditAction.READ] == [(KUMAMOTO_OFFICER.actor_id, False)]


def test_an_immigration_officer_sees_every_case(repo: ResidencyRepository,
                                                kumamoto: Programme, miyagi: Programme) -> None:
    """Immigration reads cases of every prefecture and company."""
    repo.save_case(decided_case(kumamoto, "coe-k"), "kumamoto-chips", IMMIGRATION)
    miyagi_case = replace(decided_case(miyagi, "coe-m"), employer=replace(
        decided_case(miyagi).employer, corporate_number=MIYAGI_CO))
    saved = repo.save_case(miyagi_case, "sendai-wafer", IMMIGRATION)
    assert repo.read_case("coe-m", IMMIGRATION, PURPOSE) == saved
    assert saved == replace(miyagi_case, case_number="宮城-2025-0001")
    assert [c.case_id for c in repo.statistics_cases(IMMIGRATION)] == ["coe-k", "coe-m"]


def test_nobody_else_sees_anything(repo: ResidencyRepository, kumamoto: Programme) -> None:
    """An actor with no role in the scheme reads, exports, erases and lists nothing."""
    repo.save_case(decided_case(kumamoto), "kumamoto-chips", IMMIGRATION)
    repo.save_certification(Certification("cert-1", "kumamoto", KUMAMOTO_CO),
                            "kumamoto-chips", COMPANY)
    for attempt in (lambda: repo.read_case("coe-1", STRANGER, PURPOSE),
                    lambda: repo.export_applicant("coe-1", STRANGER, PURPOSE),
                    lambda: repo.erase_applicant("coe-1", STRANGER, PURPOSE, date(2025, 5, 1)),
                    lambda: repo.case_history("coe-1", STRANGER),
                    lambda: repo.get_certification("cert-1", STRANGER)):
        with pytest.raises(PermissionDenied):
            attempt()
    assert repo.statistics_cases(STRANGER) == []
    assert repo.read_case("coe-1", IMMIGRATION, PURPOSE).applicant is not None  # not erased
    assert {(e.event.action, e.allowed) for e in repo.audit_log("coe-1")
            if e.event.actor_id == STRANGER.actor_id} == {
        (AuditAction.READ, False), (AuditAction.EXPORT, False), (AuditAction.ERASE, False)}


def test_a_company_cannot_write_into_another_companys_case(repo: ResidencyRepository) -> None:
    """Saving a case of another corporate number is denied."""
    with pytest.raises(PermissionDenied):
        repo.save_case(draft_case(), "kumamoto-chips", RIVAL)
    with pytest.raises(UnknownName):
        repo.read_case("coe-1", IMMIGRATION, PURPOSE)


def test_only_immigration_decides_a_case(repo: ResidencyRepository, kumamoto: Programme) -> None:
    """A company saving its own case as granted is denied and audited; the state is kept."""
    case = decided_case(kumamoto)
    undecided = replace(case, state=type(case.state).UNDER_REVIEW, decision=None)
    repo.save_case(undecided, "kumamoto-chips", COMPANY)
    with pytest.raises(PermissionDenied, match="decision"):
        repo.save_case(case, "kumamoto-chips", COMPANY)
    assert repo.read_case("coe-1", IMMIGRATION, PURPOSE).state.value == "under_review"
    decide = [e for e in repo.audit_log("coe-1") if e.event.action is AuditAction.DECIDE]
    assert [(e.event.actor_id, e.allowed) for e in decide] == [(COMPANY.actor_id, False)]


def test_a_case_stays_with_its_organisation(repo: ResidencyRepository) -> None:
    """A case saved for one organisation cannot be re-saved under another."""
    repo.save_case(draft_case(), "kumamoto-chips", COMPANY)
    with pytest.raises(InvalidInput, match="another organisation"):
        repo.save_case(draft_case(), "sendai-wafer", IMMIGRATION)


def test_unknown_organisation_and_case(repo: ResidencyRepository) -> None:
    """An unknown tenant or case id is an UnknownName, not a crash."""
    with pytest.raises(UnknownName, match="organisation"):
        repo.save_case(draft_case(), "nobody", COMPANY)
    with pytest.raises(UnknownName, match="case"):
        repo.read_case("missing", IMMIGRATION, PURPOSE)


def test_wrong_key_cannot_read(repo: ResidencyRepository, sessions: sessionmaker[Session]
                               ) -> None:
    """With another data key the sealed fields do not decrypt (InvalidInput, no plaintext)."""
    repo.save_case(draft_case(), "kumamoto-chips", COMPANY)
    other = ResidencyRepository(sessions, cipher(WRONG_KEY), now=ticking_clock())
    with pytest.raises(InvalidInput, match="cannot decrypt"):
        other.read_case("coe-1", COMPANY, PURPOSE)

