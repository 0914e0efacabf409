"""The hub's tables (SQLAlchemy 2). Timestamps are ISO-8601 text with their offset.

Text rather than a DateTime column: SQLite would drop the offset, PostgreSQL would convert it to
UTC; the hub stores what the desk said, and both backends sort the fixed +07:00 text correctly.

Distribution by office (issue 13, docs/hub-scale.md): every office-owned table carries
``office_id`` and has it first in its primary key and in every unique constraint, so a sharded
PostgreSQL (Citus ``create_distributed_table(t, 'office_id')``) keeps each office's rows, and
each statement about them, on one node. Ids (``id`` columns) are numbered per office under the
office's lock (server/db.py ``next_ids``), never from a global sequence. ``offices``,
``hub_meta`` and ``ref_updates`` are reference tables: small, rarely written, read everywhere.

Schema versioning: Alembic (server/migrations/, version table ``hub_alembic_version``);
``hub_meta.schema_version`` is kept in step for hubs older than the Alembic environment.
"""

from __future__ import annotations

from sqlalchemy import ForeignKeyConstraint, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SCHEMA_VERSION = 6

# The tables distributed by office_id (docs/hub-scale.md); tests/server/test_hub_scale.py checks
# that each has office_id in its primary key and unique constraints and that every statement on
# them names office_id.
DISTRIBUTED = (
    "office_feed", "changes", "dossiers", "events", "slips", "access_log", "updates", "audit_anchors",
    "blobs", "citizen_items", "desks", "conflicts", "intake_edits", "relay_outbox", "blob_relay",
)  # fmt: skip
REFERENCE = ("offices", "hub_meta", "ref_updates")


class HubBase(DeclarativeBase):
    pass


def _office_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["office_id"], ["offices.id"])


def _dossier_fk() -> ForeignKeyConstraint:
    # Composite: a row can only point at a dossier of its own office (and Citus requires the
    # distribution column in a foreign key between distributed tables).
    return ForeignKeyConstraint(["office_id", "dossier_id"], ["dossiers.office_id", "dossiers.id"])


class Meta(HubBase):
    __tablename__ = "hub_meta"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class OfficeRow(HubBase):
    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # sha256 hex of the bearer token: a leaked database does not leak working tokens.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[str] = mapped_column(String(40))


class OfficeFeedRow(HubBase):
    """The office's feed counter: the last seq handed out to its ``updates`` rows.

    ``ref_from``: the reference-feed seq when the office was created; broadcasts published before
    it are not part of the office's feed (as when publish wrote one row per existing office).
    """

    __tablename__ = "office_feed"
    __table_args__ = (_office_fk(),)

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    ref_from: Mapped[int] = mapped_column(Integer, default=0)


class ChangeRow(HubBase):
    """Every change ever received, with its first answer: the exactly-once ledger."""

    __tablename__ = "changes"
    __table_args__ = (
        # No foreign key to offices (migration 0005): the ledger takes a row per change, and its
        # office is the signed-in office's, under that office's lock; no office is ever deleted.
        # The per-row check (a FOR KEY SHARE lock of the same offices row, 100 times a batch)
        # cost ~1.2 ms of a 100-change batch that raw inserts write in ~15 (issue 13, bench_hub).
        # Key first, office second (migration 0004): the one index answers both the office's own
        # lookup and the one that spans offices (a change_id already used by another office is
        # refused, server/store.py), and no index but the primary key starts with office_id, which
        # a plan made without statistics took to read the office's every row.
        UniqueConstraint("change_id", "office_id", name="uq_changes_change_office"),
    )

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    change_id: Mapped[str] = mapped_column(String(36))
    entity: Mapped[str] = mapped_column(String(20))
    op: Mapped[str] = mapped_column(String(30))
    entity_uuid: Mapped[str] = mapped_column(String(36))
    payload_hash: Mapped[str] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(Text)  # JSON of the first answer
    received_at: Mapped[str] = mapped_column(String(40))


class DossierRow(HubBase):
    __tablename__ = "dossiers"
    __table_args__ = (
        # No foreign key to offices (migration 0006), as for the ledger: a dossier's office is the
        # signed-in office's, or the one an operator names, under that office's lock; no office
        # is ever deleted. The per-row check cost ~1 ms of a 100-dossier batch.
        # Key first, office second (migration 0004): the foreign-key checks of events, slips and
        # citizen items (office_id, id) planned without statistics took an index that started
        # with office_id and read the office's every dossier, ~0.7 ms a row at 1,400 dossiers.
        # (uuid, office_id) also serves the cross-office ownership guard (server/store.py).
        UniqueConstraint("uuid", "office_id", name="uq_dossiers_uuid_office"),
        UniqueConstraint("code", "office_id", name="uq_dossiers_code_office"),
    )

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    uuid: Mapped[str] = mapped_column(String(36))
    code: Mapped[str] = mapped_column(String(40))
    procedure_code: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(24))
    received_at: Mapped[str] = mapped_column(String(40))
    due_at: Mapped[str | None] = mapped_column(String(40), default=None)
    snapshot: Mapped[str] = mapped_column(Text)  # latest intake snapshot, JSON
    origin: Mapped[str] = mapped_column(String(10), default="desk")  # desk | upstream (online submission)
    created_at: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[str] = mapped_column(String(40))


