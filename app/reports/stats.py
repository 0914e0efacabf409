"""Biểu 06 statistics (TT 01/2020/TT-VPCP, Biểu số 06/VPCP/KSTT) computed from the event log.

Columns (domain.md §7), numbered as printed: (1) STT, (2) Lĩnh vực; received (3) = online (4) +
direct/postal (5) + carried over from the previous period (6); resolved (7) = early (8) + on time
(9) + late (10); still in progress at the period end (11) = within time (12) + overdue (13).

Every dossier is judged as it stood at the period end, replayed from its append-only events
(``lifecycle.state_at``), with the one ``classify`` that colours the queue on screen, so the
screen, a reprint months later and the report never disagree:

- "nhận giải quyết" counts from the desk's acceptance (an online submission from its acceptance);
- a dossier waiting for the citizen's supplement is not overdue: its clock stopped at the request;
- a dossier closed without a result in the period (withdrawn, stopped, refused after acceptance)
  is neither resolved on time nor late: it is counted in the annex "trả lại/rút", so that
  (3) = (7) + (11) + annex(trả lại/rút) on every row;
- refused at the desk (never accepted) is not "nhận giải quyết"; the annex counts it apart.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.domain.clock import at, iso, now
from app.domain.lifecycle import Status, Timeliness, classify, state_at
from app.domain.text import collation_key
from app.store.models import Dossier, DossierEvent, Office, Procedure


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
    # Annex (not columns of the model form): still waiting for a supplement at the period end
    # (part of pending_total); closed without a result in the period; refused at the desk.
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
    receiving_unit: str = ""  # Đơn vị nhận báo cáo
    reporting_unit: str = ""  # Đơn vị báo cáo (default: the office name)
    place: str = ""  # địa danh of the date line
    as_of: datetime | None = None  # data cut-off: the period end, or now while it still runs

    def as_json(self) -> dict[str, object]:
        return {
            "form": "Biểu số 06/VPCP/KSTT",
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "as_of": iso(self.as_of),
            "unit_code": self.unit_code,
            "office_name": self.office_name,
            "reporting_unit": self.reporting_unit or self.office_name,
            "receiving_unit": self.receiving_unit,
            "rows": [asdict(r) for r in self.rows],
            "total": asdict(self.total),
        }


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[00:00 of the first day, 00:00 after the last day): the whole 14th belongs to the period."""
    return at(start, time(0, 0)), at(end + timedelta(days=1), time(0, 0))


def build(
    session: Session,
    start: date,
    end: date,
    *,
    unit_code: str = "",
    office_name: str = "",
    receiving_unit: str = "",
    as_of: datetime | None = None,
) -> Report:
    if end < start:
        raise ValueError("--to phải sau hoặc bằng --from")
    t0, t1 = period_bounds(start, end)
    # A period still running (the current month) judges open dossiers as of now, not as of a
    # period end that has not come yet (which would call every open dossier overdue).
    cut = min(t1 - timedelta(microseconds=1), as_of or now())
    # Superset in SQL (index-backed), exact rules below from the events.
    alive = (
        Dossier.received_at < t1,
        or_(Dossier.resolved_at.is_(None), Dossier.resolved_at >= t0),
        or_(Dossier.closed_at.is_(None), Dossier.closed_at >= t0),
    )
    fields = dict(
        session.execute(
            select(Dossier.id, Procedure.field)
            .join(Procedure, Dossier.procedure_id == Procedure.id)
            .where(*alive)
        ).all()
    )
    channels = dict(session.execute(select(Dossier.id, Dossier.channel).where(*alive)).all())
    events: dict[int, list[DossierEvent]] = defaultdict(list)
    for ev in session.scalars(
        select(DossierEvent)
        .join(Dossier, DossierEvent.dossier_id == Dossier.id)
        .where(*alive)
        .order_by(DossierEvent.dossier_id, DossierEvent.id)
    ):
        events[ev.dossier_id].append(ev)
    rows: dict[str, Row] = {}

    def row_for(dossier_id: int) -> Row:
        name = fields.get(dossier_id) or "Khác"
        return rows.setdefault(name, Row(name))

    for dossier_id, evs in events.items():
        st = state_at(evs, cut)
        if st is None:
            continue
        if st.accepted_at is None:
            # Never accepted: an online submission still waiting, withdrawn before acceptance,
            # or refused at the desk (Phiếu từ chối): not "nhận giải quyết".
            if st.status is Status.REFUSED and st.closed_at is not None and st.closed_at >= t0:
                row_for(dossier_id).refused += 1
            continue
        ended = st.finished_at or st.closed_at
        if ended is not None and ended < t0:
            continue  # finished before the period: belongs to earlier reports only
        row = row_for(dossier_id)
        row.received_total += 1
        if st.accepted_at < t0:
            row.received_carried += 1
        elif channels.get(dossier_id) == "online":
            row.received_online += 1
        else:
            row.received_direct_postal += 1
        if st.finished_at is not None:
            row.resolved_total += 1
            then = state_at(evs, st.finished_at)
            due = then.due_at if then is not None else st.due_at
            verdict = classify(Status.RESOLVED, due, st.finished_at, st.finished_at)
            if verdict is Timeliness.EARLY:
                row.resolved_early += 1
            elif verdict is Timeliness.LATE:
                row.resolved_late += 1
            else:
                row.resolved_on_time += 1
        elif st.closed_at is not None:
            row.withdrawn_stopped += 1
        else:
            row.pending_total += 1
            if st.status is Status.SUPPLEMENT_REQUESTED:
                row.supplement_requested += 1
            if st.timeliness(cut) is Timeliness.OVERDUE:
                row.pending_overdue += 1
            else:
                row.pending_within += 1
    report = Report(start, end, unit_code, office_name, receiving_unit=receiving_unit, as_of=cut)
    report.rows = sorted(rows.values(), key=lambda r: collation_key(r.field))
    for r in report.rows:
        report.total.add(r)
    return report


def receiving_unit_for(province: str) -> str:
    """Đơn vị nhận báo cáo of a commune since 1/7/2025 (no district level, domain.md §1.1):
    the province's people's committee office. An office may name another (``--recipient``)."""
    name = (province or "").strip()
    return f"Văn phòng Ủy ban nhân dân {name}" if name else ""


def reporting_unit_for(parent_agency: str, commune: str, office_name: str) -> str:
    """Đơn vị báo cáo: the commune's people's committee, whose TTHC the report covers."""
    if parent_agency.strip():
        return parent_agency.strip()
    if commune.strip():
        return f"Ủy ban nhân dân {commune.strip()}"
    return office_name


def build_for_office(
    session: Session,
    office: Office,
    start: date,
    end: date,
    *,
    receiving_unit: str = "",
    as_of: datetime | None = None,
) -> Report:
    """``build`` with the header units taken from the office profile (CLI and GUI alike)."""
    report = build(
        session,
        start,
        end,
        unit_code=office.unit_code,
        office_name=office.office_name,
        receiving_unit=receiving_unit.strip() or receiving_unit_for(office.province or ""),
        as_of=as_of,
    )
    report.reporting_unit = reporting_unit_for(
        office.parent_agency or "", office.commune or "", office.office_name
    )
    report.place = office.commune or office.province or ""
    return report
