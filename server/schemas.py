"""Pydantic models of wire protocol v1: request validation and the hub's OpenAPI document.

They describe the shapes of sync/protocol.py. Validation only checks them; the change that is
stored and hashed is the client's original JSON, so a resend hashes to the same digest.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from sync.protocol import MAX_CHANGES_PER_BATCH, MAX_JSON_DEPTH, UNIT_CODE_PATTERN

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
UNIT_PATTERN = rf"^{UNIT_CODE_PATTERN}$"  # the one pattern (app.domain.vocab via sync.protocol)

# Issue 8 §7: every text the hub stores in a sized column is checked against that size here, so
# SQLite (which ignores VARCHAR sizes) and PostgreSQL (which raises: a 500 on every resend, a
# queue stuck for ever) answer alike: a 422 naming the field. Sizes mirror server/models.py.
# NUL, C0/C1 controls and lone surrogates are refused anywhere in a body (``text_problem``);
# tab and line breaks only in free text, never in a one-line field.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# The same two rules as JSON-Schema patterns (issue 13 §6: the document rejects what the server
# rejects). Python's re and ECMA-262 read these escapes alike. Lone surrogates (refused too) are
# left out: JSON Schema strings are Unicode scalar values, and Schemathesis drops such a pattern.
FREE_TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
ONE_LINE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"
# Any JSON value whose texts and keys are clean (payloads the hub keeps as sent, extra fields).
# pydantic resolves every $ref it meets, so models carry a marker that ``finish_openapi`` turns
# into the reference to this component.
FREE_JSON_REF = "#/components/schemas/FreeJson"
_FREE_MARK: dict[str, Any] = {"x-motcua-free-json": True}
FREE_JSON_SCHEMA: dict[str, Any] = {
    "description": "any JSON value; no control characters in its texts or keys",
    "anyOf": [
        {"type": "string", "pattern": FREE_TEXT_PATTERN},
        {"type": "number"},
        {"type": "boolean"},
        {"type": "null"},
        {"type": "array", "items": {"$ref": FREE_JSON_REF}},
        {
            "type": "object",
            "propertyNames": {"pattern": FREE_TEXT_PATTERN},
            "additionalProperties": {"$ref": FREE_JSON_REF},
        },
    ],
}


class _SchemaExtra:
    """Adds keywords (a ``pattern``, a ``maxLength``) to a field's JSON schema only: the validator
    that enforces the same rule gives a friendlier message than pydantic's own error would."""

    def __init__(self, **extra: Any) -> None:
        self.extra = extra

    def __get_pydantic_json_schema__(self, core: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        schema = handler(core)
        schema.update(self.extra)
        return schema


def _free_extras(schema: dict[str, Any]) -> None:
    """Models that keep unknown fields: say what those fields may hold."""
    schema["additionalProperties"] = dict(_FREE_MARK)
    schema["propertyNames"] = {"pattern": FREE_TEXT_PATTERN}


FREE_OBJECT: dict[str, Any] = {"type": "object", "additionalProperties": _FREE_MARK,
                               "propertyNames": {"pattern": FREE_TEXT_PATTERN}}  # fmt: skip
FreeObject = Annotated[dict[str, Any], WithJsonSchema(FREE_OBJECT)]


# One-line fields and sizes are core (Rust) constraints: the Python validators they replace cost
# ~1.6 ms of a 3.3 ms batch of 100 dossiers (issue 13 profile), a Field(max_length) placed after a
# Python validator being itself run in Python. ``_reason`` words their errors for the desk.
def _one_line(size: int | None = None) -> Any:
    return StringConstraints(max_length=size, pattern=ONE_LINE_PATTERN)


FreeText = Annotated[str, _SchemaExtra(pattern=FREE_TEXT_PATTERN)]
Text10 = Annotated[str, _one_line(10)]
Text20 = Annotated[str, _one_line(20)]
Text24 = Annotated[str, _one_line(24)]
Text30 = Annotated[str, _one_line(30)]
Text40 = Annotated[str, _one_line(40)]
Text120 = Annotated[str, _one_line(120)]
Text200 = Annotated[str, _one_line(200)]
STAMP_SIZE = 40  # the hub stores the desk's own text of a timestamp (String(40)), not the parsed value


class _StampText:
    """A timezone-aware ISO 8601 timestamp of at most ``STAMP_SIZE`` characters, checked in one
    core chain (size, then the datetime parser); the document says date-time and maxLength."""

    @classmethod
    def __get_pydantic_core_schema__(cls, _source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.chain_schema(
            [core_schema.str_schema(max_length=STAMP_SIZE), handler.generate_schema(AwareDatetime)]
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, _core: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "format": "date-time", "maxLength": STAMP_SIZE}


Stamp = Annotated[str, _StampText]


# orjson reads an integer literal beyond 64 bits as a float; the standard library keeps it an int.
HUGE = 2.0**63


def surely_clean(body: Any) -> bool:
    """True when ``scan(body)`` is certainly ``("", False)``; False means "not certain": the
    caller runs ``scan``, which finds and names the problem. Issue 13: the walk of ``scan`` cost
    ~40 µs a change (a path string built for every value). This one builds no path, pushes only
    containers, and checks every text and key at once: one regex over their concatenation
    (joined by a line feed, a character the rule allows)."""
    texts: list[str] = []
    stack: list[tuple[Any, int]] = [(body, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            texts.extend(value)
            items: Any = value.values()
        elif isinstance(value, list):
            items = value
        else:  # the body itself is a scalar
            items = (value,)
            depth -= 1
        if depth >= MAX_JSON_DEPTH and items:
            return False  # a value deeper than the limit (``scan`` counts the body as depth 0)
        for item in items:
            kind = type(item)
            if kind is str:
                texts.append(item)
            elif kind is dict or kind is list:
                stack.append((item, depth + 1))
            elif kind is float and not -HUGE < item < HUGE:
                return False
    return _CONTROLS.search("\n".join(texts)) is None


_DIGITS_AS_NINE = bytes.maketrans(b"012345678", b"999999999")
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"{}[]")))
_EMPTY_CONTAINER = re.compile(rb"\{\}|\[\]")


def surely_clean_text(raw: bytes) -> bool:
    """``surely_clean``, read from the JSON text the hub parsed instead of the parsed value
    (``text_facts``). False means "not certain": the caller asks ``surely_clean``."""
    return text_facts(raw)[0]


def text_facts(raw: bytes) -> tuple[bool, bool]:
    """(``surely_clean_text(raw)``, whether a number with a fraction may be in it), with bytes
    methods only (issue 13: the walk cost 1.3 ms a batch of 100 dossiers, this ~0.6).

    It vouches only for a text without a backslash (no escape, so no escaped quote: splitting at
    quotes separates texts from the rest), without DEL or a C1 control (UTF-8 ``C2 80``–``C2 9F``;
    any ``C2`` lead byte is taken as suspect) and raw C0 controls are not JSON at all. Outside the
    texts, no number may have an exponent or 19 digits (a float that may reach 2**63), and the
    brackets may nest ``MAX_JSON_DEPTH`` deep, the body's own included: each round takes the
    innermost empty pairs away. A text it vouches for has no exponent outside its texts, so
    without a point there either, no value parsed from it is a float (server/canon.py
    ``floats``)."""
    if b"\\" in raw or b"\x7f" in raw or b"\xc2" in raw:
        return False, True
    outside = b"".join(raw.split(b'"')[0::2])
    words = outside.replace(b"true", b"").replace(b"false", b"")
    if b"e" in words or b"E" in words or b"9" * 19 in words.translate(_DIGITS_AS_NINE):
        return False, True
    floats = b"." in outside
    brackets = outside.translate(None, _NOT_BRACKETS)
    for _ in range(MAX_JSON_DEPTH):
        if not brackets:
            return True, floats
        brackets = _EMPTY_CONTAINER.sub(b"", brackets)
    return not brackets, floats


def text_problem(body: Any) -> str:
    """Where ``body`` nests too deep or holds a forbidden character ('' when it is clean)."""
    return scan(body)[0]


def scan(body: Any) -> tuple[str, bool]:
    """``text_problem``, and whether a float as large as 2**63 was met (it may have been an
    integer literal that orjson read as a float: the caller parses again, exactly).

    Iterative (a 100 000-deep array must not exhaust the stack) and run before any model."""
    huge = False
    stack: list[tuple[str, Any, int]] = [("", body, 0)]
    while stack:
        where, value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return f"{where or 'body'}: lồng nhau quá sâu (tối đa {MAX_JSON_DEPTH} cấp)", huge
        if isinstance(value, float):
            huge = huge or not -HUGE < value < HUGE
        elif isinstance(value, str):
            bad = _CONTROLS.search(value)
            if bad:
                return (
                    f"{where or 'body'}: chứa ký tự điều khiển không được phép (U+{ord(bad.group()):04X})",
                    huge,
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                bad = _CONTROLS.search(key)
                if bad:
                    return (
                        f"{where or 'body'}: tên trường chứa ký tự điều khiển (U+{ord(bad.group()):04X})",
                        huge,
                    )
                stack.append((f"{where}.{key}" if where else key, item, depth + 1))
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", item, depth + 1) for i, item in enumerate(value))
    return "", huge


# Unknown fields are welcome anywhere (the desk's dossier carries many more): the hub keeps the
# body as sent, never these models, so validation skips them ("ignore") instead of copying them
# into each model ("allow" cost ~15 % of validating a batch, issue 13). The document still says
# what they may hold (``_free_extras``), and the body is refused if one holds a control character
# (``text_problem`` reads the whole body).
FREE_EXTRAS = ConfigDict(extra="ignore", json_schema_extra=_free_extras)


class Applicant(BaseModel):
    model_config = FREE_EXTRAS
    name: Annotated[Text200, Field(min_length=1)]
    id_type: Text10 | None = None
    id_number: Text20 | None = None


class DossierSnapshot(BaseModel):
    """The desk's dossier_dict (app/services/snapshot.py); unknown extra fields are welcome (the
    hub stores the body as sent, not this model)."""

    model_config = FREE_EXTRAS
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
    notes: FreeText | None = None


class DossierPayload(BaseModel):
    model_config = FREE_EXTRAS
    dossier: DossierSnapshot
    event_uuid: str | None = Field(default=None, pattern=UUID_PATTERN)


class EventBody(BaseModel):
    model_config = FREE_EXTRAS
    uuid: str = Field(pattern=UUID_PATTERN)
    dossier_uuid: str = Field(pattern=UUID_PATTERN)
    dossier_code: Text40 = ""
    kind: Annotated[Text30, Field(min_length=1)]
    at: Stamp
    actor: Text120 = ""
    from_status: Text24 | None = None
    to_status: Text24 | None = None
    due_after: Stamp | None = None
    note: FreeText = ""
    data: FreeObject | None = None


class EventPayload(BaseModel):
    model_config = FREE_EXTRAS
    event: EventBody


class _Change(BaseModel):
    model_config = FREE_EXTRAS
    change_id: str = Field(pattern=UUID_PATTERN)
    entity_uuid: str = Field(pattern=UUID_PATTERN)
    created_at: Stamp


# One model per entity, its ops and its payload's shape (issue 13 §6: the OpenAPI document lists
# exactly the entity/op pairs the hub takes). Kinds without a model are checked by their handlers
# in server/store*.py and stored as sent. tests/server/test_openapi_contract.py checks that these
# pairs are sync.protocol.KINDS.
class DossierChange(_Change):
    entity: Literal["dossier"]
    op: Literal["create", "update"]
    payload: DossierPayload


class EventChange(_Change):
    entity: Literal["event"]
    op: Literal["append"]
    payload: EventPayload


class SlipChange(_Change):
    entity: Literal["slip"]
    op: Literal["printed"]  # the print log is free-form; only its ownership is checked
    payload: FreeObject


class AccessChange(_Change):
    entity: Literal["access"]
    op: Literal["logged"]  # access-log entry: kept as sent (server/store.py access_logged)
    payload: FreeObject


class PersonChange(_Change):
    entity: Literal["person"]
    op: Literal["erased"]  # erasure: lists the office's own dossiers (checked in store.py)
    payload: FreeObject


class RatingChange(_Change):
    entity: Literal["rating"]
    op: Literal["submit"]  # issue 12: checked by server/store_citizen.py, stored as sent
    payload: FreeObject


class FeedbackChange(_Change):
    entity: Literal["feedback"]
    op: Literal["submit", "answer"]
    payload: FreeObject


CHANGE_MODELS: tuple[type[_Change], ...] = (
    DossierChange, EventChange, SlipChange, AccessChange, PersonChange, RatingChange, FeedbackChange,
)  # fmt: skip
ENTITIES = frozenset(m.model_fields["entity"].annotation.__args__[0] for m in CHANGE_MODELS)  # type: ignore[union-attr]

ChangeIn = Annotated[
    DossierChange | EventChange | SlipChange | AccessChange | PersonChange | RatingChange | FeedbackChange,
    Field(discriminator="entity"),
]


class ChangesIn(BaseModel):
    model_config = FREE_EXTRAS
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
    """Every 4xx answer of the hub, body and query validation alike (issue 13 §6). Some carry more:
    the anchor's 409 the head the hub keeps (``kept``), a blob's 409 the bytes received."""

    model_config = ConfigDict(extra="allow")
    detail: str
    change_ids: list[str] = []


def _reason(err: Mapping[str, Any], loc: list[Any]) -> tuple[list[Any], str]:
    """Where and why, in the desk's words, for one pydantic error."""
    kind, msg = err.get("type", ""), str(err.get("msg", "")).removeprefix("Value error, ")
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        entity = (err.get("ctx") or {}).get("tag", "")
        op = err["input"].get("op", "") if isinstance(err.get("input"), dict) else ""
        return loc, f"loại thay đổi {entity}/{op} không được hỗ trợ"
    # A change's model is chosen by its entity, which pydantic adds to the location: drop it,
    # and name an unknown op the way an unknown entity is named.
    if len(loc) >= 3 and loc[0] == "changes" and isinstance(loc[1], int) and loc[2] in ENTITIES:
        entity, loc = loc[2], [*loc[:2], *loc[3:]]
        if loc[2:] == ["op"]:
            return loc[:2], f"loại thay đổi {entity}/{err.get('input', '')} không được hỗ trợ"
    ctx = err.get("ctx") or {}
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == ONE_LINE_PATTERN:
        msg = "không được chứa xuống dòng hay ký tự tab"
    elif kind == "string_too_long":
        msg = f"dài quá {ctx.get('max_length')} ký tự"
    return loc, msg


def _dotted(loc: list[Any], where: str = "") -> str:
    for part in loc:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    return where


def describe(errors: Sequence[Mapping[str, Any]], prefix: str = "") -> str:
    """First few validation errors as 'changes[3].payload.dossier.received_at: message'."""
    parts = []
    for err in errors[:5]:
        loc, msg = _reason(err, list(err.get("loc", ())))
        if len(loc) > 2 and loc[0] == "changes" and isinstance(loc[1], int):
            # The desk shows "changes[3]: payload.dossier.received_at: …" (the change, then the field).
            parts.append(f"{prefix}changes[{loc[1]}]: {_dotted(loc[2:])}: {msg}")
        else:
            parts.append(f"{_dotted(loc, prefix) or 'body'}: {msg}")
    more = len(errors) - 5
    return "; ".join(parts) + (f" (và {more} lỗi khác)" if more > 0 else "")


def explain(exc: ValidationError) -> str:
    """The reason of a 422: the first few pydantic errors, located."""
    return "Dữ liệu gửi lên không hợp lệ: " + describe(exc.errors())


def finish_openapi(doc: dict[str, Any]) -> dict[str, Any]:
    """Add the FreeJson component and point every marker at it."""

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if node.get("x-motcua-free-json"):
                return {"$ref": FREE_JSON_REF}
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    doc = walk(doc)
    doc.setdefault("components", {}).setdefault("schemas", {})["FreeJson"] = FREE_JSON_SCHEMA
    return doc
