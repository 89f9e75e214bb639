"""Storage caps per use district: the standard table and a special zone's raised caps.

The standard caps and the High Pressure Gas Safety Act thresholds are configurable figures
(DOMAIN.md section 6) shipped in ``kizuna/config/hydrogen_standard.json``. The special-zone caps
are not published, so they are a configuration file too; the shipped example
(``hydrogen_special_zone_fukushima.json``) is labelled illustrative. Where a special-zone
configuration is silent about a district, the standard cap applies.

A cap of ``None`` means "no cap". Caps are maxima: storing exactly the cap is allowed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from typing import Any

from kizuna.errors import InvalidInput, UnknownName
from kizuna.hydrogen.conversion import as_decimal

__all__ = [
    "District",
    "HpgsThreshold",
    "HydrogenRules",
    "Regime",
    "SpecialZoneCaps",
    "StandardRules",
    "default_rules",
    "load_special_zone_caps",
    "load_standard_rules",
    "parse_district",
    "parse_special_zone_caps",
    "parse_standard_rules",
]


class District(StrEnum):
    """Use district (用途地域) as the Building Standards Act groups them for compressed gas."""

    EXCLUSIVE_RESIDENTIAL = "exclusive_residential"
    RESIDENTIAL = "residential"
    QUASI_RESIDENTIAL = "quasi_residential"
    NEIGHBOURHOOD_COMMERCIAL = "neighbourhood_commercial"
    COMMERCIAL = "commercial"
    QUASI_INDUSTRIAL = "quasi_industrial"
    INDUSTRIAL = "industrial"
    EXCLUSIVE_INDUSTRIAL = "exclusive_industrial"


class Regime(StrEnum):
    """Which cap table a verdict used."""

    STANDARD = "standard"
    SPECIAL_ZONE = "special_zone"


def parse_district(value: object) -> District:
    """Return the `District` named by ``value``, or raise `UnknownName`."""
    if isinstance(value, District):
        return value
    try:
        return District(str(value))
    except ValueError:
        raise UnknownName("district", str(value), [d.value for d in District]) from None


Cap = Decimal | None


@dataclass(frozen=True)
class HpgsThreshold:
    """A High Pressure Gas Safety Act threshold: at ``min_m3`` or more, give a notice."""

    code: str
    min_m3: Decimal
    rule: str
    text_en: str
    text_ja: str

    def __post_init__(self) -> None:
        if not self.code:
            raise InvalidInput("hpgs_thresholds.code: must not be empty", field="code")
        as_decimal(self.min_m3, "hpgs_thresholds.min_m3")


@dataclass(frozen=True)
class StandardRules:
    """The standard cap for every district, and the HPGS notice thresholds."""

    caps_m3: Mapping[District, Cap]
    hpgs_thresholds: tuple[HpgsThreshold, ...] = ()
    rule: str = "Building Standards Act Art. 48, Appended Table 2; Enforcement Order Art. 130-9"

    def __post_init__(self) -> None:
        missing = [d.value for d in District if d not in self.caps_m3]
        if missing:
            raise InvalidInput(
                f"caps_m3: standard caps missing for {', '.join(missing)}", field="caps_m3"
            )
        for district, cap in self.caps_m3.items():
            if cap is not None:
                as_decimal(cap, f"caps_m3.{district.value}")


@dataclass(frozen=True)
class SpecialZoneCaps:
    """A special zone's caps for the districts it raises; silent districts keep the standard."""

    name: str
    caps_m3: Mapping[District, Cap] = field(default_factory=dict)
    illustrative: bool = False
    rule: str = "Kizuna special zone: relaxed compressed-hydrogen storage caps"

    def __post_init__(self) -> None:
        if not self.name:
            raise InvalidInput("name: must not be empty", field="name")
        for district, cap in self.caps_m3.items():
            if cap is not None:
                as_decimal(cap, f"caps_m3.{district.value}")


