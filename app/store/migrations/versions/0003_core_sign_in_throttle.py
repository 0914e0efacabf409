"""Sign-in throttle shared by the GUI and the command line (issue 8 §2).

Revision ID: 0003_core
Revises: 0002
Create Date: 2026-11-29

- ``user.failed_logins``: consecutive failed sign-ins since the last good one.
- ``user.locked_until``: after 5 failures the account refuses every sign-in (even the right
  password) until this time, so a script cannot guess passwords at disk speed.
Both live in the store, so the GUI and the CLI count the same attempts.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_core"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("locked_until", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("user") as batch:
        batch.drop_column("locked_until")
        batch.drop_column("failed_logins")
