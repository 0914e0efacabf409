"""Identity and contact validation for the intake form (domain.md §6).

Every check returns issues instead of raising, so the form can show all of them at once and let the
clerk override warnings; `raise_for` turns error-level issues into an exception for services that must
refuse bad data. Messages are Vietnamese and name the field and the rule.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Literal, cast

from app.domain import clock
from app.domain.text import nfc

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Issue:
    field: str
    rule: str
    message: str
    level: Level = "error"


class ValidationError(ValueError):
    def __init__(self, issues: list[Issue]) -> None:
        self.issues = list(issues)
        super().__init__("\n".join(f"{i.field}: {i.message}" for i in self.issues))


def raise_for(issues: Iterable[Issue]) -> None:
    """Raise ValidationError carrying every issue if at least one of them is an error."""
    collected = list(issues)
    if any(i.level == "error" for i in collected):
        raise ValidationError(collected)


def _has_error(issues: Iterable[Issue]) -> bool:
    return any(i.level == "error" for i in issues)


# Thông tư 07/2016/TT-BCA, Phụ lục I: the 63 pre-2025 province codes. Cards keep the code they were
# issued with after the 2025 mergers, so this table is frozen history, not the current map.
# fmt: off
PROVINCE_CODES: Mapping[str, str] = MappingProxyType(
    {
        "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn", "008": "Tuyên Quang",
        "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu", "014": "Sơn La", "015": "Yên Bái",
        "017": "Hòa Bình", "019": "Thái Nguyên", "020": "Lạng Sơn", "022": "Quảng Ninh",
        "024": "Bắc Giang", "025": "Phú Thọ", "026": "Vĩnh Phúc", "027": "Bắc Ninh",
        "030": "Hải Dương", "031": "Hải Phòng", "033": "Hưng Yên", "034": "Thái Bình",
        "035": "Hà Nam", "036": "Nam Định", "037": "Ninh Bình", "038": "Thanh Hóa", "040": "Nghệ An",
        "042": "Hà Tĩnh", "044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế",
        "048": "Đà Nẵng", "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định",
        "054": "Phú Yên", "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận",
        "062": "Kon Tum", "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
        "070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
        "077": "Bà Rịa - Vũng Tàu", "079": "TP Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang",
        "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long", "087": "Đồng Tháp",
        "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang",
        "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
    }
)
# fmt: on

_CARRIER_PREFIXES = {
    "Viettel": ("032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098"),
    "Vinaphone": ("081", "082", "083", "084", "085", "088", "091", "094"),
    "MobiFone": ("070", "076", "077", "078", "079", "089", "090", "093"),
    "Vietnamobile": ("052", "056", "058", "092"),
    "Gmobile": ("059", "099"),
    "Itelecom": ("087",),
    "Reddi": ("055",),
}
# domain.md §6.3 warns that prefix lists change: an unknown prefix is only a warning.
MOBILE_PREFIXES: Mapping[str, str] = MappingProxyType(
    {prefix: carrier for carrier, prefixes in _CARRIER_PREFIXES.items() for prefix in prefixes}
)

# 2018 renumbering of 11-digit mobiles (domain.md §6.3): old 4-digit prefix -> new 3-digit prefix.
LEGACY_MOBILE_PREFIXES: Mapping[str, str] = MappingProxyType(
    {
        **{f"016{d}": f"03{d}" for d in "23456789"},
        "0120": "070",
        "0121": "079",
        "0122": "077",
        "0126": "076",
        "0128": "078",
        "0123": "083",
        "0124": "084",
        "0125": "085",
        "0127": "081",
        "0129": "082",
        "0186": "056",
        "0188": "058",
        "0199": "059",
    }
)

LANDLINE_CARRIER = "Cố định"
MAX_AGE = 120

# --------------------------------------------------------------------------- identity numbers

IdType = Literal["cccd", "cmnd", "passport"]
Gender = Literal["M", "F"]
_ID_LABEL = {"cccd": "Số CCCD", "cmnd": "Số CMND", "passport": "Số hộ chiếu"}
_ID_STRIP = re.compile(r"[\s.]+")
_PASSPORT = re.compile(r"[A-Z][0-9]{7}")
_GENDER_WORDS = {"m": "M", "nam": "M", "male": "M", "f": "F", "nữ": "F", "nu": "F", "female": "F"}
_GENDER_VI = {"M": "Nam", "F": "Nữ"}


@dataclass(frozen=True)
class IdCheck:
    normalized: str
    id_type: IdType
    issues: tuple[Issue, ...]
    province: str | None = None
    birth_year: int | None = None
    gender: Gender | None = None
    abroad: bool = False

    @property
    def ok(self) -> bool:
        return not _has_error(self.issues)


def _ascii_digits(text: str) -> bool:
    # str.isdigit accepts full-width and other scripts' digits, which the national systems reject.
    return text.isascii() and text.isdigit()


def _norm_gender(value: str | None) -> Gender | None:
    """M/F/Nam/Nữ -> M/F; anything else -> None (no comparison): the gender field is the caller's
    to validate, and a typo there must not hide the ID number's own issues."""
    key = nfc(value or "").lower()
    if key not in _GENDER_WORDS:
        return None
    return "M" if _GENDER_WORDS[key] == "M" else "F"


