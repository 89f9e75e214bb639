"""Machine-readable reasons attached to every SORA step."""

from __future__ import annotations

from dataclasses import dataclass

from kizuna.errors import InvalidInput

__all__ = ["Reason"]


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a step gave its result.

    Parameters
    ----------
    code
        Stable upper-case identifier, e.g. ``"IGRC"`` or ``"M1A"``.
    text
        One English sentence for people.
    text_ja
        The same sentence in Japanese.
    rule
        The rule it comes from, e.g. ``"SORA 2.5 Table 2"``.
    """

    code: str
    text: str
    text_ja: str
    rule: str

    def __post_init__(self) -> None:
        if not self.code or not self.code.replace("_", "").isalnum() or not self.code.isupper():
            raise InvalidInput(f"reason.code: {self.code!r} is not an upper-case identifier")
        if not self.text:
            raise InvalidInput("reason.text: must not be empty")
