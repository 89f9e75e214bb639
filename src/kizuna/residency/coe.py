"""Certificate of Eligibility (在留資格認定証明書) cases at the immigration bureau.

::

    draft -> filed -> under_review <-> awaiting_documents
                          |-> granted | refused        (any open state -> withdrawn)

Filing starts the `DeadlineClock`; a request for documents the company must supply pauses it,
and their arrival resumes it. The target is the programme's (30 days) when the company's
certificate is valid on the filing day, and the standard's upper bound otherwise.
Documents are files identified by their SHA-256 (`Document.from_bytes`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from kizuna.errors import Conflict, InvalidInput
from kizuna.residency.certification import Certificate
from kizuna.residency.corporate_number import require_thirteen_digits
from kizuna.residency.deadline import DeadlineClock
from kizuna.residency.programme import Programme

__all__ = [
    "OPEN_STATES",
    "Applicant",
    "ApplicantStats",
    "CaseState",
    "CoeCase",
    "Document",
    "DocumentRequest",
    "Employer",
    "ImmigrationDecision",
    "Job",
    "WorkHistoryEntry",
]


class CaseState(StrEnum):
    """Where a Certificate of Eligibility case stands."""

    DRAFT = "draft"
    FILED = "filed"
    UNDER_REVIEW = "under_review"
    AWAITING_DOCUMENTS = "awaiting_documents"
    GRANTED = "granted"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


OPEN_STATES = frozenset({CaseState.FILED, CaseState.UNDER_REVIEW,
                         CaseState.AWAITING_DOCUMENTS})


@dataclass(frozen=True)
class WorkHistoryEntry:
    """One past job of the applicant."""

    employer: str
    role: str
    start: date
    end: date | None = None


@dataclass(frozen=True)
class Applicant:
    """The foreign engineer. Name, birth date and passport number are personal data."""

    nationality: str
    name: str
    date_of_birth: date
    sex: str
    passport_number: str
    passport_expiry: date
    purpose: str
    planned_entry_date: date
    planned_entry_port: str
    education: str
    major: str
    work_history: tuple[WorkHistoryEntry, ...] = ()
    qualifications: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[A-Z]{3}", self.nationality):
            raise InvalidInput(f"nationality: ISO 3166-1 alpha-3 code, got {self.nationality!r}",
                               field="nationality")
        if not self.name.strip():
            raise InvalidInput("name: must not be empty", field="name")
        if self.sex not in {"F", "M", "X"}:
            raise InvalidInput(f"sex: F, M or X, got {self.sex!r}", field="sex")
        if not re.fullmatch(r"[A-Z0-9]{5,12}", self.passport_number):
            raise InvalidInput("passport_number: 5-12 upper-case letters or digits",
                               field="passport_number")
        if self.passport_expiry <= self.date_of_birth:
            raise InvalidInput("passport_expiry: must be after date_of_birth",
                               field="passport_expiry")


@dataclass(frozen=True)
class ApplicantStats:
    """What erasure keeps of an applicant: statistics, nothing that identifies a person."""

    nationality: str
    sex: str
    age_band: str
    education: str


@dataclass(frozen=True)
class Employer:
    """The hiring company as the application states it."""

    corporate_number: str
    capital_jpy: int
    net_sales_jpy: int
    employees: int
    foreign_employees: int

    def __post_init__(self) -> None:
        require_thirteen_digits(self.corporate_number)
        if not 0 <= self.foreign_employees <= self.employees:
            raise InvalidInput("foreign_employees: between 0 and employees",
                               field="foreign_employees")


@dataclass(frozen=True)
class Job:
    """The offered position."""

    title: str
    duties: str
    monthly_salary_jpy: int
    contract_months: int | None  # None: no fixed term

    def __post_init__(self) -> None:
        if self.monthly_salary_jpy <= 0:
            raise InvalidInput("monthly_salary_jpy: must be positive",
                               field="monthly_salary_jpy")
        if self.contract_months is not None and self.contract_months < 1:
            raise InvalidInput("contract_months: at least 1, or null for no fixed term",
                               field="contract_months")


@dataclass(frozen=True)
class Document:
    """A file attached to a case, identified by its SHA-256."""

    kind: str
    filename: str
    sha256: str
    size_bytes: int

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[0-9a-f]{64}", self.sha256):
            raise InvalidInput("document.sha256: 64 lower-case hex digits", field="sha256")

    @classmethod
    def from_bytes(cls, kind: str, filename: str, content: bytes) -> Document:
        """Describe ``content`` (already read by the caller) as a document."""
        return cls(kind, filename, hashlib.sha256(content).hexdigest(), len(content))

    def matches(self, content: bytes) -> bool:
        """Whether ``content`` is this document, unaltered."""
        return hashlib.sha256(content).hexdigest() == self.sha256


@dataclass(frozen=True)
class DocumentRequest:
    """Immigration asks the company for more documents; the clock waits meanwhile."""

    requested_on: date
    items: tuple[str, ...]
    received_on: date | None = None


@dataclass(frozen=True)
class ImmigrationDecision:
    """The immigration officer's decision."""

    officer_id: str
    decided_on: date
    granted: bool
    reason: str

    def __post_init__(self) -> None:
        if not self.officer_id or not self.reason.strip():
            raise InvalidInput("decision: officer_id and reason are required", field="decision")


