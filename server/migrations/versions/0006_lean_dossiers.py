"""dossiers lose their per-row check of the office (issue 13)

Revision ID: 0006_lean_dossiers
Revises: 0005_lean_ledger

``dossiers.office_id`` no longer references ``offices``, for the reason 0005 gave the ledger: a
dossier's office is the signed-in office's (server/store.py ``dossier_create``) or the one an
operator names by its unit code (server/admin.py ``submit``), written under that office's lock,
and no office is ever deleted. The event's composite key to its dossier stays: it is the check
that ties one row of a batch to another.

Why: each check is a ``FOR KEY SHARE`` lock of the same ``offices`` row, 100 times in a batch of
100 dossier creates: ~1 ms of a batch whose raw insert takes ~13 (bench_hub, 2 cores).

The tables a batch writes a row to per change (changes, dossiers, events) now check no office;
those written now and then (slips, access_log, citizen_items, updates, blobs, anchors, feeds)
keep their key to ``offices``.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import inspect, text

revision = "0006_lean_dossiers"
down_revision = "0005_lean_ledger"
branch_labels = None
depends_on = None

TABLE = "dossiers"
NAMING = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}


def _office_keys() -> list[str | None]:
    """Names of the dossiers' foreign keys from office_id alone to offices (None: unnamed)."""
    return [
        fk.get("name")
        for fk in inspect(op.get_bind()).get_foreign_keys(TABLE)
        if fk["referred_table"] == "offices" and fk["constrained_columns"] == ["office_id"]
    ]


def upgrade() -> None:
    bind = op.get_bind()
    names = _office_keys()
    if names:  # none on a hub created at this revision's models (0002 builds from them)
        if bind.dialect.name == "sqlite":
            # SQLite cannot drop a constraint in place: the batch copies the table, naming the
            # reflected (unnamed) foreign keys by NAMING so the one to drop can be told apart.
            with op.batch_alter_table(TABLE, naming_convention=NAMING) as batch:
                batch.drop_constraint(f"fk_{TABLE}_office_id_offices", type_="foreignkey")
        else:
            for name in names:
                op.drop_constraint(str(name), TABLE, type_="foreignkey")
    bind.execute(text("UPDATE hub_meta SET value = '6' WHERE key = 'schema_version'"))


def downgrade() -> None:
    if not _office_keys():
        with op.batch_alter_table(TABLE, naming_convention=NAMING) as batch:
            batch.create_foreign_key(f"fk_{TABLE}_office_id_offices", "offices", ["office_id"], ["id"])
    op.execute("UPDATE hub_meta SET value = '5' WHERE key = 'schema_version'")
