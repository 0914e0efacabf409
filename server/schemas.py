"""Pydantic models of wire protocol v1: request validation and the hub's OpenAPI document.

They describe the shapes of sync/protocol.py. Validation only checks them; the change that is
stored and hashed is the client's original JSON, so a resend hashes to the same digest.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from sync.protocol import KINDS, MAX_CHANGES_PER_BATCH, MAX_JSON_DEPTH, UNIT_CODE_PATTERN

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
UNIT_PATTERN = rf"^{UNIT_CODE_PATTERN}$"  # the one pattern (app.domain.vocab via sync.protocol)

# Issue 8 §7: every text the hub stores in a sized column is checked against that size here, so
# SQLite (which ignores VARCHAR sizes) and PostgreSQL (which raises: a 500 on every resend, a
# queue stuck for ever) answer alike: a 422 naming the field. Sizes mirror server/models.py.
# NUL, C0/C1 controls and lone surrogates are refused anywhere in a body (``text_problem``);
# tab and line breaks only in free text, never in a one-line field.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"[\t\n\r]")


def _one_line(value: str) -> str:
    if _LINE_BREAKS.search(value):
        raise ValueError("không được chứa xuống dòng hay ký tự tab")
    return value


def _stamp_text(value: Any) -> Any:
    # The hub stores the desk's own text of a timestamp (String(40)), not the parsed value.
    if isinstance(value, str) and len(value) > 40:
        raise ValueError("mốc thời gian dài quá 40 ký tự")
    return value


OneLine = Annotated[str, AfterValidator(_one_line)]
Text10 = Annotated[OneLine, Field(max_length=10)]
Text20 = Annotated[OneLine, Field(max_length=20)]
Text24 = Annotated[OneLine, Field(max_length=24)]
Text30 = Annotated[OneLine, Field(max_length=30)]
Text40 = Annotated[OneLine, Field(max_length=40)]
Text120 = Annotated[OneLine, Field(max_length=120)]
Text200 = Annotated[OneLine, Field(max_length=200)]


Stamp = Annotated[AwareDatetime, BeforeValidator(_stamp_text)]


def text_problem(body: Any) -> str:
    """Where ``body`` nests too deep or holds a forbidden character ('' when it is clean).

    Iterative (a 100 000-deep array must not exhaust the stack) and run before any model."""
    stack: list[tuple[str, Any, int]] = [("", body, 0)]
    while stack:
        where, value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return f"{where or 'body'}: lồng nhau quá sâu (tối đa {MAX_JSON_DEPTH} cấp)"
        if isinstance(value, str):
            bad = _CONTROLS.search(value)
            if bad:
                return f"{where or 'body'}: chứa ký tự điều khiển không được phép (U+{ord(bad.group()):04X})"
        elif isinstance(value, dict):
            for key, item in value.items():
                bad = _CONTROLS.search(key)
                if bad:
                    return f"{where or 'body'}: tên trường chứa ký tự điều khiển (U+{ord(bad.group()):04X})"
                stack.append((f"{where}.{key}" if where else key, item, depth + 1))
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", item, depth + 1) for i, item in enumerate(value))
    return ""


class Applicant(BaseModel):
    model_config = ConfigDict(extra="allow")
    name: Annotated[Text200, Field(min_length=1)]
    id_type: Text10 | None = None
    id_number: Text20 | None = None


class DossierSnapshot(BaseModel):
    """The desk's dossier_dict (app/services/snapshot.py); unknown extra fields are kept."""

    model_config = ConfigDict(extra="allow")
    uuid: str = Field(pattern=UUID_PATTERN)
    code: Annotated[Text40, Field(min_length=1)]
    unit_code: Text20
    procedure_code: Annotated[Text40, Field(min_length=1)]
    status: Text24
    channel: Literal["direct", "online", "postal"] = "direct"
    received_at: Stamp
    due_at: Stamp | None = None
    owner: Applicant
    # Becomes the first event's actor (events.actor, String(120)).
    received_by: Text120 | None = None
    notes: str | None = None


class DossierPayload(BaseModel):
    model_config = ConfigDict(extra="allow")
    dossier: DossierSnapshot
    event_uuid: str | None = Field(default=None, pattern=UUID_PATTERN)


