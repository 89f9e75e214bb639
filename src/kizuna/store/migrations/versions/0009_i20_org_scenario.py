"""The scenario each organisation works in (its pages, planning and checks).

Revision ID: 0009_i20_org_scenario
Revises: 0008_alert_cursor
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_i20_org_scenario"
down_revision: str | Sequence[str] | None = "0009_i18_login_attempts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: regulators and companies fly nowhere of their own, and organisations made
    # before this revision get theirs from an administrator.
    with op.batch_alter_table("organisations") as batch:
        batch.add_column(sa.Column("scenario", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        batch.drop_column("scenario")
