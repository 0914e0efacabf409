"""What the hub's operators do (motcua-hub CLI): offices, upstream status changes, online
submissions addressed to an office, and catalogue/calendar publications.

Every operation that a desk must hear about writes a row into ``updates`` for that office, in
the same transaction as the change itself, with a seq from the office's own counter
(server/db.py). A publication to every office is one row of ``ref_updates`` instead
(``broadcast``): every desk reads it through its own feed (server/store.py ``updates_after``).
Every lookup of an office-owned row names its office (docs/hub-scale.md).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid as uuidlib
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.db import TZ, dumps, feed_seqs, lock_office, now_iso, ref_seq, ref_top
from server.models import DossierRow, EventRow, HubBase, OfficeFeedRow, OfficeRow, RefUpdateRow
from sync.protocol import EVENT_FOR, PROCEDURE_CODE_RE, STATUSES, UNIT_CODE_RE, Status

# Online submissions are numbered downward from 0999 first: block 0 is never issued by the desks of
# an office with several workstations (desk K issues K001–K999), so those codes cannot collide even
# when no desk has a link; a single desk counts upward from 0001 and the two meet only past ~1000
# dossiers a day. When block 0 is full the hub goes on downward from 9999.
HUB_BLOCK_TOP = 999
HUB_NUMBER_TOP = 9999


class AdminError(ValueError):
    """An operator's mistake; the message names the field and the rule."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A fresh access token that a person can paste after ``--token``.

    ``token_urlsafe`` may start with "-", and ``--token -abc…`` is read as an option (one token in
    64 broke ``motcua setup --token``); such a draw is simply taken again.
    """
    while True:
        token = secrets.token_urlsafe(32)
        if not token.startswith("-"):
            return token


def add_office(s: Session, unit_code: str, name: str) -> str:
    if not UNIT_CODE_RE.fullmatch(unit_code):
        raise AdminError(
            f"--unit-code '{unit_code}' không đúng dạng V1V2V3.Z1Z2.Y1Y2.MX1X2 (ví dụ 000.00.12.H29)"
        )
    if s.scalar(select(OfficeRow.id).where(OfficeRow.unit_code == unit_code)) is not None:
        raise AdminError(f"--unit-code: đơn vị {unit_code} đã có trên máy chủ")
    token = new_token()
    row = OfficeRow(unit_code=unit_code, name=name, token_hash=hash_token(token), created_at=now_iso())
    s.add(row)
    s.flush()
    # Its feed starts now: broadcasts published before the office existed are not in it.
    top = ref_top(s)
    s.add(OfficeFeedRow(office_id=row.id, seq=top, ref_from=top))
    return token


def get_office(s: Session, unit_code: str) -> OfficeRow:
    row = s.scalar(select(OfficeRow).where(OfficeRow.unit_code == unit_code))
    if row is None:
        raise AdminError(f"--unit-code: không có đơn vị {unit_code} trên máy chủ")
    return row


def offices(s: Session, unit_code: str | None = None) -> list[OfficeRow]:
    if unit_code:
        return [get_office(s, unit_code)]
    return list(s.scalars(select(OfficeRow).order_by(OfficeRow.id)))


def publish(s: Session, office_ids: list[int], kind: str, payload: dict[str, Any]) -> list[int]:
    """One feed row per named office, each seq from that office's counter under its lock."""
    stamp, text = now_iso(), dumps(payload)
    seqs: dict[int, int] = {}
    for oid in sorted(set(office_ids)):  # one lock order for every writer: no deadlock
        lock_office(s, oid)
        seqs[oid] = feed_seqs(s, oid, 1)[0]
    s.execute(
        HubBase.metadata.tables["updates"].insert(),
        [{"office_id": oid, "seq": seqs[oid], "type": kind, "payload": text, "created_at": stamp} for oid in office_ids],
    )  # fmt: skip
    return [seqs[oid] for oid in office_ids]


def broadcast(s: Session, kind: str, payload: dict[str, Any]) -> int:
    """A publication to every office: one reference row, whatever the number of offices."""
    seq = ref_seq(s)
    s.add(RefUpdateRow(seq=seq, type=kind, payload=dumps(payload), created_at=now_iso()))
    s.flush()
    return seq


def publish_to(
    s: Session, unit_code: str | None, kind: str, payload: dict[str, Any]
) -> tuple[int, list[int]]:
    """The admin CLI's publications: to one office (its feed), or to all (a broadcast).
    Returns (number of offices reached, seqs)."""
    if unit_code:
        return 1, publish(s, [get_office(s, unit_code).id], kind, payload)
    count = int(s.scalar(select(func.count()).select_from(OfficeRow)) or 0)
    return count, [broadcast(s, kind, payload)]


def _dossier_by_code(s: Session, code: str) -> DossierRow | None:
    """The office is in the code (UNIT-YYMMDD-NNNN), so the lookup names it."""
    unit = code.rsplit("-", 2)[0]
    office_id = s.scalar(select(OfficeRow.id).where(OfficeRow.unit_code == unit))
    if office_id is None:
        return None
    lock_office(s, office_id)  # before reading the dossier: its status is what this write moves from
    return s.scalar(select(DossierRow).where(DossierRow.office_id == office_id, DossierRow.code == code))


