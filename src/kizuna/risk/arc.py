"""Air risk class: the initial ARC from the airspace, and the residual ARC (SORA 2.5 Step 4-5)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kizuna.errors import InvalidInput
from kizuna.risk.reasons import Reason
from kizuna.risk.settings import DEFAULT_SORA_SETTINGS, SoraSettings

__all__ = [
    "AirRiskClass",
    "AirspaceEnvironment",
    "ArcResult",
    "initial_arc",
    "residual_arc",
]

RULE = "SORA 2.5 Step 4 (initial ARC)"
RULE_RESIDUAL = "SORA 2.5 Step 5 (strategic mitigation)"


class AirRiskClass(StrEnum):
    """ARC-a (lowest) to ARC-d (highest)."""

    A = "a"
    B = "b"
    C = "c"
    D = "d"


class AirspaceEnvironment(StrEnum):
    """The operational airspace, as the initial-ARC table distinguishes it."""

    ATYPICAL = "atypical"
    AIRPORT_BCD = "airport_bcd"
    AIRPORT_EFG = "airport_efg"
    CONTROLLED = "controlled"
    TMZ = "tmz"
    UNCONTROLLED_URBAN = "uncontrolled_urban"
    UNCONTROLLED_RURAL = "uncontrolled_rural"
    ABOVE_FL600 = "above_fl600"


_ORDER = (AirRiskClass.A, AirRiskClass.B, AirRiskClass.C, AirRiskClass.D)

#: (below 150 m AGL, above 150 m AGL) per environment.
_INITIAL: dict[AirspaceEnvironment, tuple[AirRiskClass, AirRiskClass]] = {
    AirspaceEnvironment.ATYPICAL: (AirRiskClass.A, AirRiskClass.A),
    AirspaceEnvironment.AIRPORT_BCD: (AirRiskClass.D, AirRiskClass.D),
    AirspaceEnvironment.AIRPORT_EFG: (AirRiskClass.C, AirRiskClass.C),
    AirspaceEnvironment.CONTROLLED: (AirRiskClass.C, AirRiskClass.D),
    AirspaceEnvironment.TMZ: (AirRiskClass.C, AirRiskClass.D),
    AirspaceEnvironment.UNCONTROLLED_URBAN: (AirRiskClass.C, AirRiskClass.C),
    AirspaceEnvironment.UNCONTROLLED_RURAL: (AirRiskClass.B, AirRiskClass.C),
    AirspaceEnvironment.ABOVE_FL600: (AirRiskClass.B, AirRiskClass.B),
}

_ENV_TEXT: dict[AirspaceEnvironment, tuple[str, str]] = {
    AirspaceEnvironment.ATYPICAL: ("atypical or segregated airspace", "特殊・隔離空域"),
    AirspaceEnvironment.AIRPORT_BCD: (
        "airport environment in class B, C or D",
        "B/C/D 空域の空港周辺",
    ),
    AirspaceEnvironment.AIRPORT_EFG: (
        "airport environment in class E, F or G",
        "E/F/G 空域の空港周辺",
    ),
    AirspaceEnvironment.CONTROLLED: ("controlled airspace", "管制空域"),
    AirspaceEnvironment.TMZ: ("Mode-S veil or TMZ", "Mode-S ベール/TMZ"),
    AirspaceEnvironment.UNCONTROLLED_URBAN: (
        "uncontrolled airspace over an urban area",
        "非管制空域・市街地上空",
    ),
    AirspaceEnvironment.UNCONTROLLED_RURAL: (
        "uncontrolled airspace over a rural area",
        "非管制空域・郊外上空",
    ),
    AirspaceEnvironment.ABOVE_FL600: ("above FL600", "FL600 超"),
}


@dataclass(frozen=True, slots=True)
class ArcResult:
    """An air risk class with its reasons."""

    arc: AirRiskClass
    reasons: tuple[Reason, ...]


def initial_arc(environment: AirspaceEnvironment, above_150m_agl: bool) -> ArcResult:
    """The initial ARC of ``environment``, below or above 150 m (500 ft) AGL."""
    arc = _INITIAL[environment][1 if above_150m_agl else 0]
    name, name_ja = _ENV_TEXT[environment]
    height = "above 150 m AGL" if above_150m_agl else "below 150 m AGL"
    height_ja = "対地 150 m 以上" if above_150m_agl else "対地 150 m 未満"
    reason = Reason(
        "ARC_INITIAL",
        f"initial ARC-{arc}: {name}, {height}",
        f"初期 ARC-{arc}: {name_ja}、{height_ja}",
        RULE,
    )
    return ArcResult(arc, (reason,))


def residual_arc(
    initial: AirRiskClass,
    strategic_reduction: int,
    settings: SoraSettings = DEFAULT_SORA_SETTINGS,
) -> ArcResult:
    """Lower ``initial`` by ``strategic_reduction`` classes, at most the configured maximum.

    ARC-a is the lowest class: a reduction below it has no effect (and says so).
    """
    limit = settings.max_strategic_arc_reduction
    if isinstance(strategic_reduction, bool) or not 0 <= strategic_reduction <= limit:
        raise InvalidInput(
            f"strategic_arc_reduction: must be an integer from 0 to {limit}, "
            f"got {strategic_reduction!r}",
            field="strategic_arc_reduction",
        )
    index = _ORDER.index(initial)
    arc = _ORDER[max(index - strategic_reduction, 0)]
    if strategic_reduction == 0:
        text = f"residual ARC-{arc}: no strategic mitigation claimed"
        text_ja = f"残存 ARC-{arc}: 戦略的軽減なし"
    elif arc == initial:
        text = f"residual ARC-{arc}: already the lowest class, strategic mitigation has no effect"
        text_ja = f"残存 ARC-{arc}: 既に最低クラスのため戦略的軽減の効果なし"
    else:
        text = (
            f"residual ARC-{arc}: strategic mitigation lowers ARC-{initial} by "
            f"{strategic_reduction} (at most {limit})"
        )
        text_ja = (
            f"残存 ARC-{arc}: 戦略的軽減で ARC-{initial} から "
            f"{strategic_reduction} 段階低減 (上限 {limit})"
        )
    return ArcResult(arc, (Reason("ARC_RESIDUAL", text, text_ja, RULE_RESIDUAL),))
