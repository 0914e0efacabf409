"""Dossier codes ``<unit code>-YYMMDD-XXXX`` (TT 01/2018/TT-VPCP Art. 19, kept by TT 03/2025).

Several desk PCs of one office issue codes offline; each keeps to its own block of numbers by
putting its workstation number in the first digit of XXXX when more than one is configured
(design.md "Dossier code"). Running past the block is an error, never a wrap: a wrapped number
would print a second receipt with a code that already belongs to another citizen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.vocab import DOSSIER_CODE_RE, UNIT_CODE_RE


class CodeError(ValueError):
    pass


@dataclass(frozen=True)
class DossierCode:
    unit: str
    day: date
    number: int

    def __str__(self) -> str:
        return format_code(self.unit, self.day, self.number)


def number_range(workstation: int, workstation_count: int) -> tuple[int, int]:
    """Inclusive range of running numbers this workstation may issue in a day."""
    if workstation_count <= 1:
        return 1, 9999
    if not 1 <= workstation <= 9:
        raise CodeError(f"Số máy trạm phải từ 1 đến 9 khi có nhiều máy trạm (đang là {workstation})")
    return workstation * 1000 + 1, workstation * 1000 + 999


def format_code(unit: str, day: date, number: int) -> str:
    if not UNIT_CODE_RE.fullmatch(unit):
        raise CodeError(f"Mã định danh đơn vị '{unit}' không đúng dạng V1V2V3.Z1Z2.Y1Y2.MX1X2")
    if not 1 <= number <= 9999:
        raise CodeError(f"Số thứ tự hồ sơ trong ngày phải từ 0001 đến 9999 (đang là {number})")
    return f"{unit}-{day:%y%m%d}-{number:04d}"


def parse_code(text: str) -> DossierCode:
    """Validate a code typed in or scanned; the message says which part is wrong."""
    value = text.strip().upper()
    m = DOSSIER_CODE_RE.fullmatch(value)
    if not m:
        shape = "<mã đơn vị>-YYMMDD-XXXX (ví dụ 000.00.12.H29-250124-0001)"
        parts = value.split("-")
        if len(parts) == 3 and not UNIT_CODE_RE.fullmatch(parts[0]):
            raise CodeError(
                f"Mã hồ sơ '{text}': mã định danh đơn vị '{parts[0]}' không đúng dạng V1V2V3.Z1Z2.Y1Y2.MX1X2; "
                f"mã hồ sơ có dạng {shape}"
            )
        if len(parts) == 3 and not (parts[1].isdigit() and len(parts[1]) == 6):
            raise CodeError(
                f"Mã hồ sơ '{text}': phần ngày '{parts[1]}' phải gồm 6 chữ số YYMMDD; dạng {shape}"
            )
        if len(parts) == 3 and not (parts[2].isdigit() and len(parts[2]) == 4):
            raise CodeError(f"Mã hồ sơ '{text}': số thứ tự '{parts[2]}' phải gồm 4 chữ số XXXX; dạng {shape}")
        raise CodeError(f"Mã hồ sơ '{text}' không đúng dạng {shape}")
    ymd = m.group("ymd")
    try:
        day = date(2000 + int(ymd[:2]), int(ymd[2:4]), int(ymd[4:]))
    except ValueError as exc:
        raise CodeError(f"Mã hồ sơ '{text}': phần ngày {ymd} không phải ngày hợp lệ") from exc
    number = int(m.group("num"))
    if number == 0:
        raise CodeError(f"Mã hồ sơ '{text}': số thứ tự 0000 không hợp lệ (bắt đầu từ 0001)")
    return DossierCode(m.group("unit"), day, number)
