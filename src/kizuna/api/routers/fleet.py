"""Fleet: aircraft, pilots and bases of one organisation (``kizuna.fleet`` values, stored by
``kizuna.store.FleetRepository``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from kizuna.api.deps import Caller, State, UserCaller, require_read, require_write
from kizuna.fleet import Aircraft, Base, Pad, Pilot
from kizuna.fleet.pilot import AircraftKind, Licence, Limitation
from kizuna.fleet.profiles import Certification
from kizuna.fleet.profiles import profile as bundled_profile
from kizuna.store import FleetRepository

__all__ = ["router"]

router = APIRouter(prefix="/orgs/{org_id}/fleet", tags=["fleet"])
_STRICT = ConfigDict(frozen=True, extra="forbid")


class AircraftIn(BaseModel):
    """An airframe: registration mark, a bundled profile id and its certificates."""

    model_config = _STRICT
    registration: str = Field(min_length=1, max_length=12)
    profile_id: str = Field(min_length=1, max_length=64)
    certificate: Certification = Certification.NONE
    certificate_expiry: date | None = None
    remote_id: str | None = Field(default=None, max_length=64)
    registration_expiry: date | None = None
    type_certificate_number: str | None = Field(default=None, max_length=40)
    type_certificate_expiry: date | None = None
    airframe_certificate_number: str | None = Field(default=None, max_length=40)
    certificate_issued: date | None = None
    manufacturer: str | None = Field(default=None, max_length=200)
    serial_number: str | None = Field(default=None, max_length=64)


_HEADER = ("type_certificate_number", "type_certificate_expiry", "airframe_certificate_number",
           "certificate_issued", "manufacturer", "serial_number")


class PilotIn(BaseModel):
    """A remote pilot and their licence."""

    model_config = _STRICT
    id: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    licence: Licence = Licence.NONE
    limitations_lifted: list[Limitation] = Field(default_factory=list, max_length=10)
    licence_expiry: date | None = None
    kinds: list[AircraftKind] = Field(default_factory=lambda: [AircraftKind.MULTIROTOR],
                                      min_length=1, max_length=3)
    licence_number: str | None = Field(default=None, max_length=40)


class PadIn(BaseModel):
    """A landing pad of a base."""

    model_config = _STRICT
    id: str = Field(min_length=1, max_length=64)
    lon: float = Field(ge=122.0, le=154.5, allow_inf_nan=False)
    lat: float = Field(ge=20.0, le=46.0, allow_inf_nan=False)


class BaseIn(BaseModel):
    """A delivery base in Japan."""

    model_config = _STRICT
    id: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    name_ja: str = Field(default="", max_length=200)
    lon: float = Field(ge=122.0, le=154.5, allow_inf_nan=False)
    lat: float = Field(ge=20.0, le=46.0, allow_inf_nan=False)
    kind: str = Field(default="port", min_length=1, max_length=40)
    pads: list[PadIn] = Field(default_factory=list, max_length=50)


def _aircraft(a: Aircraft) -> dict[str, Any]:
    return {"registration": a.registration, "profile_id": a.profile.id,
            "certificate": str(a.certificate),
            "certificate_expiry": a.certificate_expiry and a.certificate_expiry.isoformat(),
            "remote_id": a.remote_id,
            "registration_expiry": a.registration_expiry and a.registration_expiry.isoformat(),
            **{k: _plain(getattr(a, k)) for k in _HEADER}}


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _pilot(p: Pilot) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "licence": str(p.licence),
            "limitations_lifted": sorted(str(x) for x in p.limitations_lifted),
            "licence_expiry": p.licence_expiry and p.licence_expiry.isoformat(),
            "kinds": sorted(str(x) for x in p.kinds), "licence_number": p.licence_number}


def _base(b: Base) -> dict[str, Any]:
    return {"id": b.id, "name": b.name, "name_ja": b.name_ja, "lon": b.lon, "lat": b.lat,
            "kind": b.kind, "pads": [{"id": p.id, "lon": p.lon, "lat": p.lat} for p in b.pads]}


@router.get("/aircraft")
def list_aircraft(org_id: str, app: State, caller: Caller) -> list[dict[str, Any]]:
    """The organisation's aircraft."""
    require_read(app, caller, org_id)
    with app.sessions() as s:
        return [_aircraft(a) for a in FleetRepository(s, org_id).aircraft()]


@router.post("/aircraft", status_code=201)
def save_aircraft(org_id: str, body: AircraftIn, app: State, caller: UserCaller
                  ) -> dict[str, Any]:
    """Register or update an aircraft (operator staff of the organisation)."""
    require_write(app, caller, org_id)
    aircraft = Aircraft(registration=body.registration, profile=bundled_profile(body.profile_id),
                        certificate=body.certificate, certificate_expiry=body.certificate_expiry,
                        remote_id=body.remote_id, registration_expiry=body.registration_expiry,
                        **{k: getattr(body, k) for k in _HEADER})
    with app.sessions.begin() as s:
        FleetRepository(s, org_id).save_aircraft(aircraft)
    return _aircraft(aircraft)


@router.get("/pilots")
def list_pilots(org_id: str, app: State, caller: Caller) -> list[dict[str, Any]]:
    """The organisation's pilots."""
    require_read(app, caller, org_id)
    with app.sessions() as s:
        return [_pilot(p) for p in FleetRepository(s, org_id).pilots()]


@router.post("/pilots", status_code=201)
def save_pilot(org_id: str, body: PilotIn, app: State, caller: UserCaller) -> dict[str, Any]:
    """Register or update a pilot (operator staff of the organisation)."""
    require_write(app, caller, org_id)
    pilot = Pilot(id=body.id, name=body.name, licence=body.licence,
                  limitations_lifted=frozenset(body.limitations_lifted),
                  licence_expiry=body.licence_expiry, kinds=frozenset(body.kinds),
                  licence_number=body.licence_number)
    with app.sessions.begin() as s:
        FleetRepository(s, org_id).save_pilot(pilot)
    return _pilot(pilot)


@router.get("/bases")
def list_bases(org_id: str, app: State, caller: Caller) -> list[dict[str, Any]]:
    """The organisation's bases."""
    require_read(app, caller, org_id)
    with app.sessions() as s:
        return [_base(b) for b in FleetRepository(s, org_id).bases()]


@router.post("/bases", status_code=201)
def save_base(org_id: str, body: BaseIn, app: State, caller: UserCaller) -> dict[str, Any]:
    """Register or update a base (operator staff of the organisation)."""
    require_write(app, caller, org_id)
    base = Base(id=body.id, name=body.name, lon=body.lon, lat=body.lat, name_ja=body.name_ja,
                pads=tuple(Pad(p.id, p.lon, p.lat) for p in body.pads), kind=body.kind)
    with app.sessions.begin() as s:
        FleetRepository(s, org_id).save_base(base)
    return _base(base)
