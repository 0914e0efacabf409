"""CSV flavour of the catalogue import (resources/catalogue/FORMAT.md): one row per procedure.

Provinces keep their catalogue in spreadsheets; this reads what Excel saves (BOM, ';' separator in a
Vietnamese locale, cells turned into numbers) and reports every bad line by its physical number.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from app.domain.catalogue_rows import (
    COUNT_LABELS,
    CatalogueError,
    DocumentSpec,
    ProcedureRecord,
    RowChecker,
    RowError,
    build_record,
)
from app.domain.text import nfc

CSV_COLUMNS = (
    "code", "name", "field", "field_code", "limit_unit", "limit_value", "limit_text", "fee_text",
    "fee_rule", "documents", "processing_body", "level", "source", "notes", "active",
)  # fmt: skip


_TRUE = {"1", "true", "x", "có", "co", "yes"}
_FALSE = {"0", "false", "không", "khong", "no"}
_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")


def _csv_bool(value: str, default: bool) -> bool | str:
    key = nfc(value).lower()
    if not key:
        return default
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    return value  # not a bool: the caller reports it with the row's line


def _csv_amount(text: str) -> str:
    text = text.strip()
    return text.replace(".", "") if _GROUPED.fullmatch(text) else text  # "8.000" is Vietnamese 8000


def _csv_fee_rule(cell: str, row: RowChecker) -> Any:
    """Compact cell syntax (FORMAT.md): free | council | unknown | fixed:8000[:per] |
    per_page:2:2000:1000[:200000], or a JSON object."""
    cell = nfc(cell)
    if not cell:
        return None
    if cell.startswith("{"):
        try:
            return json.loads(cell)
        except json.JSONDecodeError as exc:
            row.error("fee_rule", f"Quy tắc phí dạng JSON sai cú pháp: {exc.msg}")
            return None
    kind, *args = [p.strip() for p in cell.split(":")]
    if kind == "fixed" and len(args) in (1, 2):
        rule: dict[str, Any] = {"kind": kind, "amount": _csv_amount(args[0])}
        if len(args) == 2:
            rule["per"] = args[1]
        return rule
    if kind == "per_page" and len(args) in (3, 4):
        keys = ("first_pages", "first_price", "next_price", "max")
        return {"kind": kind} | {k: _csv_amount(v) for k, v in zip(keys, args, strict=False)}
    if kind in ("free", "council", "unknown") and not args:
        return {"kind": kind}
    row.error(
        "fee_rule",
        f"Quy tắc phí '{cell}' không hợp lệ; dùng free, council, unknown, fixed:SỐ_TIỀN[:đơn vị] "
        "hoặc per_page:SỐ_TRANG_ĐẦU:GIÁ_TRANG_ĐẦU:GIÁ_TRANG_SAU[:TỐI_ĐA]",
    )
    return None


def _csv_documents(cell: str, row: RowChecker) -> tuple[DocumentSpec, ...]:
    specs = []
    items = [item for item in cell.split(";") if item.strip()]
    for i, item in enumerate(items, start=1):
        parts = [nfc(p) for p in item.split("|")]
        if len(parts) > 6:
            row.error("documents", f"Giấy tờ thứ {i}: nhiều hơn 6 phần ngăn bởi '|'")
            continue
        parts += [""] * (6 - len(parts))
        name, originals, certified, copies, required, note = parts
        if not name:
            row.error("documents", f"Giấy tờ thứ {i}: thiếu tên giấy tờ")
        n_originals, n_certified, n_copies = (
            row.count(value, "documents", f"Giấy tờ thứ {i} ({name}): {label}")
            for value, (_, label) in zip((originals, certified, copies), COUNT_LABELS, strict=True)
        )
        flag = _csv_bool(required, True)
        if not isinstance(flag, bool):
            row.error(
                "documents", f"Giấy tờ thứ {i} ({name}): cột bắt buộc phải là 1/0 (đang là '{required}')"
            )
        specs.append(DocumentSpec(name, n_originals, n_certified, n_copies, flag is not False, note))
    return tuple(specs)


def _decode_csv(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass  # report every bad line below, not just the first
    # b"\n" never occurs inside a UTF-8 sequence, so the whole file fails only if some line does.
    errors = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = line[exc.start : exc.start + 1].hex()
            errors.append(
                RowError(
                    number,
                    "encoding",
                    f"Tệp không phải UTF-8 (byte 0x{bad} ở cột {exc.start + 1}; có thể là TCVN3, VNI "
                    "hoặc Windows-1258). Hãy lưu lại bằng 'CSV UTF-8'",
                )
            )
    raise CatalogueError(errors)


def read_csv(raw: bytes) -> tuple[list[tuple[int, ProcedureRecord | None]], list[RowError]]:
    text = _decode_csv(raw)
    first = text.split("\n", 1)[0]
    # Excel in a Vietnamese locale (decimal comma) saves CSV with ';' as the separator.
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    errors: list[RowError] = []
    try:
        header = [nfc(h).lower() for h in next(reader)]
    except StopIteration:
        raise CatalogueError([RowError(1, "header", "Tệp CSV trống, thiếu dòng tiêu đề")]) from None
    unknown = [h for h in header if h not in CSV_COLUMNS]
    errors += [RowError(1, h or "(trống)", "Cột không thuộc định dạng, xem FORMAT.md") for h in unknown]
    errors += [
        RowError(1, c, "Thiếu cột bắt buộc") for c in ("code", "name", "limit_unit") if c not in header
    ]
    errors += [RowError(1, h, "Cột bị lặp") for h in sorted({h for h in header if header.count(h) > 1})]
    if errors:
        raise CatalogueError(errors)
    rows: list[tuple[int, ProcedureRecord | None]] = []
    last = reader.line_num
    try:
        for cells in reader:
            line, last = last + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            row = RowChecker(line, {}, errors)
            if len(cells) != len(header):
                row.error("(số cột)", f"Dòng có {len(cells)} ô, tiêu đề có {len(header)} cột")
                rows.append((line, None))
                continue
            data: dict[str, Any] = dict(zip(header, cells, strict=True))
            data["fee_rule"] = _csv_fee_rule(data.get("fee_rule", ""), row)
            data["active"] = _csv_bool(data.get("active", ""), True)
            documents = _csv_documents(data.get("documents", ""), row)
            rows.append((line, build_record(data, row, documents)))
    except csv.Error as exc:
        errors.append(RowError(reader.line_num, "csv", f"CSV sai cú pháp: {exc}"))
    return rows, errors
