from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from app.domain.validation import (
    LEGACY_MOBILE_PREFIXES,
    MOBILE_PREFIXES,
    PROVINCE_CODES,
    Issue,
    ValidationError,
    check_birth_date,
    check_email,
    check_id_number,
    check_name,
    check_phone,
    check_unit_code,
    raise_for,
)

TODAY = date(2026, 3, 15)


def rules(issues: tuple[Issue, ...]) -> list[tuple[str, str]]:
    return [(i.rule, i.level) for i in issues]


# --------------------------------------------------------------------------- tables


def test_province_table_is_the_63_pre_2025_codes() -> None:
    assert len(PROVINCE_CODES) == 63
    assert PROVINCE_CODES["001"] == "Hà Nội"
    assert PROVINCE_CODES["038"] == "Thanh Hóa"
    assert PROVINCE_CODES["079"] == "TP Hồ Chí Minh"
    assert PROVINCE_CODES["096"] == "Cà Mau"
    for unused in ("000", "003", "005", "007", "009", "013", "097"):
        assert unused not in PROVINCE_CODES
    assert all(unicodedata.is_normalized("NFC", name) for name in PROVINCE_CODES.values())


def test_mobile_prefix_table() -> None:
    assert len(MOBILE_PREFIXES) == 36
    assert MOBILE_PREFIXES["032"] == "Viettel"
    assert MOBILE_PREFIXES["087"] == "Itelecom"
    assert MOBILE_PREFIXES["055"] == "Reddi"


# --------------------------------------------------------------------------- CCCD / CMND / passport

CCCD_CASES = [
    # text, province, birth_year, gender, abroad, expected (rule, level) list
    ("001099012345", "Hà Nội", 1999, "M", False, []),
    ("038 185 000 123", "Thanh Hóa", 1985, "F", False, []),
    ("079.203.001.234", "TP Hồ Chí Minh", 2003, "M", False, []),
    ("096325000001", "Cà Mau", 2025, "F", False, []),
    ("001226000001", "Hà Nội", 2026, "M", False, []),  # born this year: fine (infants have a number)
    ("３８１８５０００１２３", None, None, None, False, [("id.shape", "error")]),  # full-width digits
    ("003099012345", None, 1999, "M", False, [("cccd.province", "error")]),
    ("005099012345", None, 1999, "M", False, [("cccd.province", "error")]),
    ("000099012345", None, 1999, "M", False, [("cccd.province", "error")]),
    ("840099012345", None, 1999, "M", True, [("cccd.abroad", "warning")]),
    ("001230012345", "Hà Nội", 2030, "M", False, [("cccd.birth_year", "error")]),  # future
    ("001427012345", "Hà Nội", 2127, "M", False, [("cccd.birth_year", "error")]),
    # TT 07/2016: 8/9 = "thế kỷ 24", i.e. 2300-2399 (as 0/1 = thế kỷ 20 = 1900-1999).
    ("001899012345", "Hà Nội", 2399, "M", False, [("cccd.birth_year", "error")]),
    ("001999012345", "Hà Nội", 2399, "F", False, [("cccd.birth_year", "error")]),
    ("001099012345", "Hà Nội", 1999, "M", False, []),
    ("001005012345", "Hà Nội", 1905, "M", False, [("cccd.age", "warning")]),  # 121 in 2026
    ("001106012345", "Hà Nội", 1906, "F", False, []),  # exactly 120: no warning
]


@pytest.mark.parametrize(("text", "province", "year", "gender", "abroad", "expected"), CCCD_CASES)
def test_cccd(
    text: str,
    province: str | None,
    year: int | None,
    gender: str | None,
    abroad: bool,
    expected: list[tuple[str, str]],
) -> None:
    check = check_id_number(text, today=TODAY)
    assert rules(check.issues) == expected
    assert check.ok == (not any(level == "error" for _, level in expected))
    if expected and expected[0][0] == "id.shape":
        return
    assert check.id_type == "cccd"
    assert check.normalized.isdigit() and len(check.normalized) == 12
    assert (check.province, check.birth_year, check.gender, check.abroad) == (
        province,
        year,
        gender,
        abroad,
    )


