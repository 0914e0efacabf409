"""office in every key: composite keys, events by office, a feed counter per office, broadcasts
in a reference table (issue 13)

Revision ID: 0002_office_keys
Revises: 0001_hub_v1

Each office-owned table is copied aside, dropped, created again keyed by office and filled back:
portable across SQLite and PostgreSQL (SQLite cannot change a primary key in place). Ids are kept,
so every reference between rows stays as it was. ``events`` and ``intake_edits`` take their
office from their dossier. Each office's feed counter starts at the feed's global maximum: a desk
cursor (``seq > cursor``) from before the upgrade misses nothing and sees nothing twice.

The new tables are created from the models as they are at this revision; a later revision that
changes them must not rely on this one re-running.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import inspect, text

revision = "0002_office_keys"
down_revision = "0001_hub_v1"
branch_labels = None
depends_on = None

# Children before parents (foreign keys), dossiers last.
OWNED = (
    "intake_edits", "events", "slips", "citizen_items", "conflicts", "desks", "relay_outbox", "updates",
    "changes", "audit_anchors", "blobs", "access_log", "dossiers",
)  # fmt: skip
# Rows that take their office from their dossier (v1 had no office_id on them).
VIA_DOSSIER = ("events", "intake_edits")


def upgrade() -> None:
    from server.models import HubBase

    bind = op.get_bind()
    present = set(inspect(bind).get_table_names())
    old_cols: dict[str, list[str]] = {}
    for t in OWNED:
        if t in present:
            old_cols[t] = [c["name"] for c in inspect(bind).get_columns(t)]
            bind.execute(text(f"CREATE TABLE v1_{t} AS SELECT * FROM {t}"))
    for t in OWNED:
        if t in present:
            bind.execute(text(f"DROP TABLE {t}"))
    new = [HubBase.metadata.tables[t] for t in (*OWNED, "office_feed", "ref_updates")]
    HubBase.metadata.create_all(bind, tables=new)
    for t in reversed(OWNED):  # parents first now
        if t not in old_cols:
            continue
        cols = [c.name for c in HubBase.metadata.tables[t].columns if c.name in old_cols[t]]
        if t in VIA_DOSSIER:
            names = ", ".join(["office_id", *cols])
            picked = ", ".join(["d.office_id", *(f"x.{c}" for c in cols)])
            bind.execute(
                text(
                    f"INSERT INTO {t} ({names}) SELECT {picked} FROM v1_{t} x "
                    "JOIN v1_dossiers d ON d.id = x.dossier_id"
                )
            )
        else:
            names = ", ".join(cols)
            bind.execute(text(f"INSERT INTO {t} ({names}) SELECT {names} FROM v1_{t}"))
    top = "(SELECT COALESCE(MAX(seq), 0) FROM v1_updates)" if "updates" in old_cols else "0"
    bind.execute(text(f"INSERT INTO office_feed (office_id, seq, ref_from) SELECT id, {top}, 0 FROM offices"))
    for t in old_cols:
        bind.execute(text(f"DROP TABLE v1_{t}"))
    bind.execute(text("UPDATE hub_meta SET value = '2' WHERE key = 'schema_version'"))


def downgrade() -> None:
    raise NotImplementedError("the hub is never downgraded; restore a backup instead")
