"""Export and erasure of an applicant's personal data, and the audit event value.

Both are pure: `export_applicant` returns a JSON-able document of everything held about the
applicant; `erase_applicant` returns the case without the applicant, keeping only anonymised
statistics (nationality, sex, age band at filing, education) and the case's dates, so the
dashboards still count it. Documents are dropped: a file's hash is enough to recognise it.
The store persists `AuditEvent` values (who, when, why, what) for every read, export and erasure.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from kizuna.errors import InvalidInput
from kizuna.residency.coe import Applicant, ApplicantStats, CoeCase

__all__ = ["AuditAction", "AuditEvent", "age_band", "erase_applicant", "export_applicant"]


class AuditAction(StrEnum):
    """What was done to personal data."""

    READ = "read"
    EXPORT = "export"
    ERASE = "erase"
    DECIDE = "decide"
    DECRYPT = "decrypt"


@dataclass(frozen=True)
class AuditEvent:
    """One audited act: who did what to which case and fields, when and why."""

    actor_id: str
    at: datetime
    reason: str
    action: AuditAction
    case_id: str
    fields: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise InvalidInput("audit.at: must carry a time zone", field="at")
        if not self.actor_id or not self.case_id:
            raise InvalidInput("audit: actor_id and case_id are required", field="actor_id")
        if not self.reason.strip():
            raise InvalidInput("audit.reason: say why", field="reason")

    def to_json(self) -> dict[str, Any]:
        """A JSON-able record for the store."""
        return {"actor_id": self.actor_id, "at": self.at.isoformat(), "reason": self.reason,
                "action": self.action.value, "case_id": self.case_id,
                "fields": list(self.fields)}


def age_band(born: date, on: date) -> str:
    """A ten-year band such as ``"20-29"``."""
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    low = age // 10 * 10
    return f"{low}-{low + 9}"


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def export_applicant(case: CoeCase) -> dict[str, Any]:
    """Everything the case holds about its applicant, as a JSON-able document."""
    if case.applicant is None:
        raise InvalidInput(f"case {case.case_id}: the applicant was erased")
    return {
        "case_id": case.case_id,
        "applicant": _jsonable(asdict(case.applicant)),
        "documents": [_jsonable(asdict(d)) for d in case.documents],
        "state": case.state.value,
        "filed_on": None if case.filed_on is None else case.filed_on.isoformat(),
    }


def _stats(applicant: Applicant, on: date) -> ApplicantStats:
    return ApplicantStats(nationality=applicant.nationality, sex=applicant.sex,
                          age_band=age_band(applicant.date_of_birth, on),
                          education=applicant.education)


def erase_applicant(case: CoeCase, on: date) -> CoeCase:
    """The case without personal data; statistics and the processing clock are kept."""
    if case.applicant is None:
        return case
    stats = _stats(case.applicant, case.filed_on or on)
    # A decision's free-text reason may name the person; the outcome and date are kept.
    decision = None if case.decision is None else replace(case.decision, reason="(erased)")
    return replace(case, applicant=None, applicant_stats=stats, documents=(),
                   decision=decision)
