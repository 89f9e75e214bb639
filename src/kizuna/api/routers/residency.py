"""Residency fast track: certifications and CoE cases, read through the audited repository.

Companies file certification applications (their facts in the ``check-company`` contract) and
CoE cases; prefecture officers review the applications of their prefecture (officer criteria,
certify, reject); immigration officers list cases with their deadline status, request
documents and decide. Lists and the dashboard run on the anonymised statistics view; anything
that opens an applicant's personal data is an audited read (``read_case``) with a purpose.

Who may read a case is :func:`kizuna.residency.access.can_read` (applied and audited by
:class:`kizuna.store.ResidencyRepository`): a company its own cases, a prefecture officer
their prefecture's, an immigration officer every case. Every other role is an actor with no
access (administrators included: they run the service, they do not read personal data).
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import asdict, replace
from datetime import date
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from kizuna.api.deps import AppState, Principal, State, UserCaller, roles
from kizuna.api.errors import ErrorOut, error_body
from kizuna.errors import Conflict, Infeasible, InvalidInput
from kizuna.residency.access import Actor, Role
from kizuna.residency.certification import Certification, CertificationState, Rejection
from kizuna.residency.coe import (
    Applicant,
    CaseState,
    CoeCase,
    Document,
    Employer,
    ImmigrationDecision,
    Job,
)
from kizuna.residency.company import (
    CheckResult,
    OfficerDecision,
    apply_officer_decisions,
    check_company,
)
from kizuna.residency.contract import CheckCompanyRequest
from kizuna.residency.contract import verdict_json as company_json
from kizuna.residency.dashboard import median_processing, open_cases
from kizuna.residency.programme import Programme, default_programmes
from kizuna.residency.uploads import (
    MEDIA_TYPES,
    UnsupportedFileType,
    UploadTooLarge,
    check_upload,
    extension,
    sniff_media_type,
)
from kizuna.store.accounts import AccountRole
from kizuna.store.residency import CertificationRecord, DocumentSummary, ResidencyRepository

__all__ = ["DOCUMENT_UPLOAD_PATH", "MAX_DOCUMENTS_PER_UPLOAD", "actor_for", "router",
           "upload_request_bytes"]

#: The upload endpoint's path (a regular expression), for the request-size limit.
DOCUMENT_UPLOAD_PATH = r"^/api/v1/residency/cases/[^/]+/documents$"
MAX_DOCUMENTS_PER_UPLOAD = 5


def upload_request_bytes(max_document_bytes: int) -> int:
    """The largest request body of an upload: every file at the limit, base64, plus JSON."""
    return MAX_DOCUMENTS_PER_UPLOAD * (-(-max_document_bytes // 3) * 4) + 65_536

router = APIRouter(prefix="/residency", tags=["residency"])

_ROLES = {AccountRole.COMPANY: Role.COMPANY,
          AccountRole.PREFECTURE_OFFICER: Role.PREFECTURE_OFFICER,
          AccountRole.IMMIGRATION_OFFICER: Role.IMMIGRATION_OFFICER}


def actor_for(caller: Principal) -> Actor:
    """The residency actor a signed-in user is."""
    role = _ROLES.get(caller.role) if caller.role is not None else None
    if role is None:
        return Actor(caller.subject, Role.OTHER)
    return Actor(caller.subject, role, corporate_number=caller.corporate_number,
                 prefecture=caller.prefecture)


Company = Annotated[Principal, Depends(roles(AccountRole.COMPANY))]
Officer = Annotated[Principal, Depends(roles(AccountRole.PREFECTURE_OFFICER))]
Immigration = Annotated[Principal, Depends(roles(AccountRole.IMMIGRATION_OFFICER))]
Member = Annotated[Principal, Depends(roles(AccountRole.COMPANY, AccountRole.PREFECTURE_OFFICER,
                                            AccountRole.IMMIGRATION_OFFICER))]
_TOKYO = ZoneInfo("Asia/Tokyo")
_STRICT = ConfigDict(frozen=True, extra="forbid", strict=True)


def _today(app: AppState) -> date:
    """The service's date in Japan (dates of filings and decisions are Japanese dates)."""
    return app.now().astimezone(_TOKYO).date()


