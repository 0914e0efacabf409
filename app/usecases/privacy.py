"""Use cases of the personal-data duties (issue 9): reads that are logged, the access log itself.

Opening a dossier and searching are reads, but each leaves an access-log entry, so they run in a
write transaction (``desk.tx()``): the entry commits with the read or not at all.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from app.usecases.actor import Actor
from app.usecases.permissions import Permission, authorize

if TYPE_CHECKING:
    from app.desk import Desk


def open_dossier(desk: Desk, actor: Actor, code: str) -> dict[str, Any]:
    """The dossier page (full ID number), logged as ``open``."""
    from app.services.views import open_dossier as open_page

    authorize(actor, Permission.SEARCH)
    with desk.tx() as s:
        return open_page(s, code, actor)


def redraw_dossier(desk: Desk, actor: Actor, code: str) -> dict[str, Any]:
    """The page of a dossier the actor already has open, redrawn after a save or a sync: the
    opening was logged (``open_dossier``), a redraw is not another access."""
    from app.services.views import dossier_page

    authorize(actor, Permission.SEARCH)
    with desk.read() as s:
        return dossier_page(s, code)


def search_dossiers(
    desk: Desk, actor: Actor, text: str, *, limit: int = 50, shown: frozenset[str] = frozenset()
) -> list[dict[str, Any]]:
    """List rows (ID numbers masked); a search that returns rows is logged with the codes shown.

    ``shown``: codes already on the actor's screen (a list redrawn after a save or a sync); a
    redraw that shows nothing new is not another access. The search text itself is not logged:
    it is often a name or an ID number."""
    from app.services.access_log import SEARCH, record_access
    from app.services.search import search
    from app.services.snapshot import search_row
    from app.usecases.views import _check_limit

    authorize(actor, Permission.SEARCH)
    _check_limit(limit)
    with desk.read() as s:
        rows = [search_row(d) for d in search(s, text, limit=limit)]
    if rows and not {r["code"] for r in rows} <= shown:
        with desk.tx() as s:
            record_access(
                s,
                actor,
                SEARCH,
                dossiers=[r["code"] for r in rows],
                detail=f"{len(rows)} hồ sơ trong kết quả",
            )
    return rows


def access_log(
    desk: Desk,
    actor: Actor,
    *,
    dossier: str | None = None,
    person: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[dict[str, Any]]:
    """The log, for leaders and admins only (issue 9 "Reading it")."""
    from app.services.access_log import query

    authorize(actor, Permission.ACCESS_LOG)
    with desk.read() as s:
        return query(s, dossier=dossier, person=person, start=start, end=end)