def _infer_type(value: str) -> IdType | None:
    if _ascii_digits(value) and len(value) == 12:
        return "cccd"
    if _ascii_digits(value) and len(value) == 9:
        return "cmnd"
    if _PASSPORT.fullmatch(value.upper()):
        return "passport"
    return None


def check_id_number(
    text: str,
    id_type: str | None = None,
    *,
    today: date | None = None,
    gender: str | None = None,
    birth_year: int | None = None,
) -> IdCheck:
    """Validate a CCCD / CMND / passport number; see domain.md §6.1–6.2.

    `gender` and `birth_year` are what the form says; a mismatch with the number is a warning only,
    because the clerk may have mistyped either side and must be able to go on.
    """
    field = "id_number"
    value = _ID_STRIP.sub("", nfc(text))
    expected_gender = _norm_gender(gender)
    if id_type is not None and id_type not in _ID_LABEL:
        raise ValueError(f"loại giấy tờ không hỗ trợ: {id_type!r} (cần cccd, cmnd hoặc passport)")
    if not value:
        kind: IdType = "cccd" if id_type is None else cast(IdType, id_type)
        issue = Issue(field, "id.required", "Số giấy tờ tùy thân là bắt buộc")
        return IdCheck(value, kind, (issue,))
    if id_type is None:
        inferred = _infer_type(value)
        if inferred is None:
            count = f" (đang có {len(value)} chữ số)" if _ascii_digits(value) else ""
            issue = Issue(
                field,
                "id.shape",
                f"Số giấy tờ tùy thân '{value}' không đúng dạng: cần 12 chữ số (CCCD), "
                f"9 chữ số (CMND) hoặc 1 chữ cái và 7 chữ số (hộ chiếu){count}",
            )
            return IdCheck(value, "cccd" if value.isdigit() else "passport", (issue,))
        kind = inferred
    else:
        kind = cast(IdType, id_type)
    label = _ID_LABEL[kind]

    if kind == "passport":
        value = value.upper()
        if not _PASSPORT.fullmatch(value):
            msg = f"{label} phải gồm 1 chữ cái và 7 chữ số, ví dụ C1234567 (đang là '{value}')"
            return IdCheck(value, kind, (Issue(field, "passport.format", msg),))
        return IdCheck(value, kind, ())

    if not _ascii_digits(value):
        msg = f"{label} chỉ được gồm chữ số 0–9 (đang là '{value}')"
        return IdCheck(value, kind, (Issue(field, f"{kind}.digits", msg),))
    if kind == "cmnd":
        if len(value) == 9:
            # The 9-digit CMND has no decodable structure beyond a loose province grouping.
            return IdCheck(value, kind, ())
        if len(value) != 12:
            msg = f"{label} phải gồm 9 hoặc 12 chữ số (đang có {len(value)})"
            return IdCheck(value, kind, (Issue(field, "cmnd.length", msg),))
    elif len(value) != 12:
        msg = f"{label} phải gồm đúng 12 chữ số (đang có {len(value)})"
        return IdCheck(value, kind, (Issue(field, "cccd.length", msg),))
    return _check_twelve(value, kind, label, today or clock.today(), expected_gender, birth_year)


