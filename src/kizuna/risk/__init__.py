"""SORA 2.5 ground and air risk: iGRC, mitigations, ARC, SAIL, and the fatality model.

Pure functions over typed values. Every step returns its reasons (code, English and Japanese
text, rule). Invalid values raise :class:`kizuna.errors.InvalidInput`.
"""

from __future__ import annotations

from kizuna.risk.arc import AirRiskClass, AirspaceEnvironment, ArcResult, initial_arc, residual_arc
from kizuna.risk.fatality import fatality_probability
from kizuna.risk.igrc import IntrinsicGrc, intrinsic_grc
from kizuna.risk.mitigations import (
    FinalGrc,
    GroundMitigations,
    Mitigation,
    MitigationLevel,
    apply_ground_mitigations,
)
from kizuna.risk.reasons import Reason
from kizuna.risk.sail import Sail, SailResult, sail_for
from kizuna.risk.settings import DEFAULT_SORA_SETTINGS, SoraSettings
from kizuna.risk.sora import SoraAssessment, SoraOperation, assess_sora

__all__ = [
    "DEFAULT_SORA_SETTINGS",
    "AirRiskClass",
    "AirspaceEnvironment",
    "ArcResult",
    "FinalGrc",
    "GroundMitigations",
    "IntrinsicGrc",
    "Mitigation",
    "MitigationLevel",
    "Reason",
    "Sail",
    "SailResult",
    "SoraAssessment",
    "SoraOperation",
    "SoraSettings",
    "apply_ground_mitigations",
    "assess_sora",
    "fatality_probability",
    "initial_arc",
    "intrinsic_grc",
    "residual_arc",
    "sail_for",
]
