"""Start the desk GUI: translations, style, workers, the store opened on the DB worker, then the
first-run wizard or the login page.

``run_gui(data_dir)`` is what ``motcua`` (no command) calls. ``MOTCUA_SMOKE_TEST=1`` (used by
scripts/build_installer.sh on the frozen bundle) shows the first screen and quits with 0.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QObject, QTimer, QTranslator, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from ui import office_hub, ops
from ui.context import APPLICATION, ORGANISATION, AppContext
from ui.idle_lock import IdleLock
from ui.main_window import MainWindow
from ui.office_hub import OfficeHubProcess
from ui.runner import Runner, UserError
from ui.sync_controller import SyncController
from ui.worker import Job, Worker

log = logging.getLogger(__name__)
SMOKE_ENV = "MOTCUA_SMOKE_TEST"
_T0 = time.perf_counter()


def _resource(*parts: str) -> Path | None:
    from app.resources import resources_dir

    path = resources_dir().joinpath(*parts)
    return path if path.exists() else None


def setup_application(app: QApplication) -> None:
    """Names for QSettings, Vietnamese locale and translations, the stylesheet."""
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Một Cửa Xã")
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    if not getattr(app, "_motcua_translator", None):
        translator = QTranslator(app)
        qm = _resource("i18n", "motcua_vi.qm")
        if qm is not None and translator.load(str(qm)):
            app.installTranslator(translator)
            app._motcua_translator = translator  # type: ignore[attr-defined]  # keep it alive
        else:
            log.warning("Vietnamese translation file not found: %s", qm)
    qss = _resource("ui", "motcua.qss")
    if qss is not None:
        app.setStyleSheet(qss.read_text(encoding="utf-8"))


class DeskApp(QObject):
    """Owns the workers, the context and the windows for one run of the GUI."""

    ready = Signal(str)  # "wizard" | "login" | "workspace": the first screen shown
    exit_requested = Signal(int)

    def __init__(
        self,
        data_dir: Path | None,
        *,
        auto_login: tuple[str, str] | None = None,
        show_early: bool = False,
    ) -> None:
        super().__init__()
        self.data_dir = data_dir
        # Benchmarks/screenshots: (username, password) signed in through the real, audited
        # sign-in. There is no way in without the password (issue 8 §3).
        self.auto_login = auto_login
        # Show the window (login page, waiting) before the store is open: the clerk sees the app
        # at once while SQLAlchemy and the migration check load (~0.5 s on a low-end PC).
        self.show_early = show_early
        self.db = Worker("db")
        self.net = Worker("net")
        self.runner = Runner(self.db, self.net, self)
        self._started = False
        self.ctx = AppContext(self.runner, data_dir, self)
        self.sync = SyncController(self.ctx, self)
        self.office_hub: OfficeHubProcess | None = None
        self.idle = IdleLock(parent=self)
        QApplication.instance().installEventFilter(self.idle)  # type: ignore[union-attr]
        self.window = MainWindow(self.ctx, self.sync, self.idle)
        self.runner.dialog_parent = self.window
        self.wizard: Any = None
        self.info: ops.StartupInfo | None = None
        self._closed = False
        self._locked_box: QMessageBox | None = None

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        data_dir, db, net = self.data_dir, self.db, self.net
        if office_hub.enabled():  # this PC keeps the office's register for its desks
            from app.store.datadir import default_data_dir

            self.office_hub = OfficeHubProcess(data_dir or default_data_dir(), self)
            self.office_hub.start()
        if self.show_early:
            self.window.show_login()
            self.window.login_page.set_waiting(True)
            self._show_window()
            self.ready.emit("window")

        def open_job(_none: Any) -> ops.StartupInfo:
            desk = ops.open_desk(data_dir)
            db.context = desk
            net.context = desk  # only sync.engine.run_sync uses it there (see ui/worker.py)
            return ops.startup_info(desk)

        self.runner.db(open_job, self._opened, failed=self._open_failed, label="open")

        def warm_job(_desk: Any) -> None:
            # Load the slip renderers on the worker while the clerk types the password, not in the
            # middle of the first print: a first import on the worker racing the GUI thread's Qt
            # calls (the print preview enumerating printers) aborted the process under load.
            import app.slips.service  # noqa: F401

        self.runner.db(warm_job, None, label="warm")

    def _open_failed(self, exc: BaseException) -> bool:
        if isinstance(exc, UserError) and exc.kind == "DataDirLocked":
            text = self.window.tr(
                "Một Cửa Xã đang được mở ở một cửa sổ khác trên máy này (hoặc bởi lệnh motcua). "
                "Hãy dùng cửa sổ đó, hoặc đóng nó rồi mở lại.\n\nChi tiết: {0}"
            ).format(exc.message)
            box = QMessageBox(
                QMessageBox.Icon.Critical,
                self.window.tr("Không mở được dữ liệu"),
                text,
                QMessageBox.StandardButton.Ok,
                self.window,
            )
            self._locked_box = box  # keep it alive: nothing else holds the only window shown
            box.setObjectName("lockedBox")
            box.button(QMessageBox.StandardButton.Ok).setText(self.window.tr("Đóng"))
            box.finished.connect(lambda _r: self.exit_requested.emit(2))
            box.open()
            self.ready.emit("locked")
            return True
        self.exit_requested.emit(3)
        return False

    def _opened(self, info: ops.StartupInfo) -> None:
        self.info = info
        self.ctx.set_office(info.office)
        self.window.login_page.set_waiting(False)
        if info.office is None or info.users == 0:
            self.window.hide()
            self.show_wizard()
            return
        self.window.show_login()
        self._show_window()
        if self.auto_login:
            self._auto_login(*self.auto_login)
            return
        self.ready.emit("login")

    def _show_window(self) -> None:
        # First run on a PC (no remembered geometry): fill the screen, a 1366×768 desk needs it all.
        if self.window.restored or self.window.isVisible():
            self.window.show()
        else:
            self.window.showMaximized()

    def show_wizard(self) -> None:
        from ui.wizard import FirstRunWizard

        self.wizard = FirstRunWizard(self.ctx)
        self.runner.dialog_parent = self.wizard
        self.wizard.finished_setup.connect(self._setup_done)
        self.wizard.rejected.connect(lambda: self.exit_requested.emit(0))
        self.wizard.show()
        self.ready.emit("wizard")

    def _setup_done(self, user: ops.User) -> None:
        self.runner.dialog_parent = self.window
        self.window.show_login()
        self.window.login_page.username.setText(user.username)
        self._show_window()
        self.window.login_page.prepare()
        sheet = getattr(self.wizard, "recovery_sheet_path", None)
        if sheet:
            self._show_recovery_sheet(sheet)

    def _recovery_sheet_closed(self, _result: int) -> None:
        self.window.activateWindow()
        self.window.login_page.prepare()

    def _show_recovery_sheet(self, path: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.window.tr("Phiếu khóa khôi phục"),
            self.window.tr(
                "Dữ liệu được mã hóa. Phiếu khóa khôi phục (chỉ cấp một lần) đã được ghi vào:\n{0}\n\n"
                "Hãy in phiếu, cất trong két của cơ quan, rồi xóa tệp. Khi thay máy hoặc cài lại "
                "Windows, chỉ phiếu này mở được các bản sao lưu."
            ).format(path),
            QMessageBox.StandardButton.Ok,
            self.window,
        )
        box.setObjectName("recoverySheetBox")
        box.setModal(False)  # the login page stays usable beside it
        box.finished.connect(self._recovery_sheet_closed)
        box.show()

    def _auto_login(self, username: str, password: str) -> None:
        def done(user: ops.User | None) -> None:
            if user is None:  # wrong password or locked account: the login page, as for anyone
                log.warning("automatic sign-in refused")
                self.ready.emit("login")
                return
            self.window.queue.loaded.connect(self._workspace_ready)
            self.window.on_login(user)

        self.runner.db(lambda desk: ops.login(desk, username, password), done, label="auto-login")

    def _workspace_ready(self, _counts: dict[str, int]) -> None:
        self.window.queue.loaded.disconnect(self._workspace_ready)
        self.ready.emit("workspace")

    def shutdown(self) -> None:
        """Close the store on its own thread, then stop both threads (idempotent)."""
        if self._closed:
            return
        self._closed = True
        self.sync.stop()
        if self.office_hub is not None:
            self.office_hub.stop()
        self.idle.disarm()
        self.window.citizen.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)

        def close(desk: Any) -> None:
            if desk is not None:
                desk.close()

        self.net.stop()
        self.db.submit(Job(close))
        self.db.stop()


def run_gui(
    data_dir: Path | None, *, smoke_test: bool | None = None, auto_login: tuple[str, str] | None = None
) -> int:
    """Run the desk until the last window closes; returns the process exit code."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    from ui import diagnostics

    # The support log (issue 8 §9): uncaught errors and Qt's messages, never names or ID numbers.
    reporter = diagnostics.install()  # noqa: F841 - kept alive for the run
    from ui import gc_guard

    collector = gc_guard.install(app)  # cyclic GC only on this thread (ui/gc_guard.py)
    setup_application(app)
    from ui.qt_print import register_on_windows

    register_on_windows()  # app/ prints through the Printer protocol; Qt is the Windows backend
    smoke = smoke_test if smoke_test is not None else os.environ.get(SMOKE_ENV) == "1"
    desk_app = DeskApp(data_dir, auto_login=auto_login, show_early=True)
    code = {"value": 0}

    def leave(value: int) -> None:
        code["value"] = value
        app.exit(value)

    desk_app.exit_requested.connect(leave)
    if smoke:

        def shown(screen: str) -> None:
            ms = (time.perf_counter() - _T0) * 1000
            sys.stdout.write(f"motcua-smoke: {screen} shown after {ms:.0f} ms\n")
            sys.stdout.flush()
            if screen != "window":  # the first paint; wait for the screen the clerk uses
                QTimer.singleShot(0, lambda: leave(0 if screen != "locked" else 2))

        desk_app.ready.connect(shown)
        QTimer.singleShot(30_000, lambda: leave(4))  # never hang a build script
    app.setQuitOnLastWindowClosed(True)
    app.aboutToQuit.connect(desk_app.shutdown)
    desk_app.start()
    result = app.exec()
    desk_app.shutdown()
    collector.release()
    return code["value"] or result
