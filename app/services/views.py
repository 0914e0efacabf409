"""Read-only views for the desk screens: today's queue, a dossier's page, a returning applicant.

The GUI never runs SQL (design.md "UI"); these functions are what its DB worker calls. They
return plain dicts (snapshot.py shapes), so nothing lazy-loads after the session is closed.
Every query here is bounded and index-backed (received_at, due_at, status+due_at, outbox.state)
so the queue loads in milliseconds on a store of 200 000 dossiers.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.clock import TZ, iso, now
from app.domain.lifecycle import OPEN_STATUSES, TRANSITIONS, Status, Timeliness, classify
from app.services.snapshot import applicant_dict, dossier_dict, event_dict, search_row
from app.store import audit
from app.store.models import Applicant, Dossier, DossierEvent, Office, Outbox, SlipLog, SyncState
from app.store.outbox import dossier_code_of

QUEUE_LIMIT = 500
QUEUE_KINDS = ("received_today", "due_today", "overdue", "unsynced")


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0, 0), tzinfo=TZ)
    return start, start + timedelta(days=1)


def dossier_timeliness(d: Dossier, at: datetime) -> Timeliness:
    """The dossier's on-time class at ``at``: ``lifecycle.classify`` fed from the stored row (the
    clock stops at ``paused_at`` while a supplement is awaited). Queue and dossier view use this;
    Biểu 06 feeds the same ``classify`` from the event history as of the period end."""
    finished = d.resolved_at or d.returned_at or d.closed_at
    return classify(d.status, d.due_at, finished, at, paused_at=d.paused_at)


def _row(d: Dossier, at: datetime) -> dict[str, Any]:
    row = search_row(d)
    row["timeliness"] = dossier_timeliness(d, at).value
    return row


def unsynced_dossier_ids(session: Session, *, limit: int = QUEUE_LIMIT) -> list[int]:
    """Dossiers with at least one change still waiting in the outbox (pending or rejected)."""
    waiting = (Outbox.state.in_(("pending", "rejected")),)
    created = select(Dossier.id).join(Outbox, Outbox.entity_uuid == Dossier.uuid).where(*waiting)
    events = (
        select(DossierEvent.dossier_id)
        .join(Outbox, Outbox.entity_uuid == DossierEvent.uuid)
        .where(*waiting, Outbox.entity == "event")
    )
    ids = set(session.scalars(created.limit(limit))) | set(session.scalars(events.limit(limit)))
    return sorted(ids, reverse=True)[:limit]


def today_queue(
    session: Session, day: date, *, at: datetime | None = None, limit: int = QUEUE_LIMIT
) -> dict[str, list[dict[str, Any]]]:
    """The four lists of the main window: received today, due today, overdue, waiting for sync."""
    moment = at or now()
    start, end = _day_bounds(day)
    open_values = [s.value for s in OPEN_STATUSES]
    received = session.scalars(
        select(Dossier)
        .where(Dossier.received_at >= start, Dossier.received_at < end)
        .order_by(Dossier.received_at.desc())
        .limit(limit)
    )
    due = session.scalars(
        select(Dossier)
        .where(Dossier.status.in_(open_values), Dossier.due_at >= start, Dossier.due_at < end)
        .order_by(Dossier.due_at)
        .limit(limit)
    )
    # Overdue by calendar day (the Biểu 06 definition): due before today's first minute.
    today_start, _ = _day_bounds(moment.astimezone(TZ).date())
    overdue = session.scalars(
        select(Dossier)
        .where(Dossier.status.in_(open_values), Dossier.due_at < today_start)
        .order_by(Dossier.due_at)
        .limit(limit)
    )
    result = {
        "received_today": [_row(d, moment) for d in received],
        "due_today": [_row(d, moment) for d in due],
        # One definition (classify): a paused dossier is not late while the citizen has the papers.
        "overdue": [r for r in (_row(d, moment) for d in overdue) if r["timeliness"] == "overdue"],
    }
    ids = unsynced_dossier_ids(session, limit=limit)
    if ids:
        rows = {d.id: d for d in session.scalars(select(Dossier).where(Dossier.id.in_(ids)))}
        result["unsynced"] = [_row(rows[i], moment) for i in ids if i in rows]
    else:
        result["unsynced"] = []
    return result


def dossier_page(session: Session, code: str) -> dict[str, Any]:
    """Everything the dossier view shows: data, timeline (desk and upstream), allowed moves, prints."""
    from app.services.transitions import get_dossier

    d = get_dossier(session, code)
    office = session.get(Office, 1)
    page = dossier_dict(d, unit_code=office.unit_code if office is not None else "")
    page["events"] = [event_dict(e, d) for e in d.events]
    page["allowed"] = sorted(s.value for s in TRANSITIONS[Status(d.status)])
    page["timeliness"] = dossier_timeliness(d, now()).value
    page["prints"] = [
        {
            "form": s.form,
            "form_set": s.form_set,
            "copies": s.copies,
            "at": iso(s.at),
            "actor": s.actor,
            "reprint": s.reprint,
            "printer": s.printer,
        }
        for s in session.scalars(select(SlipLog).where(SlipLog.dossier_id == d.id).order_by(SlipLog.id))
    ]
    page["unsynced"] = d.id in set(unsynced_dossier_ids(session))
    return page


def open_dossier(session: Session, code: str, actor: Any) -> dict[str, Any]:
    """The dossier page with the full ID number, and its access-log entry (issue 9: the full
    number appears only in the opened dossier, and opening it is logged). Needs a write session."""
    from app.services.access_log import OPEN, record_access

    page = dossier_page(session, code)
    owner = page.get("owner") or {}
    record_access(session, actor, OPEN, dossiers=[page["code"]], person=owner.get("id_number") or None)
    return page


def applicant_by_id(session: Session, id_number: str) -> dict[str, Any] | None:
    """A returning citizen, found by ID number (any ID type), for filling in the intake form."""
    value = "".join(id_number.split()).upper()
    if not value:
        return None
    row = session.scalar(
        select(Applicant).where(Applicant.id_number == value).order_by(Applicant.updated_at.desc()).limit(1)
    )
    return applicant_dict(row)


def sync_status(session: Session) -> dict[str, Any]:
    """Pending and rejected change counts, and the sync engine's own state keys as stored."""
    from sqlalchemy import func

    counts = {
        state: n for state, n in session.execute(select(Outbox.state, func.count()).group_by(Outbox.state))
    }
    # The office's province token (the direct link, app/usecases/fallback.py) never leaves the store.
    state = {r.key: ("***" if r.key == "province_token" and r.value else r.value)
             for r in session.scalars(select(SyncState))}  # fmt: skip
    return {
        "pending": int(counts.get("pending", 0)),
        "direct": int(counts.get("direct", 0)),
        "rejected": int(counts.get("rejected", 0)),
        "state": state,
    }


def rejected_changes(session: Session, *, limit: int = 200) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(Outbox).where(Outbox.state == "rejected").order_by(Outbox.id.desc()).limit(limit)
    )
    return [
        {
            "change_id": r.change_id,
            "entity": r.entity,
            "op": r.op,
            "code": dossier_code_of(r),
            "reason": r.last_error,
            "error": r.last_error,
            "at": iso(r.created_at),
        }
        for r in rows
    ]


def record_session_event(session: Session, actor: str, action: str, detail: str = "") -> None:
    """Audit what the desk screen does that no service records: lock, unlock, logout, quit."""
    audit.record(session, actor, action, "session", detail)
