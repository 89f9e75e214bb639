"""The facts a flight is classified on.

`FlightFacts` holds the eleven yes/no conditions of DOMAIN.md section 2 (ten specific-flight
conditions plus the Drone Act), and ``near_structure_30m``, which lifts the 150 m rule. They
are given explicitly or derived from a route or area over a
scenario (``kizuna.rules.derive``); either way `classify` only ever sees this value.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr

__all__ = [
    "FACT_CODES",
    "AltitudeReference",
    "Crossing",
    "CrossingKind",
    "FlightFacts",
    "MethodFacts",
]

CrossingKind = Literal["road", "railway"]

FACT_CODES: dict[str, str] = {
    "airport_vicinity": "A-AIRPORT",
    "emergency_airspace": "A-EMERGENCY",
    "above_150m": "A-150M",
    "over_did": "A-DID",
    "night": "M-NIGHT",
    "bvlos": "M-BVLOS",
    "within_30m": "M-30M",
    "over_event": "M-EVENT",
    "dangerous_goods": "M-DANGEROUS",
    "dropping_objects": "M-DROP",
}
"""Specific-flight condition (field of `FlightFacts`) -> reason code, in the order of the law."""

_Lon = Annotated[float, Field(strict=True, ge=-180.0, le=180.0, allow_inf_nan=False)]
_Lat = Annotated[float, Field(strict=True, ge=-90.0, le=90.0, allow_inf_nan=False)]


class Crossing(BaseModel):
    """A point where the flight path crosses a road or a railway (WGS84 lon/lat).

    Level 3.5 may cross them briefly without stopping; Level 4 crossings need their own care, so
    the derivation reports each one.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    lon: _Lon
    lat: _Lat
    kind: CrossingKind
    name: StrictStr | None = None
    id: StrictStr | None = None


class FlightFacts(BaseModel):
    """Yes/no facts about one flight; a missing fact is false."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    airport_vicinity: StrictBool = False
    emergency_airspace: StrictBool = False
    above_150m: StrictBool = False
    over_did: StrictBool = False
    night: StrictBool = False
    bvlos: StrictBool = False
    within_30m: StrictBool = False
    over_event: StrictBool = False
    dangerous_goods: StrictBool = False
    dropping_objects: StrictBool = False
    drone_act_facility: StrictBool = False
    near_structure_30m: StrictBool = False
    crossings: tuple[Crossing, ...] = ()

    def holds(self, name: str) -> bool:
        """Whether the specific-flight condition ``name`` (a key of `FACT_CODES`) holds.

        Since 2021 the airspace within 30 m of a structure is not part of the 150 m airspace
        (Enforcement Regulation Art. 236-71), so ``above_150m`` does not hold there.
        """
        if name == "above_150m" and self.near_structure_30m:
            return False
        return bool(getattr(self, name))

    def holding_codes(self) -> tuple[str, ...]:
        """Reason codes of the specific-flight conditions that hold, in the order of the law."""
        return tuple(code for name, code in FACT_CODES.items() if self.holds(name))


class AltitudeReference(StrEnum):
    """What the altitudes of a route are measured from."""

    AGL = "agl"  # above the ground or water directly below
    AMSL = "amsl"  # above mean sea level


class MethodFacts(BaseModel):
    """The method facts a route or area cannot show, declared alongside it.

    Derived facts default to a BVLOS delivery flight; the others default to false. Airspace
    facts are not here on purpose: they come from the geometry and cannot be overridden.
    ``within_30m`` declared true adds M-30M; the geometry can add it too, never remove it.
    ``near_structure_30m`` declares the flight stays within 30 m of a structure (a tower, a
    building) the scenario does not show.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    bvlos: StrictBool = True
    within_30m: StrictBool = False
    over_event: StrictBool = False
    dangerous_goods: StrictBool = False
    dropping_objects: StrictBool = False
    near_structure_30m: StrictBool = False

    def with_aircraft(self, drops_payload: bool) -> MethodFacts:
        """These facts for an aircraft that does (or does not) drop its payload in the air:
        a parachute-drop aircraft makes every flight M-DROP."""
        if drops_payload and not self.dropping_objects:
            return self.model_copy(update={"dropping_objects": True})
        return self
