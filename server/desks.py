"""Office mode of the hub: the desks of one office on the commune's LAN (design.md "Sync").

A desk token authenticates as its office, so the applying code (server/store.py) and the relay
towards the province see one office whatever the number of desks. What office mode adds around a
batch, in the same write transaction:

* before: a status move whose ``from_status`` is stale (another desk moved first) is checked
  against the lifecycle; a move that no longer fits is rejected with a reason and recorded in the
  ledger like any answer, so a resend gets the same answer;
* after: every applied change is fed to the office's desks (``updates``, carrying its change_id so
  the sender skips its own echo), written to the relay outbox towards the province, and intake
  edits are merged field by field: the later one at the hub wins, the overwritten value is kept in
  ``conflicts`` when the winner had not seen it.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from server import blob_relay
from server.admin import AdminError, get_office, hash_token, new_token, publish
from server.db import dumps, feed_seqs, lock_office, next_ids, now_iso
from server.models import ChangeRow, DossierRow, OfficeRow, UpdateRow
from server.models_lan import ConflictRow, DeskRow, IntakeEditRow, RelayRow
from sync.protocol import canonical_json, change_hash

# Self-contained copy of app/domain/lifecycle.TRANSITIONS (server/ never imports app/).
TRANSITIONS: dict[str, frozenset[str]] = {
    "submitted": frozenset({"received", "refused", "supplement_requested", "withdrawn"}),
    "received": frozenset(
        {"in_progress", "supplement_requested", "awaiting_payment", "resolved", "withdrawn", "stopped"}
    ),
    "in_progress": frozenset(
        {"supplement_requested", "awaiting_payment", "resolved", "withdrawn", "stopped"}
    ),
    "supplement_requested": frozenset({"received", "in_progress", "withdrawn", "stopped", "refused"}),
    "awaiting_payment": frozenset({"in_progress", "resolved", "withdrawn", "stopped"}),
    "resolved": frozenset({"returned"}),
    "refused": frozenset(),
    "withdrawn": frozenset(),
    "stopped": frozenset(),
    "returned": frozenset(),
}
STATUS_LABEL = {
    "submitted": "mới đăng ký", "received": "đã tiếp nhận", "refused": "từ chối tiếp nhận",
    "in_progress": "đang xử lý", "supplement_requested": "yêu cầu bổ sung",
    "awaiting_payment": "chờ nghĩa vụ tài chính", "withdrawn": "công dân rút hồ sơ", "stopped": "dừng xử lý",
    "resolved": "đã có kết quả", "returned": "đã trả kết quả",
}  # fmt: skip


@dataclass(frozen=True)
class DeskIdentity:
    id: int
    office_id: int
    workstation: int


# ---------------------------------------------------------------------- administration


def add_desk(s: Session, unit_code: str, workstation: int) -> str:
    office = get_office(s, unit_code)
    if not 1 <= workstation <= 9:
        raise AdminError(f"--workstation {workstation}: số máy trạm phải từ 1 đến 9 (khối số hồ sơ của máy)")
    row = s.scalar(select(DeskRow).where(DeskRow.office_id == office.id, DeskRow.workstation == workstation))
    token = new_token()
    if row is not None and row.revoked_at is None:
        raise AdminError(
            f"--workstation: máy {workstation} của đơn vị {unit_code} đã có mã truy cập; "
            "thu hồi trước (desk revoke) rồi cấp lại"
        )
    if row is None:
        s.add(DeskRow(office_id=office.id, workstation=workstation, token_hash=hash_token(token),
                      created_at=now_iso()))  # fmt: skip
    else:  # a new token for a revoked desk: its history (last seen, cursor) stays
        row.token_hash, row.revoked_at, row.created_at = hash_token(token), None, now_iso()
    return token


def _desk(s: Session, workstation: int, unit_code: str | None) -> DeskRow:
    office_ids = [get_office(s, unit_code).id] if unit_code else list(s.scalars(select(OfficeRow.id)))
    rows = [
        row
        for oid in office_ids  # office by office: every lookup names its office (docs/hub-scale.md)
        for row in s.scalars(
            select(DeskRow).where(DeskRow.office_id == oid, DeskRow.workstation == workstation)
        )
    ]
    if not rows:
        raise AdminError(f"--workstation: không có máy {workstation} trên máy chủ")
    if len(rows) > 1:
        raise AdminError("--unit-code: nhiều đơn vị có máy số này; hãy ghi rõ đơn vị")
    return rows[0]


def revoke_desk(s: Session, workstation: int, unit_code: str | None = None) -> None:
    row = _desk(s, workstation, unit_code)
    row.revoked_at = now_iso()
    # A random hash: the old token can never match again, and the unique column stays unique.
    row.token_hash = hash_token(secrets.token_urlsafe(32))


def list_desks(s: Session, unit_code: str | None = None) -> list[dict[str, Any]]:
    q = select(DeskRow, OfficeRow).join(OfficeRow).order_by(OfficeRow.unit_code, DeskRow.workstation)
    if unit_code:
        q = q.where(OfficeRow.unit_code == unit_code)
    out = []
    for desk, office in s.execute(q).all():
        out.append(
            {
                "unit_code": office.unit_code,
                "workstation": desk.workstation,
                "last_seen_at": desk.last_seen_at,
                "revoked": desk.revoked_at is not None,
                "pending": desk.pending,
                "open_dossiers": _open_in_block(s, office.id, desk.workstation),
            }
        )
    return out


def _open_in_block(s: Session, office_id: int, workstation: int) -> int:
    """Open dossiers received at this desk: its codes carry its workstation digit (XXXX = K...)."""
    closed = ("refused", "withdrawn", "stopped", "returned")
    rows = s.scalars(
        select(DossierRow.code).where(DossierRow.office_id == office_id, DossierRow.status.not_in(closed))
    )
    return sum(1 for code in rows if code[-4:-3] == str(workstation) and code[-4:] != f"{workstation}000")


def desks_exist(s: Session, office_id: int) -> bool:
    return s.scalar(select(DeskRow.id).where(DeskRow.office_id == office_id).limit(1)) is not None


def authenticate(s: Session, token_hash: str) -> tuple[OfficeRow, DeskIdentity] | None:
    row = s.execute(
        select(DeskRow, OfficeRow).join(OfficeRow).where(DeskRow.token_hash == token_hash, DeskRow.revoked_at.is_(None))
    ).first()  # fmt: skip
    if row is None:
        return None
    desk, office = row
    return office, DeskIdentity(desk.id, office.id, desk.workstation)


def touch(
    s: Session, office_id: int, desk_id: int, *, cursor: int | None = None, pending: int | None = None
) -> None:
    row = s.get(DeskRow, (office_id, desk_id))
    if row is None:
        return
    row.last_seen_at = now_iso()
    if cursor is not None:
        row.last_cursor = cursor
    if pending is not None:
        row.pending = pending


# ---------------------------------------------------------------------- around a batch


@dataclass
class Prepared:
    """What office mode decided before the batch is applied."""

    remaining: list[dict[str, Any]]
    answers: dict[str, dict[str, Any]]  # change_id -> answer given here (rejections)
    before: dict[str, str]  # dossier uuid -> snapshot JSON before the batch (intake merges)


def prepare(s: Session, office: OfficeRow, desk: DeskIdentity, changes: list[dict[str, Any]]) -> Prepared:
    """Reject status moves that no longer fit because another desk moved the dossier first."""
    lock_office(s, office.id)  # before anything is read: the batch is ordered against the office's others
    ids = [c["change_id"] for c in changes]
    seen = (
        set(
            s.scalars(
                select(ChangeRow.change_id).where(
                    ChangeRow.office_id == office.id, ChangeRow.change_id.in_(ids)
                )
            )
        )
        if ids
        else set()
    )
    uuids = {c["entity_uuid"] for c in changes if c["entity"] == "dossier"}
    uuids |= {str(c["payload"]["event"].get("dossier_uuid")) for c in changes if c["entity"] == "event"}
    rows = {
        d.uuid: d
        for d in s.scalars(select(DossierRow).where(DossierRow.uuid.in_(uuids), DossierRow.office_id == office.id))
    }  # fmt: skip
    status = {u: d.status for u, d in rows.items()}
    before = {u: d.snapshot for u, d in rows.items()}
    remaining, answers, stamp = [], {}, now_iso()
    for c in changes:
        if c["change_id"] in seen:
            remaining.append(c)
            continue
        if c["entity"] == "dossier" and c["op"] == "create":
            status.setdefault(c["entity_uuid"], str(c["payload"]["dossier"].get("status")))
        if c["entity"] != "event":
            remaining.append(c)
            continue
        e = c["payload"]["event"]
        uuid, frm, to = str(e.get("dossier_uuid")), e.get("from_status"), e.get("to_status")
        current = status.get(uuid)
        moves = to is not None and frm is not None and to != frm
        if current is None or not moves or frm == current or to in TRANSITIONS.get(current, frozenset()):
            if moves and current is not None:
                status[uuid] = str(to)
            remaining.append(c)
            continue
        code = str(e.get("dossier_code", ""))
        reason = (
            f"Hồ sơ {code} đã được chuyển sang '{STATUS_LABEL.get(current, current)}' tại máy khác trước đó; "
            f"không còn chuyển được từ '{STATUS_LABEL.get(str(frm), frm)}' sang '{STATUS_LABEL.get(str(to), to)}'"
        )
        answer = {"status": "rejected", "reason": reason, "code": code}
        answers[c["change_id"]] = answer
        digest = change_hash(c["entity"], c["op"], c["entity_uuid"], c["payload"])
        s.execute(
            insert(ChangeRow),
            [{"change_id": c["change_id"], "office_id": office.id, "id": next_ids(s, "changes", office.id)[0], "entity": c["entity"], "op": c["op"],
              "entity_uuid": c["entity_uuid"], "payload_hash": digest, "result": dumps(answer), "received_at": stamp}],
        )  # fmt: skip
        s.add(ConflictRow(office_id=office.id, kind="status", dossier_uuid=uuid, code=code,
                          loser_change_id=c["change_id"], loser_desk=desk.workstation,
                          detail=dumps({"reason": reason, "hub_status": current, "from": frm, "to": to}), at=stamp))  # fmt: skip
        seen.add(c["change_id"])
    return Prepared(remaining, answers, before)


def merge(
    prepared: Prepared, changes: list[dict[str, Any]], results: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Answers in the order the desk sent its changes."""
    by_id = {r["change_id"]: r for r in results}
    return [
        {"change_id": c["change_id"], **prepared.answers[c["change_id"]]}
        if c["change_id"] in prepared.answers
        else by_id[c["change_id"]]
        for c in changes
    ]


