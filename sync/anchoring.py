"""Push the audit chain's head to the hub with each sync (issue 8 §6).

The hub keeps the last head per desk chain and lets it move only forward along the same chain
(server/anchors.py). The desk first reads what the hub keeps and checks it is in its own chain:
if it is not (the newest rows were deleted, or every hash recomputed), nothing is pushed, the
hub's head is recorded in the anchor file and ``motcua check`` fails. Otherwise the new head is
pushed and, once acknowledged, recorded as the hub's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.store import anchor, audit
from sync.client import HubClient, Refused

if TYPE_CHECKING:  # the desk seam, typed without importing the store at run time
    from app.desk import Desk


def push_anchor(desk: Desk, client: HubClient, unit_code: str) -> str | None:
    """Push this desk's chain head; returns a warning for the clerk, or None when all is well."""
    with desk.read() as s:
        head = audit.head(s)
        chain = audit.hash_at(s, 1)
    if head.rows == 0 or chain is None:
        return None
    kept = client.get_anchor(chain)
    base_hash = ""
    if kept is not None:
        kept_head = anchor.Head(int(kept["rows"]), str(kept["hash"]))
        with desk.read() as s:
            base_hash = audit.hash_at(s, kept_head.rows) or ""
        if base_hash != kept_head.hash:
            return _diverged(desk, kept_head)
        if kept_head == head:
            anchor.note_hub(desk.db_path, head)
            return None
    body = {"office": unit_code, "chain": chain, "rows": head.rows, "hash": head.hash, "base_hash": base_hash}
    try:
        ack = client.put_anchor(body)
    except Refused as exc:
        if exc.status != 409:
            raise
        again = client.get_anchor(chain)
        if again is None:
            raise
        return _diverged(desk, anchor.Head(int(again["rows"]), str(again["hash"])))
    anchor.note_hub(desk.db_path, anchor.Head(int(ack["rows"]), str(ack["hash"])))
    return None


def _diverged(desk: Desk, kept: anchor.Head) -> str:
    anchor.note_hub(desk.db_path, kept)  # under the MAC: ``check`` fails until this is explained
    return (
        f"Nhật ký kiểm toán của máy này không chứa mốc neo máy chủ đang giữ (dòng thứ {kept.rows}): "
        "nhật ký đã bị cắt hoặc sửa; chạy 'motcua check' và báo quản trị"
    )
