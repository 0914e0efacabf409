"""Given-name search key; audit and timeline made append-only in the file itself.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

- ``dossier.search_given``: the folded name with the given name first, indexed, so a two-letter
  search for a given name ("An", "Hà") is an index range. Back-filled from ``search_name``.
- Triggers refuse UPDATE and DELETE on ``audit`` and ``dossier_event``: the hash chain detects
  tampering, the triggers stop the accidental kind (a script, a DB browser) from happening.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

APPEND_ONLY = ("audit", "dossier_event")


def _given_first(key: str) -> str:
    # Frozen copy of app.domain.text.given_first as of this revision: a migration must not
    # change meaning when the application code moves on.
    words = key.split(" ")
    return " ".join(words[-1:] + words[:-1]) if len(words) > 1 else key


def upgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("search_given", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.create_index("ix_dossier_search_given", ["search_given"], unique=False)
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, search_name FROM dossier")).fetchall()
    if rows:
        conn.execute(
            sa.text("UPDATE dossier SET search_given = :g WHERE id = :i"),
            [{"g": _given_first(name or ""), "i": i} for i, name in rows],
        )
    for table in APPEND_ONLY:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )


def downgrade() -> None:
    for table in APPEND_ONLY:
        for action in ("UPDATE", "DELETE"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action.lower()}")
    # Plain ALTER (SQLite >= 3.35), not batch mode: rebuilding ``dossier`` would drop its FTS
    # triggers and trip the foreign keys of dossier_event.
    op.drop_index("ix_dossier_search_given", table_name="dossier")
    op.execute("ALTER TABLE dossier DROP COLUMN search_given")
