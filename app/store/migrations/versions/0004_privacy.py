"""Personal-data duties: access log (append-only), retention rules, tool markers.

Revision ID: 0004_privacy
Revises: 0002
Create Date: 2026-11-29

- ``access_log``: every time a person is shown or handed a citizen's data (Luật 91/2025/QH15,
  NĐ 356/2025/NĐ-CP expect a log of each processing). Triggers refuse UPDATE and DELETE, as
  migration 0002 does for ``audit`` and ``dossier_event``.
- ``retention_rule``: years a closed dossier of a field is kept before its owner may be erased.
- ``tool_marker``: accounts and actors made by ``demo-data``/``screenshots`` (issue 8 §3).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_privacy"
down_revision = "0006_hubtrust"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("dossiers", sa.Text(), nullable=False),
        sa.Column("person_ref", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uuid"),
    )
    op.create_index("ix_access_log_at", "access_log", ["at"], unique=False)
    op.create_index("ix_access_log_person_ref", "access_log", ["person_ref"], unique=False)
    op.create_table(
        "retention_rule",
        sa.Column("field_key", sa.String(length=200), nullable=False),
        sa.Column("field", sa.String(length=200), nullable=False),
        sa.Column("years", sa.Integer(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("field_key"),
    )
    op.create_table(
        "tool_marker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tool", sa.String(length=30), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER access_log_no_{action.lower()} BEFORE {action} ON access_log "
            "BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END"
        )


def downgrade() -> None:
    for action in ("UPDATE", "DELETE"):
        op.execute(f"DROP TRIGGER IF EXISTS access_log_no_{action.lower()}")
    op.drop_table("tool_marker")
    op.drop_table("retention_rule")
    op.drop_index("ix_access_log_person_ref", table_name="access_log")
    op.drop_index("ix_access_log_at", table_name="access_log")
    op.drop_table("access_log")
