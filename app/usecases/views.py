"""Reads a screen or a command shows: search, today's queue, the dossier page, an applicant's
stored data (these need a signed-in actor with the ``search``/``intake`` permission), and the open
reads that hold no citizen's data: the catalogue, an appointment, the sync queue's counts."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from app.usecases.actor import Actor
from app.usecases.permissions import Permission, authorize

if TYPE_CHECKING:
    from app.desk import Desk
    from app.domain.timelimit import TimeLimit

MAX_LIMIT = 10_000


def _check_limit(limit: int) -> int:
    from app.domain.validation import Issue, raise_for

    if not 1 <= limit <= MAX_LIMIT:
        raise_for([Issue("limit", "range", f"Số dòng (--limit) phải từ 1 đến {MAX_LIMIT} (đang là {limit})")])
    return limit


def search(desk: Desk, actor: Actor, text: str, *, limit: int = 50) -> list[dict[str, Any]]:
    from app.services.search import search as run_search
    from app.services.snapshot import search_row

    authorize(actor, Permission.SEARCH)
    _check_limit(limit)
    with desk.read() as s:
        return [search_row(d) for d in run_search(s, text, limit=limit)]


def queue(desk: Desk, actor: Actor, day: date) -> dict[str, list[dict[str, Any]]]:
    from app.services.views import today_queue

    authorize(actor, Permission.SEARCH)
    with desk.read() as s:
        return today_queue(s, day)


def dossier(desk: Desk, actor: Actor, code: str) -> dict[str, Any]:
    from app.services.views import dossier_page

    authorize(actor, Permission.SEARCH)
    with desk.read() as s:
        return dossier_page(s, code)


def applicant(desk: Desk, actor: Actor, id_number: str) -> dict[str, Any] | None:
    from app.services.views import applicant_by_id

    authorize(actor, Permission.INTAKE)
    with desk.read() as s:
        return applicant_by_id(s, id_number)


def sync_status(desk: Desk) -> dict[str, Any]:
    """Counts and dossier codes of the sync queue (no citizen's data): the status bar, always."""
    from app.services.views import rejected_changes
    from app.services.views import sync_status as status

    with desk.read() as s:
        out = status(s)
        out["rejected_items"] = rejected_changes(s, limit=50) if out["rejected"] else []
        return out


def procedures(desk: Desk, text: str = "", *, limit: int = 100_000) -> list[dict[str, Any]]:
    """The active catalogue (a few hundred rows): the picker filters it in memory. The national
    catalogue is public information, so it is open like ``due_for``."""
    from app.services import catalogue_store
    from app.services.intake import procedure_limit

    with desk.read() as s:
        out = []
        for p in catalogue_store.find(s, text, limit=limit):
            try:
                words = procedure_limit(p).in_words()
            except ValueError:
                words = p.limit_text
            out.append(
                {
                    "code": p.code,
                    "name": p.name,
                    "field": p.field,
                    "limit": words,
                    "limit_text": p.limit_text,
                    "limit_unit": p.limit_unit,
                    "limit_value": p.limit_value,
                    "fee_text": p.fee_text,
                    "active": p.active,
                    "documents": list(p.documents or []),
                }
            )
        return out


def procedure_limit(desk: Desk, procedure_code: str) -> TimeLimit | None:
    """The time limit of a catalogue procedure (None when unknown). Not personal data: open."""
    from app.services import catalogue_store
    from app.services.intake import procedure_limit as limit_of

    with desk.read() as s:
        proc = catalogue_store.get(s, procedure_code)
        return limit_of(proc) if proc is not None else None


def due_for(desk: Desk, procedure_code: str, received: datetime) -> datetime | None:
    """The appointment for a receipt time (``motcua due``, the intake form): reads no citizen's data."""
    limit = procedure_limit(desk, procedure_code)
    return desk.calendar().due(received, limit) if limit is not None else None
