"""Storage for the foreign-engineer fast track: tables and the audited repository.

Company certifications (with officer decisions and state history), Certificate of Eligibility
cases (with state history), their documents, the applicants and an audit log. Every row carries
its tenant: the company's ``organisation_id`` and the ``prefecture``.

Personal data is encrypted at rest with :class:`kizuna.residency.crypto.FieldCipher`
(AES-256-GCM, each field bound to its name): the applicant's name, birth date and passport
number each in their own column, every other applicant field in one sealed ``details`` token,
document file names and contents, and the immigration decision's free-text reason. What stays
readable is what the dashboards need: states, dates, clocks, employer and job figures, and
anonymised statistics (nationality, sex, age band at filing, education).

Reading personal data goes through :class:`ResidencyRepository` only, which asks for an
:class:`~kizuna.residency.access.Actor` and a purpose, applies
:func:`~kizuna.residency.access.can_read`, and writes an audit row for every read, export,
erasure and decision, allowed or denied. The repository runs each call in its own transaction
(it takes a ``sessionmaker``), so an allowed read commits its audit row before any plaintext
is returned, and a denial's audit row is committed before :class:`PermissionDenied` is raised.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    select,
    text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from kizuna.errors import Conflict, InvalidInput, PermissionDenied, UnknownName
from kizuna.residency.access import Actor, Role, can_read
from kizuna.residency.certification import (
    Certificate,
    Certification,
    CertificationState,
    Rejection,
)
from kizuna.residency.coe import (
    Applicant,
    ApplicantStats,
    CaseState,
    CoeCase,
    Document,
    DocumentRequest,
    Employer,
    ImmigrationDecision,
    Job,
    WorkHistoryEntry,
)
from kizuna.residency.company import CheckResult, OfficerDecision
from kizuna.residency.crypto import FieldCipher, load_keyring
from kizuna.residency.deadline import DeadlineClock, Pause
from kizuna.residency.privacy import (
    AuditAction,
    AuditEvent,
    age_band,
    erase_applicant,
    export_applicant,
)
from kizuna.store.engine import lock_for_write
from kizuna.store.tables import OrganisationRow, Record

__all__ = [
    "PERSONAL_COLUMNS",
    "ApplicantRow",
    "AuditEntry",
    "AuditRow",
    "CertificationEventRow",
    "CertificationRecord",
    "CertificationRow",
    "CoeCaseEventRow",
    "CoeCaseRow",
    "DocumentRow",
    "DocumentSummary",
    "OfficerDecisionRow",
    "ResidencyRepository",
    "StateChange",
    "cipher_from_environment",
]

# What an audited read of a case discloses (column names of the sealed fields).
PERSONAL_COLUMNS = ("name", "date_of_birth", "passport_number", "applicant_details",
                    "document_filename", "decision_reason")
_HIDDEN_REASON = "(sealed)"  # a decision's reason in the anonymised statistics view


def _org_fk() -> Mapped[str]:
    return mapped_column(String(64), ForeignKey("organisations.id", ondelete="CASCADE"),
                         index=True)


# -- tables ---------------------------------------------------------------------------------
class CertificationRow(Record):
    """A company's certification case at a prefecture (no personal data)."""

    __tablename__ = "residency_certifications"

    case_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    organisation_id: Mapped[str] = _org_fk()
    prefecture: Mapped[str] = mapped_column(String(40), index=True)
    corporate_number: Mapped[str] = mapped_column(String(13), index=True)
    state: Mapped[str] = mapped_column(String(20))
    submitted_on: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    certificate: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    rejections: Mapped[list[Any]]
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str] = mapped_column(Text)
    # The application's company facts, in the check-company JSON contract (no personal data).
    facts: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class CertificationEventRow(Record):
    """One saved state of a certification: the state history."""

    __tablename__ = "residency_certification_events"
    __table_args__ = (UniqueConstraint("case_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("residency_certifications.case_id", ondelete="CASCADE",
                               name="fk_residency_certification_events_case_id"))
    organisation_id: Mapped[str] = _org_fk()
    prefecture: Mapped[str] = mapped_column(String(40))
    seq: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class OfficerDecisionRow(Record):
    """A prefecture officer's decision on an officer criterion of a certification."""

    __tablename__ = "residency_officer_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("residency_certifications.case_id", ondelete="CASCADE"),
        index=True)
    organisation_id: Mapped[str] = _org_fk()
    prefecture: Mapped[str] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(String(20))
    officer_id: Mapped[str] = mapped_column(String(128))
    decided_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[str]]