def _check_twelve(
    value: str,
    kind: IdType,
    label: str,
    today: date,
    expected_gender: Gender | None,
    expected_year: int | None,
) -> IdCheck:
    """The 12-digit structure of TT 07/2016/TT-BCA (also used by 12-digit CMND). No checksum exists."""
    field = "id_number"
    issues: list[Issue] = []
    province: str | None = None
    abroad = value[0] != "0"
    if abroad:
        issues.append(
            Issue(
                field,
                "cccd.abroad",
                f"{label}: mã nơi đăng ký khai sinh '{value[:3]}' không phải mã tỉnh trong nước "
                "(khai sinh ở nước ngoài?), hãy đối chiếu với thẻ",
                "warning",
            )
        )
    elif value[:3] in PROVINCE_CODES:
        province = PROVINCE_CODES[value[:3]]
    else:
        issues.append(
            Issue(field, "cccd.province", f"{label}: mã tỉnh '{value[:3]}' (3 số đầu) không tồn tại")
        )
    # Digit 4: even = male, odd = female; 0/1 = thế kỷ 20 (1900-1999) ... 8/9 = thế kỷ 24 (2300-2399).
    digit = int(value[3])
    gender: Gender = "M" if digit % 2 == 0 else "F"
    year = 1900 + (digit // 2) * 100 + int(value[4:6])
    if year > today.year:
        issues.append(
            Issue(field, "cccd.birth_year", f"{label}: năm sinh mã hóa trong số ({year}) ở tương lai")
        )
    elif today.year - year > MAX_AGE:
        issues.append(
            Issue(
                field,
                "cccd.age",
                f"{label}: năm sinh mã hóa trong số ({year}) cho tuổi trên {MAX_AGE}, hãy kiểm tra lại",
                "warning",
            )
        )
    if expected_gender is not None and expected_gender != gender:
        issues.append(
            Issue(
                field,
                "cccd.gender",
                f"{label}: chữ số thứ 4 cho giới tính {_GENDER_VI[gender]}, "
                f"khác giới tính đã khai ({_GENDER_VI[expected_gender]})",
                "warning",
            )
        )
    if expected_year is not None and expected_year != year:
        issues.append(
            Issue(
                field,
                "cccd.birth_year_mismatch",
                f"{label}: năm sinh mã hóa trong số ({year}) khác năm sinh đã khai ({expected_year})",
                "warning",
            )
        )
    return IdCheck(value, kind, tuple(issues), province, year, gender, abroad)


# --------------------------------------------------------------------------- phones


@dataclass(frozen=True)
class PhoneCheck:
    normalized: str
    carrier: str | None
    issues: tuple[Issue, ...]

    @property
    def ok(self) -> bool:
        return not _has_error(self.issues)


_PHONE_STRIP = re.compile(r"[\s.\-()]+")


def check_phone(text: str) -> PhoneCheck:
    """Normalise to 0xxxxxxxxx (mobile, 10 digits) or 02xxxxxxxxx (landline, 11 digits)."""
    field = "phone"
    value = _PHONE_STRIP.sub("", nfc(text))
    if not value:
        return PhoneCheck("", None, ())  # the phone is optional on every form
    if value.startswith("+84"):
        value = "0" + value[3:]
    elif value.startswith("0084"):
        value = "0" + value[4:]
    elif value.startswith("84") and len(value) in (11, 12):
        # Local numbers always start with 0, so a bare leading 84 of the right length is the country code.
        value = "0" + value[2:]
    if not _ascii_digits(value):
        msg = f"Số điện thoại chỉ được gồm chữ số, có thể bắt đầu bằng +84 (đang là '{text.strip()}')"
        return PhoneCheck(value, None, (Issue(field, "phone.digits", msg),))
    if not value.startswith("0"):
        msg = f"Số điện thoại phải bắt đầu bằng 0 hoặc +84 (đang là '{value}'; thiếu số 0 ở đầu?)"
        return PhoneCheck(value, None, (Issue(field, "phone.prefix", msg),))

    if len(value) == 10 and value[1] in "35789":
        carrier = MOBILE_PREFIXES.get(value[:3])
        if carrier is None:
            msg = f"Đầu số di động '{value[:3]}' không có trong danh sách nhà mạng, hãy kiểm tra lại"
            return PhoneCheck(value, None, (Issue(field, "phone.prefix_unknown", msg, "warning"),))
        return PhoneCheck(value, carrier, ())
    if len(value) == 11 and value.startswith("02"):
        return PhoneCheck(value, LANDLINE_CARRIER, ())
    if len(value) == 11 and value[:4] in LEGACY_MOBILE_PREFIXES:
        new = LEGACY_MOBILE_PREFIXES[value[:4]] + value[4:]
        msg = f"Số điện thoại đầu số cũ '{value[:4]}' đã được chuyển sang đầu số mới: {new} (từ năm 2018)"
        carrier = MOBILE_PREFIXES.get(new[:3])
        return PhoneCheck(new, carrier, (Issue(field, "phone.legacy", msg, "warning"),))
    if len(value) == 11 and value.startswith("01"):
        msg = f"Số điện thoại đầu số cũ '{value[:4]}' không có trong bảng chuyển đổi năm 2018"
        return PhoneCheck(value, None, (Issue(field, "phone.prefix", msg),))
    if value.startswith("02"):
        msg = f"Số điện thoại cố định phải gồm 11 chữ số (đang có {len(value)})"
        return PhoneCheck(value, None, (Issue(field, "phone.length", msg),))
    if len(value) == 10:
        msg = f"Đầu số '{value[:2]}' không phải đầu số di động hay cố định"
        return PhoneCheck(value, None, (Issue(field, "phone.prefix", msg),))
    msg = f"Số điện thoại di động phải gồm 10 chữ số (đang có {len(value)})"
    return PhoneCheck(value, None, (Issue(field, "phone.length", msg),))


# --------------------------------------------------------------------------- e-mail, unit code

# Deliberately simple: one @, ASCII, a dotted domain with a letter TLD. Full RFC 5322 would accept
# strings no clerk ever means to type; an unusual valid address can still be left blank.
_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)


