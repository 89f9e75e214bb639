"""Semiconductor talent: programmes, hiring plans, planned foreign figures, scenarios.

Revision ID: 0009_i22_talent
Revises: 0008_alert_cursor
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_i22_talent"
down_revision: str | Sequence[str] | None = "0009_i17_records"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _stamp() -> list[sa.Column[object]]:
    return [sa.Column("updated_by", sa.String(64), nullable=False),
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "talent_programmes",
        sa.Column("prefecture", sa.String(40), nullable=False),
        sa.Column("id", sa.String(200), nullable=False),
        sa.Column("name_ja", sa.String(200), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("first_graduates", sa.Integer(), nullable=False),
        sa.Column("last_graduates", sa.Integer(), nullable=True),
        sa.Column("semiconductor_share", sa.Float(), nullable=False),
        sa.Column("stay_share", sa.Float(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        *_stamp(),
        sa.PrimaryKeyConstraint("prefecture", "id", name="pk_talent_programmes"),
    )
    op.create_table(
        "talent_hiring_plans",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("prefecture", sa.String(40), nullable=False),
        sa.Column("organisation_id", sa.String(64), nullable=True),
        sa.Column("employer", sa.String(200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("hires", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_stamp(),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name="fk_talent_hiring_plans_organisation_id_organisations",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_talent_hiring_plans"),
    )
    op.create_index("ix_talent_hiring_plans_prefecture", "talent_hiring_plans", ["prefecture"])
    op.create_index("ix_talent_hiring_plans_organisation_id", "talent_hiring_plans",
                    ["organisation_id"])
    op.create_table(
        "talent_foreign_plans",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("prefecture", sa.String(40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_stamp(),
        sa.PrimaryKeyConstraint("id", name="pk_talent_foreign_plans"),
    )
    op.create_index("ix_talent_foreign_plans_prefecture", "talent_foreign_plans",
                    ["prefecture"])
    op.create_table(
        "talent_scenarios",
        sa.Column("prefecture", sa.String(40), nullable=False),
        sa.Column("id", sa.String(80), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("levers", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        *_stamp(),
        sa.PrimaryKeyConstraint("prefecture", "id", name="pk_talent_scenarios"),
    )


def downgrade() -> None:
    op.drop_table("talent_scenarios")
    op.drop_index("ix_talent_foreign_plans_prefecture", table_name="talent_foreign_plans")
    op.drop_table("talent_foreign_plans")
    op.drop_index("ix_talent_hiring_plans_organisation_id", table_name="talent_hiring_plans")
    op.drop_index("ix_talent_hiring_plans_prefecture", table_name="talent_hiring_plans")
    op.drop_table("talent_hiring_plans")
    op.drop_table("talent_programmes")
