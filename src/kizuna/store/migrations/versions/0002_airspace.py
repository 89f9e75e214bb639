"""Shared airspace: operational intents, their 4D volumes, and grid cells for locking/lookup.

Revision ID: 0002
Revises: 0001
Create Date: 2026-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "airspace_intents",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("replan_required", sa.Boolean(), nullable=False),
        sa.Column("oversize", sa.Boolean(), nullable=False),
        sa.Column("frame_epsg", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_airspace_intents"),
    )
    op.create_index("ix_airspace_intents_state", "airspace_intents", ["state"])
    op.create_table(
        "airspace_volumes",
        sa.Column("intent_id", sa.String(64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("shape", sa.JSON(), nullable=False),
        sa.Column("altitude_lower_m", sa.Float(), nullable=False),
        sa.Column("altitude_upper_m", sa.Float(), nullable=False),
        sa.Column("altitude_reference", sa.String(8), nullable=False),
        sa.Column("time_start", sa.Float(), nullable=False),
        sa.Column("time_end", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["intent_id"], ["airspace_intents.id"],
                                name="fk_airspace_volumes_intent_id_airspace_intents",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("intent_id", "seq", name="pk_airspace_volumes"),
    )
    op.create_table(
        "airspace_cells",
        sa.Column("cell_key", sa.BigInteger(), nullable=False),
        sa.Column("intent_id", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["intent_id"], ["airspace_intents.id"],
                                name="fk_airspace_cells_intent_id_airspace_intents",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("cell_key", "intent_id", name="pk_airspace_cells"),
    )
    op.create_index("ix_airspace_cells_intent_id", "airspace_cells", ["intent_id"])


def downgrade() -> None:
    op.drop_index("ix_airspace_cells_intent_id", table_name="airspace_cells")
    op.drop_table("airspace_cells")
    op.drop_table("airspace_volumes")
    op.drop_index("ix_airspace_intents_state", table_name="airspace_intents")
    op.drop_table("airspace_intents")
