"""Corrections of intake data after the receipt was printed (a typo in the phone, the address).

The desk owns intake data (design.md "field ownership"), so an edit is an event of its own and
a ``dossier/update`` change upstream carrying only the fields that changed. The dossier code,
procedure and receipt time never change: they are printed on the citizen's slip.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.domain.clock import now
from app.domain.lifecycle import OPEN_STATUSES, Status, TransitionError
from app.domain.text import digits, fold, given_first, nfc
from app.domain.validation import Issue, check_email, check_name, check_phone, raise_for
from app.services.snapshot import dossier_dict
from app.services.transitions import DossierChange, _append, get_dossier
from app.store import outbox
from app.store.models import Dossier, Office

EDITABLE_OWNER = ("name", "address", "phone", "email")
EDITABLE_DOSSIER = ("return_method", "notes", "summary", "sets_count")


@dataclass
class IntakeEdit:
    owner: dict[str, str] | None = None
    dossier: dict[str, Any] | None = None
    reason: str = ""


def edit_intake(session: Session, code: str, edit: IntakeEdit, *, actor: str) -> DossierChange:
    d = get_dossier(session, code)
    if Status(d.status) not in OPEN_STATUSES:
        raise TransitionError(f"Không sửa được hồ sơ đã kết thúc (trạng thái '{d.status}')")
    reason = nfc(edit.reason)
    issues: list[Issue] = []
    if not reason:
        issues.append(Issue("reason", "required", "Sửa thông tin tiếp nhận phải ghi rõ lý do"))
    owner_changes: dict[str, str] = {}
    for key, value in (edit.owner or {}).items():
        if key not in EDITABLE_OWNER:
            issues.append(Issue(f"owner.{key}", "readonly", f"Trường '{key}' của chủ hồ sơ không sửa được"))
            continue
        if key == "name":
            value = nfc(value)
            issues += [Issue("owner.name", i.rule, i.message, i.level) for i in check_name(value)]
        elif key == "phone" and value.strip():
            pc = check_phone(value)
            issues += [Issue("owner.phone", i.rule, i.message, i.level) for i in pc.issues]
            value = pc.normalized
        elif key == "email":
            value = value.strip().lower()
            issues += [Issue("owner.email", i.rule, i.message, i.level) for i in check_email(value)]
        else:
            value = nfc(value)
        if getattr(d.owner, key) != value:
            owner_changes[key] = value
    dossier_changes: dict[str, Any] = {}
    for key, value in (edit.dossier or {}).items():
        if key not in EDITABLE_DOSSIER:
            issues.append(
                Issue(key, "readonly", f"Trường '{key}' của hồ sơ không sửa được sau khi tiếp nhận")
            )
            continue
        if key == "return_method" and value not in ("desk", "post"):
            issues.append(Issue(key, "choice", "Hình thức nhận kết quả phải là desk hoặc post"))
        if key == "sets_count" and (not isinstance(value, int) or not 1 <= value <= 99):
            issues.append(Issue(key, "range", "Số bộ hồ sơ phải từ 1 đến 99"))
        if isinstance(value, str):
            value = nfc(value)
        if getattr(d, key) != value:
            dossier_changes[key] = value
    raise_for(issues)
    if not owner_changes and not dossier_changes:
        raise TransitionError("Không có thông tin nào thay đổi")
    before = {
        "owner": {k: getattr(d.owner, k) for k in owner_changes},
        **{k: getattr(d, k) for k in dossier_changes},
    }
    for key, value in owner_changes.items():
        setattr(d.owner, key, value)
    d.owner.name_key = fold(d.owner.name)
    d.owner.updated_at = now()
    for key, value in dossier_changes.items():
        setattr(d, key, value)
    rekey(d)
    data = {"before": before, "owner": owner_changes, "dossier": dossier_changes}
    change = _append(
        session,
        d,
        "edited",
        actor=actor,
        at=now(),
        to_status=None,
        due_after=d.due_at,
        note=reason,
        data=data,
        send_upstream=False,
    )
    office = session.get(Office, 1)
    unit = office.unit_code if office is not None else ""
    outbox.enqueue(
        session,
        outbox.DOSSIER_UPDATE,
        d.uuid,
        {
            # The whole snapshot after the edit (what the hub stores), plus what changed and why.
            "dossier": dossier_dict(d, unit_code=unit),
            "event_uuid": change.event_uuid,
            "changes": {"owner": owner_changes, "dossier": dossier_changes},
            "reason": reason,
        },
    )
    if owner_changes:
        _propagate(session, d, owner_changes, reason, unit)
    return change


def rekey(d: Dossier) -> None:
    """The dossier's search entries from its owner (the FTS index follows by trigger)."""
    d.search_name, d.search_phone = d.owner.name_key, digits(d.owner.phone)
    d.search_given = given_first(d.search_name)


def _propagate(
    session: Session, edited: Dossier, owner_changes: dict[str, str], reason: str, unit: str
) -> None:
    """Issue 8 §8: the applicant row is shared by every dossier of that citizen (found again by
    ID number at intake), so a corrected name or phone re-keys the search entries of all of them
    and re-sends each one's snapshot upstream in this same transaction; otherwise a search by
    the new name misses the older dossiers and the hub keeps the old data on them."""
    applicant_id = edited.owner_id
    others = session.scalars(
        select(Dossier)
        .where(or_(Dossier.owner_id == applicant_id, Dossier.submitter_id == applicant_id))
        .where(Dossier.id != edited.id)
        .order_by(Dossier.id)
    ).unique()
    for other in others:
        if other.owner_id == applicant_id:
            rekey(other)
            other.updated_at = now()
        outbox.enqueue(
            session,
            outbox.DOSSIER_UPDATE,
            other.uuid,
            {
                "dossier": dossier_dict(other, unit_code=unit),
                "changes": {"owner" if other.owner_id == applicant_id else "submitter": owner_changes},
                "reason": f"{reason} (sửa thông tin người nộp tại hồ sơ {edited.code})",
            },
        )
    session.flush()
