"""The position report that caused each conformance event (the live stream's alert cursor).

Revision ID: 0008_alert_cursor
Revises: 0007_residency_facts
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_alert_cursor"
down_revision: str | Sequence[str] | None = "0007_residency_facts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: events stored before this revision have no known report (they stay off the
    # stream, and in GET /live/alerts).
    with op.batch_alter_table("utm_conformance_events") as batch:
        batch.add_column(sa.Column("telemetry_id", sa.Integer(), nullable=True))
    op.create_index("ix_utm_conformance_events_telemetry_id", "utm_conformance_events",
                    ["telemetry_id"])


def downgrade() -> None:
    op.drop_index("ix_utm_conformance_events_telemetry_id",
                  table_name="utm_conformance_events")
    with op.batch_alter_table("utm_conformance_events") as batch:
        batch.drop_column("telemetry_id")
