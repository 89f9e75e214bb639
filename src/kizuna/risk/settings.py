"""Configurable SORA figures (DOMAIN.md marks them configurable), with their defaults."""

from __future__ import annotations

from dataclasses import dataclass

from kizuna.errors import InvalidInput

__all__ = ["DEFAULT_SORA_SETTINGS", "SoraSettings"]


@dataclass(frozen=True, slots=True)
class SoraSettings:
    """Settings of the SORA calculation.

    Parameters
    ----------
    max_strategic_arc_reduction
        How many classes strategic mitigation may lower the initial ARC (SORA 2.5: one).
    """

    max_strategic_arc_reduction: int = 1

    def __post_init__(self) -> None:
        if not 0 <= self.max_strategic_arc_reduction <= 3:
            raise InvalidInput(
                "max_strategic_arc_reduction: must be between 0 and 3, "
                f"got {self.max_strategic_arc_reduction}"
            )


DEFAULT_SORA_SETTINGS = SoraSettings()
