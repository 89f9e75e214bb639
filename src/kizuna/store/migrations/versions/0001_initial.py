"""Initial schema: organisations, fleet (profiles, aircraft, pilots), bases, scenarios.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kizuna.store.types

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _org_column() -> sa.Column[str]:
    return sa.Column("organisation_id", sa.String(64), nullable=False)


def _org_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                   name=f"fk_{table}_organisation_id_organisations",
                                   ondelete="CASCADE")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")

    op.create_table(
        "organisations",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.CheckConstraint("kind IN ('operator', 'prefecture', 'company')",
                           name="ck_organisations_kind"),
        sa.PrimaryKeyConstraint("id", name="pk_organisations"),
    )
    op.create_table(
        "aircraft_profiles",
        _org_column(),
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        _org_fk("aircraft_profiles"),
        sa.PrimaryKeyConstraint("organisation_id", "id", name="pk_aircraft_profiles"),
    )
    op.create_table(
        "aircraft",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        _org_column(),
        sa.Column("registration", sa.String(12), nullable=False),
        sa.Column("profile_id", sa.String(64), nullable=False),
        sa.Column("certificate", sa.String(20), nullable=False),
        sa.Column("certificate_expiry", sa.Date(), nullable=True),
        sa.Column("remote_id", sa.String(64), nullable=True),
        sa.Column("registration_expiry", sa.Date(), nullable=True),
        _org_fk("aircraft"),
        sa.ForeignKeyConstraint(["organisation_id", "profile_id"],
                                ["aircraft_profiles.organisation_id", "aircraft_profiles.id"],
                                name="fk_aircraft_profile"),
        sa.PrimaryKeyConstraint("id", name="pk_aircraft"),
        sa.UniqueConstraint("registration", name="uq_aircraft_registration"),
    )
    op.create_index("ix_aircraft_organisation_id", "aircraft", ["organisation_id"])
    op.create_table(
        "pilots",
        _org_column(),
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("licence", sa.String(20), nullable=False),
        sa.Column("limitations_lifted", sa.JSON(), nullable=False),
        sa.Column("licence_expiry", sa.Date(), nullable=True),
        _org_fk("pilots"),
        sa.PrimaryKeyConstraint("organisation_id", "id", name="pk_pilots"),
    )
    op.create_table(
        "bases",
        _org_column(),
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_ja", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("location", kizuna.store.types.WGS84Point(), nullable=False),
        sa.Column("pads", sa.JSON(), nullable=False),
        _org_fk("bases"),
        sa.PrimaryKeyConstraint("organisation_id", "id", name="pk_bases"),
    )
    if bind.dialect.name == "postgresql":
        op.create_index("ix_bases_location", "bases", ["location"], postgresql_using="gist")
    op.create_table(
        "scenarios",
        _org_column(),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("epsg", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(128), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("layers_geojson", sa.Text(), nullable=True),
        sa.Column("path", sa.Text(), nullable=True),
        _org_fk("scenarios"),
        sa.PrimaryKeyConstraint("organisation_id", "name", name="pk_scenarios"),
    )


def downgrade() -> None:
    for table in ("scenarios", "bases", "pilots", "aircraft", "aircraft_profiles",
                  "organisations"):
        op.drop_table(table)