def _repository(app: AppState) -> ResidencyRepository:
    if app.cipher is None:
        raise Infeasible("the residency store has no data key configured "
                         "(KIZUNA_DATA_KEY or data_key_file)")
    return ResidencyRepository(app.sessions, app.cipher, now=app.now)


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, bytes):
        return None
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return value


@router.get("/certifications/{case_id}")
def get_certification(case_id: str, app: State, caller: UserCaller) -> dict[str, Any]:
    """A company certification the caller may see (403 otherwise)."""
    cert = _repository(app).get_certification(case_id, actor_for(caller))
    return dict(_plain(asdict(cert)))


@router.get("/cases/{case_id}")
def read_case(case_id: str, app: State, caller: UserCaller,
              purpose: Annotated[str, Query(min_length=3, max_length=200)]) -> dict[str, Any]:
    """A CoE case with its applicant's personal data: an audited read, ``purpose`` recorded."""
    case = _repository(app).read_case(case_id, actor_for(caller), purpose)
    return dict(_plain(asdict(case)))


@router.get("/cases/{case_id}/history")
def case_history(case_id: str, app: State, caller: UserCaller) -> list[dict[str, Any]]:
    """The saved states of a case, oldest first."""
    history = _repository(app).case_history(case_id, actor_for(caller))
    return [{"seq": h.seq, "state": h.state, "actor_id": h.actor_id,
             "recorded_at": h.recorded_at.isoformat()} for h in history]


# -- certification applications ------------------------------------------------------------
class OfficerDecisionIn(BaseModel):
    """A prefecture officer's decision on one officer criterion."""

    model_config = _STRICT

    code: Annotated[StrictStr, Field(pattern=r"^[A-Z][A-Z0-9_]*$", max_length=64)]
    result: Literal["pass", "fail"]
    reason: Annotated[StrictStr, Field(min_length=1, max_length=2000)]
    evidence: Annotated[list[Annotated[StrictStr, Field(min_length=1, max_length=200)]],
                        Field(min_length=1, max_length=20)]


class CertifyIn(BaseModel):
    """Certify: the certificate number (the service numbers it when omitted)."""

    model_config = _STRICT

    number: Annotated[StrictStr, Field(min_length=1, max_length=64)] | None = None


class RejectionIn(BaseModel):
    """Why one criterion was not met."""

    model_config = _STRICT

    code: Annotated[StrictStr, Field(pattern=r"^[A-Z][A-Z0-9_]*$", max_length=64)]
    reason: Annotated[StrictStr, Field(min_length=1, max_length=2000)]


class RejectIn(BaseModel):
    """Reject, with a reason per criterion not met."""

    model_config = _STRICT

    rejections: Annotated[list[RejectionIn], Field(min_length=1, max_length=20)]


def _programme(prefecture: str) -> Programme:
    return default_programmes().get(prefecture)


def _record_json(repo: ResidencyRepository, rec: CertificationRecord,
                 actor: Actor) -> dict[str, Any]:
    """A certification with the verdict on its facts after the officers' decisions."""
    cert = rec.certification
    programme = _programme(cert.prefecture)
    decisions = repo.officer_decisions(cert.case_id, actor)
    verdict = None
    if rec.facts is not None:
        facts = CheckCompanyRequest.model_validate(rec.facts).to_facts()
        verdict = company_json(apply_officer_decisions(check_company(facts, programme),
                                                       programme, decisions))
    return {**_plain(asdict(cert)), "organisation_id": rec.organisation_id,
            "facts": rec.facts, "verdict": verdict,
            "criteria": [{"code": c.code, "rule": c.rule.value, "text_en": c.text_en,
                          "text_ja": c.text_ja or c.text_en} for c in programme.criteria],
            "decisions": [_plain(asdict(d)) for d in decisions]}


