"""JSON input of ``kizuna rules classify`` (documented in docs/rules.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, model_validator

from kizuna.rules.facts import FlightFacts
from kizuna.rules.status import AircraftStatus, EntryControl, OperatorStatus, PilotStatus

__all__ = ["ClassifyRequest"]


class ClassifyRequest(BaseModel):
    """One flight to classify: explicit ``facts``, or a ``route``/``area`` to derive them from.

    The route/area keys are accepted here so the contract is stable; deriving facts from them is
    the job of ``kizuna.rules.derive``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    facts: FlightFacts | None = None
    route: dict[str, Any] | None = None
    area: dict[str, Any] | None = None
    max_altitude_agl_m: float | None = Field(default=None, strict=True, allow_inf_nan=False)
    scenario: StrictStr | None = None
    start_time: datetime | None = None
    automatic: StrictBool = False
    entry_control: EntryControl
    special_zone: StrictBool = False
    aircraft: AircraftStatus
    pilot: PilotStatus = PilotStatus()
    operator: OperatorStatus = OperatorStatus()

    @model_validator(mode="after")
    def _one_source_of_facts(self) -> ClassifyRequest:
        given = [k for k in ("facts", "route", "area") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of facts, route or area (got {given or 'none'})")
        if self.start_time is not None and self.start_time.utcoffset() is None:
            raise ValueError("start_time needs a timezone offset")
        return self
