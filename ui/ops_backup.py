"""Backup and restore operations, run on the DB worker (thin adapters over app.usecases.maintenance).

A restore swaps the store file, so it runs on the DB worker, the one thread that owns the Desk:
it closes the Desk, restores, opens the restored store and hands the new Desk to both workers
before any other job can run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def _actor(user: Any) -> Any:
    return user.actor  # the signed-in Actor that ui.ops.User carries


def state(desk: Any) -> dict[str, Any]:
    """Is the store damaged (the banner), and where backups go."""
    from app.store import autobackup, health

    info = health.damaged(desk.data_dir) if desk.damaged else None
    mirror = autobackup.mirror_dir(desk.data_dir)
    return {
        "damaged": desk.damaged,
        "detail": str((info or {}).get("detail") or "").splitlines()[:1],
        "mirror_dir": str(mirror) if mirror else "",
        "data_dir": str(desk.data_dir),
    }


def backups(desk: Any, user: Any) -> list[dict[str, Any]]:
    from app.usecases import maintenance

    return maintenance.list_backups(desk.data_dir, _actor(user))


def backup_now(desk: Any, user: Any, progress: Callable[[int, int], None]) -> dict[str, Any]:
    from app.usecases import maintenance

    return maintenance.backup_now(desk, _actor(user), progress=progress)


def set_mirror(desk: Any, user: Any, folder: str | None) -> dict[str, Any]:
    from app.usecases import maintenance

    return maintenance.set_mirror_dir(desk.data_dir, _actor(user), Path(folder) if folder else None)


def preview(desk: Any, user: Any, path: str, other_office: bool) -> dict[str, Any]:
    from app.usecases import maintenance

    return maintenance.preview_restore(desk.data_dir, _actor(user), Path(path), other_office=other_office)


def restore(
    desk: Any,
    user: Any,
    path: str,
    other_office: bool,
    progress: Callable[[int, int], None],
    workers: Sequence[Any],
) -> dict[str, Any]:
    """Close the Desk, restore, reopen: the workers get the new Desk on this (the DB) thread."""
    from app.desk import Desk
    from app.usecases import maintenance

    data_dir = desk.data_dir
    actor = _actor(user)
    maintenance.preview_restore(data_dir, actor, Path(path), other_office=other_office)  # refuse early
    desk.close()
    try:
        out = maintenance.restore(data_dir, actor, Path(path), other_office=other_office, progress=progress)
    finally:
        # Old or restored, a store is in place: the desk goes on with whichever it is.
        fresh = Desk.open(data_dir, lock_timeout=10.0)
        for w in workers:
            w.context = fresh
    return out
