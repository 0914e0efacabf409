"""The whole clerk path through the real GUI, a real SQLite store and, at the end, the real hub:
first-run wizard → login → intake typed in Vietnamese → save → receipt PDF → search by unaccented
name → status changes → sync with the hub → an upstream decision shows in the timeline."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from tests.ui import test_panels
from tests.ui.helpers import idle, on_db, type_text

signed_in = test_panels.signed_in  # the signed-in desk fixture, shared with test_panels

OWNER = "Nguyễn Thị Thược"
OWNER_ID = "001190012345"


def _wizard(qtbot: Any, desk_app: Any) -> None:
    qtbot.waitUntil(lambda: desk_app.screens == ["wizard"], timeout=15_000)
    wizard = desk_app.wizard
    page = wizard.office_page
    qtbot.keyClicks(page.unit_code_edit, "000.00.12.h2")  # not yet valid: the message shows
    assert "000.00.12.H2" in page.unit_code.message.text() and not page.isComplete()
    qtbot.keyClicks(page.unit_code_edit, "9")
    type_text(qtbot, page.office_name_edit, "Bộ phận Một cửa UBND xã Tân Lập")
    type_text(qtbot, page.commune, "xã Tân Lập")
    assert page.isComplete(), page.unit_code.message.text()
    wizard.next()
    admin = wizard.admin_page
    qtbot.keyClicks(admin.username, "quantri")
    type_text(qtbot, admin.full_name, "Trần Thị Mai")
    qtbot.keyClicks(admin.password, "mat-khau-8")
    qtbot.keyClicks(admin.password2, "mat-khau-9")
    assert "không khớp" in admin.message.text() and not admin.isComplete()
    admin.password2.clear()
    qtbot.keyClicks(admin.password2, "mat-khau-8")
    assert admin.isComplete()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk_app.window.isVisible(), timeout=10_000)
    # The new admin is handed the recovery sheet once (issue 9): a PDF holding the store's key.
    from PySide6.QtWidgets import QMessageBox

    from app.store.recovery import read_recovery_file
    from tests.app.deskkit import data_key

    sheet = Path(wizard.recovery_sheet_path)
    assert sheet.is_file() and read_recovery_file(sheet) == data_key(Path(desk_app.ctx.data_dir))
    box = desk_app.window.findChild(QMessageBox, "recoverySheetBox")
    assert box is not None and box.isVisible() and str(sheet) in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible() and desk_app.window.isActiveWindow(), timeout=5_000)


def _login(qtbot: Any, desk_app: Any, username: str, password: str) -> None:
    login = desk_app.window.login_page
    assert desk_app.window.root.currentWidget() is login
    login.username.clear()
    qtbot.keyClicks(login.username, username)
    qtbot.keyClicks(login.password, password)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)


def _intake(qtbot: Any, desk_app: Any) -> str:
    window = desk_app.window
    qtbot.waitUntil(lambda: bool(desk_app.ctx.procedures), timeout=10_000)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    form = window.intake
    assert window.right_stack.currentWidget() is form
    # Procedure by name, typed with accents; the list is filtered accent-insensitively.
    type_text(qtbot, form.picker, "Đăng ký khai sinh")
    popup = form.picker.suggest.popup()
    qtbot.waitUntil(popup.isVisible)
    names = [form.picker.model.item(i).text() for i in range(form.picker.model.rowCount())]
    assert names[0] == "1.001193 – Đăng ký khai sinh", names
    popup.setCurrentIndex(popup.model().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert form.picker.current is not None and form.picker.current["code"] == "1.001193"
    assert form.checklist.rowCount() == 5
    qtbot.waitUntil(lambda: form.due is not None, timeout=5_000)
    assert "giờ" in form.due_label.text() and "ngày" in form.due_label.text()

    # Validation as you type, in Vietnamese next to the field.
    qtbot.keyClicks(form.edit("id_number"), "0011900123456")
    assert "12 chữ số" in form.fields["id_number"].message.text()
    qtbot.keyClick(form.edit("id_number"), Qt.Key.Key_Backspace)
    assert form.fields["id_number"].message.isHidden()
    type_text(qtbot, form.edit("name"), OWNER)
    assert form.edit("name").text() == OWNER
    qtbot.keyClicks(form.edit("phone"), "091234567")
    assert "10 chữ số" in form.fields["phone"].message.text()
    qtbot.keyClicks(form.edit("phone"), "8")
    assert form.fields["phone"].message.isHidden()
    type_text(qtbot, form.edit("address"), "thôn Đồng Xuân, xã Tân Lập")

    # A missing required paper blocks the receipt and says why.
    form.checklist.set_checked(1, False)
    qtbot.keyClick(form.edit("address"), Qt.Key.Key_Return)
    assert "Còn 1 giấy tờ bắt buộc" in form.checklist_message.text()
    form.checklist.set_checked(1, True)

    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        qtbot.keyClick(form.edit("address"), Qt.Key.Key_Return)  # Enter saves
    code, slip = saved.args
    assert slip == "receipt" and code.startswith("000.00.12.H29-")
    assert form.edit("name").text() == ""  # the form is fresh for the next citizen
    return str(code)


def _receipt(qtbot: Any, desk_app: Any, code: str, tmp_path: Path) -> None:
    window = desk_app.window
    qtbot.waitUntil(lambda: window.preview is not None and window.preview.isVisible(), timeout=5_000)
    preview = window.preview
    assert preview.copies.value() == 2  # two copies (liên) by default
    qtbot.waitUntil(lambda: preview.document.pageCount() >= 2, timeout=10_000)
    out = tmp_path / "bien-nhan.pdf"
    with qtbot.waitSignal(preview.printed, timeout=10_000):
        preview.save_to(str(out))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert code in text and OWNER in " ".join(text.split())
    assert "Liên 1" in text and "Liên 2" in text
    preview.close()
    # From the receipt straight to digitising the papers received (NĐ 107/2021).
    view = window.dossier
    qtbot.waitUntil(lambda: view.code == code, timeout=5_000)
    assert view.tabs.currentWidget() is view.attachments


def _search(qtbot: Any, desk_app: Any, code: str) -> None:
    window = desk_app.window
    # The preview dialog had the focus; shortcuts need the main window active again (the offscreen
    # platform does not hand activation back by itself the way a desktop window manager does).
    from PySide6.QtWidgets import QApplication

    window.windowHandle().requestActivate()
    qtbot.wait(50)
    if not window.isActiveWindow():
        QApplication.setActiveWindow(window)
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()
    qtbot.keyClicks(window.search_box, "nguyen thi thuoc")
    qtbot.waitUntil(lambda: window.search_box.model.rowCount() == 1, timeout=5_000)
    assert window.left_stack.currentWidget() is window.results
    assert window.search_box.model.rows[0]["code"] == code
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)  # opens the first hit
    qtbot.waitUntil(lambda: window.dossier.code == code, timeout=5_000)


def _status(qtbot: Any, desk_app: Any, code: str) -> None:
    from app.services.transitions import get_dossier

    view = desk_app.window.dossier
    assert set(view.action_buttons) >= {"in_progress", "supplement_requested", "resolved"}
    qtbot.mouseClick(view.action_buttons["in_progress"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.page.get("status") == "in_progress", timeout=5_000)
    kinds = [e["kind"] for e in view.page["events"]]
    assert kinds == ["received", "printed", "handed_over"]  # the receipt print is on the timeline

    def stored(desk: Any) -> str:
        with desk.read() as s:
            return str(get_dossier(s, code).status)

    assert on_db(qtbot, desk_app, stored) == "in_progress"


def _sync(qtbot: Any, desk_app: Any, code: str, tmp_path: Path) -> None:
    from app.usecases.actor import Actor
    from server import admin
    from tests.faults.hub import running_hub
    from ui import ops_admin

    with running_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}") as hub:
        with hub.db.write() as s:
            token = admin.add_office(s, "000.00.12.H29", "UBND xã Tân Lập")
        office = on_db(
            qtbot,
            desk_app,
            lambda desk: ops_admin.save_office(
                desk,
                {"server_url": hub.url, "server_token": token},
                actor=Actor("quantri", "Quản trị", "admin", "gui"),
            ),
        )
        desk_app.ctx.set_office(office)
        sync = desk_app.sync
        qtbot.waitUntil(lambda: sync.state == "online", timeout=10_000)
        idle(qtbot, desk_app)
        if sync.running or sync.last_report is None:  # the link "came back": an automatic sync starts
            qtbot.waitUntil(lambda: sync.last_report is not None and not sync.running, timeout=20_000)
        report = sync.last_report
        assert report["ok"], report
        assert report["pushed"] >= 3 and report["pending"] == 0 and report["rejected"] == 0
        with hub.db.read() as s:
            assert admin.dossier_counts(s) == 1
        with hub.db.write() as s:
            admin.set_status(s, code, "resolved", note="Đã ký giấy khai sinh", actor="Công chức tư pháp")
        desk_app.window.open_sync()
        panel = desk_app.window.sync_panel
        with qtbot.waitSignal(sync.finished, timeout=20_000) as done:
            qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
        assert done.args[0]["ok"] and done.args[0]["pulled"] >= 1
        assert "Đã nhận: 1" in panel.summary.text() or "Đã nhận:" in panel.summary.text()
        panel.close()
    view = desk_app.window.dossier
    qtbot.waitUntil(lambda: view.page.get("status") == "resolved", timeout=5_000)
    upstream = [e for e in view.page["events"] if e["origin"] == "upstream"]
    assert upstream and upstream[-1]["actor"] == "Công chức tư pháp"
    assert "Công chức tư pháp (cấp trên)" in [
        view.timeline_model.data(view.timeline_model.index(r, 3))
        for r in range(view.timeline_model.rowCount())
    ]
    assert desk_app.window.pending_label.text().startswith("Chưa gửi: 0")


@pytest.mark.slow
def test_whole_clerk_path(qtbot: Any, desk_app: Any, tmp_path: Path) -> None:
    desk_app.start()
    _wizard(qtbot, desk_app)
    _login(qtbot, desk_app, "quantri", "wrong-pass")
    qtbot.waitUntil(lambda: desk_app.window.login_page.message.isVisible(), timeout=10_000)
    assert "Sai tên đăng nhập" in desk_app.window.login_page.message.text()
    _login(qtbot, desk_app, "quantri", "mat-khau-8")
    qtbot.waitUntil(lambda: desk_app.window.root.currentIndex() == 1, timeout=10_000)
    assert desk_app.window.user_label.text() == "Trần Thị Mai (Quản trị)"
    code = _intake(qtbot, desk_app)
    _receipt(qtbot, desk_app, code, tmp_path)
    qtbot.waitUntil(lambda: desk_app.window.queue.models["received_today"].rowCount() == 1, timeout=5_000)
    assert desk_app.window.queue.models["unsynced"].rows[0]["code"] == code
    _search(qtbot, desk_app, code)
    _status(qtbot, desk_app, code)
    _sync(qtbot, desk_app, code, tmp_path)
    # The 50 ms budget per GUI handler is measured by bench/bench_ui.py (timed assertions flake on
    # a loaded 2-core CI box: the intake handler took 0.4 s there). Here only a handler that froze the
    # window for a whole second fails: the signature of a network or spooler wait on the GUI thread.
    assert [h for h in desk_app.runner.slow_handlers if h[1] > 1000] == []


# -- issue 12: a returning citizen, from the CCCD scan to the printed receipt ----------------------

SCAN = "038185004321|168123456|Nguyễn Thị Thược|15031985|Nữ|Thôn Đồng Xuân, xã Tân Lập, Hà Nội|01082021"
KEYSTROKE_TARGET = 10


@pytest.mark.slow
def test_returning_citizen_scan_to_printed_receipt_in_few_keystrokes(
    qtbot: Any, signed_in: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scanner types the QR (not the clerk); the clerk's keys are counted up to the printed
    receipt. The printer is the one thing faked: the queue's PDF is captured and read back."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    from app.slips import printing
    from tests.ui.test_panels import _intake
    from ui import print_preview

    printed: list[bytes] = []

    def fake_queue(pdf: bytes, *, printer: str | None, copies: int = 1, title: str = "") -> Any:
        printed.append(pdf)
        return printing.PrintJob(printer or "", "job-1", copies)

    monkeypatch.setattr(print_preview, "installed_printers", lambda: (["May-in-quay"], "May-in-quay"))
    monkeypatch.setattr(printing, "print_pdf", fake_queue)
    on_db(qtbot, signed_in, lambda desk: _intake(desk, OWNER, "168123456", phone="0912345678"))
    window = signed_in.login("canbo")
    keys = 0

    def press(widget: Any, key: Any) -> None:
        nonlocal keys
        keys += 1
        qtbot.keyClick(widget, key)

    # The scan, anywhere on the main window (the queue has the focus): input-method commits + CR.
    window.show_home()
    with qtbot.waitSignal(window.citizen.filled, timeout=10_000):
        target = QApplication.focusWidget() or window
        ev = QInputMethodEvent("", [])
        ev.setCommitString(SCAN)
        QApplication.sendEvent(target, ev)
        qtbot.keyClick(target, Qt.Key.Key_Return)
    form = window.intake
    qtbot.waitUntil(lambda: form.edit("phone").text() == "0912345678", timeout=5_000)
    assert form.picker.hasFocus()
    for ch in "1193":  # the procedure by the end of its code
        press(form.picker, ch)
    qtbot.waitUntil(lambda: form.picker.suggest.popup().isVisible(), timeout=5_000)
    press(form.picker.suggest.popup(), Qt.Key.Key_Down)
    press(form.picker.suggest.popup(), Qt.Key.Key_Return)
    assert form.picker.current is not None and form.picker.current["code"] == "1.001193"
    qtbot.waitUntil(lambda: form.due is not None, timeout=5_000)
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        press(QApplication.focusWidget() or form, Qt.Key.Key_Return)  # Enter saves
    code = saved.args[0]
    qtbot.waitUntil(lambda: window.preview is not None and window.preview.isVisible(), timeout=5_000)
    preview = window.preview
    qtbot.waitUntil(
        lambda: preview.pdf_bytes is not None and preview.print_button.isEnabled(), timeout=10_000
    )
    with qtbot.waitSignal(preview.printed, timeout=10_000):
        press(preview, Qt.Key.Key_Return)  # Enter prints
    assert printed, "nothing reached the print queue"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(printed[0])).pages)
    assert code in text and OWNER in " ".join(text.split()) and "038185004321" in text
    print(f"\nkeystrokes from scan to printed receipt (returning citizen): {keys}")
    assert keys <= KEYSTROKE_TARGET, keys
    assert keys == 8  # 4 digits, Down, Enter (procedure); Enter (save); Enter (print)
