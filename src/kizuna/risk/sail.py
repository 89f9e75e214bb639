"""Specific assurance and integrity level from the final GRC and the residual ARC (SORA 2.5)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kizuna.errors import InvalidInput
from kizuna.risk.arc import AirRiskClass
from kizuna.risk.reasons import Reason

__all__ = ["MAX_SORA_GRC", "SAIL_TABLE", "Sail", "SailResult", "sail_for"]

RULE = "SORA 2.5 Step 7 (SAIL determination)"

#: Above this final GRC the operation leaves SORA for the certified category.
MAX_SORA_GRC = 7


class Sail(StrEnum):
    """SAIL I to VI, or ``certified`` when the operation is outside SORA."""

    I = "I"  # noqa: E741 - the SAIL's own name
    II = "II"
    III = "III"
    IV = "IV"
    V = "V"
    VI = "VI"
    CERTIFIED = "certified"


_A, _B, _C, _D = AirRiskClass.A, AirRiskClass.B, AirRiskClass.C, AirRiskClass.D

#: Row per final GRC (index 0: GRC <= 2, then 3 to 7), column per ARC.
SAIL_TABLE: tuple[dict[AirRiskClass, Sail], ...] = (
    {_A: Sail.I, _B: Sail.II, _C: Sail.IV, _D: Sail.VI},
    {_A: Sail.II, _B: Sail.II, _C: Sail.IV, _D: Sail.VI},
    {_A: Sail.III, _B: Sail.III, _C: Sail.IV, _D: Sail.VI},
    {_A: Sail.IV, _B: Sail.IV, _C: Sail.IV, _D: Sail.VI},
    {_A: Sail.V, _B: Sail.V, _C: Sail.V, _D: Sail.VI},
    {_A: Sail.VI, _B: Sail.VI, _C: Sail.VI, _D: Sail.VI},
)


@dataclass(frozen=True, slots=True)
class SailResult:
    """A SAIL with its reasons."""

    sail: Sail
    reasons: tuple[Reason, ...]


def sail_for(final_grc: int | None, residual_arc: AirRiskClass) -> SailResult:
    """The SAIL; ``certified`` when the final GRC is above 7 or None (iGRC out of the table)."""
    if final_grc is None:
        reason = Reason(
            "SAIL_CERTIFIED",
            "certified category: the iGRC is out of the SORA table",
            "認証カテゴリー: iGRC が SORA の表の範囲外",
            RULE,
        )
        return SailResult(Sail.CERTIFIED, (reason,))
    if final_grc < 1:
        raise InvalidInput(f"final_grc: must be at least 1, got {final_grc}", field="final_grc")
    if final_grc > MAX_SORA_GRC:
        reason = Reason(
            "SAIL_CERTIFIED",
            f"certified category: final GRC {final_grc} is above {MAX_SORA_GRC}",
            f"認証カテゴリー: 最終 GRC {final_grc} が {MAX_SORA_GRC} を超える",
            RULE,
        )
        return SailResult(Sail.CERTIFIED, (reason,))
    sail = SAIL_TABLE[max(final_grc - 2, 0)][residual_arc]
    reason = Reason(
        "SAIL",
        f"SAIL {sail}: final GRC {final_grc}, residual ARC-{residual_arc}",
        f"SAIL {sail}: 最終 GRC {final_grc}、残存 ARC-{residual_arc}",
        RULE,
    )
    return SailResult(sail, (reason,))
