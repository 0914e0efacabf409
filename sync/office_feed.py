"""What an office hub feeds a desk about its sibling desks (design.md "Sync", several desks).

* ``dossier`` updates carry a dossier created at another desk (``op: create``, its frozen intake
  snapshot) or an intake edit made there (``op: update``, the fields that changed). The desk
  stores them like its own dossiers, so search, the queue and the reports cover the whole office;
  nothing of them goes back up (the create's outbox echo is marked acked at once, as online
  submissions are in sync/apply.py).
* ``status`` updates may carry ``dossier_status``/``due_at``: the hub's state after the event, in
  the order the hub decided. The desk takes it unless it still has its own event for that dossier
  waiting to go up (that event will be ordered at the hub and the next pull settles it).

Every update the hub made from this desk's own change carries its change_id; the desk recognises
it in its outbox and applies nothing twice.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.calendar import WorkCalendar
from app.domain.clock import local, now
from app.domain.lifecycle import Status
from app.domain.text import digits, fold, given_first, nfc
from app.services.intake import DocumentInput, IntakeRequest, PersonInput, intake
from app.services.transitions import NotFound, _append
from app.store.models import Dossier, DossierEvent, Office, Outbox

SIBLING = "office"  # event origin of what another desk of the office did
EDITABLE_OWNER = ("name", "address", "phone", "email")
EDITABLE_DOSSIER = ("return_method", "notes", "summary", "sets_count")


def _dt(value: Any) -> datetime | None:
    return local(datetime.fromisoformat(str(value))) if value else None


def own_change(session: Session, change_id: Any) -> bool:
    return (
        bool(change_id)
        and session.scalar(select(Outbox.id).where(Outbox.change_id == str(change_id))) is not None
    )


def _pending_for(session: Session, dossier_uuid: str, entity: str) -> list[Outbox]:
    q = select(Outbox).where(Outbox.state == "pending", Outbox.entity == entity)
    if entity == "dossier":
        q = q.where(Outbox.entity_uuid == dossier_uuid)
    else:
        q = q.where(Outbox.payload.contains(dossier_uuid))
    return list(session.scalars(q))


def converge(session: Session, p: dict[str, Any]) -> None:
    """Take the hub's status and due date after an event, unless an event of ours is still queued."""
    if "dossier_status" not in p:
        return
    d = session.scalar(select(Dossier).where(Dossier.uuid == p["dossier_uuid"]))
    status, due = str(p["dossier_status"]), _dt(p.get("due_at"))
    if d is None or (d.status == status and d.due_at == due):
        return  # the usual case (our own echo, or already in step): no outbox scan
    if _pending_for(session, d.uuid, "event"):
        return
    if status != d.status:
        d.status = status
        if status == Status.SUPPLEMENT_REQUESTED.value and d.paused_at is None:
            d.paused_at = _dt(p["event"].get("at")) or now()
        elif status != Status.SUPPLEMENT_REQUESTED.value:
            d.paused_at = None
    if due != d.due_at:
        d.due_at = due


def _person(a: dict[str, Any]) -> PersonInput:
    birth = a.get("birth_date")
    return PersonInput(
        name=str(a.get("name", "")), id_number=str(a.get("id_number", "")), id_type=a.get("id_type") or None,
        birth_date=date.fromisoformat(birth) if birth else None, gender=str(a.get("gender") or ""),
        address=str(a.get("address") or ""), phone=str(a.get("phone") or ""), email=str(a.get("email") or ""),
    )  # fmt: skip


