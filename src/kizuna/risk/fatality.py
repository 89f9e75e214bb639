"""Probability of a fatality given an impact (Dalamagkidis et al.), used for route risk."""

from __future__ import annotations

import math

from kizuna.errors import InvalidInput

__all__ = ["DEFAULT_ALPHA_J", "DEFAULT_BETA_J", "fatality_probability"]

#: Impact energy that gives a 50 % fatality probability when p_s = 0.5.
DEFAULT_ALPHA_J = 1e6
#: Impact energy below which a fatality needs a very high sheltering-free exposure.
DEFAULT_BETA_J = 34.0


def fatality_probability(
    impact_energy_j: float,
    sheltering_factor: float,
    *,
    alpha_j: float = DEFAULT_ALPHA_J,
    beta_j: float = DEFAULT_BETA_J,
) -> float:
    """``1 / (1 + sqrt(alpha/beta) * (beta/E) ** (1 / (4 p_s)))``.

    Parameters
    ----------
    impact_energy_j
        Impact energy E in joules, >= 0 (0 gives probability 0).
    sheltering_factor
        p_s in (0, 1].
    alpha_j, beta_j
        Model constants in joules (beta is 34 J by default; 100 J is also used).

    Returns
    -------
    float
        The probability, in [0, 1].
    """
    checks = (
        ("impact_energy_j", impact_energy_j, False),
        ("alpha_j", alpha_j, True),
        ("beta_j", beta_j, True),
    )
    for name, value, positive in checks:
        if not math.isfinite(value) or value < 0 or (positive and value == 0):
            kind = "positive" if positive else "non-negative"
            raise InvalidInput(f"{name}: must be a finite {kind} number, got {value}", field=name)
    if not (math.isfinite(sheltering_factor) and 0 < sheltering_factor <= 1):
        raise InvalidInput(
            f"sheltering_factor: must be in (0, 1], got {sheltering_factor}",
            field="sheltering_factor",
        )
    if impact_energy_j == 0:
        return 0.0
    # In log space, because (beta/E) ** (1/(4 p_s)) overflows for a small p_s.
    log_term = 0.5 * math.log(alpha_j / beta_j) + math.log(beta_j / impact_energy_j) / (
        4 * sheltering_factor
    )
    if log_term > 0:
        decay = math.exp(-log_term)
        return decay / (1 + decay)
    return 1 / (1 + math.exp(log_term))