def check_email(text: str) -> tuple[Issue, ...]:
    value = nfc(text)
    if not value:
        return ()
    if len(value) > 254:
        return (Issue("email", "email.length", f"Email dài quá 254 ký tự (đang có {len(value)})"),)
    if not _EMAIL.fullmatch(value):
        return (
            Issue(
                "email",
                "email.format",
                f"Email '{value}' không đúng dạng ten@mien.vn (không dấu, không khoảng trắng)",
            ),
        )
    return ()


_UNIT_CODE = re.compile(r"[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.([A-Za-z])[0-9]{2}")


def check_unit_code(text: str) -> tuple[Issue, ...]:
    """QCVN 102:2016 identifier V1V2V3.Z1Z2.Y1Y2.MX1X2, e.g. 000.00.12.H29 (domain.md §2)."""
    field = "unit_code"
    value = nfc(text)
    if not value:
        return (Issue(field, "unit_code.required", "Mã định danh đơn vị là bắt buộc"),)
    match = _UNIT_CODE.fullmatch(value)
    if match is None:
        return (
            Issue(
                field,
                "unit_code.format",
                f"Mã định danh đơn vị '{value}' không đúng dạng NNN.NN.NN.HNN (ví dụ 000.00.12.H29)",
            ),
        )
    letter = match.group(1)
    if letter not in ("G", "H"):
        return (
            Issue(
                field,
                "unit_code.letter",
                f"Mã định danh đơn vị: chữ cái '{letter}' phải là H (địa phương) hoặc G (bộ, ngành), "
                "viết hoa",
            ),
        )
    return ()


# --------------------------------------------------------------------------- names, birth dates

NAME_MAX = 100
_NAME_PUNCT = frozenset(" '-./")


def check_name(text: str) -> tuple[Issue, ...]:
    field = "name"
    value = nfc(text)
    if not value:
        return (Issue(field, "name.required", "Họ và tên là bắt buộc"),)
    issues: list[Issue] = []
    if len(value) > NAME_MAX:
        issues.append(
            Issue(field, "name.length", f"Họ và tên dài quá {NAME_MAX} ký tự (đang có {len(value)})")
        )
    # Letters of any script (ethnic-minority and foreign names) plus marks NFC could not compose.
    bad = sorted(
        {ch for ch in value if ch not in _NAME_PUNCT and unicodedata.category(ch)[0] not in ("L", "M")}
    )
    if bad:
        shown = " ".join(repr(ch) for ch in bad)
        issues.append(
            Issue(
                field,
                "name.chars",
                f"Họ và tên chỉ được gồm chữ cái, khoảng trắng và các dấu ' - . / (có ký tự lạ: {shown})",
            )
        )
    elif not any(unicodedata.category(ch)[0] == "L" for ch in value):
        issues.append(Issue(field, "name.letters", "Họ và tên phải có ít nhất một chữ cái"))
    return tuple(issues)


def check_birth_date(d: date, *, today: date | None = None) -> tuple[Issue, ...]:
    ref = today or clock.today()
    if d > ref:
        return (
            Issue(
                "birth_date",
                "birth_date.future",
                f"Ngày sinh {d:%d/%m/%Y} ở sau ngày hôm nay ({ref:%d/%m/%Y})",
            ),
        )
    age = ref.year - d.year - ((ref.month, ref.day) < (d.month, d.day))
    if age > MAX_AGE:
        return (
            Issue(
                "birth_date",
                "birth_date.age",
                f"Ngày sinh {d:%d/%m/%Y} cho tuổi {age}, trên {MAX_AGE}: hãy kiểm tra lại",
                "warning",
            ),
        )
    return ()
