"""What the aircraft, the pilot and the operator hold: registration, certificates, licences."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from kizuna.fleet.pilot import licence_covers

__all__ = [
    "AircraftKind",
    "AircraftStatus",
    "Certificate",
    "EntryControl",
    "Licence",
    "Limitation",
    "OperatorStatus",
    "PilotStatus",
]

AircraftKind = Literal["multirotor", "aeroplane", "helicopter"]
"""The kind of aircraft, as a pilot licence is limited to it."""

EntryControl = Literal["assistants", "signage", "camera", "none"]
"""How third parties are kept from under the flight path (立入管理措置); ``none``: not at all."""

Certificate = Literal["none", "second_class", "first_class"]
"""Airframe certificate (機体認証)."""

Licence = Literal["none", "second_class", "first_class"]
"""National remote-pilot licence (無人航空機操縦者技能証明)."""

Limitation = Literal["bvlos", "night", "mtow_25kg"]
"""A limitation of a new licence (daytime, VLOS, under 25 kg) that has been lifted."""


class AircraftStatus(BaseModel):
    """The aircraft as the rules see it. Missing flags are false, a missing certificate is none."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    mtow_kg: Annotated[float, Field(strict=True, gt=0.0, allow_inf_nan=False)]
    kind: AircraftKind = "multirotor"
    drops_payload: StrictBool = False
    certificate: Certificate = "none"
    onboard_camera: StrictBool = False
    registered: StrictBool = False
    remote_id: StrictBool = False


class PilotStatus(BaseModel):
    """The remote pilot's licence, its lifted limitations and the kinds of aircraft it covers."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    licence: Licence = "none"
    limitations_lifted: frozenset[Limitation] = frozenset()
    kinds: frozenset[AircraftKind] = Field(default=frozenset({"multirotor"}), min_length=1)

    def holds(self, classes: tuple[Licence, ...], needed: frozenset[Limitation],
              kind: AircraftKind) -> bool:
        """True if the licence is one of ``classes``, covers an aircraft of ``kind`` and has
        every ``needed`` limitation lifted."""
        return (self.licence in classes and licence_covers(self.kinds, kind)
                and needed <= self.limitations_lifted)


class OperatorStatus(BaseModel):
    """What the operator has arranged. Missing flags are false."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    insurance: StrictBool = False
    flight_manual: StrictBool = False
    drone_act_consent: StrictBool = False