def _verdict(repo: ResidencyRepository, rec: CertificationRecord, actor: Actor,
             programme: Programme) -> Any:
    if rec.facts is None:
        raise InvalidInput(f"certification {rec.certification.case_id}: filed without facts",
                           field="facts")
    facts = CheckCompanyRequest.model_validate(rec.facts).to_facts()
    return apply_officer_decisions(check_company(facts, programme), programme,
                                   repo.officer_decisions(rec.certification.case_id, actor))


@router.get("/certifications")
def list_certifications(
        app: State, caller: Member,
        state: Annotated[list[CertificationState] | None, Query()] = None,
) -> list[dict[str, Any]]:
    """The certifications the caller may see (officers' review queue: ``state=submitted``)."""
    repo, actor = _repository(app), actor_for(caller)
    found = repo.certifications(actor, None if not state else frozenset(state))
    return [_record_json(repo, r, actor) for r in found]


@router.post("/certifications", status_code=201)
def create_certification(body: CheckCompanyRequest, app: State,
                         caller: Company) -> dict[str, Any]:
    """A company's certification application (draft) with its facts; the verdict pre-screens."""
    if body.corporate_number != caller.corporate_number:
        raise HTTPException(403, f"{caller.subject} may file only for its own corporate number")
    if caller.organisation_id is None:
        raise HTTPException(403, f"{caller.subject} belongs to no organisation")
    prefecture = body.prefecture.lower()
    _programme(prefecture)
    check_company(body.to_facts(), _programme(prefecture))  # facts the domain accepts
    repo, actor = _repository(app), actor_for(caller)
    cert = Certification(f"cert-{prefecture}-{uuid.uuid4().hex[:10]}", prefecture,
                         body.corporate_number)
    repo.save_certification(cert, caller.organisation_id, actor,
                            facts=body.model_dump(mode="json"))
    return _record_json(repo, repo.certification_record(cert.case_id, actor), actor)


@router.post("/certifications/{case_id}/submit")
def submit_certification(case_id: str, app: State, caller: Company) -> dict[str, Any]:
    """The company files its draft application with the prefecture."""
    repo, actor = _repository(app), actor_for(caller)
    rec = repo.certification_record(case_id, actor)
    repo.save_certification(rec.certification.submit(_today(app)), rec.organisation_id, actor)
    return _record_json(repo, repo.certification_record(case_id, actor), actor)


def _under_review(app: AppState, repo: ResidencyRepository, case_id: str,
                  actor: Actor) -> CertificationRecord:
    """The officer takes a submitted application (submitted -> under review)."""
    rec = repo.certification_record(case_id, actor)
    if rec.certification.state is CertificationState.SUBMITTED:
        cert = rec.certification.start_review(_today(app))
        repo.save_certification(cert, rec.organisation_id, actor)
        rec = replace(rec, certification=cert)
    return rec


@router.post("/certifications/{case_id}/decisions")
def decide_criterion(case_id: str, body: OfficerDecisionIn, app: State,
                     caller: Officer) -> dict[str, Any]:
    """Record the officer's decision on an officer criterion (audited)."""
    repo, actor = _repository(app), actor_for(caller)
    rec = repo.certification_record(case_id, actor)
    programme = _programme(rec.certification.prefecture)
    decision = OfficerDecision(body.code, CheckResult(body.result), actor.actor_id,
                               _today(app), body.reason, tuple(body.evidence))
    # Refuses an automatic criterion (or an unknown code) before anything is recorded.
    apply_officer_decisions(_verdict(repo, rec, actor, programme), programme, (decision,))
    rec = _under_review(app, repo, case_id, actor)
    if rec.certification.state is not CertificationState.UNDER_REVIEW:
        raise InvalidInput(f"certification {case_id}: not open for review "
                           f"({rec.certification.state.value})", field="state")
    repo.record_officer_decision(case_id, decision, actor)
    return _record_json(repo, repo.certification_record(case_id, actor), actor)


