"""Applying a batch of changes exactly once, and reading an office's feed and dossiers.

A batch is one transaction. Each change is looked up in the ``changes`` ledger first: a repeat
returns the first answer (so a desk that never heard the reply can safely resend), the same
change_id with a different content is a conflict (409, nothing of the batch stored). A new change
is applied and its answer — applied or rejected with a reason — is stored with it, so the answer
never changes on a retry. Ownership: a desk can only touch dossiers of its own office.

The write path is plain SQL (issue 13): what a batch touches is read first, by key and by
office (server/probes.py: on PostgreSQL one statement, one index probe per value), ids are
numbered per office (server/db.py ``next_ids``), and each table gets one COPY (PostgreSQL) or
executemany (SQLite) at the end. No ORM object is built. Two lookups span offices, by an indexed
column: the ledger by change_id and the dossiers by uuid read every office's rows, so that a
change_id or a dossier uuid already used by another office is refused, as before, in the same
probe that finds our own (docs/hub-scale.md says what that costs when distributed).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from server.canon import change_hash
from server.db import (
    dumps,
    insert_rows,
    next_ids,
    now_iso,
    run_sql,
    update_rows,
)
from server.models import AccessRow, ChangeRow, DossierRow, EventRow, OfficeRow, SlipRow
from server.probes import Probe, probe
from server.store_citizen import citizen_handlers
from sync.protocol import PROCEDURE_CODE_RE, STATUSES

# The desk's vocabulary, shared through sync.protocol (one definition: app.domain.vocab).
# What an erased person's fields become (the desk's tombstone, app/services/person.py).
ERASED_PERSON = {"name": "[đã xóa]", "id_number": "", "birth_date": None, "gender": "", "address": "",
                 "phone": "", "email": ""}  # fmt: skip
FIRST_EVENT_KIND = {"submitted": "submitted"}  # anything else starts with 'received'
# Read across offices by uuid (``_Batch``): another office's snapshot is never fetched.
_DOSSIER_COLS = ("office_id, id, uuid, code, status, due_at, procedure_code, "
                 "CASE WHEN office_id = :o THEN snapshot END AS snapshot")  # fmt: skip


class SignedOut(Exception):
    """The token a batch was admitted with no longer signs in its office (checked in the batch's
    own transaction, under the office's lock): nothing of the batch is stored (401)."""


class Conflict(Exception):
    def __init__(self, change_ids: list[str]) -> None:
        self.change_ids = change_ids
        super().__init__("change_id đã được dùng cho một thay đổi có nội dung khác: " + ", ".join(change_ids))


@dataclass(frozen=True)
class _Seen:
    """A change already in the ledger: enough to answer a repeat."""

    office_id: int
    payload_hash: str
    result: str


@dataclass
class _Dossier:
    """The batch's copy of a dossier row; written back once at the end if changed."""

    id: int
    uuid: str
    code: str
    status: str
    due_at: str | None
    snapshot: str
    procedure_code: str
    office_id: int
    new: bool = False
    dirty: bool = False


def batch_keys(changes: list[dict[str, Any]]) -> tuple[list[str], ...]:
    """What a batch looks up: its change_ids, the dossier uuids and codes, the event uuids and the
    uuids of other items it names. Only texts are taken: on a body not yet validated (``check``
    in ``apply_batch``) anything else is skipped, and a body of the wrong shape raises
    KeyError, TypeError or AttributeError."""
    ids, dossier_uuids, codes, event_uuids, item_uuids = [], [], [], [], []
    for c in changes:
        p = c["payload"]
        ids.append(c["change_id"])
        if c["entity"] == "dossier":
            dossier_uuids.append(c["entity_uuid"])
            codes.append(p["dossier"].get("code", ""))
            event_uuids.append(p.get("event_uuid") or "")
        elif c["entity"] == "event":
            dossier_uuids.append(p["event"].get("dossier_uuid", ""))
            event_uuids.append(c["entity_uuid"])
        else:
            item_uuids.append(c["entity_uuid"])
            if isinstance(p.get("dossier_uuid"), str):
                dossier_uuids.append(p["dossier_uuid"])
            if c["entity"] == "person" and isinstance(p.get("dossier_uuids"), list):
                dossier_uuids.extend(p["dossier_uuids"])
    return tuple(
        [v for v in keys if isinstance(v, str)]
        for keys in (ids, dossier_uuids, codes, event_uuids, item_uuids)
    )


class _Batch:
    """What a batch touches, loaded with a handful of lookups, and the rows it will write."""

    def __init__(
        self,
        session: Session,
        office: OfficeRow,
        keys: tuple[list[str], ...],
        token_hash: str | None = None,
        meanwhile: Callable[[], object] | None = None,
        floats: bool = True,
    ) -> None:
        self.s, self.office, self.oid, self.stamp = session, office, office.id, now_iso()
        self.unit = office.unit_code  # read per change: a plain attribute, not the ORM's
        ids, dossier_uuids, codes, event_uuids, item_uuids = keys
        mine = "office_id = :o"
        # The ledger and the dossiers by uuid are read across offices, one probe per value: our
        # own rows and the guard against another office's (a change_id or a dossier uuid it
        # already used is refused) come from the same probe. Another office's row lends only its
        # office_id; its content is never read. All in one statement (server/probes.py), with
        # the last ids of the tables a batch nearly always writes.
        found = probe(session, self.oid, (
            Probe("ledger", "change_id, office_id, CASE WHEN office_id = :o THEN payload_hash END AS payload_hash, "
                  "CASE WHEN office_id = :o THEN result END AS result", "changes", None, "change_id", ids),
            Probe("by_uuid", _DOSSIER_COLS, "dossiers", None, "uuid", dossier_uuids),
            Probe("by_code", _DOSSIER_COLS, "dossiers", mine, "code", codes),
            Probe("events", "uuid", "events", mine, "uuid", event_uuids),
            Probe("slips", "uuid", "slips", mine, "uuid", item_uuids),
            Probe("access", "uuid", "access_log", mine, "uuid", item_uuids),
            Probe("citizen", "id, uuid, entity", "citizen_items", mine, "uuid", item_uuids),
            # The token's office, when the caller admitted the batch on a remembered sign-in.
            Probe("signed_in", "id", "offices", None, "token_hash", [token_hash] if token_hash else []),
        ), last_ids=("changes", "dossiers", "events"), meanwhile=meanwhile)  # fmt: skip
        if token_hash and not any(r["id"] == self.oid for r in found["signed_in"]):
            raise SignedOut()
        self.ledger: dict[str, _Seen] = {}
        for r in found["ledger"]:
            if r["office_id"] == self.oid or r["change_id"] not in self.ledger:
                self.ledger[r["change_id"]] = _Seen(
                    int(r["office_id"]), r["payload_hash"] or "", r["result"] or ""
                )
        self.dossiers: dict[str, _Dossier] = {}
        for r in found["by_uuid"]:
            if r["office_id"] == self.oid:
                self.dossiers[r["uuid"]] = self._dossier(r)
            else:  # another office's dossier: known (a create is refused), never ours to touch
                self.dossiers.setdefault(
                    r["uuid"], _Dossier(0, r["uuid"], "", "", None, "", "", int(r["office_id"]))
                )
        for r in found["by_code"]:
            self.dossiers.setdefault(r["uuid"], self._dossier(r))
        self.codes = {d.code: d for d in self.dossiers.values() if d.office_id == self.oid}
        self.events = {r["uuid"] for r in found["events"]}
        self.slips = {r["uuid"] for r in found["slips"]}
        self.access = {r["uuid"] for r in found["access"]}
        self.citizen: dict[str, list[Any]] = {r["uuid"]: [r["id"], r["entity"]] for r in found["citizen"]}
        self.event_rows: list[dict[str, Any]] = []
        self.change_rows: list[dict[str, Any]] = []
        self.slip_rows: list[dict[str, Any]] = []
        self.access_rows: list[dict[str, Any]] = []
        self.citizen_rows: list[dict[str, Any]] = []
        self.citizen_answers: list[dict[str, Any]] = []
        self.created: dict[str, dict[str, Any]] = {}  # uuid -> insert-only columns of a new dossier
        self.floats = floats  # False: no value in the batch is a float (apply_batch)

    def _dossier(self, r: dict[str, Any]) -> _Dossier:
        return _Dossier(r["id"], r["uuid"], r["code"], r["status"], r["due_at"], r["snapshot"], r["procedure_code"],
                        self.oid)  # fmt: skip

    def reject(self, reason: str, code: str = "") -> dict[str, Any]:
        return {"status": "rejected", "reason": reason, "code": code}

    def own(self, dossier_uuid: str) -> _Dossier | None:
        d = self.dossiers.get(dossier_uuid)
        return d if d is not None and d.office_id == self.oid else None

    def new_id(self, table: str) -> int:
        return next_ids(self.s, table, self.oid)[0]

    def add_event(self, d: _Dossier, e: dict[str, Any], origin: str) -> None:
        self.event_rows.append(
            {
                "office_id": self.oid, "id": self.new_id("events"),
                "uuid": e["uuid"], "dossier_id": d.id, "kind": e["kind"], "at": e["at"], "actor": e.get("actor") or "",
                "from_status": e.get("from_status"), "to_status": e.get("to_status"), "due_after": e.get("due_after"),
                "note": e.get("note") or "", "data": dumps(e["data"]) if e.get("data") is not None else None,
                "origin": origin, "received_at": self.stamp,
            }
        )  # fmt: skip
        self.events.add(e["uuid"])

    def write(self) -> None:
        """Everything the batch decided, one executemany per table, parents first."""
        insert_rows(self.s, "dossiers", [
            {**self._dossier_params(d), **self.created[d.uuid], "origin": "desk", "created_at": self.stamp}
            for d in self.dossiers.values() if d.new
        ])  # fmt: skip
        changed = [self._dossier_params(d) for d in self.dossiers.values() if d.dirty and not d.new]
        update_rows(
            self.s, "dossiers", ["status", "due_at", "snapshot", "procedure_code", "updated_at"], changed
        )
        for table, rows in (
            ("events", self.event_rows), ("slips", self.slip_rows), ("access_log", self.access_rows),
            ("citizen_items", self.citizen_rows), ("changes", self.change_rows),
        ):  # fmt: skip
            insert_rows(self.s, table, rows)
        update_rows(self.s, "citizen_items", ["answer"], self.citizen_answers)

    def _dossier_params(self, d: _Dossier) -> dict[str, Any]:
        return {"office_id": d.office_id, "id": d.id, "status": d.status, "due_at": d.due_at,
                "snapshot": d.snapshot, "procedure_code": d.procedure_code, "updated_at": self.stamp}  # fmt: skip

    # ------------------------------------------------------------------ handlers

    def dossier_create(self, c: dict[str, Any]) -> dict[str, Any]:
        d = c["payload"]["dossier"]
        code = str(d.get("code", ""))
        problem = self._check_snapshot(c, d)
        if problem:
            return self.reject(problem, code)
        existing = self.dossiers.get(d["uuid"])
        if existing is not None:
            if existing.office_id != self.oid:
                return self.reject("Hồ sơ (uuid) đã thuộc về đơn vị khác trên máy chủ", code)
            return {"status": "duplicate", "reason": "Hồ sơ đã có trên máy chủ", "code": existing.code}
        if code in self.codes:
            return self.reject(f"Mã hồ sơ {code} đã được dùng cho một hồ sơ khác trên máy chủ", code)
        row = _Dossier(self.new_id("dossiers"), d["uuid"], code, d["status"], d.get("due_at"), dumps(d, floats=self.floats),
                       d["procedure_code"], self.oid, new=True)  # fmt: skip
        self.created[row.uuid] = {"uuid": row.uuid, "code": code, "channel": d.get("channel") or "direct",
                                  "received_at": d["received_at"]}  # fmt: skip
        self.dossiers[row.uuid] = self.codes[row.code] = row
        first = str(c["payload"].get("event_uuid") or "")
        if first and first not in self.events:
            self.add_event(row, {
                "uuid": first, "kind": FIRST_EVENT_KIND.get(d["status"], "received"), "at": d["received_at"],
                "actor": d.get("received_by") or "", "from_status": None, "to_status": d["status"],
                "due_after": d.get("due_at"), "note": d.get("notes") or "", "data": None,
            }, "desk")  # fmt: skip
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
        row.snapshot, row.procedure_code, row.dirty = dumps(merged), d["procedure_code"], True
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
        row.due_at, row.dirty = e.get("due_after"), True
        return {"status": "applied", "reason": "", "code": row.code}

    def slip_printed(self, c: dict[str, Any]) -> dict[str, Any]:
        p = c["payload"]
        dossier_id = None
        if isinstance(p.get("dossier_uuid"), str):
            row = self.own(p["dossier_uuid"])
            if row is None:
                return self.reject("Phiếu in của hồ sơ không có trên máy chủ", str(p.get("dossier_code", "")))
            dossier_id = row.id
        if c["entity_uuid"] in self.slips:
            return {"status": "duplicate", "reason": "Nhật ký in đã có trên máy chủ"}
        self.slips.add(c["entity_uuid"])
        self.slip_rows.append({"office_id": self.oid, "id": self.new_id("slips"), "uuid": c["entity_uuid"],
                               "dossier_id": dossier_id, "payload": dumps(p), "received_at": self.stamp})  # fmt: skip
        return {"status": "applied", "reason": ""}

    def access_logged(self, c: dict[str, Any]) -> dict[str, Any]:
        if c["entity_uuid"] in self.access:
            return {"status": "duplicate", "reason": "Mục nhật ký đã có trên máy chủ"}
        self.access.add(c["entity_uuid"])
        self.access_rows.append({"office_id": self.oid, "id": self.new_id("access_log"), "uuid": c["entity_uuid"],
                                 "payload": dumps(c["payload"]), "received_at": self.stamp})  # fmt: skip
        return {"status": "applied", "reason": ""}

    def person_erased(self, c: dict[str, Any]) -> dict[str, Any]:
        """Replace the erased person's fields in the snapshots of the office's own dossiers."""
        p = c["payload"]
        for field in ("applicant_uuids", "dossier_uuids"):
            listed = p.get(field)
            if listed is not None and not (
                isinstance(listed, list) and all(isinstance(u, str) for u in listed)
            ):
                return self.reject(f"payload.{field} phải là danh sách mã (uuid)")
        people = set(p.get("applicant_uuids") or [])
        for u in p.get("dossier_uuids") or []:
            d = self.own(u)
            if d is None:
                continue
            snap = json.loads(d.snapshot)
            for role in ("owner", "submitter"):
                person = snap.get(role)
                if isinstance(person, dict) and person.get("uuid") in people:
                    snap[role] = {**person, **ERASED_PERSON}
            d.snapshot, d.dirty = dumps(snap), True
        return {"status": "applied", "reason": ""}

    def _check_snapshot(self, c: dict[str, Any], d: dict[str, Any]) -> str:
        if d.get("uuid") != c["entity_uuid"]:
            return "entity_uuid phải trùng uuid của hồ sơ"
        if d.get("unit_code") != self.unit:
            return f"Mã đơn vị của hồ sơ '{d.get('unit_code')}' khác mã của đơn vị gửi ({self.unit})"
        if not str(d.get("code", "")).startswith(self.unit + "-"):
            return f"Mã hồ sơ '{d.get('code')}' không bắt đầu bằng mã đơn vị {self.unit}"
        if not PROCEDURE_CODE_RE.fullmatch(str(d.get("procedure_code", ""))):
            return f"Mã thủ tục '{d.get('procedure_code')}' không đúng dạng N.NNNNNN"
        if d.get("status") not in STATUSES:
            return f"Trạng thái '{d.get('status')}' không hợp lệ"
        return ""


def apply_batch(
    session: Session,
    office: OfficeRow,
    changes: list[dict[str, Any]],
    token_hash: str | None = None,
    check: Callable[[], object] | None = None,
    floats: bool = True,
) -> list[dict[str, Any]]:
    """Apply ``changes`` in the caller's transaction; raises Conflict (caller rolls back).
    ``token_hash``: check, in this transaction, that it still signs in ``office`` (SignedOut).

    ``check``: the caller's validation of ``changes``, not yet done; it runs (and may raise,
    before anything is written) while the database looks up the batch's keys, taken from the
    changes as they are: a 100-change batch spent ~2 ms validating, then ~3 ms waiting for the
    lookups (issue 13). A body of a shape no key can be taken from is checked first instead.
    ``floats=False``: the caller knows no value in ``changes`` is a float (server/canon.py)."""
    # The office's lock is taken by the batch's first read (server/probes.py), in its round trip.
    session.flush()  # whatever the caller added through the ORM goes first (office mode, locked)
    try:
        keys = batch_keys(changes)
    except (KeyError, TypeError, AttributeError):
        if check is None:
            raise
        check()  # the validation names what is wrong with the shape
        raise
    digests: list[str] = []  # each change's hash, computed while the database runs the lookups

    def meanwhile() -> None:
        if check is not None:
            check()
        digests.extend(
            change_hash(c["entity"], c["op"], c["entity_uuid"], c["payload"], floats=floats) for c in changes
        )

    batch = _Batch(session, office, keys, token_hash, meanwhile, floats)
    handlers = {
        ("dossier", "create"): batch.dossier_create,
        ("dossier", "update"): batch.dossier_update,
        ("event", "append"): batch.event_append,
        ("slip", "printed"): batch.slip_printed,
        ("access", "logged"): batch.access_logged,
        ("person", "erased"): batch.person_erased,
        **citizen_handlers(batch),
    }
    results: list[dict[str, Any]] = []
    conflicts: list[str] = []
    for c, digest in zip(changes, digests, strict=True):
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
            "office_id": office.id, "id": batch.new_id("changes"), "change_id": c["change_id"],
            "entity": c["entity"], "op": c["op"], "entity_uuid": c["entity_uuid"], "payload_hash": digest,
            "result": dumps(result, floats=False), "received_at": batch.stamp,
        }  # fmt: skip
        batch.change_rows.append(row)
        batch.ledger[c["change_id"]] = _Seen(office.id, digest, row["result"])
        results.append({"change_id": c["change_id"], **result})
    if conflicts:
        raise Conflict(conflicts)
    batch.write()
    session.expire_all()  # ORM readers later in the transaction (office mode) see these writes
    return results


