"""Tests for the reason catalogue kizuna.rules.reasons."""

from __future__ import annotations

import re

import pytest

from kizuna.errors import InvalidInput, UnknownName
from kizuna.rules import AircraftStatus, FlightFacts, OperatorStatus, PilotStatus, classify
from kizuna.rules.facts import FACT_CODES
from kizuna.rules.reasons import CATALOGUE, LANGUAGES, RULES, language, rule, text

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
VIOLATION_CODES = [
    "UNREGISTERED", "NO-REMOTE-ID", "A-EMERGENCY", "DRONE-ACT",
    "L4-LICENCE", "L4-CERTIFICATE", "L4-INSURANCE", "L4-MANUAL",
    "L35-LICENCE", "L35-INSURANCE", "L35-CAMERA", "L35-DID",
]  # fmt: skip


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_code_has_both_languages(code: str) -> None:
    """Each code has a Japanese text in Japanese and an English text in plain ASCII."""
    assert set(CATALOGUE[code]) == set(LANGUAGES)
    assert JAPANESE.search(text(code, "ja"))
    assert text(code, "en").isascii()
    assert text(code, "en").endswith(".")


@pytest.mark.parametrize("code", [*FACT_CODES.values(), *VIOLATION_CODES])
def test_domain_codes_are_catalogued(code: str) -> None:
    """Every condition code of DOMAIN.md and every violation code of the issue has a text."""
    assert code in CATALOGUE


def test_texts_avoid_unexplained_jargon() -> None:
    """English texts do not use the bare abbreviations BVLOS, VLOS or DID."""
    for code in CATALOGUE:
        assert not re.search(r"\b(BVLOS|VLOS|DID)\b", text(code, "en")), code


def test_unknown_code() -> None:
    """An unknown code is an UnknownName, not a KeyError with a bare message."""
    with pytest.raises(UnknownName, match="reason code"):
        text("NO-SUCH-CODE", "en")


@pytest.mark.parametrize(("value", "ok"), [("ja", True), ("en", True), ("fr", False), ("", False)])
def test_language(value: str, ok: bool) -> None:
    """Only ja and en are accepted as languages."""
    if ok:
        assert language(value) == value
    else:
        with pytest.raises(InvalidInput, match="--lang"):
            language(value)


def test_classify_uses_requested_language() -> None:
    """The same flight gives Japanese texts with lang=ja and English texts with lang=en."""
    args = (
        FlightFacts(night=True),
        AircraftStatus(mtow_kg=2.0, registered=True, remote_id=True),
        PilotStatus(),
        OperatorStatus(),
    )
    ja = classify(*args, entry_control="assistants", lang="ja")
    en = classify(*args, entry_control="assistants", lang="en")
    assert [r.code for r in ja.reasons] == [r.code for r in en.reasons]
    assert all(JAPANESE.search(r.text) for r in ja.reasons)
    assert all(r.text.isascii() for r in en.reasons)


def test_every_code_names_its_rule() -> None:
    """Each catalogued code names the rule it comes from, in both languages (and nothing else
    has a rule)."""
    assert set(RULES) == set(CATALOGUE)
    for code in CATALOGUE:
        assert JAPANESE.search(rule(code, "ja")), code
        assert rule(code, "en").isascii(), code


@pytest.mark.parametrize(("code", "article"), [
    ("A-AIRPORT", "132-85(1)(i)"), ("A-EMERGENCY", "132-85(1)(i)"), ("A-150M", "132-85(1)(i)"),
    ("A-DID", "132-85(1)(ii)"), ("M-NIGHT", "132-86(2)(i)"), ("M-BVLOS", "132-86(2)(ii)"),
    ("M-30M", "132-86(2)(iii)"), ("M-EVENT", "132-86(2)(iv)"), ("M-DANGEROUS", "132-86(2)(v)"),
    ("M-DROP", "132-86(2)(vi)"), ("UNREGISTERED", "132-2"), ("DUTY-SPECIFIC", "132-88"),
])
def test_specific_flight_conditions_cite_their_article(code: str, article: str) -> None:
    """Airspace conditions come from Art. 132-85(1), flight methods from Art. 132-86(2) in the
    order the Act lists them; registration and duties from their own articles."""
    assert f"Art. {article}" in rule(code, "en")


def test_classify_reasons_carry_rules() -> None:
    """A verdict's reasons and violations say which rule each comes from."""
    verdict = classify(FlightFacts(over_did=True, bvlos=True),
                       AircraftStatus(mtow_kg=2.0, registered=False, remote_id=True),
                       PilotStatus(), OperatorStatus(), entry_control="assistants", lang="en")
    by_code = {r.code: r.rule for r in (*verdict.reasons, *verdict.violations)}
    assert "132-85(1)(ii)" in by_code["A-DID"]
    assert "132-86(2)(ii)" in by_code["M-BVLOS"]
    assert "132-2" in by_code["UNREGISTERED"]
