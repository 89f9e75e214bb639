"""The accounts and API-records migrations upgrade, match their models and downgrade."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

import kizuna.store.accounts
import kizuna.store.airspace
import kizuna.store.incidents
import kizuna.store.log_records
import kizuna.store.orders
import kizuna.store.permit_records
import kizuna.store.residency
import kizuna.store.telemetry  # noqa: F401  (register their tables)
from kizuna.store import Record, downgrade, migrate
from kizuna.store.migrate import alembic_config

HEAD_REVISION = ScriptDirectory.from_config(alembic_config()).get_current_head()
API_TABLES = {"organisation_prefectures", "users", "auth_tokens", "api_keys",
              "permit_records", "emergency_airspace", "utm_telemetry",
              "utm_conformance_events", "drop_spots", "resident_drop_spots", "orders",
              "delivery_flights", "aircraft_status"}


def _tables(url: str) -> set[str]:
    eng = create_engine(url)
    try:
        return set(inspect(eng).get_table_names())
    finally:
        eng.dispose()



def test_upgrade_creates_and_downgrade_drops_the_api_tables(tmp_path: Path) -> None:
    """0004-0006, 0009 add tables (0007, 0008 a column); downgrading to 0003 removes only them."""
    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrate(url)
    assert _tables(url) >= API_TABLES
    eng = create_engine(url)
    with eng.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == \
            HEAD_REVISION
    eng.dispose()
    downgrade(url, "0003_residency")
    left = _tables(url)
    assert not API_TABLES & left
    assert {"organisations", "airspace_intents", "residency_coe_cases"} <= left
    migrate(url)  # and up again
    assert _tables(url) >= API_TABLES


@pytest.mark.postgres
def test_migrations_on_postgres_match_the_models(fresh_postgres_url: str) -> None:
    """On PostgreSQL, head has no difference from the table models; base drops everything."""
    migrate(fresh_postgres_url)
    eng = create_engine(fresh_postgres_url)
    try:
        with eng.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = [d for d in compare_metadata(ctx, Record.metadata)
                    if not (d[0] == "remove_table" and d[1].name == "spatial_ref_sys")]
        assert diff == []
    finally:
        eng.dispose()
    downgrade(fresh_postgres_url, "0003_residency")
    assert not API_TABLES & _tables(fresh_postgres_url)


def test_migrations_on_sqlite_match_the_models(tmp_path: Path) -> None:
    """Autogenerate finds no difference between migrated SQLite and the table models."""
    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrate(url)
    eng = create_engine(url)
    try:
        with eng.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = [d for d in compare_metadata(ctx, Record.metadata)
                    if not (d[0] == "add_index" and d[1].name == "ix_bases_location")]
        assert diff == []
    finally:
        eng.dispose()
