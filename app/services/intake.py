"""Receiving a dossier at the desk: validate, store, allocate the code, compute the appointment.

Everything happens in the caller's one transaction: applicant, dossier, its first event, the
audit row and the outbox change commit together or not at all (nothing half-stored when the
power goes out between two statements).
"""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.calendar import WorkCalendar
from app.domain.catalogue import fee_for
from app.domain.clock import local, now
from app.domain.codes import CodeError, format_code, number_range, parse_code
from app.domain.lifecycle import EVENT_FOR, Status
from app.domain.text import digits, fold, given_first, nfc
from app.domain.timelimit import TimeLimit
from app.domain.validation import (
    Issue,
    ValidationError,
    check_birth_date,
    check_email,
    check_id_number,
    check_name,
    check_phone,
    raise_for,
)
from app.services.register_book import assign_register_number, check_area
from app.services.snapshot import dossier_dict
from app.store import audit, outbox
from app.store.models import Applicant, DayCounter, Dossier, DossierEvent, Office, Procedure

CHANNELS = ("direct", "online", "postal")
RETURN_METHODS = ("desk", "post")
# A receipt time a little ahead of this PC's clock is tolerated (two PCs, one wall clock).
FUTURE_TOLERANCE = timedelta(minutes=5)
# Bounds of the numbers a clerk types (issue 8 §10): beyond them SQLite's 64-bit integer overflows
# and the fee rule's arithmetic means nothing.
MAX_PAGES = 10_000
MAX_FEE = 1_000_000_000


@dataclass
class PersonInput:
    name: str
    id_number: str
    id_type: str | None = None
    birth_date: date | None = None
    gender: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class DocumentInput:
    name: str
    originals: int = 0
    certified: int = 0
    copies: int = 0


@dataclass
class IntakeRequest:
    procedure_code: str
    owner: PersonInput
    submitter: PersonInput | None = None
    channel: str = "direct"
    return_method: str = "desk"
    received_at: datetime | None = None
    documents: list[DocumentInput] | None = None  # None: the procedure's required list, as listed
    sets_count: int = 1
    pages: int = 0  # for per-page fees (certified copies)
    fee: int | None = None  # None: computed from the procedure's fee rule where it can be
    summary: str = ""
    notes: str = ""
    due_override: datetime | None = None  # leaders only, with a reason (issue 5)
    due_override_reason: str = ""
    status: Status = Status.RECEIVED  # SUBMITTED for online dossiers pulled from the hub
    late_entry_reason: str = ""  # a paper dossier entered long after receipt: why (leaders only)
    area: str = ""  # Địa bàn phát sinh: "" = the commune; else a hamlet from the office's list


@dataclass
class IntakeResult:
    dossier_id: int
    uuid: str
    code: str
    due_at: datetime | None
    status: str
    warnings: list[Issue] = field(default_factory=list)

    register_book: str = ""
    register_number: int | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "uuid": self.uuid,
            "due": self.due_at.isoformat() if self.due_at else None,
            "status": self.status,
            "register": {"book": self.register_book, "number": self.register_number},
            "warnings": [{"field": w.field, "rule": w.rule, "message": w.message} for w in self.warnings],
        }


def check_person(p: PersonInput, prefix: str, today: date) -> tuple[list[Issue], dict[str, object]]:
    """Validate and normalise one person; issue fields are prefixed ('owner.phone')."""
    issues: list[Issue] = []

    def add(found: tuple[Issue, ...] | list[Issue]) -> None:
        for i in found:
            issues.append(Issue(f"{prefix}.{i.field}", i.rule, i.message, i.level))

    name = nfc(p.name)
    add(check_name(name))
    idc = check_id_number(
        p.id_number,
        p.id_type,
        today=today,
        gender=p.gender or None,
        birth_year=p.birth_date.year if p.birth_date else None,
    )
    add(idc.issues)
    phone = check_phone(p.phone) if p.phone.strip() else None
    if phone is not None:
        add(phone.issues)
    add(check_email(p.email))
    if p.birth_date is not None:
        add(check_birth_date(p.birth_date, today=today))
    if p.gender not in ("", "M", "F"):
        issues.append(Issue(f"{prefix}.gender", "choice", "Giới tính phải là M (nam) hoặc F (nữ)"))
    clean: dict[str, object] = {
        "name": name,
        "id_type": idc.id_type,
        "id_number": idc.normalized,
        "birth_date": p.birth_date,
        "gender": p.gender or (idc.gender or ""),
        "address": nfc(p.address),
        "phone": phone.normalized if phone is not None else "",
        "email": p.email.strip().lower(),
    }
    return issues, clean


