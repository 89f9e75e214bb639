"""JSON input of ``kizuna rules classify`` (documented in docs/rules.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, model_validator

from kizuna.rules.facts import AltitudeReference, FlightFacts, MethodFacts
from kizuna.rules.status import AircraftStatus, EntryControl, OperatorStatus, PilotStatus

__all__ = ["ClassifyRequest"]


class ClassifyRequest(BaseModel):
    """One flight to classify: explicit ``facts``, or a ``route``/``area`` to derive them from.

    The route/area keys are checked here for their shape (which keys go together); the
    geometry itself is read and the facts derived by ``kizuna.rules.derive``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    facts: FlightFacts | None = None
    route: dict[str, Any] | None = None
    area: dict[str, Any] | None = None
    max_altitude_agl_m: float | None = Field(default=None, strict=True, allow_inf_nan=False)
    scenario: StrictStr | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    altitude_reference: AltitudeReference = AltitudeReference.AGL
    lateral_margin_m: float | None = Field(default=None, strict=True, ge=0, allow_inf_nan=False)
    method_facts: MethodFacts | None = None
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
        for key in ("start_time", "end_time"):
            when = getattr(self, key)
            if when is not None and when.utcoffset() is None:
                raise ValueError(f"{key} needs a timezone offset")
        if self.facts is not None:
            extra = sorted(_DERIVATION_KEYS & self.model_fields_set)
            if extra:
                raise ValueError(f"{', '.join(extra)}: only with a route or an area, not facts")
            return self
        for key in ("scenario", "start_time"):
            if getattr(self, key) is None:
                raise ValueError(f"{key}: required with a route or an area")
        if self.area is not None:
            if self.max_altitude_agl_m is None:
                raise ValueError("max_altitude_agl_m: required with an area")
            if "altitude_reference" in self.model_fields_set:
                raise ValueError("altitude_reference: only with a route (an area is AGL)")
        elif self.max_altitude_agl_m is not None:
            raise ValueError("max_altitude_agl_m: only with an area")
        if self.max_altitude_agl_m is not None and self.max_altitude_agl_m < 0:
            raise ValueError("max_altitude_agl_m: must be 0 or more")
        if (self.end_time is not None and self.start_time is not None
                and self.end_time < self.start_time):
            raise ValueError("end_time: before start_time")
        return self


_DERIVATION_KEYS = frozenset({
    "scenario", "start_time", "end_time", "altitude_reference", "lateral_margin_m",
    "method_facts", "max_altitude_agl_m",
})
