"""the office hub's attachment relay queue, keyed by office (issues 13 and 14)

Revision ID: 0003_blob_relay
Revises: 0002_office_keys

A new table only. Written out here rather than taken from the models, so that a later change of
the model does not change what this revision creates.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import inspect, text

revision = "0003_blob_relay"
down_revision = "0002_office_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if "blob_relay" not in set(inspect(bind).get_table_names()):
        op.create_table(
            "blob_relay",
            sa.Column("office_id", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("sha256", sa.String(64), nullable=False),
            sa.Column("direction", sa.String(4), nullable=False),
            sa.Column("change_id", sa.String(36), nullable=False),
            sa.Column("dossier_uuid", sa.String(36), nullable=False),
            sa.Column("size", sa.Integer, nullable=False),
            sa.Column("state", sa.String(8), nullable=False),
            sa.Column("moved", sa.Integer, nullable=False),
            sa.Column("resumed_from", sa.Integer, nullable=False),
            sa.Column("attempts", sa.Integer, nullable=False),
            sa.Column("last_error", sa.Text, nullable=False),
            sa.Column("created_at", sa.String(40), nullable=False),
            sa.Column("done_at", sa.String(40), nullable=True),
            sa.ForeignKeyConstraint(["office_id"], ["offices.id"]),
            sa.UniqueConstraint("office_id", "sha256", "direction", name="ux_blob_relay"),
        )
        op.create_index("ix_blob_relay_state", "blob_relay", ["office_id", "state", "direction"])
    bind.execute(text("UPDATE hub_meta SET value = '3' WHERE key = 'schema_version'"))


def downgrade() -> None:
    op.drop_index("ix_blob_relay_state", table_name="blob_relay")
    op.drop_table("blob_relay")
    op.execute("UPDATE hub_meta SET value = '2' WHERE key = 'schema_version'")
