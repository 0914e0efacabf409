"""Send a rejected change again, after the clerk or the admin fixed its cause.

A rejection is the hub's final answer for that change_id (a retry of the same id returns the
same answer), so a second attempt needs a new change. For a rejected dossier create, the
dossier's later changes are waiting behind it (sync/engine.py never sends events of a dossier
the hub does not know); they are re-queued after the new create, in their original order, so
the hub still sees the create first. The old rows stay in the outbox as 'superseded', with a
pointer to their replacement: nothing is deleted, the history of what was sent stays whole.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.desk import Desk
from app.services.snapshot import dossier_dict
from app.store import audit, outbox
from app.store.models import Dossier, Office, Outbox
from app.store.outbox import dossier_code_of
from sync.engine import _dossier_of


class RequeueError(ValueError):
    pass


@dataclass(frozen=True)
class Requeued:
    old_change_id: str
    new_change_id: str
    entity: str
    op: str
    code: str


def list_changes(desk: Desk, state: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
    with desk.read() as s:
        stmt = select(Outbox).order_by(Outbox.id.desc()).limit(limit)
        if state:
            stmt = stmt.where(Outbox.state == state)
        return [
            {
                "change_id": r.change_id,
                "entity": r.entity,
                "op": r.op,
                "code": dossier_code_of(r),
                "state": r.state,
                "attempts": r.attempts,
                "reason": r.last_error,
                "created_at": r.created_at.isoformat(),
            }
            for r in s.scalars(stmt)
        ]


def _fresh_payload(s: Session, row: Outbox) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(row.payload)
    if row.entity == "dossier" and row.op == "create":
        # The cause of the rejection may have been fixed in the dossier itself (an edit):
        # send what the desk holds now, keeping the first event's identity.
        d = s.scalar(select(Dossier).where(Dossier.uuid == row.entity_uuid))
        if d is None:
            raise RequeueError(f"Không còn hồ sơ uuid {row.entity_uuid} trên máy để gửi lại")
        office = s.get(Office, 1)
        payload["dossier"] = dossier_dict(d, unit_code=office.unit_code if office else "")
    return payload


def requeue(desk: Desk, change_id: str, *, actor: str) -> list[Requeued]:
    """Queue a rejected change again under a new change_id; returns every change re-queued."""
    with desk.tx() as s:
        row = s.scalar(select(Outbox).where(Outbox.change_id == change_id.strip()))
        if row is None:
            raise RequeueError(f"Không có thay đổi mã '{change_id}' trong hàng đợi đồng bộ")
        if row.state != "rejected":
            raise RequeueError(
                f"Chỉ gửi lại được thay đổi bị máy chủ từ chối; thay đổi '{change_id}' đang ở trạng thái '{row.state}'"
            )
        group = [row]
        if row.entity == "dossier" and row.op == "create":
            dossier = row.entity_uuid
            later = s.scalars(
                select(Outbox).where(Outbox.state == "pending", Outbox.id > row.id).order_by(Outbox.id)
            )
            group += [r for r in later if _dossier_of(r) == dossier]
        done: list[Requeued] = []
        for old in group:
            new = outbox.enqueue(s, (old.entity, old.op), old.entity_uuid, _fresh_payload(s, old))
            old.state = "superseded"
            old.result = {"status": "superseded", "by": new.change_id, "previous": old.result}
            done.append(Requeued(old.change_id, new.change_id, old.entity, old.op, dossier_code_of(old)))
        audit.record(
            s,
            actor,
            "sync.requeue",
            "outbox",
            change_id,
            {"state": "rejected", "reason": row.last_error},
            {"requeued": [d.new_change_id for d in done]},
        )
    return done
