"""Tests for kizuna.hydrogen.check: every district at, under and over its cap."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kizuna.errors import InvalidInput
from kizuna.hydrogen import (
    District,
    HydrogenRules,
    Regime,
    Site,
    SpecialZoneCaps,
    check,
    default_rules,
    parse_standard_rules,
)

# DOMAIN.md section 6.
STANDARD_CAPS: dict[str, int | None] = {
    "exclusive_residential": 0,
    "residential": 350,
    "quasi_residential": 350,
    "neighbourhood_commercial": 700,
    "commercial": 700,
    "quasi_industrial": 3500,
    "industrial": None,
    "exclusive_industrial": None,
}
# The shipped, illustrative Fukushima example; residential and exclusive_residential are silent.
SPECIAL_CAPS: dict[str, int | None] = {
    **STANDARD_CAPS,
    "quasi_residential": 700,
    "neighbourhood_commercial": 1400,
    "commercial": 1400,
    "quasi_industrial": 7000,
}
DENSITY = Decimal("0.0899")
STEP = Decimal("0.001")


def _cases() -> list[object]:
    cases: list[object] = []
    for special_zone, caps in ((False, STANDARD_CAPS), (True, SPECIAL_CAPS)):
        regime = "special_zone" if special_zone else "standard"
        for district, cap in caps.items():
            for unit in ("m3", "kg"):
                if cap is None:
                    amounts = [("no_cap", Decimal(10**6), True)]
                else:
                    cap_in_unit = Decimal(cap) * (DENSITY if unit == "kg" else 1)
                    amounts = [("at_cap", cap_in_unit, True), ("over", cap_in_unit + STEP, False)]
                    if cap > 0:
                        amounts.append(("under", cap_in_unit - STEP, True))
                for where, amount, allowed in amounts:
                    cases.append(
                        pytest.param(
                            district,
                            special_zone,
                            unit,
                            float(amount),
                            cap,
                            allowed,
                            id=f"{regime}-{district}-{where}-{unit}",
                        )
                    )
    return cases


@pytest.mark.parametrize(("district", "special_zone", "unit", "amount", "cap", "allowed"), _cases())
def test_every_district_at_under_over_and_without_cap(
    district: str, special_zone: bool, unit: str, amount: float, cap: int | None, allowed: bool
) -> None:
    """The cap is a maximum: at or under it is allowed, over it needs a special permit."""
    stored_m3, stored_kg = (amount, None) if unit == "m3" else (None, amount)
    site = Site(District(district), stored_m3, stored_kg, special_zone=special_zone)
    verdict = check(site)
    assert verdict.allowed is allowed
    assert verdict.regime is (Regime.SPECIAL_ZONE if special_zone else Regime.STANDARD)
    assert verdict.cap_m3 == (None if cap is None else Decimal(cap))
    if allowed:
        assert verdict.needs == ()
    else:
        assert [n.code for n in verdict.needs] == ["special_permit"]
        assert verdict.needs[0].steps == ("public_hearing", "building_review_board")


@pytest.mark.parametrize("district", list(District))
@pytest.mark.parametrize("unit", ["stored_m3", "stored_kg"])
def test_special_zone_without_cap_allows_any_amount(district: District, unit: str) -> None:
    """A special zone that lifts a district's cap (null) allows any amount there."""
    rules = HydrogenRules(
        standard=default_rules().standard,
        special_zone=SpecialZoneCaps(name="no caps", caps_m3=dict.fromkeys(District)),
    )
    stored_m3, stored_kg = (1e9, None) if unit == "stored_m3" else (None, 1e9)
    verdict = check(Site(district, stored_m3, stored_kg, special_zone=True), rules)
    assert verdict.allowed is True
    assert verdict.cap_m3 is None
    assert verdict.regime is Regime.SPECIAL_ZONE


def test_cap_in_kg_is_exact() -> None:
    """31.465 kg is exactly 350 m³, so it is at the residential cap, not over it."""
    verdict = check(Site(district=District.RESIDENTIAL, stored_kg=31.465))
    assert verdict.stored_m3 == Decimal(350)
    assert verdict.allowed is True


def test_exclusive_residential_allows_only_zero() -> None:
    """In an exclusive residential district nothing may be stored, but storing nothing is fine."""
    assert check(Site(district=District.EXCLUSIVE_RESIDENTIAL, stored_m3=0)).allowed is True
    assert check(Site(district=District.EXCLUSIVE_RESIDENTIAL, stored_kg=0.0001)).allowed is False


