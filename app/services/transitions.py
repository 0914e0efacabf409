"""Lifecycle operations on a stored dossier: status changes, supplements, the one extension.

Status and due date on ``dossier`` are derived from the append-only events; every operation
here appends the event, updates the denormalised columns, writes the audit row and the outbox
change, all in the caller's transaction, and returns what changed.
"""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.calendar import WorkCalendar
from app.domain.clock import iso, local, now
from app.domain.codes import parse_code
from app.domain.lifecycle import (
    CLOCK_RUNNING,
    EVENT_FOR,
    EXTENDABLE,
    NEEDS_REASON,
    Status,
    TransitionError,
    check_transition,
)
from app.domain.text import nfc
from app.services.snapshot import event_dict
from app.store import audit, outbox
from app.store.models import Dossier, DossierEvent


class NotFound(LookupError):
    pass


# The same tolerance as a receipt time (app.services.intake): two PCs, one wall clock.
FUTURE_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True)
class DossierChange:
    """What an operation changed, so a screen redraws exactly that."""

    code: str
    uuid: str
    event_uuid: str
    kind: str
    status_before: str
    status_after: str
    due_before: datetime | None
    due_after: datetime | None

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "uuid": self.uuid,
            "event": self.kind,
            "from": self.status_before,
            "to": self.status_after,
            "due_before": iso(self.due_before),
            "due": iso(self.due_after),
        }


def get_dossier(session: Session, code: str) -> Dossier:
    parsed = parse_code(code)  # a mistyped code gets a message saying which part is wrong
    d = session.scalar(select(Dossier).where(Dossier.code == str(parsed)))
    if d is None:
        raise NotFound(f"Không tìm thấy hồ sơ mã '{code}'")
    return d


def _append(
    session: Session,
    d: Dossier,
    kind: str,
    *,
    actor: str,
    at: datetime,
    to_status: Status | None,
    due_after: datetime | None,
    note: str,
    data: dict[str, Any] | None,
    origin: str = "desk",
    event_uuid: str | None = None,
    send_upstream: bool = True,
) -> DossierChange:
    before_status, before_due = d.status, d.due_at
    ev = DossierEvent(
        uuid=event_uuid or str(uuidlib.uuid4()),
        dossier_id=d.id,
        kind=kind,
        at=at,
        actor=actor,
        from_status=before_status,
        to_status=(to_status.value if to_status else before_status),
        due_before=before_due,
        due_after=due_after,
        note=note,
        data=data,
        origin=origin,
    )
    session.add(ev)
    if to_status is not None:
        d.status = to_status.value
    d.due_at = due_after
    d.updated_at = now()
    session.flush()
    if send_upstream:
        outbox.enqueue(session, outbox.EVENT_APPEND, ev.uuid, {"event": event_dict(ev, d)})
    audit.record(
        session,
        actor,
        f"dossier.{kind}",
        "dossier",
        d.code,
        {"status": before_status, "due": iso(before_due)},
        {"status": d.status, "due": iso(d.due_at), "note": note},
    )
    return DossierChange(d.code, d.uuid, ev.uuid, kind, before_status, d.status, before_due, d.due_at)


