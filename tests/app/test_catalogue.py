from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from app.domain.catalogue import (
    CODE_RE,
    CatalogueError,
    DocumentSpec,
    ProcedureRecord,
    RowError,
    bundled_catalogue,
    fee_for,
    parse_catalogue,
)
from app.resources import resource_path

DATA = Path(__file__).parent / "data" / "catalogue"

# The 32 commune procedures of domain.md §5.
SECTION5_CODES = (
    "1.001193 1.000894 1.000656 1.001022 1.000689 1.004873 1.004884 1.004746 1.005461 2.000635 "
    "1.004837 1.004845 1.004859 2.000806 2.000815 2.000884 2.001035 2.001019 2.000942 2.001008 "
    "1.001699 1.001653 1.001776 1.001731 1.011607 1.001612 2.000720 1.001570 1.001266 1.013967 "
    "1.004194 1.004222"
).split()
PER_PAGE = {"kind": "per_page", "first_pages": 2, "first_price": 2000, "next_price": 1000, "max": 200000}


def errors_of(path: Path) -> list[tuple[int, str]]:
    with pytest.raises(CatalogueError) as info:
        parse_catalogue(path)
    return [(e.line, e.field) for e in info.value.errors]


def by_code(records: list[ProcedureRecord]) -> dict[str, ProcedureRecord]:
    return {r.code: r for r in records}


# --------------------------------------------------------------------------- bundled catalogue


def test_bundled_catalogue_has_every_section5_procedure() -> None:
    records = bundled_catalogue()
    assert len(SECTION5_CODES) == 32 == len(set(SECTION5_CODES))
    assert len(records) >= 32
    codes = by_code(records)
    assert len(codes) == len(records)  # unique
    missing = [c for c in SECTION5_CODES if c not in codes]
    assert missing == []
    for code in SECTION5_CODES:
        rec = codes[code]
        assert rec.name and rec.field and rec.source.startswith("["), code
        assert rec.level == "xa" and rec.active, code
        assert rec.documents, f"{code} has no documents"


def test_bundled_values_follow_domain_section5() -> None:
    c = by_code(bundled_catalogue())
    assert c["1.001193"].limit_unit == "same_day"
    assert "15 giờ" in c["1.001193"].limit_text
    assert (c["1.001699"].limit_unit, c["1.001699"].limit_value) == ("working_days", 25.0)
    assert (c["1.004222"].limit_unit, c["1.004222"].limit_value) == ("working_days", 7.0)
    assert (c["1.004845"].limit_unit, c["1.004845"].limit_value) == ("working_days", 2.0)
    assert c["1.000894"].fee_rule == {"kind": "free"} and "Miễn" in c["1.000894"].fee_text
    assert c["2.000635"].fee_rule == {"kind": "fixed", "amount": 8000, "per": "bản sao"}
    assert c["2.000884"].fee_rule == {"kind": "fixed", "amount": 10000, "per": "trường hợp"}
    assert c["2.001019"].fee_rule == {"kind": "fixed", "amount": 50000, "per": "di chúc"}
    assert c["2.000815"].fee_rule == PER_PAGE
    assert c["2.000942"].fee_rule == PER_PAGE
    assert c["1.004873"].fee_rule == {"kind": "council"}
    assert "Công an" in c["1.004194"].processing_body
    assert "Công an" in c["1.004222"].processing_body


@pytest.mark.parametrize("code", ["2.001008", "1.001776", "1.011607", "1.001731"])
def test_unknown_time_limits_are_flagged_not_invented(code: str) -> None:
    rec = by_code(bundled_catalogue())[code]
    assert rec.limit_unit == "unknown"
    assert rec.limit_value is None
    assert "unknown" in rec.notes


def test_bundled_no_free_without_the_source_saying_so() -> None:
    for rec in bundled_catalogue():
        text = rec.fee_text.lower()
        if "miễn" in text and rec.code not in ("1.000894",):
            # khai sinh / khai tử: free only when on time; the app must not compute 0 by itself.
            assert rec.fee_rule != {"kind": "free"}, rec.code
        if rec.fee_rule == {"kind": "free"}:
            assert rec.fee_text in ("Miễn lệ phí", "Không"), rec.code
        if not rec.fee_text:
            assert rec.fee_rule == {"kind": "unknown"}, rec.code
        assert "miễn phí" not in text, rec.code


