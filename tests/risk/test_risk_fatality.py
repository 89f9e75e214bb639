"""Dalamagkidis fatality probability."""

from __future__ import annotations

import math

import pytest

from kizuna.errors import InvalidInput
from kizuna.risk.fatality import fatality_probability


@pytest.mark.parametrize("energy", [1.0, 34.0, 290.0, 1e4, 1e6, 1e8])
def test_half_sheltering_reduces_to_closed_form(energy: float) -> None:
    """With p_s = 0.5 the formula is 1 / (1 + sqrt(alpha / E)), whatever beta is."""
    expected = 1 / (1 + math.sqrt(1e6 / energy))
    assert fatality_probability(energy, 0.5) == pytest.approx(expected, rel=1e-12)
    assert fatality_probability(energy, 0.5, beta_j=100.0) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("sheltering", [0.1, 0.5, 1.0])
def test_at_beta_the_sheltering_factor_does_not_matter(sheltering: float) -> None:
    """At E = beta the probability is 1 / (1 + sqrt(alpha / beta))."""
    expected = 1 / (1 + math.sqrt(1e6 / 34))
    assert fatality_probability(34.0, sheltering) == pytest.approx(expected, rel=1e-12)


def test_alpha_gives_one_half_at_half_sheltering() -> None:
    """E = alpha and p_s = 0.5 is a 50 % fatality probability."""
    assert fatality_probability(1e6, 0.5) == pytest.approx(0.5)


def test_probability_rises_with_energy() -> None:
    """More impact energy is never less lethal."""
    values = [fatality_probability(e, 0.5) for e in (0.0, 10.0, 100.0, 1e3, 1e5, 1e7)]
    assert values[0] == 0.0
    assert values == sorted(values)
    assert all(0.0 <= v < 1.0 for v in values)


def test_more_sheltering_is_less_lethal_above_beta() -> None:
    """Above beta, a larger p_s (more shelter) lowers the probability."""
    assert fatality_probability(5000.0, 1.0) < fatality_probability(5000.0, 0.25)


@pytest.mark.parametrize(("energy", "expected"), [(1e-3, 0.0), (1e9, 1.0)])
def test_extreme_sheltering_does_not_overflow(energy: float, expected: float) -> None:
    """A tiny p_s gives a huge exponent; the result stays a probability."""
    assert fatality_probability(energy, 1e-6) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("args", "kwargs", "field"),
    [
        ((-1.0, 0.5), {}, "impact_energy_j"),
        ((math.nan, 0.5), {}, "impact_energy_j"),
        ((10.0, 0.0), {}, "sheltering_factor"),
        ((10.0, 1.5), {}, "sheltering_factor"),
        ((10.0, 0.5), {"alpha_j": 0.0}, "alpha_j"),
        ((10.0, 0.5), {"beta_j": -34.0}, "beta_j"),
    ],
)
def test_invalid_values_raise(
    args: tuple[float, float], kwargs: dict[str, float], field: str
) -> None:
    """Out-of-domain values are invalid input naming the parameter."""
    with pytest.raises(InvalidInput, match=field):
        fatality_probability(*args, **kwargs)


def _closed_form(energy: float, sheltering: float, alpha: float, beta: float) -> float:
    """DOMAIN.md's formula evaluated as written, in 60-digit decimal arithmetic (an oracle
    independent of the code's log-space evaluation)."""
    from decimal import Decimal, localcontext

    with localcontext() as ctx:
        ctx.prec = 60
        e, ps, a, b = (Decimal(repr(v)) for v in (energy, sheltering, alpha, beta))
        exponent = 1 / (4 * ps)
        power = ((b / e).ln() * exponent).exp()
        return float(1 / (1 + (a / b).sqrt() * power))


@pytest.mark.parametrize("sheltering", [0.1, 0.25, 0.3, 0.75, 0.9, 1.0])
@pytest.mark.parametrize("energy", [10.0, 100.0, 290.0, 1e3, 4.2e4, 1e5, 3e6])
@pytest.mark.parametrize("beta", [34.0, 100.0])
def test_matches_the_closed_form_away_from_the_special_points(
        energy: float, sheltering: float, beta: float) -> None:
    """Off p_s = 0.5 and E = beta, where the exponent matters, the value is the closed form."""
    expected = _closed_form(energy, sheltering, 1e6, beta)
    got = fatality_probability(energy, sheltering, beta_j=beta)
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-300)


@pytest.mark.parametrize(("energy", "sheltering", "expected"), [
    # Worked by hand: sqrt(1e6 / 34) = 171.498585..., (34 / E) ** (1 / (4 p_s)).
    (340.0, 0.25, 1 / (1 + 171.49858514250883 * 0.1)),       # exponent 1: (0.1) ** 1
    (3400.0, 0.125, 1 / (1 + 171.49858514250883 * 1e-4)),    # exponent 2: (0.01) ** 2
    (3.4, 1.0, 1 / (1 + 171.49858514250883 * 10 ** 0.25)),   # exponent 1/4: 10 ** (1/4)
])
def test_hand_worked_values(energy: float, sheltering: float, expected: float) -> None:
    """Values worked by hand at exponents 1, 2 and 1/4."""
    assert fatality_probability(energy, sheltering) == pytest.approx(expected, rel=1e-12)