def upsert_applicant(session: Session, clean: dict[str, object]) -> Applicant:
    """Returning citizens are found by ID number; their contact data is refreshed, never blanked."""
    row = session.scalar(
        select(Applicant).where(
            Applicant.id_number == clean["id_number"], Applicant.id_type == clean["id_type"]
        )
    )
    stamp = now()
    if row is None:
        row = Applicant(uuid=str(uuidlib.uuid4()), created_at=stamp, updated_at=stamp)
        session.add(row)
        for key, value in clean.items():
            setattr(row, key, value)
    else:
        for key, value in clean.items():
            if value not in ("", None):
                setattr(row, key, value)
        row.updated_at = stamp
    row.name_key = fold(row.name)
    return row


def allocate_code(session: Session, office: Office, day: date) -> str:
    """Next running number of the day for this workstation, in the caller's transaction.

    The engine begins every transaction IMMEDIATE, so the read-increment below cannot interleave
    with another writer on this file.
    """
    low, high = number_range(office.workstation, office.workstation_count)
    ws = office.workstation if office.workstation_count > 1 else 0
    counter = session.get(DayCounter, (office.unit_code, day, ws))
    if counter is None:
        counter = DayCounter(unit_code=office.unit_code, day=day, workstation=ws, last=low - 1)
        session.add(counter)
        session.flush()
    nxt = counter.last + 1
    # The hub numbers online submissions down from 0999, then 9999 (server/admin.py); skip any number an
    # already-pulled online dossier holds so the two never print the same code.
    while nxt <= high and session.scalar(
        select(Dossier.id).where(Dossier.code == format_code(office.unit_code, day, nxt))
    ):
        nxt += 1
    if nxt > high:
        raise CodeError(
            f"Đã hết số thứ tự hồ sơ trong ngày {day:%d/%m/%Y} cho máy trạm này "
            f"(tối đa {high - low + 1} hồ sơ/ngày, từ {low:04d} đến {high:04d})"
        )
    counter.last = nxt  # written at the dossier's flush, in the same transaction
    return format_code(office.unit_code, day, nxt)


def procedure_limit(p: Procedure) -> TimeLimit:
    return TimeLimit.parse(p.limit_unit, p.limit_value)


def _documents(req: IntakeRequest, proc: Procedure) -> tuple[list[dict[str, object]], list[Issue]]:
    issues: list[Issue] = []
    if req.documents is None:
        docs = [
            {
                "name": d["name"],
                "originals": int(d.get("originals", 0)),
                "certified": int(d.get("certified", 0)),
                "copies": int(d.get("copies", 0)),
            }
            for d in (proc.documents or [])
            if d.get("required", True)
        ]
        return docs, issues
    docs = []
    for i, d in enumerate(req.documents, start=1):
        name = nfc(d.name)
        if not name:
            issues.append(
                Issue(f"documents[{i}].name", "required", f"Giấy tờ thứ {i}: tên không được để trống")
            )
        for attr, label in (
            ("originals", "bản chính"),
            ("certified", "bản chứng thực"),
            ("copies", "bản photo"),
        ):
            value = getattr(d, attr)
            if not isinstance(value, int) or value < 0 or value > 99:
                issues.append(
                    Issue(f"documents[{i}].{attr}", "range", f"Giấy tờ thứ {i}: số {label} phải từ 0 đến 99")
                )
        docs.append({"name": name, "originals": d.originals, "certified": d.certified, "copies": d.copies})
    return docs, issues


