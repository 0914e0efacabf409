"""Desk screens one by one, against a real store opened by the application's own DB worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.ui.helpers import idle, on_db, type_text
from ui import ops
from ui.dialogs import ReasonDialog, SupplementDialog

PASSWORD = "mat-khau-8"


def _setup_store(desk: Any) -> None:
    from app.services.office import OfficeProfile, save_profile
    from app.services.users import create_user

    with desk.tx() as s:
        save_profile(s, OfficeProfile("000.00.12.H29", "Bộ phận Một cửa UBND xã Tân Lập"), actor="test")
        create_user(s, "quantri", "Trần Thị Mai", "admin", PASSWORD, actor="test")
        create_user(s, "canbo", "Nguyễn Văn Đức", "clerk", PASSWORD, actor="test")
        create_user(s, "lanhdao", "Lê Thị Hoa", "leader", PASSWORD, actor="test")


def _intake(desk: Any, name: str, id_number: str, **kw: Any) -> str:
    from app.services.intake import IntakeRequest, PersonInput, intake

    req = IntakeRequest(
        "1.001193", PersonInput(name=name, id_number=id_number, phone=kw.pop("phone", "")), **kw
    )
    with desk.tx() as s:
        return intake(s, req, office=desk.require_office(), calendar=desk.calendar(), actor="test").code


@pytest.fixture
def signed_in(qtbot: Any, desk_app: Any) -> Any:
    """The app started on a configured store; ``login(user)`` signs in through the login page."""
    desk_app.start()
    qtbot.waitUntil(lambda: bool(desk_app.screens), timeout=15_000)  # the wizard (empty store)
    on_db(qtbot, desk_app, _setup_store)
    desk_app.wizard.hide()
    desk_app.runner.dialog_parent = desk_app.window
    desk_app.ctx.set_office(on_db(qtbot, desk_app, ops.office_info))
    desk_app.window.show()
    desk_app.window.show_login()

    def login(username: str) -> Any:
        page = desk_app.window.login_page
        page.username.setText(username)
        page.password.setText(PASSWORD)
        page.submit()
        qtbot.waitUntil(lambda: desk_app.window.root.currentIndex() == 1, timeout=10_000)
        qtbot.waitUntil(lambda: bool(desk_app.ctx.procedures), timeout=10_000)
        idle(qtbot, desk_app)
        return desk_app.window

    desk_app.login = login
    return desk_app


def test_runner_shows_expected_errors_in_vietnamese_and_bugs_with_traceback(
    qtbot: Any, signed_in: Any
) -> None:
    from app.domain.lifecycle import TransitionError

    runner = signed_in.runner
    signed_in.login("canbo")

    def illegal(_desk: Any) -> None:
        raise TransitionError("Không thể chuyển hồ sơ từ 'returned' sang 'received'")

    with qtbot.waitSignal(runner.error_shown) as shown:
        runner.db(illegal)
    assert shown.args[0].startswith("Không thể chuyển hồ sơ")
    box = signed_in.window.findChild(QMessageBox, "userMessage")
    assert box is not None and box.isVisible() and box.icon() == QMessageBox.Icon.Warning

    with qtbot.waitSignal(runner.error_shown) as shown:
        runner.db(lambda _desk: {}["missing"])
    assert "Đã xảy ra lỗi ngoài dự kiến" in shown.args[0] and "KeyError" in shown.args[0]
    bug = signed_in.window.findChild(QMessageBox, "bugMessage")
    assert "Traceback" in bug.detailedText()

    with qtbot.waitSignal(runner.error_shown) as shown:  # a bug in a GUI handler is shown too
        runner.db(lambda _desk: 1, lambda value: value / 0)
    assert "ZeroDivisionError" in shown.args[0]


def test_search_skips_stale_keystrokes_and_finds_unaccented(qtbot: Any, signed_in: Any) -> None:
    window = signed_in.login("canbo")
    code = on_db(
        qtbot, signed_in, lambda desk: _intake(desk, "Đặng Ưng Ổn", "036085004321", phone="0987654321")
    )
    ran: list[str] = []
    real = ops.search

    def counting(desk: Any, text: str, *args: Any, **kw: Any) -> Any:
        ran.append(text)
        return real(desk, text, *args, **kw)

    ops.search = counting  # type: ignore[assignment]
    try:
        window.search_box.setFocus()
        qtbot.keyClicks(window.search_box, "dang ung on")
        qtbot.waitUntil(lambda: window.search_box.model.rowCount() == 1, timeout=5_000)
        idle(qtbot, signed_in)
    finally:
        ops.search = real  # type: ignore[assignment]
    assert window.search_box.model.rows[0]["code"] == code
    assert ran[-1] == "dang ung on" and len(ran) < len("dang ung on") - 1  # outdated keystrokes skipped
    for query in ("0987654321", "036085004321", code[-11:]):
        window.search_box.setText(query)
        qtbot.waitUntil(lambda: [r["code"] for r in window.search_box.model.rows] == [code], timeout=5_000)
    window.search_box.clear()
    assert window.left_stack.currentWidget() is window.queue


def test_refusal_and_supplement_paths_store_and_print_their_forms(qtbot: Any, signed_in: Any) -> None:
    from app.services.transitions import get_dossier

    window = signed_in.login("canbo")
    form = window.intake
    opened: list[tuple[str, str]] = []
    window.open_print = lambda code, slip: opened.append((code, slip))  # type: ignore[method-assign]
    form.saved.disconnect()
    form.saved.connect(window.open_print)

    def fill(name: str, id_number: str) -> None:
        window.new_intake()
        assert form.picker.choose_code("1.001193")
        qtbot.keyClicks(form.edit("id_number"), id_number)
        type_text(qtbot, form.edit("name"), name)

    fill("Hoàng Văn Tư", "001085000111")
    form.ask_refusal()
    dialog = form.findChild(ReasonDialog, "reasonDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.accept()  # no reason yet: refused with a message
    assert dialog.isVisible() and "bắt buộc" in dialog.message.text()
    type_text(qtbot, dialog.text, "Hồ sơ không thuộc thẩm quyền giải quyết của xã")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        dialog.accept()
    refused_code, slip = opened[-1]
    assert slip == "refusal"

    fill("Vũ Thị Hằng", "001190000222")
    form.checklist.set_checked(1, False)  # the birth certificate is missing
    form.ask_supplement()
    sup = form.findChild(SupplementDialog, "supplementDialog")
    assert [sup.table.item(r, 0).text() for r in range(sup.table.rowCount())] == ["Giấy chứng sinh"]
    with qtbot.waitSignal(form.saved, timeout=10_000):
        sup.accept()
    supplement_code, slip = opened[-1]
    assert slip == "supplement_request"

    def stored(desk: Any) -> list[tuple[str, Any, Any]]:
        with desk.read() as s:
            out = []
            for code in (refused_code, supplement_code):
                d = get_dossier(s, code)
                out.append((d.status, d.events[-1].note, d.events[-1].data))
            return out

    refused, supplement = on_db(qtbot, signed_in, stored)
    assert refused[0] == "refused" and refused[1] == "Hồ sơ không thuộc thẩm quyền giải quyết của xã"
    assert supplement[0] == "supplement_requested"
    assert supplement[2]["missing"][0]["name"] == "Giấy chứng sinh"


def test_returning_applicant_is_filled_from_the_id_number(qtbot: Any, signed_in: Any) -> None:
    window = signed_in.login("canbo")
    on_db(qtbot, signed_in, lambda desk: _intake(desk, "Đinh Thị Lụa", "001190012399", phone="0912345678"))
    window.new_intake()
    form = window.intake
    qtbot.keyClicks(form.edit("id_number"), "001190012399")
    qtbot.waitUntil(lambda: form.edit("name").text() == "Đinh Thị Lụa", timeout=5_000)
    assert form.edit("phone").text() == "0912345678" and form.returning.isVisible()


def test_roles_decide_what_is_offered(qtbot: Any, signed_in: Any) -> None:
    window = signed_in.login("canbo")
    assert not window.act_settings.isVisible()
    window.new_intake()
    assert not window.intake.override.isVisible()  # only leaders may move the appointment
    window.logout()
    window = signed_in.login("lanhdao")
    window.new_intake()
    assert window.intake.override.isVisible()
    window.intake.override.setChecked(True)
    assert window.intake.override_when.isVisible() and window.intake.override_reason.isVisible()
    window.logout()
    window = signed_in.login("quantri")
    assert window.act_settings.isVisible()


def test_idle_lock_shows_the_lock_screen_and_audits(qtbot: Any, signed_in: Any) -> None:
    from app.store.models import Audit

    window = signed_in.login("canbo")
    signed_in.idle.set_minutes(0.002)  # 120 ms
    signed_in.idle.arm()
    qtbot.waitUntil(lambda: window.root.currentWidget() is window.login_page, timeout=5_000)
    assert window.login_page.username.text() == "canbo"
    assert "khóa" in window.login_page.hint.text()
    assert not window.act_new.isEnabled()  # F2 does nothing on the lock screen
    idle(qtbot, signed_in)

    def actions(desk: Any) -> list[str]:
        from sqlalchemy import select

        with desk.read() as s:
            return list(s.scalars(select(Audit.action).order_by(Audit.id)))

    assert on_db(qtbot, signed_in, actions)[-2:] == ["login.ok", "session.lock"]


def test_close_with_unsent_changes_asks_first(qtbot: Any, signed_in: Any) -> None:
    window = signed_in.login("canbo")
    on_db(qtbot, signed_in, lambda desk: _intake(desk, "Mai Văn Tám", "001080000333"))
    signed_in.ctx.office = dict(signed_in.ctx.office, server_url="http://127.0.0.1:9", server_token="x")
    signed_in.sync.refresh_status()
    qtbot.waitUntil(lambda: signed_in.sync.status["pending"] >= 1, timeout=5_000)
    assert window.close() is False  # the close was held back
    box = window.findChild(QMessageBox, "quitBox")
    assert box is not None and box.isVisible() and "chưa gửi" in box.text()
    stay = [b for b in box.buttons() if b.text() == "Ở lại"][0]
    stay.click()
    assert window.isVisible()


def test_print_preview_without_printer_offers_pdf(
    qtbot: Any, signed_in: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    from ui import print_preview

    monkeypatch.setattr(print_preview, "installed_printers", lambda: ([], ""))
    window = signed_in.login("canbo")
    code = on_db(qtbot, signed_in, lambda desk: _intake(desk, "Lý Thị Lan", "001190000444"))
    window.open_print(code, "receipt")
    preview = window.preview
    assert preview.no_printer.isVisible() and not preview.print_button.isEnabled()
    assert "chưa cài máy in" in preview.no_printer.text()
    qtbot.waitUntil(lambda: preview.document.pageCount() == 2, timeout=10_000)
    preview.copies.setValue(1)
    qtbot.waitUntil(lambda: preview.document.pageCount() == 1, timeout=10_000)
    with qtbot.waitSignal(preview.printed, timeout=10_000) as printed:
        qtbot.keyClick(preview, Qt.Key.Key_Return)  # Enter: no printer, so the save dialog opens
        chooser = preview.findChild(QFileDialog)
        assert chooser is not None and chooser.isVisible()
        chooser.reject()
        preview.save_to(str(tmp_path / "phieu"))
    assert printed.args[0]["copies"] == 1 and (tmp_path / "phieu.pdf").read_bytes().startswith(b"%PDF")
    from ui.context import settings

    assert int(settings().value("print/copies")) == 1  # remembered for next time


def test_locked_data_dir_is_explained(qtbot: Any, app_setup: Any, tmp_path: Path) -> None:
    from app.desk import Desk
    from ui.app import DeskApp

    holder = Desk.open(tmp_path / "data")
    try:
        made = DeskApp(tmp_path / "data")
        screens: list[str] = []
        made.ready.connect(screens.append)
        made.start()
        qtbot.waitUntil(lambda: screens == ["locked"], timeout=15_000)
        box = QApplication_find_box("lockedBox")
        assert "đang được mở ở một cửa sổ khác" in box.text()
        with qtbot.waitSignal(made.exit_requested) as leaving:
            box.button(QMessageBox.StandardButton.Ok).click()
        assert leaving.args == [2]
        made.shutdown()
    finally:
        holder.close()


def QApplication_find_box(name: str) -> QMessageBox:  # noqa: N802
    from PySide6.QtWidgets import QApplication

    found = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.objectName() == name
    ]
    assert found
    return found[-1]


def test_unreachable_hub_shows_offline(qtbot: Any, signed_in: Any) -> None:
    window = signed_in.login("canbo")
    signed_in.ctx.set_office(dict(signed_in.ctx.office, server_url="http://127.0.0.1:9", server_token="x"))
    qtbot.waitUntil(lambda: signed_in.sync.state == "offline", timeout=10_000)
    assert window.conn_label.text().startswith("Mất kết nối")
    assert signed_in.runner.last_error == ""  # a dead link is a state, not an error dialog


def test_sync_panel_requeues_a_rejected_change_for_leaders(qtbot: Any, signed_in: Any) -> None:
    from sqlalchemy import select

    from app.store.models import Outbox
    from ui.sync_panel import SyncPanel

    code = on_db(qtbot, signed_in, lambda desk: _intake(desk, "Đặng Ưng Ổn", "001090012345"))

    def reject(desk: Any) -> str:  # stand in for the hub's final answer
        with desk.tx() as s:
            row = s.scalars(select(Outbox).where(Outbox.op == "create")).one()
            row.state, row.last_error = "rejected", "Máy chủ tạm thời không nhận thủ tục này"
            return row.change_id

    change_id = on_db(qtbot, signed_in, reject)
    signed_in.login("canbo")
    clerk_panel = SyncPanel(signed_in.ctx, signed_in.sync)
    qtbot.addWidget(clerk_panel)
    assert clerk_panel.retry_button.isHidden()  # a clerk sees the reason, a leader decides

    signed_in.window.logout()
    signed_in.login("lanhdao")
    panel = SyncPanel(signed_in.ctx, signed_in.sync)
    qtbot.addWidget(panel)
    panel.show_report(
        {"ok": True, "rejected": 1, "rejected_items": [
            {"change_id": change_id, "entity": "dossier", "code": code, "reason": "Máy chủ tạm thời không nhận thủ tục này"}
        ]}
    )  # fmt: skip
    assert not panel.retry_button.isHidden() and not panel.retry_button.isEnabled()
    panel.rejected_table.selectRow(0)
    assert panel.retry_button.isEnabled() and panel.selected_change() == change_id
    qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Đã xếp lại 1 thay đổi" in panel.summary.text(), timeout=10_000)

    def states(desk: Any) -> list[str]:
        with desk.read() as s:
            return [r.state for r in s.scalars(select(Outbox).order_by(Outbox.id))]

    assert on_db(qtbot, signed_in, states) == ["superseded", "pending"]


def test_reports_dialog_shows_bieu06_and_exports(
    qtbot: Any, signed_in: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    import subprocess
    from datetime import date

    from openpyxl import load_workbook

    from ui.reports_dialog import ReportsDialog, presets

    assert presets(date(2026, 11, 23))[0][1] == (date(2026, 11, 15), date(2026, 12, 14))
    assert presets(date(2026, 11, 10))[1][1] == (date(2026, 9, 15), date(2026, 10, 14))
    on_db(qtbot, signed_in, lambda desk: _intake(desk, "Đặng Ưng Ổn", "001090012345"))
    window = signed_in.login("canbo")
    assert not window.act_reports.isVisible()  # clerks do not report
    window.logout()
    window = signed_in.login("lanhdao")
    assert window.act_reports.isVisible()
    dialog = ReportsDialog(signed_in.ctx, window)
    qtbot.addWidget(dialog)
    dialog.period.setCurrentIndex(dialog.period.count() - 1)  # custom range around today
    from app.domain.clock import today

    t = today()
    dialog.start.setDate(dialog.start.date().fromString(f"{t.year}-01-01", "yyyy-MM-dd"))
    dialog.end.setDate(dialog.end.date().fromString(f"{t:%Y-%m-%d}", "yyyy-MM-dd"))
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert dialog.table.item(0, 1).text() == "Hộ tịch"
    assert dialog.table.item(dialog.table.rowCount() - 1, 1).text() == "Tổng cộng"
    assert dialog.table.item(0, 2).text() == "1"  # received, total

    xlsx, pdf = tmp_path / "b06.xlsx", tmp_path / "so.pdf"
    answers = iter([(str(xlsx), ""), (str(pdf), "")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: next(answers))
    dialog.export("xlsx")
    qtbot.waitUntil(lambda: xlsx.exists(), timeout=10_000)
    sheet = load_workbook(xlsx).active
    assert "Hộ tịch" in [c.value for c in sheet["B"]]
    assert "(13)" in [c.value for c in sheet[[c.value for c in sheet["A"]].index("(1)") + 1]]
    assert dialog.annex.text().startswith("Phụ lục: chờ bổ sung 0")
    dialog.export_register()
    qtbot.waitUntil(lambda: pdf.exists(), timeout=10_000)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "SỔ THEO DÕI HỒ SƠ" in text and "Đặng Ưng Ổn" in text


def test_dossier_view_corrects_intake_data_with_a_reason(qtbot: Any, signed_in: Any) -> None:
    import json

    from sqlalchemy import select

    from app.store.models import Outbox

    code = on_db(
        qtbot, signed_in, lambda desk: _intake(desk, "Đặng Ưng Ổn", "001090012345", phone="0912345678")
    )
    window = signed_in.login("canbo")
    window.open_dossier(code)
    view = window.dossier
    qtbot.waitUntil(lambda: view.code == code, timeout=5_000)
    assert view.edit_button.isVisibleTo(window)
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    dialog = view.edit_dialog
    assert dialog is not None
    dialog.edits["phone"].setText("091234")
    dialog.accept()
    assert "lý do" in dialog.message.text().lower()  # no reason: stays open, nothing sent
    dialog.reason.setPlainText("Gõ nhầm số điện thoại")
    dialog.accept()
    qtbot.waitUntil(lambda: "chữ số" in dialog.message.text(), timeout=5_000)  # the store refused it
    assert dialog.isVisible()
    dialog.edits["phone"].setText("0987 654 321")
    dialog.accept()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    qtbot.waitUntil(lambda: view.labels["phone"].text() == "0987654321", timeout=5_000)
    assert [e["kind"] for e in view.page["events"]][-1] == "edited"

    def update_payload(desk: Any) -> dict[str, Any]:
        with desk.read() as s:
            row = s.scalars(select(Outbox).where(Outbox.op == "update")).one()
            return dict(json.loads(row.payload))

    payload = on_db(qtbot, signed_in, update_payload)
    assert (
        payload["changes"]["owner"] == {"phone": "0987654321"}
        and payload["reason"] == "Gõ nhầm số điện thoại"
    )


def test_intake_area_is_a_choice_from_the_office_list(qtbot: Any, signed_in: Any) -> None:
    """Issue 11: Địa bàn phát sinh is picked (the commune, or a hamlet of the office's list) and
    stored as picked; the register prints it the same way on every row."""
    from sqlalchemy import select

    from app.store.models import Dossier
    from ui import ops_admin

    hamlets = ["Thôn Đồng Xuân", "Thôn Ẩm Thượng"]
    office = on_db(
        qtbot, signed_in, lambda desk: ops_admin.save_office(desk, {"hamlets": hamlets}, actor="t")
    )
    signed_in.ctx.set_office(office)
    window = signed_in.login("canbo")
    combo = window.intake.applicant.area
    items = [combo.itemText(i) for i in range(combo.count())]
    assert items[1:] == hamlets and items[0] == (office["commune"] or "(xã của cơ quan)")
    assert window.intake.applicant.area_value() == ""  # the commune by default
    combo.setCurrentIndex(2)
    area = window.intake.applicant.area_value()
    assert area == "Thôn Ẩm Thượng"
    code = on_db(qtbot, signed_in, lambda desk: _intake(desk, "Đặng Ưng Ổn", "001090012345", area=area))

    def stored(desk: Any) -> str:
        with desk.read() as s:
            return str(s.scalar(select(Dossier.area).where(Dossier.code == code)))

    assert on_db(qtbot, signed_in, stored) == "Thôn Ẩm Thượng"
    window.intake.reset()
    assert window.intake.applicant.area_value() == ""
