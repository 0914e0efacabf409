"""Realistic demo dossiers in bulk, for benchmarks, training and screenshots.

Demo rows go straight into the tables with Core bulk inserts (200 000 in about a minute); they
write no outbox changes, so a demo store never pushes invented citizens to a real hub.
"""

from __future__ import annotations

import random
import uuid as uuidlib
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.domain.calendar import WorkCalendar
from app.domain.clock import TZ, at, now
from app.domain.codes import format_code, number_range
from app.domain.lifecycle import Status
from app.domain.text import fold, given_first
from app.services.intake import procedure_limit
from app.store import audit
from app.store.models import Applicant, DayCounter, Dossier, DossierEvent, Office, Procedure

FAMILY = (
    "Nguyễn Nguyễn Nguyễn Trần Trần Lê Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý "
    "Đinh Trịnh Đoàn Lương Mai Cao Tạ Quách Hà Lâm"
).split()
MIDDLE_M = "Văn Văn Đức Minh Quang Hữu Công Thành Xuân Ngọc Đình Quốc Gia".split()
MIDDLE_F = "Thị Thị Thị Ngọc Thu Thanh Minh Bích Kim Hồng Phương Mỹ".split()
GIVEN_M = "An Bình Cường Dũng Đức Giang Hải Hiếu Hoàng Hùng Huy Khánh Khoa Long Mạnh Nam Phong Phúc Quân Sơn Tài Thắng Toàn Trung Tuấn Việt Vinh".split()
GIVEN_F = "Anh Ánh Chi Dung Duyên Giang Hà Hạnh Hằng Hoa Hoà Hòa Hương Lan Linh Loan Mai Nga Ngân Nhung Oanh Phượng Quyên Thảo Thư Thược Trang Uyên Yến".split()
VILLAGES = "Thôn Đông, Thôn Đoài, Thôn Thượng, Thôn Hạ, Xóm Mới, Thôn Trung, Xóm Chợ, Thôn Ấp".split(", ")
PHONE_PREFIXES = "032 033 034 035 036 037 038 039 086 096 097 098 081 082 083 084 085 088 091 094 070 076 077 078 079 089 090 093".split()
# Actor of the 'resolved' events demo rows carry (the processing body's officer); marked as a
# tool's actor by the tools that generate (app/services/tools.py).
SPECIALIST = "Cán bộ chuyên môn"
PROVINCES = ("001", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040")


def _person(rng: random.Random, year_now: int) -> dict[str, object]:
    female = rng.random() < 0.52
    name = " ".join(
        (
            rng.choice(FAMILY),
            rng.choice(MIDDLE_F if female else MIDDLE_M),
            rng.choice(GIVEN_F if female else GIVEN_M),
        )
    )
    birth_year = rng.randint(year_now - 85, year_now - 16)
    century_digit = (0 if birth_year < 2000 else 2) + (1 if female else 0)
    id_number = f"{rng.choice(PROVINCES)}{century_digit}{birth_year % 100:02d}{rng.randrange(10**6):06d}"
    return {
        "name": name,
        "name_key": fold(name),
        "id_type": "cccd",
        "id_number": id_number,
        "birth_date": date(birth_year, rng.randint(1, 12), rng.randint(1, 28)),
        "gender": "F" if female else "M",
        "address": f"{rng.choice(VILLAGES)}, xã Tân Lập",
        "phone": rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**7):07d}",
        "email": "",
    }


def _working_moments(calendar: WorkCalendar, start: date, end: date) -> list[date]:
    days = []
    d = start
    while d <= end:
        if calendar.is_working_day(d):
            days.append(d)
        d += timedelta(days=1)
    return days


