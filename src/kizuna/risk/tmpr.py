"""Tactical mitigation performance requirement (SORA 2.5 Step 6, Table 6).

The TMPR follows from the residual ARC for a BVLOS operation. Under VLOS the remote pilot's
own look-out is the tactical mitigation, so no TMPR is required.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kizuna.errors import InvalidInput
from kizuna.risk.arc import AirRiskClass
from kizuna.risk.reasons import Reason
from kizuna.risk.tables import SoraTables, TmprLevel, default_tables

__all__ = ["LineOfSight", "Tmpr", "tactical_mitigation"]

LineOfSight = Literal["bvlos", "vlos"]

_JA = {"none": "なし", "low": "低", "medium": "中", "high": "高"}


@dataclass(frozen=True, slots=True)
class Tmpr:
    """The TMPR and the robustness it must be shown with."""

    requirement: TmprLevel
    robustness: TmprLevel
    reason: Reason


def tactical_mitigation(residual_arc: AirRiskClass, operation: LineOfSight = "bvlos",
                        tables: SoraTables | None = None) -> Tmpr:
    """The TMPR of an operation in ``residual_arc``."""
    table = (tables or default_tables()).tmpr
    if operation == "vlos":
        reason = Reason("TMPR_VLOS", "no TMPR: under VLOS the remote pilot's look-out is the "
                        "tactical mitigation", "TMPR なし: 目視内飛行では操縦者の目視が戦術的"
                        "軽減策となる", table.table)
        return Tmpr(table.vlos, table.vlos, reason)
    if operation != "bvlos":
        raise InvalidInput(f"operation: must be 'bvlos' or 'vlos', got {operation!r}",
                           field="operation")
    arc = str(residual_arc)
    need, robust = table.requirement[arc], table.robustness[arc]
    reason = Reason("TMPR", f"TMPR {need} (robustness {robust}): BVLOS in residual ARC-{arc}",
                    f"TMPR {_JA[need]} (ロバスト性 {_JA[robust]}): 目視外飛行、残存 ARC-{arc}",
                    table.table)
    return Tmpr(need, robust, reason)