@dataclass(frozen=True)
class HydrogenRules:
    """Standard rules plus one special zone's caps: everything `check` needs."""

    standard: StandardRules
    special_zone: SpecialZoneCaps

    def __post_init__(self) -> None:
        # The zone relaxes the rule; a lower special cap is a configuration mistake.
        for district, special in self.special_zone.caps_m3.items():
            standard = self.standard.caps_m3[district]
            if special is not None and (standard is None or special < standard):
                shown = "no cap" if standard is None else f"{standard} m3"
                raise InvalidInput(
                    f"caps_m3.{district.value}: special-zone cap {special} m3 is below the "
                    f"standard cap ({shown})",
                    field=f"caps_m3.{district.value}",
                )

    def cap(self, district: District, regime: Regime) -> Cap:
        """The cap in m³ for ``district`` under ``regime`` (None: no cap)."""
        if regime is Regime.SPECIAL_ZONE and district in self.special_zone.caps_m3:
            return self.special_zone.caps_m3[district]
        return self.standard.caps_m3[district]

    def special_zone_configures(self, district: District) -> bool:
        """Whether the special-zone configuration sets its own cap for ``district``."""
        return district in self.special_zone.caps_m3


def _require_mapping(doc: object, where: str) -> Mapping[str, Any]:
    if not isinstance(doc, Mapping):
        raise InvalidInput(f"{where}: must be a JSON object", field=where)
    return doc


def _parse_caps(doc: object, where: str) -> dict[District, Cap]:
    caps: dict[District, Cap] = {}
    for key, value in _require_mapping(doc, where).items():
        district = parse_district(key)
        if value is None:
            caps[district] = None
        elif isinstance(value, int | float) and not isinstance(value, bool):
            caps[district] = as_decimal(value, f"{where}.{key}")
        else:
            raise InvalidInput(
                f"{where}.{key}: must be a number of m3 or null, got {value!r}",
                field=f"{where}.{key}",
            )
    return caps


def _text(doc: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = doc.get(key, default)
    if not isinstance(value, str) or not value:
        raise InvalidInput(f"{where}.{key}: must be a non-empty string", field=f"{where}.{key}")
    return value


def parse_standard_rules(doc: object) -> StandardRules:
    """Build `StandardRules` from the JSON shape of ``hydrogen_standard.json``."""
    root = _require_mapping(doc, "standard rules")
    thresholds = root.get("hpgs_thresholds", [])
    if not isinstance(thresholds, list):
        raise InvalidInput("hpgs_thresholds: must be a list", field="hpgs_thresholds")
    parsed: list[HpgsThreshold] = []
    for i, item in enumerate(thresholds):
        where = f"hpgs_thresholds.{i}"
        entry = _require_mapping(item, where)
        min_m3 = entry.get("min_m3")
        if not isinstance(min_m3, int | float) or isinstance(min_m3, bool):
            raise InvalidInput(f"{where}.min_m3: must be a number", field=f"{where}.min_m3")
        parsed.append(
            HpgsThreshold(
                code=_text(entry, "code", where),
                min_m3=as_decimal(min_m3, f"{where}.min_m3"),
                rule=_text(entry, "rule", where),
                text_en=_text(entry, "text_en", where),
                text_ja=_text(entry, "text_ja", where),
            )
        )
    return StandardRules(
        caps_m3=_parse_caps(root.get("caps_m3"), "caps_m3"),
        hpgs_thresholds=tuple(parsed),
        rule=_text(root, "rule", "standard rules", StandardRules.rule),
    )


def parse_special_zone_caps(doc: object) -> SpecialZoneCaps:
    """Build `SpecialZoneCaps` from the JSON shape of a special-zone configuration."""
    root = _require_mapping(doc, "special-zone configuration")
    illustrative = root.get("illustrative", False)
    if not isinstance(illustrative, bool):
        raise InvalidInput("illustrative: must be true or false", field="illustrative")
    return SpecialZoneCaps(
        name=_text(root, "name", "special-zone configuration"),
        caps_m3=_parse_caps(root.get("caps_m3", {}), "caps_m3"),
        illustrative=illustrative,
        rule=_text(root, "rule", "special-zone configuration", SpecialZoneCaps.rule),
    )


def _packaged_json(name: str) -> Any:
    return json.loads(resources.files("kizuna.config").joinpath(name).read_text("utf-8"))


def load_standard_rules() -> StandardRules:
    """The shipped standard caps and HPGS thresholds."""
    return parse_standard_rules(_packaged_json("hydrogen_standard.json"))


def load_special_zone_caps() -> SpecialZoneCaps:
    """The shipped example special-zone caps (Fukushima; illustrative)."""
    return parse_special_zone_caps(_packaged_json("hydrogen_special_zone_fukushima.json"))


@lru_cache(maxsize=1)
def default_rules() -> HydrogenRules:
    """The shipped standard rules with the shipped (illustrative) Fukushima special zone."""
    return HydrogenRules(standard=load_standard_rules(), special_zone=load_special_zone_caps())
