"""The company facts of a certification application (what the prefecture officer reviews).

Revision ID: 0007_residency_facts
Revises: 0006_orders
Create Date: 2026-02-20
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_residency_facts"
down_revision: str | Sequence[str] | None = "0006_orders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("residency_certifications") as batch:
        batch.add_column(sa.Column("facts", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("residency_certifications") as batch:
        batch.drop_column("facts")
