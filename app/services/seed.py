"""First-run content: the bundled catalogue and the announced calendar, loaded once.

Later bundled releases add new calendar entries but never overwrite an admin's or the hub's
edit of the same day, and never touch a catalogue that has already been loaded or imported.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.calendar import load_bundled_overrides
from app.domain.catalogue import bundled_catalogue
from app.domain.clock import now
from app.services import catalogue_store
from app.store.models import CalendarDay, Procedure

SYSTEM_ACTOR = "system"


def seed_bundled(session: Session) -> None:
    if not session.scalar(select(func.count()).select_from(Procedure)):
        catalogue_store.upsert(session, bundled_catalogue(), actor=SYSTEM_ACTOR, origin="bundled")
    known = set(session.scalars(select(CalendarDay.day)))
    for o in load_bundled_overrides():
        if o.day not in known:
            session.add(
                CalendarDay(
                    day=o.day, kind=o.kind, name=o.name, source=o.source, origin="bundled", updated_at=now()
                )
            )
