"""The company certification workflow at the prefecture, as a pure state machine.

::

    draft -> submitted -> under_review -> certified -> expired
                                       |            -> revoked
                                       -> rejected

Every transition returns a new `Certification`; an illegal one raises `InvalidInput`.
A certificate carries its number and validity; a rejection carries a reason per criterion.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from kizuna.errors import Conflict, InvalidInput
from kizuna.residency.company import CompanyVerdict
from kizuna.residency.corporate_number import require_thirteen_digits
from kizuna.residency.programme import Programme

__all__ = [
    "Certificate",
    "Certification",
    "CertificationState",
    "Rejection",
    "add_months",
]


class CertificationState(StrEnum):
    """Where a company's certification stands."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    CERTIFIED = "certified"
    REJECTED = "rejected"
    EXPIRED = "expired"
    REVOKED = "revoked"


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months``, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Certificate:
    """The prefecture's certificate (認定書): valid from ``issued_on`` to ``valid_until``."""

    number: str
    issued_on: date
    valid_until: date

    def __post_init__(self) -> None:
        if not self.number.strip():
            raise InvalidInput("certificate.number: must not be empty", field="number")
        if self.valid_until < self.issued_on:
            raise InvalidInput("certificate.valid_until: before issued_on", field="valid_until")

    def valid_on(self, day: date) -> bool:
        """Whether the certificate is within its validity on ``day``."""
        return self.issued_on <= day <= self.valid_until


@dataclass(frozen=True)
class Rejection:
    """Why one criterion was not met."""

    code: str
    reason: str

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise InvalidInput(f"rejection.{self.code}: give a reason", field="reasons")


@dataclass(frozen=True)
class Certification:
    """One company's certification case at one prefecture."""

    case_id: str
    prefecture: str
    corporate_number: str
    state: CertificationState = CertificationState.DRAFT
    submitted_on: date | None = None
    decided_on: date | None = None
    certificate: Certificate | None = None
    rejections: tuple[Rejection, ...] = ()
    ended_on: date | None = None
    end_reason: str = ""

    def __post_init__(self) -> None:
        require_thirteen_digits(self.corporate_number)
        if not self.case_id:
            raise InvalidInput("case_id: must not be empty", field="case_id")
        if (self.certificate is not None) != (self.state in _WITH_CERTIFICATE):
            raise InvalidInput(f"certificate: state {self.state} and certificate disagree")

    def _require(self, *states: CertificationState, action: str) -> None:
        if self.state not in states:
            allowed = " or ".join(s.value for s in states)
            raise Conflict(
                f"certification {self.case_id}: cannot {action} from {self.state.value} "
                f"(only from {allowed})", field="state")

    def submit(self, on: date) -> Certification:
        """The company files its application."""
        self._require(CertificationState.DRAFT, action="submit")
        return replace(self, state=CertificationState.SUBMITTED, submitted_on=on)

    def start_review(self, on: date) -> Certification:
        """An officer takes the case."""
        self._require(CertificationState.SUBMITTED, action="start review")
        assert self.submitted_on is not None
        _not_before(on, self.submitted_on, "review")
        return replace(self, state=CertificationState.UNDER_REVIEW)

    def certify(self, number: str, on: date, programme: Programme,
                verdict: CompanyVerdict) -> Certification:
        """Issue the certificate; every criterion must have passed (after officer decisions)."""
        self._require(CertificationState.UNDER_REVIEW, action="certify")
        if programme.prefecture != self.prefecture:
            raise InvalidInput(f"programme {programme.prefecture} is not {self.prefecture}'s")
        if not verdict.eligible:
            open_codes = ", ".join((*verdict.failed, *verdict.needs_review))
            raise InvalidInput(f"certification {self.case_id}: not all criteria passed "
                               f"({open_codes})", field="verdict")
        valid_until = add_months(on, programme.certificate_validity_months) - timedelta(days=1)
        return replace(self, state=CertificationState.CERTIFIED, decided_on=on,
                       certificate=Certificate(number, on, valid_until))

    def reject(self, on: date, rejections: tuple[Rejection, ...],
               programme: Programme) -> Certification:
        """Refuse, with a reason for each criterion not met."""
        self._require(CertificationState.UNDER_REVIEW, action="reject")
        if not rejections:
            raise InvalidInput("rejections: name at least one criterion", field="rejections")
        for r in rejections:
            programme.criterion(r.code)
        return replace(self, state=CertificationState.REJECTED, decided_on=on,
                       rejections=rejections)

    def expire(self, on: date) -> Certification:
        """The certificate ran out (only after its last valid day)."""
        self._require(CertificationState.CERTIFIED, action="expire")
        assert self.certificate is not None
        if on <= self.certificate.valid_until:
            raise InvalidInput(f"certificate valid until {self.certificate.valid_until}; "
                               f"cannot expire on {on}", field="state")
        return replace(self, state=CertificationState.EXPIRED, ended_on=on,
                       end_reason="validity ended")

    def revoke(self, on: date, reason: str) -> Certification:
        """The prefecture withdraws the certificate."""
        self._require(CertificationState.CERTIFIED, action="revoke")
        if not reason.strip():
            raise InvalidInput("revoke: give a reason", field="reason")
        return replace(self, state=CertificationState.REVOKED, ended_on=on, end_reason=reason)

    def certified_on(self, day: date) -> bool:
        """Whether the company holds a valid certificate on ``day``."""
        return (self.state is CertificationState.CERTIFIED and self.certificate is not None
                and self.certificate.valid_on(day))


_WITH_CERTIFICATE = frozenset({CertificationState.CERTIFIED, CertificationState.EXPIRED,
                               CertificationState.REVOKED})


def _not_before(on: date, earlier: date, what: str) -> None:
    if on < earlier:
        raise InvalidInput(f"{what} on {on} is before {earlier}", field="on")
