"""A remote pilot and their national licence (技能証明)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kizuna.errors import InvalidInput

__all__ = ["Licence", "Limitation", "Pilot"]


class Licence(StrEnum):
    """National pilot licence class."""

    NONE = "none"
    SECOND_CLASS = "second_class"
    FIRST_CLASS = "first_class"


class Limitation(StrEnum):
    """Limitations a new licence carries until they are lifted."""

    BVLOS = "bvlos"
    NIGHT = "night"
    MTOW_25KG = "mtow_25kg"


@dataclass(frozen=True)
class Pilot:
    """A remote pilot.

    ``limitations_lifted`` lists the limitations (daytime, VLOS, < 25 kg) removed from the
    licence; a licence is valid for 3 years. ``licence_number`` is the licence's number
    (技能証明書番号), written in the flight log and the flight-plan notification.
    """

    id: str
    name: str
    licence: Licence = Licence.NONE
    limitations_lifted: frozenset[Limitation] = frozenset()
    licence_expiry: date | None = None
    licence_number: str | None = None

    def __post_init__(self) -> None:
        if not self.id.strip():
            raise InvalidInput("pilot id is empty", field="id")
        object.__setattr__(self, "licence", Licence(self.licence))
        try:
            lifted = frozenset(Limitation(x) for x in self.limitations_lifted)
        except ValueError as exc:
            raise InvalidInput(f"pilot {self.id}: {exc}", field="limitations_lifted") from None
        object.__setattr__(self, "limitations_lifted", lifted)
        if self.licence is Licence.NONE and lifted:
            raise InvalidInput(f"pilot {self.id}: limitations lifted without a licence",
                               field="limitations_lifted")
        if self.licence_number is not None and not self.licence_number.strip():
            raise InvalidInput(f"pilot {self.id}: empty licence number", field="licence_number")
        if self.licence is not Licence.NONE and self.licence_expiry is None:
            raise InvalidInput(f"pilot {self.id}: a licence needs an expiry date",
                               field="licence_expiry")

    def licence_on(self, day: date) -> Licence:
        """The licence class in force on ``day``."""
        if self.licence_expiry is None or day > self.licence_expiry:
            return Licence.NONE
        return self.licence
