"""Digitised dossiers: content-addressed blobs and attachments (NĐ 107/2021).

Revision ID: 0009_attach
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_attach"
down_revision = "0005_forms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "blob",
        sa.Column("sha256", sa.String(length=64), primary_key=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("uploaded_at", sa.String(length=32), nullable=True),
        sa.Column("evicted_at", sa.String(length=32), nullable=True),
    )
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uuid", sa.String(length=36), nullable=False, unique=True),
        sa.Column("dossier_id", sa.Integer(), sa.ForeignKey("dossier.id"), nullable=False),
        sa.Column("component", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("sha256", sa.String(length=64), sa.ForeignKey("blob.sha256"), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("reused_from", sa.String(length=36), nullable=True),
        sa.Column("superseded", sa.Boolean(), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
    )
    op.create_index("ix_attachment_dossier", "attachment", ["dossier_id", "component", "kind"])


def downgrade() -> None:
    op.drop_index("ix_attachment_dossier", table_name="attachment")
    op.drop_table("attachment")
    op.drop_table("blob")
