"""Tests for kizuna.hydrogen.caps: the shipped configuration and its parser."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kizuna.errors import InvalidInput, UnknownName
from kizuna.hydrogen.caps import (
    District,
    HydrogenRules,
    Regime,
    load_special_zone_caps,
    load_standard_rules,
    parse_special_zone_caps,
    parse_standard_rules,
)

DOMAIN_CAPS = {
    District.EXCLUSIVE_RESIDENTIAL: Decimal(0),
    District.RESIDENTIAL: Decimal(350),
    District.QUASI_RESIDENTIAL: Decimal(350),
    District.NEIGHBOURHOOD_COMMERCIAL: Decimal(700),
    District.COMMERCIAL: Decimal(700),
    District.QUASI_INDUSTRIAL: Decimal(3500),
    District.INDUSTRIAL: None,
    District.EXCLUSIVE_INDUSTRIAL: None,
}


def _standard_doc(**overrides: Any) -> dict[str, Any]:
    caps = {d.value: (None if c is None else int(c)) for d, c in DOMAIN_CAPS.items()}
    return {"caps_m3": caps, "hpgs_thresholds": [], **overrides}


def test_shipped_standard_caps_match_domain_table() -> None:
    """The shipped standard caps are DOMAIN.md section 6's table."""
    assert dict(load_standard_rules().caps_m3) == DOMAIN_CAPS


def test_shipped_hpgs_threshold_is_300_m3_specified_consumer() -> None:
    """The shipped HPGS threshold: 300 m³ makes a specified consumer."""
    [threshold] = load_standard_rules().hpgs_thresholds
    assert threshold.code == "hpgs_specified_consumer"
    assert threshold.min_m3 == Decimal(300)
    assert threshold.text_en and threshold.text_ja


def test_shipped_special_zone_is_illustrative_fukushima() -> None:
    """The example special zone is for Fukushima town centres and labelled illustrative."""
    zone = load_special_zone_caps()
    assert zone.illustrative is True
    assert "Fukushima" in zone.name
    # It must load together with the standard rules: no special cap below a standard one.
    HydrogenRules(standard=load_standard_rules(), special_zone=zone)


def test_silent_district_takes_the_standard_cap() -> None:
    """A district the special zone does not mention keeps its standard cap."""
    rules = HydrogenRules(
        standard=parse_standard_rules(_standard_doc()),
        special_zone=parse_special_zone_caps({"name": "z", "caps_m3": {"commercial": 900}}),
    )
    assert rules.cap(District.RESIDENTIAL, Regime.SPECIAL_ZONE) == Decimal(350)
    assert rules.cap(District.COMMERCIAL, Regime.SPECIAL_ZONE) == Decimal(900)
    assert rules.cap(District.COMMERCIAL, Regime.STANDARD) == Decimal(700)
    assert rules.special_zone_configures(District.COMMERCIAL)
    assert not rules.special_zone_configures(District.RESIDENTIAL)


def test_null_special_cap_means_no_cap() -> None:
    """null in a special-zone configuration lifts the cap."""
    rules = HydrogenRules(
        standard=parse_standard_rules(_standard_doc()),
        special_zone=parse_special_zone_caps({"name": "z", "caps_m3": {"commercial": None}}),
    )
    assert rules.cap(District.COMMERCIAL, Regime.SPECIAL_ZONE) is None


@pytest.mark.parametrize(
    ("caps", "match"),
    [
        ({"commercial": 500}, "commercial: special-zone cap 500 m3 is below"),
        (
            {"industrial": 10**6},
            "industrial: special-zone cap .* below the standard cap \\(no cap\\)",
        ),
    ],
)
def test_special_cap_below_standard_is_rejected(caps: dict[str, int], match: str) -> None:
    """The zone raises caps; a configuration that lowers one is a mistake."""
    with pytest.raises(InvalidInput, match=match):
        HydrogenRules(
            standard=parse_standard_rules(_standard_doc()),
            special_zone=parse_special_zone_caps({"name": "z", "caps_m3": caps}),
        )


@pytest.mark.parametrize(
    ("doc", "error", "match"),
    [
        ({"name": "z", "caps_m3": {"downtown": 1}}, UnknownName, "unknown district 'downtown'"),
        ({"name": "z", "caps_m3": {"commercial": "lots"}}, InvalidInput, "caps_m3.commercial"),
        ({"name": "z", "caps_m3": {"commercial": -5}}, InvalidInput, "negative"),
        ({"name": "z", "caps_m3": {"commercial": True}}, InvalidInput, "caps_m3.commercial"),
        ({"name": "z", "caps_m3": [1]}, InvalidInput, "caps_m3: must be a JSON object"),
        ({"name": "z", "illustrative": "yes"}, InvalidInput, "illustrative"),
        ({"caps_m3": {}}, InvalidInput, "name"),
        ([1, 2], InvalidInput, "must be a JSON object"),
    ],
)
def test_bad_special_zone_configuration(doc: object, error: type[Exception], match: str) -> None:
    """A malformed special-zone configuration raises an error naming the field."""
    with pytest.raises(error, match=match):
        parse_special_zone_caps(doc)


@pytest.mark.parametrize(
    ("doc", "match"),
    [
        ({"caps_m3": {"commercial": 700}}, "standard caps missing for exclusive_residential"),
        (_standard_doc(hpgs_thresholds={}), "hpgs_thresholds: must be a list"),
        (_standard_doc(hpgs_thresholds=[{"code": "x", "min_m3": "3"}]), "min_m3"),
        (_standard_doc(hpgs_thresholds=[{"code": "x", "min_m3": 3}]), "rule"),
    ],
)
def test_bad_standard_rules(doc: object, match: str) -> None:
    """Malformed standard rules raise InvalidInput naming the field."""
    with pytest.raises(InvalidInput, match=match):
        parse_standard_rules(doc)
