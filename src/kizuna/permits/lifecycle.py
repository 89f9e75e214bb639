"""The life of an application: a pure state machine over immutable versions.

::

    draft -> submitted -> approved (permit number, conditions) -> expired
                       |                                       -> revoked
                       -> rejected (reasons)

An amendment makes a new draft version from the latest one; earlier versions stay readable as
they were (their permit, if any, stays what it was until the new version is approved). Every
transition returns a new :class:`PermitRecord`; nothing is changed in place.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from kizuna.errors import Conflict, InvalidInput
from kizuna.permits.application import Application
from kizuna.permits.conditions import Condition
from kizuna.permits.permit import Permit, PermitState
from kizuna.permits.review import ReviewEvent, open_queries, pack_version

__all__ = [
    "ApplicationVersion",
    "PermitRecord",
    "amend",
    "approve",
    "expire",
    "new_record",
    "reject",
    "revoke",
    "submit",
]

_ALLOWED: dict[str, tuple[PermitState, ...]] = {
    "submit": (PermitState.DRAFT,),
    "approve": (PermitState.SUBMITTED,),
    "reject": (PermitState.SUBMITTED,),
    "expire": (PermitState.APPROVED,),
    "revoke": (PermitState.APPROVED,),
}


class ApplicationVersion(BaseModel):
    """One version of an application and what happened to it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int = Field(ge=1)
    application: Application
    state: PermitState = PermitState.DRAFT
    permit: Permit | None = None
    rejection_reasons: tuple[StrictStr, ...] = ()
    history: tuple[tuple[PermitState, StrictStr], ...] = ((PermitState.DRAFT, ""),)
    # The permit pack's review loop (kizuna.permits.review): every evidence change, query and
    # answer, and the pack revision they have reached.
    reviews: tuple[ReviewEvent, ...] = ()
    pack_revision: int = Field(default=0, ge=0)


class PermitRecord(BaseModel):
    """Every version of one application, oldest first."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    versions: tuple[ApplicationVersion, ...] = Field(min_length=1)

    @property
    def current(self) -> ApplicationVersion:
        """The latest version."""
        return self.versions[-1]

    def version(self, number: int) -> ApplicationVersion:
        """Version ``number`` (1-based), as it was."""
        if not 1 <= number <= len(self.versions):
            raise InvalidInput(f"version {number}: the record has {len(self.versions)}")
        return self.versions[number - 1]

    def permit(self) -> Permit | None:
        """The permit of the newest version that was ever approved, if any."""
        for v in reversed(self.versions):
            if v.permit is not None:
                return v.permit
        return None


def new_record(application: Application) -> PermitRecord:
    """A record holding ``application`` as version 1, in draft."""
    return PermitRecord(versions=(ApplicationVersion(version=1, application=application),))


def _require(record: PermitRecord, action: str) -> ApplicationVersion:
    cur = record.current
    if cur.state not in _ALLOWED[action]:
        raise Conflict(f"cannot {action} version {cur.version}: it is {cur.state}",
                       field="state")
    return cur


def _step(record: PermitRecord, action: str, state: PermitState, note: str,
          **changes: object) -> PermitRecord:
    cur = _require(record, action)
    updated = cur.model_copy(update={"state": state, "history": (*cur.history, (state, note)),
                                     **changes})
    return PermitRecord(versions=(*record.versions[:-1], updated))


def submit(record: PermitRecord) -> PermitRecord:
    """Draft -> submitted."""
    return _step(record, "submit", PermitState.SUBMITTED, "")


def approve(record: PermitRecord, number: str, on: date,
            conditions: tuple[Condition, ...] = (), notes: tuple[str, ...] = ()
            ) -> PermitRecord:
    """Submitted -> approved, issuing permit ``number`` with ``conditions``."""
    if not number.strip():
        raise InvalidInput("permit number: empty", field="number")
    cur = _require(record, "approve")
    queried = open_queries(cur.reviews)
    if queried:
        raise InvalidInput(f"cannot approve version {cur.version}: open queries on "
                           f"{', '.join(queried)}", field="number")
    permit = Permit(number=number, version=cur.version, state=PermitState.APPROVED,
                    application=cur.application, conditions=conditions, approved_on=on,
                    notes=notes, pack_version=pack_version(record))
    return _step(record, "approve", PermitState.APPROVED, number, permit=permit)


def reject(record: PermitRecord, reasons: tuple[str, ...]) -> PermitRecord:
    """Submitted -> rejected, with the regulator's reasons (at least one)."""
    if not reasons or not all(r.strip() for r in reasons):
        raise InvalidInput("a rejection needs at least one reason", field="reasons")
    return _step(record, "reject", PermitState.REJECTED, "; ".join(reasons),
                 rejection_reasons=reasons)


def expire(record: PermitRecord, on: date) -> PermitRecord:
    """Approved -> expired, once its validity has ended (``on`` after ``valid_to``)."""
    cur = _require(record, "expire")
    if on <= cur.application.valid_to:
        raise InvalidInput(f"cannot expire on {on}: valid until {cur.application.valid_to}")
    assert cur.permit is not None  # an approved version always has its permit
    permit = cur.permit.model_copy(update={"state": PermitState.EXPIRED})
    return _step(record, "expire", PermitState.EXPIRED, on.isoformat(), permit=permit)


def revoke(record: PermitRecord, at: datetime, reason: str) -> PermitRecord:
    """Approved -> revoked at ``at`` (timezone-aware) for ``reason``."""
    if at.utcoffset() is None:
        raise InvalidInput("revoked_at: needs a timezone offset", field="revoked_at")
    if not reason.strip():
        raise InvalidInput("a revocation needs a reason", field="reason")
    cur = _require(record, "revoke")
    assert cur.permit is not None
    permit = cur.permit.model_copy(update={"state": PermitState.REVOKED, "revoked_at": at,
                                           "revocation_reason": reason})
    return _step(record, "revoke", PermitState.REVOKED, reason, permit=permit)


def amend(record: PermitRecord, application: Application) -> PermitRecord:
    """A new draft version holding the amended ``application``; older versions are kept.

    An amendment may follow any state except a draft or a submitted version still under
    review (amend that by withdrawing it first: not modelled).
    """
    cur = record.current
    if cur.state in (PermitState.DRAFT, PermitState.SUBMITTED):
        raise InvalidInput(f"cannot amend version {cur.version}: it is still {cur.state}")
    if application.id != cur.application.id:
        raise InvalidInput(f"amendment of {cur.application.id!r} has id {application.id!r}")
    new = ApplicationVersion(version=cur.version + 1, application=application)
    return PermitRecord(versions=(*record.versions, new))