@dataclass(frozen=True)
class CoeCase:
    """One Certificate of Eligibility application, for one applicant and one employer."""

    case_id: str
    prefecture: str
    employer: Employer
    job: Job
    applicant: Applicant | None
    certificate: Certificate | None = None
    documents: tuple[Document, ...] = ()
    state: CaseState = CaseState.DRAFT
    clock: DeadlineClock | None = None
    requests: tuple[DocumentRequest, ...] = ()
    decision: ImmigrationDecision | None = None
    applicant_stats: ApplicantStats | None = field(default=None)

    def __post_init__(self) -> None:
        if not self.case_id:
            raise InvalidInput("case_id: must not be empty", field="case_id")
        if self.applicant is None and self.applicant_stats is None:
            raise InvalidInput("applicant: required (erased cases keep applicant_stats)",
                               field="applicant")
        if (self.clock is None) != (self.state is CaseState.DRAFT):
            raise InvalidInput(f"clock: a {self.state.value} case "
                               f"{'has no' if self.clock is None else 'has a'} clock")

    @property
    def corporate_number(self) -> str:
        """The employer's corporate number (the access policy keys on it)."""
        return self.employer.corporate_number

    @property
    def is_open(self) -> bool:
        """Filed and not yet decided or withdrawn."""
        return self.state in OPEN_STATES

    @property
    def certified_company(self) -> bool:
        """Whether the case runs on the fast-track target (a valid certificate at filing)."""
        return (self.certificate is not None and self.clock is not None
                and self.certificate.valid_on(self.clock.filed_on))

    @property
    def filed_on(self) -> date | None:
        """The filing date, once filed."""
        return None if self.clock is None else self.clock.filed_on

    def _require(self, *states: CaseState, action: str) -> None:
        if self.state not in states:
            allowed = " or ".join(s.value for s in states)
            raise Conflict(f"case {self.case_id}: cannot {action} from "
                               f"{self.state.value} (only from {allowed})", field="state")

    def _running(self, *states: CaseState, action: str) -> DeadlineClock:
        self._require(*states, action=action)
        assert self.clock is not None  # every state but draft has one (__post_init__)
        return self.clock

    def attach(self, document: Document) -> CoeCase:
        """Add a document while the case is being prepared or is open."""
        if self.state not in {CaseState.DRAFT, *OPEN_STATES}:
            raise InvalidInput(f"case {self.case_id}: closed, cannot attach", field="state")
        return replace(self, documents=(*self.documents, document))

    def file(self, on: date, programme: Programme) -> CoeCase:
        """The company files the case: the clock starts with the target that applies."""
        self._require(CaseState.DRAFT, action="file")
        if programme.prefecture != self.prefecture:
            raise InvalidInput(f"programme {programme.prefecture} is not {self.prefecture}'s")
        certified = self.certificate is not None and self.certificate.valid_on(on)
        clock = DeadlineClock(on, programme.target_days(certified), programme.at_risk_fraction)
        return replace(self, state=CaseState.FILED, clock=clock)

    def start_review(self, on: date) -> CoeCase:
        """An immigration officer takes the case."""
        clock = self._running(CaseState.FILED, action="start review")
        clock.days_elapsed(on)
        return replace(self, state=CaseState.UNDER_REVIEW)

    def request_documents(self, on: date, items: tuple[str, ...]) -> CoeCase:
        """Ask the company for more documents; the clock pauses."""
        clock = self._running(CaseState.UNDER_REVIEW, action="request documents")
        if not items:
            raise InvalidInput("request: name at least one document", field="items")
        clock.days_elapsed(on)
        return replace(self, state=CaseState.AWAITING_DOCUMENTS, clock=clock.pause(on),
                       requests=(*self.requests, DocumentRequest(on, items)))

    def receive_documents(self, on: date, documents: tuple[Document, ...]) -> CoeCase:
        """The company supplies what was asked; the clock runs again."""
        clock = self._running(CaseState.AWAITING_DOCUMENTS, action="receive documents")
        if not documents:
            raise InvalidInput("receive: at least one document", field="documents")
        last = replace(self.requests[-1], received_on=on)
        return replace(self, state=CaseState.UNDER_REVIEW, clock=clock.resume(on),
                       documents=(*self.documents, *documents),
                       requests=(*self.requests[:-1], last))

    def decide(self, decision: ImmigrationDecision) -> CoeCase:
        """The immigration officer grants or refuses."""
        clock = self._running(CaseState.UNDER_REVIEW, action="decide")
        clock.days_elapsed(decision.decided_on)
        state = CaseState.GRANTED if decision.granted else CaseState.REFUSED
        return replace(self, state=state, decision=decision)

    def withdraw(self, on: date) -> CoeCase:
        """The company withdraws an open case (a paused clock stays stopped)."""
        clock = self._running(*sorted(OPEN_STATES), action="withdraw")
        clock.days_elapsed(on)
        return replace(self, state=CaseState.WITHDRAWN)

    def processing_days(self) -> int | None:
        """Counted days from filing to decision (pauses excluded); None until decided."""
        if self.decision is None or self.clock is None:
            return None
        return self.clock.days_elapsed(self.decision.decided_on)