def after(
    s: Session, office: OfficeRow, desk: DeskIdentity, prepared: Prepared, changes: list[dict[str, Any]],
    results: list[dict[str, Any]],
) -> None:  # fmt: skip
    """Feed every newly applied change to the office's desks and to the relay outbox."""
    applied = {r["change_id"] for r in results if r.get("status") == "applied"}
    if not applied:
        return
    s.flush()
    stamp = now_iso()
    relay: list[dict[str, Any]] = []
    feed: list[dict[str, Any]] = []
    event_dossiers = {str(c["payload"]["event"]["dossier_uuid"]) for c in changes
                      if c["entity"] == "event" and c["change_id"] in applied}  # fmt: skip
    rows = (
        {
            d.uuid: d
            for d in s.scalars(
                select(DossierRow).where(
                    DossierRow.office_id == office.id, DossierRow.uuid.in_(event_dossiers)
                )
            )
        }
        if event_dossiers
        else {}
    )
    # Status after each event in batch order, as the hub applied them (the rows hold the last one).
    status: dict[str, tuple[str, str | None]] = {}
    for c in changes:
        if c["change_id"] not in applied:
            continue
        relay.append({"change_id": c["change_id"], "office_id": office.id, "body": canonical_json(c),
                      "state": "pending", "attempts": 0, "last_error": "", "created_at": stamp})  # fmt: skip
        p = c["payload"]
        base = {"change_id": c["change_id"], "desk": desk.workstation}
        if c["entity"] == "dossier" and c["op"] == "create":
            payload = {**base, "op": "create", "dossier": p["dossier"], "event_uuid": p.get("event_uuid")}
            feed.append(
                {"office_id": office.id, "type": "dossier", "payload": dumps(payload), "created_at": stamp}
            )
        elif c["entity"] == "dossier":
            _flush_feed(s, feed)
            _intake_edit(s, office, desk, prepared, c)
        elif c["entity"] == "event":
            e = p["event"]
            row = rows[str(e["dossier_uuid"])]
            before = status.get(row.uuid, (str(json.loads(prepared.before[row.uuid])["status"])
                                           if row.uuid in prepared.before else row.status, None))  # fmt: skip
            after_status = str(e["to_status"]) if e.get("to_status") else before[0]
            status[row.uuid] = (after_status, e.get("due_after"))
            payload = {**base, "dossier_uuid": row.uuid, "code": row.code, "event": e,
                       "dossier_status": after_status, "due_at": e.get("due_after")}  # fmt: skip
            feed.append(
                {"office_id": office.id, "type": "status", "payload": dumps(payload), "created_at": stamp}
            )
    _flush_feed(s, feed)
    if relay:
        for item, new_id in zip(relay, next_ids(s, "relay_outbox", office.id, len(relay)), strict=True):
            item["id"] = new_id
        s.execute(insert(RelayRow), relay)
        # Attachment bytes follow their ``attached`` event upstream (server/blob_relay.py).
        blob_relay.enqueue_up(s, office.id, blob_relay.attached_refs(changes, applied))


