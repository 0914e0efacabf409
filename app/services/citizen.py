"""Session-level helpers for issue 12: ratings, the feedback box and postal return.

Each change that must go upstream writes its row, its audit row and its outbox change in the
caller's transaction (design.md "Sync"); the use cases in app/usecases/citizen.py own the
transactions and the permission checks.
"""

from __future__ import annotations

import uuid as uuidlib
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.calendar import WorkCalendar
from app.domain.clock import at as at_local
from app.domain.clock import iso, local, now
from app.domain.lifecycle import Status, TransitionError
from app.domain.text import nfc
from app.domain.validation import Issue, ValidationError
from app.services import transitions
from app.services.transitions import NotFound, get_dossier
from app.store import audit, outbox
from app.store.models import Applicant, Dossier
from app.store.models_citizen import Feedback, PostalShipment, Rating

# entity/op pairs the hub understands (sync.protocol.KINDS lists them too).
RATING_SUBMIT = ("rating", "submit")
FEEDBACK_SUBMIT = ("feedback", "submit")
FEEDBACK_ANSWER = ("feedback", "answer")

LEVELS = {3: "rất hài lòng", 2: "hài lòng", 1: "không hài lòng"}
FEEDBACK_KINDS = {"suggestion": "góp ý", "complaint": "phản ánh, kiến nghị"}
MAX_TEXT = 4000
TRACKING_MAX = 40


def _bad(field: str, message: str) -> ValidationError:
    return ValidationError([Issue(field, "citizen", message, "error")])


# -- returning applicant -------------------------------------------------------------------------


def applicant_for_scan(session: Session, id_number: str, old_id: str = "") -> dict[str, Any] | None:
    """The citizen's earlier record: by the 12-digit number, else by the old CMND on the card
    (people first seen with a 9-digit CMND are stored under it)."""
    from app.services.snapshot import applicant_dict

    for value in (id_number, old_id):
        if not value:
            continue
        row = session.scalar(
            select(Applicant)
            .where(Applicant.id_number == value)
            .order_by(Applicant.updated_at.desc())
            .limit(1)
        )
        if row is not None:
            return applicant_dict(row)
    return None


# -- ratings -------------------------------------------------------------------------------------


def rating_dict(r: Rating, d: Dossier) -> dict[str, Any]:
    return {
        "uuid": r.uuid,
        "dossier_uuid": d.uuid,
        "dossier_code": d.code,
        "level": r.level,
        "label": LEVELS[r.level],
        "comment": r.comment,
        "at": iso(r.at),
    }


def rate(
    session: Session,
    code: str,
    level: int,
    *,
    comment: str,
    actor: str,
    calendar: WorkCalendar,
    return_now: bool = False,
    at: datetime | None = None,
) -> dict[str, Any]:
    """One rating per dossier, for a returned result (or returned now, in the same transaction)."""
    if level not in LEVELS:
        raise _bad(
            "level", f"mức đánh giá '{level}' không hợp lệ: 3 rất hài lòng, 2 hài lòng, 1 không hài lòng"
        )
    text = nfc(comment).strip()
    if len(text) > MAX_TEXT:
        raise _bad("comment", f"ý kiến dài quá {MAX_TEXT} ký tự")
    d = get_dossier(session, code)
    if return_now and d.status == Status.RESOLVED.value:
        transitions.change_status(session, d.code, Status.RETURNED, calendar=calendar, actor=actor, at=at)
    if d.status != Status.RETURNED.value:
        raise TransitionError(
            f"Chỉ đánh giá khi đã trả kết quả: hồ sơ {d.code} đang ở trạng thái '{d.status}'"
        )
    if session.scalar(select(Rating.id).where(Rating.dossier_id == d.id)) is not None:
        raise TransitionError(f"Hồ sơ {d.code} đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần")
    when = local(at) if at is not None else now()
    r = Rating(uuid=str(uuidlib.uuid4()), dossier_id=d.id, level=level, comment=text, at=when, actor=actor)
    session.add(r)
    session.flush()
    body = rating_dict(r, d)
    outbox.enqueue(
        session, RATING_SUBMIT, r.uuid, {"rating": body, "dossier_uuid": d.uuid, "dossier_code": d.code}
    )
    audit.record(session, actor, "rating.submit", "dossier", d.code, None, {"level": level})
    return body


