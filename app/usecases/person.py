"""Use cases of a citizen's rights (issue 9): export everything held about a person, erase them
past retention, the desk's privacy notice, and the retention terms."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

from app.usecases.actor import Actor
from app.usecases.permissions import Permission, authorize

if TYPE_CHECKING:
    from app.desk import Desk


def export_person(desk: Desk, actor: Actor, id_number: str, fmt: str) -> tuple[bytes, dict[str, Any]]:
    """(file bytes, the collected data). The export is logged in the same transaction that reads
    it: a file handed out is always in the access log."""
    from app.services import person
    from app.slips.privacy_pdf import person_pdf

    authorize(actor, Permission.PERSON_EXPORT)
    if fmt not in ("json", "pdf"):
        raise ValueError(fmt)
    with desk.tx() as s:
        data = person.collect(s, id_number)
        person.record_export(s, actor, id_number, [d["code"] for d in data["dossiers"]], fmt)
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    else:
        body = person_pdf(data)
    return body, data


def erase_person(desk: Desk, actor: Actor, id_number: str, *, on: date | None = None) -> dict[str, Any]:
    from app.services import person

    authorize(actor, Permission.PERSON_ERASE)
    with desk.tx() as s:
        return person.erase(s, actor, id_number, on=on)


def privacy_notice(desk: Desk, actor: Actor) -> bytes:
    from app.slips.privacy_pdf import notice_pdf

    authorize(actor, Permission.PRINT)
    office = desk.office()
    return notice_pdf(office.office_name if office is not None else "")


def retention_rules(desk: Desk, actor: Actor) -> list[dict[str, Any]]:
    from app.services import retention

    authorize(actor, Permission.SEARCH)
    with desk.read() as s:
        return [r.as_json() for r in retention.rules(s)]


def set_retention(desk: Desk, actor: Actor, field: str, years: int | None, *, source: str = "") -> bool:
    from app.services import retention

    authorize(actor, Permission.SETTINGS)
    with desk.tx() as s:
        return retention.set_rule(
            s,
            field,
            years,
            source=source or f"quản trị viên {actor.username}",
            origin="admin",
            actor=actor.username,
        )
