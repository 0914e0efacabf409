"""Render each main screen offscreen to PNG (``motcua --data-dir DIR screenshots --out DIR``).

A fresh data dir is filled with a demo office, users and a month of dossiers first (nothing is
sent upstream: demo rows are not queued for sync); an existing one is shown as it is, signed in
as its first active admin. The screens are driven the way a clerk would, through the real
panels and the real workers, and grabbed once their data has arrived.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

DEMO_ADMIN = ("quantri", "Trần Thị Mai", "matkhau-demo-2026")
DEMO_CLERK = ("canbo1", "Nguyễn Văn Đức", "matkhau-demo-2026")


def seed_demo(desk: Any) -> str:
    """Demo office, two users, ~60 past dossiers and a few of today's. Returns the admin name."""
    from app.domain.clock import now
    from app.domain.lifecycle import Status
    from app.services.demo import generate
    from app.services.intake import IntakeRequest, PersonInput, intake
    from app.services.office import OfficeProfile, save_profile
    from app.services.transitions import change_status
    from app.services.users import create_user, list_users

    with desk.tx() as s:
        if desk.office() is None:
            save_profile(
                s,
                OfficeProfile(
                    unit_code="000.00.12.H29",
                    office_name="Bộ phận Một cửa UBND xã Tân Lập",
                    commune="xã Tân Lập",
                    province="tỉnh Phú Thọ",
                    parent_agency="UBND xã Tân Lập",
                    server_url="http://127.0.0.1:9",
                    server_token="demo",
                ),
                actor="demo",
            )
        if not list_users(s):
            create_user(s, DEMO_ADMIN[0], DEMO_ADMIN[1], "admin", DEMO_ADMIN[2], actor="demo")
            create_user(s, DEMO_CLERK[0], DEMO_CLERK[1], "clerk", DEMO_CLERK[2], actor="demo")
    desk.invalidate_calendar()
    office, calendar = desk.require_office(), desk.calendar()
    with desk.tx() as s:
        generate(s, 60, office=office, calendar=calendar, actor=DEMO_CLERK[0], days=20, seed=7)
    people = [
        ("Nguyễn Thị Thược", "001190012345", "1.001193", "0912345678"),
        ("Đặng Ưng Ổn", "036085004321", "2.000815", "0987654321"),
        ("Lê Văn Hùng", "025078001122", "1.004194", ""),
    ]
    stamp = now()
    for i, (name, idn, code, phone) in enumerate(people):
        req = IntakeRequest(
            code,
            PersonInput(name=name, id_number=idn, phone=phone, address="thôn Đồng Xuân, xã Tân Lập"),
            received_at=stamp - timedelta(minutes=40 * (i + 1)),
        )
        with desk.tx() as s:
            result = intake(s, req, office=office, calendar=calendar, actor=DEMO_CLERK[0])
            if i == 2:
                change_status(s, result.code, Status.IN_PROGRESS, calendar=calendar, actor=DEMO_CLERK[0])
    return DEMO_ADMIN[0]


def first_admin(desk: Any) -> str | None:
    from app.services.users import list_users

    with desk.read() as s:
        return next((u.username for u in list_users(s) if u.role == "admin" and u.active), None)


def wait_until(predicate: Callable[[], bool], timeout: float = 15.0) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout
    while not predicate():
        QApplication.processEvents()
        if time.monotonic() > deadline:
            raise TimeoutError("screen did not finish loading in time")
        time.sleep(0.01)
    for _ in range(5):
        QApplication.processEvents()


