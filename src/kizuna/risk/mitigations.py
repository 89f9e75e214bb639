"""Ground-risk mitigations M1(A), M1(B), M1(C) and M2 (SORA 2.5 Table 5).

They are applied in that order. The M1 mitigations cannot take the GRC below the
controlled-ground-area value of the iGRC column; M2 may. The final GRC is at least 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kizuna.errors import InvalidInput
from kizuna.risk.igrc import controlled_ground_area_grc
from kizuna.risk.reasons import Reason

__all__ = [
    "GRC_REDUCTION",
    "FinalGrc",
    "GroundMitigations",
    "Mitigation",
    "MitigationLevel",
    "apply_ground_mitigations",
]

RULE = "SORA 2.5 Table 5"


class Mitigation(StrEnum):
    """The ground mitigations, in the order they are applied."""

    M1A = "M1A"
    M1B = "M1B"
    M1C = "M1C"
    M2 = "M2"


class MitigationLevel(StrEnum):
    """Robustness level of a mitigation."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


_NAMES: dict[Mitigation, tuple[str, str]] = {
    Mitigation.M1A: ("M1(A) sheltering", "M1(A) 遮蔽"),
    Mitigation.M1B: ("M1(B) operational restrictions", "M1(B) 運用上の制限"),
    Mitigation.M1C: ("M1(C) ground observation", "M1(C) 地上監視"),
    Mitigation.M2: ("M2 impact dynamics reduced", "M2 衝突エネルギーの低減"),
}

_LEVELS_JA = {MitigationLevel.LOW: "低", MitigationLevel.MEDIUM: "中", MitigationLevel.HIGH: "高"}

#: GRC reduction per mitigation and level; None means the level is not allowed.
GRC_REDUCTION: dict[Mitigation, dict[MitigationLevel, int | None]] = {
    Mitigation.M1A: {MitigationLevel.LOW: 1, MitigationLevel.MEDIUM: 2, MitigationLevel.HIGH: None},
    Mitigation.M1B: {MitigationLevel.LOW: None, MitigationLevel.MEDIUM: 1, MitigationLevel.HIGH: 2},
    Mitigation.M1C: {
        MitigationLevel.LOW: 1,
        MitigationLevel.MEDIUM: None,
        MitigationLevel.HIGH: None,
    },
    Mitigation.M2: {MitigationLevel.LOW: None, MitigationLevel.MEDIUM: 1, MitigationLevel.HIGH: 2},
}


@dataclass(frozen=True, slots=True)
class GroundMitigations:
    """The claimed level of each ground mitigation (None: not claimed)."""

    m1a: MitigationLevel | None = None
    m1b: MitigationLevel | None = None
    m1c: MitigationLevel | None = None
    m2: MitigationLevel | None = None

    def __post_init__(self) -> None:
        for mitigation, level in self.items():
            if level is not None and GRC_REDUCTION[mitigation][level] is None:
                raise InvalidInput(
                    f"mitigations.{mitigation}: level {level.value!r} is not allowed for "
                    f"{_NAMES[mitigation][0]} ({RULE})",
                    field=f"mitigations.{mitigation}",
                )
        if self.m1a is MitigationLevel.MEDIUM and self.m1b is not None:
            raise InvalidInput(
                f"mitigations.M1B: M1(A) at medium cannot be combined with any M1(B) ({RULE})",
                field="mitigations.M1B",
            )

    def items(self) -> tuple[tuple[Mitigation, MitigationLevel | None], ...]:
        """Each mitigation with its level, in the order they are applied."""
        return (
            (Mitigation.M1A, self.m1a),
            (Mitigation.M1B, self.m1b),
            (Mitigation.M1C, self.m1c),
            (Mitigation.M2, self.m2),
        )


@dataclass(frozen=True, slots=True)
class FinalGrc:
    """The GRC after mitigation; None when the iGRC is out of the table."""

    value: int | None
    reasons: tuple[Reason, ...]


def apply_ground_mitigations(
    igrc: int | None, column: int | None, mitigations: GroundMitigations
) -> FinalGrc:
    """Apply M1(A), M1(B), M1(C) and M2 in order to the iGRC of ``column``.

    Parameters
    ----------
    igrc
        The intrinsic GRC, or None when it is out of the table.
    column
        The iGRC column (1 to 5), which sets the M1 floor; None keeps M1 from lowering the GRC.
    mitigations
        The claimed levels.
    """
    if igrc is None:
        reason = Reason(
            "FINAL_GRC_NONE",
            "no final GRC: the iGRC is out of the table",
            "最終 GRC なし: iGRC が表の範囲外",
            RULE,
        )
        return FinalGrc(None, (reason,))
    if igrc < 1:
        raise InvalidInput(f"igrc: must be at least 1, got {igrc}", field="igrc")

    reasons: list[Reason] = []
    grc = igrc
    for mitigation, level in mitigations.items():
        if level is None:
            continue
        reduction = GRC_REDUCTION[mitigation][level]
        assert reduction is not None  # GroundMitigations rejects not-allowed levels
        name, name_ja = _NAMES[mitigation]
        before = grc
        grc -= reduction
        floor_note = floor_note_ja = ""
        if mitigation is not Mitigation.M2:
            # M1 may not go below the controlled-ground-area value, and never raises the GRC.
            # Without a column (small aircraft beyond the table) the iGRC is 1 already.
            floor = before if column is None else min(before, controlled_ground_area_grc(column))
            if grc < floor:
                grc = floor
                floor_note = (
                    f", held at {floor} (M1 cannot go below the controlled-ground-area "
                    f"value of column {column})"
                )
                floor_note_ja = f"、列 {column} の立入管理区画の値 {floor} で下限"
        reasons.append(
            Reason(
                str(mitigation),
                f"{name} {level.value}: -{reduction}, GRC {before} -> {grc}{floor_note}",
                f"{name_ja} {_LEVELS_JA[level]}: -{reduction}、GRC {before} → {grc}{floor_note_ja}",
                RULE,
            )
        )
    if grc < 1:
        reasons.append(
            Reason(
                "GRC_FLOOR",
                f"GRC {grc} raised to 1: the final GRC cannot be below 1",
                f"GRC {grc} を 1 に: 最終 GRC は 1 未満にならない",
                RULE,
            )
        )
        grc = 1
    reasons.append(
        Reason(
            "FINAL_GRC",
            f"final GRC {grc} (iGRC {igrc})",
            f"最終 GRC {grc} (iGRC {igrc})",
            RULE,
        )
    )
    return FinalGrc(grc, tuple(reasons))
