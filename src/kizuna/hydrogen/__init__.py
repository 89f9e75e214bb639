"""Compressed-hydrogen storage caps (Building Standards Act Art. 48) and the special zone's
raised caps: is this amount allowed at this site, under which regime, and what is needed if not.

Pure domain code: typed values in, typed values out. The shipped caps live in
``kizuna/config/hydrogen_*.json``; see ``docs/hydrogen.md``.
"""

from kizuna.hydrogen.caps import (
    District,
    HpgsThreshold,
    HydrogenRules,
    Regime,
    SpecialZoneCaps,
    StandardRules,
    default_rules,
    load_special_zone_caps,
    load_standard_rules,
    parse_special_zone_caps,
    parse_standard_rules,
)
from kizuna.hydrogen.check import Need, Notice, Site, Verdict, check
from kizuna.hydrogen.contract import CheckRequest, verdict_json
from kizuna.hydrogen.conversion import HYDROGEN_DENSITY_KG_PER_M3, kg_from_m3, m3_from_kg
from kizuna.hydrogen.registry import Location, RegisteredSite, SiteRegistry, locate, map_layer

__all__ = [
    "HYDROGEN_DENSITY_KG_PER_M3",
    "CheckRequest",
    "District",
    "HpgsThreshold",
    "HydrogenRules",
    "Location",
    "Need",
    "Notice",
    "Regime",
    "RegisteredSite",
    "Site",
    "SiteRegistry",
    "SpecialZoneCaps",
    "StandardRules",
    "Verdict",
    "check",
    "default_rules",
    "kg_from_m3",
    "load_special_zone_caps",
    "load_standard_rules",
    "locate",
    "m3_from_kg",
    "map_layer",
    "parse_special_zone_caps",
    "parse_standard_rules",
    "verdict_json",
]
