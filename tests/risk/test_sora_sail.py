"""SAIL from the final GRC and the residual ARC: every cell, and the certified category."""

from __future__ import annotations

import pytest

from kizuna.errors import InvalidInput
from kizuna.risk.arc import AirRiskClass
from kizuna.risk.sail import Sail, sail_for

# Written out from DOMAIN.md section 3: final GRC -> (ARC-a, ARC-b, ARC-c, ARC-d).
EXPECTED = {
    1: ("I", "II", "IV", "VI"),
    2: ("I", "II", "IV", "VI"),
    3: ("II", "II", "IV", "VI"),
    4: ("III", "III", "IV", "VI"),
    5: ("IV", "IV", "IV", "VI"),
    6: ("V", "V", "V", "VI"),
    7: ("VI", "VI", "VI", "VI"),
    8: ("certified",) * 4,
    12: ("certified",) * 4,
}
ARCS = ("a", "b", "c", "d")


@pytest.mark.parametrize(
    ("grc", "arc", "expected"),
    [(grc, arc, row[i]) for grc, row in EXPECTED.items() for i, arc in enumerate(ARCS)],
)
def test_every_sail_cell(grc: int, arc: str, expected: str) -> None:
    """Each (final GRC, residual ARC) pair gives the table's SAIL."""
    result = sail_for(grc, AirRiskClass(arc))
    assert result.sail == Sail(expected)
    code = "SAIL_CERTIFIED" if expected == "certified" else "SAIL"
    assert [r.code for r in result.reasons] == [code]


@pytest.mark.parametrize("arc", ARCS)
def test_no_final_grc_is_certified(arc: str) -> None:
    """An iGRC out of the table (no final GRC) means the certified category."""
    result = sail_for(None, AirRiskClass(arc))
    assert result.sail is Sail.CERTIFIED
    assert "out of" in result.reasons[0].text


def test_final_grc_below_1_is_invalid() -> None:
    """A final GRC of 0 cannot happen after the floor of 1."""
    with pytest.raises(InvalidInput, match="final_grc"):
        sail_for(0, AirRiskClass.A)
