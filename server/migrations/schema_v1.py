"""The hub schema as main had it before Alembic (version 1, commit 5612d0d): frozen for revision 0001.

Copied from server/models.py and server/models_lan.py of that commit (ORM classes renamed V1*);
never edit: revision 0001 and the version-1 test fixture build databases from it.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

V1_SCHEMA_VERSION = 1


class V1Base(DeclarativeBase):
    pass


class Meta(V1Base):
    __tablename__ = "hub_meta"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class OfficeRow(V1Base):
    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # sha256 hex of the bearer token: a leaked database does not leak working tokens.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[str] = mapped_column(String(40))


class ChangeRow(V1Base):
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


class DossierRow(V1Base):
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


class EventRow(V1Base):
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


class SlipRow(V1Base):
    __tablename__ = "slips"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), default=None)
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[str] = mapped_column(String(40))


class AccessRow(V1Base):
    """A desk's access-log entry (issue 9): kept as sent, so trimming the desk's file cannot
    hide a look at a citizen's data. Added without a schema bump: create_all adds the table."""

    __tablename__ = "access_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[str] = mapped_column(String(40))


class UpdateRow(V1Base):
    """The updates feed; ``seq`` is the cursor a desk pulls after."""

    __tablename__ = "updates"
    # AUTOINCREMENT on SQLite: a seq is never reused, even after the newest row is deleted.
    __table_args__ = (Index("ix_updates_office_seq", "office_id", "seq"), {"sqlite_autoincrement": True})

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    type: Mapped[str] = mapped_column(String(12))
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(40))


class AnchorRow(V1Base):
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


class BlobRow(V1Base):
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


class CitizenRow(V1Base):
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


class DeskRow(V1Base):
    """One desk PC of an office; its token authenticates as the office (the province never sees it)."""

    __tablename__ = "desks"
    __table_args__ = (UniqueConstraint("office_id", "workstation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    workstation: Mapped[int] = mapped_column(Integer)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex, like offices
    created_at: Mapped[str] = mapped_column(String(40))
    last_seen_at: Mapped[str | None] = mapped_column(String(40), default=None)
    # The feed cursor the desk last pulled after: what it had seen when it pushed next (conflicts).
    last_cursor: Mapped[int] = mapped_column(Integer, default=0)
    pending: Mapped[int | None] = mapped_column(Integer, default=None)  # its queue, as it last said
    revoked_at: Mapped[str | None] = mapped_column(String(40), default=None)


class ConflictRow(V1Base):
    """A change that lost to another desk's: kept here with both sides, never silently dropped."""

    __tablename__ = "conflicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # intake (edited at two desks) | status (moved first)
    dossier_uuid: Mapped[str] = mapped_column(String(36))
    code: Mapped[str] = mapped_column(String(40))
    winner_change_id: Mapped[str] = mapped_column(String(36), default="")
    winner_desk: Mapped[int | None] = mapped_column(Integer, default=None)
    loser_change_id: Mapped[str] = mapped_column(String(36), default="")
    loser_desk: Mapped[int | None] = mapped_column(Integer, default=None)
    detail: Mapped[str] = mapped_column(Text)  # JSON: the fields and both values, or the reason
    at: Mapped[str] = mapped_column(String(40))


class IntakeEditRow(V1Base):
    """The last intake edit of each dossier: who made it and where it sits in the feed."""

    __tablename__ = "intake_edits"

    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), primary_key=True)
    desk: Mapped[int | None] = mapped_column(Integer, default=None)
    change_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Integer)
    changes: Mapped[str] = mapped_column(Text)  # JSON {"owner": {...}, "dossier": {...}}


class RelayRow(V1Base):
    """The office hub's outbox towards the province: a desk's applied change, frozen as it came."""

    __tablename__ = "relay_outbox"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    change_id: Mapped[str] = mapped_column(String(36), unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    body: Mapped[str] = mapped_column(Text)  # the change object, canonical JSON
    state: Mapped[str] = mapped_column(String(10), default="pending", index=True)  # pending|acked|rejected
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(40))
    acked_at: Mapped[str | None] = mapped_column(String(40), default=None)