def _flush_feed(s: Session, feed: list[dict[str, Any]]) -> None:
    """One executemany for a run of feed rows of one office, seqs in insertion order."""
    if feed:
        seqs = feed_seqs(s, feed[0]["office_id"], len(feed))
        s.execute(insert(UpdateRow), [{**row, "seq": seq} for row, seq in zip(feed, seqs, strict=True)])
        feed.clear()


def _intake_edit(
    s: Session, office: OfficeRow, desk: DeskIdentity, prepared: Prepared, c: dict[str, Any]
) -> None:
    """Field by field: fields this edit changed take its values over the hub's copy (the later edit at
    the hub wins); an overwritten value another desk set and this desk had not yet pulled is a
    conflict, kept with both values."""
    p = c["payload"]
    row = s.scalar(
        select(DossierRow).where(DossierRow.office_id == office.id, DossierRow.uuid == c["entity_uuid"])
    )
    assert row is not None
    changes = p.get("changes") or {}
    owner_changes = dict(changes.get("owner") or {})
    dossier_changes = dict(changes.get("dossier") or {})
    old = json.loads(prepared.before.get(row.uuid, row.snapshot))
    merged = dict(old)
    if "owner" in merged and isinstance(merged["owner"], dict):
        merged["owner"] = {**merged["owner"], **owner_changes}
    merged.update(dossier_changes)
    if not owner_changes and not dossier_changes:  # an older desk: no field list, whole snapshot
        merged = {**p["dossier"], "status": row.status, "due_at": row.due_at}
    row.snapshot = dumps(merged)
    last = s.get(IntakeEditRow, (office.id, row.id))
    cursor = (
        s.scalar(select(DeskRow.last_cursor).where(DeskRow.office_id == office.id, DeskRow.id == desk.id))
        or 0
    )
    if last is not None and last.desk != desk.workstation and last.seq > cursor:
        lost = json.loads(last.changes)
        overlap = {
            "owner": {k: {"lost": v, "won": owner_changes[k]} for k, v in (lost.get("owner") or {}).items()
                      if k in owner_changes and owner_changes[k] != v},
            "dossier": {k: {"lost": v, "won": dossier_changes[k]} for k, v in (lost.get("dossier") or {}).items()
                        if k in dossier_changes and dossier_changes[k] != v},
        }  # fmt: skip
        if overlap["owner"] or overlap["dossier"]:
            s.add(ConflictRow(office_id=office.id, kind="intake", dossier_uuid=row.uuid, code=row.code,
                              winner_change_id=c["change_id"], winner_desk=desk.workstation,
                              loser_change_id=last.change_id, loser_desk=last.desk, detail=dumps(overlap),
                              at=now_iso()))  # fmt: skip
    seq = publish(s, [office.id], "dossier", {
        "change_id": c["change_id"], "desk": desk.workstation, "op": "update", "dossier_uuid": row.uuid,
        "code": row.code, "changes": {"owner": owner_changes, "dossier": dossier_changes},
        "event_uuid": p.get("event_uuid"), "reason": p.get("reason") or "", "dossier": merged,
    })[0]  # fmt: skip
    if last is None:
        s.add(IntakeEditRow(office_id=office.id, dossier_id=row.id, desk=desk.workstation, change_id=c["change_id"], seq=seq,
                            changes=dumps({"owner": owner_changes, "dossier": dossier_changes})))  # fmt: skip
    else:
        last.desk, last.change_id, last.seq = desk.workstation, c["change_id"], seq
        last.changes = dumps({"owner": owner_changes, "dossier": dossier_changes})


