"""The work calendar as stored: bundled civil-service schedule plus admin and upstream edits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.calendar import DayOverride, WorkCalendar
from app.domain.clock import now
from app.domain.text import nfc
from app.store import audit
from app.store.models import CalendarDay, Office


def overrides(session: Session) -> list[DayOverride]:
    rows = session.scalars(select(CalendarDay).order_by(CalendarDay.day))
    return [
        DayOverride(day=r.day, kind=r.kind, name=r.name, source=r.source, origin=r.origin)  # type: ignore[arg-type]
        for r in rows
    ]


def build_calendar(session: Session) -> WorkCalendar:
    from app.desk import office_hours

    office = session.get(Office, 1)
    return WorkCalendar(
        overrides(session),
        hours=office_hours(office),
        culture_day_off=office.culture_day_off if office is not None else True,
    )


@dataclass(frozen=True)
class DayChange:
    day: date
    kind: str | None  # None: the override was removed
    before: str | None


def set_day(
    session: Session,
    day: date,
    kind: str | None,
    *,
    name: str = "",
    source: str = "",
    origin: str = "admin",
    actor: str,
) -> DayChange:
    """Mark ``day`` as a day off or a working day (làm bù); ``kind=None`` removes the override."""
    if kind not in ("off", "work", None):
        raise ValueError(f"Loại ngày '{kind}' không hợp lệ: dùng 'off' (nghỉ) hoặc 'work' (làm việc)")
    row = session.get(CalendarDay, day)
    before = row.kind if row is not None else None
    if kind is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(
            CalendarDay(
                day=day, kind=kind, name=nfc(name), source=nfc(source), origin=origin, updated_at=now()
            )
        )
    else:
        row.kind, row.name, row.source, row.origin, row.updated_at = (
            kind,
            nfc(name),
            nfc(source),
            origin,
            now(),
        )
    audit.record(
        session,
        actor,
        "calendar.set",
        "calendar_day",
        day.isoformat(),
        {"kind": before},
        {"kind": kind, "name": name, "source": source, "origin": origin},
    )
    return DayChange(day, kind, before)
