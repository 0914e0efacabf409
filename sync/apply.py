"""Applying what the hub sends down (the updates feed), one update at a time.

Each update kind follows field ownership (design.md "Sync"):

* ``status``: the processing body owns processing status; its event enters the dossier's
  timeline as ``origin='upstream'`` (idempotent by event uuid) and is never sent back.
* ``submission``: an online dossier addressed to this office arrives as ``submitted`` with the
  hub's uuid and code. ``intake`` writes a DOSSIER_CREATE outbox row as it does for every
  dossier; that echo is marked **acked** in the same transaction (result ``{"status":
  "upstream"}``) instead of being deleted, so the outbox keeps its complete history and the hub
  never receives its own dossier back.
* ``procedure``: catalogue records, validated by the desk's own catalogue parser.
* ``calendar``: announced days off / working weekends. Rule: **an admin's local edit of a day
  wins** over the hub's for that same day (the office knows its own local decision, e.g. a
  provincial swap); other days take the hub's value with ``origin='upstream'``.

An update that cannot be applied (unknown dossier, invalid record) is rolled back to its own
savepoint and *parked* with the reason (kept in sync_state, shown as a warning); the rest of the
page still applies and the cursor moves on, so one bad record never stalls the feed.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.calendar import WorkCalendar
from app.domain.catalogue import FORMAT_NAME, FORMAT_VERSION, ProcedureRecord, parse_catalogue
from app.domain.clock import local, now
from app.domain.lifecycle import Status
from app.services import catalogue_store
from app.services.calendar_store import set_day
from app.services.intake import IntakeRequest, PersonInput, intake
from app.services.transitions import record_upstream_event
from app.store.models import CalendarDay, Dossier, Office, Outbox
from sync import office_feed

UPSTREAM_ACTOR = "đồng bộ: cấp trên"


@dataclass
class Applied:
    kind: str
    changed: bool
    calendar_changed: bool = False
    note: str = ""


def _dt(value: Any) -> datetime | None:
    return local(datetime.fromisoformat(str(value))) if value else None


def records_from_dicts(items: list[dict[str, Any]]) -> list[ProcedureRecord]:
    """Procedure objects of the motcua-catalogue format → validated records.

    The catalogue module parses files only; going through a temporary file keeps one parser (and
    its row-numbered error messages) for imports and for the feed alike.
    """
    doc = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "procedures": items}
    with tempfile.TemporaryDirectory(prefix="motcua-feed-") as tmp:
        path = Path(tmp) / "procedures.json"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        return parse_catalogue(path)


def apply_status(session: Session, p: dict[str, Any]) -> Applied:
    e = p["event"]
    if office_feed.own_change(session, p.get("change_id")):  # our own event, echoed by the office hub
        office_feed.converge(session, p)
        return Applied("status", False, note=p.get("code", ""))
    change = record_upstream_event(
        session,
        p["dossier_uuid"],
        event_uuid=e["uuid"],
        kind=e["kind"],
        at=_dt(e["at"]) or now(),
        actor=e.get("actor") or UPSTREAM_ACTOR,
        to_status=Status(e["to_status"]) if e.get("to_status") else None,
        due_after=_dt(e.get("due_after")),
        note=e.get("note") or "",
        data=e.get("data"),
        origin=office_feed.SIBLING if p.get("change_id") else "upstream",
    )
    if change is not None and e.get("kind") == "attached" and isinstance(e.get("data"), dict):
        # A paper digitised at a sibling desk (or upstream): listed here, fetched when opened.
        from app.attachments.store import record_remote

        record_remote(
            session, p["dossier_uuid"], e["data"], actor=e.get("actor") or "", at=_dt(e["at"]) or now()
        )
    office_feed.converge(session, p)
    return Applied("status", change is not None, note=p.get("code", ""))


def _person(a: dict[str, Any]) -> PersonInput:
    birth = a.get("birth_date")
    return PersonInput(
        name=str(a.get("name", "")),
        id_number=str(a.get("id_number", "")),
        id_type=a.get("id_type") or None,
        birth_date=date.fromisoformat(birth) if birth else None,
        gender=str(a.get("gender") or ""),
        address=str(a.get("address") or ""),
        phone=str(a.get("phone") or ""),
        email=str(a.get("email") or ""),
    )


def apply_submission(
    session: Session, p: dict[str, Any], *, office: Office, calendar: WorkCalendar
) -> Applied:
    d = p["dossier"]
    if session.scalar(select(Dossier.id).where(Dossier.uuid == d["uuid"])) is not None:
        return Applied("submission", False, note=d.get("code", ""))
    received = _dt(d.get("received_at")) or now()
    # The hub's clock may run ahead of this PC's; intake refuses a receipt in the future, and an
    # online submission cannot have been made after we heard of it.
    received = min(received, now())
    req = IntakeRequest(
        procedure_code=d["procedure_code"],
        owner=_person(d["owner"]),
        submitter=_person(d["submitter"]) if d.get("submitter") else None,
        channel="online",
        return_method=d.get("return_method") or "desk",
        received_at=received,
        documents=None,
        summary=d.get("summary") or "",
        notes=d.get("notes") or "",
        status=Status.SUBMITTED,
    )
    intake(
        session,
        req,
        office=office,
        calendar=calendar,
        actor=UPSTREAM_ACTOR,
        dossier_uuid=d["uuid"],
        code=d["code"],
    )
    for row in session.scalars(
        select(Outbox).where(
            Outbox.entity_uuid == d["uuid"], Outbox.state == "pending", Outbox.entity == "dossier"
        )
    ):
        row.state, row.acked_at = "acked", now()
        row.result = {"status": "upstream", "reason": "Hồ sơ nhận từ cấp trên, không gửi ngược lại"}
    return Applied("submission", True, note=d["code"])


def apply_procedures(session: Session, p: dict[str, Any], seq: int) -> Applied:
    records = records_from_dicts(list(p["procedures"]))
    result = catalogue_store.upsert(session, records, actor=UPSTREAM_ACTOR, origin=f"upstream:{seq}")
    return Applied("procedure", bool(result.added or result.updated))


def apply_calendar(session: Session, p: dict[str, Any]) -> Applied:
    changed, kept = False, []
    for item in p["days"]:
        day = date.fromisoformat(item["day"])
        row = session.get(CalendarDay, day)
        if row is not None and row.origin == "admin":
            kept.append(day.isoformat())
            continue
        if row is not None and row.kind == item.get("kind") and row.name == (item.get("name") or ""):
            continue
        set_day(
            session, day, item.get("kind"), name=item.get("name") or "", source=item.get("source") or "",
            origin="upstream", actor=UPSTREAM_ACTOR,
        )  # fmt: skip
        changed = True
    note = f"giữ nguyên ngày do quản trị viên đã sửa: {', '.join(kept)}" if kept else ""
    return Applied("calendar", changed, calendar_changed=changed, note=note)


def apply_retention(session: Session, p: dict[str, Any]) -> Applied:
    """The province's retention terms per field (issue 9); an admin's own term is kept."""
    from app.services.retention import set_rule

    changed = False
    for rule in p.get("rules") or []:
        years = rule.get("years")
        changed |= set_rule(
            session, str(rule["field"]), int(years) if years is not None else None,
            source=str(rule.get("source") or ""), origin="upstream", actor=UPSTREAM_ACTOR,
        )  # fmt: skip
    return Applied("retention", changed)


def apply_update(
    session: Session, update: dict[str, Any], *, office: Office, calendar: WorkCalendar
) -> Applied:
    kind, payload = update["type"], update["payload"]
    if kind == "status":
        return apply_status(session, payload)
    if kind == "submission":
        return apply_submission(session, payload, office=office, calendar=calendar)
    if kind == "procedure":
        return apply_procedures(session, payload, int(update["seq"]))
    if kind == "calendar":
        return apply_calendar(session, payload)
    if kind == "retention":
        return apply_retention(session, payload)
    if kind == "dossier":  # office mode: a dossier created or edited at a sibling desk
        if payload.get("op") == "create":
            return Applied(
                "dossier", office_feed.apply_create(session, payload, office=office, calendar=calendar)
            )
        return Applied("dossier", office_feed.apply_edit(session, payload))
    raise ValueError(f"Loại cập nhật '{kind}' không được hỗ trợ (bản phần mềm cũ hơn máy chủ?)")