def conflicts(s: Session, unit_code: str | None = None) -> list[dict[str, Any]]:
    q = select(ConflictRow, OfficeRow).join(OfficeRow).order_by(ConflictRow.id)
    if unit_code:
        q = q.where(OfficeRow.unit_code == unit_code)
    return [
        {"id": c.id, "unit_code": o.unit_code, "kind": c.kind, "code": c.code, "dossier_uuid": c.dossier_uuid,
         "winner_desk": c.winner_desk, "loser_desk": c.loser_desk, "winner_change_id": c.winner_change_id,
         "loser_change_id": c.loser_change_id, "detail": json.loads(c.detail), "at": c.at}
        for c, o in s.execute(q).all()
    ]  # fmt: skip


def office_conflicts(s: Session, office_id: int, limit: int = 200) -> list[dict[str, Any]]:
    """What a desk sees of its office's conflict list (GET /api/v1/conflicts)."""
    rows = s.scalars(
        select(ConflictRow)
        .where(ConflictRow.office_id == office_id)
        .order_by(ConflictRow.id.desc())
        .limit(limit)
    )
    return [
        {"id": c.id, "kind": c.kind, "code": c.code, "winner_desk": c.winner_desk, "loser_desk": c.loser_desk,
         "detail": json.loads(c.detail), "at": c.at}
        for c in rows
    ]  # fmt: skip


def feed_tail(s: Session, office_id: int) -> int:
    return int(s.scalar(select(func.max(UpdateRow.seq)).where(UpdateRow.office_id == office_id)) or 0)
