"""the ledger and the events lose their per-row check of the office (issue 13)

Revision ID: 0005_lean_ledger
Revises: 0004_key_first

``changes.office_id`` and ``events.office_id`` no longer reference ``offices``:

* an event's office is checked through its dossier: the composite key (office_id, dossier_id)
  to dossiers stays, and so does the dossier's own key to offices, so the second check of the
  same office on every event was redundant;
* a ledger row's office is the signed-in office's, written under that office's lock
  (server/store.py), and no office is ever deleted.

Why: PostgreSQL checks a foreign key row by row, each time taking a FOR KEY SHARE lock of the
referenced row: the same offices row 200 times in a batch of 100 dossiers. Those two checks cost
~2.4 ms of a batch whose raw insert takes ~15 (bench_hub, 2 cores); raw inserts, the floor the
hub is measured against, check nothing.

SQLite cannot drop a constraint in place: Alembic's batch mode copies the table, naming the
reflected (unnamed) foreign keys by ``NAMING`` so the one to drop can be told apart.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import inspect, text

revision = "0005_lean_ledger"
down_revision = "0004_key_first"
branch_labels = None
depends_on = None

TABLES = ("changes", "events")
NAMING = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}


def _office_keys(table: str) -> list[str | None]:
    """Names of ``table``'s foreign keys from office_id alone to offices (None: unnamed)."""
    return [
        fk.get("name")
        for fk in inspect(op.get_bind()).get_foreign_keys(table)
        if fk["referred_table"] == "offices" and fk["constrained_columns"] == ["office_id"]
    ]


def upgrade() -> None:
    bind = op.get_bind()
    for table in TABLES:
        names = _office_keys(table)
        if not names:  # a hub created at this revision's models (0002 builds from them)
            continue
        if bind.dialect.name == "sqlite":
            with op.batch_alter_table(table, naming_convention=NAMING) as batch:
                batch.drop_constraint(f"fk_{table}_office_id_offices", type_="foreignkey")
        else:
            for name in names:
                op.drop_constraint(str(name), table, type_="foreignkey")
    bind.execute(text("UPDATE hub_meta SET value = '5' WHERE key = 'schema_version'"))


def downgrade() -> None:
    for table in TABLES:
        if _office_keys(table):
            continue
        with op.batch_alter_table(table, naming_convention=NAMING) as batch:
            batch.create_foreign_key(f"fk_{table}_office_id_offices", "offices", ["office_id"], ["id"])
    op.execute("UPDATE hub_meta SET value = '4' WHERE key = 'schema_version'")
