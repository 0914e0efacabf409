"""Pydantic models of wire protocol v1: request validation and the hub's OpenAPI document.

They describe the shapes of sync/protocol.py. Validation only checks them; the change that is
stored and hashed is the client's original JSON, so a resend hashes to the same digest.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, model_validator

from sync.protocol import KINDS, MAX_CHANGES_PER_BATCH

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
UNIT_PATTERN = r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$"


class Applicant(BaseModel):
    model_config = ConfigDict(extra="allow")
    name: str = Field(min_length=1, max_length=200)
    id_type: str | None = Field(default=None, max_length=10)
    id_number: str | None = Field(default=None, max_length=20)


class DossierSnapshot(BaseModel):
    """The desk's dossier_dict (app/services/snapshot.py); unknown extra fields are kept."""

    model_config = ConfigDict(extra="allow")
    uuid: str = Field(pattern=UUID_PATTERN)
    code: str = Field(min_length=1, max_length=40)
    unit_code: str = Field(max_length=20)
    procedure_code: str = Field(min_length=1, max_length=40)
    status: str = Field(max_length=24)
    channel: Literal["direct", "online", "postal"] = "direct"
    received_at: AwareDatetime
    due_at: AwareDatetime | None = None
    owner: Applicant


class DossierPayload(BaseModel):
    model_config = ConfigDict(extra="allow")
    dossier: DossierSnapshot
    event_uuid: str | None = Field(default=None, pattern=UUID_PATTERN)


class EventBody(BaseModel):
    model_config = ConfigDict(extra="allow")
    uuid: str = Field(pattern=UUID_PATTERN)
    dossier_uuid: str = Field(pattern=UUID_PATTERN)
    dossier_code: str = Field(default="", max_length=40)
    kind: str = Field(min_length=1, max_length=30)
    at: AwareDatetime
    actor: str = Field(default="", max_length=120)
    from_status: str | None = Field(default=None, max_length=24)
    to_status: str | None = Field(default=None, max_length=24)
    due_after: AwareDatetime | None = None
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
}


class ChangeIn(BaseModel):
    change_id: str = Field(pattern=UUID_PATTERN)
    entity: Literal["dossier", "event", "slip"]
    op: str = Field(max_length=30)
    entity_uuid: str = Field(pattern=UUID_PATTERN)
    created_at: AwareDatetime
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
    type: Literal["status", "submission", "procedure", "calendar", "dossier"]
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