@router.post("/certifications/{case_id}/certify")
def certify(case_id: str, body: CertifyIn, app: State, caller: Officer) -> dict[str, Any]:
    """Issue the certificate: every criterion passed (after the officer's decisions)."""
    repo, actor = _repository(app), actor_for(caller)
    rec = _under_review(app, repo, case_id, actor)
    cert = rec.certification
    programme = _programme(cert.prefecture)
    today = _today(app)
    number = body.number or f"{cert.prefecture[:2].upper()}-{today.year}-{case_id[-6:].upper()}"
    certified = cert.certify(number, today, programme, _verdict(repo, rec, actor, programme))
    repo.save_certification(certified, rec.organisation_id, actor)
    return _record_json(repo, repo.certification_record(case_id, actor), actor)


@router.post("/certifications/{case_id}/reject")
def reject(case_id: str, body: RejectIn, app: State, caller: Officer) -> dict[str, Any]:
    """Refuse the application, with a reason per criterion not met."""
    repo, actor = _repository(app), actor_for(caller)
    rec = _under_review(app, repo, case_id, actor)
    cert = rec.certification
    rejected = cert.reject(_today(app), tuple(Rejection(r.code, r.reason)
                                              for r in body.rejections),
                           _programme(cert.prefecture))
    repo.save_certification(rejected, rec.organisation_id, actor)
    return _record_json(repo, repo.certification_record(case_id, actor), actor)


# -- CoE cases ------------------------------------------------------------------------------
class ApplicantIn(BaseModel):
    """The foreign engineer (personal data: sealed at rest, read only through audited reads)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    nationality: Annotated[StrictStr, Field(pattern=r"^[A-Z]{3}$")]
    name: Annotated[StrictStr, Field(min_length=1, max_length=200)]
    date_of_birth: date
    sex: Literal["F", "M", "X"]
    passport_number: Annotated[StrictStr, Field(pattern=r"^[A-Z0-9]{5,12}$")]
    passport_expiry: date
    purpose: Annotated[StrictStr, Field(min_length=1, max_length=200)] = "engineer"
    planned_entry_date: date
    planned_entry_port: Annotated[StrictStr, Field(min_length=1, max_length=100)]
    education: Annotated[StrictStr, Field(min_length=1, max_length=100)]
    major: Annotated[StrictStr, Field(min_length=1, max_length=200)]
    qualifications: Annotated[list[Annotated[StrictStr, Field(max_length=200)]],
                              Field(max_length=20)] = Field(default_factory=list)


class EmployerIn(BaseModel):
    """The hiring company's figures (its corporate number is the caller's)."""

    model_config = _STRICT

    capital_jpy: Annotated[StrictInt, Field(ge=0)]
    net_sales_jpy: Annotated[StrictInt, Field(ge=0)]
    employees: Annotated[StrictInt, Field(ge=1)]
    foreign_employees: Annotated[StrictInt, Field(ge=0)]


class JobIn(BaseModel):
    """The offered position."""

    model_config = _STRICT

    title: Annotated[StrictStr, Field(min_length=1, max_length=200)]
    duties: Annotated[StrictStr, Field(min_length=1, max_length=2000)]
    monthly_salary_jpy: Annotated[StrictInt, Field(gt=0)]
    contract_months: Annotated[StrictInt, Field(ge=1)] | None = None


class CaseIn(BaseModel):
    """A company's CoE case: filed at once, the clock starting today."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    applicant: ApplicantIn
    employer: EmployerIn
    job: JobIn


class DocumentRequestIn(BaseModel):
    """Immigration asks the company for documents (the clock pauses)."""

    model_config = _STRICT

    items: Annotated[list[Annotated[StrictStr, Field(min_length=1, max_length=200)]],
                     Field(min_length=1, max_length=20)]


class DecisionIn(BaseModel):
    """Immigration's decision."""

    model_config = _STRICT

    granted: StrictBool
    reason: Annotated[StrictStr, Field(min_length=1, max_length=2000)]


def _documents_json(c: CoeCase,
                    index: Mapping[str, Sequence[DocumentSummary]] | None) -> list[Any]:
    """A case's documents without their (sealed) file names: kind, SHA-256, size."""
    if index is None:
        return [{"kind": d.kind, "sha256": d.sha256, "size_bytes": d.size_bytes}
                for d in c.documents]
    return [{"kind": d.kind, "sha256": d.sha256, "size_bytes": d.size_bytes}
            for d in index.get(c.case_id, ())]