# -- feedback box --------------------------------------------------------------------------------


def feedback_dict(f: Feedback, code: str = "") -> dict[str, Any]:
    return {
        "id": f.id,
        "uuid": f.uuid,
        "kind": f.kind,
        "text": f.text,
        "dossier_code": code,
        "contact": f.contact,
        "created_at": iso(f.created_at),
        "answer": f.answer,
        "answered_at": iso(f.answered_at),
        "answered_by": f.answered_by,
        "status": "answered" if f.answered_at is not None else "open",
    }


def add_feedback(
    session: Session, text: str, *, kind: str, dossier_code: str, contact: str, actor: str
) -> dict[str, Any]:
    body = nfc(text).strip()
    if not body:
        raise _bad("text", "nội dung góp ý không được để trống (--text)")
    if len(body) > MAX_TEXT:
        raise _bad("text", f"nội dung góp ý dài quá {MAX_TEXT} ký tự")
    if kind not in FEEDBACK_KINDS:
        raise _bad("kind", f"loại '{kind}' không hợp lệ: suggestion (góp ý) hoặc complaint (phản ánh)")
    d = get_dossier(session, dossier_code) if dossier_code.strip() else None
    f = Feedback(
        uuid=str(uuidlib.uuid4()),
        kind=kind,
        text=body,
        dossier_id=d.id if d else None,
        contact=nfc(contact).strip()[:200],
        created_at=now(),
        created_by=actor,
        answer="",
        answered_by="",
    )
    session.add(f)
    session.flush()
    out = feedback_dict(f, d.code if d else "")
    payload: dict[str, Any] = {"feedback": {k: v for k, v in out.items() if k != "id"}}
    if d is not None:
        payload.update(dossier_uuid=d.uuid, dossier_code=d.code)
        payload["feedback"]["dossier_uuid"] = d.uuid
    outbox.enqueue(session, FEEDBACK_SUBMIT, f.uuid, payload)
    audit.record(session, actor, "feedback.add", "feedback", str(f.id), None, {"kind": kind})
    return out


def list_feedback(session: Session, *, status: str = "all") -> list[dict[str, Any]]:
    stmt = select(Feedback, Dossier.code).outerjoin(Dossier, Feedback.dossier_id == Dossier.id)
    if status == "open":
        stmt = stmt.where(Feedback.answered_at.is_(None))
    elif status == "answered":
        stmt = stmt.where(Feedback.answered_at.is_not(None))
    return [feedback_dict(f, code or "") for f, code in session.execute(stmt.order_by(Feedback.id.desc()))]


def answer_feedback(session: Session, feedback_id: int, text: str, *, actor: str) -> dict[str, Any]:
    f = session.get(Feedback, feedback_id)
    if f is None:
        raise NotFound(f"Không tìm thấy góp ý số {feedback_id}")
    body = nfc(text).strip()
    if not body:
        raise _bad("text", "nội dung trả lời không được để trống (--text)")
    if f.answered_at is not None:
        raise TransitionError(f"Góp ý số {feedback_id} đã được trả lời ngày {local(f.answered_at):%d/%m/%Y}")
    f.answer, f.answered_at, f.answered_by = body, now(), actor
    session.flush()
    d = session.get(Dossier, f.dossier_id) if f.dossier_id else None
    out = feedback_dict(f, d.code if d else "")
    payload: dict[str, Any] = {
        "feedback_uuid": f.uuid,
        "answer": body,
        "answered_at": out["answered_at"],
        "answered_by": actor,
    }
    if d is not None:
        # The sync engine orders changes per dossier: the answer must follow its entry.
        payload.update(dossier_uuid=d.uuid, dossier_code=d.code)
    outbox.enqueue(session, FEEDBACK_ANSWER, f.uuid, payload)
    audit.record(session, actor, "feedback.answer", "feedback", str(f.id), None, {"answered": True})
    return out


# -- postal return -------------------------------------------------------------------------------


def _postal_row(d: Dossier, ship: PostalShipment | None) -> dict[str, Any]:
    return {
        "code": d.code,
        "name": d.owner.name,
        "address": d.owner.address,
        "phone": d.owner.phone,
        "procedure": d.procedure.name,
        "fee": d.fee,
        "resolved_at": iso(d.resolved_at),
        "tracking": ship.tracking if ship else "",
        "handed_at": iso(ship.handed_at) if ship else None,
        "delivered_at": iso(ship.delivered_at) if ship and ship.delivered_at else None,
    }


