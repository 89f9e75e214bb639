"""Records the API keeps: permit applications, emergency airspace, telemetry and conformance
events.

Revision ID: 0005_api_records
Revises: 0004_accounts
Create Date: 2026-02-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_api_records"
down_revision: str | Sequence[str] | None = "0004_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _intent_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["intent_id"], ["airspace_intents.id"],
                                   name=f"fk_{table}_intent_id_airspace_intents",
                                   ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "permit_records",
        sa.Column("organisation_id", sa.String(64), nullable=False),
        sa.Column("id", sa.String(80), nullable=False),
        sa.Column("prefecture", sa.String(40), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name="fk_permit_records_organisation_id_organisations",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("organisation_id", "id", name="pk_permit_records"),
    )
    op.create_index("ix_permit_records_prefecture", "permit_records", ["prefecture"])
    op.create_table(
        "emergency_airspace",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("prefecture", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("area", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("changed_by", sa.String(64), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_emergency_airspace"),
    )
    op.create_index("ix_emergency_airspace_prefecture", "emergency_airspace", ["prefecture"])
    op.create_table(
        "utm_telemetry",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("intent_id", sa.String(64), nullable=False),
        sa.Column("aircraft_id", sa.String(64), nullable=False),
        sa.Column("time", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("alt_m", sa.Float(), nullable=False),
        sa.Column("altitude_reference", sa.String(8), nullable=False),
        _intent_fk("utm_telemetry"),
        sa.PrimaryKeyConstraint("id", name="pk_utm_telemetry"),
    )
    op.create_index("ix_utm_telemetry_intent_id", "utm_telemetry", ["intent_id"])
    op.create_table(
        "utm_conformance_events",
        sa.Column("intent_id", sa.String(64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("time", sa.Float(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        _intent_fk("utm_conformance_events"),
        sa.PrimaryKeyConstraint("intent_id", "seq", name="pk_utm_conformance_events"),
    )


def downgrade() -> None:
    op.drop_table("utm_conformance_events")
    op.drop_index("ix_utm_telemetry_intent_id", table_name="utm_telemetry")
    op.drop_table("utm_telemetry")
    op.drop_index("ix_emergency_airspace_prefecture", table_name="emergency_airspace")
    op.drop_table("emergency_airspace")
    op.drop_index("ix_permit_records_prefecture", table_name="permit_records")
    op.drop_table("permit_records")
