"""Wire protocol v1 between a desk and the upstream hub (design.md "Sync").

Shared by the client (sync/) and the reference hub (server/), so this module imports nothing from
``app`` but the pure vocabulary (``app.domain.vocab``: statuses, code patterns, event kinds, the
canonical JSON, re-exported here) and nothing beyond the standard library: the desktop bundle must not need pydantic, and
the hub must not need the desk. The hub's pydantic models (server/schemas.py) describe the same
shapes for the OpenAPI document; tests/sync/test_wire_contract.py (every change the real desk writes
passes the hub's schema) and tests/server/test_hub.py (the OpenAPI paths) check the two agree.

Shapes (JSON, UTF-8, request bodies gzip-compressed with ``Content-Encoding: gzip``):

``GET  /api/v1/health`` → ``{"status": "ok", "server_time": ISO-8601 with offset, "api": "v1"}``
``POST /api/v1/changes`` ← ``{"office": unit_code, "changes": [Change, ...]}``
                          → ``{"results": [Result, ...], "server_time": ...}``
``GET  /api/v1/updates?after=<seq>&limit=<n>`` → ``{"updates": [Update, ...], "cursor": seq, "has_more": bool}``
``GET  /api/v1/dossiers/{uuid}`` → the hub's copy of one of the caller's dossiers (404 otherwise)
``GET  /api/v1/anchor?chain=<hash of row 1>`` → ``{"chain", "rows", "hash"}`` of the last audit head
                          the hub kept for that chain (404 when none)
``PUT  /api/v1/anchor`` ← ``{"office", "chain", "rows", "hash", "base_hash"}`` where ``base_hash`` is the
                          desk's hash at the hub's kept row count → the kept head; 409 (with the
                          kept head) when it would go backwards or does not extend the kept one
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from typing import Any, Final, Literal, TypedDict

from app.domain.vocab import (
    CHANGE_KINDS,
    DOSSIER_CODE_PATTERN,
    DOSSIER_CODE_RE,
    EVENT_FOR,
    EVENT_KINDS,
    PROCEDURE_CODE_PATTERN,
    PROCEDURE_CODE_RE,
    STATUSES,
    UNIT_CODE_PATTERN,
    UNIT_CODE_RE,
    Status,
    canonical_json,
)

__all__ = [
    "DOSSIER_CODE_PATTERN",
    "DOSSIER_CODE_RE",
    "EVENT_FOR",
    "EVENT_KINDS",
    "PROCEDURE_CODE_PATTERN",
    "PROCEDURE_CODE_RE",
    "STATUSES",
    "UNIT_CODE_PATTERN",
    "UNIT_CODE_RE",
    "Status",
    "canonical_json",
]

API_VERSION: Final = "v1"
PREFIX: Final = "/api/v1"
HEALTH_PATH: Final = f"{PREFIX}/health"
CHANGES_PATH: Final = f"{PREFIX}/changes"
UPDATES_PATH: Final = f"{PREFIX}/updates"
DOSSIERS_PATH: Final = f"{PREFIX}/dossiers"
OPENAPI_PATH: Final = f"{PREFIX}/openapi.json"
ANCHOR_PATH: Final = f"{PREFIX}/anchor"
BLOBS_PATH: Final = f"{PREFIX}/blobs"
BLOBS_MISSING_PATH: Final = f"{PREFIX}/blobs/missing"
# Which office a token stands for (a desk checks the province's before a direct sync), and what an
# office hub hands its desks for the direct link to the province (docs/office-hub.md "Degraded").
OFFICE_PATH: Final = f"{PREFIX}/office"
FALLBACK_PATH: Final = f"{PREFIX}/fallback"

# Limits the hub enforces (413 beyond them). The inflated limit guards against gzip bombs: a
# 2 MB body may not expand past 20 MB however well it compresses.
MAX_BODY_BYTES: Final = 2 * 1024 * 1024
MAX_INFLATED_BYTES: Final = 20 * 1024 * 1024
MAX_CHANGES_PER_BATCH: Final = 1000
MAX_UPDATES_PAGE: Final = 500
# JSON nesting the hub accepts in a request (a 100 000-deep array must be a 422, not a 500).
MAX_JSON_DEPTH: Final = 32
# Attachments (digitised papers): one file at most the desk's own limit for a component PDF,
# sent in chunks small enough that a cut 64 kbit/s link loses at most a few seconds of work.
MAX_BLOB_BYTES: Final = 60 * 1024 * 1024
MAX_BLOB_CHUNK: Final = 1024 * 1024
MAX_BLOB_QUERY: Final = 1000

# entity/op pairs (the same list app.store.outbox writes).
KINDS: Final = CHANGE_KINDS

ResultStatus = Literal["applied", "duplicate", "rejected"]
# ``dossier``: office mode only, a dossier (create or intake edit) made at a sibling desk.
UpdateType = Literal["status", "submission", "procedure", "calendar", "retention", "dossier"]
UPDATE_TYPES: Final = ("status", "submission", "procedure", "calendar", "retention", "dossier")


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
