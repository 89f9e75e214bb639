"""An individual aircraft: registration, profile, airframe certificate, Remote ID."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kizuna.errors import InvalidInput
from kizuna.fleet.profiles import AircraftProfile, Certification

__all__ = ["Aircraft"]

# MLIT registration marks are "JU" followed by 10 alphanumerics (e.g. JU3D4E5F6G7H).
_REGISTRATION = re.compile(r"^JU[0-9A-Z]{10}$")


@dataclass(frozen=True)
class Aircraft:
    """One registered unmanned aircraft.

    Parameters
    ----------
    registration
        MLIT registration mark, ``JU`` + 10 characters.
    profile
        Its type.
    certificate
        Airframe certificate class held by this airframe (may be lower than the type's).
    certificate_expiry
        Expiry of the airframe certificate; required unless ``certificate`` is none.
    remote_id
        Remote ID serial, or None when the aircraft has none fitted.
    """

    registration: str
    profile: AircraftProfile
    certificate: Certification = Certification.NONE
    certificate_expiry: date | None = None
    remote_id: str | None = None
    registration_expiry: date | None = None

    def __post_init__(self) -> None:
        if not _REGISTRATION.match(self.registration):
            raise InvalidInput(
                f"registration {self.registration!r} is not an MLIT mark (JU + 10 characters)",
                field="registration")
        object.__setattr__(self, "certificate", Certification(self.certificate))
        if self.certificate is not Certification.NONE and self.certificate_expiry is None:
            raise InvalidInput(f"{self.registration}: a certificate needs an expiry date",
                               field="certificate_expiry")
        if self.remote_id is not None and not self.remote_id.strip():
            raise InvalidInput(f"{self.registration}: empty Remote ID", field="remote_id")

    def certificate_on(self, day: date) -> Certification:
        """The certificate class in force on ``day`` (none once it has expired)."""
        if self.certificate_expiry is None or day > self.certificate_expiry:
            return Certification.NONE
        return self.certificate

    def registered_on(self, day: date) -> bool:
        """Whether the registration is in force on ``day`` (renewed every 3 years)."""
        return self.registration_expiry is None or day <= self.registration_expiry
