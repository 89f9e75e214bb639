"""The whole SORA chain on typed values."""

from __future__ import annotations

from kizuna.risk.arc import AirRiskClass, AirspaceEnvironment
from kizuna.risk.mitigations import GroundMitigations, MitigationLevel
from kizuna.risk.sail import Sail
from kizuna.risk.sora import SoraOperation, assess_sora


def test_issue_example() -> None:
    """1.2 m, 20 m/s, 300/km², M1(A) low, M2 medium, rural below 150 m: iGRC 5, GRC 3, SAIL II."""
    result = assess_sora(
        SoraOperation(
            characteristic_dimension_m=1.2,
            max_speed_mps=20,
            mass_kg=9.8,
            population_density=300,
            environment=AirspaceEnvironment.UNCONTROLLED_RURAL,
            mitigations=GroundMitigations(m1a=MitigationLevel.LOW, m2=MitigationLevel.MEDIUM),
        )
    )
    assert (result.igrc, result.final_grc) == (5, 3)
    assert (result.initial_arc, result.residual_arc) == (AirRiskClass.B, AirRiskClass.B)
    assert result.sail is Sail.II
    assert [r.code for r in result.reasons] == [
        "IGRC",
        "M1A",
        "M2",
        "FINAL_GRC",
        "ARC_INITIAL",
        "ARC_RESIDUAL",
        "SAIL",
    ]


def test_out_of_table_goes_certified_but_still_has_an_arc() -> None:
    """A large aircraft over a city has no iGRC, no final GRC, and SAIL certified."""
    result = assess_sora(
        SoraOperation(
            characteristic_dimension_m=10,
            max_speed_mps=60,
            mass_kg=500,
            population_density=80000,
            environment=AirspaceEnvironment.CONTROLLED,
            above_150m_agl=True,
            strategic_arc_reduction=1,
        )
    )
    assert result.igrc is None and result.final_grc is None
    assert (result.initial_arc, result.residual_arc) == (AirRiskClass.D, AirRiskClass.C)
    assert result.sail is Sail.CERTIFIED


def test_final_grc_above_7_is_certified() -> None:
    """Final GRC 7 is SAIL VI; one column larger gives final GRC 8: the certified category."""
    result = assess_sora(
        SoraOperation(
            characteristic_dimension_m=20,
            max_speed_mps=100,
            mass_kg=3000,
            population_density=4000,
            environment=AirspaceEnvironment.UNCONTROLLED_RURAL,
            mitigations=GroundMitigations(m2=MitigationLevel.MEDIUM),
        )
    )
    assert (result.igrc, result.final_grc, result.sail) == (8, 7, Sail.VI)
    heavier = assess_sora(
        SoraOperation(
            characteristic_dimension_m=20.5,
            max_speed_mps=100,
            mass_kg=3000,
            population_density=4000,
            environment=AirspaceEnvironment.UNCONTROLLED_RURAL,
            mitigations=GroundMitigations(m2=MitigationLevel.MEDIUM),
        )
    )
    assert (heavier.igrc, heavier.final_grc, heavier.sail) == (9, 8, Sail.CERTIFIED)
