"""A citizen's rights over their data (Luật 91/2025/QH15): everything held about one person,
and its erasure once every dossier is past its retention period (issue 9 "Citizens' rights").

A person is found by ID number (any ID type); the desk may hold several ``applicant`` rows for
them (one per intake that typed the data again), each owner or submitter of dossiers.
"""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.domain.clock import iso, now, today
from app.domain.text import fold, given_first
from app.services import access_log, retention
from app.services.snapshot import applicant_dict, dossier_dict, event_dict
from app.store import audit, outbox
from app.store.models import Applicant, Dossier, Office, Outbox, SlipLog

TOMBSTONE_NAME = "[đã xóa]"


class PersonNotFound(LookupError):
    """No applicant with that ID number on this desk (user-facing)."""


class ErasureRefused(Exception):
    """Some dossier of the person is still inside its retention period (user-facing)."""


def normalize_id(id_number: str) -> str:
    return "".join((id_number or "").split()).upper()


def _applicants(session: Session, id_number: str) -> list[Applicant]:
    value = normalize_id(id_number)
    if not value:
        raise PersonNotFound("--id-number: cần số giấy tờ của người cần tra cứu")
    rows = list(session.scalars(select(Applicant).where(Applicant.id_number == value).order_by(Applicant.id)))
    if not rows:
        raise PersonNotFound(f"--id-number: không có công dân nào mang số giấy tờ {value} trên máy này")
    return rows


def _dossiers(session: Session, applicants: list[Applicant]) -> list[Dossier]:
    ids = [a.id for a in applicants]
    stmt = select(Dossier).where(or_(Dossier.owner_id.in_(ids), Dossier.submitter_id.in_(ids)))
    return list(session.scalars(stmt.order_by(Dossier.received_at)).unique())


def collect(session: Session, id_number: str) -> dict[str, Any]:
    """Everything held about the person: applicant records, dossiers with their events and prints,
    and the access-log entries about them (who saw their data)."""
    applicants = _applicants(session, id_number)
    dossiers = _dossiers(session, applicants)
    office = session.get(Office, 1)
    unit = office.unit_code if office is not None else ""
    items = []
    for d in dossiers:
        item = dossier_dict(d, unit_code=unit)
        item["role"] = "owner" if d.owner_id in {a.id for a in applicants} else "submitter"
        item["events"] = [event_dict(e, d) for e in d.events]
        item["prints"] = [
            {"form": s.form, "form_set": s.form_set, "copies": s.copies, "at": iso(s.at), "actor": s.actor,
             "reprint": s.reprint}
            for s in session.scalars(select(SlipLog).where(SlipLog.dossier_id == d.id).order_by(SlipLog.id))
        ]  # fmt: skip
        items.append(item)
    return {
        "generated_at": iso(now()),
        "office": {"unit_code": unit, "name": office.office_name if office is not None else ""},
        "id_number": normalize_id(id_number),
        "applicants": [applicant_dict(a) for a in applicants],
        "dossiers": items,
        "access_log": access_log.query(session, person=id_number),
        # No citizen ratings are kept on this desk (the form has none); listed so the reader
        # knows they were looked for.
        "ratings": [],
    }


def record_export(session: Session, actor: Any, id_number: str, codes: list[str], fmt: str) -> None:
    access_log.record_access(
        session,
        actor,
        access_log.PERSON_EXPORT,
        dossiers=codes,
        person=id_number,
        detail=f"xuất toàn bộ dữ liệu của một công dân ({fmt}), {len(codes)} hồ sơ",
    )


@dataclass
class ErasePlan:
    applicants: int
    dossiers: list[str]
    blocked: list[dict[str, Any]] = field(default_factory=list)


def plan(session: Session, id_number: str, *, on: date | None = None) -> ErasePlan:
    """Which dossiers keep the person inside retention (each with its rule and the first day of
    erasure, or why never)."""
    day = on or today()
    applicants = _applicants(session, id_number)
    dossiers = _dossiers(session, applicants)
    blocked = []
    for d in dossiers:
        rule = retention.rule_for(session, d.procedure.field)
        until = retention.kept_until(d, rule)
        if retention.closed_on(d) is None:
            reason = "hồ sơ chưa kết thúc"
        elif rule.years is None:
            reason = f"lĩnh vực '{d.procedure.field}' lưu trữ vĩnh viễn"
        elif until is not None and until >= day:
            reason = f"trong thời hạn lưu trữ {rule.years} năm (đến hết {until.strftime('%d/%m/%Y')})"
        else:
            continue
        blocked.append(
            {"code": d.code, "field": d.procedure.field, "reason": reason, "until": iso_day(until)}
        )
    return ErasePlan(len(applicants), [d.code for d in dossiers], blocked)


