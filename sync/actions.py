"""The sync operations as use cases (app/ cannot import sync/): permission-checked doors for the
front ends, taking the signed-in ``Actor`` like every use case in app/usecases."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.usecases.actor import Actor
from app.usecases.permissions import Permission, authorize

if TYPE_CHECKING:
    from app.desk import Desk
    from sync.engine import SyncConfig, SyncReport
    from sync.requeue import Requeued

MAX_LIMIT = 10_000


def sync_now(desk: Desk, actor: Actor, *, config: SyncConfig | None = None) -> SyncReport:
    from sync.engine import run_sync

    authorize(actor, Permission.SYNC)
    return run_sync(desk, config=config)


def list_changes(
    desk: Desk, actor: Actor, state: str | None = None, limit: int = 500
) -> list[dict[str, Any]]:
    from app.domain.validation import Issue, raise_for
    from sync.requeue import list_changes as run_list

    authorize(actor, Permission.SYNC)
    if not 1 <= limit <= MAX_LIMIT:
        raise_for([Issue("limit", "range", f"Số dòng (--limit) phải từ 1 đến {MAX_LIMIT} (đang là {limit})")])
    return run_list(desk, state, limit)


def retry(desk: Desk, actor: Actor, change_id: str) -> list[Requeued]:
    """Send a change the hub rejected again, once its cause is fixed (leaders and admins)."""
    from sync.requeue import requeue

    authorize(actor, Permission.REQUEUE)
    return requeue(desk, change_id, actor=actor.username)
