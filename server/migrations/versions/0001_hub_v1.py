"""hub schema version 1 (as on main before Alembic, commit 5612d0d)

Revision ID: 0001_hub_v1
Revises:
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0001_hub_v1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    from server.migrations.schema_v1 import V1Base

    bind = op.get_bind()
    V1Base.metadata.create_all(bind)
    if bind.execute(text("SELECT 1 FROM hub_meta WHERE key = 'schema_version'")).first() is None:
        bind.execute(text("INSERT INTO hub_meta (key, value) VALUES ('schema_version', '1')"))


def downgrade() -> None:
    raise NotImplementedError("the hub is never downgraded; restore a backup instead")
