"""Plain, frozen views of the stored rows: everything a renderer needs and nothing else.

Renderers never touch ORM objects, so a slip can be previewed, rendered in a worker thread or
benchmarked without a session, and a lazy load can never fire in the middle of a layout.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import object_session

from app.domain.clock import local
from app.domain.text import nfc
from app.domain.timelimit import TimeLimit
from app.slips.formsets import DEFAULT_SWITCH_DATE
from app.store.models import Applicant, Dossier, DossierEvent, Office, User

# Administrative-unit prefixes dropped from the place name of the date line (NĐ 30/2020 Phụ lục I:
# "địa danh" is the proper name of the unit: "Hòa Phú, ngày …", not "Xã Hòa Phú, ngày …").
_UNIT_PREFIX = re.compile(r"^(xã|phường|đặc khu|thị trấn|thị xã|thành phố|tp\.?)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class SlipOffice:
    unit_code: str
    name: str
    parent_agency: str = ""
    commune: str = ""
    province: str = ""
    address: str = ""
    phone: str = ""
    website: str = ""
    switch_date: date = DEFAULT_SWITCH_DATE
    page_size: str = "A4"

    @property
    def place(self) -> str:
        """Địa danh of the date line."""
        base = nfc(self.commune) or nfc(self.province)
        return _UNIT_PREFIX.sub("", base) if base else "……………"

    @property
    def parent_line(self) -> str:
        if self.parent_agency:
            return nfc(self.parent_agency)
        if self.commune:
            return f"UBND {nfc(self.commune)}"
        return ""


@dataclass(frozen=True)
class SlipPerson:
    name: str
    id_type: str = ""
    id_number: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class SlipDocument:
    name: str
    originals: int = 0
    certified: int = 0
    copies: int = 0


@dataclass(frozen=True)
class SlipEvent:
    kind: str
    at: datetime
    actor: str = ""
    note: str = ""
    from_status: str | None = None
    to_status: str | None = None
    due_before: datetime | None = None
    due_after: datetime | None = None
    origin: str = "desk"
    from_unit: str = ""
    to_unit: str = ""
    missing: tuple[SlipDocument, ...] = ()


@dataclass(frozen=True)
class SlipDossier:
    uuid: str
    code: str
    procedure_code: str
    procedure_name: str
    limit: TimeLimit
    owner: SlipPerson
    received_at: datetime
    status: str
    office: SlipOffice
    submitter: SlipPerson | None = None
    processing_body: str = ""
    summary: str = ""
    channel: str = "direct"
    return_method: str = "desk"
    due_at: datetime | None = None
    documents: tuple[SlipDocument, ...] = ()
    sets_count: int = 1
    fee: int | None = None
    notes: str = ""
    received_by: str = ""
    extended: bool = False
    resolved_at: datetime | None = None
    returned_at: datetime | None = None
    events: tuple[SlipEvent, ...] = field(default=())
    register_book: str = ""
    register_number: int | None = None
    area: str = ""

    def last_event(self, kind: str) -> SlipEvent | None:
        for ev in reversed(self.events):
            if ev.kind == kind:
                return ev
        return None

    @property
    def requester(self) -> SlipPerson:
        """Who stood at the desk: the authorised submitter if any, else the owner."""
        return self.submitter or self.owner


@dataclass(frozen=True)
class SlipRegister:
    office: SlipOffice
    start: date
    end: date
    rows: tuple[SlipDossier, ...]


def office_from_row(office: Office) -> SlipOffice:
    return SlipOffice(
        unit_code=office.unit_code,
        name=nfc(office.office_name),
        parent_agency=nfc(office.parent_agency or ""),
        commune=nfc(office.commune or ""),
        province=nfc(office.province or ""),
        address=nfc(office.address or ""),
        phone=office.phone or "",
        website=office.website or "",
        switch_date=office.form_switch_date or DEFAULT_SWITCH_DATE,
        page_size=office.page_size or "A4",
    )


def person_from_row(a: Applicant | None) -> SlipPerson | None:
    if a is None:
        return None
    return SlipPerson(
        name=nfc(a.name),
        id_type=a.id_type or "",
        id_number=a.id_number or "",
        address=nfc(a.address or ""),
        phone=a.phone or "",
        email=a.email or "",
    )


def _count(value: Any) -> int:
    try:
        return max(0, int(value or 0))
    except (TypeError, ValueError):
        return 0


def document_from_dict(d: Mapping[str, Any]) -> SlipDocument:
    return SlipDocument(
        name=nfc(str(d.get("name", ""))),
        originals=_count(d.get("originals")),
        certified=_count(d.get("certified")),
        copies=_count(d.get("copies")),
    )


def person_name(actor: str | None, names: Mapping[str, str] | None = None) -> str:
    """The printed name of an officer: the account's full name; a machine actor ('system',
    'cli:root', 'upstream') or an account without a full name prints blank, never the login."""
    if not actor:
        return ""
    full = (names or {}).get(actor, "")
    if full:
        return full
    if actor == "system" or ":" in actor or actor == "upstream":
        return ""
    return actor


def event_from_row(e: DossierEvent, names: Mapping[str, str] | None = None) -> SlipEvent:
    data: Mapping[str, Any] = e.data if isinstance(e.data, Mapping) else {}
    missing = data.get("missing") or []
    return SlipEvent(
        kind=e.kind,
        at=local(e.at),
        actor=person_name(e.actor, names),
        note=nfc(e.note or ""),
        from_status=e.from_status,
        to_status=e.to_status,
        due_before=local(e.due_before) if e.due_before else None,
        due_after=local(e.due_after) if e.due_after else None,
        origin=e.origin or "desk",
        from_unit=nfc(str(data.get("from_unit", "") or "")),
        to_unit=nfc(str(data.get("to_unit", "") or "")),
        missing=tuple(document_from_dict(m) for m in missing if isinstance(m, Mapping)),
    )


def _user_names(dossier: Dossier, usernames: Iterable[str]) -> dict[str, str]:
    """Printed signature names: a user's full name where the account exists, else the login."""
    session = object_session(dossier)
    wanted = {u for u in usernames if u}
    if session is None or not wanted:
        return {}
    rows = session.execute(select(User.username, User.full_name).where(User.username.in_(wanted)))
    return {u: nfc(n) for u, n in rows if n}