def test_bundled_text_is_nfc_and_codes_are_well_formed() -> None:
    for rec in bundled_catalogue():
        assert CODE_RE.fullmatch(rec.code)
        for value in (rec.name, rec.field, rec.limit_text, rec.fee_text, rec.notes, rec.source):
            assert unicodedata.is_normalized("NFC", value)


def test_bundled_file_header() -> None:
    document = json.loads(resource_path("catalogue", "procedures.json").read_text("utf-8"))
    assert document["format"] == "motcua-catalogue" and document["version"] == 1
    assert document["published"] and document["authority"] and document["source"]


def test_bundled_returns_a_fresh_list() -> None:
    first = bundled_catalogue()
    first.clear()
    assert len(bundled_catalogue()) >= 32


def test_to_json_round_trips(tmp_path: Path) -> None:
    records = bundled_catalogue()
    original = json.loads(resource_path("catalogue", "procedures.json").read_text("utf-8"))
    assert [r.to_json() for r in records] == original["procedures"]
    path = tmp_path / "again.json"
    path.write_text(json.dumps([r.to_json() for r in records], ensure_ascii=False), "utf-8")
    assert parse_catalogue(path) == records


# --------------------------------------------------------------------------- good imports


def test_good_json() -> None:
    records = parse_catalogue(DATA / "good.json")
    assert [r.code for r in records] == ["2.000635", "1.004222"]
    first, second = records
    assert first.field_code == "G09-TP05"
    assert first.documents == (
        DocumentSpec("Tờ khai", 1, 0, 0, True, ""),
        DocumentSpec("Văn bản ủy quyền", 1, 0, 0, False, "Khi nộp thay"),
    )
    assert fee_for(first.fee_rule, copies=2) == 16000
    # Minimal object: defaults fill the rest.
    assert second == ProcedureRecord(
        code="1.004222",
        name="Đăng ký thường trú",
        field="",
        field_code="",
        limit_unit="working_days",
        limit_value=7.0,
        limit_text="",
        fee_text="",
        fee_rule=None,
        documents=(),
        processing_body="",
        level="xa",
        source="",
        notes="",
        active=True,
    )


def test_good_csv() -> None:
    records = by_code(parse_catalogue(DATA / "good.csv"))
    assert list(records) == ["1.001193", "2.000815.000.00.00.H55", "1.000894.01", "1.004873"]
    birth = records["1.001193"]
    assert birth.limit_text.startswith("Ngay trong ngày; sau 15 giờ")
    assert birth.documents[1] == DocumentSpec("Giấy chứng sinh", 1, 0, 0, True, "Hoặc giấy cam đoan")
    assert birth.documents[2] == DocumentSpec("CCCD", 0, 0, 0, True, "Xuất trình")
    copy = records["2.000815.000.00.00.H55"]
    assert copy.fee_rule == PER_PAGE  # "2.000" thousands dots read as 2000
    assert copy.active is True  # "có"
    marriage = records["1.000894.01"]
    assert marriage.name == "Đăng ký kết hôn (trực tuyến)"  # quoted line break folded by NFC input rule
    assert (marriage.limit_unit, marriage.limit_value) == ("hours", 4.5)
    status = records["1.004873"]
    assert status.limit_value == 3.0  # "3,0" decimal comma
    assert status.fee_rule == {"kind": "fixed", "amount": 5000}  # JSON object in a cell
    assert status.active is False  # "không"


def test_csv_with_bom_and_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    text = "code;name;limit_unit;limit_value;documents\n1.001193;Đăng ký khai sinh;working_days;1;Tờ khai|1\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (record,) = parse_catalogue(path)
    assert (record.code, record.limit_value, record.documents[0].originals) == ("1.001193", 1.0, 1)


def test_csv_input_is_nfc(tmp_path: Path) -> None:
    path = tmp_path / "nfd.csv"
    name = unicodedata.normalize("NFD", "Đăng ký khai sinh")
    path.write_text(f"code,name,limit_unit\n1.001193,{name},same_day\n", "utf-8")
    assert parse_catalogue(path)[0].name == "Đăng ký khai sinh"


