"""The relational schema (SQLAlchemy 2 typed declarative).

Every row except an organisation's own carries ``organisation_id``: the tenant that owns it.
Repositories filter every query by it. Aircraft registration marks are national, so they are
unique across tenants.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from shapely.geometry import Point
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kizuna.store.types import WGS84Point

__all__ = [
    "ORGANISATION_KINDS",
    "AircraftProfileRow",
    "AircraftRow",
    "BaseRow",
    "OrganisationRow",
    "PilotRow",
    "Record",
    "ScenarioRow",
]

ORGANISATION_KINDS = ("operator", "prefecture", "company")

# Stable constraint names, so migrations can refer to them on every backend.
_NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Record(DeclarativeBase):
    """Declarative base of every Kizuna table."""

    metadata = MetaData(naming_convention=_NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON, list[str]: JSON, list[Any]: JSON}


def _org_fk() -> Mapped[str]:
    return mapped_column(String(64), ForeignKey("organisations.id", ondelete="CASCADE"),
                         index=True)


class OrganisationRow(Record):
    """A tenant: a delivery operator, a prefecture office or a company."""

    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint("kind IN ('operator', 'prefecture', 'company')", name="kind"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    # The world its pages, planning and checks use (a bundled or built scenario's name).
    scenario: Mapped[str | None] = mapped_column(String(64), nullable=True)


class AircraftProfileRow(Record):
    """An aircraft type as one tenant uses it (``data`` is ``AircraftProfile.to_dict`` + extra)."""

    __tablename__ = "aircraft_profiles"

    organisation_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    data: Mapped[dict[str, Any]]


class AircraftRow(Record):
    """One registered airframe."""

    __tablename__ = "aircraft"
    __table_args__ = (
        UniqueConstraint("registration"),
        ForeignKeyConstraint(["organisation_id", "profile_id"],
                             ["aircraft_profiles.organisation_id", "aircraft_profiles.id"],
                             name="fk_aircraft_profile"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    organisation_id: Mapped[str] = _org_fk()
    registration: Mapped[str] = mapped_column(String(12))
    profile_id: Mapped[str] = mapped_column(String(64))
    certificate: Mapped[str] = mapped_column(String(20))
    certificate_expiry: Mapped[date | None] = mapped_column(Date)
    remote_id: Mapped[str | None] = mapped_column(String(64))
    registration_expiry: Mapped[date | None] = mapped_column(Date)
    type_certificate_number: Mapped[str | None] = mapped_column(String(40))
    type_certificate_expiry: Mapped[date | None] = mapped_column(Date)
    airframe_certificate_number: Mapped[str | None] = mapped_column(String(40))
    certificate_issued: Mapped[date | None] = mapped_column(Date)
    manufacturer: Mapped[str | None] = mapped_column(String(200))
    serial_number: Mapped[str | None] = mapped_column(String(64))


class PilotRow(Record):
    """A remote pilot and their licence."""

    __tablename__ = "pilots"

    organisation_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    licence: Mapped[str] = mapped_column(String(20))
    limitations_lifted: Mapped[list[str]]
    licence_expiry: Mapped[date | None] = mapped_column(Date)
    # None: stored before kinds existed, read as the default (multirotor only).
    kinds: Mapped[list[str] | None]
    licence_number: Mapped[str | None] = mapped_column(String(40))


class BaseRow(Record):
    """A delivery base; ``location`` is PostGIS geometry on PostgreSQL, WKB on SQLite."""

    __tablename__ = "bases"
    __table_args__ = (
        # A GiST index only means something on a PostGIS geometry.
        Index("ix_bases_location", "location", postgresql_using="gist").ddl_if(
            dialect="postgresql"),
    )

    organisation_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_ja: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(40))
    location: Mapped[Point] = mapped_column(WGS84Point())
    pads: Mapped[list[Any]]  # [{"id", "lon", "lat"}, ...]


class ScenarioRow(Record):
    """A registered scenario: identity, build facts and its layers (inline GeoJSON or a path)."""

    __tablename__ = "scenarios"

    organisation_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    epsg: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(128))
    built_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    layers_geojson: Mapped[str | None] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(Text)
