"""Hash-chained audit log: each row carries the hash of the previous one, so an edit or a
deleted row anywhere in the middle breaks the chain and ``motcua check`` reports where."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.clock import iso, now
from app.store.models import Audit

GENESIS = "0" * 64


def _digest(prev_hash: str, row: Audit) -> str:
    body = json.dumps(
        [iso(row.at), row.actor, row.action, row.entity, row.entity_id, row.before, row.after],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def record(
    session: Session,
    actor: str,
    action: str,
    entity: str = "",
    entity_id: str = "",
    before: Any = None,
    after: Any = None,
) -> Audit:
    last = session.scalar(select(Audit.hash).order_by(Audit.id.desc()).limit(1))
    prev = last or GENESIS
    row = Audit(
        at=now(),
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=_jsonable(before),
        after=_jsonable(after),
        prev_hash=prev,
        hash="",
    )
    row.hash = _digest(prev, row)
    session.add(row)
    session.flush()
    return row


def _jsonable(value: Any) -> Any:
    if value is None:
        return None
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


@dataclass(frozen=True)
class ChainReport:
    rows: int
    broken_at: int | None  # audit.id of the first row whose hash does not follow

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(session: Session) -> ChainReport:
    prev = GENESIS
    count = 0
    for row in session.scalars(select(Audit).order_by(Audit.id)):
        count += 1
        if row.prev_hash != prev or _digest(prev, row) != row.hash:
            return ChainReport(count, row.id)
        prev = row.hash
    return ChainReport(count, None)
