"""Operations of the reports dialog (Biểu 06 and the register), run on the DB worker."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any


def bieu06(desk: Any, start: date, end: date) -> dict[str, Any]:
    from app.reports.stats import build_for_office

    office = desk.require_office()
    with desk.read() as s:
        return build_for_office(s, office, start, end).as_json()


def export_bieu06(desk: Any, start: date, end: date, fmt: str, path: Path) -> str:
    from app.reports.export import to_pdf, to_xlsx
    from app.reports.stats import build_for_office
    from app.store.atomic import atomic_write_bytes

    office = desk.require_office()
    with desk.read() as s:
        report = build_for_office(s, office, start, end)
    atomic_write_bytes(path, to_pdf(report) if fmt == "pdf" else to_xlsx(report))
    return str(path)


def register_pdf(desk: Any, start: date, end: date, path: Path, *, actor: str) -> str:
    from app.slips.service import print_register

    print_register(desk, start, end, out=path, actor=actor)
    return str(path)
