"""The two form sets, their titles and printed numbers, and which form fits which moment.

domain.md §1.2: the numbers changed between TT 01/2018/TT-VPCP and TT 03/2025/TT-VPCP, so code
names forms by type; the number appears only in the printed footer ("Mẫu số 01 – Thông tư …").
"""

from __future__ import annotations

from datetime import date

from app.domain.lifecycle import Status

TT01_2018 = "TT01_2018"
TT03_2025 = "TT03_2025"
FORM_SETS = (TT01_2018, TT03_2025)
DEFAULT_SWITCH_DATE = date(2025, 9, 15)  # TT 03/2025/TT-VPCP issued 15/9/2025

RECEIPT = "receipt"
SUPPLEMENT_REQUEST = "supplement_request"
REFUSAL = "refusal"
APOLOGY_EXTENSION = "apology_extension"
STOP_NOTICE = "stop_notice"
CONTROL_SHEET = "control_sheet"
REGISTER = "register"

DOSSIER_FORMS = (RECEIPT, SUPPLEMENT_REQUEST, REFUSAL, APOLOGY_EXTENSION, STOP_NOTICE, CONTROL_SHEET)
ALL_FORMS = (*DOSSIER_FORMS, REGISTER)
ALIASES = {"apology": APOLOGY_EXTENSION}

CIRCULAR = {
    TT01_2018: "Thông tư 01/2018/TT-VPCP",
    TT03_2025: "Thông tư 03/2025/TT-VPCP",
}

# Printed numbers, per set (domain.md §1.2 tables). A missing entry: the set has no such form.
_NUMBER: dict[str, dict[str, int]] = {
    TT01_2018: {
        RECEIPT: 1,
        SUPPLEMENT_REQUEST: 2,
        REFUSAL: 3,
        APOLOGY_EXTENSION: 4,
        CONTROL_SHEET: 5,
        REGISTER: 6,
    },
    TT03_2025: {
        RECEIPT: 1,
        SUPPLEMENT_REQUEST: 2,
        REFUSAL: 3,
        APOLOGY_EXTENSION: 4,
        STOP_NOTICE: 5,
        CONTROL_SHEET: 6,
        REGISTER: 7,
    },
}

_TITLE: dict[str, str] = {
    RECEIPT: "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    SUPPLEMENT_REQUEST: "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    REFUSAL: "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    STOP_NOTICE: "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
    CONTROL_SHEET: "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
    REGISTER: "SỔ THEO DÕI HỒ SƠ",
}
_APOLOGY_TITLE = {
    TT01_2018: "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
    TT03_2025: "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
}


class SlipError(ValueError):
    """A slip that cannot be printed as asked; the message names the field and the rule."""


def normalize_form(form: str) -> str:
    name = form.strip().lower()
    name = ALIASES.get(name, name)
    if name not in ALL_FORMS:
        raise SlipError(f"Loại phiếu (--form) '{form}' không hợp lệ; dùng một trong: {', '.join(ALL_FORMS)}")
    return name


def check_form_set(form_set: str) -> str:
    value = form_set.strip().upper()
    if value not in FORM_SETS:
        raise SlipError(
            f"Bộ biểu mẫu (--form-set) '{form_set}' không hợp lệ; dùng {TT01_2018} hoặc {TT03_2025}"
        )
    return value


def choose_form_set(day: date, switch_date: date | None = None) -> str:
    """The set in force on ``day``: TT 03/2025 from the office's switch date on, TT 01/2018 before."""
    switch = switch_date or DEFAULT_SWITCH_DATE
    return TT03_2025 if day >= switch else TT01_2018


def require_in_set(form: str, form_set: str) -> None:
    if form not in _NUMBER[form_set]:
        raise SlipError(
            f"{_TITLE.get(form, form).capitalize()} không có trong bộ biểu mẫu {CIRCULAR[form_set]}: "
            f"mẫu này chỉ có từ {CIRCULAR[TT03_2025]} (Nghị định 118/2025/NĐ-CP), "
            f"áp dụng cho hồ sơ tiếp nhận từ ngày chuyển đổi bộ biểu mẫu"
        )


def form_title(form: str, form_set: str) -> str:
    if form == APOLOGY_EXTENSION:
        return _APOLOGY_TITLE[form_set]
    return _TITLE[form]


def form_number(form: str, form_set: str) -> int:
    require_in_set(form, form_set)
    return _NUMBER[form_set][form]


def footer_text(form: str, form_set: str) -> str:
    """The only place a form number is printed: "Mẫu số 01 – Thông tư 03/2025/TT-VPCP"."""
    return f"Mẫu số {form_number(form, form_set):02d} – {CIRCULAR[form_set]}"


def default_copies(form: str) -> int:
    """Liên printed when the caller does not say: two for the slips the citizen takes away (Mẫu 01
    Ghi chú: "lập thành 2 liên", one kept with the control sheet), one for the control sheet that
    travels with the paper file and for the register. The same default for the GUI and the CLI."""
    return 1 if normalize_form(form) in (CONTROL_SHEET, REGISTER) else 2


def forms_for_status(status: str | Status, form_set: str, *, extended: bool = False) -> list[str]:
    """Forms to offer for a dossier in ``status``, most relevant first (GUI buttons, CLI hints).

    received → the receipt and the control sheet that travels with the paper file;
    supplement_requested → the supplement request; refused → the refusal; stopped → the stop
    notice (TT 03/2025 only); an extended dossier → the apology/extension letter.
    """
    st = Status(status)
    forms: list[str]
    if st is Status.SUBMITTED:
        forms = []
    elif st is Status.REFUSED:
        forms = [REFUSAL]
    elif st is Status.SUPPLEMENT_REQUESTED:
        forms = [SUPPLEMENT_REQUEST, CONTROL_SHEET]
    elif st is Status.STOPPED:
        forms = [STOP_NOTICE, CONTROL_SHEET] if form_set == TT03_2025 else [CONTROL_SHEET]
    elif st is Status.WITHDRAWN:
        forms = [CONTROL_SHEET]
    else:  # received, in progress, awaiting payment, resolved, returned: reprints stay possible
        forms = [RECEIPT, CONTROL_SHEET]
    if extended and st not in (Status.REFUSED, Status.SUBMITTED):
        forms.insert(0, APOLOGY_EXTENSION)
    return forms
