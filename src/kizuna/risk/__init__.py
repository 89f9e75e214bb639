"""SORA 2.5 ground and air risk: iGRC, mitigations, ARC, SAIL, the OSOs, TMPR and containment
the SAIL calls for, the evidence behind the claims, and the fatality model.

Pure functions over typed values. Every step returns its reasons (code, English and Japanese
text, rule). Invalid values raise :class:`kizuna.errors.InvalidInput`.
"""

from __future__ import annotations

from kizuna.risk.arc import AirRiskClass, AirspaceEnvironment, ArcResult, initial_arc, residual_arc
from kizuna.risk.assurance import AssuranceItem, Evidence, assurance_items, gaps
from kizuna.risk.containment import (
    AdjacentArea,
    Containment,
    adjacent_area,
    adjacent_distance_m,
    required_containment,
)
from kizuna.risk.exposure import PopulationExposure, population_exposure
from kizuna.risk.fatality import fatality_probability
from kizuna.risk.ground import GroundRiskDerivation, derive_ground_risk
from kizuna.risk.igrc import IntrinsicGrc, intrinsic_grc
from kizuna.risk.mitigations import (
    FinalGrc,
    GroundMitigations,
    Mitigation,
    MitigationLevel,
    apply_ground_mitigations,
)
from kizuna.risk.oso import OsoRequirement, OsoRequirements, required_osos
from kizuna.risk.reasons import Reason
from kizuna.risk.requirements import SailRequirements, requirements_for
from kizuna.risk.route_risk import (
    CasualtySettings,
    FatalityRateGrid,
    ImpactModel,
    RouteRiskProfile,
    SegmentRisk,
    fatality_rate_grid,
    impact_model,
    route_risk_profile,
)
from kizuna.risk.sail import Sail, SailResult, sail_for
from kizuna.risk.settings import DEFAULT_SORA_SETTINGS, SoraSettings
from kizuna.risk.sora import SoraAssessment, SoraOperation, assess_sora
from kizuna.risk.tables import SoraTables, default_tables
from kizuna.risk.tmpr import Tmpr, tactical_mitigation
from kizuna.risk.volume import (
    GroundRiskBuffer,
    OperationalVolume,
    VolumeSettings,
    ground_risk_buffer,
    operational_volume,
)

__all__ = [
    "DEFAULT_SORA_SETTINGS",
    "AdjacentArea",
    "AirRiskClass",
    "AirspaceEnvironment",
    "ArcResult",
    "AssuranceItem",
    "CasualtySettings",
    "Containment",
    "Evidence",
    "FatalityRateGrid",
    "FinalGrc",
    "GroundMitigations",
    "GroundRiskBuffer",
    "GroundRiskDerivation",
    "ImpactModel",
    "IntrinsicGrc",
    "Mitigation",
    "MitigationLevel",
    "OperationalVolume",
    "OsoRequirement",
    "OsoRequirements",
    "PopulationExposure",
    "Reason",
    "RouteRiskProfile",
    "Sail",
    "SailRequirements",
    "SailResult",
    "SegmentRisk",
    "SoraAssessment",
    "SoraOperation",
    "SoraSettings",
    "SoraTables",
    "Tmpr",
    "VolumeSettings",
    "adjacent_area",
    "adjacent_distance_m",
    "apply_ground_mitigations",
    "assess_sora",
    "assurance_items",
    "default_tables",
    "derive_ground_risk",
    "fatality_probability",
    "fatality_rate_grid",
    "gaps",
    "ground_risk_buffer",
    "impact_model",
    "initial_arc",
    "intrinsic_grc",
    "operational_volume",
    "population_exposure",
    "required_containment",
    "required_osos",
    "requirements_for",
    "residual_arc",
    "route_risk_profile",
    "sail_for",
    "tactical_mitigation",
]
