"""Permits: route and area applications, risk dossiers, approvals, envelope checks, DIPS records.

Public API::

    Application, envelope_geometry     application.py  what the operator applies for
    Permit, PermitState, parse_permit  permit.py       an approved application
    PermitRecord, submit, approve, ... lifecycle.py    draft -> submitted -> approved/rejected
    Condition (MaxAltitudeAgl, ...)    conditions.py   the regulator's typed conditions
    FlightPlan                         flight.py       one flight to check or notify
    check_flight -> [Violation]        check.py        the envelope check
    permit_envelope                    envelope.py     the permit as the planner's envelope
"""

from __future__ import annotations

from kizuna.permits.application import (
    AltitudeBand,
    Application,
    Corridor,
    DailyWindow,
    LandingSite,
    envelope_geometry,
)
from kizuna.permits.check import VIOLATION_CODES, Violation, check_flight
from kizuna.permits.conditions import (
    CameraRequired,
    Condition,
    MaxAltitudeAgl,
    MaxWind,
    MinLicence,
    NoCommutingHours,
    NoNight,
)
from kizuna.permits.flight import FlightPlan
from kizuna.permits.lifecycle import (
    ApplicationVersion,
    PermitRecord,
    amend,
    approve,
    expire,
    new_record,
    reject,
    revoke,
    submit,
)
from kizuna.permits.permit import Permit, PermitState, parse_permit
from kizuna.permits.settings import DEFAULT_PERMIT_SETTINGS, PermitSettings

__all__ = [
    "DEFAULT_PERMIT_SETTINGS",
    "VIOLATION_CODES",
    "AltitudeBand",
    "Application",
    "ApplicationVersion",
    "CameraRequired",
    "Condition",
    "Corridor",
    "DailyWindow",
    "FlightPlan",
    "LandingSite",
    "MaxAltitudeAgl",
    "MaxWind",
    "MinLicence",
    "NoCommutingHours",
    "NoNight",
    "Permit",
    "PermitRecord",
    "PermitSettings",
    "PermitState",
    "Violation",
    "amend",
    "approve",
    "check_flight",
    "envelope_geometry",
    "expire",
    "new_record",
    "parse_permit",
    "reject",
    "revoke",
    "submit",
]
