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
    registration_expiry
        Expiry of the registration (renewed every 3 years).
    type_certificate_number, type_certificate_expiry
        The type certificate (型式認証書) of its model, when type-certified (valid 3 years).
    airframe_certificate_number, certificate_issued
        The airframe certificate (機体認証書) and the day of its last issue or renewal: the flight
        log counts flight time since then.
    manufacturer, serial_number
        Maker and serial number (製造者, 製造番号), the log's common header.
    """

    registration: str
    profile: AircraftProfile
    certificate: Certification = Certification.NONE
    certificate_expiry: date | None = None
    remote_id: str | None = None
    registration_expiry: date | None = None
    type_certificate_number: str | None = None
    type_certificate_expiry: date | None = None
    airframe_certificate_number: str | None = None
    certificate_issued: date | None = None
    manufacturer: str | None = None
    serial_number: str | None = None

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
        for name in ("type_certificate_number", "airframe_certificate_number", "manufacturer",
                     "serial_number"):
            value = getattr(self, name)
            if value is not None and not value.strip():
                raise InvalidInput(f"{self.registration}: empty {name}", field=name)
        if self.type_certificate_number is not None and self.type_certificate_expiry is None:
            raise InvalidInput(f"{self.registration}: a type certificate needs an expiry date",
                               field="type_certificate_expiry")
        if (self.certificate_issued is not None and self.certificate_expiry is not None
                and self.certificate_issued > self.certificate_expiry):
            raise InvalidInput(f"{self.registration}: certificate issued after it expires",
                               field="certificate_issued")

    def certificate_on(self, day: date) -> Certification:
        """The certificate class in force on ``day`` (none once it has expired)."""
        if self.certificate_expiry is None or day > self.certificate_expiry:
            return Certification.NONE
        return self.certificate

    def registered_on(self, day: date) -> bool:
        """Whether the registration is in force on ``day`` (renewed every 3 years)."""
        return self.registration_expiry is None or day <= self.registration_expiry
