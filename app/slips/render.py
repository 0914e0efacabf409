"""Entry point of the renderers: ``render(form, data) -> PDF bytes``; nothing is printed here.

The form set follows the day the document is issued (the receipt and control sheet: the receipt
date; a letter or notice: the date of its event; the register: the period end) against the
office's switch date, unless the caller names one. Two copies print "Liên 1: Lưu" and "Liên 2: Giao
người nộp hồ sơ", each on its own pages.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from reportlab.platypus import Flowable

from app.slips import forms, letters
from app.slips.data import SlipDossier, SlipRegister
from app.slips.formsets import (
    APOLOGY_EXTENSION,
    CONTROL_SHEET,
    RECEIPT,
    REFUSAL,
    REGISTER,
    STOP_NOTICE,
    SUPPLEMENT_REQUEST,
    SlipError,
    check_form_set,
    choose_form_set,
    default_copies,
    footer_text,
    form_title,
    normalize_form,
    require_in_set,
)
from app.slips.layout import Styles, geometry
from app.slips.pages import COPY_LABELS, Decor, build_pdf
from app.slips.register import register_story

__all__ = ["choose_form_set", "form_set_for", "render"]

Builder = Callable[[SlipDossier, str, Styles, str], list[Flowable]]

BUILDERS: dict[str, Builder] = {
    RECEIPT: forms.receipt,
    SUPPLEMENT_REQUEST: forms.supplement_request,
    REFUSAL: forms.refusal,
    APOLOGY_EXTENSION: letters.apology_extension,
    STOP_NOTICE: letters.stop_notice,
    CONTROL_SHEET: forms.control_sheet,
}
MAX_COPIES = len(COPY_LABELS)


# The event whose date a form bears: a letter or a notice is issued when it is issued, not when
# the dossier was received (issue 11: a dossier received 10/9/2025 and stopped 1/10/2025 gets
# the TT 03/2025 stop notice).
_ISSUED_BY = {
    SUPPLEMENT_REQUEST: "supplement_requested",
    REFUSAL: "refused",
    APOLOGY_EXTENSION: "extended",
    STOP_NOTICE: "stopped",
}


def issue_day(form: str, data: SlipDossier) -> date:
    """The date printed on ``form``: its event's date for letters and notices, else the receipt's."""
    kind = _ISSUED_BY.get(form)
    ev = data.last_event(kind) if kind else None
    return (ev.at if ev is not None else data.received_at).date()


def form_set_for(data: SlipDossier | SlipRegister, form_set: str | None = None, form: str = RECEIPT) -> str:
    """The explicit set if given, else the one in force on the day the document is issued
    (the receipt and control sheet: the receipt date; letters: their event; register: period end)."""
    if form_set:
        return check_form_set(form_set)
    if isinstance(data, SlipRegister):
        return choose_form_set(data.end, data.office.switch_date)
    return choose_form_set(issue_day(normalize_form(form), data), data.office.switch_date)


def render(
    form: str,
    data: SlipDossier | SlipRegister,
    *,
    form_set: str | None = None,
    page_size: str = "A4",
    copies: int | None = None,
) -> bytes:
    """PDF bytes of ``form``; ``copies`` None: the form's default (two liên, one for the control
    sheet and the register)."""
    name = normalize_form(form)
    if copies is None:
        copies = default_copies(name)
    fs = form_set_for(data, form_set, name)
    require_in_set(name, fs)
    if name == REGISTER:
        if not isinstance(data, SlipRegister):
            raise TypeError("register needs a SlipRegister")
        if copies != 1:
            raise SlipError("Sổ theo dõi hồ sơ in một bản (--copies 1)")
        if page_size.strip().upper() != "A4":
            raise SlipError("Sổ theo dõi hồ sơ in trên khổ A4 ngang (--page-size A4)")
        g = geometry("A4", landscape_page=True)
        decor = Decor(
            footer_text(REGISTER, fs),
            code=f"{data.start:%d/%m/%Y} – {data.end:%d/%m/%Y}",
            title=form_title(REGISTER, fs),
            author=data.office.name,
        )
        return build_pdf([register_story(data, fs, g)], g, decor, labels=False)
    if not isinstance(data, SlipDossier):
        raise TypeError(f"{name} needs a SlipDossier")
    if not 1 <= copies <= MAX_COPIES:
        raise SlipError(
            f"Số liên (--copies) phải là 1 hoặc {MAX_COPIES} (Liên 1: Lưu, Liên 2: Giao người nộp hồ sơ), "
            f"đang là {copies}"
        )
    if name == CONTROL_SHEET and copies != 1:
        raise SlipError(
            "Phiếu kiểm soát quá trình giải quyết hồ sơ đi kèm hồ sơ giấy, chỉ in một liên (--copies 1)"
        )
    g = geometry(page_size)
    st = Styles(g)
    builder = BUILDERS[name]
    labels = copies > 1
    stories = [builder(data, fs, st, COPY_LABELS[i] if labels else "") for i in range(copies)]
    decor = Decor(
        footer_text(name, fs),
        code=data.code,
        title=f"{form_title(name, fs)} – {data.code}",
        author=data.office.name,
    )
    return build_pdf(stories, g, decor, labels=labels)