def _case_rows(cases: list[CoeCase], on: date,
               index: Mapping[str, Sequence[DocumentSummary]] | None = None,
               ) -> list[dict[str, Any]]:
    """Case summaries without personal data; open cases with their deadline status.

    ``documents`` come from ``index`` when given (the anonymised cases carry none), else from
    the cases themselves.
    """
    status = {r.case_id: r for r in open_cases(cases, on)}
    rows = []
    for c in cases:
        r = status.get(c.case_id)
        stats = c.applicant_stats
        rows.append({
            "case_id": c.case_id, "prefecture": c.prefecture,
            "corporate_number": c.corporate_number, "state": c.state.value,
            "filed_on": _plain(c.filed_on), "certified_company": c.certified_company,
            "target_days": None if c.clock is None else c.clock.target_days,
            "days_elapsed": None if r is None else r.days_elapsed,
            "status": None if r is None else r.status.value,
            "paused": None if c.clock is None else c.clock.paused,
            "due_on": None if c.clock is None or not c.is_open else _plain(c.clock.due_on()),
            "decided_on": None if c.decision is None else _plain(c.decision.decided_on),
            "granted": None if c.decision is None else c.decision.granted,
            "nationality": None if stats is None else stats.nationality,
            "requests": [_plain(asdict(q)) for q in c.requests],
            "documents": _documents_json(c, index)})
    order = {"breached": 0, "at_risk": 1, "on_track": 2}
    return sorted(rows, key=lambda x: (order.get(str(x["status"]), 3),
                                       -(x["days_elapsed"] or 0), x["case_id"]))


@router.get("/cases")
def list_cases(app: State, caller: Member,
               scope: Annotated[Literal["open", "all"], Query()] = "open",
               ) -> list[dict[str, Any]]:
    """The cases the caller may see, without personal data, most urgent first.

    ``status`` is the deadline clock's (``on_track``, ``at_risk``, ``breached``) for open cases.
    """
    repo, actor = _repository(app), actor_for(caller)
    cases = repo.statistics_cases(actor)
    if scope == "open":
        cases = [c for c in cases if c.is_open]
    return _case_rows(cases, _today(app), repo.document_index(actor))


@router.post("/cases", status_code=201)
def create_case(body: CaseIn, app: State, caller: Company) -> dict[str, Any]:
    """File a CoE case for the company; the fast-track target applies with a valid certificate."""
    if caller.organisation_id is None or caller.corporate_number is None:
        raise HTTPException(403, f"{caller.subject} belongs to no company")
    if caller.prefecture is None:
        raise InvalidInput("the company's organisation has no prefecture", field="prefecture")
    repo, actor, today = _repository(app), actor_for(caller), _today(app)
    programme = _programme(caller.prefecture)
    certified = [r.certification.certificate for r in repo.certifications(
        actor, frozenset({CertificationState.CERTIFIED}))
        if r.certification.prefecture == programme.prefecture
        and r.certification.certified_on(today)]
    a = body.applicant
    case = CoeCase(
        case_id=f"coe-{programme.prefecture}-{uuid.uuid4().hex[:10]}",
        prefecture=programme.prefecture,
        employer=Employer(caller.corporate_number, **body.employer.model_dump()),
        job=Job(**body.job.model_dump()),
        applicant=Applicant(**{**a.model_dump(), "qualifications": tuple(a.qualifications)}),
        certificate=certified[-1] if certified else None,
    ).file(today, programme)
    repo.save_case(case, caller.organisation_id, actor)
    return _case_rows([case], today)[0]


def _open_for_decision(app: AppState, case_id: str, actor: Actor,
                       purpose: str) -> tuple[ResidencyRepository, str, CoeCase, CaseState]:
    """The repository, the case's organisation, the case under review and its stored state
    (what the save expects: a decision that committed meanwhile wins, this one gets 409)."""
    repo = _repository(app)
    organisation = repo.case_organisation(case_id, actor)
    case = repo.read_case(case_id, actor, purpose)  # audited: the officer opens the file
    stored = case.state
    if case.state is CaseState.FILED:
        case = case.start_review(_today(app))
    return repo, organisation, case, stored


