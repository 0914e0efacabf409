"""Procedure-catalogue records and the validation of one row, shared by the JSON and CSV readers.

Every error is collected with its line and the file's own field name, so a clerk can fix a whole
spreadsheet in one pass instead of one error per import attempt.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.text import nfc
from app.domain.vocab import PROCEDURE_CODE_RE

FORMAT_NAME = "motcua-catalogue"
FORMAT_VERSION = 1
LIMIT_UNITS = ("working_days", "calendar_days", "hours", "same_day", "unknown")
LEVELS = ("xa", "huyen", "tinh", "trung_uong")
FEE_KINDS = ("free", "fixed", "per_page", "council", "unknown")
# National code N.NNNNNN; local variants append ".01" or the unit code ".000.00.00.H55" (domain.md §2).
CODE_RE = PROCEDURE_CODE_RE  # one pattern for desk, sync and hub (app.domain.vocab)
PROCEDURE_KEYS = frozenset(
    ("code", "name", "field", "field_code", "limit", "fee", "documents", "processing_body", "level")
    + ("source", "notes", "active")
)
COUNT_LABELS = (
    ("originals", "số bản chính"),
    ("certified", "số bản chứng thực"),
    ("copies", "số bản photo"),
)
_FEE_RULE_KEYS = {
    "free": ({"kind"}, set()),
    "fixed": ({"kind", "amount"}, {"per"}),
    "per_page": ({"kind", "first_pages", "first_price", "next_price"}, {"max"}),
    "council": ({"kind"}, set()),
    "unknown": ({"kind"}, set()),
}


@dataclass(frozen=True)
class DocumentSpec:
    name: str
    originals: int = 0
    certified: int = 0
    copies: int = 0
    required: bool = True
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "originals": self.originals,
            "certified": self.certified,
            "copies": self.copies,
            "required": self.required,
            "note": self.note,
        }


@dataclass(frozen=True)
class ProcedureRecord:
    code: str
    name: str
    field: str
    field_code: str
    limit_unit: str
    limit_value: float | None
    limit_text: str
    fee_text: str
    fee_rule: dict | None
    documents: tuple[DocumentSpec, ...]
    processing_body: str
    level: str
    source: str
    notes: str
    active: bool

    def to_json(self) -> dict:
        """The procedure object of procedures.json; parse_catalogue reads it back unchanged."""
        return {
            "code": self.code,
            "name": self.name,
            "field": self.field,
            "field_code": self.field_code,
            "limit": {"unit": self.limit_unit, "value": self.limit_value, "text": self.limit_text},
            "fee": {"text": self.fee_text, "rule": None if self.fee_rule is None else dict(self.fee_rule)},
            "documents": [d.to_json() for d in self.documents],
            "processing_body": self.processing_body,
            "level": self.level,
            "source": self.source,
            "notes": self.notes,
            "active": self.active,
        }


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"dòng {self.line}, " if self.line > 0 else ""
        return f"{where}trường {self.field}: {self.message}"


class CatalogueError(ValueError):
    def __init__(self, errors: list[RowError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


# --------------------------------------------------------------------------- validation of one row


class RowChecker:
    """Collects errors for one procedure; `names` maps internal keys to the file's own field names."""

    def __init__(self, line: int, names: Mapping[str, str], errors: list[RowError]) -> None:
        self.line, self.names, self.errors = line, names, errors
        self.failed = False

    def error(self, key: str, message: str) -> None:
        self.failed = True
        self.errors.append(RowError(self.line, self.names.get(key, key), message))

    def text(
        self, data: Mapping[str, Any], key: str, *, required: bool = False, label: str = "", at: str = ""
    ) -> str:
        """A string field, NFC; `at` names the field in errors when it differs from `key`."""
        value = data.get(key)
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.error(at or key, f"{label or key} phải là chuỗi ký tự")
            return ""
        value = nfc(value)
        if required and not value:
            self.error(at or key, f"{label or key} là bắt buộc, không được để trống")
        return value

    def count(self, value: Any, key: str, label: str) -> int:
        if isinstance(value, str):
            value = value.strip() or 0
            if isinstance(value, str) and value.isascii() and value.isdigit():
                value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.error(key, f"{label} phải là số nguyên không âm (đang là {value!r})")
            return 0
        return value


