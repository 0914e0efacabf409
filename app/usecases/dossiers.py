"""Dossier operations at the desk: intake (and its refusal and supplement paths), status changes,
the one extension and the correction of intake data.

The rules checked here, for every front end alike (issue 8 §1, §7):
- a receipt needs every required paper of the procedure; otherwise the dossier goes to
  supplement (``receive_with_supplement``) or refusal (``receive_and_refuse``);
- a due-date override needs the ``override_due`` permission (a leader) and a reason;
- a paper dossier entered more than ``LATE_ENTRY_DAYS`` after its receipt needs a leader and a
  reason (the receipt time decides the code and the appointment: back-dating is not a clerk's call);
- every text fits its column and holds no control character.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.domain.clock import local, now
from app.domain.lifecycle import Status
from app.domain.text import fold, nfc
from app.domain.validation import Issue, raise_for
from app.services import limits
from app.services.edit import IntakeEdit
from app.services.intake import IntakeRequest, PersonInput
from app.store.models import Procedure
from app.usecases.actor import Actor
from app.usecases.permissions import Permission, authorize

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.desk import Desk

LATE_ENTRY_DAYS = 30


def _person_issues(p: PersonInput | None, prefix: str) -> list[Issue]:
    if p is None:
        return []
    return [
        *limits.check_text(f"{prefix}.name", p.name, limits.NAME_MAX),
        *limits.check_text(f"{prefix}.id_number", p.id_number, 40),
        *limits.check_text(f"{prefix}.address", p.address, limits.ADDRESS_MAX),
        *limits.check_text(f"{prefix}.phone", p.phone, 40),
        *limits.check_text(f"{prefix}.email", p.email, limits.EMAIL_MAX),
    ]


def _request_issues(req: IntakeRequest) -> list[Issue]:
    issues = [*_person_issues(req.owner, "owner"), *_person_issues(req.submitter, "submitter")]
    issues += limits.check_text("procedure", req.procedure_code, 60)
    issues += limits.check_text("summary", req.summary, limits.SUMMARY_MAX, multiline=True)
    issues += limits.check_text("notes", req.notes, limits.NOTE_MAX, multiline=True)
    issues += limits.check_text(
        "due_override_reason", req.due_override_reason, limits.NOTE_MAX, multiline=True
    )
    issues += limits.check_text("late_entry_reason", req.late_entry_reason, limits.NOTE_MAX, multiline=True)
    for i, d in enumerate(req.documents or [], start=1):
        issues += limits.check_text(f"documents[{i}].name", d.name, limits.DOCUMENT_NAME_MAX)
    return issues


def _authorize_request(actor: Actor, req: IntakeRequest) -> None:
    authorize(actor, Permission.INTAKE)
    issues = _request_issues(req)
    if req.due_override is not None:
        authorize(actor, Permission.OVERRIDE_DUE)
        if not nfc(req.due_override_reason):
            issues.append(Issue("due_override_reason", "required", "Sửa ngày hẹn trả phải ghi rõ lý do"))
    if req.received_at is not None and local(req.received_at) < now() - timedelta(days=LATE_ENTRY_DAYS):
        authorize(actor, Permission.OVERRIDE_DUE)
        if not nfc(req.late_entry_reason):
            issues.append(
                Issue(
                    "late_entry_reason",
                    "required",
                    f"Nhập hồ sơ giấy đã nhận hơn {LATE_ENTRY_DAYS} ngày trước phải ghi rõ lý do "
                    "(--late-reason)",
                )
            )
    raise_for(issues)


def missing_papers(s: Session, req: IntakeRequest) -> list[str]:
    """Required papers of the procedure not among ``req.documents`` (None = the whole list)."""
    if req.documents is None:
        return []
    proc = s.scalar(select(Procedure).where(Procedure.code == req.procedure_code.strip()))
    if proc is None:
        return []  # the intake service names the unknown procedure
    got = {fold(nfc(d.name)) for d in req.documents}
    return [
        str(d["name"])
        for d in (proc.documents or [])
        if d.get("required", True) and fold(nfc(str(d["name"]))) not in got
    ]


def _store(
    desk: Desk, actor: Actor, req: IntakeRequest, then: tuple[Status, str, dict[str, Any] | None] | None
) -> dict[str, Any]:
    from app.services.intake import intake
    from app.services.transitions import change_status

    office = desk.require_office()
    calendar = desk.calendar()
    with desk.tx() as s:
        # The intake service validates every field first; the papers rule comes after it, in the
        # same transaction, so a refused receipt rolls back with nothing stored.
        result = intake(s, req, office=office, calendar=calendar, actor=actor.username)
        if then is None:
            missing = missing_papers(s, req)
            if missing:
                raise_for(
                    [
                        Issue(
                            "documents",
                            "required",
                            f"Còn {len(missing)} giấy tờ bắt buộc chưa nhận ({'; '.join(missing[:3])}): "
                            "nhận đủ, hoặc yêu cầu bổ sung, hoặc từ chối tiếp nhận",
                        )
                    ]
                )
        out = result.as_json()
        if then is not None:
            status, note, data = then
            change_status(
                s, result.code, status, calendar=calendar, actor=actor.username, note=note, data=data
            )
            out["status"] = status.value
    return out


def receive(desk: Desk, actor: Actor, req: IntakeRequest) -> dict[str, Any]:
    """Receive a dossier whose required papers are all in; returns IntakeResult.as_json()."""
    _authorize_request(actor, req)
    return _store(desk, actor, req, None)


def receive_with_supplement(
    desk: Desk, actor: Actor, req: IntakeRequest, missing: list[dict[str, Any]], note: str
) -> dict[str, Any]:
    """Store the dossier and its supplement request in one transaction (Mẫu 02 is printed next)."""
    _authorize_request(actor, req)
    raise_for(limits.check_text("note", note, limits.NOTE_MAX, multiline=True))
    return _store(desk, actor, req, (Status.SUPPLEMENT_REQUESTED, note, {"missing": missing}))


def receive_and_refuse(desk: Desk, actor: Actor, req: IntakeRequest, reason: str) -> dict[str, Any]:
    """Store the dossier as submitted and refused, with its reason, in one transaction: a refusal
    never exists without its reason, and the clock never starts for it."""
    from app.services.intake import refuse_at_desk

    _authorize_request(actor, req)
    raise_for(limits.check_text("reason", reason, limits.NOTE_MAX, multiline=True))
    office = desk.require_office()
    calendar = desk.calendar()
    with desk.tx() as s:
        # submitted → refused in one transaction; the register line is taken, no appointment.
        result = refuse_at_desk(
            s, replace(req), reason, office=office, calendar=calendar, actor=actor.username
        )
    out = result.as_json()
    out["status"] = Status.REFUSED.value
    return out


def change_status(
    desk: Desk,
    actor: Actor,
    code: str,
    target: Status | str,
    *,
    note: str = "",
    at: datetime | None = None,
    data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    from app.services import transitions

    authorize(actor, Permission.LIFECYCLE)
    raise_for(limits.check_text("note", note, limits.NOTE_MAX, multiline=True))
    calendar = desk.calendar()
    with desk.tx() as s:
        change = transitions.change_status(
            s, code, Status(target), calendar=calendar, actor=actor.username, note=note, at=at, data=data
        )
    return change.as_json()


def extend(
    desk: Desk, actor: Actor, code: str, new_due: datetime, *, reason: str, at: datetime | None = None
) -> dict[str, Any]:
    """The apology-and-extension letter's new appointment: leaders only, once, with a reason."""
    from app.services import transitions

    authorize(actor, Permission.EXTEND)
    raise_for(limits.check_text("reason", reason, limits.NOTE_MAX, multiline=True))
    with desk.tx() as s:
        change = transitions.extend(s, code, new_due, reason=reason, actor=actor.username, at=at)
    return change.as_json()


def edit_intake(desk: Desk, actor: Actor, code: str, edit: IntakeEdit) -> dict[str, Any]:
    from app.services.edit import edit_intake as run_edit

    authorize(actor, Permission.INTAKE)
    issues = limits.check_text("reason", edit.reason, limits.NOTE_MAX, multiline=True)
    for key, value in (edit.owner or {}).items():
        cap = {"address": limits.ADDRESS_MAX, "email": limits.EMAIL_MAX}.get(key, limits.NAME_MAX)
        issues += limits.check_text(f"owner.{key}", str(value), cap)
    for key, value in (edit.dossier or {}).items():
        if isinstance(value, str):
            issues += limits.check_text(key, value, limits.NOTE_MAX, multiline=True)
    raise_for(issues)
    with desk.tx() as s:
        return run_edit(s, code, edit, actor=actor.username).as_json()