@router.post("/cases/{case_id}/request-documents")
def request_documents(case_id: str, body: DocumentRequestIn, app: State,
                      caller: Immigration) -> dict[str, Any]:
    """Ask the company for documents; the deadline clock pauses (audited read)."""
    actor = actor_for(caller)
    repo, organisation, case, stored = _open_for_decision(app, case_id, actor,
                                                          "request documents")
    case = case.request_documents(_today(app), tuple(body.items))
    repo.save_case(case, organisation, actor, expected_state=stored)
    return _case_rows([case], _today(app))[0]


@router.post("/cases/{case_id}/decide")
def decide_case(case_id: str, body: DecisionIn, app: State,
                caller: Immigration) -> dict[str, Any]:
    """Grant or refuse the CoE (audited read and decision)."""
    actor = actor_for(caller)
    repo, organisation, case, stored = _open_for_decision(app, case_id, actor,
                                                          "decide the case")
    case = case.decide(ImmigrationDecision(actor.actor_id, _today(app), body.granted,
                                           body.reason))
    repo.save_case(case, organisation, actor, expected_state=stored)
    return _case_rows([case], _today(app))[0]


# -- documents the company supplies ---------------------------------------------------------
class UploadedDocumentIn(BaseModel):
    """One file: what it is, its name, and its bytes in base64 (PDF, PNG or JPEG)."""

    model_config = _STRICT

    kind: Annotated[StrictStr, Field(min_length=1, max_length=64,
                                     pattern=r"^[^\x00-\x1f\x7f]+$")]
    filename: Annotated[StrictStr, Field(min_length=1, max_length=200)]
    content_base64: Annotated[StrictStr, Field(min_length=1)]


class DocumentsIn(BaseModel):
    """The documents answering immigration's request (the case goes back under review)."""

    model_config = _STRICT

    documents: Annotated[list[UploadedDocumentIn],
                         Field(min_length=1, max_length=MAX_DOCUMENTS_PER_UPLOAD)]