def render_all(data_dir: Path, out: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui import ops
    from ui.app import DeskApp, setup_application

    app = QApplication.instance() or QApplication(["motcua-screenshots"])
    assert isinstance(app, QApplication)
    setup_application(app)
    out.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []

    def save(widget: Any, name: str) -> None:
        wait_until(lambda: True)
        path = out / f"{name}.png"
        if not widget.grab().save(str(path)):
            raise OSError(f"could not write {path}")
        shots.append(path)

    desk_app = DeskApp(data_dir)
    screens: list[str] = []
    desk_app.ready.connect(screens.append)
    desk_app.start()
    wait_until(lambda: bool(screens))
    if screens[0] == "locked":
        raise RuntimeError("the data directory is in use by another Một Cửa Xã window")

    state: dict[str, Any] = {}
    desk_app.runner.db(lambda desk: state.update(admin=first_admin(desk) or seed_demo(desk)))
    wait_until(lambda: "admin" in state)
    window = desk_app.window
    if desk_app.wizard is not None:
        _fill_wizard(desk_app.wizard)
        save(desk_app.wizard, "00-wizard")
        desk_app.wizard.hide()
        desk_app.runner.db(lambda desk: state.update(office=ops.office_info(desk)))
        wait_until(lambda: "office" in state)
        desk_app.ctx.set_office(state["office"])
        desk_app.wizard = None
    window.resize(1280, 760)
    window.show()
    window.show_login()
    window.login_page.username.setText(state["admin"])
    window.login_page.prepare()
    save(window, "01-login")

    screens.clear()
    desk_app._auto_login(state["admin"])
    wait_until(lambda: "workspace" in screens)
    wait_until(lambda: bool(desk_app.ctx.procedures))
    window.queue.setCurrentIndex(0)
    save(window, "02-main-queue")

    window.search_box.setText("nguyen thi")
    wait_until(lambda: window.search_box.model.rowCount() > 0)
    save(window, "03-search")
    window.search_box.clear()

    window.new_intake()
    form = window.intake
    form.picker.choose_code("1.001193")
    form.edit("id_number").setText("001195054321")
    form.edit("name").setText("Phạm Thị Ngọc Ánh")
    form.edit("birth_date").setText("12/03/1995")
    form.gender.setCurrentIndex(2)
    form.edit("address").setText("xóm Đồi, thôn Đồng Xuân, xã Tân Lập, tỉnh Phú Thọ")
    form.edit("phone").setText("0912 34 56")
    wait_until(lambda: form.due is not None)
    save(window, "04-intake-form")
    form.reset()

    code = window.queue.models["received_today"].rows[0]["code"]
    window.open_dossier(code)
    wait_until(lambda: window.dossier.code == code)
    save(window, "05-dossier-view")

    window.open_print(code, "receipt")
    preview = window.preview
    assert preview is not None
    preview.resize(1100, 760)
    wait_until(lambda: preview.document.pageCount() > 0)
    settle = time.monotonic() + 1.5  # QPdfView renders pages on its own thread
    wait_until(lambda: time.monotonic() > settle)
    save(preview, "06-print-preview")
    preview.close()

    # The panel as it really is for this store (no hub reachable: offline, changes waiting), with
    # one change the hub refused, so the reason list and the retry button are on the picture.
    desk_app.runner.db(_reject_one_change)
    wait_until(lambda: desk_app.db.pending == 0)
    window.open_sync()
    panel = window.sync_panel
    assert panel is not None
    wait_until(lambda: panel.rejected_table.rowCount() > 0)
    panel.rejected_table.selectRow(0)
    save(panel, "07-sync-panel")
    panel.close()

    window.open_settings()
    dialog = window.settings_dialog
    assert dialog is not None
    for i, name in enumerate(
        ("08-settings-office", "09-settings-users", "10-settings-catalogue", "11-settings-calendar")
    ):
        dialog.tabs.setCurrentIndex(i)  # type: ignore[attr-defined]
        wait_until(lambda: dialog.users.model.rowCount() > 0)  # type: ignore[attr-defined]
        save(dialog, name)
    dialog.close()

    window.open_reports()
    reports = window.reports_dialog
    assert reports is not None
    reports.show_button.click()  # type: ignore[attr-defined]
    wait_until(lambda: reports.report is not None)  # type: ignore[attr-defined]
    save(reports, "12-reports")
    reports.close()
    window.hide()
    desk_app.shutdown()
    return shots


def _reject_one_change(desk: Any) -> None:
    from app.services.demo import stage_rejected_change

    with desk.tx() as s:
        stage_rejected_change(s, "Hồ sơ đã được cơ quan giải quyết cập nhật trạng thái trước")


def _fill_wizard(wizard: Any) -> None:
    page = wizard.office_page
    page.unit_code_edit.setText("000.00.12.H29")
    page.office_name_edit.setText("Bộ phận Một cửa UBND xã Tân Lập")
    page.commune.setText("xã Tân Lập")
    page.province.setText("tỉnh Phú Thọ")
    wizard.resize(760, 560)