@pytest.mark.parametrize("digit", list(range(10)))
def test_century_gender_digit(digit: int) -> None:
    check = check_id_number(f"001{digit}50012345", today=date(2600, 1, 1))
    assert check.birth_year == 1900 + (digit // 2) * 100 + 50
    assert check.gender == ("M" if digit % 2 == 0 else "F")


def test_no_checksum_any_random_tail_is_accepted() -> None:
    # Generators that "validate a checksum" are wrong (domain.md §6.1); every tail must pass.
    for tail in ("000000", "123456", "999999", "314159", "271828"):
        assert check_id_number(f"001099{tail}", today=TODAY).issues == ()


@pytest.mark.parametrize(
    ("text", "rule", "fragment"),
    [
        ("00109901234", "cccd.length", "đang có 11"),
        ("0010990123456", "cccd.length", "đang có 13"),
        ("00109901234A", "cccd.digits", "chữ số"),
    ],
)
def test_cccd_explicit_type_errors(text: str, rule: str, fragment: str) -> None:
    check = check_id_number(text, "cccd", today=TODAY)
    assert not check.ok
    assert [i.rule for i in check.issues] == [rule]
    assert fragment in check.issues[0].message
    assert check.issues[0].message.startswith("Số CCCD")
    assert check.issues[0].field == "id_number"


def test_length_message_matches_the_contract_example() -> None:
    check = check_id_number("00109901234", "cccd", today=TODAY)
    assert check.issues[0].message == "Số CCCD phải gồm đúng 12 chữ số (đang có 11)"


@pytest.mark.parametrize(
    ("gender", "year", "expected"),
    [
        ("M", 1999, []),
        ("Nam", None, []),
        ("F", None, [("cccd.gender", "warning")]),
        ("nữ", None, [("cccd.gender", "warning")]),
        (None, 1998, [("cccd.birth_year_mismatch", "warning")]),
        ("F", 1998, [("cccd.gender", "warning"), ("cccd.birth_year_mismatch", "warning")]),
        ("", None, []),
    ],
)
def test_form_consistency_is_a_warning(gender: str | None, year: int | None, expected: list) -> None:
    check = check_id_number("001099012345", today=TODAY, gender=gender, birth_year=year)
    assert rules(check.issues) == expected
    assert check.ok


def test_unrecognised_gender_argument_is_not_compared() -> None:
    # The intake service validates the gender field itself; the ID check must still report its own.
    assert check_id_number("001099012345", today=TODAY, gender="X").issues == ()
    assert [i.rule for i in check_id_number("003099012345", today=TODAY, gender="?").issues] == [
        "cccd.province"
    ]


def test_unknown_id_type_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="loại giấy tờ"):
        check_id_number("001099012345", "bằng lái")


@pytest.mark.parametrize(
    ("text", "id_type", "normalized", "kind", "expected"),
    [
        ("123456789", None, "123456789", "cmnd", []),
        ("123 456 789", "cmnd", "123456789", "cmnd", []),
        ("12345678", "cmnd", "12345678", "cmnd", [("cmnd.length", "error")]),
        ("1234567890", "cmnd", "1234567890", "cmnd", [("cmnd.length", "error")]),
        ("12345678X", "cmnd", "12345678X", "cmnd", [("cmnd.digits", "error")]),
        ("001099012345", "cmnd", "001099012345", "cmnd", []),  # 12-digit CMND: CCCD structure
        ("003099012345", "cmnd", "003099012345", "cmnd", [("cccd.province", "error")]),
        ("C1234567", None, "C1234567", "passport", []),
        ("c1234567", None, "C1234567", "passport", []),
        ("b 1234567", "passport", "B1234567", "passport", []),
        ("C123456", "passport", "C123456", "passport", [("passport.format", "error")]),
        ("CC123456", "passport", "CC123456", "passport", [("passport.format", "error")]),
        ("12345678", None, "12345678", "cccd", [("id.shape", "error")]),
        ("AB12", None, "AB12", "passport", [("id.shape", "error")]),
        ("", None, "", "cccd", [("id.required", "error")]),
        ("  . ", "cmnd", "", "cmnd", [("id.required", "error")]),
    ],
)
def test_cmnd_passport_and_shapes(
    text: str, id_type: str | None, normalized: str, kind: str, expected: list
) -> None:
    check = check_id_number(text, id_type, today=TODAY)
    assert rules(check.issues) == expected
    assert check.normalized == normalized
    assert check.id_type == kind


