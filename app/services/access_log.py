"""Nhật ký xử lý dữ liệu cá nhân: one append-only row each time a person is shown or handed a
citizen's data (Luật 91/2025/QH15; NĐ 356/2025/NĐ-CP expects a log of every processing).

``record_access`` is the one writer; the read and print paths call it inside their own
transaction, so an entry exists exactly when the data was shown. Each entry is queued for the hub
in the same transaction (outbox ``access/logged``), as the print log is, so a desk cannot hide a
look by trimming its own file.

What an entry keeps: who (the Actor's username), what (action), which dossier codes, a
pseudonymous reference to the person (``person_ref``), when, and a short detail. Never a name,
an ID number, a phone or a search text: the log outlives an erasure and must not undo it.
"""

from __future__ import annotations

import hashlib
import uuid as uuidlib
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.clock import TZ, iso, now
from app.store import outbox
from app.store.models_privacy import AccessLog

# The actions (issue 9 "Access log"); the hub and the viewer show them by these names.
OPEN = "open"
SEARCH = "search"
PRINT = "print"
REPRINT = "reprint"
REGISTER = "register"
EXPORT = "export"
REPORT = "report"
PERSON_EXPORT = "person_export"
PERSON_ERASE = "person_erase"
ACTIONS = (OPEN, SEARCH, PRINT, REPRINT, REGISTER, EXPORT, REPORT, PERSON_EXPORT, PERSON_ERASE)
ACTION_VI = {
    OPEN: "mở hồ sơ",
    SEARCH: "tìm kiếm",
    PRINT: "in phiếu",
    REPRINT: "in lại phiếu",
    REGISTER: "in sổ theo dõi",
    EXPORT: "xuất dữ liệu",
    REPORT: "xuất báo cáo",
    PERSON_EXPORT: "xuất dữ liệu cá nhân",
    PERSON_ERASE: "xóa dữ liệu cá nhân",
}
_PERSON_SALT = "motcua/access-log/person/v1\x00"


def person_ref(id_number: str) -> str:
    """A stable pseudonym of an ID number, so ``--person`` finds a person's entries without the
    append-only log holding the number. (A CCCD has 12 digits: this is a pseudonym, not
    anonymisation; the store holding it is itself personal data.)"""
    value = "".join((id_number or "").split()).upper()
    if not value:
        return ""
    return hashlib.sha256((_PERSON_SALT + value).encode("utf-8")).hexdigest()


def _actor_name(actor: Any) -> str:
    # An app.usecases.Actor (its username) or, on paths not converted yet, the actor string.
    name = getattr(actor, "username", actor)
    return str(name or "")[:120]


def record_access(
    session: Session,
    actor: Any,
    action: str,
    *,
    dossiers: Iterable[str] = (),
    person: str | None = None,
    detail: str = "",
) -> AccessLog:
    """Append one entry (and its outbox change) in the caller's transaction."""
    if action not in ACTIONS:
        raise ValueError(f"unknown access-log action {action!r}")
    codes = [c for c in dict.fromkeys(dossiers) if c]
    row = AccessLog(
        uuid=str(uuidlib.uuid4()),
        at=now(),
        actor=_actor_name(actor),
        action=action,
        dossiers=(" " + " ".join(codes) + " ") if codes else "",
        person_ref=person_ref(person) if person else "",
        detail=detail[:500],
    )
    session.add(row)
    outbox.enqueue(session, outbox.ACCESS_LOGGED, row.uuid, wire_payload(row))
    return row


def wire_payload(row: AccessLog) -> dict[str, Any]:
    """What the hub keeps of an entry (sync.protocol kind ``access/logged``)."""
    codes = row.dossiers.split()
    return {
        "uuid": row.uuid,
        "at": iso(row.at),
        "actor": row.actor,
        "action": row.action,
        "dossier_code": codes[0] if len(codes) == 1 else "",
        "dossier_codes": codes,
        "person_ref": row.person_ref,
        "detail": row.detail,
    }


def entry_dict(row: AccessLog) -> dict[str, Any]:
    """The CLI's ``--json`` shape: ``{at, actor, action, dossier, dossiers, detail}``.

    ``dossier`` is the one code an entry is about, or None when it showed several (a search, the
    register): those are listed in ``dossiers``.
    """
    codes = row.dossiers.split()
    return {
        "uuid": row.uuid,
        "at": iso(row.at),
        "actor": row.actor,
        "action": row.action,
        "dossier": codes[0] if len(codes) == 1 else None,
        "dossiers": codes,
        "detail": row.detail,
    }


def person_codes(session: Session, id_number: str) -> list[str]:
    """Codes of the dossiers a person owns or submitted (by ID number, any ID type)."""
    from sqlalchemy import or_

    from app.store.models import Applicant, Dossier

    value = "".join((id_number or "").split()).upper()
    if not value:
        return []
    ids = select(Applicant.id).where(Applicant.id_number == value)
    rows = session.scalars(
        select(Dossier.code).where(or_(Dossier.owner_id.in_(ids), Dossier.submitter_id.in_(ids)))
    )
    return sorted(set(rows))


def query(
    session: Session,
    *,
    dossier: str | None = None,
    person: str | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int = 10_000,
) -> list[dict[str, Any]]:
    """Entries, oldest first, filtered by dossier code, person (ID number) and day range."""
    stmt = select(AccessLog)
    if dossier:
        stmt = stmt.where(AccessLog.dossiers.like(f"% {dossier.strip().upper()} %"))
    if person:
        # Entries made for the person (an export) and entries about any of their dossiers.
        cond = AccessLog.person_ref == person_ref(person)
        for code in person_codes(session, person):
            cond = cond | AccessLog.dossiers.like(f"% {code} %")
        stmt = stmt.where(cond)
    if start is not None:
        stmt = stmt.where(AccessLog.at >= datetime.combine(start, time(0, 0), tzinfo=TZ))
    if end is not None:
        stmt = stmt.where(AccessLog.at < datetime.combine(end + timedelta(days=1), time(0, 0), tzinfo=TZ))
    stmt = stmt.order_by(AccessLog.id).limit(limit)
    return [entry_dict(r) for r in session.scalars(stmt)]
