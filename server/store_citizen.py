"""Hub side of issue 12: ratings and feedback-box entries from a desk, stored as sent.

Ownership as for dossiers: a desk can rate only its own office's dossiers, and answer only its
own office's feedback. Rows are queued on the batch (server/store.py) and written with the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from server.db import dumps

LEVELS = (1, 2, 3)


def citizen_handlers(batch: Any) -> dict[tuple[str, str], Callable[[dict[str, Any]], dict[str, Any]]]:
    def dossier_id(p: dict[str, Any]) -> tuple[int | None, str]:
        ref = p.get("dossier_uuid")
        if not ref:
            return None, ""
        row = batch.own(str(ref))
        if row is None:
            return None, "Hồ sơ của đánh giá/góp ý không có trên máy chủ"
        return row.id, ""

    def submit(entity: str, c: dict[str, Any]) -> dict[str, Any]:
        p = c["payload"]
        code = str(p.get("dossier_code") or "")
        body = p.get(entity)
        if not isinstance(body, dict) or body.get("uuid") != c["entity_uuid"]:
            return batch.reject(f"payload.{entity}.uuid phải trùng entity_uuid", code)
        if entity == "rating":
            if body.get("level") not in LEVELS:
                return batch.reject("Mức đánh giá phải là 1, 2 hoặc 3", code)
            if not p.get("dossier_uuid"):
                return batch.reject("Đánh giá phải kèm dossier_uuid", code)
        elif not str(body.get("text") or "").strip():
            return batch.reject("Nội dung góp ý trống", code)
        if c["entity_uuid"] in batch.citizen:
            return {"status": "duplicate", "reason": "Đã có trên máy chủ", "code": code}
        ref, problem = dossier_id(p)
        if problem:
            return batch.reject(problem, code)
        new_id = batch.new_id("citizen_items")
        batch.citizen[c["entity_uuid"]] = [new_id, entity]
        batch.citizen_rows.append(
            {"office_id": batch.oid, "id": new_id, "uuid": c["entity_uuid"], "entity": entity, "dossier_id": ref,
             "payload": dumps(body), "answer": None, "received_at": batch.stamp}
        )  # fmt: skip
        return {"status": "applied", "reason": "", "code": code}

    def answer(c: dict[str, Any]) -> dict[str, Any]:
        p = c["payload"]
        row = batch.citizen.get(c["entity_uuid"])
        if row is None or row[1] != "feedback":
            return batch.reject("Góp ý được trả lời không có trên máy chủ")
        if not str(p.get("answer") or "").strip():
            return batch.reject("Nội dung trả lời trống")
        pending = next((r for r in batch.citizen_rows if r["id"] == row[0]), None)
        if pending is not None:  # submitted earlier in this same batch
            pending["answer"] = dumps(p)
        else:
            batch.citizen_answers.append({"office_id": batch.oid, "id": row[0], "answer": dumps(p)})
        return {"status": "applied", "reason": ""}

    return {
        ("rating", "submit"): lambda c: submit("rating", c),
        ("feedback", "submit"): lambda c: submit("feedback", c),
        ("feedback", "answer"): answer,
    }
