"""Office-hub tables (design.md "Sync", several desks of one commune): desks and their tokens, the
conflict list leaders review, and the relay outbox towards the province.

Keyed by office like every office-owned table (server/models.py, docs/hub-scale.md).
"""

from __future__ import annotations

from sqlalchemy import ForeignKeyConstraint, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.models import HubBase


def _office_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["office_id"], ["offices.id"])


class DeskRow(HubBase):
    """One desk PC of an office; its token authenticates as the office (the province never sees it)."""

    __tablename__ = "desks"
    __table_args__ = (
        _office_fk(),
        UniqueConstraint("office_id", "workstation", name="uq_desks_office_workstation"),
        UniqueConstraint("office_id", "token_hash", name="uq_desks_office_token"),
        Index("ix_desks_token_hash", "token_hash"),  # sign-in by token (office mode: one office)
    )

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    workstation: Mapped[int] = mapped_column(Integer)
    token_hash: Mapped[str] = mapped_column(String(64))  # sha256 hex, like offices
    created_at: Mapped[str] = mapped_column(String(40))
    last_seen_at: Mapped[str | None] = mapped_column(String(40), default=None)
    # The feed cursor the desk last pulled after: what it had seen when it pushed next (conflicts).
    last_cursor: Mapped[int] = mapped_column(Integer, default=0)
    pending: Mapped[int | None] = mapped_column(Integer, default=None)  # its queue, as it last said
    revoked_at: Mapped[str | None] = mapped_column(String(40), default=None)


class ConflictRow(HubBase):
    """A change that lost to another desk's: kept here with both sides, never silently dropped."""

    __tablename__ = "conflicts"
    __table_args__ = (_office_fk(),)

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(12))  # intake (edited at two desks) | status (moved first)
    dossier_uuid: Mapped[str] = mapped_column(String(36))
    code: Mapped[str] = mapped_column(String(40))
    winner_change_id: Mapped[str] = mapped_column(String(36), default="")
    winner_desk: Mapped[int | None] = mapped_column(Integer, default=None)
    loser_change_id: Mapped[str] = mapped_column(String(36), default="")
    loser_desk: Mapped[int | None] = mapped_column(Integer, default=None)
    detail: Mapped[str] = mapped_column(Text)  # JSON: the fields and both values, or the reason
    at: Mapped[str] = mapped_column(String(40))


class IntakeEditRow(HubBase):
    """The last intake edit of each dossier: who made it and where it sits in the feed."""

    __tablename__ = "intake_edits"
    __table_args__ = (
        ForeignKeyConstraint(["office_id", "dossier_id"], ["dossiers.office_id", "dossiers.id"]),
    )

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    dossier_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    desk: Mapped[int | None] = mapped_column(Integer, default=None)
    change_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Integer)
    changes: Mapped[str] = mapped_column(Text)  # JSON {"owner": {...}, "dossier": {...}}


class RelayRow(HubBase):
    """The office hub's outbox towards the province: a desk's applied change, frozen as it came."""

    __tablename__ = "relay_outbox"
    __table_args__ = (
        _office_fk(),
        UniqueConstraint("office_id", "change_id", name="uq_relay_office_change"),
        Index("ix_relay_office_state", "office_id", "state"),
    )

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    change_id: Mapped[str] = mapped_column(String(36))
    body: Mapped[str] = mapped_column(Text)  # the change object, canonical JSON
    state: Mapped[str] = mapped_column(String(10), default="pending")  # pending|acked|rejected
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(40))
    acked_at: Mapped[str | None] = mapped_column(String(40), default=None)


from server import models_blobs  # noqa: E402,F401  (the attachment relay table registers on HubBase)
