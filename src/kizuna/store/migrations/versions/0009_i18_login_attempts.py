"""Sign-in attempts, reserved before the password is checked: the login rate limit shared by
every worker and host.

Revision ID: 0009_i18_login_attempts
Revises: 0008_alert_cursor
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_i18_login_attempts"
down_revision: str | Sequence[str] | None = "0009_i22_talent"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(400), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
    )
    op.create_index("ix_login_attempts_key", "login_attempts", ["key"])


def downgrade() -> None:
    op.drop_index("ix_login_attempts_key", table_name="login_attempts")
    op.drop_table("login_attempts")