def test_example_province_csv_parses() -> None:
    records = parse_catalogue(resource_path("catalogue", "example_province.csv"))
    assert len(records) >= 3
    assert all(r.code.endswith(".000.00.00.H56") for r in records)
    assert fee_for(by_code(records)["2.000815.000.00.00.H56"].fee_rule, pages=5) == 7000


def test_format_md_examples_parse(tmp_path: Path) -> None:
    text = resource_path("catalogue", "FORMAT.md").read_text("utf-8")
    json_block = re.search(r"```json\n(.*?)```", text, re.S)
    csv_block = re.search(r"```csv\n(.*?)```", text, re.S)
    assert json_block and csv_block
    (tmp_path / "doc.json").write_text(json_block.group(1), "utf-8")
    (tmp_path / "doc.csv").write_text(csv_block.group(1), "utf-8")
    assert [r.code for r in parse_catalogue(tmp_path / "doc.json")] == ["2.000815"]
    assert [r.code for r in parse_catalogue(tmp_path / "doc.csv")] == ["2.000635", "1.004837"]


# --------------------------------------------------------------------------- bad imports


def test_bad_csv_reports_every_row_with_line_and_field() -> None:
    assert errors_of(DATA / "bad_rows.csv") == [
        (3, "code"),  # 1.00119: Excel ate a digit
        (4, "name"),  # empty
        (5, "limit_unit"),  # "weeks"
        (6, "limit_value"),  # working_days without a value; the row spans lines 6-7
        (8, "fee_rule"),  # fixed:tám nghìn
        (9, "documents"),  # certified -1
        (9, "documents"),  # copies "x"
        (10, "code"),  # duplicate of line 2
        (12, "active"),  # "có lẽ"; line 11 is blank
        (13, "(số cột)"),
    ]


def test_bad_csv_messages_are_vietnamese_and_specific() -> None:
    with pytest.raises(CatalogueError) as info:
        parse_catalogue(DATA / "bad_rows.csv")
    text = str(info.value)
    assert "dòng 3, trường code: Mã thủ tục '1.00119' không đúng dạng" in text
    assert "dòng 10, trường code: Mã thủ tục '1.001193' bị trùng với dòng 2" in text
    assert "dòng 6, trường limit_value: Đơn vị working_days cần thời hạn là số dương (để trống)" in text
    assert len(text.splitlines()) == 10


def test_bad_json_reports_every_procedure_at_its_opening_line() -> None:
    assert errors_of(DATA / "bad_rows.json") == [
        (6, "code"),  # duplicate of line 5
        (7, "name"),
        (8, "limit.unit"),
        (8, "fee.rule"),  # per_page without next_price
        (14, "documents[1].originals"),  # 1.5
        (14, "documents[1].required"),  # "có"
        (14, "limit.value"),  # hours -1
        (16, "fees"),  # unknown key
        (16, "active"),  # "yes"
        (18, "procedure"),  # a string, not an object
        (19, "code"),  # a number
    ]


def test_non_utf8_csv_names_each_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "legacy.csv"
    # A Windows-1258 export: lines 2 and 4 carry bytes that are not UTF-8 (Đ = 0xD0, ă = 0xE3).
    rows = ["code,name,limit_unit", "1.001193,Đăng ky,same_day", "1.000894,Ket hon,same_day"]
    rows += ["1.000656,Khai tử,same_day"]
    path.write_bytes("\n".join(rows[:2]).encode("cp1258") + b"\n" + "\n".join(rows[2:]).encode("utf-8"))
    with pytest.raises(CatalogueError) as info:
        parse_catalogue(path)
    assert [(e.line, e.field) for e in info.value.errors] == [(2, "encoding")]
    path.write_bytes("\n".join(rows[:2] + ["1.000894,Đăng ky lai,same_day"]).encode("cp1258"))
    with pytest.raises(CatalogueError) as info:
        parse_catalogue(path)
    assert [(e.line, e.field) for e in info.value.errors] == [(2, "encoding"), (3, "encoding")]
    assert "UTF-8" in info.value.errors[0].message