def test_twelve_digit_cmnd_decodes_like_cccd() -> None:
    check = check_id_number("038185000123", "cmnd", today=TODAY)
    assert (check.province, check.birth_year, check.gender) == ("Thanh Hóa", 1985, "F")


def test_shape_error_names_the_accepted_shapes() -> None:
    message = check_id_number("0123456789", today=TODAY).issues[0].message
    for shape in ("12 chữ số", "9 chữ số", "7 chữ số", "đang có 10"):
        assert shape in message


def test_default_today_is_the_office_clock() -> None:
    # Century digit 8 = 2300s: always in the future whatever the real date.
    assert [i.rule for i in check_id_number("001899012345").issues] == ["cccd.birth_year"]


# --------------------------------------------------------------------------- phones

PHONE_PREFIX_CASES = sorted(MOBILE_PREFIXES.items())


@pytest.mark.parametrize(("prefix", "carrier"), PHONE_PREFIX_CASES)
def test_every_carrier_prefix(prefix: str, carrier: str) -> None:
    local = prefix + "1234567"
    spaced = f"+84 {local[1:3]} {local[3:6]} {local[6:8]} {local[8:]}"
    for text in (local, "+84" + local[1:], "84" + local[1:], spaced):
        check = check_phone(text)
        assert (check.normalized, check.carrier, check.issues) == (local, carrier, ())


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("(091) 234 5678", "0912345678"),
        ("+84 (91) 234-5678", "0912345678"),
        ("0084912345678", "0912345678"),
        ("84912345678", "0912345678"),
    ],
)
def test_phone_separators_and_country_code(text: str, normalized: str) -> None:
    check = check_phone(text)
    assert check.ok and check.issues == ()
    assert check.normalized == normalized


@pytest.mark.parametrize(("old", "new"), sorted(LEGACY_MOBILE_PREFIXES.items()))
def test_legacy_prefix_conversion(old: str, new: str) -> None:
    check = check_phone(old + "2345678")
    assert check.normalized == new + "2345678"
    assert check.carrier == MOBILE_PREFIXES[new]
    assert rules(check.issues) == [("phone.legacy", "warning")]
    assert new + "2345678" in check.issues[0].message
    assert check.ok


def test_legacy_conversion_examples() -> None:
    assert check_phone("0162 345 6789").normalized == "0323456789"
    assert check_phone("+84 120 345 6789").normalized == "0703456789"
    assert check_phone("0199 345 6789").carrier == "Gmobile"


@pytest.mark.parametrize(
    ("text", "normalized", "carrier", "expected"),
    [
        ("", "", None, []),
        ("   ", "", None, []),
        ("02438253536", "02438253536", "Cố định", []),  # Hà Nội landline
        ("028 3829 1234", "02838291234", "Cố định", []),
        ("+84 24 3825 3536", "02438253536", "Cố định", []),
        ("0301234567", "0301234567", None, [("phone.prefix_unknown", "warning")]),
        ("0531234567", "0531234567", None, [("phone.prefix_unknown", "warning")]),
        ("0951234567", "0951234567", None, [("phone.prefix_unknown", "warning")]),
        ("091234567", "091234567", None, [("phone.length", "error")]),
        ("09123456789", "09123456789", None, [("phone.length", "error")]),
        ("0243825353", "0243825353", None, [("phone.length", "error")]),
        ("01301234567", "01301234567", None, [("phone.prefix", "error")]),
        ("0412345678", "0412345678", None, [("phone.prefix", "error")]),
        ("912345678", "912345678", None, [("phone.prefix", "error")]),
        ("0912abc678", "0912abc678", None, [("phone.digits", "error")]),
    ],
)
def test_phone_cases(text: str, normalized: str, carrier: str | None, expected: list) -> None:
    check = check_phone(text)
    assert rules(check.issues) == expected
    assert (check.normalized, check.carrier) == (normalized, carrier)
    assert check.ok == (not any(level == "error" for _, level in expected))
    assert all(i.field == "phone" for i in check.issues)


def test_phone_length_message_counts_digits() -> None:
    assert "đang có 9" in check_phone("091234567").issues[0].message