def office_by_token_hash(session: Session, token_hash: str) -> OfficeRow | None:
    """The office of a token, as a transient row (never added to a session): every request asks
    this, and plain SQL costs a third of the ORM query it replaces (issue 13: pulls)."""
    rows = run_sql(
        session,
        "SELECT id, unit_code, name, token_hash, created_at FROM offices WHERE token_hash = :h",
        {"h": token_hash},
    )
    return OfficeRow(**rows[0]._mapping) if rows else None


def updates_after(
    session: Session, office: OfficeRow, after: int, limit: int
) -> tuple[list[dict[str, Any]], bool]:
    """The office's feed after ``after``, with the broadcasts merged in seq order.

    One statement, so one snapshot: the office's rows and the broadcasts are seen as of the same
    instant, and (server/db.py) nothing with a lower seq can still commit after it.
    """
    rows = run_sql(
        session,
        "SELECT seq, type, payload, created_at FROM ("
        " SELECT * FROM (SELECT seq, type, payload, created_at FROM updates"
        "  WHERE office_id = :o AND seq > :after ORDER BY seq LIMIT :n) a"
        " UNION ALL"
        " SELECT * FROM (SELECT seq, type, payload, created_at FROM ref_updates WHERE seq > :after AND seq > "
        "  (SELECT COALESCE(MAX(ref_from), 0) FROM office_feed WHERE office_id = :o) ORDER BY seq LIMIT :n) b"
        ") u ORDER BY seq LIMIT :n",
        {"o": office.id, "after": after, "n": limit + 1},
    )
    items = [
        {"seq": r.seq, "type": r.type, "created_at": r.created_at, "payload": orjson.loads(r.payload)}
        for r in rows[:limit]
    ]
    return items, len(rows) > limit


