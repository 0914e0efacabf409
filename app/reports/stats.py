"""Biểu 06 statistics (TT 01/2020/TT-VPCP, Biểu số 06/VPCP/KSTT) computed from the local store.

Columns (domain.md §7): received = online + direct/postal + carried over from the previous
period; resolved = early + on time + late; still in progress at the end of the period = within
time + overdue. Rows are the procedure fields (lĩnh vực). The same ``classify`` that colours the
queue on screen decides on-time here, so the screen and the report never disagree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.domain.clock import at, now
from app.domain.lifecycle import Status, Timeliness, classify
from app.store.models import Dossier, Procedure

FINISHING = (Status.RESOLVED, Status.RETURNED, Status.WITHDRAWN, Status.STOPPED)


@dataclass
class Row:
    field: str
    received_total: int = 0
    received_online: int = 0
    received_direct_postal: int = 0
    received_carried: int = 0
    resolved_total: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    pending_total: int = 0
    pending_within: int = 0
    pending_overdue: int = 0
    supplement_requested: int = 0
    withdrawn_stopped: int = 0
    refused: int = 0

    def add(self, other: Row) -> None:
        for key, value in asdict(other).items():
            if key != "field":
                setattr(self, key, getattr(self, key) + value)


@dataclass
class Report:
    start: date
    end: date
    unit_code: str
    office_name: str
    rows: list[Row] = field(default_factory=list)
    total: Row = field(default_factory=lambda: Row("Tổng cộng"))

    def as_json(self) -> dict[str, object]:
        return {
            "form": "Biểu số 06/VPCP/KSTT",
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "unit_code": self.unit_code,
            "office_name": self.office_name,
            "rows": [asdict(r) for r in self.rows],
            "total": asdict(self.total),
        }


def _finished_at(d: Dossier) -> datetime | None:
    if d.status in (Status.WITHDRAWN.value, Status.STOPPED.value):
        return d.closed_at
    return d.resolved_at


def build(session: Session, start: date, end: date, *, unit_code: str = "", office_name: str = "") -> Report:
    if end < start:
        raise ValueError("--to phải sau hoặc bằng --from")
    t0 = at(start, time(0, 0))
    t1 = at(end + timedelta(days=1), time(0, 0))  # exclusive end: the whole last day counts
    # A period still running (the current month) judges open dossiers as of now, not as of a
    # period end that has not come yet (which would call every open dossier overdue).
    as_of = min(t1 - timedelta(seconds=1), now())
    stmt = (
        select(Dossier, Procedure.field)
        .join(Procedure, Dossier.procedure_id == Procedure.id)
        .where(Dossier.received_at < t1)
        .where(
            or_(
                Dossier.received_at >= t0,
                Dossier.resolved_at.is_(None),
                Dossier.resolved_at >= t0,
                Dossier.closed_at >= t0,
            )
        )
    )
    rows: dict[str, Row] = defaultdict(lambda: Row(""))
    for d, field_name in session.execute(stmt):
        row = rows[field_name or "Khác"]
        row.field = field_name or "Khác"
        status = Status(d.status)
        if status is Status.SUBMITTED:
            continue  # not yet accepted: not a dossier "nhận giải quyết"
        if status is Status.REFUSED:
            if d.received_at >= t0:
                row.refused += 1
            continue
        finished = _finished_at(d)
        if finished is not None and finished < t0:
            continue  # closed before the period: belongs to earlier reports only
        row.received_total += 1
        if d.received_at < t0:
            row.received_carried += 1
        elif d.channel == "online":
            row.received_online += 1
        else:
            row.received_direct_postal += 1
        if finished is not None and finished < t1:
            row.resolved_total += 1
            if status in (Status.WITHDRAWN, Status.STOPPED):
                row.withdrawn_stopped += 1
            verdict = classify(
                status if status in FINISHING else Status.RESOLVED, d.due_at, finished, finished
            )
            if verdict is Timeliness.EARLY:
                row.resolved_early += 1
            elif verdict is Timeliness.LATE:
                row.resolved_late += 1
            else:
                row.resolved_on_time += 1
        else:
            row.pending_total += 1
            if status is Status.SUPPLEMENT_REQUESTED:
                row.supplement_requested += 1
            verdict = classify(Status.IN_PROGRESS, d.due_at, None, as_of)
            if verdict is Timeliness.OVERDUE:
                row.pending_overdue += 1
            else:
                row.pending_within += 1
    report = Report(start, end, unit_code, office_name)
    from app.domain.text import collation_key

    report.rows = sorted(rows.values(), key=lambda r: collation_key(r.field))
    for r in report.rows:
        report.total.add(r)
    return report
