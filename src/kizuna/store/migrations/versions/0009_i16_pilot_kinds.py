"""The kinds of aircraft each pilot's licence covers (multirotor, aeroplane, helicopter).

Revision ID: 0009_i16_pilot_kinds
Revises: 0008_alert_cursor
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_i16_pilot_kinds"
down_revision: str | Sequence[str] | None = "0008_alert_cursor"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: pilots stored before this revision read as licensed for multirotors only, the
    # contract's default.
    with op.batch_alter_table("pilots") as batch:
        batch.add_column(sa.Column("kinds", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pilots") as batch:
        batch.drop_column("kinds")
