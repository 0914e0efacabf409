"""Tables of the personal-data duties (Luật 91/2025/QH15, NĐ 356/2025/NĐ-CP; issue 9).

- ``access_log``: one append-only row each time a person is shown or handed a citizen's data
  (opening a dossier, a search that returned rows, a print, an export, the register). Triggers
  (migration 0004) refuse UPDATE and DELETE, like ``audit`` and ``dossier_event``.
- ``retention_rule``: how many years a closed dossier of a lĩnh vực (field) is kept before its
  owner's personal fields may be erased; bundled defaults, an admin's edit, or the province's
  publication through the hub's updates feed.
- ``tool_marker``: what a tool (``demo-data``, ``screenshots``) made, so it can refuse a store
  that holds anything it did not make (issue 8 §3).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.store.models import Base
from app.store.types import AwareDateTime


class AccessLog(Base):
    __tablename__ = "access_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    at: Mapped[datetime] = mapped_column(AwareDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(120))
    # open | search | print | reprint | register | export | report | person_export | person_erase
    action: Mapped[str] = mapped_column(String(30))
    # Space-separated dossier codes shown (a search shows several); ' ' on both ends so that a
    # filter on one code is a LIKE '% CODE %' that cannot match a longer code.
    dossiers: Mapped[str] = mapped_column(Text, default="")
    # Keyed hash of the person's ID number (never the number itself: the log is append-only and
    # must not keep what an erasure removes). See app.services.access_log.person_ref.
    person_ref: Mapped[str] = mapped_column(String(64), default="", index=True)
    detail: Mapped[str] = mapped_column(Text, default="")


class RetentionRule(Base):
    __tablename__ = "retention_rule"

    # The field (lĩnh vực) as the catalogue names it, folded; '*' is the default for any field.
    field_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    field: Mapped[str] = mapped_column(String(200))
    # None: kept permanently (never erasable from the desk).
    years: Mapped[int | None] = mapped_column(Integer, nullable=True, default=None)
    source: Mapped[str] = mapped_column(Text, default="")
    # bundled | admin | upstream
    origin: Mapped[str] = mapped_column(String(10), default="bundled")
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime)


class ToolMarker(Base):
    __tablename__ = "tool_marker"

    id: Mapped[int] = mapped_column(primary_key=True)
    tool: Mapped[str] = mapped_column(String(30))
    # user | dossier_actor | store
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(AwareDateTime)
