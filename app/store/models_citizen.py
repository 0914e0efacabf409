"""What the citizen meets at return (issue 12): satisfaction ratings, the feedback box (PAKN) and
the postal return of results (dịch vụ bưu chính công ích, QĐ 45/2016/QĐ-TTg).

Only parsed, typed data is kept: never an image of the ID card.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.store.models import Base
from app.store.types import AwareDateTime


class Rating(Base):
    """One satisfaction rating per dossier, given when the result is returned.

    Levels as production systems store them: 3 rất hài lòng, 2 hài lòng, 1 không hài lòng.
    """

    __tablename__ = "rating"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), unique=True)
    level: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(AwareDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(120), default="")


class Feedback(Base):
    """An entry of the feedback box (hòm thư góp ý, phản ánh kiến nghị) and the leader's answer."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    # suggestion (góp ý) | complaint (phản ánh, kiến nghị): complaints count against 766 index 5.4
    kind: Mapped[str] = mapped_column(String(12), default="suggestion")
    text: Mapped[str] = mapped_column(Text)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id"), index=True, default=None)
    contact: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, index=True)
    created_by: Mapped[str] = mapped_column(String(120), default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(AwareDateTime, default=None)
    answered_by: Mapped[str] = mapped_column(String(120), default="")


class PostalShipment(Base):
    """A result handed to the post for delivery; ``delivered_at`` once the post confirms it."""

    __tablename__ = "postal_shipment"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), unique=True)
    tracking: Mapped[str] = mapped_column(String(40), index=True)
    handed_at: Mapped[datetime] = mapped_column(AwareDateTime, index=True)
    handed_by: Mapped[str] = mapped_column(String(120), default="")
    delivered_at: Mapped[datetime | None] = mapped_column(AwareDateTime, default=None)


__all__ = ["Feedback", "PostalShipment", "Rating"]
