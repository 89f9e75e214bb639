"""Alembic migrations build the same schema as the models, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

import kizuna.store.airspace
import kizuna.store.orders
import kizuna.store.permit_records
import kizuna.store.telemetry  # noqa: F401
from kizuna.store import Record, downgrade, migrate
from kizuna.store.migrate import alembic_config

TABLES = {"organisations", "aircraft_profiles", "aircraft", "pilots", "bases", "scenarios",
          "airspace_intents", "airspace_volumes", "airspace_cells",
          "residency_certifications", "residency_certification_events",
          "residency_officer_decisions", "residency_coe_cases", "residency_coe_case_events",
          "residency_applicants", "residency_documents", "residency_audit_events",
          "organisation_prefectures", "users", "auth_tokens", "api_keys", "login_attempts",
          "permit_records", "emergency_airspace", "utm_telemetry", "utm_conformance_events",
          "drop_spots", "resident_drop_spots", "orders", "delivery_flights", "aircraft_status",
          "daily_inspections", "maintenance_records", "flight_log_entries", "preflight_checks",
          "incident_reports", "incident_filings",
          "talent_programmes", "talent_hiring_plans", "talent_foreign_plans", "talent_scenarios"}
#: The one head of the bundled migrations (several engineers add revisions in parallel; they
#: must form one line, which test_migrations_form_one_line checks).
HEAD_REVISION = ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_migrations_form_one_line() -> None:
    """One head, one base, and every revision reachable from the head: parallel work on the
    schema was chained, not left as branches."""
    scripts = ScriptDirectory.from_config(alembic_config())
    assert len(scripts.get_heads()) == 1 and len(scripts.get_bases()) == 1
    line = list(scripts.walk_revisions())
    assert len(line) == len(list(scripts.revision_map.iterate_revisions("heads", "base")))
    assert line[-1].revision == "0001"


def _tables(eng: Engine) -> set[str]:
    return set(inspect(eng).get_table_names()) - {"spatial_ref_sys"}


def test_upgrade_head_creates_every_table(db_engine: Engine) -> None:
    """Upgrading an empty database to head creates the tables and stamps the revision."""
    migrate(db_engine)
    assert _tables(db_engine) == TABLES | {"alembic_version"}
    with db_engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert version == HEAD_REVISION


def test_downgrade_base_then_upgrade_again(db_engine: Engine) -> None:
    """Downgrading to base drops the tables; upgrading again rebuilds them."""
    migrate(db_engine)
    downgrade(db_engine)
    assert _tables(db_engine) & TABLES == set()
    migrate(db_engine)
    assert _tables(db_engine) >= TABLES


def test_upgrade_is_idempotent(db_engine: Engine) -> None:
    """Running the migrations twice is harmless (the second run has nothing to do)."""
    migrate(db_engine)
    migrate(db_engine)
    assert _tables(db_engine) >= TABLES


def test_migrations_match_the_models(migrated: Engine) -> None:
    """Autogenerate finds no difference between the migrated schema and the table models."""
    with migrated.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = [d for d in compare_metadata(ctx, Record.metadata) if not _expected(d, migrated)]
    assert diff == []


def _expected(d: tuple[Any, ...], eng: Engine) -> bool:
    """Differences that are by design: PostGIS's own table, and the PostGIS-only GiST index."""
    if d[0] == "remove_table" and d[1].name == "spatial_ref_sys":
        return True
    # Autogenerate ignores Index.ddl_if(dialect="postgresql"), so on SQLite it asks for it.
    return (eng.dialect.name == "sqlite" and d[0] == "add_index"
            and d[1].name == "ix_bases_location")
