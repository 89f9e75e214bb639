"""Tests for the programme configuration: shipped prefectures, a third by config alone."""

from __future__ import annotations

from typing import Any

import pytest
from residency_builders import FUKUOKA, facts, with_programmes

from kizuna.errors import InvalidInput, UnknownName
from kizuna.residency import CriterionRule, check_company, default_programmes, parse_programmes


def test_kumamoto_and_miyagi_ship() -> None:
    """The shipped configuration has Kumamoto and Miyagi with the 30-day target."""
    programmes = default_programmes()
    assert programmes.prefectures == ("kumamoto", "miyagi")
    for name in programmes.prefectures:
        programme = programmes.get(name)
        assert programme.target_processing_days == 30
        assert programme.target_days(certified=False) > 30
        assert programme.criterion("STABLE_MANAGEMENT").rule is CriterionRule.OFFICER
        assert programme.criterion("NOT_LISTED").rule is CriterionRule.AUTOMATIC


def test_third_prefecture_by_configuration_alone() -> None:
    """Adding Fukuoka's entry to the document is enough to check companies there."""
    programmes = parse_programmes(with_programmes(FUKUOKA))
    fukuoka = programmes.get("fukuoka")
    assert fukuoka.target_days(certified=True) == 20
    verdict = check_company(facts(office_prefectures=("fukuoka",)), fukuoka)
    assert [c.code for c in verdict.checks] == [c["code"] for c in FUKUOKA["criteria"]]
    assert verdict.failed == ()
    # An officer criterion without a pre-screen always waits for the officer.
    assert verdict.needs_review == ("HIRING_PLAN_SOUND",)
    elsewhere = check_company(facts(office_prefectures=("kumamoto",)), fukuoka)
    assert elsewhere.failed == ("OFFICE_IN_PREFECTURE",)


def test_unknown_prefecture_is_unknown_name() -> None:
    """Asking for an unconfigured prefecture is invalid input naming the known ones."""
    with pytest.raises(UnknownName, match="kumamoto, miyagi"):
        default_programmes().get("osaka")


BAD: list[tuple[str, dict[str, Any]]] = [
    ("automatic code without a check", {"criteria": [
        {"code": "HIRING_PLAN_SOUND", "rule": "automatic", "text_en": "x"}]}),
    ("bad rule", {"criteria": [{"code": "X", "rule": "maybe", "text_en": "x"}]}),
    ("duplicate code", {"criteria": [{"code": "NOT_LISTED", "rule": "automatic", "text_en": "x"},
                                     {"code": "NOT_LISTED", "rule": "automatic",
                                      "text_en": "x"}]}),
    ("empty criteria", {"criteria": []}),
    ("malformed JSIC", {"eligible_jsic": ["semiconductors"]}),
    ("zero target", {"target_processing_days": 0}),
    ("at-risk fraction", {"at_risk_fraction": 1.5}),
    ("standard days", {"standard_processing_days": [90, 30]}),
    ("validity", {"certificate_validity_months": "three years"}),
    ("prefecture name", {"prefecture": "Fukuoka Prefecture"}),
]


@pytest.mark.parametrize(("why", "change"), BAD, ids=[b[0] for b in BAD])
def test_bad_configuration_is_invalid_input(why: str, change: dict[str, Any]) -> None:
    """A configuration mistake is reported as invalid input, not a crash."""
    with pytest.raises(InvalidInput):
        parse_programmes(with_programmes({**FUKUOKA, **change}))


def test_duplicate_prefecture_is_invalid() -> None:
    """A prefecture configured twice is a mistake."""
    with pytest.raises(InvalidInput, match="twice"):
        parse_programmes(with_programmes({**FUKUOKA, "prefecture": "kumamoto"}))
