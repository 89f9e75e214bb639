"""Readable case numbers of CoE cases (熊本-2025-0012): the number and its year and sequence.

Revision ID: 0009_i21c_case_numbers
Revises: 0009_i20_org_scenario
Create Date: 2026-12-04

Cases filed before this revision are numbered here, per prefecture and filing year in the
order they were filed (then by case id), as the store would have numbered them.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kizuna.residency.case_number import next_case_number

revision: str = "0009_i21c_case_numbers"
down_revision: str | Sequence[str] | None = "0009_i20_org_scenario"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLE = "residency_coe_cases"


def upgrade() -> None:
    with op.batch_alter_table(_TABLE) as batch:
        batch.add_column(sa.Column("case_number", sa.String(32), nullable=True))
        batch.add_column(sa.Column("number_year", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("number_seq", sa.Integer(), nullable=True))
        batch.create_unique_constraint(f"uq_{_TABLE}_case_number", ["case_number"])
    cases = sa.table(_TABLE, sa.column("case_id", sa.String), sa.column("prefecture", sa.String),
                     sa.column("filed_on", sa.Date), sa.column("case_number", sa.String),
                     sa.column("number_year", sa.Integer), sa.column("number_seq", sa.Integer))
    conn = op.get_bind()
    rows = conn.execute(sa.select(cases.c.case_id, cases.c.prefecture, cases.c.filed_on)
                        .where(cases.c.filed_on.is_not(None))
                        .order_by(cases.c.filed_on, cases.c.case_id)).all()
    last: dict[tuple[str, int], int] = {}
    for case_id, prefecture, filed_on in rows:
        key = (prefecture, filed_on.year)
        number = next_case_number(prefecture, filed_on.year, last.get(key))
        last[key] = number.seq
        conn.execute(sa.update(cases).where(cases.c.case_id == case_id).values(
            case_number=str(number), number_year=filed_on.year, number_seq=number.seq))


def downgrade() -> None:
    with op.batch_alter_table(_TABLE) as batch:
        batch.drop_constraint(f"uq_{_TABLE}_case_number", type_="unique")
        batch.drop_column("number_seq")
        batch.drop_column("number_year")
        batch.drop_column("case_number")
