"""The QR code on the chip-based ID card (CCCD 2021 model, thẻ căn cước from 1/7/2024).

The QR text is UTF-8 with fields separated by ``|`` (issue 12):

- 2021 cards, 7 fields: ``số CCCD|số CMND cũ|Họ tên|ngày sinh ddMMyyyy|giới tính|địa chỉ|ngày cấp ddMMyyyy``;
  the old-CMND field is empty when the person never had one;
- cards from 2024, 11 fields: the same 7 plus 4 trailing fields (empty so far).

Empty fields are kept (never collapse ``||``: the positions carry the meaning). Any other count
is rejected with a message naming the rule. Only these parsed fields are ever kept: never an image.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from app.domain.text import nfc

SEPARATOR = "|"
FIELDS_2021 = 7
FIELDS_2024 = 11
GENDERS = {"nam": "M", "nữ": "F", "nu": "F"}


class CccdError(ValueError):
    """A scanned payload that is not a CCCD QR text (a user-facing error, nothing stored)."""


@dataclass(frozen=True)
class CccdData:
    id_number: str
    old_id: str
    name: str
    birth_date: date | None
    gender: str  # M | F | "" (as the applicant form stores it)
    address: str
    issue_date: date | None

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["birth_date"] = self.birth_date.isoformat() if self.birth_date else None
        out["issue_date"] = self.issue_date.isoformat() if self.issue_date else None
        return out


def _date(text: str, label: str) -> date | None:
    if not text:
        return None
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        raise CccdError(f"Mã QR CCCD: {label} '{text}' phải gồm 8 chữ số dạng ngàythángnăm (ddMMyyyy)")
    try:
        return date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError as exc:
        raise CccdError(f"Mã QR CCCD: {label} '{text}' không phải ngày có thật (ddMMyyyy)") from exc


def looks_like_cccd(text: str) -> bool:
    """Cheap test for the scan filter: 12 digits then ``|`` (a burst worth parsing)."""
    head = text.lstrip().split(SEPARATOR, 1)[0]
    return SEPARATOR in text and len(head) == 12 and head.isascii() and head.isdigit()


def parse(payload: str) -> CccdData:
    """Parse one QR payload; raise ``CccdError`` naming the rule that is broken."""
    text = nfc(payload).strip("\r\n\ufeff")
    if not text.strip():
        raise CccdError("Mã QR CCCD trống: cần các trường phân tách bằng '|'")
    fields = [f.strip() for f in text.split(SEPARATOR)]
    n = len(fields)
    if n != FIELDS_2021 and n < FIELDS_2024:
        raise CccdError(
            f"Mã QR CCCD có {n} trường; cần đúng {FIELDS_2021} trường (thẻ CCCD 2021) hoặc từ "
            f"{FIELDS_2024} trường trở lên (thẻ căn cước từ 2024), phân tách bằng '|'"
        )
    id_number, old_id, name, birth, gender, address, issued = fields[:FIELDS_2021]
    if len(id_number) != 12 or not id_number.isascii() or not id_number.isdigit():
        raise CccdError(f"Mã QR CCCD: số định danh '{id_number}' (trường 1) phải gồm đúng 12 chữ số")
    if old_id and (not old_id.isascii() or not old_id.isdigit() or len(old_id) not in (9, 12)):
        raise CccdError(
            f"Mã QR CCCD: số CMND cũ '{old_id}' (trường 2) phải gồm 9 hoặc 12 chữ số, hoặc để trống"
        )
    if not name:
        raise CccdError("Mã QR CCCD: họ tên (trường 3) không được để trống")
    sex = GENDERS.get(gender.lower(), None) if gender else ""
    if sex is None:
        raise CccdError(f"Mã QR CCCD: giới tính '{gender}' (trường 5) phải là 'Nam' hoặc 'Nữ'")
    return CccdData(
        id_number=id_number,
        old_id=old_id,
        name=" ".join(name.split()),
        birth_date=_date(birth, "ngày sinh (trường 4)"),
        gender=sex,
        address=" ".join(address.split()),
        issue_date=_date(issued, "ngày cấp (trường 7)"),
    )


def to_person(data: CccdData) -> dict[str, Any]:
    """The applicant fields the intake stores (the old CMND number is used for look-up only)."""
    return {
        "name": data.name,
        "id_number": data.id_number,
        "id_type": "cccd",
        "birth_date": data.birth_date,
        "gender": data.gender,
        "address": data.address,
    }
