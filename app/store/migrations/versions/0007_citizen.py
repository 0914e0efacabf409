"""Ratings, the feedback box and postal shipments (issue 12).

Revision ID: 0007_citizen
Revises: 0002
Create Date: 2026-11-29

Additive only: three new tables, no change to existing rows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_citizen"
down_revision = "0009_attach"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dossier_id"),
        sa.UniqueConstraint("uuid"),
    )
    op.create_index(op.f("ix_rating_at"), "rating", ["at"], unique=False)
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=True),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("answered_at", sa.String(length=32), nullable=True),
        sa.Column("answered_by", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], name=op.f("fk_feedback_dossier_id_dossier")),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uuid"),
    )
    op.create_index(op.f("ix_feedback_created_at"), "feedback", ["created_at"], unique=False)
    op.create_index(op.f("ix_feedback_dossier_id"), "feedback", ["dossier_id"], unique=False)
    op.create_table(
        "postal_shipment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("tracking", sa.String(length=40), nullable=False),
        sa.Column("handed_at", sa.String(length=32), nullable=False),
        sa.Column("handed_by", sa.String(length=120), nullable=False),
        sa.Column("delivered_at", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossier.id"], name=op.f("fk_postal_shipment_dossier_id_dossier")
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dossier_id"),
    )
    op.create_index(op.f("ix_postal_shipment_tracking"), "postal_shipment", ["tracking"], unique=False)
    op.create_index(op.f("ix_postal_shipment_handed_at"), "postal_shipment", ["handed_at"], unique=False)


def downgrade() -> None:
    op.drop_table("postal_shipment")
    op.drop_table("feedback")
    op.drop_table("rating")