def test_non_utf8_json(tmp_path: Path) -> None:
    path = tmp_path / "legacy.json"
    path.write_bytes('[\n{"code": "1.001193",\n "name": "Đăng ky"}]'.encode("cp1258"))
    assert errors_of(path) == [(3, "encoding")]


def test_duplicate_codes_in_csv(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text(
        "code,name,limit_unit\n1.001193,A,same_day\n1.000894,B,same_day\n1.001193,C,same_day\n", "utf-8"
    )
    assert errors_of(path) == [(4, "code")]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", [(1, "header")]),
        ("code,name\n", [(1, "limit_unit")]),
        ("code,name,limit_unit,colour\n", [(1, "colour")]),
        ("code,name,limit_unit,name\n", [(1, "name")]),
        ('code,name,limit_unit\n1.001193,"unterminated,same_day\n', [(2, "csv")]),
        ("code,name,limit_unit,fee_rule\n1.001193,A,same_day,fixed\n", [(2, "fee_rule")]),
        ("code,name,limit_unit,fee_rule\n1.001193,A,same_day,weekly:5\n", [(2, "fee_rule")]),
        ("code,name,limit_unit,fee_rule\n1.001193,A,same_day,{bad json\n", [(2, "fee_rule")]),
        ("code,name,limit_unit,limit_value\n1.001193,A,same_day,2\n", [(2, "limit_value")]),
        ("code,name,limit_unit,limit_value\n1.001193,A,calendar_days,ba\n", [(2, "limit_value")]),
        ("code,name,limit_unit,limit_value\n1.001193,A,calendar_days,nan\n", [(2, "limit_value")]),
        ("code,name,limit_unit,limit_value\n1.001193,A,hours,inf\n", [(2, "limit_value")]),
        ("code,name,limit_unit,level\n1.001193,A,same_day,thon\n", [(2, "level")]),
        ("code,name,limit_unit,documents\n1.001193,A,same_day,|1\n", [(2, "documents")]),
        ("code,name,limit_unit,documents\n1.001193,A,same_day,X|1|0|0|có lẽ\n", [(2, "documents")]),
        ("code,name,limit_unit\n1.001193.H55,A,same_day\n", [(2, "code")]),
        ("code,name,limit_unit\n1.001193.000.00.00.h55,A,same_day\n", [(2, "code")]),
    ],
)
def test_csv_rules(tmp_path: Path, content: str, expected: list[tuple[int, str]]) -> None:
    path = tmp_path / "t.csv"
    path.write_text(content, "utf-8")
    assert errors_of(path) == expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"format": "other", "version": 1, "procedures": []}', [(1, "format")]),
        ('{"format": "motcua-catalogue", "version": 2, "procedures": []}', [(1, "version")]),
        ('{"format": "motcua-catalogue", "version": 1}', [(1, "procedures")]),
        ('{"format": "motcua-catalogue",\n "version": 1,\n "procedures": [}', [(3, "json")]),
        ('"just a string"', [(1, "json")]),
        ('[{"code": "1.001193", "name": "A", "limit": {"unit": "same_day", "days": 1}}]', [(1, "limit.days")]),
        ('[{"code": "1.001193", "name": "A", "limit": "same_day"}]', [(1, "limit"), (1, "limit.unit")]),
        ('[{"code": "1.001193", "name": "A", "limit": {"unit": "same_day"}, "documents": "x"}]', [(1, "documents")]),
        ('[{"code": "1.001193", "name": "A", "limit": {"unit": "same_day"}, "documents": [{"note": "x"}]}]',
         [(1, "documents[0].name")]),
        ('[{"code": "1.001193", "name": "A", "limit": {"unit": "same_day"}, "documents": [{"name": "x", "pages": 1}]}]',
         [(1, "documents[0]")]),
        ('[{"code": "1.001193", "name": "A", "limit": {"unit": "same_day"}, "fee": {"rule": {"kind": "fixed", "amount": 1, "ammount": 2}}}]',
         [(1, "fee.rule")]),
        ('[{"code": "1.001193", "name": "A", "limit": {"unit": "same_day"}, "fee": {"rule": "free"}}]', [(1, "fee.rule")]),
        ('[{"code": "1.001193", "name": "A", "limit": {"unit": "same_day"}, "fee": {"rule": {"kind": "fixed", "amount": -5}}}]',
         [(1, "fee.rule")]),
        ('[{"code": "1.001193", "name": "A", "limit": {"unit": "unknown", "value": 3}}]', [(1, "limit.value")]),
        ('[{"code": "1.001193", "name": "A", "limit": {"unit": "working_days", "value": NaN}}]', [(1, "limit.value")]),
    ],
)  # fmt: skip
def test_json_rules(tmp_path: Path, content: str, expected: list[tuple[int, str]]) -> None:
    path = tmp_path / "t.json"
    path.write_text(content, "utf-8")
    assert errors_of(path) == expected