def iso_day(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _tombstone_person(p: dict[str, Any] | None, uuids: set[str]) -> dict[str, Any] | None:
    if p is None or p.get("uuid") not in uuids:
        return p
    return {**p, "name": TOMBSTONE_NAME, "id_number": "", "birth_date": None, "gender": "", "address": "",
            "phone": "", "email": ""}  # fmt: skip


def erase(session: Session, actor: Any, id_number: str, *, on: date | None = None) -> dict[str, Any]:
    """Replace the person's personal fields with a tombstone, re-key the search entries of their
    dossiers, scrub the copies frozen in already-sent outbox rows, and queue the erasure for the
    hub; refuses (ErasureRefused, nothing changed) while any dossier is inside retention."""
    p = plan(session, id_number, on=on)
    if p.blocked:
        lines = "; ".join(f"{b['code']}: {b['reason']}" for b in p.blocked)
        raise ErasureRefused(
            f"không xóa được dữ liệu của người này: {len(p.blocked)} hồ sơ chưa hết thời hạn lưu trữ ({lines})"
        )
    applicants = _applicants(session, id_number)
    dossiers = _dossiers(session, applicants)
    stamp = now()
    name_key = fold(TOMBSTONE_NAME)
    for a in applicants:
        a.name, a.name_key, a.id_number, a.birth_date = TOMBSTONE_NAME, name_key, "", None
        a.gender, a.address, a.phone, a.email, a.updated_at = "", "", "", "", stamp
    owners = {a.id for a in applicants}
    for d in dossiers:
        if d.owner_id in owners:
            # Search keys are the owner's (intake.py): re-keyed so no search finds the old name.
            d.search_name, d.search_given, d.search_id, d.search_phone = (
                name_key,
                given_first(name_key),
                "",
                "",
            )
        d.updated_at = stamp
    uuids = {a.uuid for a in applicants}
    dossier_uuids = [d.uuid for d in dossiers]
    # Sent changes keep a frozen copy of the intake data; the hub has it already (the erasure
    # below tells it), the desk need not keep it. Rows still pending are left: they carry a
    # payload the hub may have seen under that change_id (a lost reply), and a changed payload
    # would be a conflict.
    for row in session.scalars(
        select(Outbox).where(
            Outbox.entity == "dossier", Outbox.entity_uuid.in_(dossier_uuids), Outbox.state == "acked"
        )
    ):
        import json

        payload = json.loads(row.payload)
        snap = payload.get("dossier") or {}
        for role in ("owner", "submitter"):
            snap[role] = _tombstone_person(snap.get(role), uuids)
        row.payload = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    change: dict[str, Any] = {
        "uuid": str(uuidlib.uuid4()),
        "applicant_uuids": sorted(uuids),
        "dossier_uuids": dossier_uuids,
        "dossier_codes": [d.code for d in dossiers],
        "at": iso(stamp),
        "actor": access_log._actor_name(actor),
    }
    outbox.enqueue(session, outbox.PERSON_ERASED, change["uuid"], change)
    audit.record(
        session,
        access_log._actor_name(actor),
        "person.erase",
        "person",
        access_log.person_ref(id_number)[:60],
        None,
        {"applicants": len(applicants), "dossiers": change["dossier_codes"]},
    )
    access_log.record_access(
        session,
        actor,
        access_log.PERSON_ERASE,
        dossiers=change["dossier_codes"],
        person=id_number,
        detail=f"thay dữ liệu cá nhân bằng dấu '{TOMBSTONE_NAME}' ({len(applicants)} bản ghi người nộp)",
    )
    session.flush()
    return {"applicants": len(applicants), "dossiers": change["dossier_codes"], "erased_at": iso(stamp)}