def test_over_cap_need_explains_the_excess() -> None:
    """The special-permit need says the cap, the amount and by how much it is exceeded."""
    verdict = check(Site(district=District.COMMERCIAL, stored_m3=800))
    need = verdict.needs[0]
    assert need.code == "special_permit"
    assert "Art. 48" in need.rule
    assert "700 m3" in need.text_en
    assert "by 100 m3" in need.text_en
    assert "建築審査会" in need.text_ja


@pytest.mark.parametrize("district", list(District))
def test_hydrogen_station_is_always_allowed_with_a_notice(district: District) -> None:
    """A hydrogen station built to MLIT's standard is excluded from the count."""
    verdict = check(Site(district=district, stored_m3=1e6, hydrogen_station=True))
    assert verdict.allowed is True
    assert verdict.needs == ()
    assert verdict.counted_m3 == 0
    assert verdict.stored_m3 == Decimal(10**6)
    assert "hydrogen_station_excluded" in [n.code for n in verdict.notices]


@pytest.mark.parametrize(
    ("stored_m3", "notified"), [(299.999, False), (300, True), (300.001, True)]
)
def test_hpgs_specified_consumer_notice_from_300_m3(stored_m3: float, notified: bool) -> None:
    """300 m³ or more makes a specified high-pressure gas consumer (a notice, not a refusal)."""
    verdict = check(Site(district=District.INDUSTRIAL, stored_m3=stored_m3))
    assert ("hpgs_specified_consumer" in [n.code for n in verdict.notices]) is notified
    assert verdict.allowed is True


def test_hpgs_notice_applies_to_hydrogen_stations_too() -> None:
    """The station exclusion is a Building Standards Act rule; the HPGS still counts the gas."""
    verdict = check(Site(district=District.COMMERCIAL, stored_m3=500, hydrogen_station=True))
    assert {"hydrogen_station_excluded", "hpgs_specified_consumer"} <= {
        n.code for n in verdict.notices
    }


def test_hpgs_thresholds_are_configurable() -> None:
    """A configured threshold produces its own notice at its own amount."""
    standard = parse_standard_rules(
        {
            "caps_m3": STANDARD_CAPS,
            "hpgs_thresholds": [
                {
                    "code": "hpgs_test",
                    "min_m3": 100,
                    "rule": "test rule",
                    "text_en": "over 100",
                    "text_ja": "100以上",
                }
            ],
        }
    )
    rules = HydrogenRules(standard=standard, special_zone=default_rules().special_zone)
    codes = [n.code for n in check(Site(District.INDUSTRIAL, stored_m3=100), rules).notices]
    assert codes == ["hpgs_test"]


def test_special_zone_silent_district_notice() -> None:
    """Where the special-zone configuration is silent, the standard cap applies, with a notice."""
    verdict = check(Site(district=District.RESIDENTIAL, stored_m3=351, special_zone=True))
    assert verdict.regime is Regime.SPECIAL_ZONE
    assert verdict.cap_m3 == Decimal(350)
    assert verdict.allowed is False
    assert "special_zone_cap_not_configured" in [n.code for n in verdict.notices]


def test_illustrative_special_zone_caps_carry_a_notice() -> None:
    """A verdict that uses the illustrative example caps says so; a standard verdict does not."""
    special = check(Site(district=District.COMMERCIAL, stored_m3=10, special_zone=True))
    standard = check(Site(district=District.COMMERCIAL, stored_m3=10))
    assert [n.code for n in special.notices] == ["special_zone_caps_illustrative"]
    assert standard.notices == ()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"stored_m3": -1}, "stored_m3"),
        ({"stored_kg": -0.001}, "stored_kg"),
        ({"stored_m3": float("nan")}, "stored_m3"),
        ({"stored_m3": float("inf")}, "stored_m3"),
        ({"stored_m3": True}, "stored_m3"),
        ({}, "stored_m3"),
        ({"stored_m3": 1, "stored_kg": 1}, "stored_m3"),
        ({"stored_m3": 1, "hydrogen_station": 1}, "hydrogen_station"),
        ({"stored_m3": 1, "special_zone": "yes"}, "special_zone"),
    ],
)
def test_bad_site_is_rejected(kwargs: dict[str, object], field: str) -> None:
    """Negative, non-finite or missing amounts and non-boolean flags raise InvalidInput."""
    with pytest.raises(InvalidInput) as info:
        Site(district=District.COMMERCIAL, **kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


def test_unknown_district_is_rejected() -> None:
    """An unknown district name raises InvalidInput listing the known ones."""
    with pytest.raises(InvalidInput, match=r"unknown district 'downtown'.*commercial"):
        Site(district="downtown", stored_m3=1)  # type: ignore[arg-type]