def set_status(
    s: Session,
    code: str,
    to: str,
    *,
    note: str = "",
    actor: str = "Bộ phận xử lý",
    due: datetime | None = None,
) -> dict[str, Any]:
    """Record a status decision made upstream and queue it for the owning office."""
    if to not in STATUSES:
        raise AdminError(f"--to '{to}' không hợp lệ; chỉ nhận: {', '.join(STATUSES)}")
    d = _dossier_by_code(s, code.strip().upper())
    if d is None:
        raise AdminError(f"Không có hồ sơ mã '{code}' trên máy chủ")
    at = datetime.now(TZ).replace(microsecond=0)
    event: dict[str, Any] = {
        "uuid": str(uuidlib.uuid4()), "kind": EVENT_FOR[Status(to)], "at": at.isoformat(), "actor": actor,
        "from_status": d.status, "to_status": to,
        "due_after": due.astimezone(TZ).isoformat() if due is not None else d.due_at,
        "note": note, "data": None,
    }  # fmt: skip
    s.add(
        EventRow(
            office_id=d.office_id, uuid=event["uuid"], dossier_id=d.id, kind=event["kind"], at=event["at"], actor=actor,
            from_status=d.status, to_status=to, due_after=event["due_after"], note=note, origin="upstream",
            received_at=event["at"],
        )
    )  # fmt: skip
    d.status, d.due_at, d.updated_at = to, event["due_after"], event["at"]
    publish(s, [d.office_id], "status", {"dossier_uuid": d.uuid, "code": d.code, "event": event})
    return {"code": d.code, "status": to, "event_uuid": event["uuid"]}


def submit(
    s: Session, unit_code: str, procedure: str, owner: dict[str, Any], *, summary: str = ""
) -> dict[str, Any]:
    """An online submission (as the portal would forward it) addressed to one office."""
    office = get_office(s, unit_code)
    lock_office(s, office.id)
    if not PROCEDURE_CODE_RE.fullmatch(procedure):
        raise AdminError(f"--procedure '{procedure}' không đúng dạng N.NNNNNN")
    if not str(owner.get("name", "")).strip():
        raise AdminError("--name: họ tên người nộp là bắt buộc")
    now = datetime.now(TZ).replace(microsecond=0)
    prefix = f"{unit_code}-{now:%y%m%d}-"
    taken = set(
        s.scalars(
            select(DossierRow.code).where(
                DossierRow.office_id == office.id, DossierRow.code.startswith(prefix)
            )
        )
    )
    order = [*range(HUB_BLOCK_TOP, 0, -1), *range(HUB_NUMBER_TOP, HUB_BLOCK_TOP, -1)]
    number = next((n for n in order if f"{prefix}{n:04d}" not in taken), None)
    if number is None:
        raise AdminError(f"Đã hết số hồ sơ trong ngày {now:%d/%m/%Y} của đơn vị {unit_code}")
    dossier: dict[str, Any] = {
        "uuid": str(uuidlib.uuid4()), "code": f"{prefix}{number:04d}", "unit_code": unit_code,
        "procedure_code": procedure, "owner": owner, "submitter": None, "channel": "online",
        "return_method": "desk", "received_at": now.isoformat(), "due_at": None, "status": "submitted",
        "summary": summary, "notes": "", "documents": [], "sets_count": 1, "fee": None,
    }  # fmt: skip
    row = DossierRow(
        uuid=dossier["uuid"], office_id=office.id, code=dossier["code"], procedure_code=procedure,
        channel="online", status="submitted", received_at=dossier["received_at"], due_at=None,
        snapshot=dumps(dossier), origin="upstream", created_at=now_iso(), updated_at=now_iso(),
    )  # fmt: skip
    s.add(row)
    s.flush()
    event_uuid = str(uuidlib.uuid4())
    s.add(
        EventRow(
            office_id=office.id, uuid=event_uuid, dossier_id=row.id, kind="submitted", at=dossier["received_at"], actor="Cổng DVC",
            to_status="submitted", origin="upstream", received_at=now_iso(),
        )
    )  # fmt: skip
    publish(s, [office.id], "submission", {"dossier": dossier, "event_uuid": event_uuid})
    return {"code": dossier["code"], "uuid": dossier["uuid"]}


def load_procedures(text: str) -> list[dict[str, Any]]:
    """A motcua-catalogue JSON document (or a bare list); only codes and names are checked here,
    the desk validates every field again before it stores anything."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AdminError(f"Tệp danh mục: JSON sai cú pháp ở dòng {exc.lineno}: {exc.msg}") from exc
    items = doc.get("procedures") if isinstance(doc, dict) else doc
    if not isinstance(items, list) or not items:
        raise AdminError('Tệp danh mục phải có danh sách "procedures" không rỗng')
    for i, p in enumerate(items, start=1):
        if not isinstance(p, dict) or not PROCEDURE_CODE_RE.fullmatch(str(p.get("code", ""))):
            raise AdminError(f"Thủ tục thứ {i}: trường code phải có dạng N.NNNNNN")
        if not str(p.get("name", "")).strip():
            raise AdminError(f"Thủ tục thứ {i} ({p.get('code')}): trường name là bắt buộc")
    return items


def check_days(days: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for i, d in enumerate(days, start=1):
        try:
            day = date.fromisoformat(str(d.get("day")))
        except ValueError:
            raise AdminError(f"Ngày thứ {i}: trường day '{d.get('day')}' phải có dạng YYYY-MM-DD") from None
        if d.get("kind") not in ("off", "work", None):
            raise AdminError(f"Ngày {day}: trường kind phải là off (nghỉ), work (làm bù) hoặc null (bỏ)")
        out.append(
            {
                "day": day.isoformat(),
                "kind": d.get("kind"),
                "name": d.get("name") or "",
                "source": d.get("source") or "",
            }
        )
    if not out:
        raise AdminError("Phải có ít nhất một ngày để công bố")
    return out


def dossier_counts(s: Session) -> int:
    """Dossiers of every office: counted office by office (each count stays on its shard)."""
    return sum(
        int(s.scalar(select(func.count()).select_from(DossierRow).where(DossierRow.office_id == oid)) or 0)
        for oid in s.scalars(select(OfficeRow.id))
    )
