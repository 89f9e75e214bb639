"""On PostgreSQL, base locations are real PostGIS geometries."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from kizuna.fleet import Base
from kizuna.store import FleetRepository, Organisation, OrganisationRepository


@pytest.fixture
def db_url(fresh_postgres_url: str) -> str:
    """PostgreSQL only: this file overrides the two-backend ``db_url``."""
    return fresh_postgres_url


@pytest.mark.postgres
def test_base_location_is_a_postgis_point(sessions: sessionmaker[Session]) -> None:
    """ST_AsText, ST_SRID and a spatial query work on the stored base location."""
    with sessions() as s:
        OrganisationRepository(s).add(Organisation("goto-air", "Goto Air", "operator"))
        repo = FleetRepository(s, "goto-air")
        repo.save_base(Base("fukue-port", "Fukue port", 128.843, 32.697))
        repo.save_base(Base("aokata", "Aokata", 129.048, 33.012))
        s.commit()
        row = s.execute(text(
            "SELECT ST_AsText(location), ST_SRID(location), GeometryType(location) "
            "FROM bases WHERE id = 'fukue-port'")).one()
        assert tuple(row) == ("POINT(128.843 32.697)", 4326, "POINT")
        # Within 5 km of Fukue airport (32.6663 N, 128.8333 E): the port, not Aokata.
        near = s.scalars(text(
            "SELECT id FROM bases WHERE ST_DWithin(location::geography, "
            "ST_SetSRID(ST_MakePoint(128.8333, 32.6663), 4326)::geography, 5000)")).all()
        assert near == ["fukue-port"]


@pytest.mark.postgres
def test_location_column_has_a_gist_index(sessions: sessionmaker[Session]) -> None:
    """The migration creates a GiST index on bases.location."""
    with sessions() as s:
        indexdef = s.scalar(text(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'bases' "
            "AND indexname = 'ix_bases_location'"))
    assert indexdef is not None and "gist" in indexdef.lower()
