"""The register (Sổ theo dõi hồ sơ): book and running number, and the area of each dossier.

Mẫu 01 prints "Vào Sổ theo dõi hồ sơ, Quyển số: …, Số thứ tự: …" (TT 01/2018 and TT 03/2025):
the receipt points at its line in the register. Books are numbered per year by default (the
book is labelled with the year and the numbers start again at 1 each year), or the office names
the book it is writing in now (a new label starts a new book). With several desk PCs each keeps
its own book ("2026-M2"), so numbers never collide while they are offline (design.md "Dossier
code": workstations stay disjoint the same way).

"Địa bàn phát sinh hồ sơ" is a structured field: the commune itself, or one of the hamlets the
office lists in its profile, so every row of the register says it the same way (issue 11).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.text import fold, nfc
from app.domain.validation import Issue
from app.store.models import Dossier, Office


def book_label(office: Office, day: date) -> str:
    base = (office.register_book or "").strip() or str(day.year)
    if (office.workstation_count or 1) > 1:
        base = f"{base}-M{office.workstation}"
    return base


def assign_register_number(session: Session, office: Office, dossier: Dossier, day: date) -> None:
    """Give ``dossier`` the next number of the book in use, in the caller's (IMMEDIATE) transaction.

    A dossier keeps the number it was given: a reprint shows the same line of the register."""
    if dossier.register_number is not None:
        return
    book = book_label(office, day)
    last = session.scalar(select(func.max(Dossier.register_number)).where(Dossier.register_book == book))
    dossier.register_book = book
    dossier.register_number = (last or 0) + 1


def area_choices(office: Office) -> list[str]:
    """The commune first, then the office's hamlets, as configured."""
    out: list[str] = []
    for value in [office.commune or "", *(office.hamlets or [])]:
        text = nfc(str(value)).strip()
        if text and text not in out:
            out.append(text)
    return out


def check_area(office: Office, value: str) -> tuple[str, list[Issue]]:
    """The stored area for ``value`` ("" = the commune), or an issue naming the allowed choices."""
    choices = area_choices(office)
    text = nfc(value or "").strip()
    if not text:
        return nfc(office.commune or "").strip(), []
    for choice in choices:
        if fold(choice) == fold(text):
            return choice, []
    allowed = ", ".join(choices) if choices else "chưa cấu hình (motcua setup --commune, --hamlet)"
    return "", [
        Issue(
            "area",
            "choice",
            f"Địa bàn phát sinh hồ sơ (--area) '{text}' không có trong danh sách của cơ quan; chọn một trong: "
            f"{allowed}",
        )
    ]
