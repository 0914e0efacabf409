"""Wire protocol v1 between a desk and the upstream hub (design.md "Sync").

Shared by the client (sync/) and the reference hub (server/), so this module imports nothing from
``app`` and nothing beyond the standard library: the desktop bundle must not need pydantic, and
the hub must not need the desk. The hub's pydantic models (server/schemas.py) describe the same
shapes for the OpenAPI document; tests/server/test_contract.py checks the two agree.

Shapes (JSON, UTF-8, request bodies gzip-compressed with ``Content-Encoding: gzip``):

``GET  /api/v1/health`` → ``{"status": "ok", "server_time": ISO-8601 with offset, "api": "v1"}``
``POST /api/v1/changes`` ← ``{"office": unit_code, "changes": [Change, ...]}``
                          → ``{"results": [Result, ...], "server_time": ...}``
``GET  /api/v1/updates?after=<seq>&limit=<n>`` → ``{"updates": [Update, ...], "cursor": seq, "has_more": bool}``
``GET  /api/v1/dossiers/{uuid}`` → the hub's copy of one of the caller's dossiers (404 otherwise)
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from typing import Any, Final, Literal, TypedDict

API_VERSION: Final = "v1"
PREFIX: Final = "/api/v1"
HEALTH_PATH: Final = f"{PREFIX}/health"
CHANGES_PATH: Final = f"{PREFIX}/changes"
UPDATES_PATH: Final = f"{PREFIX}/updates"
DOSSIERS_PATH: Final = f"{PREFIX}/dossiers"
OPENAPI_PATH: Final = f"{PREFIX}/openapi.json"

# Limits the hub enforces (413 beyond them). The inflated limit guards against gzip bombs: a
# 2 MB body may not expand past 20 MB however well it compresses.
MAX_BODY_BYTES: Final = 2 * 1024 * 1024
MAX_INFLATED_BYTES: Final = 20 * 1024 * 1024
MAX_CHANGES_PER_BATCH: Final = 1000
MAX_UPDATES_PAGE: Final = 500

# entity/op pairs (mirrors app.store.outbox kinds).
KINDS: Final = frozenset(
    {("dossier", "create"), ("dossier", "update"), ("event", "append"), ("slip", "printed")}
)

ResultStatus = Literal["applied", "duplicate", "rejected"]
# ``dossier``: office mode only, a dossier (create or intake edit) made at a sibling desk.
UpdateType = Literal["status", "submission", "procedure", "calendar", "dossier"]
UPDATE_TYPES: Final = ("status", "submission", "procedure", "calendar", "dossier")


class Change(TypedDict):
    change_id: str
    entity: str
    op: str
    entity_uuid: str
    created_at: str
    payload: dict[str, Any]


class Result(TypedDict, total=False):
    change_id: str
    status: ResultStatus
    reason: str
    code: str  # dossier code the change concerns, when known (shown next to the reason)


class Update(TypedDict):
    seq: int
    type: UpdateType
    created_at: str
    payload: dict[str, Any]


class InflateError(ValueError):
    """A compressed body that is corrupt or inflates past the limit."""


def canonical_json(value: Any) -> str:
    """The one serialisation both sides hash: sorted keys, no spaces, UTF-8 kept as is.

    The desk freezes outbox payloads with exactly these settings, so the hash of a resent change
    is identical byte for byte to the first send.
    """
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def change_hash(entity: str, op: str, entity_uuid: str, payload: Any) -> str:
    """Identity of a change's content; the same change_id with another hash is a conflict (409)."""
    text = canonical_json({"entity": entity, "op": op, "entity_uuid": entity_uuid, "payload": payload})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def gzip_bytes(data: bytes, level: int = 6) -> bytes:
    # mtime=0: the same batch compresses to the same bytes (handy when comparing wire dumps).
    return gzip.compress(data, compresslevel=level, mtime=0)


def inflate(data: bytes, limit: int = MAX_INFLATED_BYTES) -> bytes:
    """Gunzip ``data`` but stop at ``limit`` bytes of output (gzip-bomb guard)."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(data, limit + 1)
    except zlib.error as exc:
        raise InflateError(f"nội dung nén gzip bị hỏng: {exc}") from exc
    if len(out) > limit or d.unconsumed_tail:
        raise InflateError(f"nội dung sau khi giải nén vượt quá giới hạn {limit} byte")
    if not d.eof:
        raise InflateError("nội dung nén gzip bị cắt cụt (thiếu phần cuối)")
    return out
