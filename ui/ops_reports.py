"""Operations of the reports dialog (Biểu 06 and the register), run on the DB worker.

Thin adapters over app/usecases/reports.py and slips.py (leaders and admins).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the desk seam, typed without importing the store at run time
    from app.desk import Desk

from app.usecases.actor import Actor


def bieu06(desk: Any, start: date, end: date, *, actor: Actor) -> dict[str, Any]:
    from app.usecases import reports

    return reports.report(desk, actor, start, end)


def export_bieu06(desk: Any, start: date, end: date, fmt: str, path: Path, *, actor: Actor) -> str:
    from app.usecases import reports

    return str(reports.export_report(desk, actor, start, end, fmt, Path(path))["file"])


def register_pdf(desk: Desk, start: date, end: date, path: Path, *, actor: Actor) -> str:
    from app.usecases import slips

    slips.print_register(desk, actor, start, end, out=Path(path))
    return str(path)
