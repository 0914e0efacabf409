"""Operations of the reports dialog (Biểu 06 and the register), run on the DB worker."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any


def bieu06(desk: Any, start: date, end: date) -> dict[str, Any]:
    from app.reports.stats import build

    office = desk.require_office()
    with desk.read() as s:
        return build(s, start, end, unit_code=office.unit_code, office_name=office.office_name).as_json()


def export_bieu06(desk: Any, start: date, end: date, fmt: str, path: Path, *, actor: str = "?") -> str:
    from app.reports.export import record_report_export, to_pdf, to_xlsx
    from app.reports.stats import build
    from app.store.atomic import atomic_write_bytes

    office = desk.require_office()
    with desk.read() as s:
        report = build(s, start, end, unit_code=office.unit_code, office_name=office.office_name)
    atomic_write_bytes(path, to_pdf(report) if fmt == "pdf" else to_xlsx(report))
    with desk.tx() as s:
        record_report_export(s, actor, start, end, fmt)
    return str(path)


def register_pdf(desk: Any, start: date, end: date, path: Path, *, actor: str) -> str:
    from app.slips.service import print_register

    print_register(desk, start, end, out=path, actor=actor)
    return str(path)
