"""Storage: SQLAlchemy tables, per-tenant repositories and Alembic migrations.

SQLite (WAL) in the user's data directory by default; PostgreSQL + PostGIS through the same
schema when ``KIZUNA_DATABASE_URL`` says ``postgresql+psycopg://...``. See docs/storage.md.
"""

# Importing every table module registers its tables on Record.metadata, so the metadata always
# describes the whole schema (autogenerate comparisons, create_all in tests).
from kizuna.store import (  # noqa: F401
    accounts,
    airspace,
    incidents,
    log_records,
    orders,
    permit_records,
    talent,
    telemetry,
)
from kizuna.store.engine import engine, parse_url, session_factory
from kizuna.store.migrate import downgrade, migrate
from kizuna.store.records import Organisation, ScenarioEntry
from kizuna.store.repositories import FleetRepository, OrganisationRepository, ScenarioRepository
from kizuna.store.residency import ResidencyRepository, cipher_from_environment
from kizuna.store.tables import Record
from kizuna.store.url import DATABASE_URL_ENV, database_url, default_sqlite_path

__all__ = [
    "DATABASE_URL_ENV",
    "FleetRepository",
    "Organisation",
    "OrganisationRepository",
    "Record",
    "ResidencyRepository",
    "ScenarioEntry",
    "ScenarioRepository",
    "cipher_from_environment",
    "database_url",
    "default_sqlite_path",
    "downgrade",
    "engine",
    "migrate",
    "parse_url",
    "session_factory",
]