class CoeCaseRow(Record):
    """A CoE case without its applicant's personal data.

    ``statistics`` always holds the anonymised applicant statistics (the dashboards read it);
    ``applicant_stats`` is the domain value, set once the applicant is erased.
    """

    __tablename__ = "residency_coe_cases"

    case_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    organisation_id: Mapped[str] = _org_fk()
    prefecture: Mapped[str] = mapped_column(String(40), index=True)
    corporate_number: Mapped[str] = mapped_column(String(13), index=True)
    state: Mapped[str] = mapped_column(String(20))
    filed_on: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    employer: Mapped[dict[str, Any]]
    job: Mapped[dict[str, Any]]
    certificate: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    clock: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    requests: Mapped[list[Any]]
    decision: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # reason sealed
    statistics: Mapped[dict[str, Any]]
    applicant_stats: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    erased_on: Mapped[date | None] = mapped_column(Date)


class CoeCaseEventRow(Record):
    """One saved state of a CoE case: the state history."""

    __tablename__ = "residency_coe_case_events"
    __table_args__ = (UniqueConstraint("case_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("residency_coe_cases.case_id", ondelete="CASCADE"))
    organisation_id: Mapped[str] = _org_fk()
    prefecture: Mapped[str] = mapped_column(String(40))
    seq: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ApplicantRow(Record):
    """The applicant of a case: every field is an AES-GCM token (``v2:<key id>:...``)."""

    __tablename__ = "residency_applicants"

    case_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("residency_coe_cases.case_id", ondelete="CASCADE"),
        primary_key=True)
    organisation_id: Mapped[str] = _org_fk()
    prefecture: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(Text)
    date_of_birth: Mapped[str] = mapped_column(Text)
    passport_number: Mapped[str] = mapped_column(Text)
    details: Mapped[str] = mapped_column(Text)


class DocumentRow(Record):
    """A document of a case: hash and size in clear, file name and bytes sealed.

    The bytes live in the database (``content``, a token of their base64) so one backup holds
    everything and nothing readable sits on disk; None when only the hash was recorded.
    """

    __tablename__ = "residency_documents"
    __table_args__ = (UniqueConstraint("case_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("residency_coe_cases.case_id", ondelete="CASCADE"))
    organisation_id: Mapped[str] = _org_fk()
    prefecture: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    content: Mapped[str | None] = mapped_column(Text)


class AuditRow(Record):
    """One audited act on personal data (kept after erasure; holds no personal data)."""

    __tablename__ = "residency_audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor_id: Mapped[str] = mapped_column(String(128))
    actor_role: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(16))
    case_id: Mapped[str] = mapped_column(String(64), index=True)
    organisation_id: Mapped[str] = mapped_column(String(64))
    prefecture: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    fields: Mapped[list[str]]
    allowed: Mapped[bool] = mapped_column(Boolean)


# -- values ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class StateChange:
    """One entry of a case's state history: the state saved, by whom, when."""

    seq: int
    state: str
    actor_id: str
    recorded_at: datetime


@dataclass(frozen=True)
class CertificationRecord:
    """A stored certification with its organisation and the company facts it was filed with."""

    certification: Certification
    organisation_id: str
    facts: dict[str, Any] | None


@dataclass(frozen=True)
class DocumentSummary:
    """What may be listed of a document without decrypting it: kind, hash, size, bytes kept."""

    kind: str
    sha256: str
    size_bytes: int
    stored: bool


@dataclass(frozen=True)
class AuditEntry:
    """An audit row: the event, the actor's role, whether access was allowed, the tenant."""

    event: AuditEvent
    actor_role: str
    allowed: bool
    organisation_id: str
    prefecture: str


def cipher_from_environment(env: Mapping[str, str] | None = None,
                            key_file: str | None = None) -> FieldCipher:
    """A cipher on the keyring from ``key_file`` or ``KIZUNA_DATA_KEY`` (+ retired keys)."""
    return FieldCipher.from_keyring(load_keyring(env, key_file))


@dataclass(frozen=True)
class _Tenant:
    """What the access policy reads of a stored case."""

    corporate_number: str
    prefecture: str


# -- (de)serialisation of the non-personal parts ---------------------------------------------
def _d(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _utc(value: datetime) -> datetime:
    # SQLite keeps no offset; the store always writes UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _certificate_json(c: Certificate | None) -> dict[str, Any] | None:
    return None if c is None else {"number": c.number, "issued_on": c.issued_on.isoformat(),
                                   "valid_until": c.valid_until.isoformat()}


def _certificate(doc: dict[str, Any] | None) -> Certificate | None:
    return None if doc is None else Certificate(
        doc["number"], date.fromisoformat(doc["issued_on"]),
        date.fromisoformat(doc["valid_until"]))


def _clock_json(c: DeadlineClock | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {"filed_on": c.filed_on.isoformat(), "target_days": c.target_days,
            "at_risk_fraction": c.at_risk_fraction,
            "pauses": [{"start": p.start.isoformat(), "end": _iso(p.end)} for p in c.pauses]}


def _clock(doc: dict[str, Any] | None) -> DeadlineClock | None:
    if doc is None:
        return None
    pauses = tuple(Pause(date.fromisoformat(p["start"]), _d(p["end"])) for p in doc["pauses"])
    return DeadlineClock(date.fromisoformat(doc["filed_on"]), int(doc["target_days"]),
                         float(doc["at_risk_fraction"]), pauses)


def _requests_json(requests: tuple[DocumentRequest, ...]) -> list[Any]:
    return [{"requested_on": r.requested_on.isoformat(), "items": list(r.items),
             "received_on": _iso(r.received_on)} for r in requests]


def _requests(docs: list[Any]) -> tuple[DocumentRequest, ...]:
    return tuple(DocumentRequest(date.fromisoformat(r["requested_on"]), tuple(r["items"]),
                                 _d(r["received_on"])) for r in docs)


def _details_json(a: Applicant) -> str:
    return json.dumps({
        "nationality": a.nationality, "sex": a.sex,
        "passport_expiry": a.passport_expiry.isoformat(), "purpose": a.purpose,
        "planned_entry_date": a.planned_entry_date.isoformat(),
        "planned_entry_port": a.planned_entry_port, "education": a.education,
        "major": a.major, "qualifications": list(a.qualifications),
        "work_history": [{"employer": w.employer, "role": w.role,
                          "start": w.start.isoformat(), "end": _iso(w.end)}
                         for w in a.work_history]}, ensure_ascii=True)


def _statistics(a: Applicant, on: date) -> dict[str, Any]:
    return asdict(ApplicantStats(a.nationality, a.sex, age_band(a.date_of_birth, on),
                                 a.education))


# -- the repository -------------------------------------------------------------------------
class ResidencyRepository:
    """Certifications, CoE cases, documents, applicants and the audit log.

    Parameters
    ----------
    sessions
        Where to open sessions; each method runs in one transaction of its own.
    cipher
        Seals and opens personal fields (see :func:`cipher_from_environment`).
    now
        The clock for audit and history timestamps (injectable for tests).
    """

    def __init__(self, sessions: sessionmaker[Session], cipher: FieldCipher,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._sessions = sessions
        self._cipher = cipher
        self._now = now

    # -- helpers ----------------------------------------------------------------------------
    def _audit(self, s: Session, actor: Actor, action: AuditAction, case_id: str,
               tenant: tuple[str, str], reason: str, fields: tuple[str, ...],
               allowed: bool) -> None:
        event = AuditEvent(actor.actor_id, self._now(), reason, action, case_id, fields)
        s.add(AuditRow(at=event.at, actor_id=event.actor_id, actor_role=actor.role.value,
                       action=event.action.value, case_id=case_id, organisation_id=tenant[0],
                       prefecture=tenant[1], reason=event.reason, fields=list(event.fields),
                       allowed=allowed))

    @staticmethod
    def _require_org(s: Session, organisation_id: str) -> None:
        if s.get(OrganisationRow, organisation_id) is None:
            raise UnknownName("organisation", organisation_id)

    @staticmethod
    def _append_event(s: Session, table: type[CertificationEventRow] | type[CoeCaseEventRow],
                      case_id: str, organisation_id: str, prefecture: str, state: str,
                      actor: Actor, at: datetime) -> None:
        seq = s.scalar(select(func.max(table.seq)).where(table.case_id == case_id)) or 0
        s.add(table(case_id=case_id, organisation_id=organisation_id, prefecture=prefecture,
                    seq=seq + 1, state=state, actor_id=actor.actor_id, recorded_at=at))

    @staticmethod
    def _history(s: Session, table: type[CertificationEventRow] | type[CoeCaseEventRow],
                 case_id: str) -> list[StateChange]:
        rows = s.scalars(select(table).where(table.case_id == case_id).order_by(table.seq))
        return [StateChange(r.seq, r.state, r.actor_id, _utc(r.recorded_at)) for r in rows
                if isinstance(r, CertificationEventRow | CoeCaseEventRow)]

    # -- certifications ---------------------------------------------------------------------
    def save_certification(self, cert: Certification, organisation_id: str,
                           actor: Actor, facts: Mapping[str, Any] | None = None) -> None:
        """Insert or update a certification; a change of state is appended to its history.

        ``facts`` (the company's facts in the check-company JSON contract) replaces the stored
        facts when given; None keeps them.
        """
        if not can_read(actor, cert):
            raise PermissionDenied(actor.actor_id, f"certification {cert.case_id}")
        with self._sessions.begin() as s:
            self._require_org(s, organisation_id)
            row = s.get(CertificationRow, cert.case_id)
            changed = row is None or row.state != cert.state.value
            if row is None:
                row = CertificationRow(case_id=cert.case_id, organisation_id=organisation_id)
                s.add(row)
            elif (row.organisation_id, row.corporate_number) != (organisation_id,
                                                                 cert.corporate_number):
                raise InvalidInput(f"certification {cert.case_id}: belongs to another "
                                   "organisation", field="case_id")
            row.prefecture, row.corporate_number = cert.prefecture, cert.corporate_number
            row.state = cert.state.value
            row.submitted_on, row.decided_on = cert.submitted_on, cert.decided_on
            row.certificate = _certificate_json(cert.certificate)
            row.rejections = [{"code": r.code, "reason": r.reason} for r in cert.rejections]
            row.ended_on, row.end_reason = cert.ended_on, cert.end_reason
            if facts is not None:
                row.facts = dict(facts)
            s.flush()
            if changed:
                self._append_event(s, CertificationEventRow, cert.case_id, organisation_id,
                                   cert.prefecture, cert.state.value, actor, self._now())

    def _certification_row(self, s: Session, case_id: str, actor: Actor) -> CertificationRow:
        row = s.get(CertificationRow, case_id)
        if row is None:
            raise UnknownName("certification", case_id)
        if not can_read(actor, _Tenant(row.corporate_number, row.prefecture)):
            raise PermissionDenied(actor.actor_id, f"certification {case_id}")
        return row

    @staticmethod
    def _certification(r: CertificationRow) -> Certification:
        return Certification(
            case_id=r.case_id, prefecture=r.prefecture, corporate_number=r.corporate_number,
            state=CertificationState(r.state), submitted_on=r.submitted_on,
            decided_on=r.decided_on, certificate=_certificate(r.certificate),
            rejections=tuple(Rejection(x["code"], x["reason"]) for x in r.rejections),
            ended_on=r.ended_on, end_reason=r.end_reason)

    def get_certification(self, case_id: str, actor: Actor) -> Certification:
        """A certification the actor may see; `PermissionDenied` otherwise."""
        with self._sessions() as s:
            return self._certification(self._certification_row(s, case_id, actor))

    def certification_record(self, case_id: str, actor: Actor) -> CertificationRecord:
        """A certification with its organisation and facts (`PermissionDenied` otherwise)."""
        with self._sessions() as s:
            r = self._certification_row(s, case_id, actor)
            return CertificationRecord(self._certification(r), r.organisation_id,
                                       None if r.facts is None else dict(r.facts))

    def certifications(self, actor: Actor,
                       states: frozenset[CertificationState] | None = None,
                       ) -> list[CertificationRecord]:
        """The certifications the actor may see (optionally in ``states``), by case id."""
        with self._sessions() as s:
            query = select(CertificationRow).order_by(CertificationRow.case_id)
            if states is not None:
                query = query.where(CertificationRow.state.in_([x.value for x in states]))
            return [CertificationRecord(self._certification(r), r.organisation_id,
                                        None if r.facts is None else dict(r.facts))
                    for r in s.scalars(query)
                    if can_read(actor, _Tenant(r.corporate_number, r.prefecture))]

    def certification_history(self, case_id: str, actor: Actor) -> list[StateChange]:
        """The saved states of a certification, oldest first."""
        with self._sessions() as s:
            self._certification_row(s, case_id, actor)
            return self._history(s, CertificationEventRow, case_id)

    def record_officer_decision(self, case_id: str, decision: OfficerDecision,
                                actor: Actor) -> None:
        """Store a prefecture officer's decision (audited); only that officer may record it."""
        denied = False
        with self._sessions.begin() as s:
            row = s.get(CertificationRow, case_id)
            if row is None:
                raise UnknownName("certification", case_id)
            denied = not (actor.role is Role.PREFECTURE_OFFICER
                          and actor.actor_id == decision.officer_id
                          and can_read(actor, _Tenant(row.corporate_number, row.prefecture)))
            self._audit(s, actor, AuditAction.DECIDE, case_id,
                        (row.organisation_id, row.prefecture),
                        f"officer decision on {decision.code}", (decision.code,), not denied)
            if not denied:
                s.add(OfficerDecisionRow(
                    case_id=case_id, organisation_id=row.organisation_id,
                    prefecture=row.prefecture, code=decision.code,
                    result=decision.result.value, officer_id=decision.officer_id,
                    decided_on=decision.decided_on, reason=decision.reason,
                    evidence=list(decision.evidence)))
        if denied:
            raise PermissionDenied(actor.actor_id, f"decisions on certification {case_id}")

    def officer_decisions(self, case_id: str, actor: Actor) -> tuple[OfficerDecision, ...]:
        """Every officer decision on a certification, in the order recorded."""
        with self._sessions() as s:
            self._certification_row(s, case_id, actor)
            rows = s.scalars(select(OfficerDecisionRow).where(
                OfficerDecisionRow.case_id == case_id).order_by(OfficerDecisionRow.id))
            return tuple(OfficerDecision(r.code, CheckResult(r.result), r.officer_id,
                                         r.decided_on, r.reason, tuple(r.evidence))
                         for r in rows)

    # -- CoE cases --------------------------------------------------------------------------
    def save_case(self, case: CoeCase, organisation_id: str, actor: Actor,
                  contents: Mapping[str, bytes] | None = None,
                  expected_state: CaseState | None = None) -> None:
        """Insert or update a case, sealing its applicant and documents.

        ``contents`` maps a document's SHA-256 to its bytes, to keep the file itself (sealed);
        bytes that do not match the hash are refused. A decision (granted or refused) may only
        be saved by an immigration officer and is audited. Personal data is removed with
        :meth:`erase_applicant`, never by saving a case without its applicant.
        ``expected_state``: the stored state the change was made from; the row is locked and a
        case that moved on meanwhile (another request saved it) raises
        :class:`~kizuna.errors.Conflict` (``field=state``).
        """
        if not can_read(actor, case):
            raise PermissionDenied(actor.actor_id, f"case {case.case_id}")
        contents = dict(contents or {})
        for doc in case.documents:
            if doc.sha256 in contents and not doc.matches(contents[doc.sha256]):
                raise InvalidInput(f"document {doc.filename}: bytes do not match its SHA-256",
                                   field="contents")
        decided = case.state in {CaseState.GRANTED, CaseState.REFUSED}
        with self._sessions() as s:
            previous = s.scalar(select(CoeCaseRow.state).where(
                CoeCaseRow.case_id == case.case_id))
        deciding = decided and previous != case.state.value
        if deciding and actor.role is not Role.IMMIGRATION_OFFICER:
            with self._sessions.begin() as s:
                self._audit(s, actor, AuditAction.DECIDE, case.case_id,
                            (organisation_id, case.prefecture), f"decision: {case.state.value}",
                            ("decision_reason",), False)
            raise PermissionDenied(actor.actor_id, f"a decision on case {case.case_id}")
        now = self._now()
        with self._sessions.begin() as s:
            if expected_state is not None:
                lock_for_write(s)
            self._require_org(s, organisation_id)
            row = s.get(CoeCaseRow, case.case_id, with_for_update=expected_state is not None)
            previous = None if row is None else row.state
            if expected_state is not None and previous != expected_state.value:
                raise Conflict(f"case {case.case_id}: changed meanwhile (now {previous}, "
                                   f"expected {expected_state.value})", field="state")
            if row is None:
                row = CoeCaseRow(case_id=case.case_id, organisation_id=organisation_id)
                s.add(row)
            elif (row.organisation_id, row.corporate_number) != (organisation_id,
                                                                 case.corporate_number):
                raise InvalidInput(f"case {case.case_id}: belongs to another organisation",
                                   field="case_id")
            if case.applicant is None and row.erased_on is None:
                raise InvalidInput(f"case {case.case_id}: no applicant; erase personal data "
                                   "with erase_applicant", field="applicant")
            if decided and previous != case.state.value:
                self._audit(s, actor, AuditAction.DECIDE, case.case_id,
                            (organisation_id, case.prefecture), f"decision: {case.state.value}",
                            ("decision_reason",), True)
            self._write_case(s, row, case, now)
            self._write_applicant(s, case, organisation_id)
            self._write_documents(s, case, organisation_id, contents)
            if previous != case.state.value:
                self._append_event(s, CoeCaseEventRow, case.case_id, organisation_id,
                                   case.prefecture, case.state.value, actor, now)

    def _write_case(self, s: Session, row: CoeCaseRow, case: CoeCase, now: datetime) -> None:
        row.prefecture, row.corporate_number = case.prefecture, case.corporate_number
        row.state, row.filed_on = case.state.value, case.filed_on
        row.decided_on = None if case.decision is None else case.decision.decided_on
        row.employer, row.job = asdict(case.employer), asdict(case.job)
        row.certificate = _certificate_json(case.certificate)
        row.clock = _clock_json(case.clock)
        row.requests = _requests_json(case.requests)
        d = case.decision
        row.decision = None if d is None else {
            "officer_id": d.officer_id, "decided_on": d.decided_on.isoformat(),
            "granted": d.granted, "reason": self._cipher.encrypt("decision_reason", d.reason)}
        row.applicant_stats = None if case.applicant_stats is None else asdict(
            case.applicant_stats)
        if case.applicant is not None:
            row.statistics = _statistics(case.applicant, case.filed_on or now.date())
        elif case.applicant_stats is not None and row.erased_on is None:
            row.statistics = asdict(case.applicant_stats)
        s.flush()

    def _write_applicant(self, s: Session, case: CoeCase, organisation_id: str) -> None:
        a = case.applicant
        if a is None:
            return
        row = s.get(ApplicantRow, case.case_id)
        if row is None:
            row = ApplicantRow(case_id=case.case_id, organisation_id=organisation_id)
            s.add(row)
        enc = self._cipher.encrypt
        row.prefecture = case.prefecture
        row.name = enc("name", a.name)
        row.date_of_birth = enc("date_of_birth", a.date_of_birth.isoformat())
        row.passport_number = enc("passport_number", a.passport_number)
        row.details = enc("applicant_details", _details_json(a))

    def _write_documents(self, s: Session, case: CoeCase, organisation_id: str,
                         contents: Mapping[str, bytes]) -> None:
        rows = {r.position: r for r in s.scalars(
            select(DocumentRow).where(DocumentRow.case_id == case.case_id))}
        for position, doc in enumerate(case.documents):
            row = rows.pop(position, None)
            if row is None or row.sha256 != doc.sha256:
                if row is not None:
                    s.delete(row)
                    s.flush()
                row = DocumentRow(case_id=case.case_id, organisation_id=organisation_id,
                                  position=position, content=None)
                s.add(row)
            row.prefecture, row.kind = case.prefecture, doc.kind
            row.filename = self._cipher.encrypt("document_filename", doc.filename)
            row.sha256, row.size_bytes = doc.sha256, doc.size_bytes
            if doc.sha256 in contents:
                row.content = self._cipher.encrypt(
                    "document_content", base64.b64encode(contents[doc.sha256]).decode("ascii"))
        for row in rows.values():
            s.delete(row)

    def _case_row(self, s: Session, case_id: str) -> CoeCaseRow:
        row = s.get(CoeCaseRow, case_id)
        if row is None:
            raise UnknownName("case", case_id)
        return row

    def _open_case(self, s: Session, row: CoeCaseRow) -> CoeCase:
        """The stored case, decrypted (call only after access was granted and audited)."""
        dec = self._cipher.decrypt
        applicant: Applicant | None = None
        a = s.get(ApplicantRow, row.case_id)
        if a is not None:
            details = json.loads(dec("applicant_details", a.details))
            applicant = Applicant(
                nationality=details["nationality"], name=dec("name", a.name),
                date_of_birth=date.fromisoformat(dec("date_of_birth", a.date_of_birth)),
                sex=details["sex"], passport_number=dec("passport_number", a.passport_number),
                passport_expiry=date.fromisoformat(details["passport_expiry"]),
                purpose=details["purpose"],
                planned_entry_date=date.fromisoformat(details["planned_entry_date"]),
                planned_entry_port=details["planned_entry_port"],
                education=details["education"], major=details["major"],
                work_history=tuple(WorkHistoryEntry(w["employer"], w["role"],
                                                    date.fromisoformat(w["start"]), _d(w["end"]))
                                   for w in details["work_history"]),
                qualifications=tuple(details["qualifications"]))
        docs = tuple(Document(r.kind, dec("document_filename", r.filename), r.sha256,
                              r.size_bytes)
                     for r in s.scalars(select(DocumentRow).where(
                         DocumentRow.case_id == row.case_id).order_by(DocumentRow.position)))
        return self._case(row, applicant, docs, lambda token: dec("decision_reason", token))

    @staticmethod
    def _case(row: CoeCaseRow, applicant: Applicant | None, documents: tuple[Document, ...],
              reason: Callable[[str], str]) -> CoeCase:
        d = row.decision
        decision = None if d is None else ImmigrationDecision(
            d["officer_id"], date.fromisoformat(d["decided_on"]), bool(d["granted"]),
            reason(d["reason"]))
        stats = row.applicant_stats
        if applicant is None and stats is None:  # the anonymised view of a live case
            stats = row.statistics
        return CoeCase(
            case_id=row.case_id, prefecture=row.prefecture, employer=Employer(**row.employer),
            job=Job(**row.job), applicant=applicant,
            certificate=_certificate(row.certificate), documents=documents,
            state=CaseState(row.state), clock=_clock(row.clock),
            requests=_requests(row.requests), decision=decision,
            applicant_stats=None if stats is None else ApplicantStats(**stats))

    def _audited(self, case_id: str, actor: Actor, purpose: str, action: AuditAction,
                 fields: tuple[str, ...],
                 work: Callable[[Session, CoeCaseRow], CoeCase]) -> CoeCase:
        """Check access, audit, and run ``work`` in the audit row's transaction."""
        denied = False
        with self._sessions.begin() as s:
            row = self._case_row(s, case_id)
            denied = not can_read(actor, _Tenant(row.corporate_number, row.prefecture))
            self._audit(s, actor, action, case_id, (row.organisation_id, row.prefecture),
                        purpose, fields, not denied)
            if not denied:
                result = work(s, row)
        if denied:
            raise PermissionDenied(actor.actor_id, f"case {case_id}")
        return result

    def read_case(self, case_id: str, actor: Actor, purpose: str) -> CoeCase:
        """The case with its applicant decrypted; audited, allowed or denied.

        ``purpose`` says why (it is stored in the audit log, so it must not itself hold
        personal data). Raises `PermissionDenied` when `can_read` refuses, `UnknownName` for
        an unknown case.
        """
        return self._audited(case_id, actor, purpose, AuditAction.READ, PERSONAL_COLUMNS,
                             self._open_case)

    def document_content(self, case_id: str, sha256: str, actor: Actor,
                         purpose: str) -> bytes:
        """The bytes of one stored document (audited like :meth:`read_case`)."""
        tokens: list[str | None] = []

        def fetch(s: Session, row: CoeCaseRow) -> CoeCase:
            tokens.extend(s.scalars(select(DocumentRow.content).where(
                DocumentRow.case_id == case_id, DocumentRow.sha256 == sha256)))
            return self._case(row, None, (), lambda _: _HIDDEN_REASON)

        self._audited(case_id, actor, purpose, AuditAction.READ, (f"document:{sha256}",), fetch)
        if not tokens or tokens[0] is None:
            raise UnknownName("document content", sha256)
        content = base64.b64decode(self._cipher.decrypt("document_content", tokens[0]))
        return content

    def case_organisation(self, case_id: str, actor: Actor) -> str:
        """The organisation a case belongs to (no personal data; `PermissionDenied` otherwise)."""
        with self._sessions() as s:
            row = self._case_row(s, case_id)
            if not can_read(actor, _Tenant(row.corporate_number, row.prefecture)):
                raise PermissionDenied(actor.actor_id, f"case {case_id}")
            return row.organisation_id

    def case_history(self, case_id: str, actor: Actor) -> list[StateChange]:
        """The saved states of a case, oldest first (no personal data; not audited)."""
        with self._sessions() as s:
            row = self._case_row(s, case_id)
            if not can_read(actor, _Tenant(row.corporate_number, row.prefecture)):
                raise PermissionDenied(actor.actor_id, f"case {case_id}")
            return self._history(s, CoeCaseEventRow, case_id)

    def statistics_cases(self, actor: Actor) -> list[CoeCase]:
        """Every case the actor may see, anonymised (statistics, no applicant, no documents).

        Nothing personal is decrypted, so this is not audited; the dashboards run on it.
        """
        with self._sessions() as s:
            rows = s.scalars(select(CoeCaseRow).order_by(CoeCaseRow.case_id))
            return [self._case(r, None, (), lambda _: _HIDDEN_REASON) for r in rows
                    if can_read(actor, _Tenant(r.corporate_number, r.prefecture))]

    def document_index(self, actor: Actor) -> dict[str, list[DocumentSummary]]:
        """The documents of every case the actor may see, by case id, in order.

        Kind, SHA-256, size and whether the bytes are kept: nothing is decrypted (the file
        name is sealed), so this is not audited.
        """
        with self._sessions() as s:
            cases = {r.case_id: r for r in s.scalars(select(CoeCaseRow))}
            found: dict[str, list[DocumentSummary]] = {}
            query = select(DocumentRow.case_id, DocumentRow.kind, DocumentRow.sha256,
                           DocumentRow.size_bytes, DocumentRow.content.is_not(None)).order_by(
                DocumentRow.case_id, DocumentRow.position)
            for case_id, kind, sha256, size, stored in s.execute(query):
                row = cases.get(case_id)
                if row is None or not can_read(actor, _Tenant(row.corporate_number,
                                                               row.prefecture)):
                    continue
                found.setdefault(case_id, []).append(
                    DocumentSummary(kind, sha256, size, bool(stored)))
            return found

    # -- data subject requests --------------------------------------------------------------
    def export_applicant(self, case_id: str, actor: Actor, purpose: str) -> dict[str, Any]:
        """Everything held about the case's applicant, decrypted, as JSON (audited)."""
        case = self._audited(case_id, actor, purpose, AuditAction.EXPORT, PERSONAL_COLUMNS,
                             self._open_case)
        return export_applicant(case)

    def erase_applicant(self, case_id: str, actor: Actor, purpose: str, on: date) -> CoeCase:
        """Remove the applicant's personal data and documents; keep anonymised statistics.

        The case keeps its dates, clock and decision outcome, so the dashboards are unchanged.
        On SQLite, ``secure_delete`` overwrites the freed pages and a WAL checkpoint drops the
        old page images, so the sealed tokens do not linger in the files either.
        """

        def erase(s: Session, row: CoeCaseRow) -> CoeCase:
            if s.get_bind().dialect.name == "sqlite":
                s.execute(text("PRAGMA secure_delete=ON"))
            erased = erase_applicant(self._open_case(s, row), on)
            applicant = s.get(ApplicantRow, case_id)
            if applicant is not None:
                s.delete(applicant)
            for doc in s.scalars(select(DocumentRow).where(DocumentRow.case_id == case_id)):
                s.delete(doc)
            self._write_case(s, row, erased, self._now())
            row.erased_on = row.erased_on or on
            return erased

        erased = self._audited(case_id, actor, purpose, AuditAction.ERASE, PERSONAL_COLUMNS,
                               erase)
        with self._sessions() as s:
            if s.get_bind().dialect.name == "sqlite":
                # The WAL still holds the pages as they were before the erasure; fold it into
                # the file and truncate it (best effort: a concurrent reader can delay it).
                s.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        return erased

    # -- the audit log ----------------------------------------------------------------------
    def audit_log(self, case_id: str | None = None) -> list[AuditEntry]:
        """Audit entries, oldest first, optionally of one case (an administrator's view)."""
        with self._sessions() as s:
            query = select(AuditRow).order_by(AuditRow.id)
            if case_id is not None:
                query = query.where(AuditRow.case_id == case_id)
            return [AuditEntry(AuditEvent(r.actor_id, _utc(r.at), r.reason,
                                          AuditAction(r.action), r.case_id, tuple(r.fields)),
                               r.actor_role, r.allowed, r.organisation_id, r.prefecture)
                    for r in s.scalars(query)]