def dossier_view(session: Session, office: OfficeRow, uuid: str) -> dict[str, Any] | None:
    d = session.scalar(select(DossierRow).where(DossierRow.office_id == office.id, DossierRow.uuid == uuid))
    if d is None:
        return None
    events = session.scalars(
        select(EventRow)
        .where(EventRow.office_id == office.id, EventRow.dossier_id == d.id)
        .order_by(EventRow.id)
    )
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

    def rows(model: Any) -> int:
        return count(select(func.count()).select_from(model).where(model.office_id == office.id))

    broadcasts = count(
        text(
            "SELECT COUNT(*) FROM ref_updates WHERE seq > "
            "(SELECT COALESCE(MAX(ref_from), 0) FROM office_feed WHERE office_id = :o)"
        ).bindparams(o=office.id)
    )
    from server.models import UpdateRow

    return {
        "dossiers": rows(DossierRow),
        "distinct_codes": count(
            select(func.count(func.distinct(DossierRow.code))).where(DossierRow.office_id == office.id)
        ),
        "events": rows(EventRow),
        "distinct_events": count(
            select(func.count(func.distinct(EventRow.uuid))).where(EventRow.office_id == office.id)
        ),
        "changes": rows(ChangeRow),
        "slips": rows(SlipRow),
        "access_log": rows(AccessRow),
        "updates": rows(UpdateRow) + broadcasts,
    }
