"""Render each main screen offscreen to PNG (``motcua --data-dir DIR screenshots --out DIR``).

A fresh data dir is filled with a demo office, users and a month of dossiers first (nothing is
sent upstream: demo rows are not queued for sync); a store this tool made before is shown as it
is. A store holding anything the tool did not make is refused, untouched (issue 8 §3). The demo
admin signs in through the real sign-in with a password made for this run. The screens are driven the way a clerk would, through the real
panels and the real workers, and grabbed once their data has arrived.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

TOOL = "screenshots"
DEMO_ADMIN = ("quantri", "Trần Thị Mai")
DEMO_CLERK = ("canbo1", "Nguyễn Văn Đức")


def prepare_store(desk: Any) -> tuple[str, str]:
    """A demo office, two accounts, ~60 past dossiers and a few of today's, on an empty store; on a
    store this tool made before, only a new password for its admin. Returns (admin, password).

    The password is random, made for this run and never written anywhere but the account's
    hash (issue 8 §3: no password in the source). Refuses (ToolRefused) a store with real data.
    """
    import secrets

    from app.services import tools
    from app.services.office import OfficeProfile, save_profile
    from app.services.users import create_user, set_user

    password = secrets.token_urlsafe(18)
    with desk.tx() as s:
        tools.check_session(s, TOOL)
        made = tools.marked_users(s)
        if DEMO_ADMIN[0] in made:
            set_user(s, DEMO_ADMIN[0], actor=TOOL, password=password)
            return DEMO_ADMIN[0], password
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
                actor=TOOL,
            )
        for username, full_name, role in ((*DEMO_ADMIN, "admin"), (*DEMO_CLERK, "clerk")):
            create_user(s, username, full_name, role, password, actor=TOOL)
            tools.mark(s, TOOL, "user", username)
    _seed_dossiers(desk)
    return DEMO_ADMIN[0], password


def _seed_dossiers(desk: Any) -> None:
    from app.domain.clock import now
    from app.domain.lifecycle import Status
    from app.services.demo import generate
    from app.services.intake import IntakeRequest, PersonInput, intake
    from app.services.transitions import change_status

    desk.invalidate_calendar()
    office, calendar = desk.require_office(), desk.calendar()
    with desk.tx() as s:
        from app.services.tools import mark_generator

        mark_generator(s, TOOL, DEMO_CLERK[0])
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


def any_code(window: Any) -> str | None:
    """A dossier to open: today's first, else any in the queue lists (a Sunday with nothing
    received must not crash on rows[0] of an empty list)."""
    models = window.queue.models
    for kind in ("received_today", "due_today", "overdue", "unsynced"):
        rows = models[kind].rows if kind in models else []
        if rows:
            return str(rows[0]["code"])
    return None


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
    """Render the screens from ``data_dir``: an empty store (filled with demo data) or one this
    tool made before. A store with real data is refused before it is opened (ToolRefused)."""
    from app.services.tools import check_file

    check_file(data_dir, TOOL)
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

    def refused(exc: BaseException) -> bool:
        state["error"] = exc
        return True

    desk_app.runner.db(lambda desk: state.update(login=prepare_store(desk)), failed=refused)
    wait_until(lambda: "login" in state or "error" in state)
    if "error" in state:
        desk_app.shutdown()
        from app.services.tools import ToolRefused

        raise ToolRefused(getattr(state["error"], "message", str(state["error"])))
    admin, password = state["login"]
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
    window.login_page.username.setText(admin)
    window.login_page.prepare()
    save(window, "01-login")

    screens.clear()
    desk_app._auto_login(admin, password)
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

    code = any_code(window)
    if code is not None:
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
