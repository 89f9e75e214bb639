"""Repositories: the fleet values of :mod:`kizuna.fleet` in and out of the database, per tenant.

Every repository is bound to one organisation and every query filters by it, so one tenant can
never read or overwrite another's rows. Writes are added to the session; the caller commits.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from shapely.geometry import Point
from sqlalchemy import select
from sqlalchemy.orm import Session

from kizuna.errors import InvalidInput, UnknownName
from kizuna.fleet import Aircraft, AircraftProfile, Base, Pad, Pilot
from kizuna.fleet.pilot import AircraftKind, Limitation
from kizuna.store.records import Organisation, ScenarioEntry
from kizuna.store.tables import (
    AircraftProfileRow,
    AircraftRow,
    BaseRow,
    OrganisationRow,
    PilotRow,
    ScenarioRow,
)

__all__ = ["FleetRepository", "OrganisationRepository", "ScenarioRepository"]


class OrganisationRepository:
    """Tenants. Creating one is an administrator's act, so this is not tenant-scoped."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, org: Organisation) -> None:
        """Register a new organisation; raises :class:`InvalidInput` if the id is taken."""
        if self.session.get(OrganisationRow, org.id) is not None:
            raise InvalidInput(f"organisation {org.id!r} already exists", field="id")
        self.session.add(OrganisationRow(id=org.id, name=org.name, kind=org.kind,
                                         scenario=org.scenario))
        self.session.flush()

    def get(self, org_id: str) -> Organisation:
        """The organisation ``org_id``; raises :class:`UnknownName`."""
        row = self.session.get(OrganisationRow, org_id)
        if row is None:
            raise UnknownName("organisation", org_id)
        return Organisation(row.id, row.name, row.kind, row.scenario)

    def set_scenario(self, org_id: str, scenario: str | None) -> Organisation:
        """Set the scenario an organisation works in; raises :class:`UnknownName`."""
        row = self.session.get(OrganisationRow, org_id)
        if row is None:
            raise UnknownName("organisation", org_id)
        org = Organisation(row.id, row.name, row.kind, scenario)  # validates the name
        row.scenario = scenario
        self.session.flush()
        return org

    def all(self) -> list[Organisation]:
        """Every organisation, by id."""
        rows = self.session.scalars(select(OrganisationRow).order_by(OrganisationRow.id))
        return [Organisation(r.id, r.name, r.kind, r.scenario) for r in rows]


class _TenantRepository:
    def __init__(self, session: Session, organisation_id: str) -> None:
        if session.get(OrganisationRow, organisation_id) is None:
            raise UnknownName("organisation", organisation_id)
        self.session = session
        self.organisation_id = organisation_id


def _profile_data(p: AircraftProfile) -> dict[str, Any]:
    return {**p.extra, **p.to_dict()}