def test_json_line_numbers_follow_the_procedures_key_wherever_it_is(tmp_path: Path) -> None:
    path = tmp_path / "order.json"
    path.write_text(
        '{\n"procedures": [\n\n  {"code": "1.001193", "name": "", "limit": {"unit": "same_day"}},\n'
        '  {"code": "x", "name": "B",\n   "limit": {"unit": "same_day"}}\n],\n'
        '"format": "motcua-catalogue", "source": {"nested": ["]", "}"]}, "version": 1}\n',
        "utf-8",
    )
    assert errors_of(path) == [(4, "name"), (5, "code")]


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(CatalogueError) as info:
        parse_catalogue(path)
    assert info.value.errors == [
        RowError(0, "file", "Tệp 'catalogue.xlsx' phải có đuôi .json hoặc .csv (đang là '.xlsx')")
    ]
    assert (
        str(info.value) == "trường file: Tệp 'catalogue.xlsx' phải có đuôi .json hoặc .csv (đang là '.xlsx')"
    )


def test_missing_file_is_not_hidden(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        parse_catalogue(tmp_path / "nope.csv")


def test_catalogue_error_str_format() -> None:
    err = CatalogueError([RowError(3, "code", "sai"), RowError(7, "name", "trống")])
    assert str(err) == "dòng 3, trường code: sai\ndòng 7, trường name: trống"
    assert isinstance(err, ValueError)


# --------------------------------------------------------------------------- fees


@pytest.mark.parametrize(
    ("rule", "pages", "copies", "amount"),
    [
        ({"kind": "free"}, 0, 1, 0),
        ({"kind": "fixed", "amount": 8000, "per": "bản sao"}, 0, 1, 8000),
        ({"kind": "fixed", "amount": 8000, "per": "bản sao"}, 0, 3, 24000),
        ({"kind": "fixed", "amount": 10000}, 7, 1, 10000),  # pages do not matter
        (PER_PAGE, 5, 1, 7000),  # 2×2.000 + 3×1.000
        (PER_PAGE, 1, 1, 2000),
        (PER_PAGE, 2, 1, 4000),
        (PER_PAGE, 3, 1, 5000),
        (PER_PAGE, 5, 2, 14000),
        (PER_PAGE, 0, 1, 0),
        (PER_PAGE, 198, 1, 200000),  # 4.000 + 196.000: exactly the cap
        (PER_PAGE, 250, 1, 200000),  # 252.000 capped per copy
        (PER_PAGE, 250, 3, 600000),
        ({k: v for k, v in PER_PAGE.items() if k != "max"}, 250, 1, 252000),
        ({"kind": "council"}, 5, 1, None),
        ({"kind": "unknown"}, 5, 1, None),
        (None, 5, 1, None),
    ],
)
def test_fee_for(rule: dict | None, pages: int, copies: int, amount: int | None) -> None:
    assert fee_for(rule, pages=pages, copies=copies) == amount


def test_fee_for_bundled_copy_certification() -> None:
    rule = by_code(bundled_catalogue())["2.000815"].fee_rule
    assert fee_for(rule, pages=5) == 7000
    assert fee_for(rule, pages=1000) == 200000


def test_fee_for_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="loại mức phí"):
        fee_for({"kind": "weekly"})
    with pytest.raises(ValueError, match="không được âm"):
        fee_for({"kind": "free"}, pages=-1)
