"""JSON contract of ``kizuna risk sora`` (docs/risk.md), shared by the CLI and the API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from kizuna.risk.arc import AirRiskClass, AirspaceEnvironment
from kizuna.risk.mitigations import GroundMitigations, MitigationLevel
from kizuna.risk.sail import Sail
from kizuna.risk.sora import SoraAssessment, SoraOperation

__all__ = [
    "AirspaceIn",
    "MitigationsIn",
    "ReasonOut",
    "SoraRequest",
    "SoraResponse",
]

Level = Literal["low", "medium", "high"] | None
Environment = Literal[
    "atypical",
    "airport_bcd",
    "airport_efg",
    "controlled",
    "tmz",
    "uncontrolled_urban",
    "uncontrolled_rural",
    "above_fl600",
]


def _level(value: str | None) -> MitigationLevel | None:
    return None if value is None else MitigationLevel(value)


class MitigationsIn(BaseModel):
    """Claimed ground mitigations; a missing key is the same as null."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    M1A: Level = None
    M1B: Level = None
    M1C: Level = None
    M2: Level = None

    def to_domain(self) -> GroundMitigations:
        """Check the levels against SORA 2.5 Table 5 (raises InvalidInput)."""
        return GroundMitigations(
            m1a=_level(self.M1A), m1b=_level(self.M1B), m1c=_level(self.M1C), m2=_level(self.M2)
        )


class AirspaceIn(BaseModel):
    """The operational airspace."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    environment: Environment
    above_150m_agl: StrictBool = False


class SoraRequest(BaseModel):
    """Input of ``kizuna risk sora`` with an explicit population density."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    characteristic_dimension_m: float = Field(gt=0, allow_inf_nan=False)
    max_speed_mps: float = Field(gt=0, allow_inf_nan=False)
    mass_kg: float = Field(gt=0, allow_inf_nan=False)
    # People per km², the maximum over the operational volume and the ground risk buffer.
    population_density: float = Field(ge=0, allow_inf_nan=False)
    controlled_ground_area: StrictBool = False
    mitigations: MitigationsIn = Field(default_factory=MitigationsIn)
    airspace: AirspaceIn
    strategic_arc_reduction: StrictInt = Field(default=0, ge=0)

    def to_domain(self) -> SoraOperation:
        """The domain value (raises InvalidInput for a not-allowed mitigation level)."""
        return SoraOperation(
            characteristic_dimension_m=self.characteristic_dimension_m,
            max_speed_mps=self.max_speed_mps,
            mass_kg=self.mass_kg,
            population_density=self.population_density,
            environment=AirspaceEnvironment(self.airspace.environment),
            above_150m_agl=self.airspace.above_150m_agl,
            controlled_ground_area=self.controlled_ground_area,
            mitigations=self.mitigations.to_domain(),
            strategic_arc_reduction=self.strategic_arc_reduction,
        )


class ReasonOut(BaseModel):
    """One reason: a stable code, English and Japanese text, and the rule it comes from."""

    model_config = ConfigDict(frozen=True)

    code: str
    text: str
    text_ja: str
    rule: str


class SoraResponse(BaseModel):
    """Output of ``kizuna risk sora``."""

    model_config = ConfigDict(frozen=True)

    igrc: int | None
    final_grc: int | None
    initial_arc: AirRiskClass
    residual_arc: AirRiskClass
    sail: Sail
    reasons: list[ReasonOut]

    @classmethod
    def from_assessment(cls, assessment: SoraAssessment) -> SoraResponse:
        """Build the JSON shape of a domain result."""
        return cls(
            igrc=assessment.igrc,
            final_grc=assessment.final_grc,
            initial_arc=assessment.initial_arc,
            residual_arc=assessment.residual_arc,
            sail=assessment.sail,
            reasons=[
                ReasonOut(code=r.code, text=r.text, text_ja=r.text_ja, rule=r.rule)
                for r in assessment.reasons
            ],
        )
