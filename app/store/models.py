"""ORM models of the local store (design.md "Data model").

Every schema change here needs an Alembic migration in ``app/store/migrations/versions``;
``tests/app/test_migrations.py`` fails when the models and the migrated schema drift apart.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from app.store.types import AwareDateTime, IsoDate, JsonText


class Base(DeclarativeBase):
    pass


class Office(Base):
    """The one office profile of this desk (a single row, id = 1)."""

    __tablename__ = "office"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(20))
    office_name: Mapped[str] = mapped_column(String(200))
    parent_agency: Mapped[str] = mapped_column(String(200), default="")
    commune: Mapped[str] = mapped_column(String(120), default="")
    province: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    website: Mapped[str] = mapped_column(String(200), default="")
    workstation: Mapped[int] = mapped_column(Integer, default=1)
    workstation_count: Mapped[int] = mapped_column(Integer, default=1)
    morning_start: Mapped[str] = mapped_column(String(5), default="07:00")
    morning_end: Mapped[str] = mapped_column(String(5), default="11:30")
    afternoon_start: Mapped[str] = mapped_column(String(5), default="13:30")
    afternoon_end: Mapped[str] = mapped_column(String(5), default="17:00")
    cutoff: Mapped[str] = mapped_column(String(5), default="15:00")
    culture_day_off: Mapped[bool] = mapped_column(default=True)
    form_switch_date: Mapped[date] = mapped_column(IsoDate, default=date(2025, 9, 15))
    page_size: Mapped[str] = mapped_column(String(4), default="A4")
    # Sổ theo dõi hồ sơ: "" = one book per year (labelled with the year), else the label of the
    # book the office is writing in now ("02/2026"); numbers run on within a book (issue 11).
    register_book: Mapped[str] = mapped_column(String(20), default="")
    # Địa bàn phát sinh hồ sơ: the hamlets (thôn, tổ dân phố) the desk may pick at intake.
    hamlets: Mapped[Any] = mapped_column(JsonText, default=list)
    server_url: Mapped[str] = mapped_column(String(300), default="")
    server_token: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime)


class Procedure(Base):
    __tablename__ = "procedure"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text, default="")
    field: Mapped[str] = mapped_column(String(200), default="")
    field_code: Mapped[str] = mapped_column(String(40), default="")
    # working_days | calendar_days | hours | same_day | unknown
    limit_unit: Mapped[str] = mapped_column(String(20))
    limit_value: Mapped[float | None] = mapped_column(default=None)
    limit_text: Mapped[str] = mapped_column(Text, default="")
    fee_text: Mapped[str] = mapped_column(Text, default="")
    fee_rule: Mapped[Any] = mapped_column(JsonText, nullable=True, default=None)
    documents: Mapped[Any] = mapped_column(JsonText, default=list)
    processing_body: Mapped[str] = mapped_column(String(200), default="")
    level: Mapped[str] = mapped_column(String(20), default="xa")
    source: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime)


class Applicant(Base):
    __tablename__ = "applicant"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    # cccd | cmnd | passport | none
    id_type: Mapped[str] = mapped_column(String(10), default="cccd")
    id_number: Mapped[str] = mapped_column(String(20), default="", index=True)
    birth_date: Mapped[date | None] = mapped_column(IsoDate, default=None)
    gender: Mapped[str] = mapped_column(String(1), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(15), default="", index=True)
    email: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime)


class Dossier(Base):
    __tablename__ = "dossier"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("applicant.id"))
    submitter_id: Mapped[int | None] = mapped_column(ForeignKey("applicant.id"), default=None)
    # direct | online | postal
    channel: Mapped[str] = mapped_column(String(10), default="direct")
    # desk | post
    return_method: Mapped[str] = mapped_column(String(10), default="desk")
    received_at: Mapped[datetime] = mapped_column(AwareDateTime, index=True)
    due_at: Mapped[datetime | None] = mapped_column(AwareDateTime, index=True, default=None)
    status: Mapped[str] = mapped_column(String(24), index=True)
    documents: Mapped[Any] = mapped_column(JsonText, default=list)
    sets_count: Mapped[int] = mapped_column(Integer, default=1)
    fee: Mapped[int | None] = mapped_column(Integer, default=None)
    summary: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    extended: Mapped[bool] = mapped_column(default=False)
    paused_at: Mapped[datetime | None] = mapped_column(AwareDateTime, default=None)
    resolved_at: Mapped[datetime | None] = mapped_column(AwareDateTime, default=None)
    returned_at: Mapped[datetime | None] = mapped_column(AwareDateTime, default=None)
    closed_at: Mapped[datetime | None] = mapped_column(AwareDateTime, default=None)
    received_by: Mapped[str] = mapped_column(String(60), default="")
    # "Vào Sổ theo dõi hồ sơ, Quyển số …, Số thứ tự …" (Mẫu 01), fixed at intake/acceptance.
    register_book: Mapped[str] = mapped_column(String(20), default="")
    register_number: Mapped[int | None] = mapped_column(Integer, default=None)
    # Địa bàn phát sinh hồ sơ: the commune, or a hamlet picked from the office's list.
    area: Mapped[str] = mapped_column(String(120), default="")
    # Denormalised search keys (folded, digits only) so search never joins or scans.
    search_name: Mapped[str] = mapped_column(String(200), default="")
    search_given: Mapped[str] = mapped_column(String(200), default="")
    search_id: Mapped[str] = mapped_column(String(20), default="")
    search_phone: Mapped[str] = mapped_column(String(15), default="")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime)

    procedure: Mapped[Procedure] = relationship(lazy="joined")
    owner: Mapped[Applicant] = relationship(foreign_keys=[owner_id], lazy="joined")
    submitter: Mapped[Applicant | None] = relationship(foreign_keys=[submitter_id])
    events: Mapped[list[DossierEvent]] = relationship(
        back_populates="dossier", order_by="DossierEvent.id", cascade="all"
    )

    __table_args__ = (
        Index("ix_dossier_search_name", "search_name"),
        Index("ix_dossier_search_given", "search_given"),
        Index("ix_dossier_search_id", "search_id"),
        Index("ix_dossier_search_phone", "search_phone"),
        Index("ix_dossier_status_due", "status", "due_at"),
        Index("ix_dossier_register", "register_book", "register_number"),
    )


class DossierEvent(Base):
    """Append-only timeline; status and due date on ``dossier`` are derived from it."""

    __tablename__ = "dossier_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    at: Mapped[datetime] = mapped_column(AwareDateTime)
    actor: Mapped[str] = mapped_column(String(120), default="")
    from_status: Mapped[str | None] = mapped_column(String(24), default=None)
    to_status: Mapped[str | None] = mapped_column(String(24), default=None)
    due_before: Mapped[datetime | None] = mapped_column(AwareDateTime, default=None)
    due_after: Mapped[datetime | None] = mapped_column(AwareDateTime, default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[Any] = mapped_column(JsonText, nullable=True, default=None)
    # desk: made here; upstream: pulled from the processing body through sync
    origin: Mapped[str] = mapped_column(String(10), default="desk")

    dossier: Mapped[Dossier] = relationship(back_populates="events")


class SlipLog(Base):
    __tablename__ = "slip_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id"), index=True, default=None)
    form: Mapped[str] = mapped_column(String(30))
    form_set: Mapped[str] = mapped_column(String(12))
    copies: Mapped[int] = mapped_column(Integer, default=1)
    page_size: Mapped[str] = mapped_column(String(4), default="A4")
    printer: Mapped[str] = mapped_column(String(200), default="")
    destination: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(120), default="")
    at: Mapped[datetime] = mapped_column(AwareDateTime)
    sha256: Mapped[str] = mapped_column(String(64))
    reprint: Mapped[bool] = mapped_column(default=False)


class User(Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    # clerk | leader | admin
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)
    # Sign-in throttle (migration 0003_core): consecutive failures and the lockout they caused.
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)


class Audit(Base):
    """Append-only, hash-chained: each row stores the hash of the previous one."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(AwareDateTime)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(30), default="")
    entity_id: Mapped[str] = mapped_column(String(60), default="")
    before: Mapped[Any] = mapped_column(JsonText, nullable=True, default=None)
    after: Mapped[Any] = mapped_column(JsonText, nullable=True, default=None)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class CalendarDay(Base):
    """A dated override of the statutory calendar: ``off`` or ``work`` (làm bù)."""

    __tablename__ = "calendar_day"

    day: Mapped[date] = mapped_column(IsoDate, primary_key=True)
    kind: Mapped[str] = mapped_column(String(4))
    name: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(Text, default="")
    # bundled | admin | upstream
    origin: Mapped[str] = mapped_column(String(10), default="bundled")
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime)


