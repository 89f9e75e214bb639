"""Residency: certifications, officer decisions, CoE cases, applicants (sealed), documents,
state histories and the audit log.

Revision ID: 0003_residency
Revises: 0002 (airspace)
Create Date: 2025-02-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_residency"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("residency_audit_events", "residency_documents", "residency_applicants",
           "residency_coe_case_events", "residency_coe_cases", "residency_officer_decisions",
           "residency_certification_events", "residency_certifications")


def _tenant(table: str) -> list[sa.schema.SchemaItem]:
    """``organisation_id`` (with its foreign key) and ``prefecture``."""
    return [
        sa.Column("organisation_id", sa.String(64), nullable=False),
        sa.Column("prefecture", sa.String(40), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=f"fk_{table}_organisation_id_organisations",
                                ondelete="CASCADE"),
    ]


def _org_index(table: str) -> None:
    op.create_index(f"ix_{table}_organisation_id", table, ["organisation_id"])


def _case_fk(table: str, parent: str, name: str | None = None) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["case_id"], [f"{parent}.case_id"],
                                   name=name or f"fk_{table}_case_id_{parent}",
                                   ondelete="CASCADE")


def _events(table: str, parent: str, fk_name: str | None = None) -> None:
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        *_tenant(table),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("actor_id", sa.String(128), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        _case_fk(table, parent, fk_name),
        sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
        sa.UniqueConstraint("case_id", "seq", name=f"uq_{table}_case_id"),
    )
    _org_index(table)


def upgrade() -> None:
    op.create_table(
        "residency_certifications",
        sa.Column("case_id", sa.String(64), nullable=False),
        *_tenant("residency_certifications"),
        sa.Column("corporate_number", sa.String(13), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("certificate", sa.JSON(), nullable=True),
        sa.Column("rejections", sa.JSON(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name="pk_residency_certifications"),
    )
    _org_index("residency_certifications")
    op.create_index("ix_residency_certifications_prefecture", "residency_certifications",
                    ["prefecture"])
    op.create_index("ix_residency_certifications_corporate_number", "residency_certifications",
                    ["corporate_number"])
    _events("residency_certification_events", "residency_certifications",
            "fk_residency_certification_events_case_id")
    op.create_table(
        "residency_officer_decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        *_tenant("residency_officer_decisions"),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("result", sa.String(20), nullable=False),
        sa.Column("officer_id", sa.String(128), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        _case_fk("residency_officer_decisions", "residency_certifications"),
        sa.PrimaryKeyConstraint("id", name="pk_residency_officer_decisions"),
    )
    _org_index("residency_officer_decisions")
    op.create_index("ix_residency_officer_decisions_case_id", "residency_officer_decisions",
                    ["case_id"])

    op.create_table(
        "residency_coe_cases",
        sa.Column("case_id", sa.String(64), nullable=False),
        *_tenant("residency_coe_cases"),
        sa.Column("corporate_number", sa.String(13), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("employer", sa.JSON(), nullable=False),
        sa.Column("job", sa.JSON(), nullable=False),
        sa.Column("certificate", sa.JSON(), nullable=True),
        sa.Column("clock", sa.JSON(), nullable=True),
        sa.Column("requests", sa.JSON(), nullable=False),
        sa.Column("decision", sa.JSON(), nullable=True),
        sa.Column("statistics", sa.JSON(), nullable=False),
        sa.Column("applicant_stats", sa.JSON(), nullable=True),
        sa.Column("erased_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("case_id", name="pk_residency_coe_cases"),
    )
    _org_index("residency_coe_cases")
    op.create_index("ix_residency_coe_cases_prefecture", "residency_coe_cases", ["prefecture"])
    op.create_index("ix_residency_coe_cases_corporate_number", "residency_coe_cases",
                    ["corporate_number"])
    _events("residency_coe_case_events", "residency_coe_cases")
    op.create_table(
        "residency_applicants",
        sa.Column("case_id", sa.String(64), nullable=False),
        *_tenant("residency_applicants"),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("date_of_birth", sa.Text(), nullable=False),
        sa.Column("passport_number", sa.Text(), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        _case_fk("residency_applicants", "residency_coe_cases"),
        sa.PrimaryKeyConstraint("case_id", name="pk_residency_applicants"),
    )
    _org_index("residency_applicants")
    op.create_table(
        "residency_documents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        *_tenant("residency_documents"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=True),
        _case_fk("residency_documents", "residency_coe_cases"),
        sa.PrimaryKeyConstraint("id", name="pk_residency_documents"),
        sa.UniqueConstraint("case_id", "position", name="uq_residency_documents_case_id"),
    )
    _org_index("residency_documents")

    op.create_table(
        "residency_audit_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.String(128), nullable=False),
        sa.Column("actor_role", sa.String(32), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("organisation_id", sa.String(64), nullable=False),
        sa.Column("prefecture", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("allowed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_residency_audit_events"),
    )
    op.create_index("ix_residency_audit_events_at", "residency_audit_events", ["at"])
    op.create_index("ix_residency_audit_events_case_id", "residency_audit_events", ["case_id"])


def downgrade() -> None:
    for table in _TABLES:
        op.drop_table(table)