class EventBody(BaseModel):
    model_config = ConfigDict(extra="allow")
    uuid: str = Field(pattern=UUID_PATTERN)
    dossier_uuid: str = Field(pattern=UUID_PATTERN)
    dossier_code: Text40 = ""
    kind: Annotated[Text30, Field(min_length=1)]
    at: Stamp
    actor: Text120 = ""
    from_status: Text24 | None = None
    to_status: Text24 | None = None
    due_after: Stamp | None = None
    note: str = ""
    data: dict[str, Any] | None = None


class EventPayload(BaseModel):
    model_config = ConfigDict(extra="allow")
    event: EventBody


PAYLOAD_MODELS: dict[tuple[str, str], type[BaseModel] | None] = {
    ("dossier", "create"): DossierPayload,
    ("dossier", "update"): DossierPayload,
    ("event", "append"): EventPayload,
    ("slip", "printed"): None,  # the print log is free-form; only its ownership is checked
    ("access", "logged"): None,  # access-log entry: kept as sent (server/store.py access_logged)
    ("person", "erased"): None,  # erasure: lists the office's own dossiers (checked in store.py)
    # issue 12: checked by the handlers (server/store_citizen.py), stored as sent
    ("rating", "submit"): None,
    ("feedback", "submit"): None,
    ("feedback", "answer"): None,
}


class ChangeIn(BaseModel):
    change_id: str = Field(pattern=UUID_PATTERN)
    entity: Literal["dossier", "event", "slip", "access", "person", "rating", "feedback"]
    op: Text30
    entity_uuid: str = Field(pattern=UUID_PATTERN)
    created_at: Stamp
    payload: dict[str, Any]

    @model_validator(mode="after")
    def _payload_shape(self) -> ChangeIn:
        if (self.entity, self.op) not in KINDS:
            raise ValueError(f"loại thay đổi {self.entity}/{self.op} không được hỗ trợ")
        model = PAYLOAD_MODELS[(self.entity, self.op)]
        if model is not None:
            try:
                model.model_validate(self.payload)
            except ValidationError as exc:
                # Re-raised as text so the location keeps its 'payload.' prefix in the reason.
                raise ValueError(_located(exc, "payload")) from None
        return self


class ChangesIn(BaseModel):
    office: str = Field(
        pattern=UNIT_PATTERN, description="unit code of the sending office (must match the token)"
    )
    changes: list[ChangeIn] = Field(min_length=1, max_length=MAX_CHANGES_PER_BATCH)


class ResultOut(BaseModel):
    change_id: str
    status: Literal["applied", "duplicate", "rejected"]
    reason: str = ""
    code: str = ""


class ChangesOut(BaseModel):
    results: list[ResultOut]
    server_time: AwareDatetime


class UpdateOut(BaseModel):
    seq: int
    type: Literal["status", "submission", "procedure", "calendar", "retention", "dossier"]
    created_at: AwareDatetime
    payload: dict[str, Any]


class UpdatesOut(BaseModel):
    updates: list[UpdateOut]
    cursor: int
    has_more: bool


class HealthOut(BaseModel):
    status: Literal["ok"]
    server_time: AwareDatetime
    api: Literal["v1"]
    # Office mode only (an office hub on the LAN): which office it serves and its key fingerprint.
    mode: Literal["office"] | None = None
    unit_code: str | None = None
    name: str | None = None
    fingerprint: str | None = None
    upstream: dict[str, Any] | None = None  # the relay's link to the province, for the desks' status bar


class ErrorOut(BaseModel):
    detail: str
    change_ids: list[str] = []


def _located(exc: ValidationError, prefix: str = "") -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = prefix
        for loc in err["loc"]:
            where += f"[{loc}]" if isinstance(loc, int) else (f".{loc}" if where else str(loc))
        parts.append(f"{where or 'body'}: {err['msg'].removeprefix('Value error, ')}")
    more = len(exc.errors()) - 5
    return "; ".join(parts) + (f" (và {more} lỗi khác)" if more > 0 else "")


def explain(exc: ValidationError) -> str:
    """First few pydantic errors as 'changes[3]: payload.dossier.received_at: message'."""
    return "Dữ liệu gửi lên không hợp lệ: " + _located(exc)
