"""Digitised papers and electronic results (NĐ 107/2021): content-addressed blobs in the store.

The bytes live in ``blob`` inside the encrypted store itself, so an attachment is encrypted with
the store's key, included in every backup, and committed in the same transaction as the event
that says it was attached. ``data`` becomes NULL when an old copy is evicted after the hub has
acknowledged it (the hash and the metadata stay; a later view fetches it back from the hub).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.store.models import Base, Dossier
from app.store.types import AwareDateTime


class Blob(Base):
    __tablename__ = "blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, default=None)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)
    # When the hub confirmed it holds these bytes (sync/blobs.py); eviction needs it.
    uploaded_at: Mapped[datetime | None] = mapped_column(AwareDateTime, default=None)
    evicted_at: Mapped[datetime | None] = mapped_column(AwareDateTime, default=None)


class Attachment(Base):
    """One PDF per (dossier, thành phần, kind); adding pages makes a new blob and a new version."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"))
    # The component's name as the procedure lists it (or "Kết quả" for an electronic result).
    component: Mapped[str] = mapped_column(String(300))
    # document: a paper received at intake | result: the electronic result (kết quả điện tử)
    kind: Mapped[str] = mapped_column(String(10), default="document")
    sha256: Mapped[str] = mapped_column(ForeignKey("blob.sha256"))
    pages: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    # scanner | folder | file | camera | reused | hub
    source: Mapped[str] = mapped_column(String(10))
    # The attachment this one was taken from at a returning citizen's intake (indicator 4.3).
    reused_from: Mapped[str | None] = mapped_column(String(36), default=None)
    # Superseded by a newer version of the same component (pages added): kept, never deleted.
    superseded: Mapped[bool] = mapped_column(default=False)
    actor: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)

    dossier: Mapped[Dossier] = relationship()

    __table_args__ = (Index("ix_attachment_dossier", "dossier_id", "component", "kind"),)