def intake(
    session: Session,
    req: IntakeRequest,
    *,
    office: Office,
    calendar: WorkCalendar,
    actor: str,
    dossier_uuid: str | None = None,
    code: str | None = None,
    event_uuid: str | None = None,
    origin: str = "desk",
    sibling_due: datetime | None = None,
) -> IntakeResult:
    """Store a new dossier. ``dossier_uuid``/``code`` are given only for dossiers that already
    have an identity upstream (online submissions pulled by sync); the desk makes its own.
    ``origin='office'``: a dossier received at a sibling desk (fed by the office hub), stored with
    that desk's first event uuid and the appointment it printed (``sibling_due``), not recomputed."""
    issues: list[Issue] = []
    stamp = now()
    received = local(req.received_at) if req.received_at is not None else stamp
    if received > stamp + FUTURE_TOLERANCE:
        issues.append(
            Issue("received_at", "future", f"Thời điểm tiếp nhận {received:%d/%m/%Y %H:%M} ở tương lai")
        )
    proc = session.scalar(select(Procedure).where(Procedure.code == req.procedure_code.strip()))
    if proc is None:
        issues.append(
            Issue("procedure", "unknown", f"Không có thủ tục mã '{req.procedure_code}' trong danh mục")
        )
    elif not proc.active:
        issues.append(Issue("procedure", "inactive", f"Thủ tục {proc.code} đã ngừng áp dụng"))
    if req.channel not in CHANNELS:
        issues.append(Issue("channel", "choice", f"Kênh nộp phải là một trong {', '.join(CHANNELS)}"))
    if req.return_method not in RETURN_METHODS:
        issues.append(Issue("return_method", "choice", "Hình thức nhận kết quả phải là desk hoặc post"))
    if not 1 <= req.sets_count <= 99:
        issues.append(Issue("sets_count", "range", "Số bộ hồ sơ phải từ 1 đến 99"))
    if req.fee is not None and req.fee < 0:
        issues.append(Issue("fee", "range", "Lệ phí không được âm"))
    elif req.fee is not None and req.fee > MAX_FEE:
        issues.append(Issue("fee", "range", f"Lệ phí tối đa {MAX_FEE:,} đồng (đang là {req.fee:,})"))
    if not 0 <= req.pages <= MAX_PAGES:
        issues.append(Issue("pages", "range", f"Số trang phải từ 0 đến {MAX_PAGES} (đang là {req.pages})"))
    owner_issues, owner_clean = check_person(req.owner, "owner", received.date())
    issues += owner_issues
    sub_clean = None
    if req.submitter is not None:
        sub_issues, sub_clean = check_person(req.submitter, "submitter", received.date())
        issues += sub_issues
    if req.due_override is not None and not nfc(req.due_override_reason):
        issues.append(Issue("due_override_reason", "required", "Sửa ngày hẹn trả phải ghi rõ lý do"))
    area, area_issues = check_area(office, req.area)
    issues += area_issues
    docs: list[dict[str, object]] = []
    if proc is not None:
        docs, doc_issues = _documents(req, proc)
        issues += doc_issues
    raise_for(issues)
    assert proc is not None
    warnings = [i for i in issues if i.level == "warning"]

    limit = procedure_limit(proc)
    if req.status is Status.SUBMITTED:
        due = None  # the clock starts when the desk accepts the online dossier
    else:
        due = calendar.due(received, limit)
    if origin == "office":
        due = local(sibling_due) if sibling_due is not None else None
    computed_due = due
    if req.due_override is not None:
        override = local(req.due_override)
        if override < received:
            raise ValidationError(
                [Issue("due_override", "before_receipt", "Ngày hẹn trả không được trước thời điểm tiếp nhận")]
            )
        due = override
    fee = req.fee if req.fee is not None else fee_for(proc.fee_rule, pages=req.pages, copies=req.sets_count)

    owner = upsert_applicant(session, owner_clean)
    submitter = upsert_applicant(session, sub_clean) if sub_clean is not None else None
    session.flush()
    if code is None:
        code = allocate_code(session, office, received.date())
    else:
        parse_code(code)  # an upstream code must still be well-formed
        if session.scalar(select(Dossier.id).where(Dossier.code == code)) is not None:
            raise ValidationError([Issue("code", "unique", f"Mã hồ sơ {code} đã tồn tại")])
    d = Dossier(
        uuid=dossier_uuid or str(uuidlib.uuid4()),
        code=code,
        procedure_id=proc.id,
        owner_id=owner.id,
        submitter_id=submitter.id if submitter is not None else None,
        channel=req.channel,
        return_method=req.return_method,
        received_at=received,
        due_at=due,
        status=req.status.value,
        documents=docs,
        sets_count=req.sets_count,
        fee=fee,
        summary=nfc(req.summary) or proc.name,
        notes=nfc(req.notes),
        received_by=actor,
        area=area,
        search_name=owner.name_key,
        search_given=given_first(owner.name_key),
        search_id=owner.id_number.lower(),
        search_phone=digits(owner.phone),
        created_at=stamp,
        updated_at=stamp,
    )
    if req.status is not Status.SUBMITTED:
        # "Vào Sổ theo dõi hồ sơ": an online submission gets its line when the desk accepts it.
        assign_register_number(session, office, d, received.date())
    session.add(d)
    session.flush()
    data: dict[str, object] = {"limit": limit.in_words()}
    if nfc(req.late_entry_reason):
        data["late_entry_reason"] = nfc(req.late_entry_reason)
    if req.due_override is not None:
        data.update(
            computed_due=computed_due.isoformat() if computed_due else None,
            override_reason=nfc(req.due_override_reason),
        )
    ev = DossierEvent(
        uuid=event_uuid or str(uuidlib.uuid4()),
        origin=origin,
        dossier_id=d.id,
        kind=EVENT_FOR[req.status],
        at=received,
        actor=actor,
        from_status=None,
        to_status=req.status.value,
        due_after=due,
        note=nfc(req.notes),
        data=data,
    )
    session.add(ev)
    session.flush()
    session.refresh(d)
    snap = dossier_dict(d, unit_code=office.unit_code)
    outbox.enqueue(session, outbox.DOSSIER_CREATE, d.uuid, {"dossier": snap, "event_uuid": ev.uuid})
    audit.record(session, actor, "dossier.intake", "dossier", d.code, None, snap)
    return IntakeResult(
        d.id,
        d.uuid,
        d.code,
        due,
        d.status,
        warnings,
        register_book=d.register_book,
        register_number=d.register_number,
    )


def refuse_at_desk(
    session: Session,
    req: IntakeRequest,
    reason: str,
    *,
    office: Office,
    calendar: WorkCalendar,
    actor: str,
) -> IntakeResult:
    """A walk-in dossier refused at the desk (Phiếu từ chối, Mẫu 03): stored as submitted and
    moved to refused in the caller's one transaction, as the GUI does. The clock never starts,
    so the dossier carries no appointment; it still takes its line in the register."""
    from app.services.transitions import change_status

    text = nfc(reason)
    if not text:
        raise ValidationError(
            [Issue("refuse", "required", "Từ chối tiếp nhận (--refuse) phải ghi rõ lý do cụ thể")]
        )
    req.status = Status.SUBMITTED
    result = intake(session, req, office=office, calendar=calendar, actor=actor)
    d = session.get(Dossier, result.dossier_id)
    assert d is not None
    change = change_status(
        session, result.code, Status.REFUSED, calendar=calendar, actor=actor, note=text, at=d.received_at
    )
    result.status = change.status_after
    result.due_at = None
    result.register_book, result.register_number = d.register_book, d.register_number
    return result
