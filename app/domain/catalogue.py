"""Procedure catalogue (danh mục TTHC): the bundled defaults and the province import format.

domain.md §5: fees and time limits differ by province and the national portal has gaps (empty fee
rows, no published time limit), so the catalogue is data the province imports, never code. The
format is described in resources/catalogue/FORMAT.md. Every row is validated and every error is
reported with its line, so a clerk can fix a whole spreadsheet in one pass.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.domain.catalogue_csv import CSV_COLUMNS, read_csv
from app.domain.catalogue_rows import (
    CODE_RE,
    COUNT_LABELS,
    FEE_KINDS,
    FORMAT_NAME,
    FORMAT_VERSION,
    LEVELS,
    LIMIT_UNITS,
    PROCEDURE_KEYS,
    CatalogueError,
    DocumentSpec,
    ProcedureRecord,
    RowChecker,
    RowError,
    build_record,
)
from app.resources import resource_path

__all__ = [
    "CODE_RE",
    "CSV_COLUMNS",
    "FEE_KINDS",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "LEVELS",
    "LIMIT_UNITS",
    "CatalogueError",
    "DocumentSpec",
    "ProcedureRecord",
    "RowError",
    "bundled_catalogue",
    "fee_for",
    "parse_catalogue",
]


# --------------------------------------------------------------------------- fees


def fee_for(rule: dict | None, *, pages: int = 0, copies: int = 1) -> int | None:
    """Amount in VND, or None when the fee is unknown or set by the provincial council (HĐND).

    per_page follows TT 226/2016/TT-BTC for chứng thực bản sao: first pages at one price, the rest
    at another, capped per copy.
    """
    if pages < 0 or copies < 0:
        raise ValueError(f"số trang ({pages}) và số bản ({copies}) không được âm")
    if rule is None:
        return None
    kind = rule.get("kind")
    if kind in ("unknown", "council"):
        return None
    if kind == "free":
        return 0
    if kind == "fixed":
        return int(rule["amount"]) * copies
    if kind == "per_page":
        first_pages = int(rule["first_pages"])
        per_copy = min(pages, first_pages) * int(rule["first_price"])
        per_copy += max(0, pages - first_pages) * int(rule["next_price"])
        if rule.get("max") is not None:
            per_copy = min(per_copy, int(rule["max"]))
        return per_copy * copies
    raise ValueError(f"loại mức phí không hỗ trợ: {kind!r}")


# --------------------------------------------------------------------------- JSON


_JSON_NAMES = {
    "limit_unit": "limit.unit",
    "limit_value": "limit.value",
    "limit_text": "limit.text",
    "fee_text": "fee.text",
    "fee_rule": "fee.rule",
}


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _json_items(text: str) -> list[tuple[int, Any]]:
    """(line, object) for every procedure; json has no positions, so walk the top level by hand."""
    decoder = json.JSONDecoder()
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogueError([RowError(exc.lineno, "json", f"JSON sai cú pháp: {exc.msg}")]) from exc
    pos = _skip_ws(text, 0)
    if isinstance(document, list):
        array_start = pos
    elif isinstance(document, dict):
        errors = []
        if document.get("format") != FORMAT_NAME:
            errors.append(RowError(1, "format", f'Tệp phải có "format": "{FORMAT_NAME}"'))
        if document.get("version") != FORMAT_VERSION:
            errors.append(RowError(1, "version", f'Chỉ hỗ trợ "version": {FORMAT_VERSION}'))
        if not isinstance(document.get("procedures"), list):
            errors.append(RowError(1, "procedures", 'Tệp phải có danh sách "procedures"'))
        if errors:
            raise CatalogueError(errors)
        pos += 1
        while True:  # keys of the top-level object, in file order; json.loads proved the syntax
            pos = _skip_ws(text, pos)
            key, pos = decoder.raw_decode(text, pos)
            pos = _skip_ws(text, _skip_ws(text, pos) + 1)  # past ':'
            if key == "procedures":
                array_start = pos  # a repeated key: json.loads keeps the last, and so do we
            _, pos = decoder.raw_decode(text, pos)
            pos = _skip_ws(text, pos)
            if text[pos] == "}":
                break
            pos += 1
    else:
        raise CatalogueError([RowError(1, "json", "Tệp JSON phải là một đối tượng hoặc một danh sách")])
    items = []
    pos = _skip_ws(text, array_start + 1)
    while text[pos] != "]":
        item, end = decoder.raw_decode(text, pos)
        items.append((_line_of(text, pos), item))
        pos = _skip_ws(text, end)
        if text[pos] == ",":
            pos = _skip_ws(text, pos + 1)
    return items


def _json_documents(raw: Any, row: RowChecker) -> tuple[DocumentSpec, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        row.error("documents", "Thành phần hồ sơ phải là một danh sách")
        return ()
    specs = []
    for i, item in enumerate(raw):
        where = f"documents[{i}]"
        if not isinstance(item, dict):
            row.error(where, "Giấy tờ phải là một đối tượng có 'name'")
            continue
        extra = sorted(item.keys() - {"name", "originals", "certified", "copies", "required", "note"})
        if extra:
            row.error(where, f"Giấy tờ có trường không hỗ trợ: {', '.join(extra)}")
        name = row.text(item, "name", required=True, label=f"{where}.name (tên giấy tờ)", at=f"{where}.name")
        originals, certified, copies = (
            row.count(item.get(k, 0), f"{where}.{k}", f"{where}.{k} ({label})") for k, label in COUNT_LABELS
        )
        required = item.get("required", True)
        if not isinstance(required, bool):
            row.error(f"{where}.required", f"{where}.required phải là true/false")
        note = row.text(item, "note", label=f"{where}.note", at=f"{where}.note")
        specs.append(DocumentSpec(name, originals, certified, copies, required is not False, note))
    return tuple(specs)


def _from_json(text: str) -> tuple[list[tuple[int, ProcedureRecord | None]], list[RowError]]:
    errors: list[RowError] = []
    rows: list[tuple[int, ProcedureRecord | None]] = []
    for line, item in _json_items(text):
        row = RowChecker(line, _JSON_NAMES, errors)
        if not isinstance(item, dict):
            row.error("procedure", "Mỗi thủ tục phải là một đối tượng JSON")
            rows.append((line, None))
            continue
        for key in sorted(item.keys() - PROCEDURE_KEYS):
            row.error(key, f"Trường '{key}' không thuộc định dạng {FORMAT_NAME} phiên bản {FORMAT_VERSION}")
        flat = dict(item)
        for part, keys in (("limit", ("unit", "value", "text")), ("fee", ("text", "rule"))):
            sub = item.get(part) or {}
            if not isinstance(sub, dict):
                row.error(part, f"'{part}' phải là một đối tượng")
                sub = {}
            for key in sorted(sub.keys() - set(keys)):
                row.error(f"{part}.{key}", f"Trường '{part}.{key}' không hỗ trợ")
            flat.update({f"{part}_{k}": sub.get(k) for k in keys})
        documents = _json_documents(item.get("documents"), row)
        rows.append((line, build_record(flat, row, documents)))
    return rows, errors


# --------------------------------------------------------------------------- entry points


def parse_catalogue(path: Path) -> list[ProcedureRecord]:
    """Read a .json or .csv catalogue; raise CatalogueError listing every bad row, or return all rows."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise CatalogueError(
            [RowError(0, "file", f"Tệp '{path.name}' phải có đuôi .json hoặc .csv (đang là '{suffix}')")]
        )
    raw = path.read_bytes()
    if suffix == ".csv":
        rows, errors = read_csv(raw)
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise CatalogueError([RowError(line, "encoding", "Tệp JSON phải mã hóa UTF-8")]) from exc
        rows, errors = _from_json(text)
    seen: dict[str, int] = {}
    for line, record in rows:
        if record is None:
            continue
        if record.code in seen:
            errors.append(
                RowError(line, "code", f"Mã thủ tục '{record.code}' bị trùng với dòng {seen[record.code]}")
            )
        else:
            seen[record.code] = line
    if errors:
        raise CatalogueError(sorted(errors, key=lambda e: e.line))
    return [record for _, record in rows if record is not None]


def bundled_catalogue() -> list[ProcedureRecord]:
    """The national defaults shipped with the app (domain.md §5), until the province's own is imported.

    Parsed on every call (a few milliseconds) rather than cached: records carry fee-rule dicts, and a
    cache would hand every caller the same mutable objects.
    """
    return parse_catalogue(resource_path("catalogue", "procedures.json"))
