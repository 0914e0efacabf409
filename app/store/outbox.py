"""Write side of the transactional outbox (design.md "Sync").

The caller passes the session of the change itself, so the outbox row commits or rolls back
with it: a dossier can never exist locally without the change that tells the hub about it.
"""

from __future__ import annotations

import json
import uuid as uuidlib
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.clock import now

# entity/op pairs the hub understands: one list in app.domain.vocab (sync.protocol re-exports it).
from app.domain.vocab import (
    ACCESS_LOGGED,
    DOSSIER_CREATE,
    DOSSIER_UPDATE,
    EVENT_APPEND,
    PERSON_ERASED,
    SLIP_PRINTED,
    canonical_json,
)
from app.store.models import Outbox

__all__ = [
    "ACCESS_LOGGED",
    "DOSSIER_CREATE",
    "DOSSIER_UPDATE",
    "EVENT_APPEND",
    "PERSON_ERASED",
    "SLIP_PRINTED",
    "enqueue",
]


def enqueue(session: Session, kind: tuple[str, str], entity_uuid: str, payload: dict[str, Any]) -> Outbox:
    entity, op = kind
    row = Outbox(
        change_id=str(uuidlib.uuid4()),
        entity=entity,
        entity_uuid=entity_uuid,
        op=op,
        # Frozen now: serialised once, never re-rendered from the live row.
        payload=canonical_json(payload),
        created_at=now(),
        state="pending",
    )
    session.add(row)
    return row


def pending_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Outbox).where(Outbox.state == "pending")) or 0)


def dossier_code_of(row: Outbox) -> str:
    """The dossier code a queued change is about (what the clerk recognises in a list)."""
    payload = json.loads(row.payload)
    if "dossier" in payload:
        return str(payload["dossier"].get("code", ""))
    if "event" in payload:
        return str(payload["event"].get("dossier_code", ""))
    return str(payload.get("dossier_code") or "")