def from_dossier(dossier: Dossier, office: Office | SlipOffice) -> SlipDossier:
    """Snapshot one stored dossier (with its procedure, applicants and events) for the renderers."""
    slip_office = office if isinstance(office, SlipOffice) else office_from_row(office)
    proc = dossier.procedure
    events = list(dossier.events)
    names = _user_names(dossier, [dossier.received_by, *(e.actor for e in events)])
    owner = person_from_row(dossier.owner)
    assert owner is not None  # owner_id is NOT NULL
    return SlipDossier(
        uuid=dossier.uuid,
        code=dossier.code,
        procedure_code=proc.code,
        procedure_name=nfc(proc.name),
        processing_body=nfc(proc.processing_body or ""),
        limit=TimeLimit.parse(proc.limit_unit, proc.limit_value),
        owner=owner,
        submitter=person_from_row(dossier.submitter),
        summary=nfc(dossier.summary or "") or nfc(proc.name),
        channel=dossier.channel,
        return_method=dossier.return_method,
        received_at=local(dossier.received_at),
        due_at=local(dossier.due_at) if dossier.due_at else None,
        status=dossier.status,
        office=slip_office,
        documents=tuple(document_from_dict(d) for d in (dossier.documents or []) if isinstance(d, Mapping)),
        sets_count=dossier.sets_count or 1,
        fee=dossier.fee,
        notes=nfc(dossier.notes or ""),
        received_by=person_name(dossier.received_by, names),
        extended=bool(dossier.extended),
        resolved_at=local(dossier.resolved_at) if dossier.resolved_at else None,
        returned_at=local(dossier.returned_at) if dossier.returned_at else None,
        events=tuple(event_from_row(e, names) for e in events),
        register_book=dossier.register_book or "",
        register_number=dossier.register_number,
        area=nfc(dossier.area or ""),
    )
