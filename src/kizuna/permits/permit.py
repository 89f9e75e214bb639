"""A permit: an application as approved, with its number, conditions and state.

This is the value ``kizuna permit check`` reads and the planner takes as its envelope. A permit
file that does not parse is refused (``InvalidInput``), never read as "no restrictions".
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError, model_validator

from kizuna.errors import InvalidInput
from kizuna.fleet import Aircraft
from kizuna.permits.application import Application
from kizuna.permits.conditions import Condition

if TYPE_CHECKING:
    from kizuna.planning.envelope import PermitEnvelope

__all__ = ["Permit", "PermitState", "parse_permit"]


class PermitState(StrEnum):
    """Where an application version is in its life."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXPIRED = "expired"
    REVOKED = "revoked"


class Permit(BaseModel):
    """An approved application (or one that was approved, then expired or was revoked).

    Parameters
    ----------
    number
        The permit number the regulator issued.
    version
        The application version it approves (amendments make new versions).
    state
        ``approved``, ``expired`` or ``revoked``; only ``approved`` lets anything fly.
    application
        The application as approved.
    conditions
        Conditions the regulator added (closed set, see ``kizuna.permits.conditions``).
    approved_on
        Date of the approval.
    revoked_at
        When it was revoked, if it was.
    notes
        Free-text remarks of the regulator (not checked automatically).
    pack_version
        The permit pack's version (``"<version>.<revision>"``) the regulator approved.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: StrictStr = Field(min_length=1)
    version: int = Field(ge=1, strict=True)
    state: PermitState
    application: Application
    conditions: tuple[Condition, ...] = ()
    approved_on: date
    revoked_at: datetime | None = None
    revocation_reason: StrictStr = ""
    notes: tuple[StrictStr, ...] = ()
    pack_version: StrictStr | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Permit:
        if self.state not in (PermitState.APPROVED, PermitState.EXPIRED, PermitState.REVOKED):
            raise ValueError(f"state: a permit is approved, expired or revoked, not {self.state}")
        if (self.state is PermitState.REVOKED) != (self.revoked_at is not None):
            raise ValueError("revoked_at: given exactly when the state is revoked")
        if self.revoked_at is not None and self.revoked_at.utcoffset() is None:
            raise ValueError("revoked_at: needs a timezone offset")
        names = [c.name for c in self.conditions]
        if len(names) != len(set(names)):
            raise ValueError("conditions: each condition at most once")
        return self

    @property
    def scenario(self) -> str:
        """The scenario the permit's geometry lies in."""
        return self.application.scenario

    def to_envelope(self, aircraft: Aircraft | None = None,
                    corridor: str | None = None) -> PermitEnvelope:
        """The planner's envelope for this permit (see :func:`kizuna.permits.envelope`)."""
        from kizuna.permits.envelope import permit_envelope

        return permit_envelope(self, aircraft=aircraft, corridor=corridor)


def parse_permit(data: Any, source: str = "permit") -> Permit:
    """Validate a permit JSON document; anything that does not parse raises InvalidInput."""
    if not isinstance(data, dict):
        raise InvalidInput(f"{source}: must be a JSON object")
    try:
        return Permit.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "permit"
        raise InvalidInput(f"{source}: {loc}: {first['msg']}") from None