def handover_list(session: Session, day: date) -> list[dict[str, Any]]:
    """The day's sổ giao nhận: results to post that are ready by the end of ``day`` and not yet
    handed over, then those handed over that day (a reprint of the day's book)."""
    end = at_local(day + timedelta(days=1), time(0, 0))
    start = at_local(day, time(0, 0))
    waiting = session.scalars(
        select(Dossier)
        .outerjoin(PostalShipment, PostalShipment.dossier_id == Dossier.id)
        .where(Dossier.return_method == "post", Dossier.status == Status.RESOLVED.value)
        .where(Dossier.resolved_at < end, PostalShipment.id.is_(None))
        .order_by(Dossier.resolved_at, Dossier.code)
    ).all()
    handed = session.execute(
        select(Dossier, PostalShipment)
        .join(PostalShipment, PostalShipment.dossier_id == Dossier.id)
        .where(PostalShipment.handed_at >= start, PostalShipment.handed_at < end)
        .order_by(PostalShipment.handed_at, Dossier.code)
    ).all()
    return [_postal_row(d, None) for d in waiting] + [_postal_row(d, s) for d, s in handed]


def hand_to_post(
    session: Session, code: str, tracking: str, *, actor: str, at: datetime | None = None
) -> dict[str, Any]:
    """Record the 'handed to post' event with the tracking number (status stays 'resolved')."""
    number = "".join(tracking.split()).upper()
    if not number or len(number) > TRACKING_MAX or not number.isascii() or not number.isalnum():
        raise _bad(
            "tracking", f"số hiệu bưu gửi '{tracking}' phải gồm chữ và số, tối đa {TRACKING_MAX} ký tự"
        )
    d = get_dossier(session, code)
    if d.return_method != "post":
        raise TransitionError(f"Hồ sơ {d.code} không đăng ký nhận kết quả qua bưu điện")
    if d.status != Status.RESOLVED.value:
        raise TransitionError(
            f"Chỉ giao bưu điện hồ sơ đã có kết quả: {d.code} đang ở trạng thái '{d.status}'"
        )
    if session.scalar(select(PostalShipment.id).where(PostalShipment.dossier_id == d.id)) is not None:
        raise TransitionError(f"Kết quả hồ sơ {d.code} đã được giao bưu điện")
    when = local(at) if at is not None else now()
    ship = PostalShipment(dossier_id=d.id, tracking=number, handed_at=when, handed_by=actor)
    session.add(ship)
    # The timeline event goes upstream through the existing event path (outbox + audit).
    change = transitions._append(  # noqa: SLF001 - the one event-writing path of the timeline
        session,
        d,
        "handed_to_post",
        actor=actor,
        at=when,
        to_status=None,
        due_after=d.due_at,
        note=f"Số hiệu bưu gửi {number}",
        data={"tracking": number},
    )
    return {**_postal_row(d, ship), "event": change.kind}


def delivered(
    session: Session, code: str, *, actor: str, calendar: WorkCalendar, at: datetime | None = None
) -> dict[str, Any]:
    """The post confirms delivery: the result is returned (status 10)."""
    d = get_dossier(session, code)
    ship = session.scalar(select(PostalShipment).where(PostalShipment.dossier_id == d.id))
    if ship is None:
        raise TransitionError(f"Kết quả hồ sơ {d.code} chưa được giao bưu điện (motcua postal hand)")
    if ship.delivered_at is not None:
        raise TransitionError(f"Bưu điện đã xác nhận phát hồ sơ {d.code}")
    when = local(at) if at is not None else now()
    if when < ship.handed_at:
        raise TransitionError("Thời điểm phát không được trước thời điểm giao bưu điện")
    ship.delivered_at = when
    transitions.change_status(
        session,
        d.code,
        Status.RETURNED,
        calendar=calendar,
        actor=actor,
        at=when,
        note=f"Bưu điện đã phát, số hiệu {ship.tracking}",
        data={"by": "post", "tracking": ship.tracking},
    )
    return _postal_row(d, ship)
