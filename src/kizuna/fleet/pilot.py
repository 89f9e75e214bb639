"""A remote pilot and their national licence (技能証明)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kizuna.errors import InvalidInput

__all__ = ["AircraftKind", "Licence", "Limitation", "Pilot", "licence_covers"]


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


class AircraftKind(StrEnum):
    """The kind of aircraft a licence is limited to (回転翼航空機(マルチローター)、飛行機、
    回転翼航空機(ヘリコプター))."""

    MULTIROTOR = "multirotor"
    AEROPLANE = "aeroplane"
    HELICOPTER = "helicopter"


def licence_covers(kinds: Iterable[str], aircraft_kind: str) -> bool:
    """Whether a licence limited to ``kinds`` covers an aircraft of ``aircraft_kind``.

    A licence is issued for a kind of aircraft; a pilot whose licence does not cover the
    aircraft's kind is not licensed for it at all (every class, limitation and level alike).
    Every pilot chooser and the rules call this one function.
    """
    return str(aircraft_kind) in {str(k) for k in kinds}


@dataclass(frozen=True)
class Pilot:
    """A remote pilot.

    ``limitations_lifted`` lists the limitations (daytime, VLOS, < 25 kg) removed from the
    licence; ``kinds`` the kinds of aircraft it covers; a licence is valid for 3 years.
    ``licence_number`` is the licence's number
    (技能証明書番号), written in the flight log and the flight-plan notification.
    """

    id: str
    name: str
    licence: Licence = Licence.NONE
    limitations_lifted: frozenset[Limitation] = frozenset()
    licence_expiry: date | None = None
    kinds: frozenset[AircraftKind] = frozenset({AircraftKind.MULTIROTOR})
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
        try:
            kinds = frozenset(AircraftKind(x) for x in self.kinds)
        except ValueError as exc:
            raise InvalidInput(f"pilot {self.id}: {exc}", field="kinds") from None
        if not kinds:
            raise InvalidInput(f"pilot {self.id}: kinds is empty", field="kinds")
        object.__setattr__(self, "kinds", kinds)
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

    def covers(self, aircraft_kind: str) -> bool:
        """Whether the licence covers an aircraft of ``aircraft_kind`` (`licence_covers`)."""
        return licence_covers(self.kinds, aircraft_kind)
