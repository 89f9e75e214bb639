"""The operator's legal records: the flight log's header fields, daily inspections,
maintenance, flight log entries, pre-flight checks, accident and serious-incident reports.

Additive: new nullable columns on ``aircraft`` and ``pilots``, new tables.

Revision ID: 0009_i17_records
Revises: 0008_alert_cursor
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

revision: str = "0009_i17_records"
down_revision: str | Sequence[str] | None = "0009_i16_pilot_kinds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_AIRCRAFT = (("type_certificate_number", sa.String(40)), ("type_certificate_expiry", sa.Date()),
             ("airframe_certificate_number", sa.String(40)), ("certificate_issued", sa.Date()),
             ("manufacturer", sa.String(200)), ("serial_number", sa.String(64)))


def _org(table: str) -> list[SchemaItem]:
    return [sa.Column("organisation_id", sa.String(64), nullable=False),
            sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                    name=f"fk_{table}_organisation_id_organisations",
                                    ondelete="CASCADE")]


def upgrade() -> None:
    with op.batch_alter_table("aircraft") as batch:
        for name, kind in _AIRCRAFT:
            batch.add_column(sa.Column(name, kind, nullable=True))
    with op.batch_alter_table("pilots") as batch:
        batch.add_column(sa.Column("licence_number", sa.String(40), nullable=True))
    op.create_table(
        "daily_inspections",
        sa.Column("id", sa.String(40), nullable=False),
        *_org("daily_inspections"),
        sa.Column("registration", sa.String(32), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("inspector", sa.String(200), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("remarks", sa.Text(), nullable=False),
        sa.Column("flight_id", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_daily_inspections"),
    )
    for col in ("organisation_id", "registration", "flight_id"):
        op.create_index(f"ix_daily_inspections_{col}", "daily_inspections", [col])
    op.create_table(
        "maintenance_records",
        sa.Column("id", sa.String(40), nullable=False),
        *_org("maintenance_records"),
        sa.Column("registration", sa.String(32), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("performer", sa.String(200), nullable=False),
        sa.Column("work", sa.Text(), nullable=False),
        sa.Column("parts_replaced", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("remarks", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_maintenance_records"),
    )
    for col in ("organisation_id", "registration"):
        op.create_index(f"ix_maintenance_records_{col}", "maintenance_records", [col])
    op.create_table(
        "flight_log_entries",
        sa.Column("flight_id", sa.String(64), nullable=False),
        *_org("flight_log_entries"),
        sa.Column("route", sa.JSON(), nullable=False),
        sa.Column("restricted_items", sa.JSON(), nullable=False),
        sa.Column("defects", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("flight_id", name="pk_flight_log_entries"),
    )
    op.create_index("ix_flight_log_entries_organisation_id", "flight_log_entries",
                    ["organisation_id"])
    op.create_table(
        "preflight_checks",
        sa.Column("id", sa.String(40), nullable=False),
        *_org("preflight_checks"),
        sa.Column("order_id", sa.String(40), nullable=False),
        sa.Column("flight_id", sa.String(64), nullable=False),
        sa.Column("registration", sa.String(32), nullable=False),
        sa.Column("pilot_id", sa.String(64), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("confirmed_by", sa.String(64), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_preflight_checks"),
    )
    for col in ("organisation_id", "order_id"):
        op.create_index(f"ix_preflight_checks_{col}", "preflight_checks", [col])
    op.create_table(
        "incident_reports",
        sa.Column("id", sa.String(40), nullable=False),
        *_org("incident_reports"),
        sa.Column("prefecture", sa.String(40), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("classification", sa.String(20), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("registration", sa.String(32), nullable=False),
        sa.Column("model", sa.String(200), nullable=False),
        sa.Column("pilot", sa.String(200), nullable=False),
        sa.Column("pilot_licence_number", sa.String(40), nullable=False),
        sa.Column("permit_number", sa.String(80), nullable=True),
        sa.Column("weather", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("damage", sa.Text(), nullable=False),
        sa.Column("injuries", sa.Text(), nullable=False),
        sa.Column("action_taken", sa.Text(), nullable=False),
        sa.Column("landing_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("flight_id", sa.String(64), nullable=True),
        sa.Column("dismiss_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("changed_by", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_incident_reports"),
    )
    for col in ("organisation_id", "prefecture"):
        op.create_index(f"ix_incident_reports_{col}", "incident_reports", [col])
    op.create_table(
        "incident_filings",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("report_id", sa.String(40), nullable=False),
        sa.Column("prefecture", sa.String(40), nullable=False),
        sa.Column("organisation_id", sa.String(64), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["incident_reports.id"],
                                name="fk_incident_filings_report_id_incident_reports",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("seq", name="pk_incident_filings"),
    )
    op.create_index("ix_incident_filings_prefecture", "incident_filings", ["prefecture"])


def downgrade() -> None:
    op.drop_table("incident_filings")
    op.drop_table("incident_reports")
    op.drop_table("preflight_checks")
    op.drop_table("flight_log_entries")
    op.drop_table("maintenance_records")
    op.drop_table("daily_inspections")
    with op.batch_alter_table("pilots") as batch:
        batch.drop_column("licence_number")
    with op.batch_alter_table("aircraft") as batch:
        for name, _kind in reversed(_AIRCRAFT):
            batch.drop_column(name)
