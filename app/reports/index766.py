"""The indicators of Quyết định 766/QĐ-TTg (2022) that a desk can compute from its own data.

All values are percentages (issue 12), ``None`` when the period holds nothing to measure:

- **1.4** sync rate: dossiers received in the period whose every change has reached the hub.
- **2.1** on-time rate, by 766's rules: a dossier is judged at the end of processing (the result
  is ready, status 9), with the time waiting for a supplement taken out (the stored due date is
  already moved by each pause, app/services/transitions.py); an apology-extension does not make a
  late dossier on time (the due date before the extension is used); a second supplement request
  makes the dossier overdue whatever the dates say.
- **2.2** average time: the mean share of the allowed time actually used (processing time with the
  supplement pauses removed, over the allowed time); ``details["2.2_days"]`` gives the mean days.
- **3.3** share by channel: the share of online dossiers among those received; the full split by
  channel is in ``details["3.3"]``.
- **5.4** satisfaction = 100 % − (overdue rate + share of dossiers with a "không hài lòng" rating
  or a complaint), floored at 0.

Elapsed times are wall-clock (the denominator uses the same clock), so a weekend inside both
cancels out in the ratio; the Biểu 06 counts stay in app/reports/stats.py.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.clock import at
from app.domain.lifecycle import Status
from app.store.models import Dossier, DossierEvent, Outbox
from app.store.models_citizen import Feedback, Rating

INDICATORS = ("1.4", "2.1", "2.2", "3.3", "5.4")
LABELS_VI = {
    "1.4": "Tỷ lệ hồ sơ đồng bộ",
    "2.1": "Tỷ lệ giải quyết đúng hạn",
    "2.2": "Thời gian giải quyết trung bình / thời hạn",
    "3.3": "Tỷ lệ hồ sơ trực tuyến",
    "4.1": "Cấp kết quả điện tử",
    "4.2": "Số hóa hồ sơ",
    "4.3": "Sử dụng lại dữ liệu số hóa",
    "5.4": "Mức độ hài lòng",
}
NOT_ACCEPTED = (Status.SUBMITTED.value, Status.REFUSED.value)
CHANNELS = ("direct", "online", "postal")


def _pct(part: float, whole: float) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _unsynced(session: Session) -> set[str]:
    """Dossier uuids with a change still pending or rejected."""
    out: set[str] = set()
    for row in session.scalars(select(Outbox).where(Outbox.state.in_(("pending", "rejected")))):
        if row.entity == "dossier":
            out.add(row.entity_uuid)
            continue
        payload = json.loads(row.payload)
        uuid = (payload.get("event") or {}).get("dossier_uuid") or payload.get("dossier_uuid")
        if uuid:
            out.add(str(uuid))
    return out


def _timing(events: list[DossierEvent], d: Dossier) -> tuple[datetime | None, timedelta, int]:
    """(due date for 766, total supplement pause, supplement requests) from the timeline."""
    due = d.due_at
    paused = timedelta(0)
    requests = 0
    pause_start: datetime | None = None
    for e in events:
        if e.kind == "supplement_requested":
            requests += 1
            pause_start = e.at
        elif e.kind == "supplement_received" and pause_start is not None:
            paused += e.at - pause_start
            pause_start = None
        elif e.kind == "extended" and e.due_before is not None:
            due = e.due_before  # the apology does not turn a late dossier into an on-time one
    return due, paused, requests


def compute(session: Session, start: date, end: date) -> dict[str, Any]:
    if end < start:
        raise ValueError("ngày kết thúc phải sau hoặc bằng ngày bắt đầu")
    t0 = at(start, time(0, 0))
    t1 = at(end + timedelta(days=1), time(0, 0))
    received = session.scalars(
        select(Dossier).where(
            Dossier.received_at >= t0, Dossier.received_at < t1, Dossier.status.not_in(NOT_ACCEPTED)
        )
    ).all()
    finished = session.scalars(
        select(Dossier).where(Dossier.resolved_at >= t0, Dossier.resolved_at < t1)
    ).all()
    events: dict[int, list[DossierEvent]] = defaultdict(list)
    if finished:
        for e in session.scalars(
            select(DossierEvent)
            .where(DossierEvent.dossier_id.in_([d.id for d in finished]))
            .where(DossierEvent.kind.in_(("supplement_requested", "supplement_received", "extended")))
            .order_by(DossierEvent.id)
        ):
            events[e.dossier_id].append(e)

    unsynced = _unsynced(session)
    synced = sum(1 for d in received if d.uuid not in unsynced)

    on_time = late = 0
    used: list[float] = []
    days: list[float] = []
    for d in finished:
        assert d.resolved_at is not None
        due, paused, requests = _timing(events[d.id], d)
        is_late = requests >= 2 or (due is not None and d.resolved_at > due)
        late += is_late
        on_time += not is_late
        spent = d.resolved_at - d.received_at - paused
        days.append(spent.total_seconds() / 86400)
        if due is not None:
            allowed = due - d.received_at - paused
            if allowed.total_seconds() > 0:
                used.append(spent.total_seconds() / allowed.total_seconds())

    by_channel = {c: sum(1 for d in received if d.channel == c) for c in CHANNELS}
    scope = {d.id for d in received} | {d.id for d in finished}
    unhappy: set[int] = set()
    if scope:
        ids = list(scope)
        unhappy.update(
            session.scalars(select(Rating.dossier_id).where(Rating.dossier_id.in_(ids), Rating.level == 1))
        )
        unhappy.update(
            x
            for x in session.scalars(
                select(Feedback.dossier_id).where(Feedback.dossier_id.in_(ids), Feedback.kind == "complaint")
            )
            if x is not None
        )
    overdue_rate = _pct(late, len(finished))
    unhappy_share = _pct(len(unhappy), len(scope))
    satisfaction = None
    if scope:
        satisfaction = round(max(0.0, 100.0 - (overdue_rate or 0.0) - (unhappy_share or 0.0)), 1)
    ratings = (
        session.execute(
            select(Rating.level)
            .join(Dossier, Rating.dossier_id == Dossier.id)
            .where(Rating.at >= t0, Rating.at < t1)
        )
        .scalars()
        .all()
    )
    from app.reports.digitisation import indicators as digitisation

    digitised = digitisation(session, start, end)  # 4.1 e-results, 4.2 digitised, 4.3 reuse (issue 14)
    return {
        "index": "766",
        "from": start.isoformat(),
        "to": end.isoformat(),
        "indicators": {
            "1.4": _pct(synced, len(received)),
            "2.1": _pct(on_time, len(finished)),
            "2.2": round(100.0 * sum(used) / len(used), 1) if used else None,
            "3.3": _pct(by_channel["online"], len(received)),
            "4.1": digitised["4.1"],
            "4.2": digitised["4.2"],
            "4.3": digitised["4.3"],
            "5.4": satisfaction,
        },
        "labels": dict(LABELS_VI),
        "details": {
            "received": len(received),
            "synced": synced,
            "finished": len(finished),
            "on_time": on_time,
            "late": late,
            "2.2_days": round(sum(days) / len(days), 2) if days else None,
            "3.3": {c: _pct(n, len(received)) for c, n in by_channel.items()},
            "overdue_rate": overdue_rate,
            "unhappy_share": unhappy_share,
            "ratings": {str(level): sum(1 for r in ratings if r == level) for level in (3, 2, 1)},
            "digitisation": digitised["counts"],
        },
    }
