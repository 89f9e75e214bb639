"""Initial ARC per airspace row, and the residual ARC after strategic mitigation."""

from __future__ import annotations

import pytest

from kizuna.errors import InvalidInput
from kizuna.risk.arc import AirRiskClass, AirspaceEnvironment, initial_arc, residual_arc
from kizuna.risk.settings import SoraSettings

A, B, C, D = AirRiskClass.A, AirRiskClass.B, AirRiskClass.C, AirRiskClass.D


@pytest.mark.parametrize(
    ("environment", "above", "expected"),
    [
        ("atypical", False, A),
        ("atypical", True, A),
        ("airport_bcd", False, D),
        ("airport_bcd", True, D),
        ("airport_efg", False, C),
        ("airport_efg", True, C),
        ("controlled", True, D),
        ("controlled", False, C),
        ("tmz", True, D),
        ("tmz", False, C),
        ("uncontrolled_urban", True, C),
        ("uncontrolled_urban", False, C),
        ("uncontrolled_rural", True, C),
        ("uncontrolled_rural", False, B),
        ("above_fl600", False, B),
        ("above_fl600", True, B),
    ],
)
def test_initial_arc_per_row(environment: str, above: bool, expected: AirRiskClass) -> None:
    """Each environment, below and above 150 m AGL, gives its initial ARC."""
    result = initial_arc(AirspaceEnvironment(environment), above)
    assert result.arc is expected
    (reason,) = result.reasons
    assert reason.code == "ARC_INITIAL"
    assert f"ARC-{expected}" in reason.text and f"ARC-{expected}" in reason.text_ja


def test_every_environment_is_covered() -> None:
    """The environments in the contract are exactly the eight rows above."""
    assert {e.value for e in AirspaceEnvironment} == {
        "atypical",
        "airport_bcd",
        "airport_efg",
        "controlled",
        "tmz",
        "uncontrolled_urban",
        "uncontrolled_rural",
        "above_fl600",
    }


@pytest.mark.parametrize(
    ("initial", "reduction", "expected"),
    [(D, 1, C), (C, 1, B), (B, 1, A), (A, 1, A), (D, 0, D), (B, 0, B)],
)
def test_residual_arc_is_at_most_one_class_lower(
    initial: AirRiskClass, reduction: int, expected: AirRiskClass
) -> None:
    """Strategic mitigation lowers the ARC by the claimed classes, never below ARC-a."""
    result = residual_arc(initial, reduction)
    assert result.arc is expected
    assert result.reasons[0].code == "ARC_RESIDUAL"


@pytest.mark.parametrize("reduction", [2, -1])
def test_reduction_beyond_the_default_limit_is_invalid(reduction: int) -> None:
    """By default only 0 or 1 class may be claimed."""
    with pytest.raises(InvalidInput, match="strategic_arc_reduction"):
        residual_arc(D, reduction)


def test_limit_comes_from_settings() -> None:
    """A configured maximum of 2 allows ARC-d to ARC-b; 0 allows no reduction."""
    assert residual_arc(D, 2, SoraSettings(max_strategic_arc_reduction=2)).arc is B
    with pytest.raises(InvalidInput, match="0 to 0"):
        residual_arc(D, 1, SoraSettings(max_strategic_arc_reduction=0))


def test_boolean_reduction_is_invalid() -> None:
    """True is not a number of classes."""
    with pytest.raises(InvalidInput):
        residual_arc(D, True)


def test_settings_reject_nonsense_limit() -> None:
    """The configured maximum must be between 0 and 3."""
    with pytest.raises(InvalidInput, match="max_strategic_arc_reduction"):
        SoraSettings(max_strategic_arc_reduction=4)
