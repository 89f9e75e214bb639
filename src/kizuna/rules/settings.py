"""Configurable figures of the rules (``kizuna/config/rules.json``, DOMAIN.md section 2)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

from kizuna.errors import InvalidInput

__all__ = ["RulesSettings", "rules_settings"]


@dataclass(frozen=True)
class RulesSettings:
    """Switches and figures of `kizuna.rules.classify` and `kizuna.rules.derive`.

    Parameters
    ----------
    level35_did_without_third_parties
        Level 3.5 may fly over a densely inhabited district where no third parties are
        present. One secondary source reports this from a 29 Oct 2025 revision of the standard
        flight manual; until it is confirmed on mlit.go.jp it stays off, and Level 3.5 over a
        DID outside the special zone is a violation (L35-DID).
    within_30m_margin_m
        A flight whose path comes this close (horizontally) to a road, a railway or a
        settlement is within 30 m of third parties' property (M-30M): moving vehicles and
        houses are property. The law's figure is 30 m.
    """

    level35_did_without_third_parties: bool = False
    within_30m_margin_m: float = 30.0

    def __post_init__(self) -> None:
        if not isinstance(self.level35_did_without_third_parties, bool):
            raise InvalidInput("level35_did_without_third_parties: must be true or false",
                               field="level35_did_without_third_parties")
        m = self.within_30m_margin_m
        if not (isinstance(m, int | float) and math.isfinite(m) and m >= 0):
            raise InvalidInput(f"within_30m_margin_m: must be a finite number >= 0, got {m!r}",
                               field="within_30m_margin_m")


@cache
def rules_settings() -> RulesSettings:
    """The bundled settings (``kizuna/config/rules.json``)."""
    raw = json.loads(resources.files("kizuna.config").joinpath("rules.json").read_text("utf-8"))
    return RulesSettings(**{k: v for k, v in raw.items() if not k.startswith("_")})