def generate(
    session: Session,
    count: int,
    *,
    office: Office,
    calendar: WorkCalendar,
    actor: str,
    days: int | None = None,
    seed: int = 2026,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Insert ``count`` dossiers spread over the last ``days`` working days, ending today."""
    if count < 1:
        raise ValueError("--count phải ≥ 1")
    rng = random.Random(seed)
    procs = [p for p in session.scalars(select(Procedure).where(Procedure.active.is_(True)))]
    if not procs:
        raise ValueError("Danh mục thủ tục trống: cần nhập danh mục trước khi tạo dữ liệu mẫu")
    weights = [
        8 if p.code in ("2.000815", "2.000884", "1.001193", "1.000656", "1.000894") else 1 for p in procs
    ]
    stamp = now()
    today = stamp.date()
    span = days or max(30, min(720, count // 60))
    work_days = _working_moments(calendar, today - timedelta(days=span), today)
    low, high = number_range(office.workstation, office.workstation_count)
    ws = office.workstation if office.workstation_count > 1 else 0
    counters: dict[date, int] = defaultdict(lambda: low - 1)
    for existing in session.scalars(select(DayCounter).where(DayCounter.unit_code == office.unit_code)):
        if existing.workstation == ws:
            counters[existing.day] = existing.last
    per_day_cap = high - low + 1
    batch = 2000
    made = 0
    limits = {p.id: procedure_limit(p) for p in procs}
    while made < count:
        n = min(batch, count - made)
        applicants, dossiers, events = [], [], []
        for _ in range(n):
            day = rng.choice(work_days)
            if counters[day] - low + 1 >= per_day_cap:
                day = next(d for d in work_days if counters[d] - low + 1 < per_day_cap)
            counters[day] += 1
            minute = rng.randrange(7 * 60, 16 * 60 + 45)
            received = at(day, time(minute // 60, minute % 60))
            if received > stamp:
                received = stamp - timedelta(minutes=rng.randrange(1, 120))
            proc = rng.choices(procs, weights)[0]
            due = calendar.due(received, limits[proc.id])
            person = _person(rng, today.year)
            a_uuid = str(uuidlib.uuid4())
            applicants.append({"uuid": a_uuid, "created_at": received, "updated_at": received, **person})
            age = (stamp - received).days
            status, resolved_at, returned_at = _progress(rng, age, received, due)
            dossiers.append(
                {
                    "uuid": str(uuidlib.uuid4()),
                    "code": format_code(office.unit_code, day, counters[day]),
                    "procedure_id": proc.id,
                    "a_uuid": a_uuid,
                    "channel": rng.choices(("direct", "online", "postal"), (85, 12, 3))[0],
                    "return_method": "post" if rng.random() < 0.04 else "desk",
                    "received_at": received,
                    "due_at": due,
                    "status": status.value,
                    "documents": [
                        {k: d.get(k, 0) for k in ("name", "originals", "certified", "copies")}
                        for d in (proc.documents or [])
                        if d.get("required", True)
                    ],
                    "sets_count": 1,
                    "fee": None,
                    "summary": proc.name,
                    "notes": "",
                    "extended": False,
                    "resolved_at": resolved_at,
                    "returned_at": returned_at,
                    "closed_at": returned_at,
                    "received_by": actor,
                    "search_name": person["name_key"],
                    "search_given": given_first(str(person["name_key"])),
                    "search_id": person["id_number"],
                    "search_phone": person["phone"],
                    "created_at": received,
                    "updated_at": returned_at or resolved_at or received,
                }
            )
            events.append((status, received, due, resolved_at, returned_at))
        session.execute(insert(Applicant), applicants)
        ids = dict(
            session.execute(
                select(Applicant.uuid, Applicant.id).where(
                    Applicant.uuid.in_([a["uuid"] for a in applicants])
                )
            ).all()
        )
        for d in dossiers:
            d["owner_id"] = ids[str(d.pop("a_uuid"))]
        session.execute(insert(Dossier), dossiers)
        dids = dict(
            session.execute(
                select(Dossier.uuid, Dossier.id).where(Dossier.uuid.in_([d["uuid"] for d in dossiers]))
            ).all()
        )
        ev_rows = []
        for d, (status, received, due, resolved_at, returned_at) in zip(dossiers, events, strict=True):
            did = dids[str(d["uuid"])]
            ev_rows.append(_event(did, "received", received, actor, None, "received", due))
            if resolved_at is not None:
                ev_rows.append(
                    _event(
                        did,
                        "handed_over",
                        received + timedelta(minutes=30),
                        actor,
                        "received",
                        "in_progress",
                        due,
                    )
                )
                ev_rows.append(
                    _event(did, "resolved", resolved_at, SPECIALIST, "in_progress", "resolved", due)
                )
            elif status is Status.IN_PROGRESS:
                ev_rows.append(
                    _event(
                        did,
                        "handed_over",
                        received + timedelta(minutes=30),
                        actor,
                        "received",
                        "in_progress",
                        due,
                    )
                )
            if returned_at is not None:
                ev_rows.append(_event(did, "returned", returned_at, actor, "resolved", "returned", due))
        session.execute(insert(DossierEvent), ev_rows)
        made += n
        if progress is not None:
            progress(made, count)
    for day, last in counters.items():
        row = session.get(DayCounter, (office.unit_code, day, ws))
        if row is None:
            session.add(DayCounter(unit_code=office.unit_code, day=day, workstation=ws, last=last))
        else:
            row.last = max(row.last, last)
    audit.record(session, actor, "demo.generate", "dossier", "", None, {"count": count, "seed": seed})
    return made


def _progress(
    rng: random.Random, age_days: int, received: datetime, due: datetime | None
) -> tuple[Status, datetime | None, datetime | None]:
    if age_days <= 0:
        return (Status.RECEIVED if rng.random() < 0.7 else Status.IN_PROGRESS), None, None
    if age_days < 5 and rng.random() < 0.5:
        return Status.IN_PROGRESS, None, None
    target = due or (received + timedelta(days=2))
    # Most results come in on time; a few late, as in real Biểu 06 figures.
    shift = timedelta(
        hours=rng.choice((-30, -20, -6, -2, 1, 30)) if rng.random() < 0.1 else -rng.randrange(1, 40)
    )
    resolved = max(received + timedelta(minutes=45), target + shift)
    if resolved > now():
        return Status.IN_PROGRESS, None, None
    if rng.random() < 0.85:
        returned = min(now(), resolved + timedelta(hours=rng.randrange(1, 60)))
        return Status.RETURNED, resolved, returned
    return Status.RESOLVED, resolved, None


def _event(
    dossier_id: int,
    kind: str,
    when: datetime,
    actor: str,
    from_status: str | None,
    to_status: str,
    due: datetime | None,
) -> dict[str, object]:
    return {
        "uuid": str(uuidlib.uuid4()),
        "dossier_id": dossier_id,
        "kind": kind,
        "at": when.astimezone(TZ),
        "actor": actor,
        "from_status": from_status,
        "to_status": to_status,
        "due_before": due,
        "due_after": due,
        "note": "",
        "data": None,
        "origin": "desk",
    }


def stage_rejected_change(session: Session, reason: str) -> str | None:
    """Screenshots and training: mark the newest pending event change as refused by the hub,
    so the sync panel shows a real rejection and its reason. Never used on a working desk."""
    from app.store.models import Outbox

    row = session.scalars(
        select(Outbox).where(Outbox.entity == "event", Outbox.state == "pending").order_by(Outbox.id.desc())
    ).first()
    if row is None:
        return None
    row.state, row.last_error = "rejected", reason
    return row.change_id
