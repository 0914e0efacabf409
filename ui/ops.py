"""Operations: small callables run on the DB worker with the open Desk, returning plain data.

Each function here takes plain Python values (what a form holds), builds the service request,
runs it in one transaction and returns dicts/dataclasses that are safe to hand to the GUI thread
(no ORM object leaves the worker). Services are imported inside the functions so the GUI thread
never imports SQLAlchemy; they are already loaded on the worker after the Desk opened.

Errors are not caught here: ``ui.runner`` turns the expected kinds into Vietnamese messages.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class StartupInfo:
    office: dict[str, Any] | None
    users: int
    data_dir: str


@dataclass(frozen=True)
class User:
    """The logged-in user as the GUI sees it (mirrors app.services.users.UserInfo)."""

    username: str
    full_name: str
    role: str
    permissions: frozenset[str]

    def can(self, permission: str) -> bool:
        return permission in self.permissions


def _user(info: Any) -> User:
    from app.services.users import PERMISSIONS

    return User(info.username, info.full_name, info.role, PERMISSIONS.get(info.role, frozenset()))


# -- start-up and accounts -----------------------------------------------------------------------


def open_desk(data_dir: Path | None) -> Any:
    from app.desk import Desk

    return Desk.open(data_dir)


def startup_info(desk: Any) -> StartupInfo:
    from app.services.users import count_users

    with desk.read() as s:
        users = count_users(s)
    return StartupInfo(office_info(desk), users, str(desk.data_dir))


def office_info(desk: Any) -> dict[str, Any] | None:
    from app.services.office import profile_of

    row = desk.office()
    return asdict(profile_of(row)) if row is not None else None


def first_run(desk: Any, profile: dict[str, Any], admin: dict[str, str]) -> User:
    """Office profile and first admin in one transaction: a half-finished wizard stores nothing."""
    from app.services.office import OfficeProfile, save_profile
    from app.services.users import create_user

    actor = admin.get("username", "").strip().lower() or "setup"
    with desk.tx() as s:
        save_profile(s, OfficeProfile(**profile), actor=actor)
        info = create_user(s, admin["username"], admin["full_name"], "admin", admin["password"], actor=actor)
    desk.invalidate_calendar()
    return _user(info)


def first_recovery_sheet(desk: Any, user: User) -> str | None:
    """The recovery sheet handed to the new admin once, at the end of the first-run wizard."""
    from app.usecases import Actor
    from app.usecases.keys import issue_first_sheet

    sheet = issue_first_sheet(desk, Actor(user.username, user.full_name, user.role, "gui"))
    return sheet.path if sheet is not None else None


def login(desk: Any, username: str, password: str) -> User | None:
    from app.services.users import authenticate

    with desk.tx() as s:  # commits the audit row of a failed attempt too
        info = authenticate(s, username, password)
    return _user(info) if info is not None else None


def user_by_name(desk: Any, username: str) -> User | None:
    """For benchmarks and screenshots only (no password): the active user of that name."""
    from app.services.users import list_users

    with desk.read() as s:
        found = [u for u in list_users(s) if u.username == username and u.active]
    return _user(found[0]) if found else None


def session_event(desk: Any, actor: str, action: str, detail: str = "") -> None:
    from app.services.views import record_session_event

    with desk.tx() as s:
        record_session_event(s, actor, action, detail)


# -- queue, search, dossier ----------------------------------------------------------------------


def queue(desk: Any, day: date) -> dict[str, list[dict[str, Any]]]:
    from app.services.views import today_queue

    with desk.read() as s:
        return today_queue(s, day)


def search(desk: Any, text: str, limit: int = 50) -> list[dict[str, Any]]:
    from app.services.search import search as run_search
    from app.services.snapshot import search_row

    with desk.read() as s:
        return [search_row(d) for d in run_search(s, text, limit=limit)]


def dossier(desk: Any, code: str) -> dict[str, Any]:
    from app.services.views import dossier_page

    with desk.read() as s:
        return dossier_page(s, code)


def sync_status(desk: Any) -> dict[str, Any]:
    from app.services.views import rejected_changes
    from app.services.views import sync_status as status

    with desk.read() as s:
        out = status(s)
        out["rejected_items"] = rejected_changes(s, limit=50) if out["rejected"] else []
        return out


# -- intake --------------------------------------------------------------------------------------


def procedures(desk: Any) -> list[dict[str, Any]]:
    """The whole active catalogue (a few hundred rows): the picker filters it in memory."""
    from app.services import catalogue_store
    from app.services.intake import procedure_limit

    with desk.read() as s:
        rows = catalogue_store.find(s, "", limit=100_000)
        out = []
        for p in rows:
            try:
                words = procedure_limit(p).in_words()
            except ValueError:
                words = p.limit_text
            out.append(
                {
                    "code": p.code,
                    "name": p.name,
                    "field": p.field,
                    "limit": words,
                    "limit_text": p.limit_text,
                    "fee_text": p.fee_text,
                    "documents": list(p.documents or []),
                }
            )
        return out


def applicant(desk: Any, id_number: str) -> dict[str, Any] | None:
    from app.services.views import applicant_by_id

    with desk.read() as s:
        return applicant_by_id(s, id_number)


def due_for(desk: Any, procedure_code: str, received: datetime) -> datetime | None:
    from app.services import catalogue_store
    from app.services.intake import procedure_limit

    with desk.read() as s:
        proc = catalogue_store.get(s, procedure_code)
        if proc is None:
            return None
        limit = procedure_limit(proc)
    return desk.calendar().due(received, limit)


def _person(data: dict[str, Any]) -> Any:
    from app.services.intake import PersonInput

    return PersonInput(**data)


def save_intake(
    desk: Any, form: dict[str, Any], actor: str, *, then: tuple[str, str, dict[str, Any] | None] | None = None
) -> dict[str, Any]:
    """Store a dossier from the form's plain values; returns IntakeResult.as_json().

    ``then`` = (status, note, data): the refusal and supplement paths at the desk store the
    dossier and its first move in the same transaction, so a refusal never exists without its
    reason (and the code printed on the refusal form is never left as a bare 'received').
    """
    from app.domain.lifecycle import Status
    from app.services.intake import DocumentInput, IntakeRequest, intake
    from app.services.transitions import change_status as change

    fields = dict(form)
    fields["owner"] = _person(form["owner"])
    if form.get("submitter"):
        fields["submitter"] = _person(form["submitter"])
    if "status" in form:
        fields["status"] = Status(form["status"])
    if form.get("documents") is not None:
        fields["documents"] = [DocumentInput(**d) for d in form["documents"]]
    req = IntakeRequest(**fields)
    office = desk.require_office()
    with desk.tx() as s:
        result = intake(s, req, office=office, calendar=desk.calendar(), actor=actor)
        out = result.as_json()
        if then is not None:
            status, note, data = then
            change(
                s, result.code, Status(status), calendar=desk.calendar(), actor=actor, note=note, data=data
            )
            out["status"] = status
    return out


# -- lifecycle -----------------------------------------------------------------------------------


def change_status(
    desk: Any, code: str, target: str, *, actor: str, note: str = "", data: dict[str, Any] | None = None
) -> dict[str, Any]:
    from app.domain.lifecycle import Status
    from app.services.transitions import change_status as change

    with desk.tx() as s:
        return change(
            s, code, Status(target), calendar=desk.calendar(), actor=actor, note=note, data=data
        ).as_json()


def extend(desk: Any, code: str, new_due: datetime, *, reason: str, actor: str) -> dict[str, Any]:
    from app.services.transitions import extend as run_extend

    with desk.tx() as s:
        return run_extend(s, code, new_due, reason=reason, actor=actor).as_json()


def edit_intake(
    desk: Any, code: str, owner: dict[str, str], dossier: dict[str, Any], *, reason: str, actor: str
) -> dict[str, Any]:
    from app.services.edit import IntakeEdit
    from app.services.edit import edit_intake as run_edit

    with desk.tx() as s:
        return run_edit(
            s, code, IntakeEdit(owner=owner, dossier=dossier, reason=reason), actor=actor
        ).as_json()


# -- slips ---------------------------------------------------------------------------------------


def preview_slip(desk: Any, code: str, form: str, copies: int) -> tuple[bytes, str, str]:
    """PDF bytes for the preview; nothing is logged until it is printed or saved."""
    from app.slips.service import render_dossier_slip

    return render_dossier_slip(desk, code, form, copies=copies)


def output_slip(
    desk: Any,
    code: str,
    form: str,
    *,
    copies: int,
    actor: str,
    printer: str | None = None,
    out: Path | None = None,
) -> dict[str, Any]:
    """Print to ``printer`` and/or save to ``out``; slip_log, outbox and audit in one transaction."""
    from app.slips.service import print_slip

    return print_slip(desk, code, form, out=out, printer=printer, copies=copies, actor=actor).as_json()


def forms_for(status: str, received_at: str, switch: date | None, extended: bool) -> list[str]:
    """The forms the dossier view offers for reprint (pure: runs on either thread)."""
    from app.slips.formsets import choose_form_set, forms_for_status

    day = datetime.fromisoformat(received_at).date()
    return forms_for_status(status, choose_form_set(day, switch), extended=extended)
