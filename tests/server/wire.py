"""Hand-built wire changes for the hub's tests (shapes of app/services/snapshot.py)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import requests

from sync.protocol import gzip_bytes

RECEIVED = "2026-03-12T09:15:00+07:00"
DUE = "2026-03-17T09:15:00+07:00"


def new_id() -> str:
    return str(uuid.uuid4())


def dossier_create(
    unit: str, number: int, *, dossier_uuid: str | None = None, code: str | None = None
) -> dict[str, Any]:
    d_uuid = dossier_uuid or new_id()
    dossier = {
        "uuid": d_uuid,
        "code": code or f"{unit}-260312-{number:04d}",
        "unit_code": unit,
        "procedure_code": "1.001022",
        "procedure_name": "Đăng ký kết hôn",
        "field": "Hộ tịch",
        "owner": {
            "uuid": new_id(),
            "name": "Nguyễn Thị Thược",
            "id_type": "cccd",
            "id_number": "038188000001",
        },
        "submitter": None,
        "channel": "direct",
        "return_method": "desk",
        "received_at": RECEIVED,
        "due_at": DUE,
        "status": "received",
        "documents": [{"name": "Tờ khai", "originals": 1, "certified": 0, "copies": 0}],
        "fee": 0,
        "summary": "Đăng ký kết hôn",
        "notes": "",
        "received_by": "test",
    }
    return change("dossier", "create", d_uuid, {"dossier": dossier, "event_uuid": new_id()})


def event_append(
    dossier_uuid: str, code: str, *, to_status: str = "in_progress", event_uuid: str | None = None
) -> dict[str, Any]:
    e_uuid = event_uuid or new_id()
    event = {
        "uuid": e_uuid, "dossier_uuid": dossier_uuid, "dossier_code": code, "kind": "handed_over",
        "at": "2026-03-12T10:00:00+07:00", "actor": "test", "from_status": "received", "to_status": to_status,
        "due_before": DUE, "due_after": DUE, "note": "", "data": None, "origin": "desk",
    }  # fmt: skip
    return change("event", "append", e_uuid, {"event": event})


def change(entity: str, op: str, entity_uuid: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {
        "change_id": new_id(), "entity": entity, "op": op, "entity_uuid": entity_uuid,
        "created_at": "2026-03-12T09:15:01+07:00", "payload": payload,
    }  # fmt: skip


def post(url: str, token: str | None, office: str, changes: list[dict[str, Any]], *, raw: bytes | None = None,
         gzip: bool = True) -> requests.Response:  # fmt: skip
    body = raw if raw is not None else json.dumps({"office": office, "changes": changes}).encode()
    headers = {"Content-Type": "application/json"}
    if gzip:
        body = gzip_bytes(body) if raw is None else body
        headers["Content-Encoding"] = "gzip"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return requests.post(url + "/api/v1/changes", data=body, headers=headers, timeout=30)
