"""Storage fixtures: every storage test runs on SQLite and on PostgreSQL + PostGIS."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from kizuna.store import engine, migrate, session_factory


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """An empty database URL: a SQLite file in a temp dir, or a fresh PostGIS database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'kizuna.db'}"
    url: str = request.getfixturevalue("fresh_postgres_url")
    return url


@pytest.fixture
def db_engine(db_url: str) -> Iterator[Engine]:
    """An engine on ``db_url``, disposed after the test."""
    eng = engine(db_url)
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture
def migrated(db_engine: Engine) -> Engine:
    """``db_engine`` with the schema at head."""
    migrate(db_engine)
    return db_engine


@pytest.fixture
def sessions(migrated: Engine) -> sessionmaker[Session]:
    """A session factory on a migrated database."""
    return session_factory(migrated)