def change_status(
    session: Session,
    code: str,
    target: Status,
    *,
    calendar: WorkCalendar,
    actor: str,
    note: str = "",
    at: datetime | None = None,
    data: dict[str, Any] | None = None,
) -> DossierChange:
    """Move a dossier to ``target`` if the lifecycle allows it; clock pause/resume included."""
    d = get_dossier(session, code)
    current = Status(d.status)
    check_transition(current, target)
    text = nfc(note)
    if target in NEEDS_REASON and not text:
        raise TransitionError(f"Chuyển sang '{target.value}' cần ghi lý do (--note)")
    when = _when(d, at)
    if when < d.received_at:
        raise TransitionError("Thời điểm cập nhật không được trước thời điểm tiếp nhận hồ sơ")
    due = d.due_at
    kind = EVENT_FOR[target]
    payload = dict(data or {})
    papers_back = current is Status.SUPPLEMENT_REQUESTED and target in (Status.RECEIVED, Status.IN_PROGRESS)
    if target is Status.SUPPLEMENT_REQUESTED:
        d.paused_at = when  # the clock stops until the papers come back (domain.md §4.1)
    elif papers_back:
        kind = "supplement_received"
        if due is not None and d.paused_at is not None:
            due = calendar.extend_for_pause(due, d.paused_at, when)
            payload["paused_from"] = iso(d.paused_at)
        d.paused_at = None
    elif current is Status.SUPPLEMENT_REQUESTED:
        d.paused_at = None  # withdrawn/stopped/refused while waiting: the clock never resumes
    if target in (Status.RECEIVED, Status.IN_PROGRESS) and due is None and not _clock_started(d):
        # An online dossier accepted at the desk (directly or once its papers are complete):
        # the clock starts at acceptance, not at the online submission.
        from app.services.intake import procedure_limit

        due = calendar.due(when, procedure_limit(d.procedure))
    _stamp_milestones(d, target, when)
    if current is Status.SUBMITTED and target is not Status.WITHDRAWN:
        # Accepted (or refused) at the desk: the dossier takes its line in the register now.
        from app.services.register_book import assign_register_number
        from app.store.models import Office

        office = session.get(Office, 1)
        if office is not None:
            assign_register_number(session, office, d, when.date())
    return _append(
        session,
        d,
        kind,
        actor=actor,
        at=when,
        to_status=target,
        due_after=due,
        note=text,
        data=payload or None,
    )


def extend(
    session: Session,
    code: str,
    new_due: datetime,
    *,
    reason: str,
    actor: str,
    at: datetime | None = None,
) -> DossierChange:
    """The apology-and-extension letter: a new appointment, once only (ND 61/2018, TT 03/2025 Mẫu 04)."""
    d = get_dossier(session, code)
    status = Status(d.status)
    if status not in EXTENDABLE:
        raise TransitionError(f"Không thể gia hạn hồ sơ ở trạng thái '{status.value}'")
    if d.extended:
        raise TransitionError("Hồ sơ đã được gia hạn một lần; quy định chỉ cho phép hẹn lại một lần")
    text = nfc(reason)
    if not text:
        raise TransitionError("Gia hạn cần ghi rõ lý do (--note)")
    new = local(new_due)
    when = local(at) if at is not None else now()
    if when < d.received_at:
        raise TransitionError("Ngày lập văn bản xin lỗi (--at) không được trước thời điểm tiếp nhận hồ sơ")
    if d.due_at is not None and new <= d.due_at:
        raise TransitionError(
            f"Ngày hẹn mới {new:%d/%m/%Y %H:%M} phải sau ngày hẹn cũ {local(d.due_at):%d/%m/%Y %H:%M}"
        )
    when = _when(d, at)
    if new <= when:
        # The letter promises a future date: a new appointment at or before the letter's own date
        # is no appointment at all (issue 11).
        raise TransitionError(
            f"Ngày hẹn mới (--new-due) {new:%d/%m/%Y %H:%M} phải sau ngày lập văn bản xin lỗi "
            f"(--at) {when:%d/%m/%Y %H:%M}"
        )
    d.extended = True
    return _append(
        session, d, "extended", actor=actor, at=when, to_status=None, due_after=new, note=text, data=None
    )


def hand_over(
    session: Session,
    code: str,
    *,
    from_unit: str,
    to_unit: str,
    actor: str,
    note: str = "",
    at: datetime | None = None,
) -> DossierChange:
    """Record a hand-over between units (the blocks of the control sheet) without a status change."""
    d = get_dossier(session, code)
    when = local(at) if at is not None else now()
    data = {"from_unit": nfc(from_unit), "to_unit": nfc(to_unit)}
    target = Status.IN_PROGRESS if Status(d.status) is Status.RECEIVED else None
    return _append(
        session,
        d,
        "handed_over",
        actor=actor,
        at=when,
        to_status=target,
        due_after=d.due_at,
        note=nfc(note),
        data=data,
    )


