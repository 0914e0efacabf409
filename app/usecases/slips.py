"""Print, reprint and preview a dossier's forms; print the register of a period.

A form is allowed only in the states that call for it (``forms_for_status``): no receipt for a
refused dossier, no refusal for a received one, an apology letter only after the extension.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.usecases.actor import Actor
from app.usecases.permissions import Permission, authorize

if TYPE_CHECKING:
    from app.desk import Desk


def allowed_forms(desk: Desk, code: str) -> list[str]:
    """The forms dossier ``code`` may be printed on in its current state (under either form set;
    a form missing from the set in force is refused by the renderer naming both circulars)."""
    from app.services.transitions import get_dossier
    from app.slips.formsets import FORM_SETS, forms_for_status

    with desk.read() as s:
        d = get_dossier(s, code)
        status, extended = d.status, d.extended
    out: list[str] = []
    for fs in FORM_SETS:
        out += [f for f in forms_for_status(status, fs, extended=extended) if f not in out]
    return out


def _check_form(desk: Desk, code: str, form: str) -> str:
    from app.slips.formsets import SlipError, normalize_form

    name = normalize_form(form)
    allowed = allowed_forms(desk, code)
    if name not in allowed:
        offer = ", ".join(allowed) or "không có (hồ sơ chưa được tiếp nhận)"
        raise SlipError(
            f"Hồ sơ {code.strip().upper()} ở trạng thái hiện tại không in được phiếu '{name}'; "
            f"các phiếu in được: {offer}"
        )
    return name


def preview_slip(
    desk: Desk, actor: Actor, code: str, form: str, *, copies: int = 1
) -> tuple[bytes, str, str]:
    """PDF bytes for the preview; nothing is logged until it is printed or saved."""
    from app.slips.service import render_dossier_slip

    authorize(actor, Permission.PRINT)
    name = _check_form(desk, code, form)
    return render_dossier_slip(desk, code, name, copies=copies)


def print_slip(
    desk: Desk,
    actor: Actor,
    code: str,
    form: str,
    *,
    out: Path | None = None,
    printer: str | None = None,
    copies: int = 1,
    page_size: str | None = None,
    form_set: str | None = None,
) -> dict[str, Any]:
    """Print to ``printer`` and/or save to ``out``; slip_log, outbox and audit in one transaction."""
    from app.slips import service

    authorize(actor, Permission.PRINT)
    name = _check_form(desk, code, form)
    return service.print_slip(
        desk,
        code,
        name,
        out=out,
        printer=printer,
        copies=copies,
        actor=actor.username,
        page_size=page_size,
        form_set=form_set,
    ).as_json()


def print_register(
    desk: Desk,
    actor: Actor,
    start: date,
    end: date,
    *,
    out: Path | None = None,
    printer: str | None = None,
    form_set: str | None = None,
) -> dict[str, Any]:
    """The register of a period (sổ theo dõi hồ sơ): kept by the desk, so a clerk prints it."""
    from app.slips import service

    authorize(actor, Permission.PRINT)
    return service.print_register(
        desk, start, end, out=out, printer=printer, actor=actor.username, form_set=form_set
    ).as_json()


def log_printed(
    desk: Desk,
    actor: Actor,
    code: str,
    form: str,
    *,
    pdf: bytes,
    form_set: str,
    page_size: str,
    copies: int,
    destination: str,
    job: Any,
) -> dict[str, Any]:
    """Log a print/save the front end already did off the DB worker (the GUI spools on a print
    worker so a hung spooler never blocks saving, issue 8 §8): slip_log, event, outbox, audit."""
    from app.slips import service

    authorize(actor, Permission.PRINT)
    name = _check_form(desk, code, form)
    return service.log_output(
        desk, code, name, pdf=pdf, form_set=form_set, page_size=page_size, copies=copies,
        destination=destination, job=job, actor=actor.username,
    ).as_json()  # fmt: skip
