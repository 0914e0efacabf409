"""unique keys lead with the key, not the office (issue 13)

Revision ID: 0004_key_first
Revises: 0003_blob_relay

(office_id, uuid), (office_id, code) and (office_id, change_id) become (uuid, office_id),
(code, office_id) and (change_id, office_id) on dossiers, changes, events, slips, access_log and
citizen_items; the single-column indexes on dossiers.uuid and changes.change_id, which the new
ones cover, go.

Why: PostgreSQL planned the foreign-key checks of ``events`` (``office_id = $1 AND id = $2``) on
a new or just-migrated table, before any statistics, with whichever index started with
office_id, and read the office's every dossier per event (bench_hub: 57 ms of a 124 ms batch at
1,400 dossiers, growing with the office). The batch's lookups by uuid (server/store.py) met the
same trap in a generic plan: 76 ms for 100 event uuids. With the primary key the only unique
index that starts with office_id, there is no such plan. Every unique constraint still contains
office_id, the distribution column (docs/hub-scale.md).

Revision 0002 builds its tables from the models of the code that runs it, so a hub upgraded from
version 1 by this code already has the new keys: each step here looks before it acts. SQLite
cannot drop a constraint in place; Alembic's batch mode copies the table there, with foreign
keys off (``upgrade_or_create``).
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import inspect, text

revision = "0004_key_first"
down_revision = "0003_blob_relay"
branch_labels = None
depends_on = None

# table: [(old unique constraint, new one, its columns)], old single-column index
KEYS: dict[str, tuple[list[tuple[str, str, list[str]]], str | None]] = {
    "dossiers": ([("uq_dossiers_office_uuid", "uq_dossiers_uuid_office", ["uuid", "office_id"]),
                  ("uq_dossiers_office_code", "uq_dossiers_code_office", ["code", "office_id"])],
                 "ix_dossiers_uuid"),
    "changes": ([("uq_changes_office_change", "uq_changes_change_office", ["change_id", "office_id"])],
                "ix_changes_change_id"),
    "events": ([("uq_events_office_uuid", "uq_events_uuid_office", ["uuid", "office_id"])], None),
    "slips": ([("uq_slips_office_uuid", "uq_slips_uuid_office", ["uuid", "office_id"])], None),
    "access_log": ([("uq_access_office_uuid", "uq_access_uuid_office", ["uuid", "office_id"])], None),
    "citizen_items": ([("uq_citizen_office_uuid", "uq_citizen_uuid_office", ["uuid", "office_id"])], None),
}  # fmt: skip


def upgrade() -> None:
    bind = op.get_bind()
    for table, (pairs, old_index) in KEYS.items():
        look = inspect(bind)
        uniques = {u["name"] for u in look.get_unique_constraints(table)}
        indexes = {i["name"] for i in look.get_indexes(table)}
        if old_index is not None and old_index in indexes:
            op.drop_index(old_index, table_name=table)
        if any(old in uniques or new not in uniques for old, new, _ in pairs):
            with op.batch_alter_table(table) as batch:
                for old, new, cols in pairs:
                    if old in uniques:
                        batch.drop_constraint(old, type_="unique")
                    if new not in uniques:
                        batch.create_unique_constraint(new, cols)
    bind.execute(text("UPDATE hub_meta SET value = '4' WHERE key = 'schema_version'"))
    if bind.dialect.name == "postgresql":
        # New indexes have no statistics yet; give the planner some at once (cheap: ANALYZE samples).
        for table in KEYS:
            bind.execute(text(f"ANALYZE {table}"))


def downgrade() -> None:
    for table, (pairs, old_index) in KEYS.items():
        with op.batch_alter_table(table) as batch:
            for old, new, cols in pairs:
                batch.drop_constraint(new, type_="unique")
                batch.create_unique_constraint(old, ["office_id", *[c for c in cols if c != "office_id"]])
        if old_index is not None:
            op.create_index(old_index, table, [pairs[0][2][0]])
    op.execute("UPDATE hub_meta SET value = '3' WHERE key = 'schema_version'")
