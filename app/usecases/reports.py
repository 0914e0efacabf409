"""Biểu 06 statistics of a period: shown, returned as JSON, or exported to PDF/XLSX."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.usecases.actor import Actor
from app.usecases.permissions import Permission, authorize

if TYPE_CHECKING:
    from app.desk import Desk
    from app.reports.stats import Report

FORMATS = ("json", "pdf", "xlsx")


def _build(desk: Desk, start: date, end: date, receiving_unit: str = "") -> Report:
    from app.reports.periods import PeriodError
    from app.reports.stats import build_for_office

    if end < start:
        raise PeriodError("--to phải sau hoặc bằng --from")
    office = desk.require_office()
    with desk.read() as s:
        return build_for_office(s, office, start, end, receiving_unit=receiving_unit)


def report(desk: Desk, actor: Actor, start: date, end: date, *, receiving_unit: str = "") -> dict[str, Any]:
    authorize(actor, Permission.REPORT)
    return _build(desk, start, end, receiving_unit).as_json()


def export_report(
    desk: Desk, actor: Actor, start: date, end: date, fmt: str, path: Path, *, receiving_unit: str = ""
) -> dict[str, Any]:
    """Write the report to ``path`` atomically (json, pdf or xlsx); returns where and how big."""
    from app.reports.export import to_pdf, to_xlsx
    from app.reports.periods import PeriodError
    from app.store.atomic import atomic_write_bytes

    authorize(actor, Permission.REPORT)
    if fmt not in FORMATS:
        raise PeriodError(f"--format phải là một trong {', '.join(FORMATS)}")
    built = _build(desk, start, end, receiving_unit)
    if fmt == "json":
        data = json.dumps(built.as_json(), ensure_ascii=False, indent=2).encode()
    else:
        data = to_pdf(built) if fmt == "pdf" else to_xlsx(built)
    atomic_write_bytes(Path(path), data)
    from app.reports.export import record_report_export

    with desk.tx() as s:  # an export is a hand-over of the office's figures (counts, never rows)
        record_report_export(s, actor, start, end, fmt)
    return {"file": str(path), "format": fmt, "bytes": len(data)}