class EventRow(HubBase):
    __tablename__ = "events"
    __table_args__ = (
        # No per-row check of the office (0005, 0006): the composite key below ties the event to
        # a dossier of the same office.
        _dossier_fk(),
        UniqueConstraint("uuid", "office_id", name="uq_events_uuid_office"),
        Index("ix_events_office_dossier", "office_id", "dossier_id"),
    )

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    uuid: Mapped[str] = mapped_column(String(36))
    dossier_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(120), default="")
    from_status: Mapped[str | None] = mapped_column(String(24), default=None)
    to_status: Mapped[str | None] = mapped_column(String(24), default=None)
    due_after: Mapped[str | None] = mapped_column(String(40), default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[str | None] = mapped_column(Text, default=None)
    origin: Mapped[str] = mapped_column(String(10), default="desk")
    received_at: Mapped[str] = mapped_column(String(40))


class SlipRow(HubBase):
    __tablename__ = "slips"
    __table_args__ = (
        _office_fk(),
        _dossier_fk(),
        UniqueConstraint("uuid", "office_id", name="uq_slips_uuid_office"),
    )

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    uuid: Mapped[str] = mapped_column(String(36))
    dossier_id: Mapped[int | None] = mapped_column(Integer, default=None)
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[str] = mapped_column(String(40))


class AccessRow(HubBase):
    """A desk's access-log entry (issue 9): kept as sent, so trimming the desk's file cannot
    hide a look at a citizen's data."""

    __tablename__ = "access_log"
    __table_args__ = (_office_fk(), UniqueConstraint("uuid", "office_id", name="uq_access_uuid_office"))

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    uuid: Mapped[str] = mapped_column(String(36))
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[str] = mapped_column(String(40))


class UpdateRow(HubBase):
    """The office's updates feed; ``seq`` (per office, server/db.py ``feed_seqs``) is the cursor."""

    __tablename__ = "updates"
    __table_args__ = (_office_fk(),)

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    type: Mapped[str] = mapped_column(String(12))
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(40))


class RefUpdateRow(HubBase):
    """A broadcast to every office (catalogue, calendar, retention): one row, not one per office.

    Its seq shares the number line of the offices' feeds (server/db.py ``ref_seq``), and the
    updates endpoint merges it into each office's pull (server/store.py ``updates_after``).
    """

    __tablename__ = "ref_updates"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    type: Mapped[str] = mapped_column(String(12))
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(40))


class AnchorRow(HubBase):
    """The last audit-chain head each desk pushed (issue 8 §6): it only moves forward.

    Keyed by office and chain (the hash of the chain's first row), so several desks of one office
    each keep their own.
    """

    __tablename__ = "audit_anchors"
    __table_args__ = (_office_fk(),)

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    chain: Mapped[str] = mapped_column(String(64), primary_key=True)
    rows: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[str] = mapped_column(String(40))


class BlobRow(HubBase):
    """A digitised paper or e-result an office uploaded (bytes on disk by hash: server/blobs.py).

    Per office: an office may read back only what it (or a desk of its own) uploaded, even when
    two offices happen to hold the same file.
    """

    __tablename__ = "blobs"
    __table_args__ = (_office_fk(), Index("ux_blobs_office_sha", "office_id", "sha256", unique=True))

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[str] = mapped_column(String(40))


class CitizenRow(HubBase):
    """Issue 12: a citizen's rating (entity 'rating') or a feedback-box entry ('feedback') as the
    desk sent it; ``answer`` holds the leader's answer to a feedback entry once it arrives."""

    __tablename__ = "citizen_items"
    __table_args__ = (
        _office_fk(),
        _dossier_fk(),
        UniqueConstraint("uuid", "office_id", name="uq_citizen_uuid_office"),
    )

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    uuid: Mapped[str] = mapped_column(String(36))
    entity: Mapped[str] = mapped_column(String(20))
    dossier_id: Mapped[int | None] = mapped_column(Integer, default=None)
    payload: Mapped[str] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text, default=None)
    received_at: Mapped[str] = mapped_column(String(40))


from server import models_lan  # noqa: E402,F401  (office-hub tables register on HubBase)
