"""Aircraft profiles: the type-level figures every model and rule reads.

The defaults come from ``kizuna/config/aircraft_profiles.json`` (DOMAIN.md section 4); figures the
makers do not publish are listed in each profile's ``assumed`` field.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any, Literal

from kizuna.errors import InvalidInput, UnknownName

__all__ = ["AircraftProfile", "Certification", "load_profiles", "profile"]


class Certification(StrEnum):
    """Airframe certification class (機体認証)."""

    NONE = "none"
    SECOND_CLASS = "second_class"
    FIRST_CLASS = "first_class"


_POSITIVE = ("mtow_kg", "payload_kg", "cruise_mps", "max_speed_mps", "climb_mps", "descent_mps",
             "battery_wh", "endurance_min", "range_km", "characteristic_dimension_m",
             "wind_limit_mps")


@dataclass(frozen=True)
class AircraftProfile:
    """Type-level figures of an aircraft model."""

    id: str
    name: str
    kind: Literal["multirotor", "fixed_wing"]
    mtow_kg: float
    empty_mass_kg: float
    payload_kg: float
    cruise_mps: float
    max_speed_mps: float
    climb_mps: float
    descent_mps: float
    battery_wh: float
    endurance_min: float
    range_km: float
    characteristic_dimension_m: float
    rotors: int
    rotor_diameter_m: float
    certification: Certification
    onboard_camera: bool
    parachute: bool
    wind_limit_mps: float
    drops_payload: bool = False
    assumed: tuple[str, ...] = ()
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not self.id or not self.id.replace("-", "").isalnum():
            raise InvalidInput(f"profile id {self.id!r} must be letters, digits and dashes",
                               field="id")
        for name in _POSITIVE:
            v = getattr(self, name)
            if not (isinstance(v, int | float) and math.isfinite(v) and v > 0):
                raise InvalidInput(
                    f"profile {self.id}: {name} must be a positive number, got {v!r}", field=name)
        if self.kind not in ("multirotor", "fixed_wing"):
            raise InvalidInput(f"profile {self.id}: kind must be multirotor or fixed_wing",
                               field="kind")
        if self.empty_mass_kg <= 0 or self.empty_mass_kg + self.payload_kg > self.mtow_kg + 1e-9:
            raise InvalidInput(
                f"profile {self.id}: empty mass {self.empty_mass_kg} kg + payload "
                f"{self.payload_kg} kg exceeds MTOW {self.mtow_kg} kg", field="empty_mass_kg")
        if self.max_speed_mps < self.cruise_mps:
            raise InvalidInput(f"profile {self.id}: max speed below cruise speed",
                               field="max_speed_mps")
        if self.kind == "multirotor" and (self.rotors < 3 or self.rotor_diameter_m <= 0):
            raise InvalidInput(f"profile {self.id}: a multirotor needs >= 3 rotors with a diameter",
                               field="rotors")
        object.__setattr__(self, "certification", Certification(self.certification))
        object.__setattr__(self, "assumed", tuple(self.assumed))

    @property
    def licence_kind(self) -> str:
        """The kind of aircraft a pilot's licence must cover to fly this type: a fixed-wing is
        an aeroplane (飛行機), a multirotor a multirotor."""
        return "aeroplane" if self.kind == "fixed_wing" else "multirotor"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        d = asdict(self)
        d.pop("extra")
        d["certification"] = str(self.certification)
        d["assumed"] = list(self.assumed)
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AircraftProfile:
        """Build from a JSON dict, keeping unknown keys in ``extra``."""
        known = {f for f in cls.__dataclass_fields__ if f != "extra"}
        try:
            args = {k: v for k, v in data.items() if k in known}
            extra = {k: v for k, v in data.items() if k not in known}
            args["certification"] = Certification(args.get("certification", "none"))
            return cls(**args, extra=extra)
        except (TypeError, ValueError) as exc:
            if isinstance(exc, InvalidInput):
                raise
            raise InvalidInput(f"profile {data.get('id')!r}: {exc}") from None


@cache
def load_profiles() -> dict[str, AircraftProfile]:
    """The bundled default profiles, by id."""
    text = resources.files("kizuna.config").joinpath("aircraft_profiles.json").read_text("utf-8")
    items = json.loads(text)["profiles"]
    return {p.id: p for p in (AircraftProfile.from_dict(d) for d in items)}


def profile(profile_id: str) -> AircraftProfile:
    """Look up a bundled profile by id; raises :class:`UnknownName`."""
    profiles = load_profiles()
    try:
        return profiles[profile_id]
    except KeyError:
        raise UnknownName("aircraft profile", profile_id, list(profiles)) from None
