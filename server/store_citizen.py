"""Hub side of issue 12: ratings and feedback-box entries from a desk, stored as sent.

Additive: one new table (``citizen_items``, created by ``create_all`` on existing hubs too).
Ownership as for dossiers: a desk can rate only its own office's dossiers, and answer only its
own office's feedback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from server.db import dumps
from server.models import CitizenRow

LEVELS = (1, 2, 3)


def citizen_handlers(batch: Any) -> dict[tuple[str, str], Callable[[dict[str, Any]], dict[str, Any]]]:
    def existing(uuid: str) -> CitizenRow | None:
        return batch.s.scalar(select(CitizenRow).where(CitizenRow.uuid == uuid))

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
        if existing(c["entity_uuid"]) is not None:
            return {"status": "duplicate", "reason": "Đã có trên máy chủ", "code": code}
        ref, problem = dossier_id(p)
        if problem:
            return batch.reject(problem, code)
        batch.s.add(
            CitizenRow(
                uuid=c["entity_uuid"], office_id=batch.office.id, entity=entity, dossier_id=ref,
                payload=dumps(body), received_at=batch.stamp,
            )
        )  # fmt: skip
        batch.s.flush()
        return {"status": "applied", "reason": "", "code": code}

    def answer(c: dict[str, Any]) -> dict[str, Any]:
        p = c["payload"]
        row = existing(c["entity_uuid"])
        if row is None or row.office_id != batch.office.id or row.entity != "feedback":
            return batch.reject("Góp ý được trả lời không có trên máy chủ")
        if not str(p.get("answer") or "").strip():
            return batch.reject("Nội dung trả lời trống")
        row.answer = dumps(p)
        return {"status": "applied", "reason": ""}

    return {
        ("rating", "submit"): lambda c: submit("rating", c),
        ("feedback", "submit"): lambda c: submit("feedback", c),
        ("feedback", "answer"): answer,
    }
