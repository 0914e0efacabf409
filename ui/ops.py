"""Operations: small callables run on the DB worker with the open Desk, returning plain data.

Thin adapters over the use cases (app/usecases): each turns the form's plain values into the use
case's arguments and passes the signed-in ``Actor`` (``User.actor``). No rule lives here: the
permission table, the papers rule, the refusal path and every check are enforced in app/.
Use cases are imported inside the functions so the GUI thread never imports SQLAlchemy; they are
already loaded on the worker after the Desk opened.

Errors are not caught here: ``ui.runner`` turns the expected kinds into Vietnamese messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the desk seam, typed without importing the store at run time
    from app.desk import Desk

from app.usecases.actor import Actor, PermissionDenied
from app.usecases.permissions import permissions_of


@dataclass(frozen=True)
class StartupInfo:
    office: dict[str, Any] | None
    users: int
    data_dir: str


@dataclass(frozen=True)
class User:
    """The signed-in user as the GUI sees it; ``actor`` is what every operation is given."""

    username: str
    full_name: str
    role: str
    permissions: frozenset[str]
    actor: Actor

    def can(self, permission: str) -> bool:
        """Whether to show a button; the use case checks again (a screen is never the only guard)."""
        return permission in self.permissions


def user_of(actor: Actor) -> User:
    return User(actor.username, actor.full_name, actor.role, frozenset(permissions_of(actor.role)), actor)


def actor_of(user: User | None) -> Actor:
    """The Actor an operation is given; nobody signed in is refused, never given a stand-in."""
    if user is None:
        raise PermissionDenied("chưa đăng nhập")
    return user.actor


# -- start-up and accounts -----------------------------------------------------------------------


def open_desk(data_dir: Path | None) -> Any:
    from app.desk import Desk

    return Desk.open(data_dir)


def startup_info(desk: Desk) -> StartupInfo:
    from app.services.users import count_users

    with desk.read() as s:
        users = count_users(s)
    return StartupInfo(office_info(desk), users, str(desk.data_dir))


def office_info(desk: Desk) -> dict[str, Any] | None:
    from app.usecases.admin import office_profile

    return office_profile(desk)


def first_run(desk: Desk, profile: dict[str, Any], admin: dict[str, str]) -> User:
    """Office profile and first admin in one transaction: a half-finished wizard stores nothing."""
    from app.usecases.auth import first_run as run

    return user_of(run(desk, profile, admin))


def first_recovery_sheet(desk: Desk, user: User) -> str | None:
    """The recovery sheet handed to the new admin once, at the end of the first-run wizard."""
    from app.usecases.keys import issue_first_sheet

    sheet = issue_first_sheet(desk, Actor(user.username, user.full_name, user.role, "gui"))
    return sheet.path if sheet is not None else None


def login(desk: Desk, username: str, password: str) -> User | None:
    """The signed-in user, or None (the attempt is audited and counted by the use case)."""
    from app.usecases.auth import SignInFailed, sign_in

    try:
        return user_of(sign_in(desk, username, password, source="gui"))
    except SignInFailed:
        return None


def session_event(desk: Desk, actor: Actor, action: str, detail: str = "") -> None:
    from app.usecases.auth import session_event as record

    record(desk, actor, action, detail)


# -- queue, search, dossier ----------------------------------------------------------------------


def queue(desk: Desk, day: date, *, actor: Actor) -> dict[str, list[dict[str, Any]]]:
    from app.usecases import views

    return views.queue(desk, actor, day)


def search(
    desk: Desk, text: str, limit: int = 50, *, actor: Actor, shown: frozenset[str] = frozenset()
) -> list[dict[str, Any]]:
    """List rows (ID numbers masked); a search that shows new rows is logged (issue 9)."""
    from app.usecases.privacy import search_dossiers

    return search_dossiers(desk, actor, text, limit=limit, shown=shown)


def dossier(desk: Desk, code: str, *, actor: Actor, logged: bool = True) -> dict[str, Any]:
    """The opened dossier (full ID number); opening it is logged (issue 9), its redraw is not."""
    from app.usecases.privacy import open_dossier, redraw_dossier

    if not logged:
        return redraw_dossier(desk, actor, code)
    return open_dossier(desk, actor, code)


def access_log(desk: Desk, actor: Actor, **filters: Any) -> list[dict[str, Any]]:
    from app.usecases.privacy import access_log as read_log

    return read_log(desk, actor, **filters)


def sync_status(desk: Desk) -> dict[str, Any]:
    from app.usecases import views

    return views.sync_status(desk)


# -- intake --------------------------------------------------------------------------------------


def procedures(desk: Desk) -> list[dict[str, Any]]:
    """The whole active catalogue (a few hundred rows): the picker filters it in memory."""
    from app.usecases import views

    return views.procedures(desk)


def applicant(desk: Desk, id_number: str, *, actor: Actor) -> dict[str, Any] | None:
    from app.usecases import views

    return views.applicant(desk, actor, id_number)


def due_for(desk: Desk, procedure_code: str, received: datetime) -> datetime | None:
    from app.usecases import views

    return views.due_for(desk, procedure_code, received)


def _request(form: dict[str, Any]) -> Any:
    """The form's plain values as the use case's IntakeRequest (shape only, no rule)."""
    from app.domain.lifecycle import Status
    from app.services.intake import DocumentInput, IntakeRequest, PersonInput

    fields = dict(form)
    fields["owner"] = PersonInput(**form["owner"])
    if form.get("submitter"):
        fields["submitter"] = PersonInput(**form["submitter"])
    if "status" in form:
        fields["status"] = Status(form["status"])
    if form.get("documents") is not None:
        fields["documents"] = [DocumentInput(**d) for d in form["documents"]]
    return IntakeRequest(**fields)


def save_intake(
    desk: Any,
    form: dict[str, Any],
    actor: Actor,
    *,
    then: tuple[str, str, dict[str, Any] | None] | None = None,
) -> dict[str, Any]:
    """Store a dossier from the form's plain values; returns IntakeResult.as_json().

    ``then`` = (status, note, data) picks the desk's path: None is a receipt (every required
    paper in), ``supplement_requested`` stores the dossier with its supplement request, and
    ``refused`` stores it refused with its reason, each in one transaction (app/usecases/dossiers).
    """
    from app.usecases import dossiers

    req = _request(form)
    if then is None:
        return dossiers.receive(desk, actor, req)
    status, note, data = then
    if status == "refused":
        return dossiers.receive_and_refuse(desk, actor, req, note)
    if status == "supplement_requested":
        return dossiers.receive_with_supplement(desk, actor, req, list((data or {}).get("missing", [])), note)
    raise ValueError(f"unknown intake path {status!r}")


# -- lifecycle -----------------------------------------------------------------------------------


def change_status(
    desk: Any, code: str, target: str, *, actor: Actor, note: str = "", data: dict[str, Any] | None = None
) -> dict[str, Any]:
    from app.usecases import dossiers

    return dossiers.change_status(desk, actor, code, target, note=note, data=data)


def extend(desk: Desk, code: str, new_due: datetime, *, reason: str, actor: Actor) -> dict[str, Any]:
    from app.usecases import dossiers

    return dossiers.extend(desk, actor, code, new_due, reason=reason)


def edit_intake(
    desk: Any, code: str, owner: dict[str, str], dossier: dict[str, Any], *, reason: str, actor: Actor
) -> dict[str, Any]:
    from app.services.edit import IntakeEdit
    from app.usecases import dossiers

    return dossiers.edit_intake(desk, actor, code, IntakeEdit(owner=owner, dossier=dossier, reason=reason))


# -- slips ---------------------------------------------------------------------------------------


def preview_slip(desk: Desk, code: str, form: str, copies: int, *, actor: Actor) -> tuple[bytes, str, str]:
    """PDF bytes for the preview; nothing is logged until it is printed or saved."""
    from app.usecases import slips

    return slips.preview_slip(desk, actor, code, form, copies=copies)


@dataclass(frozen=True)
class SlipOutput:
    """A slip sent to the printer and/or saved, waiting to be logged on the DB worker."""

    pdf: bytes
    form_set: str
    page_size: str
    destination: str
    job: Any
    failure: BaseException | None


def send_slip(
    rendered: tuple[bytes, str, str], code: str, form: str, *, printer: str | None, out: Path | None
) -> SlipOutput:
    """On the print worker, never the DB worker: a hung spooler times out here (app/slips/printing
    TIMEOUT_S) while saving goes on (issue 8 §8). Touches no store."""
    from app.slips.service import output_pdf, slip_title

    pdf, form_set, size = rendered
    destination, job, failure = output_pdf(pdf, out, printer, slip_title(code, form))
    return SlipOutput(pdf, form_set, size, destination, job, failure)


def log_slip(
    desk: Desk, code: str, form: str, sent: SlipOutput, *, copies: int, actor: Actor
) -> dict[str, Any]:
    """On the DB worker: log what ``send_slip`` did; a print failure after a save is raised after."""
    from app.usecases import slips

    result = slips.log_printed(
        desk, actor, code, form, pdf=sent.pdf, form_set=sent.form_set, page_size=sent.page_size,
        copies=copies, destination=sent.destination, job=sent.job,
    )  # fmt: skip
    if sent.failure is not None:
        raise sent.failure
    return result


def forms_for(status: str, received_at: str, switch: date | None, extended: bool) -> list[str]:
    """The forms the dossier view offers for reprint (pure: runs on either thread)."""
    from app.domain.clock import today
    from app.slips.formsets import choose_form_set, forms_for_status

    # The receipt follows the receipt date; a stop notice is issued when the dossier is stopped,
    # never before today (issue 11: received under TT 01/2018, stopped under TT 03/2025).
    day = datetime.fromisoformat(received_at).date()
    if status == "stopped":
        day = max(day, today())
    return forms_for_status(status, choose_form_set(day, switch), extended=extended)
