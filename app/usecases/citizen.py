"""Use cases of issue 12 (what the citizen meets): ID-card scan look-up, rating, feedback box,
postal return. Each checks the actor first, owns its transaction and returns plain data."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from app.domain.cccd import CccdData
from app.usecases.actor import Actor
from app.usecases.permissions import Permission, authorize


def applicant_from_scan(desk: Any, actor: Actor, data: CccdData) -> dict[str, Any]:
    """The card's fields, completed from the citizen's earlier record (phone, e-mail) if any.

    The card wins for what it carries (name, birth date, gender, address): it is the legal source.
    """
    from app.domain.cccd import to_person
    from app.services.citizen import applicant_for_scan

    authorize(actor, Permission.INTAKE)
    with desk.read() as s:
        earlier = applicant_for_scan(s, data.id_number, data.old_id)
    person = to_person(data)
    person["birth_date"] = data.birth_date.isoformat() if data.birth_date else None
    person["phone"] = (earlier or {}).get("phone", "")
    person["email"] = (earlier or {}).get("email", "")
    person["returning"] = earlier is not None
    return person


def rate(
    desk: Any,
    actor: Actor,
    code: str,
    level: int,
    *,
    comment: str = "",
    return_now: bool = False,
    at: datetime | None = None,
) -> dict[str, Any]:
    from app.services.citizen import rate as store_rating

    authorize(actor, Permission.LIFECYCLE)
    calendar = desk.calendar()
    with desk.tx() as s:
        return store_rating(
            s,
            code,
            level,
            comment=comment,
            actor=actor.username,
            calendar=calendar,
            return_now=return_now,
            at=at,
        )


def add_feedback(
    desk: Any, actor: Actor, text: str, *, kind: str = "suggestion", dossier_code: str = "", contact: str = ""
) -> dict[str, Any]:
    from app.services.citizen import add_feedback as store

    authorize(actor, Permission.INTAKE)
    with desk.tx() as s:
        return store(s, text, kind=kind, dossier_code=dossier_code, contact=contact, actor=actor.username)


def list_feedback(desk: Any, actor: Actor, *, status: str = "all") -> list[dict[str, Any]]:
    from app.services.citizen import list_feedback as rows

    authorize(actor, Permission.SEARCH)
    with desk.read() as s:
        return rows(s, status=status)


def answer_feedback(desk: Any, actor: Actor, feedback_id: int, text: str) -> dict[str, Any]:
    from app.services.citizen import answer_feedback as store

    authorize(actor, Permission.FEEDBACK_ANSWER)
    with desk.tx() as s:
        return store(s, feedback_id, text, actor=actor.username)


def postal_handover(desk: Any, actor: Actor, day: date) -> dict[str, Any]:
    from app.services.citizen import handover_list

    authorize(actor, Permission.LIFECYCLE)
    office = desk.require_office()
    with desk.read() as s:
        rows = handover_list(s, day)
    return {
        "date": day.isoformat(),
        "office_name": office.office_name,
        "parent_agency": office.parent_agency,
        "commune": office.commune,
        "rows": rows,
    }


def postal_hand(
    desk: Any, actor: Actor, code: str, tracking: str, *, at: datetime | None = None
) -> dict[str, Any]:
    from app.services.citizen import hand_to_post

    authorize(actor, Permission.LIFECYCLE)
    with desk.tx() as s:
        return hand_to_post(s, code, tracking, actor=actor.username, at=at)


def postal_delivered(desk: Any, actor: Actor, code: str, *, at: datetime | None = None) -> dict[str, Any]:
    from app.services.citizen import delivered

    authorize(actor, Permission.LIFECYCLE)
    calendar = desk.calendar()
    with desk.tx() as s:
        return delivered(s, code, actor=actor.username, calendar=calendar, at=at)


def index766(desk: Any, actor: Actor, start: date, end: date) -> dict[str, Any]:
    from app.reports.index766 import compute

    authorize(actor, Permission.REPORT)
    office = desk.require_office()
    with desk.read() as s:
        out = compute(s, start, end)
    out.update(unit_code=office.unit_code, office_name=office.office_name)
    return out


def catalogue_listing(desk: Any, actor: Actor) -> dict[str, Any]:
    from app.reports.listing import listing_data

    authorize(actor, Permission.SEARCH)
    office = desk.require_office()
    with desk.read() as s:
        return listing_data(s, office)