# --------------------------------------------------------------------------- e-mail, unit code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("nguyen.van.a@gmail.com", []),
        ("ubnd-xa+motcua@thanhhoa.gov.vn", []),
        (" a@b.vn ", []),
        ("a@b", ["email.format"]),
        ("a.b.vn", ["email.format"]),
        ("a@@b.vn", ["email.format"]),
        ("a b@c.vn", ["email.format"]),
        ("nguyễn@gmail.com", ["email.format"]),
        ("a..b@c.vn", ["email.format"]),
        ("a@-b.vn", ["email.format"]),
        ("a" * 250 + "@b.vn", ["email.length"]),
    ],
)
def test_email(text: str, expected: list[str]) -> None:
    issues = check_email(text)
    assert [i.rule for i in issues] == expected
    assert all(i.field == "email" and i.level == "error" for i in issues)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("000.00.12.H29", []),
        ("000.00.00.H56", []),
        ("000.00.01.G12", []),
        (" 123.45.67.H01 ", []),
        ("", ["unit_code.required"]),
        ("000.00.12.A29", ["unit_code.letter"]),
        ("000.00.12.h29", ["unit_code.letter"]),
        ("000.00.12.H2", ["unit_code.format"]),
        ("00.00.12.H29", ["unit_code.format"]),
        ("000-00-12-H29", ["unit_code.format"]),
        ("000.00.12.H29-250124-0001", ["unit_code.format"]),
        ("H29", ["unit_code.format"]),
    ],
)
def test_unit_code(text: str, expected: list[str]) -> None:
    issues = check_unit_code(text)
    assert [i.rule for i in issues] == expected
    assert all(i.field == "unit_code" and i.level == "error" for i in issues)


# --------------------------------------------------------------------------- names, birth dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nguyễn Thị Hoà Đặng", []),
        (unicodedata.normalize("NFD", "Nguyễn Thị Hoà Đặng"), []),  # combining input from a Mac
        ("H'Hen Niê", []),
        ("Lê Văn A-Lăng", []),
        ("Trần T. B / Nguyễn", []),
        ("  ", ["name.required"]),
        ("Nguyễn Văn 2", ["name.chars"]),
        ("Nguyễn_Văn", ["name.chars"]),
        ("Nguyễn Văn @", ["name.chars"]),
        ("- .", ["name.letters"]),
        ("A" * 101, ["name.length"]),
        ("A" * 100, []),
    ],
)
def test_name(text: str, expected: list[str]) -> None:
    issues = check_name(text)
    assert [i.rule for i in issues] == expected
    assert all(i.field == "name" for i in issues)


def test_name_length_is_counted_after_nfc() -> None:
    # 'ễ' is 3 code points in NFD; 50 of them are 150 in NFD but 50 after NFC.
    assert check_name(unicodedata.normalize("NFD", "ễ" * 50)) == ()


def test_name_reports_the_offending_characters() -> None:
    message = check_name("Nguyễn Văn 2#")[0].message
    assert "'2'" in message and "'#'" in message


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        (date(1990, 5, 1), []),
        (TODAY, []),
        (date(2026, 3, 16), [("birth_date.future", "error")]),
        (date(1906, 3, 15), []),  # exactly 120 today
        (date(1906, 3, 14), []),
        (date(1905, 3, 16), []),  # 120, turns 121 tomorrow
        (date(1905, 3, 15), [("birth_date.age", "warning")]),
    ],
)
def test_birth_date(born: date, expected: list) -> None:
    issues = check_birth_date(born, today=TODAY)
    assert rules(issues) == expected
    assert all(i.field == "birth_date" for i in issues)


# --------------------------------------------------------------------------- raise_for


def test_raise_for_raises_only_on_errors() -> None:
    warning = Issue("phone", "phone.legacy", "đầu số cũ", "warning")
    raise_for([warning])  # warnings alone pass
    raise_for([])
    error = Issue("id_number", "cccd.length", "Số CCCD phải gồm đúng 12 chữ số (đang có 11)")
    with pytest.raises(ValidationError) as info:
        raise_for(iter([warning, error]))
    assert info.value.issues == [warning, error]
    assert str(info.value) == ("phone: đầu số cũ\nid_number: Số CCCD phải gồm đúng 12 chữ số (đang có 11)")
    assert isinstance(info.value, ValueError)


def test_raise_for_with_real_checks() -> None:
    issues = [*check_id_number("003099012345", today=TODAY).issues, *check_email("x@y")]
    with pytest.raises(ValidationError) as info:
        raise_for(issues)
    assert {i.field for i in info.value.issues} == {"id_number", "email"}
