"""The office hub's attachment relay (issue 14, through an office hub on the LAN).

One row per blob the office hub must move: ``up`` a file a desk uploaded, sent to the province once
the change that attached it (``change_id``, in ``relay_outbox``) has been answered there, so the
metadata always arrives first; ``down`` a file an update from the province references and the
office hub lacks, fetched so the desks can open it. A new table only: ``create_all`` adds it to an
existing hub database, the schema version of server/models.py does not move.
"""

from __future__ import annotations

from sqlalchemy import ForeignKeyConstraint, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.models import HubBase


class BlobRelayRow(HubBase):
    __tablename__ = "blob_relay"
    __table_args__ = (
        ForeignKeyConstraint(["office_id"], ["offices.id"]),
        UniqueConstraint("office_id", "sha256", "direction", name="ux_blob_relay"),
        Index("ix_blob_relay_state", "office_id", "state", "direction"),
    )

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    sha256: Mapped[str] = mapped_column(String(64))
    direction: Mapped[str] = mapped_column(String(4))  # up | down
    # The relayed change that must be answered by the province before the bytes go (up only).
    change_id: Mapped[str] = mapped_column(String(36), default="")
    dossier_uuid: Mapped[str] = mapped_column(String(36), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(8), default="waiting")  # waiting | done | failed
    # Bytes this hub sent (up) or received (down) for the file, all attempts together: a resumed
    # transfer adds only what was missing, so ``moved`` ≈ ``size`` shows nothing was sent twice.
    moved: Mapped[int] = mapped_column(Integer, default=0)
    resumed_from: Mapped[int] = mapped_column(Integer, default=0)  # offset of the last resumed start
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(40))
    done_at: Mapped[str | None] = mapped_column(String(40), default=None)
