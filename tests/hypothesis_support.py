"""Hypothesis settings of the property tests: derandomised in CI, exploring before a release.

By default (CI, ``scripts/test.sh``) each property runs its own small number of examples,
derandomised: the same examples on every run and every machine, so a red CI is reproducible.

Before a release, ``scripts/explore.sh`` sets ``KIZUNA_HYPOTHESIS_EXPLORE`` to a factor: each
property then runs that many times its examples, randomised, and keeps any failing example in
Hypothesis's example database (``.hypothesis/``) so the next run replays it first. The runs and
what they found are recorded in docs/testing.md.
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import settings

__all__ = ["EXPLORE_ENV", "explore_factor", "property_settings"]

EXPLORE_ENV = "KIZUNA_HYPOTHESIS_EXPLORE"


def explore_factor() -> int:
    """How many times its CI examples a property runs (0: CI mode, derandomised)."""
    raw = os.environ.get(EXPLORE_ENV, "").strip()
    if not raw:
        return 0
    try:
        factor = int(raw)
    except ValueError:
        raise ValueError(f"{EXPLORE_ENV} must be a whole number, got {raw!r}") from None
    if factor < 1:
        raise ValueError(f"{EXPLORE_ENV} must be at least 1, got {factor}")
    return factor


def property_settings(max_examples: int, **kwargs: Any) -> settings:
    """Settings for a property test that runs ``max_examples`` examples in CI."""
    factor = explore_factor()
    if factor:
        return settings(max_examples=max_examples * factor, derandomize=False, deadline=None,
                        **kwargs)
    return settings(max_examples=max_examples, derandomize=True, deadline=None, **kwargs)