def build_record(
    data: Mapping[str, Any], row: RowChecker, documents: tuple[DocumentSpec, ...]
) -> ProcedureRecord | None:
    code = row.text(data, "code", required=True, label="Mã thủ tục")
    if code and not CODE_RE.fullmatch(code):
        hint = " (Excel có thể đã đổi mã thành số: hãy định dạng cột là Text)" if code.count(".") == 1 else ""
        row.error("code", f"Mã thủ tục '{code}' không đúng dạng N.NNNNNN, ví dụ 1.001193{hint}")
    name = row.text(data, "name", required=True, label="Tên thủ tục")
    unit = row.text(data, "limit_unit", required=True, label="Đơn vị thời hạn")
    if unit and unit not in LIMIT_UNITS:
        row.error("limit_unit", f"Đơn vị thời hạn '{unit}' không hợp lệ; chỉ nhận: {', '.join(LIMIT_UNITS)}")
    value = _limit_value(data.get("limit_value"), unit, row)
    level = row.text(data, "level") or "xa"
    if level not in LEVELS:
        row.error("level", f"Cấp thực hiện '{level}' không hợp lệ; chỉ nhận: {', '.join(LEVELS)}")
    rule = _fee_rule(data.get("fee_rule"), row)
    active = data.get("active", True)
    if not isinstance(active, bool):
        row.error("active", f"Trạng thái áp dụng phải là true/false (CSV: 1/0, có/không), đang là {active!r}")
    fields = {k: row.text(data, k) for k in ("field", "field_code", "limit_text", "fee_text")}
    fields |= {k: row.text(data, k) for k in ("processing_body", "source", "notes")}
    if row.failed:
        return None
    return ProcedureRecord(
        code=code,
        name=name,
        limit_unit=unit,
        limit_value=value,
        fee_rule=rule,
        documents=documents,
        level=level,
        active=bool(active),
        **fields,
    )


def _limit_value(raw: Any, unit: str, row: RowChecker) -> float | None:
    if isinstance(raw, str):
        raw = raw.strip().replace(",", ".") or None
        if raw is not None:
            try:
                raw = float(raw)
            except ValueError:
                row.error("limit_value", f"Thời hạn phải là một số (đang là '{raw}')")
                return None
    # float() and json.loads both accept NaN/Infinity, which would pass a "> 0" test.
    if raw is not None and (
        isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw)
    ):
        row.error("limit_value", f"Thời hạn phải là một số hữu hạn (đang là {raw!r})")
        return None
    if unit in ("working_days", "calendar_days", "hours"):
        if raw is None or raw <= 0:
            shown = "để trống" if raw is None else f"đang là {raw!r}"
            row.error("limit_value", f"Đơn vị {unit} cần thời hạn là số dương ({shown})")
            return None
        return float(raw)
    if unit in ("same_day", "unknown") and raw not in (None, 0):
        row.error("limit_value", f"Đơn vị {unit} không mang số thời hạn (đang là {raw!r}); để trống")
    return None


def _fee_rule(raw: Any, row: RowChecker) -> dict | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        row.error("fee_rule", f"Quy tắc tính phí phải là một đối tượng có 'kind' (đang là {raw!r})")
        return None
    kind = raw.get("kind")
    if kind not in _FEE_RULE_KEYS:
        row.error("fee_rule", f"Loại phí '{kind}' không hợp lệ; chỉ nhận: {', '.join(FEE_KINDS)}")
        return None
    required, optional = _FEE_RULE_KEYS[kind]
    missing = sorted(required - raw.keys())
    extra = sorted(raw.keys() - required - optional)
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"thiếu {', '.join(missing)}")
        if extra:
            parts.append(f"thừa {', '.join(extra)}")
        row.error("fee_rule", f"Quy tắc phí loại {kind}: {'; '.join(parts)}")
        return None
    rule: dict[str, Any] = {"kind": kind}
    for key in sorted((required | optional) - {"kind", "per"}):
        if key in raw and not (key == "max" and raw[key] is None):
            rule[key] = row.count(raw[key], "fee_rule", f"Quy tắc phí: {key}")
    if "per" in raw:
        if not isinstance(raw["per"], str):
            row.error("fee_rule", "Quy tắc phí: per (đơn vị tính) phải là chuỗi ký tự")
        else:
            rule["per"] = nfc(raw["per"])
    return rule
