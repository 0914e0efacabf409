"""The main window: composes the panels, the actions and the status bar; owns no logic of its own."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui import ops
from ui.context import AppContext, settings
from ui.damage_banner import DamageBanner
from ui.dossier_view import DossierView
from ui.idle_lock import DEFAULT_MINUTES, IdleLock
from ui.intake_form import IntakeForm
from ui.login import LoginPage
from ui.print_preview import PrintPreview
from ui.queue_panel import QueuePanel, dossier_table
from ui.scan_folder import ScanFolder
from ui.search_box import SearchBox
from ui.sync_controller import OFFLINE, ONLINE, SyncController
from ui.sync_panel import SyncPanel, state_text, when_text
from ui.widgets import heading


class MainWindow(QMainWindow):
    workspace_shown = Signal()

    def __init__(
        self, ctx: AppContext, sync: SyncController, idle: IdleLock, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.sync, self.idle = ctx, sync, idle
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Một Cửa Xã – Bộ phận tiếp nhận và trả kết quả"))
        self.login_page = LoginPage(ctx)
        self.search_box = SearchBox(ctx)
        self.queue = QueuePanel(ctx)
        self.results = dossier_table(self.search_box.model, "searchResults")
        self.intake = IntakeForm(ctx)
        self.dossier = DossierView(ctx)
        # New files in this PC's scan-to-folder directory are offered to the open dossier.
        self.scan_folder = ScanFolder(self)
        self.scan_folder.arrived.connect(self.dossier.attachments.offer_file)
        self.scan_folder.restart()
        self.preview: PrintPreview | None = None
        self.sync_panel: SyncPanel | None = None
        self.settings_dialog: Any = None
        self.reports_dialog: QDialog | None = None
        self._quit_confirmed = False

        self.left_stack = QStackedWidget()
        self.left_stack.addWidget(self.queue)
        self.left_stack.addWidget(self.results)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(6, 6, 0, 6)
        lv.addWidget(self.search_box)
        lv.addWidget(self.left_stack, 1)
        self.home = self._home_page()
        self.right_stack = QStackedWidget()
        for page in (self.home, self.intake, self.dossier):
            self.right_stack.addWidget(page)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.right_stack)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setSizes([680, 600])
        self.splitter = splitter
        self.root = QStackedWidget()
        self.root.addWidget(self.login_page)
        self.root.addWidget(splitter)
        # Damage never spreads (issue 8 §5): a banner above everything while the store is damaged.
        self.damage = DamageBanner(ctx)
        self.damage.restore_requested.connect(self.open_restore)
        central = QWidget()
        cv = QVBoxLayout(central)
        cv.setContentsMargins(0, 0, 0, 0)
        cv.setSpacing(0)
        cv.addWidget(self.damage)
        cv.addWidget(self.root, 1)
        self.setCentralWidget(central)
        self._actions()
        self.damage.blocks = [self.intake, self.act_new]
        self._status_bar()
        self._connect()
        from ui.citizen_wiring import CitizenFeatures

        self.citizen = CitizenFeatures(self)  # issue 12: CCCD scan, rating, feedback box
        geometry = settings().value("window/geometry")
        self.restored = isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)
        if not self.restored:
            self.resize(1280, 760)

    # -- construction ----------------------------------------------------------------------------

    def _home_page(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        v.addWidget(heading(self.tr("Bàn làm việc")))
        hint = QLabel(
            self.tr(
                "F2  Tiếp nhận hồ sơ mới\n"
                "Ctrl+F  Tìm hồ sơ theo mã, họ tên, số CCCD, số điện thoại\n"
                "Enter  Mở hồ sơ đang chọn trong danh sách\n"
                "F5  Làm mới danh sách hôm nay\n"
                "F9  Đồng bộ với cấp trên\n"
                "Ctrl+L  Khóa màn hình"
            )
        )
        hint.setObjectName("homeHint")
        v.addWidget(hint)
        v.addStretch(1)
        return page

    def _action(self, text: str, shortcut: QKeySequence | str | None, slot: Any, name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _actions(self) -> None:
        self.act_new = self._action(self.tr("Tiếp nhận hồ sơ mới"), "F2", self.new_intake, "actNew")
        self.act_search = self._action(self.tr("Tìm kiếm"), "Ctrl+F", self.focus_search, "actSearch")
        self.act_refresh = self._action(self.tr("Làm mới"), "F5", self.refresh, "actRefresh")
        self.act_sync = self._action(self.tr("Đồng bộ…"), "F9", self.open_sync, "actSync")
        self.act_settings = self._action(self.tr("Cài đặt…"), None, self.open_settings, "actSettings")
        self.act_reports = self._action(self.tr("Báo cáo…"), "Ctrl+R", self.open_reports, "actReports")
        self.act_access_log = self._action(
            self.tr("Nhật ký xử lý dữ liệu cá nhân…"), None, self.open_access_log, "actAccessLog"
        )
        self.act_lock = self._action(self.tr("Khóa màn hình"), "Ctrl+L", self.lock, "actLock")
        self.act_logout = self._action(self.tr("Đăng xuất"), None, self.logout, "actLogout")
        self.act_quit = self._action(self.tr("Thoát"), "Ctrl+Q", self.close, "actQuit")
        bar = self.menuBar()
        dossier_menu = bar.addMenu(self.tr("&Hồ sơ"))
        for a in (self.act_new, self.act_search, self.act_refresh):
            dossier_menu.addAction(a)
        dossier_menu.addSeparator()
        dossier_menu.addAction(self.act_quit)
        sync_menu = bar.addMenu(self.tr("Đồng &bộ"))
        sync_menu.addAction(self.act_sync)
        self.reports_menu = bar.addMenu(self.tr("&Báo cáo"))
        self.reports_menu.addAction(self.act_reports)
        self.reports_menu.addAction(self.act_access_log)
        self.admin_menu = bar.addMenu(self.tr("&Quản trị"))
        self.admin_menu.addAction(self.act_settings)
        account = bar.addMenu(self.tr("&Tài khoản"))
        account.addAction(self.act_lock)
        account.addAction(self.act_logout)
        self.toolbar = self.addToolBar(self.tr("Thao tác"))
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        for a in (
            self.act_new,
            self.act_refresh,
            self.act_sync,
            self.act_reports,
            self.act_settings,
            self.act_lock,
        ):
            self.toolbar.addAction(a)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

    def _status_bar(self) -> None:
        bar = self.statusBar()
        self.conn_label = QLabel()
        self.conn_label.setObjectName("connLabel")
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pendingLabel")
        self.last_sync_label = QLabel()
        self.last_sync_label.setObjectName("lastSyncLabel")
        # Office mode: the office hub on the LAN and its link to the province, shown apart.
        self.province_label = QLabel()
        self.province_label.setObjectName("provinceLabel")
        self.province_label.setVisible(False)
        self.user_label = QLabel()
        self.user_label.setObjectName("userLabel")
        for w in (self.conn_label, self.province_label, self.pending_label, self.last_sync_label):
            bar.addWidget(w)
        bar.addPermanentWidget(self.user_label)
        self._conn(self.sync.state)
        self._sync_status(self.sync.status)

    def _connect(self) -> None:
        self.login_page.logged_in.connect(self.on_login)
        self.search_box.active_changed.connect(lambda on: self.left_stack.setCurrentIndex(1 if on else 0))
        self.search_box.move_down.connect(self._focus_results)
        self.search_box.returnPressed.connect(self._open_first_result)
        self.results.activated.connect(
            lambda idx: self.open_dossier(idx.data(Qt.ItemDataRole.UserRole)["code"])
        )
        self.queue.open_dossier.connect(self.open_dossier)
        self.intake.saved.connect(self.open_print)
        self.intake.cancelled.connect(self.show_home)
        self.dossier.print_requested.connect(self.open_print)
        self.dossier.closed.connect(self.show_home)
        self.ctx.dossiers_changed.connect(self._dossiers_changed)
        self.ctx.user_changed.connect(self._user_changed)
        self.sync.state_changed.connect(self._conn)
        self.sync.status_changed.connect(self._sync_status)
        self.idle.idle.connect(self.lock)

    # -- status bar ------------------------------------------------------------------------------

    def _conn(self, state: str) -> None:
        self.conn_label.setText(state_text(state))
        self.conn_label.setProperty("state", state)
        self.conn_label.style().unpolish(self.conn_label)
        self.conn_label.style().polish(self.conn_label)
        self.conn_label.setToolTip(
            self.tr("Kiểm tra kết nối 30 giây một lần") if state in (ONLINE, OFFLINE) else ""
        )
        office = self.sync.office_hub
        self.province_label.setVisible(office)
        self.search_box.set_local_only(office and state == OFFLINE)
        if office:
            self.conn_label.setText(self.tr("Máy chủ xã: {0}").format(state_text(state)))
            up = self.sync.office_info.get("upstream") or {}
            if self.sync.direct:
                # The office hub has been down long enough: this desk syncs with the province itself.
                text = self.tr("Đang gửi thẳng lên tỉnh")
                if self.sync.owed_office:
                    text += self.tr(" ({0} thay đổi sẽ gửi lại máy chủ xã)").format(self.sync.owed_office)
                self.province_label.setText(text)
                self.province_label.setToolTip(
                    self.tr("Máy chủ xã không trả lời; khi máy chủ xã hoạt động lại, máy này tự quay về")
                )
                return
            if not up.get("configured"):
                text = self.tr("Tỉnh: chưa cấu hình chuyển tiếp")
            elif up.get("ok"):
                text = self.tr("Tỉnh: đã kết nối")
            else:
                text = self.tr("Tỉnh: mất kết nối")
            if up.get("pending"):
                text += self.tr(" (máy chủ xã chờ gửi {0})").format(up["pending"])
            self.province_label.setText(text)
            self.province_label.setToolTip(str(up.get("error") or ""))

    def _sync_status(self, status: dict[str, Any]) -> None:
        pending, rejected = status.get("pending", 0), status.get("rejected", 0)
        text = self.tr("Chưa gửi: {0} thay đổi").format(pending)
        if rejected:
            text += self.tr(" · bị từ chối: {0}").format(rejected)
        self.pending_label.setText(text)
        self.last_sync_label.setText(
            self.tr("Đồng bộ lần cuối: {0}").format(when_text(status.get("last_sync_at")))
        )
        if self.sync.office_hub:
            self._conn(self.sync.state)  # the province's link came with the last sync

    def _user_changed(self) -> None:
        user = self.ctx.user
        self.user_label.setText(f"{user.full_name} ({self._role(user.role)})" if user else "")
        admin = self.ctx.can("settings")
        self.act_settings.setVisible(admin)
        self.admin_menu.menuAction().setVisible(admin)
        self.act_new.setEnabled(self.ctx.can("intake"))
        reports = self.ctx.can("report")  # leaders and admins (issue 5 roles)
        self.act_reports.setVisible(reports)
        from ui.access_log_dialog import can_read_log

        self.act_access_log.setVisible(can_read_log(user))
        self.reports_menu.menuAction().setVisible(reports)

    def _role(self, role: str) -> str:
        return {
            "clerk": self.tr("Cán bộ tiếp nhận"),
            "leader": self.tr("Lãnh đạo"),
            "admin": self.tr("Quản trị"),
        }.get(role, role)

    # -- sessions --------------------------------------------------------------------------------

    def show_login(self, locked_user: str | None = None) -> None:
        self.root.setCurrentWidget(self.login_page)
        self.menuBar().setEnabled(False)
        self.toolbar.setEnabled(False)
        for a in self.actions():
            a.setEnabled(False)
        self.login_page.prepare(locked_user=locked_user)

    def on_login(self, user: ops.User) -> None:
        previous = self.ctx.user
        if previous is not None and previous.username != user.username:
            self.intake.reset()  # another clerk takes over: nothing of the last one's form stays
        self.ctx.set_user(user)
        self.root.setCurrentIndex(1)
        self.menuBar().setEnabled(True)
        self.toolbar.setEnabled(True)
        for a in self.actions():
            a.setEnabled(True)
        self._user_changed()
        minutes = float(str(settings().value("security/idle_minutes", DEFAULT_MINUTES) or DEFAULT_MINUTES))
        self.idle.set_minutes(minutes)
        self.idle.arm()
        self.refresh()
        # Enumerate printers while the clerk looks at the queue, not when the first receipt opens.
        from ui.print_preview import warm_printer_cache

        QTimer.singleShot(300, warm_printer_cache)
        if not self.ctx.procedures:
            self.ctx.load_procedures()
        self.sync.start()
        if self.right_stack.currentWidget() is self.home:
            self.search_box.setFocus()
        self.workspace_shown.emit()

    def lock(self) -> None:
        if self.ctx.user is None or self.root.currentWidget() is self.login_page:
            return
        self.idle.disarm()
        actor = self.ctx.actor
        self.ctx.runner.db(lambda desk: ops.session_event(desk, actor, "session.lock"), label="lock")
        self.show_login(locked_user=actor.username)

    def logout(self) -> None:
        actor = self.ctx.actor
        self.ctx.runner.db(lambda desk: ops.session_event(desk, actor, "session.logout"), label="logout")
        self.idle.disarm()
        self.intake.reset()
        self.show_home()
        self.ctx.set_user(None)
        self.login_page.username.clear()
        self.show_login()

    # -- navigation ------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.damage.check()
        self.queue.refresh()
        self.search_box.refresh()
        self.sync.refresh_status()

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _focus_results(self) -> None:
        self.results.setFocus()
        self.results.selectRow(0)

    def _open_first_result(self) -> None:
        row = self.search_box.model.row_at(0)
        if row is not None:
            self.open_dossier(row["code"])

    def _focus_right(self, right: bool) -> None:
        """The intake form takes the room it needs; lists get it back afterwards."""
        total = sum(self.splitter.sizes()) or self.width()
        left = min(460, total // 3) if right else min(680, total // 2 + 40)
        self.splitter.setSizes([left, total - left])

    def show_home(self) -> None:
        self._focus_right(False)
        self.right_stack.setCurrentWidget(self.home)
        self.queue.current_view().setFocus()

    def new_intake(self) -> None:
        if not self.ctx.can("intake"):
            return
        self._focus_right(True)
        self.right_stack.setCurrentWidget(self.intake)
        self.intake.start()

    def open_dossier(self, code: str) -> None:
        self._focus_right(False)
        self.right_stack.setCurrentWidget(self.dossier)
        self.dossier.load(code)
        self.dossier.setFocus()

    def open_print(self, code: str, form: str) -> None:
        if self.preview is not None:
            self.preview.close()
        self.preview = PrintPreview(self.ctx, code, form, self)
        self.preview.finished.connect(lambda _r: self._after_print(code, form))
        self.preview.open()

    def _after_print(self, code: str, form: str = "") -> None:
        self.open_dossier(code)
        if form == "receipt":
            # Straight from intake to digitising the papers just received (NĐ 107/2021): the
            # dossier opens on its 'Giấy tờ số hóa' tab, ready to scan.
            self.dossier.show_attachments()

    def _dossiers_changed(self, code: str) -> None:
        self.queue.refresh()
        self.search_box.refresh()
        if code == "" and self.right_stack.currentWidget() is self.dossier:
            self.dossier.reload()

    def open_sync(self) -> None:
        if self.sync_panel is None:
            self.sync_panel = SyncPanel(self.ctx, self.sync, self)
        self.sync.refresh_status()
        self.sync_panel.open()

    def open_reports(self) -> None:
        if not self.ctx.can("report"):
            return
        from ui.reports_dialog import ReportsDialog

        self.reports_dialog = ReportsDialog(self.ctx, self)
        self.reports_dialog.open()

    def open_access_log(self) -> None:
        from ui.access_log_dialog import AccessLogDialog, can_read_log

        if not can_read_log(self.ctx.user):
            return
        self.access_log_dialog = AccessLogDialog(self.ctx, self)
        self.access_log_dialog.open()

    def open_settings(self) -> None:
        if not self.ctx.can("settings"):
            return
        from ui.settings.dialog import SettingsDialog

        dialog = SettingsDialog(self.ctx, self)
        dialog.backup.restored.connect(self._after_restore)
        dialog.scan.folder_changed.connect(self.scan_folder.restart)
        self.settings_dialog = dialog
        dialog.open()

    def open_restore(self) -> None:
        """The banner's button: the backup tab of the settings (admin); reopened store redrawn after."""
        if not self.ctx.can("settings"):
            self.ctx.runner.show_message(
                self.tr("Cần đăng nhập bằng tài khoản quản trị để khôi phục dữ liệu.")
            )
            return
        from ui.settings.dialog import SettingsDialog

        dialog = SettingsDialog(self.ctx, self)
        dialog.tabs.setCurrentWidget(dialog.backup)
        dialog.backup.restored.connect(self._after_restore)
        dialog.scan.folder_changed.connect(self.scan_folder.restart)
        self.settings_dialog = dialog
        dialog.open()

    def _after_restore(self, out: dict[str, Any]) -> None:
        """The store is another file now: its accounts decide who may go on, so sign in again."""
        if self.settings_dialog is not None:
            self.settings_dialog.close()
        self.ctx.runner.db(ops.office_info, self.ctx.set_office, label="office")
        self.logout()
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Đã khôi phục dữ liệu"),
            self.tr("Đã khôi phục {0} hồ sơ; dữ liệu cũ được giữ tại {1}. Hãy đăng nhập lại.").format(
                out["dossiers"], out["previous_kept_as"] or "–"
            ),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("restoredMessage")
        self.restored_box = box
        box.open()

    # -- closing ---------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        pending = int(self.sync.status.get("pending", 0))
        if self._quit_confirmed or self.ctx.user is None or pending == 0 or not self.sync.configured:
            if QGuiApplication.platformName() not in ("offscreen", "minimal"):
                # Headless runs (screenshots, benchmarks, smoke tests) must not leave their
                # virtual screen's geometry behind for the clerk's real one.
                settings().setValue("window/geometry", self.saveGeometry())
            event.accept()
            return
        event.ignore()
        self.ask_quit(pending)

    def ask_quit(self, pending: int) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Còn thay đổi chưa gửi"),
            self.tr(
                "Còn {0} thay đổi chưa gửi lên máy chủ cấp trên. Dữ liệu vẫn được giữ an toàn trên máy này, "
                "nhưng cấp trên chưa nhận được. Đồng bộ trước khi thoát?"
            ).format(pending),
            parent=self,
        )
        box.setObjectName("quitBox")
        sync_button = box.addButton(self.tr("Đồng bộ rồi thoát"), QMessageBox.ButtonRole.AcceptRole)
        quit_button = box.addButton(self.tr("Thoát, gửi sau"), QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(self.tr("Ở lại"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(sync_button)
        box.setEscapeButton(stay)

        def chosen(button: Any) -> None:
            if button is quit_button:
                self.quit_now()
            elif button is sync_button:
                self.sync.finished.connect(self._quit_after_sync)
                self.open_sync()
                self.sync.sync_now()

        box.buttonClicked.connect(chosen)
        box.open()
        return box

    def _quit_after_sync(self, report: dict[str, Any]) -> None:
        self.sync.finished.disconnect(self._quit_after_sync)
        if report.get("ok") and not report.get("pending"):
            self.quit_now()

    def quit_now(self) -> None:
        self._quit_confirmed = True
        self.close()
