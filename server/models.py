"""The hub's tables (SQLAlchemy 2). Timestamps are ISO-8601 text with their offset.

Text rather than a DateTime column: SQLite would drop the offset, PostgreSQL would convert it to
UTC; the hub stores what the desk said, and both backends sort the fixed +07:00 text correctly.

Schema versioning: ``create_all`` builds a fresh database and ``hub_meta.schema_version`` records
which layout it has (server/store.py ``init_db`` refuses a database newer than this code and is
where an upgrade step goes when the layout changes). No Alembic for the hub: it is a reference
implementation with one schema so far.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SCHEMA_VERSION = 1


class HubBase(DeclarativeBase):
    pass


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


class ChangeRow(HubBase):
    """Every change ever received, with its first answer: the exactly-once ledger."""

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[str] = mapped_column(String(36), unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    entity: Mapped[str] = mapped_column(String(20))
    op: Mapped[str] = mapped_column(String(30))
    entity_uuid: Mapped[str] = mapped_column(String(36))
    payload_hash: Mapped[str] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(Text)  # JSON of the first answer
    received_at: Mapped[str] = mapped_column(String(40))


class DossierRow(HubBase):
    __tablename__ = "dossiers"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
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

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
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

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), default=None)
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[str] = mapped_column(String(40))


class AccessRow(HubBase):
    """A desk's access-log entry (issue 9): kept as sent, so trimming the desk's file cannot
    hide a look at a citizen's data. Added without a schema bump: create_all adds the table."""

    __tablename__ = "access_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[str] = mapped_column(String(40))


class UpdateRow(HubBase):
    """The updates feed; ``seq`` is the cursor a desk pulls after."""

    __tablename__ = "updates"
    # AUTOINCREMENT on SQLite: a seq is never reused, even after the newest row is deleted.
    __table_args__ = (Index("ix_updates_office_seq", "office_id", "seq"), {"sqlite_autoincrement": True})

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    type: Mapped[str] = mapped_column(String(12))
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(40))


class AnchorRow(HubBase):
    """The last audit-chain head each desk pushed (issue 8 §6): it only moves forward.

    Keyed by office and chain (the hash of the chain's first row), so several desks of one office
    each keep their own. Added by ``create_all`` to an existing hub: no layout change otherwise.
    """

    __tablename__ = "audit_anchors"

    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), primary_key=True)
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
    __table_args__ = (Index("ux_blobs_office_sha", "office_id", "sha256", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[str] = mapped_column(String(40))


class CitizenRow(HubBase):
    """Issue 12: a citizen's rating (entity 'rating') or a feedback-box entry ('feedback') as the
    desk sent it; ``answer`` holds the leader's answer to a feedback entry once it arrives."""

    __tablename__ = "citizen_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    entity: Mapped[str] = mapped_column(String(20))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), default=None)
    payload: Mapped[str] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text, default=None)
    received_at: Mapped[str] = mapped_column(String(40))


from server import models_lan  # noqa: E402,F401  (office-hub tables register on HubBase)