def _when(d: Dossier, at: datetime | None) -> datetime:
    """The time of a new desk event (issue 8 §7): never before the dossier's previous event (the
    timeline and the control sheet read in order), never more than FUTURE_TOLERANCE ahead of this
    PC's clock. Only an explicit ``at`` is checked: "now" is what the clerk did, even when an
    upstream event carries a time a little ahead of this PC."""
    stamp = now()
    if at is None:
        return stamp
    when = local(at)
    if when > stamp + FUTURE_TOLERANCE:
        raise TransitionError(
            f"Thời điểm {when:%d/%m/%Y %H:%M} ở tương lai (quá {FUTURE_TOLERANCE.seconds // 60} phút so với "
            "đồng hồ máy này)"
        )
    if when < d.received_at:
        raise TransitionError("Thời điểm cập nhật không được trước thời điểm tiếp nhận hồ sơ")
    last = max((e.at for e in d.events), default=None)
    if last is not None and when < local(last):
        raise TransitionError(
            f"Thời điểm {when:%d/%m/%Y %H:%M} trước sự kiện gần nhất của hồ sơ ({local(last):%d/%m/%Y %H:%M})"
        )
    return when


def _stamp_milestones(d: Dossier, target: Status, when: datetime) -> None:
    """Denormalised milestone times the queue and Biểu 06 read (result ready, handed back, closed).

    The first 'resolved' counts: a result re-announced upstream does not move the finish time."""
    if target is Status.RESOLVED and d.resolved_at is None:
        d.resolved_at = when
    if target is Status.RETURNED:
        d.returned_at = when
    if target in (Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED):
        d.closed_at = when


def _clock_started(d: Dossier) -> bool:
    """True once the dossier was accepted (a 'received' event exists)."""
    return any(e.kind == "received" for e in d.events)


def clock_running(d: Dossier) -> bool:
    return Status(d.status) in CLOCK_RUNNING


def record_upstream_event(
    session: Session,
    dossier_uuid: str,
    *,
    event_uuid: str,
    kind: str,
    at: datetime,
    actor: str,
    to_status: Status | None,
    due_after: datetime | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    origin: str = "upstream",
) -> DossierChange | None:
    """Apply an event the processing body made upstream (pulled by sync), or one a sibling desk
    made (``origin='office'``, fed by the office hub).

    Idempotent by event uuid (a re-pulled batch changes nothing). The processing body owns the
    processing status (design.md "field ownership"), so its status is taken even when the local
    lifecycle would not make that move itself; it is never sent back upstream.
    """
    if session.scalar(select(DossierEvent.id).where(DossierEvent.uuid == event_uuid)) is not None:
        return None
    d = session.scalar(select(Dossier).where(Dossier.uuid == dossier_uuid))
    if d is None:
        raise NotFound(f"Không tìm thấy hồ sơ uuid '{dossier_uuid}' cho sự kiện từ cấp trên")
    when = local(at)
    if to_status is not None:
        _stamp_milestones(d, to_status, when)
    return _append(
        session,
        d,
        kind,
        actor=actor,
        at=when,
        to_status=to_status,
        due_after=due_after if due_after is not None else d.due_at,
        note=nfc(note),
        data=data,
        origin=origin,
        event_uuid=event_uuid,
        send_upstream=False,
    )


def append_note_event(
    session: Session,
    d: Dossier,
    kind: str,
    *,
    actor: str,
    note: str,
    data: dict[str, Any] | None,
) -> DossierChange:
    """A timeline event that changes neither status nor due date (e.g. a paper digitised)."""
    return _append(
        session, d, kind, actor=actor, at=now(), to_status=None, due_after=d.due_at, note=note, data=data
    )