def _decoded(body: DocumentsIn, max_bytes: int) -> list[tuple[Document, bytes]]:
    """Each file decoded and checked (type by magic bytes, size, name), as a document."""
    files = []
    for i, d in enumerate(body.documents):
        field = f"documents.{i}"
        if len(d.content_base64) > -(-max_bytes // 3) * 4 + 4:
            raise UploadTooLarge(f"{field}.content_base64: over the {max_bytes:,}-byte limit",
                                 field=f"{field}.content_base64")
        try:
            content = base64.b64decode(d.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput(f"{field}.content_base64: not base64",
                               field=f"{field}.content_base64") from None
        check_upload(d.filename, content, max_bytes, field)
        files.append((Document.from_bytes(d.kind, d.filename, content), content))
    return files


@router.post("/cases/{case_id}/documents", response_model=None, responses={
    415: {"model": ErrorOut, "description": "a file that is not a PDF, PNG or JPEG"}})
def supply_documents(case_id: str, body: DocumentsIn, app: State,
                     caller: Company) -> dict[str, Any] | JSONResponse:
    """The company uploads the documents immigration asked for (only while they are asked).

    PDF, PNG or JPEG (by their first bytes), each at most ``max_document_bytes``; stored
    sealed like other personal data. The case goes back under review and its clock runs
    again. 413 for a file over the limit, 415 for another type, each naming the field.
    """
    try:
        files = _decoded(body, app.settings.max_document_bytes)
    except UploadTooLarge as exc:
        return JSONResponse(error_body(str(exc), exc.field), status_code=413)
    except UnsupportedFileType as exc:
        return JSONResponse(error_body(str(exc), exc.field), status_code=415)
    if len({doc.sha256 for doc, _ in files}) != len(files):
        raise InvalidInput("documents: the same file twice", field="documents")
    repo, actor, today = _repository(app), actor_for(caller), _today(app)
    organisation = repo.case_organisation(case_id, actor)  # 403 for another company's case
    case = repo.read_case(case_id, actor, "supply documents")
    if case.state is not CaseState.AWAITING_DOCUMENTS:
        raise Conflict(f"case {case_id}: no documents are requested ({case.state.value})",
                           field="state")
    known = {d.sha256 for d in case.documents}
    if any(doc.sha256 in known for doc, _ in files):
        raise InvalidInput("documents: a file already supplied for this case",
                           field="documents")
    case = case.receive_documents(today, tuple(doc for doc, _ in files))
    repo.save_case(case, organisation, actor, {doc.sha256: content for doc, content in files},
                   expected_state=CaseState.AWAITING_DOCUMENTS)  # not twice at once
    return _case_rows([case], today)[0]


@router.get("/cases/{case_id}/documents/{sha256}", response_class=Response,
            responses={200: {"content": {t: {} for t in (*MEDIA_TYPES,
                                                         "application/octet-stream")}}})
def document_file(case_id: str,
                  sha256: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")],
                  app: State, caller: Member,
                  purpose: Annotated[str, Query(min_length=3, max_length=200)]) -> Response:
    """The bytes of one document of a case: an audited read, ``purpose`` recorded."""
    content = _repository(app).document_content(case_id, sha256, actor_for(caller), purpose)
    media_type = sniff_media_type(content) or "application/octet-stream"
    ext = extension(media_type) if media_type in MEDIA_TYPES else "bin"
    name = f"document-{sha256[:12]}.{ext}"
    return Response(content, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"})


# -- dashboard ------------------------------------------------------------------------------
@router.get("/dashboard")
def dashboard(app: State, caller: Member) -> dict[str, Any]:
    """Open, at-risk and breached cases, and median processing days per prefecture and month.

    Runs on the anonymised statistics view of the cases the caller may see (not audited:
    nothing personal is opened).
    """
    cases = _repository(app).statistics_cases(actor_for(caller))
    today = _today(app)
    rows = open_cases(cases, today)
    programmes = default_programmes()
    prefectures = sorted({c.prefecture for c in cases})
    by_prefecture = {p: {"open": sum(1 for r in rows if r.prefecture == p),
                         "at_risk": sum(1 for r in rows if r.prefecture == p
                                        and r.status.value == "at_risk"),
                         "breached": sum(1 for r in rows if r.prefecture == p
                                         and r.status.value == "breached")}
                     for p in prefectures}
    targets = {p: programmes.get(p).target_processing_days for p in prefectures
               if p in programmes.by_prefecture}
    return {"on": today.isoformat(), "open": len(rows),
            "at_risk": sum(1 for r in rows if r.status.value == "at_risk"),
            "breached": sum(1 for r in rows if r.status.value == "breached"),
            "by_prefecture": by_prefecture, "target_days": targets,
            "medians": [asdict(m) for m in median_processing(cases)]}


@router.get("/profile")
def profile(app: State, caller: Member) -> dict[str, Any]:
    """The caller's residency role, prefecture, corporate number and programme (for the pages).

    ``uploads`` gives the document upload limits (size per file, files per upload, types).
    """
    programmes = default_programmes()
    prefecture = caller.prefecture or ""
    programme = (programmes.get(prefecture) if prefecture in programmes.by_prefecture
                 else None)
    return {"role": None if caller.role is None else caller.role.value,
            "prefecture": caller.prefecture, "corporate_number": caller.corporate_number,
            "organisation_id": caller.organisation_id,
            "uploads": {"max_document_bytes": app.settings.max_document_bytes,
                        "max_documents": MAX_DOCUMENTS_PER_UPLOAD,
                        "media_types": list(MEDIA_TYPES)},
            "programme": None if programme is None else {
                "prefecture": programme.prefecture, "name_ja": programme.name_ja,
                "target_processing_days": programme.target_processing_days,
                "criteria": [{"code": c.code, "rule": c.rule.value, "text_en": c.text_en,
                              "text_ja": c.text_ja or c.text_en}
                             for c in programme.criteria]}}