class FleetRepository(_TenantRepository):
    """Aircraft profiles, aircraft, pilots and bases of one organisation."""

    # -- profiles -------------------------------------------------------------------------
    def save_profile(self, profile: AircraftProfile) -> None:
        """Insert or replace an aircraft profile."""
        row = self.session.get(AircraftProfileRow, (self.organisation_id, profile.id))
        if row is None:
            self.session.add(AircraftProfileRow(organisation_id=self.organisation_id,
                                                id=profile.id, name=profile.name,
                                                data=_profile_data(profile)))
        else:
            row.name, row.data = profile.name, _profile_data(profile)
        self.session.flush()

    def get_profile(self, profile_id: str) -> AircraftProfile:
        """A profile by id; raises :class:`UnknownName`."""
        row = self.session.get(AircraftProfileRow, (self.organisation_id, profile_id))
        if row is None:
            raise UnknownName("aircraft profile", profile_id)
        return AircraftProfile.from_dict(dict(row.data))

    def profiles(self) -> list[AircraftProfile]:
        """Every profile, by id."""
        rows = self.session.scalars(
            select(AircraftProfileRow).where(
                AircraftProfileRow.organisation_id == self.organisation_id)
            .order_by(AircraftProfileRow.id))
        return [AircraftProfile.from_dict(dict(r.data)) for r in rows]

    # -- aircraft -------------------------------------------------------------------------
    def _aircraft_row(self, registration: str) -> AircraftRow | None:
        return self.session.scalars(
            select(AircraftRow).where(AircraftRow.organisation_id == self.organisation_id,
                                      AircraftRow.registration == registration)).one_or_none()

    def save_aircraft(self, aircraft: Aircraft) -> None:
        """Insert or update an aircraft (and its profile).

        Registration marks are national: a mark held by another organisation is refused with
        :class:`InvalidInput` (the database's unique constraint backs this up).
        """
        self.save_profile(aircraft.profile)
        row = self._aircraft_row(aircraft.registration)
        if row is None:
            taken = self.session.scalar(
                select(AircraftRow.id).where(AircraftRow.registration == aircraft.registration))
            if taken is not None:
                raise InvalidInput(f"registration {aircraft.registration} is already registered",
                                   field="registration")
            row = AircraftRow(organisation_id=self.organisation_id,
                              registration=aircraft.registration)
            self.session.add(row)
        row.profile_id = aircraft.profile.id
        row.certificate = str(aircraft.certificate)
        row.certificate_expiry = aircraft.certificate_expiry
        row.remote_id = aircraft.remote_id
        row.registration_expiry = aircraft.registration_expiry
        row.type_certificate_number = aircraft.type_certificate_number
        row.type_certificate_expiry = aircraft.type_certificate_expiry
        row.airframe_certificate_number = aircraft.airframe_certificate_number
        row.certificate_issued = aircraft.certificate_issued
        row.manufacturer = aircraft.manufacturer
        row.serial_number = aircraft.serial_number
        self.session.flush()

    def _to_aircraft(self, row: AircraftRow) -> Aircraft:
        return Aircraft(registration=row.registration, profile=self.get_profile(row.profile_id),
                        certificate=row.certificate,  # type: ignore[arg-type]  # coerced
                        certificate_expiry=row.certificate_expiry, remote_id=row.remote_id,
                        registration_expiry=row.registration_expiry,
                        type_certificate_number=row.type_certificate_number,
                        type_certificate_expiry=row.type_certificate_expiry,
                        airframe_certificate_number=row.airframe_certificate_number,
                        certificate_issued=row.certificate_issued,
                        manufacturer=row.manufacturer, serial_number=row.serial_number)

    def get_aircraft(self, registration: str) -> Aircraft:
        """An aircraft by registration mark; raises :class:`UnknownName`."""
        row = self._aircraft_row(registration)
        if row is None:
            raise UnknownName("aircraft", registration)
        return self._to_aircraft(row)

    def aircraft(self) -> list[Aircraft]:
        """Every aircraft, by registration."""
        rows = self.session.scalars(
            select(AircraftRow).where(AircraftRow.organisation_id == self.organisation_id)
            .order_by(AircraftRow.registration))
        return [self._to_aircraft(r) for r in rows]

    # -- pilots ---------------------------------------------------------------------------
    def save_pilot(self, pilot: Pilot) -> None:
        """Insert or replace a pilot."""
        row = self.session.get(PilotRow, (self.organisation_id, pilot.id))
        if row is None:
            row = PilotRow(organisation_id=self.organisation_id, id=pilot.id)
            self.session.add(row)
        row.name = pilot.name
        row.licence = str(pilot.licence)
        row.limitations_lifted = sorted(str(x) for x in pilot.limitations_lifted)
        row.licence_expiry = pilot.licence_expiry
        row.kinds = sorted(str(x) for x in pilot.kinds)
        row.licence_number = pilot.licence_number
        self.session.flush()

    @staticmethod
    def _to_pilot(row: PilotRow) -> Pilot:
        return Pilot(id=row.id, name=row.name,
                     licence=row.licence,  # type: ignore[arg-type]  # coerced by Pilot
                     limitations_lifted=frozenset(Limitation(x) for x in row.limitations_lifted),
                     licence_expiry=row.licence_expiry, licence_number=row.licence_number,
                     **({} if row.kinds is None
                        else {"kinds": frozenset(AircraftKind(x) for x in row.kinds)}))

    def get_pilot(self, pilot_id: str) -> Pilot:
        """A pilot by id; raises :class:`UnknownName`."""
        row = self.session.get(PilotRow, (self.organisation_id, pilot_id))
        if row is None:
            raise UnknownName("pilot", pilot_id)
        return self._to_pilot(row)

    def pilots(self) -> list[Pilot]:
        """Every pilot, by id."""
        rows = self.session.scalars(
            select(PilotRow).where(PilotRow.organisation_id == self.organisation_id)
            .order_by(PilotRow.id))
        return [self._to_pilot(r) for r in rows]

    # -- bases ----------------------------------------------------------------------------
    def save_base(self, base: Base) -> None:
        """Insert or replace a base."""
        row = self.session.get(BaseRow, (self.organisation_id, base.id))
        if row is None:
            row = BaseRow(organisation_id=self.organisation_id, id=base.id)
            self.session.add(row)
        row.name, row.name_ja, row.kind = base.name, base.name_ja, base.kind
        row.location = Point(base.lon, base.lat)
        row.pads = [{"id": p.id, "lon": p.lon, "lat": p.lat} for p in base.pads]
        self.session.flush()

    @staticmethod
    def _to_base(row: BaseRow) -> Base:
        pads = tuple(Pad(str(p["id"]), float(p["lon"]), float(p["lat"])) for p in row.pads)
        return Base(id=row.id, name=row.name, lon=float(row.location.x),
                    lat=float(row.location.y), name_ja=row.name_ja, pads=pads, kind=row.kind)

    def get_base(self, base_id: str) -> Base:
        """A base by id; raises :class:`UnknownName`."""
        row = self.session.get(BaseRow, (self.organisation_id, base_id))
        if row is None:
            raise UnknownName("base", base_id)
        return self._to_base(row)

    def bases(self) -> list[Base]:
        """Every base, by id."""
        rows = self.session.scalars(
            select(BaseRow).where(BaseRow.organisation_id == self.organisation_id)
            .order_by(BaseRow.id))
        return [self._to_base(r) for r in rows]


