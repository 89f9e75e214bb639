"""TMPR by residual ARC (SORA 2.5 Table 6); none under VLOS."""

from __future__ import annotations

import pytest

from kizuna.errors import InvalidInput
from kizuna.risk.arc import AirRiskClass
from kizuna.risk.tmpr import tactical_mitigation


@pytest.mark.parametrize(("arc", "level"), [
    (AirRiskClass.A, "none"), (AirRiskClass.B, "low"), (AirRiskClass.C, "medium"),
    (AirRiskClass.D, "high")])
def test_bvlos_tmpr_per_arc(arc: AirRiskClass, level: str) -> None:
    """BVLOS: ARC-a none, b low, c medium, d high, with the same robustness."""
    t = tactical_mitigation(arc, "bvlos")
    assert (t.requirement, t.robustness) == (level, level)
    assert t.reason.code == "TMPR" and "Table 6" in t.reason.rule


@pytest.mark.parametrize("arc", list(AirRiskClass))
def test_vlos_needs_none(arc: AirRiskClass) -> None:
    """VLOS: no TMPR whatever the ARC."""
    t = tactical_mitigation(arc, "vlos")
    assert (t.requirement, t.robustness, t.reason.code) == ("none", "none", "TMPR_VLOS")


def test_unknown_operation_is_refused() -> None:
    """An operation other than bvlos/vlos names the field."""
    with pytest.raises(InvalidInput, match="operation"):
        tactical_mitigation(AirRiskClass.B, "evlos")  # type: ignore[arg-type]
