"""The whole SORA 2.5 chain: iGRC, ground mitigations, initial and residual ARC, SAIL."""

from __future__ import annotations

from dataclasses import dataclass, field

from kizuna.risk.arc import AirRiskClass, AirspaceEnvironment, initial_arc, residual_arc
from kizuna.risk.igrc import intrinsic_grc
from kizuna.risk.mitigations import GroundMitigations, apply_ground_mitigations
from kizuna.risk.reasons import Reason
from kizuna.risk.sail import Sail, sail_for
from kizuna.risk.settings import DEFAULT_SORA_SETTINGS, SoraSettings

__all__ = ["SoraAssessment", "SoraOperation", "assess_sora"]


@dataclass(frozen=True, slots=True)
class SoraOperation:
    """What SORA needs to know about one operation (values are checked by each step)."""

    characteristic_dimension_m: float
    max_speed_mps: float
    mass_kg: float
    population_density: float
    environment: AirspaceEnvironment
    above_150m_agl: bool = False
    controlled_ground_area: bool = False
    mitigations: GroundMitigations = field(default_factory=GroundMitigations)
    strategic_arc_reduction: int = 0


@dataclass(frozen=True, slots=True)
class SoraAssessment:
    """The result of every step, with the reasons of all of them in order."""

    igrc: int | None
    final_grc: int | None
    initial_arc: AirRiskClass
    residual_arc: AirRiskClass
    sail: Sail
    reasons: tuple[Reason, ...]


def assess_sora(
    operation: SoraOperation, settings: SoraSettings = DEFAULT_SORA_SETTINGS
) -> SoraAssessment:
    """Run the SORA 2.5 steps on ``operation``."""
    igrc = intrinsic_grc(
        characteristic_dimension_m=operation.characteristic_dimension_m,
        max_speed_mps=operation.max_speed_mps,
        mass_kg=operation.mass_kg,
        population_density=operation.population_density,
        controlled_ground_area=operation.controlled_ground_area,
    )
    grc = apply_ground_mitigations(igrc.value, igrc.column, operation.mitigations)
    initial = initial_arc(operation.environment, operation.above_150m_agl)
    residual = residual_arc(initial.arc, operation.strategic_arc_reduction, settings)
    sail = sail_for(grc.value, residual.arc)
    return SoraAssessment(
        igrc=igrc.value,
        final_grc=grc.value,
        initial_arc=initial.arc,
        residual_arc=residual.arc,
        sail=sail.sail,
        reasons=igrc.reasons + grc.reasons + initial.reasons + residual.reasons + sail.reasons,
    )
