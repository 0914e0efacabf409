"""Applying a batch of changes exactly once, and reading an office's feed and dossiers.

A batch is one transaction. Each change is looked up in the ``changes`` ledger first: a repeat
returns the first answer (so a desk that never heard the reply can safely resend), the same
change_id with a different content is a conflict (409, nothing of the batch stored). A new change
is applied and its answer — applied or rejected with a reason — is stored with it, so the answer
never changes on a retry. Ownership: a desk can only touch dossiers of its own office.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from server.db import dumps, now_iso
from server.models import AccessRow, ChangeRow, DossierRow, EventRow, OfficeRow, SlipRow, UpdateRow
from sync.protocol import PROCEDURE_CODE_RE, STATUSES, change_hash

# The desk's vocabulary, shared through sync.protocol (one definition: app.domain.vocab).
# What an erased person's fields become (the desk's tombstone, app/services/person.py).
ERASED_PERSON = {"name": "[đã xóa]", "id_number": "", "birth_date": None, "gender": "", "address": "",
                 "phone": "", "email": ""}  # fmt: skip
FIRST_EVENT_KIND = {"submitted": "submitted"}  # anything else starts with 'received'
# Intake data the desk owns; status and due date belong to the events (field ownership).
_CHUNK = 500


class Conflict(Exception):
    def __init__(self, change_ids: list[str]) -> None:
        self.change_ids = change_ids
        super().__init__("change_id đã được dùng cho một thay đổi có nội dung khác: " + ", ".join(change_ids))


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


def _fetch(session: Session, column: Any, values: Iterable[str]) -> list[Any]:
    wanted = sorted(set(values))
    rows: list[Any] = []
    for part in _chunks(wanted):
        rows.extend(session.scalars(select(column.class_).where(column.in_(part))))
    return rows


@dataclass(frozen=True)
class _Seen:
    """A change already in the ledger: enough to answer a repeat."""

    office_id: int
    payload_hash: str
    result: str


class _Batch:
    """Caches of the rows a batch touches, loaded with a handful of IN queries."""

    def __init__(self, session: Session, office: OfficeRow, changes: list[dict[str, Any]]) -> None:
        self.s, self.office, self.stamp = session, office, now_iso()
        dossier_uuids, codes, event_uuids = [], [], []
        for c in changes:
            p = c["payload"]
            if c["entity"] == "dossier":
                dossier_uuids.append(c["entity_uuid"])
                codes.append(str(p["dossier"].get("code", "")))
                event_uuids.append(str(p.get("event_uuid") or ""))
            elif c["entity"] == "event":
                dossier_uuids.append(str(p["event"].get("dossier_uuid", "")))
                event_uuids.append(c["entity_uuid"])
            elif isinstance(p.get("dossier_uuid"), str):
                dossier_uuids.append(p["dossier_uuid"])
        self.ledger: dict[str, Any] = {
            r.change_id: r for r in _fetch(session, ChangeRow.change_id, (c["change_id"] for c in changes))
        }
        by_uuid = _fetch(session, DossierRow.uuid, dossier_uuids)
        by_code = _fetch(session, DossierRow.code, codes)
        self.dossiers = {d.uuid: d for d in by_uuid + by_code}
        self.codes = {d.code: d for d in by_uuid + by_code}
        self.events = {e.uuid for e in _fetch(session, EventRow.uuid, event_uuids)}
        self.first_events: list[tuple[DossierRow, dict[str, Any]]] = []
        self.event_rows: list[dict[str, Any]] = []
        self.change_rows: list[dict[str, Any]] = []

    def reject(self, reason: str, code: str = "") -> dict[str, Any]:
        return {"status": "rejected", "reason": reason, "code": code}

    def own(self, dossier_uuid: str) -> DossierRow | None:
        d = self.dossiers.get(dossier_uuid)
        return d if d is not None and d.office_id == self.office.id else None

    def drain(self) -> None:
        """Insert the first events of the dossiers created so far: one flush for all of them,
        not one per dossier (their rows need the dossiers' ids)."""
        if self.first_events:
            self.s.flush()
            pending, self.first_events = self.first_events, []
            for d, e in pending:
                self._insert_event(d, e, "desk")

    def add_event(self, d: DossierRow, e: dict[str, Any], origin: str) -> None:
        self.drain()  # keeps a dossier's first event ahead of later ones in id order
        self._insert_event(d, e, origin)

    def _insert_event(self, d: DossierRow, e: dict[str, Any], origin: str) -> None:
        # Plain rows, inserted with one executemany at the end of the batch (ORM objects per
        # event cost more than the database does).
        self.event_rows.append(
            {
                "uuid": e["uuid"], "dossier_id": d.id, "kind": e["kind"], "at": e["at"], "actor": e.get("actor") or "",
                "from_status": e.get("from_status"), "to_status": e.get("to_status"), "due_after": e.get("due_after"),
                "note": e.get("note") or "", "data": dumps(e["data"]) if e.get("data") is not None else None,
                "origin": origin, "received_at": self.stamp,
            }
        )  # fmt: skip
        self.events.add(e["uuid"])

    # ------------------------------------------------------------------ handlers

    def dossier_create(self, c: dict[str, Any]) -> dict[str, Any]:
        d = c["payload"]["dossier"]
        code = str(d.get("code", ""))
        problem = self._check_snapshot(c, d)
        if problem:
            return self.reject(problem, code)
        existing = self.dossiers.get(d["uuid"])
        if existing is not None:
            if existing.office_id != self.office.id:
                return self.reject("Hồ sơ (uuid) đã thuộc về đơn vị khác trên máy chủ", code)
            return {"status": "duplicate", "reason": "Hồ sơ đã có trên máy chủ", "code": existing.code}
        if code in self.codes:
            return self.reject(f"Mã hồ sơ {code} đã được dùng cho một hồ sơ khác trên máy chủ", code)
        row = DossierRow(
            uuid=d["uuid"], office_id=self.office.id, code=code, procedure_code=d["procedure_code"],
            channel=d.get("channel") or "direct", status=d["status"], received_at=d["received_at"],
            due_at=d.get("due_at"), snapshot=dumps(d), origin="desk", created_at=self.stamp, updated_at=self.stamp,
        )  # fmt: skip
        self.s.add(row)  # flushed lazily: one INSERT batch for the whole request
        self.dossiers[row.uuid] = self.codes[row.code] = row
        first = str(c["payload"].get("event_uuid") or "")
        if first and first not in self.events:
            first_event = {
                "uuid": first, "kind": FIRST_EVENT_KIND.get(d["status"], "received"), "at": d["received_at"],
                "actor": d.get("received_by") or "", "from_status": None, "to_status": d["status"],
                "due_after": d.get("due_at"), "note": d.get("notes") or "", "data": None,
            }  # fmt: skip
            self.first_events.append((row, first_event))
            self.events.add(first)
        return {"status": "applied", "reason": "", "code": code}

    def dossier_update(self, c: dict[str, Any]) -> dict[str, Any]:
        d = c["payload"]["dossier"]
        code = str(d.get("code", ""))
        problem = self._check_snapshot(c, d)
        if problem:
            return self.reject(problem, code)
        row = self.own(d["uuid"])
        if row is None:
            return self.reject("Không có hồ sơ này của đơn vị trên máy chủ (chưa gửi hồ sơ gốc?)", code)
        if row.code != code:
            return self.reject(f"Không được đổi mã hồ sơ {row.code} thành {code}", code)
        old = json.loads(row.snapshot)
        # The desk owns intake data; status and due date stay as the events made them.
        merged = {**d, "status": old.get("status", row.status), "due_at": row.due_at}
        row.snapshot, row.procedure_code, row.updated_at = dumps(merged), d["procedure_code"], self.stamp
        return {"status": "applied", "reason": "", "code": code}

    def event_append(self, c: dict[str, Any]) -> dict[str, Any]:
        e = c["payload"]["event"]
        code = str(e.get("dossier_code", ""))
        if e["uuid"] != c["entity_uuid"]:
            return self.reject("entity_uuid phải trùng uuid của sự kiện", code)
        if e.get("to_status") not in (None, *STATUSES):
            return self.reject(f"Trạng thái '{e.get('to_status')}' không hợp lệ", code)
        row = self.own(e["dossier_uuid"])
        if row is None:
            return self.reject("Không có hồ sơ này của đơn vị trên máy chủ: sự kiện bị từ chối", code)
        if e["uuid"] in self.events:
            return {"status": "duplicate", "reason": "Sự kiện đã có trên máy chủ", "code": row.code}
        self.add_event(row, e, "desk")
        if e.get("to_status"):
            row.status = e["to_status"]
        row.due_at, row.updated_at = e.get("due_after"), self.stamp
        return {"status": "applied", "reason": "", "code": row.code}

    def slip_printed(self, c: dict[str, Any]) -> dict[str, Any]:
        p = c["payload"]
        dossier_id = None
        if isinstance(p.get("dossier_uuid"), str):
            row = self.own(p["dossier_uuid"])
            if row is None:
                return self.reject("Phiếu in của hồ sơ không có trên máy chủ", str(p.get("dossier_code", "")))
            dossier_id = row.id
        if self.s.scalar(select(SlipRow.id).where(SlipRow.uuid == c["entity_uuid"])) is not None:
            return {"status": "duplicate", "reason": "Nhật ký in đã có trên máy chủ"}
        self.s.add(
            SlipRow(
                uuid=c["entity_uuid"], office_id=self.office.id, dossier_id=dossier_id,
                payload=dumps(p), received_at=self.stamp,
            )
        )  # fmt: skip
        return {"status": "applied", "reason": ""}

    def access_logged(self, c: dict[str, Any]) -> dict[str, Any]:
        if self.s.scalar(select(AccessRow.id).where(AccessRow.uuid == c["entity_uuid"])) is not None:
            return {"status": "duplicate", "reason": "Mục nhật ký đã có trên máy chủ"}
        self.s.add(
            AccessRow(
                uuid=c["entity_uuid"],
                office_id=self.office.id,
                payload=dumps(c["payload"]),
                received_at=self.stamp,
            )
        )
        return {"status": "applied", "reason": ""}

    def person_erased(self, c: dict[str, Any]) -> dict[str, Any]:
        """Replace the erased person's fields in the snapshots of the office's own dossiers."""
        p = c["payload"]
        people = {str(u) for u in p.get("applicant_uuids") or []}
        uuids = [str(u) for u in p.get("dossier_uuids") or []]
        rows = {d.uuid: d for d in _fetch(self.s, DossierRow.uuid, uuids)}
        for u in uuids:
            d = rows.get(u)
            if d is None or d.office_id != self.office.id:
                continue
            snap = json.loads(d.snapshot)
            for role in ("owner", "submitter"):
                person = snap.get(role)
                if isinstance(person, dict) and person.get("uuid") in people:
                    snap[role] = {**person, **ERASED_PERSON}
            d.snapshot, d.updated_at = dumps(snap), self.stamp
        return {"status": "applied", "reason": ""}

    def _check_snapshot(self, c: dict[str, Any], d: dict[str, Any]) -> str:
        if d.get("uuid") != c["entity_uuid"]:
            return "entity_uuid phải trùng uuid của hồ sơ"
        if d.get("unit_code") != self.office.unit_code:
            return (
                f"Mã đơn vị của hồ sơ '{d.get('unit_code')}' khác mã của đơn vị gửi ({self.office.unit_code})"
            )
        if not str(d.get("code", "")).startswith(self.office.unit_code + "-"):
            return f"Mã hồ sơ '{d.get('code')}' không bắt đầu bằng mã đơn vị {self.office.unit_code}"
        if not PROCEDURE_CODE_RE.fullmatch(str(d.get("procedure_code", ""))):
            return f"Mã thủ tục '{d.get('procedure_code')}' không đúng dạng N.NNNNNN"
        if d.get("status") not in STATUSES:
            return f"Trạng thái '{d.get('status')}' không hợp lệ"
        return ""


def apply_batch(session: Session, office: OfficeRow, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Apply ``changes`` in the caller's transaction; raises Conflict (caller rolls back)."""
    batch = _Batch(session, office, changes)
    handlers = {
        ("dossier", "create"): batch.dossier_create,
        ("dossier", "update"): batch.dossier_update,
        ("event", "append"): batch.event_append,
        ("slip", "printed"): batch.slip_printed,
        ("access", "logged"): batch.access_logged,
        ("person", "erased"): batch.person_erased,
    }
    results: list[dict[str, Any]] = []
    conflicts: list[str] = []
    for c in changes:
        digest = change_hash(c["entity"], c["op"], c["entity_uuid"], c["payload"])
        seen = batch.ledger.get(c["change_id"])
        if seen is not None:
            if seen.office_id != office.id:
                # Not recorded (the id is taken) and the first answer is not ours to see.
                results.append(
                    {
                        "change_id": c["change_id"],
                        "status": "rejected",
                        "reason": "change_id đã được đơn vị khác sử dụng",
                    }
                )
            elif seen.payload_hash != digest:
                conflicts.append(c["change_id"])
            else:
                first = json.loads(seen.result)
                status = "duplicate" if first["status"] in ("applied", "duplicate") else "rejected"
                results.append({**first, "change_id": c["change_id"], "status": status})
            continue
        result = handlers[(c["entity"], c["op"])](c)
        row = {
            "change_id": c["change_id"], "office_id": office.id, "entity": c["entity"], "op": c["op"],
            "entity_uuid": c["entity_uuid"], "payload_hash": digest, "result": dumps(result), "received_at": batch.stamp,
        }  # fmt: skip
        batch.change_rows.append(row)
        batch.ledger[c["change_id"]] = _Seen(office.id, digest, row["result"])
        results.append({"change_id": c["change_id"], **result})
    if conflicts:
        raise Conflict(conflicts)
    batch.drain()
    session.flush()
    if batch.event_rows:
        session.execute(insert(EventRow), batch.event_rows)
    if batch.change_rows:
        session.execute(insert(ChangeRow), batch.change_rows)
    return results


def office_by_token_hash(session: Session, token_hash: str) -> OfficeRow | None:
    return session.scalar(select(OfficeRow).where(OfficeRow.token_hash == token_hash))


def updates_after(
    session: Session, office: OfficeRow, after: int, limit: int
) -> tuple[list[dict[str, Any]], bool]:
    rows = list(
        session.scalars(
            select(UpdateRow)
            .where(UpdateRow.office_id == office.id, UpdateRow.seq > after)
            .order_by(UpdateRow.seq)
            .limit(limit + 1)
        )
    )
    items = [
        {"seq": r.seq, "type": r.type, "created_at": r.created_at, "payload": json.loads(r.payload)}
        for r in rows[:limit]
    ]
    return items, len(rows) > limit


def dossier_view(session: Session, office: OfficeRow, uuid: str) -> dict[str, Any] | None:
    d = session.scalar(select(DossierRow).where(DossierRow.uuid == uuid, DossierRow.office_id == office.id))
    if d is None:
        return None
    events = session.scalars(select(EventRow).where(EventRow.dossier_id == d.id).order_by(EventRow.id))
    return {
        "uuid": d.uuid,
        "code": d.code,
        "status": d.status,
        "due_at": d.due_at,
        "snapshot": json.loads(d.snapshot),
        "events": [
            {"uuid": e.uuid, "kind": e.kind, "at": e.at, "to_status": e.to_status, "origin": e.origin}
            for e in events
        ],
    }


def office_stats(session: Session, office: OfficeRow) -> dict[str, int]:
    def count(stmt: Any) -> int:
        return int(session.scalar(stmt) or 0)

    return {
        "dossiers": count(
            select(func.count()).select_from(DossierRow).where(DossierRow.office_id == office.id)
        ),
        "distinct_codes": count(
            select(func.count(func.distinct(DossierRow.code))).where(DossierRow.office_id == office.id)
        ),
        "events": count(
            select(func.count())
            .select_from(EventRow)
            .join(DossierRow)
            .where(DossierRow.office_id == office.id)
        ),
        "distinct_events": count(
            select(func.count(func.distinct(EventRow.uuid)))
            .join(DossierRow)
            .where(DossierRow.office_id == office.id)
        ),
        "changes": count(select(func.count()).select_from(ChangeRow).where(ChangeRow.office_id == office.id)),
        "slips": count(select(func.count()).select_from(SlipRow).where(SlipRow.office_id == office.id)),
        "access_log": count(
            select(func.count()).select_from(AccessRow).where(AccessRow.office_id == office.id)
        ),
        "updates": count(select(func.count()).select_from(UpdateRow).where(UpdateRow.office_id == office.id)),
    }
