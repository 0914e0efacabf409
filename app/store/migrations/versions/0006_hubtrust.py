"""Dead schema removed: the unused ``setting`` table and ``office.saturday_policy``.

Revision ID: 0006_hubtrust
Revises: 0003_core
Create Date: 2026-11-29

Issue 8 ("Remove the dead code"): nothing ever read or wrote ``setting`` (the office profile and
``sync_state`` hold every setting), and ``saturday_policy`` was stored but changed no due date, no
queue and no slip. Stores at this revision also carry an audit anchor file (app/store/anchor.py);
a store opened from an older revision has its chain anchored once, as it stands (app/desk.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_hubtrust"
down_revision = "0003_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("setting")
    # Plain ALTER (SQLite >= 3.35), not batch mode: a table rebuild is not needed for a column
    # nothing indexes or references.
    op.execute("ALTER TABLE office DROP COLUMN saturday_policy")


def downgrade() -> None:
    op.add_column(
        "office", sa.Column("saturday_policy", sa.String(length=20), nullable=False, server_default="none")
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