def apply_create(session: Session, p: dict[str, Any], *, office: Office, calendar: WorkCalendar) -> bool:
    d = p["dossier"]
    if own_change(session, p.get("change_id")):
        return False
    if session.scalar(select(Dossier.id).where(Dossier.uuid == d["uuid"])) is not None:
        return False
    received = min(_dt(d.get("received_at")) or now(), now())  # another PC's clock may run ahead
    docs = [
        DocumentInput(str(x.get("name", "")), int(x.get("originals", 0)), int(x.get("certified", 0)),
                      int(x.get("copies", 0)))
        for x in (d.get("documents") or [])
    ]  # fmt: skip
    req = IntakeRequest(
        procedure_code=d["procedure_code"], owner=_person(d["owner"]),
        submitter=_person(d["submitter"]) if d.get("submitter") else None, channel=d.get("channel") or "direct",
        return_method=d.get("return_method") or "desk", received_at=received, documents=docs,
        sets_count=int(d.get("sets_count") or 1), fee=d.get("fee"), summary=d.get("summary") or "",
        notes=d.get("notes") or "", status=Status(d.get("status") or "received"),
    )  # fmt: skip
    actor = str(d.get("received_by") or f"máy {p.get('desk', '?')}")
    # The appointment printed at the other desk is kept, not recomputed here.
    intake(session, req, office=office, calendar=calendar, actor=actor, dossier_uuid=d["uuid"], code=d["code"],
           event_uuid=p.get("event_uuid") or None, origin=SIBLING, sibling_due=_dt(d.get("due_at")))  # fmt: skip
    for ob in session.scalars(
        select(Outbox).where(Outbox.entity_uuid == d["uuid"], Outbox.state == "pending")
    ):
        ob.state, ob.acked_at = "acked", now()
        ob.result = {
            "status": "office",
            "reason": f"Hồ sơ tiếp nhận tại máy {p.get('desk', '?')}, không gửi lại",
        }
    return True


def apply_edit(session: Session, p: dict[str, Any]) -> bool:
    """Fields in hub order. Our own edit comes back too and is applied again (same values), so a
    sibling's older edit pulled in the same page cannot leave its value over ours."""
    own = own_change(session, p.get("change_id"))
    d = session.scalar(select(Dossier).where(Dossier.uuid == p["dossier_uuid"]))
    if d is None:
        raise NotFound(
            f"Không tìm thấy hồ sơ {p.get('code', '')} để cập nhật thông tin tiếp nhận từ máy khác"
        )
    seen = (
        bool(p.get("event_uuid"))
        and session.scalar(select(DossierEvent.id).where(DossierEvent.uuid == p["event_uuid"])) is not None
    )
    if seen and not own:
        return False
    # Fields this desk edited and has not sent yet: its edit reaches the hub later and wins there.
    mine: set[str] = set()
    for ob in _pending_for(session, d.uuid, "dossier"):
        ch = json.loads(ob.payload).get("changes") or {}
        mine |= {f"owner.{k}" for k in (ch.get("owner") or {})} | set(ch.get("dossier") or {})
    changes = p.get("changes") or {}
    owner = {
        k: v
        for k, v in (changes.get("owner") or {}).items()
        if k in EDITABLE_OWNER and f"owner.{k}" not in mine
    }
    fields = {
        k: v for k, v in (changes.get("dossier") or {}).items() if k in EDITABLE_DOSSIER and k not in mine
    }
    before = {"owner": {k: getattr(d.owner, k) for k in owner}, **{k: getattr(d, k) for k in fields}}
    for k, v in owner.items():
        setattr(d.owner, k, nfc(v) if isinstance(v, str) else v)
    d.owner.name_key = fold(d.owner.name)
    for k, v in fields.items():
        setattr(d, k, nfc(v) if isinstance(v, str) else v)
    d.search_name, d.search_phone = d.owner.name_key, digits(d.owner.phone)
    d.search_given = given_first(d.search_name)
    if own:
        return bool(owner or fields)
    _append(
        session, d, "edited", actor=f"máy {p.get('desk', '?')}", at=now(), to_status=None, due_after=d.due_at,
        note=nfc(str(p.get("reason") or "")), data={"before": before, "owner": owner, "dossier": fields},
        origin=SIBLING, event_uuid=p.get("event_uuid") or None, send_upstream=False,
    )  # fmt: skip
    return True
