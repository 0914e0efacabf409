"""HTTP additions of office mode: desks' last-seen, the health's office identity, the conflict list
and the desks' view for a leader (design.md "Sync", several desks of one commune)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from fastapi import Depends, FastAPI, Request
from sqlalchemy import select

from server import desks
from server.db import HubDB
from server.http_common import errors
from server.models import OfficeRow
from server.models_lan import DeskRow

SEEN_EVERY = 2.0  # seconds: a desk polls every few seconds; its last-seen need not cost a write each time
_seen_lock = threading.Lock()


def _db(request: Request) -> HubDB:
    db: HubDB = request.app.state.db
    return db


def seen(request: Request, desk: desks.DeskIdentity) -> None:
    now = time.monotonic()
    with _seen_lock:
        seen_at: dict[int, float] | None = getattr(request.app.state, "desk_seen", None)
        if seen_at is None:
            seen_at = request.app.state.desk_seen = {}
        if now - seen_at.get(desk.id, -1e9) < SEEN_EVERY:
            return
        seen_at[desk.id] = now
    pending = request.headers.get("x-motcua-pending")
    with _db(request).write() as s:
        desks.touch(
            s, desk.office_id, desk.id, pending=int(pending) if pending and pending.isdigit() else None
        )


def pulled(request: Request, after: int) -> None:
    """The cursor a desk pulls after is what it has seen: kept to tell a conflict from a correction."""
    desk = getattr(request.state, "desk", None)
    if desk is None:
        return
    with _db(request).write() as s:
        row = s.get(DeskRow, (desk.office_id, desk.id))
        if row is not None and row.last_cursor != after:
            row.last_cursor = after


_health_cache: dict[str, tuple[float, dict[str, Any]]] = {}


def health_extra(db: HubDB) -> dict[str, Any]:
    """In office mode the health names the office and the hub's key fingerprint, so a desk can
    refuse to join a hub of another unit code before it sends anything."""
    from server import discovery

    hit = _health_cache.get(db.url)
    if hit is not None and time.monotonic() - hit[0] < 2.0:
        return hit[1]
    extra: dict[str, Any] = {}
    with db.read() as s:
        office_ids = list(s.scalars(select(DeskRow.office_id).distinct()))
        if len(office_ids) == 1:
            office = s.get(OfficeRow, office_ids[0])
            assert office is not None
            extra = {"mode": "office", "unit_code": office.unit_code, "name": office.name}
    if extra:  # only office mode is cached: a desk added while the hub runs shows at once
        extra["fingerprint"] = discovery.fingerprint(db)
        extra["upstream"] = _upstream(db)
        _health_cache[db.url] = (time.monotonic(), extra)
    return extra


def _upstream(db: HubDB) -> dict[str, Any]:
    from sqlalchemy import func

    from server.models import Meta
    from server.models_lan import RelayRow

    with db.read() as s:
        meta = {
            m.key: m.value
            for m in s.scalars(select(Meta).where(Meta.key.like("%relay%") | Meta.key.like("upstream_url")))
        }
        pending = int(
            s.scalar(select(func.count()).select_from(RelayRow).where(RelayRow.state == "pending")) or 0
        )
    return {
        "configured": bool(meta.get("upstream_url")),
        "ok": bool(meta.get("relay_last_ok_at")) and not meta.get("relay_last_error"),
        "last_ok_at": meta.get("relay_last_ok_at") or None,
        "error": meta.get("relay_last_error") or None,
        "pending": pending,
    }


def fallback_for(db: HubDB, office: OfficeRow) -> dict[str, Any] | None:
    """The relay's province address, the office's province token and the relay's feed cursor, for a
    desk of this office (None when no upstream is set for it). The desk syncs straight to the
    province with them once this hub has been unreachable for a while; the cursor lets it skip the
    province updates this hub has already fed down (docs/office-hub.md "Degraded")."""
    from server.models import Meta

    with db.read() as s:
        meta = {
            m.key: m.value
            for m in s.scalars(
                select(Meta).where(
                    Meta.key.in_(("upstream_url", "upstream_token", "upstream_unit", "relay_cursor"))
                )
            )
        }
    if (
        not (meta.get("upstream_url") and meta.get("upstream_token"))
        or meta.get("upstream_unit") != office.unit_code
    ):
        return None
    return {
        "url": meta["upstream_url"],
        "token": meta["upstream_token"],
        "unit_code": office.unit_code,
        "cursor": int(meta.get("relay_cursor") or 0),
    }


def install(app: FastAPI, db: HubDB, office_of: Callable[..., OfficeRow]) -> None:
    from fastapi import HTTPException

    from sync import protocol as P

    office_dep = Depends(office_of)

    @app.get(P.OFFICE_PATH, responses=errors(401, 422))
    def get_office(office: OfficeRow = office_dep) -> dict[str, Any]:
        """The office this token stands for: a desk checks it before syncing straight to a province
        (a province token of another unit code is never used)."""
        return {"unit_code": office.unit_code, "name": office.name}

    @app.get(P.FALLBACK_PATH, responses=errors(401, 403, 404, 422))
    def get_fallback(request: Request, office: OfficeRow = office_dep) -> dict[str, Any]:
        if getattr(request.state, "desk", None) is None:
            raise HTTPException(403, "Chỉ máy trạm của máy chủ xã nhận được thông tin kết nối thẳng lên tỉnh")
        found = fallback_for(db, office)
        if found is None:
            raise HTTPException(404, "Máy chủ xã chưa cấu hình chuyển tiếp lên tỉnh (upstream set)")
        return found

    @app.get("/api/v1/conflicts", responses=errors(401, 422))
    def get_conflicts(office: OfficeRow = office_dep) -> dict[str, Any]:
        with db.read() as s:
            return {"conflicts": desks.office_conflicts(s, office.id)}

    @app.get("/api/v1/desks", responses=errors(401, 422))
    def get_desks(office: OfficeRow = office_dep) -> dict[str, Any]:
        with db.read() as s:
            return {"desks": desks.list_desks(s, office.unit_code)}
