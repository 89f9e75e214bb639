"""What a SAIL asks for (SORA 2.5 Steps 6, 8 and 9): OSOs, TMPR and containment, in one call.

The CLI (``kizuna risk sora``), the API and the permit dossier all call :func:`requirements_for`
after :func:`kizuna.risk.sora.assess_sora`, so the three read the same tables the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from kizuna.risk.containment import (
    AdjacentArea,
    Containment,
    adjacent_distance_m,
    required_containment,
)
from kizuna.risk.oso import OsoRequirements, required_osos
from kizuna.risk.sora import SoraAssessment, SoraOperation
from kizuna.risk.tables import SoraTables
from kizuna.risk.tmpr import LineOfSight, Tmpr, tactical_mitigation

__all__ = ["SailRequirements", "requirements_for"]


@dataclass(frozen=True, slots=True)
class SailRequirements:
    """The OSOs, TMPR and containment of an assessed operation."""

    osos: OsoRequirements
    tmpr: Tmpr
    containment: Containment
    adjacent: AdjacentArea | None
    adjacent_distance_m: float
    adjacent_density: float | None
    assemblies_within_1km: int


def requirements_for(assessment: SoraAssessment, operation: SoraOperation, *,
                     line_of_sight: LineOfSight = "bvlos",
                     adjacent: AdjacentArea | None = None,
                     adjacent_density: float | None = None,
                     assemblies_within_1km: int = 0,
                     tables: SoraTables | None = None) -> SailRequirements:
    """OSOs at the SAIL, TMPR from the residual ARC, containment from the adjacent area.

    The adjacent density is ``adjacent.mean_density`` when an adjacent area was derived, else
    ``adjacent_density`` (None: unknown, which meets no density limit).
    """
    density = adjacent.mean_density if adjacent is not None else adjacent_density
    return SailRequirements(
        osos=required_osos(assessment.sail, tables),
        tmpr=tactical_mitigation(assessment.residual_arc, line_of_sight, tables),
        containment=required_containment(
            assessment.sail, characteristic_dimension_m=operation.characteristic_dimension_m,
            max_speed_mps=operation.max_speed_mps, mass_kg=operation.mass_kg,
            adjacent_density=density, assemblies_within_1km=assemblies_within_1km,
            tables=tables),
        adjacent=adjacent,
        adjacent_distance_m=(adjacent.distance_m if adjacent is not None
                             else adjacent_distance_m(operation.max_speed_mps, tables)),
        adjacent_density=density,
        assemblies_within_1km=assemblies_within_1km)