class ScenarioRepository(_TenantRepository):
    """The scenario registry of one organisation."""

    def save(self, entry: ScenarioEntry) -> None:
        """Insert or replace a scenario entry."""
        row = self.session.get(ScenarioRow, (self.organisation_id, entry.name))
        if row is None:
            row = ScenarioRow(organisation_id=self.organisation_id, name=entry.name)
            self.session.add(row)
        row.title, row.epsg, row.seed = entry.title, entry.epsg, entry.seed
        row.content_hash, row.built_at = entry.content_hash, entry.built_at
        row.layers_geojson, row.path = entry.layers_geojson, entry.path
        self.session.flush()

    @staticmethod
    def _to_entry(row: ScenarioRow) -> ScenarioEntry:
        built = row.built_at
        # SQLite keeps no offset; the store always writes UTC.
        built = built.replace(tzinfo=UTC) if built.tzinfo is None else built.astimezone(UTC)
        return ScenarioEntry(name=row.name, title=row.title, epsg=row.epsg, seed=row.seed,
                             content_hash=row.content_hash, built_at=built,
                             layers_geojson=row.layers_geojson, path=row.path)

    def get(self, name: str) -> ScenarioEntry:
        """A scenario entry by name; raises :class:`UnknownName`."""
        row = self.session.get(ScenarioRow, (self.organisation_id, name))
        if row is None:
            raise UnknownName("scenario", name)
        return self._to_entry(row)

    def all(self) -> list[ScenarioEntry]:
        """Every scenario entry, by name."""
        rows = self.session.scalars(
            select(ScenarioRow).where(ScenarioRow.organisation_id == self.organisation_id)
            .order_by(ScenarioRow.name))
        return [self._to_entry(r) for r in rows]