class DayCounter(Base):
    """Last running number issued per unit, day and workstation (TT 01/2018 Art. 19)."""

    __tablename__ = "day_counter"

    unit_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    day: Mapped[date] = mapped_column(IsoDate, primary_key=True)
    workstation: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Outbox(Base):
    """Transactional outbox: written in the same transaction as the change it carries."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[str] = mapped_column(String(36), unique=True)
    entity: Mapped[str] = mapped_column(String(20))
    entity_uuid: Mapped[str] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(30))
    # Frozen at write time: later edits of the row never change what this change says.
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)
    # pending | acked | rejected | superseded (re-queued under a new change_id: sync/requeue.py)
    # | direct (sent straight to the province while the office hub was down; owed to it: sync/direct.py)
    state: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    acked_at: Mapped[datetime | None] = mapped_column(AwareDateTime, default=None)
    result: Mapped[Any] = mapped_column(JsonText, nullable=True, default=None)


class SyncState(Base):
    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


def get_state(s: Session, key: str, default: str = "") -> str:
    """A sync_state value (the sync engine's cursors, the direct-link settings), or ``default``."""
    row = s.get(SyncState, key)
    return row.value if row is not None else default


def set_state(s: Session, key: str, value: str) -> None:
    row = s.get(SyncState, key)
    if row is None:
        s.add(SyncState(key=key, value=value))
    else:
        row.value = value


__all__ = [
    "Applicant",
    "Audit",
    "Base",
    "CalendarDay",
    "DayCounter",
    "Dossier",
    "DossierEvent",
    "Office",
    "Outbox",
    "Procedure",
    "SlipLog",
    "SyncState",
    "User",
]

from app.store import (  # noqa: E402,F401  (tables defined beside these)
    models_attach,
    models_citizen,  # noqa: E402,F401  (issue 12: ratings, feedback, postal)
    models_privacy,
)
