"""The login page, also the lock screen after idle time (same page, the user name kept)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import ops
from ui.context import AppContext, settings
from ui.widgets import MessageLabel


class LoginPage(QWidget):
    logged_in = Signal(object)  # ops.User

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("loginPage")
        self.title = QLabel(self.tr("Một Cửa Xã"))
        self.title.setObjectName("loginTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.office_label = QLabel()
        self.office_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.office_label.setWordWrap(True)
        self.hint = QLabel(self.tr("Đăng nhập để làm việc"))
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.username = QLineEdit()
        self.username.setObjectName("loginUsername")
        self.username.setPlaceholderText(self.tr("tên đăng nhập"))
        self.password = QLineEdit()
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("mật khẩu"))
        self.message = MessageLabel()
        self.button = QPushButton(self.tr("Đăng nhập"))
        self.button.setObjectName("loginButton")
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.submit)

        card = QFrame()
        card.setObjectName("loginCard")
        card.setFixedWidth(420)
        form = QFormLayout()
        form.addRow(self.tr("Tên đăng nhập"), self.username)
        form.addRow(self.tr("Mật khẩu"), self.password)
        inner = QVBoxLayout(card)
        inner.addWidget(self.title)
        inner.addWidget(self.office_label)
        inner.addSpacing(8)
        inner.addWidget(self.hint)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addWidget(self.button)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.setTabOrder(self.username, self.password)
        self.setTabOrder(self.password, self.button)
        ctx.office_changed.connect(self._show_office)
        self._busy = False

    def set_waiting(self, waiting: bool) -> None:
        """While the store opens: the page is shown, the fields wait."""
        for w in (self.username, self.password, self.button):
            w.setEnabled(not waiting)
        if waiting:
            self.hint.setText(self.tr("Đang mở dữ liệu…"))
        else:
            self.prepare()

    def _show_office(self) -> None:
        office = self.ctx.office or {}
        self.office_label.setText(office.get("office_name", ""))

    def prepare(self, *, locked_user: str | None = None) -> None:
        """Show for a fresh login, or as the lock screen of ``locked_user``."""
        self.password.clear()
        self.message.clear_issue()
        if locked_user:
            self.hint.setText(self.tr("Màn hình đã khóa do không sử dụng. Nhập lại mật khẩu để tiếp tục."))
            self.username.setText(locked_user)
            self.password.setFocus()
        else:
            self.hint.setText(self.tr("Đăng nhập để làm việc"))
            if not self.username.text():
                self.username.setText(str(settings().value("login/last_user", "") or ""))
            if self.username.text():
                self.password.setFocus()
            else:
                self.username.setFocus()

    def submit(self) -> None:
        if self._busy:
            return
        name, password = self.username.text().strip(), self.password.text()
        if not name or not password:
            self.message.show_issue(self.tr("Nhập tên đăng nhập và mật khẩu"))
            (self.username if not name else self.password).setFocus()
            return
        self._busy = True
        self.button.setEnabled(False)
        self.ctx.runner.db(
            lambda desk: ops.login(desk, name, password), self._done, failed=self._failed, label="login"
        )

    def _failed(self, exc: BaseException) -> bool:
        self._busy = False
        self.button.setEnabled(True)
        return False

    def _done(self, user: ops.User | None) -> None:
        self._busy = False
        self.button.setEnabled(True)
        if user is None:
            self.message.show_issue(self.tr("Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị khóa"))
            self.password.clear()
            self.password.setFocus()
            return
        self.password.clear()
        self.message.clear_issue()
        settings().setValue("login/last_user", user.username)  # one clerk per desk PC, mostly
        self.logged_in.emit(user)
