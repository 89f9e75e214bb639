"""SORA 2.5 Table 5: levels, exclusions, the M1 column floor and the floor of 1."""

from __future__ import annotations

import pytest

from kizuna.errors import InvalidInput
from kizuna.risk.mitigations import GroundMitigations, MitigationLevel, apply_ground_mitigations

LOW, MEDIUM, HIGH = MitigationLevel.LOW, MitigationLevel.MEDIUM, MitigationLevel.HIGH


@pytest.mark.parametrize(
    ("field", "level", "reduction"),
    [
        ("m1a", LOW, 1),
        ("m1a", MEDIUM, 2),
        ("m1b", MEDIUM, 1),
        ("m1b", HIGH, 2),
        ("m1c", LOW, 1),
        ("m2", MEDIUM, 1),
        ("m2", HIGH, 2),
    ],
)
def test_allowed_levels_reduce_by_table_5(
    field: str, level: MitigationLevel, reduction: int
) -> None:
    """From iGRC 7 in column 5 (floor 3), each allowed level lowers the GRC by its credit."""
    result = apply_ground_mitigations(7, 5, GroundMitigations(**{field: level}))
    assert result.value == 7 - reduction
    assert result.reasons[0].code == field.upper()
    assert result.reasons[-1].code == "FINAL_GRC"


@pytest.mark.parametrize(
    ("field", "level"),
    [("m1a", HIGH), ("m1b", LOW), ("m1c", MEDIUM), ("m1c", HIGH), ("m2", LOW)],
)
def test_not_allowed_levels_are_rejected(field: str, level: MitigationLevel) -> None:
    """A level Table 5 marks as not allowed is invalid input naming the mitigation."""
    with pytest.raises(InvalidInput, match=f"mitigations.{field.upper()}.*not allowed"):
        GroundMitigations(**{field: level})


@pytest.mark.parametrize("m1b", [MEDIUM, HIGH])
def test_m1a_medium_excludes_any_m1b(m1b: MitigationLevel) -> None:
    """M1(A) at medium cannot be combined with M1(B)."""
    with pytest.raises(InvalidInput, match="M1B"):
        GroundMitigations(m1a=MEDIUM, m1b=m1b)


@pytest.mark.parametrize("m1b", [MEDIUM, HIGH])
def test_m1a_low_combines_with_m1b(m1b: MitigationLevel) -> None:
    """M1(A) at low may be combined with M1(B)."""
    assert GroundMitigations(m1a=LOW, m1b=m1b).m1b is m1b


def test_applied_in_order_with_one_reason_each() -> None:
    """M1(A), M1(B), M1(C), M2 are applied in that order and each gives a reason."""
    mitigations = GroundMitigations(m1a=LOW, m1b=HIGH, m1c=LOW, m2=HIGH)
    result = apply_ground_mitigations(10, 5, mitigations)
    # M1: 10 -> 9 -> 7 -> 6; M2: 6 -> 4.
    assert result.value == 4
    assert [r.code for r in result.reasons] == ["M1A", "M1B", "M1C", "M2", "FINAL_GRC"]
    assert "GRC 7 -> 6" in result.reasons[2].text


@pytest.mark.parametrize(
    ("igrc", "column", "mitigations", "expected"),
    [
        # Column 1 floor is 1: M1(A) medium from 2 stops at 1.
        (2, 1, GroundMitigations(m1a=MEDIUM), 1),
        # Column 3 floor is 2: M1 from 4 by 1+2+1 stops at 2.
        (4, 3, GroundMitigations(m1a=LOW, m1b=HIGH, m1c=LOW), 2),
        # Column 5 floor is 3: from 4, M1(B) high stops at 3 ...
        (4, 5, GroundMitigations(m1b=HIGH), 3),
        # ... but M2 may go below the floor afterwards.
        (4, 5, GroundMitigations(m1b=HIGH, m2=HIGH), 1),
        # Column 4 floor is 3: M2 alone goes below it.
        (4, 4, GroundMitigations(m2=MEDIUM), 3),
        (3, 4, GroundMitigations(m2=HIGH), 1),
    ],
)
def test_m1_cannot_go_below_the_controlled_column_value_but_m2_can(
    igrc: int, column: int, mitigations: GroundMitigations, expected: int
) -> None:
    """The M1 floor is the controlled-ground-area value of the column; M2 ignores it."""
    assert apply_ground_mitigations(igrc, column, mitigations).value == expected


def test_m1_floor_is_reported() -> None:
    """Hitting the M1 floor is explained in the mitigation's reason."""
    result = apply_ground_mitigations(4, 5, GroundMitigations(m1b=HIGH))
    assert "cannot go below" in result.reasons[0].text


def test_m1_never_raises_a_grc_already_below_the_floor() -> None:
    """An iGRC below the column floor (small-aircraft rule) is not raised by M1."""
    assert apply_ground_mitigations(1, 5, GroundMitigations(m1a=LOW)).value == 1
    assert apply_ground_mitigations(1, None, GroundMitigations(m1a=LOW)).value == 1


@pytest.mark.parametrize(("igrc", "m2"), [(2, HIGH), (1, MEDIUM), (1, HIGH)])
def test_final_grc_is_at_least_1(igrc: int, m2: MitigationLevel) -> None:
    """M2 cannot take the final GRC below 1, and the floor is reported."""
    result = apply_ground_mitigations(igrc, 1, GroundMitigations(m2=m2))
    assert result.value == 1
    assert "GRC_FLOOR" in [r.code for r in result.reasons]


def test_no_mitigation_keeps_the_igrc() -> None:
    """Without mitigations the final GRC is the iGRC."""
    result = apply_ground_mitigations(6, 3, GroundMitigations())
    assert result.value == 6
    assert [r.code for r in result.reasons] == ["FINAL_GRC"]


def test_out_of_table_igrc_has_no_final_grc() -> None:
    """An iGRC out of the table gives no final GRC."""
    result = apply_ground_mitigations(None, None, GroundMitigations(m2=HIGH))
    assert result.value is None
    assert result.reasons[0].code == "FINAL_GRC_NONE"


def test_igrc_below_1_is_invalid() -> None:
    """An iGRC of 0 cannot come from Table 2."""
    with pytest.raises(InvalidInput, match="igrc"):
        apply_ground_mitigations(0, 1, GroundMitigations())
