"""Orders, registered drop spots, delivery flights and aircraft status.

Revision ID: 0006_orders
Revises: 0005_api_records
Create Date: 2026-02-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_orders"
down_revision: str | Sequence[str] | None = "0005_api_records"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _org_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                   name=f"fk_{table}_organisation_id_organisations",
                                   ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "drop_spots",
        sa.Column("id", sa.String(80), nullable=False),
        sa.Column("organisation_id", sa.String(64), nullable=False),
        sa.Column("prefecture", sa.String(40), nullable=False),
        sa.Column("scenario", sa.String(64), nullable=False),
        sa.Column("settlement_id", sa.String(64), nullable=False),
        sa.Column("base_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_ja", sa.String(200), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("coverage_kg", sa.JSON(), nullable=False),
        sa.Column("typical_out_s", sa.Float(), nullable=False),
        _org_fk("drop_spots"),
        sa.PrimaryKeyConstraint("id", name="pk_drop_spots"),
    )
    op.create_index("ix_drop_spots_organisation_id", "drop_spots", ["organisation_id"])
    op.create_table(
        "resident_drop_spots",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("drop_spot_id", sa.String(80), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name="fk_resident_drop_spots_user_id_users", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["drop_spot_id"], ["drop_spots.id"],
                                name="fk_resident_drop_spots_drop_spot_id_drop_spots",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "drop_spot_id", name="pk_resident_drop_spots"),
    )
    op.create_table(
        "orders",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.String(64), nullable=False),
        sa.Column("prefecture", sa.String(40), nullable=False),
        sa.Column("drop_spot_id", sa.String(80), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("flight", sa.JSON(), nullable=True),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_orders_user_id_users",
                                ondelete="SET NULL"),
        _org_fk("orders"),
        sa.ForeignKeyConstraint(["drop_spot_id"], ["drop_spots.id"],
                                name="fk_orders_drop_spot_id_drop_spots", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_orders"),
    )
    op.create_index("ix_orders_user_id", "orders", ["user_id"])
    op.create_index("ix_orders_organisation_id", "orders", ["organisation_id"])
    op.create_index("ix_orders_prefecture", "orders", ["prefecture"])
    op.create_index("ix_orders_state", "orders", ["state"])
    op.create_table(
        "delivery_flights",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("order_id", sa.String(40), nullable=False),
        sa.Column("organisation_id", sa.String(64), nullable=False),
        sa.Column("prefecture", sa.String(40), nullable=False),
        sa.Column("registration", sa.String(32), nullable=False),
        sa.Column("pilot_id", sa.String(64), nullable=False),
        sa.Column("intent_id", sa.String(64), nullable=True),
        sa.Column("level", sa.String(4), nullable=False),
        sa.Column("permit", sa.String(80), nullable=True),
        sa.Column("departure", sa.DateTime(timezone=True), nullable=False),
        sa.Column("landing", sa.DateTime(timezone=True), nullable=True),
        sa.Column("km", sa.Float(), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"],
                                name="fk_delivery_flights_order_id_orders", ondelete="CASCADE"),
        _org_fk("delivery_flights"),
        sa.PrimaryKeyConstraint("id", name="pk_delivery_flights"),
    )
    op.create_index("ix_delivery_flights_order_id", "delivery_flights", ["order_id"])
    op.create_index("ix_delivery_flights_organisation_id", "delivery_flights",
                    ["organisation_id"])
    op.create_table(
        "aircraft_status",
        sa.Column("registration", sa.String(32), nullable=False),
        sa.Column("organisation_id", sa.String(64), nullable=False),
        sa.Column("base_id", sa.String(64), nullable=False),
        sa.Column("soc", sa.Float(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _org_fk("aircraft_status"),
        sa.PrimaryKeyConstraint("registration", name="pk_aircraft_status"),
    )
    op.create_index("ix_aircraft_status_organisation_id", "aircraft_status",
                    ["organisation_id"])


def downgrade() -> None:
    op.drop_index("ix_aircraft_status_organisation_id", table_name="aircraft_status")
    op.drop_table("aircraft_status")
    op.drop_index("ix_delivery_flights_organisation_id", table_name="delivery_flights")
    op.drop_index("ix_delivery_flights_order_id", table_name="delivery_flights")
    op.drop_table("delivery_flights")
    for ix in ("state", "prefecture", "organisation_id", "user_id"):
        op.drop_index(f"ix_orders_{ix}", table_name="orders")
    op.drop_table("orders")
    op.drop_table("resident_drop_spots")
    op.drop_index("ix_drop_spots_organisation_id", table_name="drop_spots")
    op.drop_table("drop_spots")
