"""Users: list (Vietnamese collation by given name), add, change role, lock, reset password."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import ops_admin
from ui.context import AppContext
from ui.models import UserTableModel
from ui.widgets import MessageLabel


def role_combo() -> QComboBox:
    from PySide6.QtCore import QCoreApplication

    combo = QComboBox()
    combo.addItem(QCoreApplication.translate("Users", "Cán bộ tiếp nhận"), "clerk")
    combo.addItem(QCoreApplication.translate("Users", "Lãnh đạo"), "leader")
    combo.addItem(QCoreApplication.translate("Users", "Quản trị"), "admin")
    return combo


class UsersTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = UserTableModel(self)
        self.view = QTableView()
        self.view.setObjectName("usersTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setColumnWidth(0, 140)
        self.view.setColumnWidth(1, 220)
        self.view.setColumnWidth(2, 160)

        self.username = QLineEdit()
        self.username.setObjectName("newUsername")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("newFullName")
        self.role = role_combo()
        self.password = QLineEdit()
        self.password.setObjectName("newPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_button = QPushButton(self.tr("Thêm người dùng"))
        self.add_button.setObjectName("addUser")
        self.add_button.clicked.connect(self.add)
        add_box = QGroupBox(self.tr("Thêm người dùng"))
        form = QFormLayout(add_box)
        form.addRow(self.tr("Tên đăng nhập"), self.username)
        form.addRow(self.tr("Họ và tên"), self.full_name)
        form.addRow(self.tr("Vai trò"), self.role)
        form.addRow(self.tr("Mật khẩu (ít nhất 8 ký tự)"), self.password)
        form.addRow("", self.add_button)

        self.edit_role = role_combo()
        self.apply_role = QPushButton(self.tr("Đổi vai trò"))
        self.apply_role.clicked.connect(lambda: self._update(role=self.edit_role.currentData()))
        self.toggle = QPushButton(self.tr("Khóa / mở khóa"))
        self.toggle.clicked.connect(self._toggle)
        self.new_password = QLineEdit()
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password.setPlaceholderText(self.tr("mật khẩu mới"))
        self.reset = QPushButton(self.tr("Đặt lại mật khẩu"))
        self.reset.clicked.connect(lambda: self._update(password=self.new_password.text()))
        edit_row = QHBoxLayout()
        for w in (self.edit_role, self.apply_role, self.toggle, self.new_password, self.reset):
            edit_row.addWidget(w)
        self.message = MessageLabel()
        v = QVBoxLayout(self)
        v.addWidget(self.view, 1)
        v.addLayout(edit_row)
        v.addWidget(add_box)
        v.addWidget(self.message)
        self.reload()

    def reload(self) -> None:
        actor = self.ctx.actor
        self.ctx.runner.db(
            lambda desk: ops_admin.users(desk, actor=actor), self.model.set_rows, label="users"
        )

    def selected(self) -> dict[str, Any] | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def add(self) -> None:
        args = (self.username.text(), self.full_name.text(), self.role.currentData(), self.password.text())
        actor = self.ctx.actor

        def done(user: dict[str, Any]) -> None:
            self.message.show_issue(self.tr("Đã thêm người dùng {0}").format(user["username"]), "ok")
            for edit in (self.username, self.full_name, self.password):
                edit.clear()
            self.reload()

        self.ctx.runner.db(
            lambda desk: ops_admin.create_user(desk, *args, actor=actor), done, label="user-add"
        )

    def _toggle(self) -> None:
        user = self.selected()
        if user is not None:
            self._update(active=not user["active"])

    def _update(self, **change: Any) -> None:
        user = self.selected()
        if user is None:
            self.message.show_issue(self.tr("Chọn một người dùng trong danh sách"))
            return
        actor, name = self.ctx.actor, user["username"]

        def done(_user: dict[str, Any]) -> None:
            self.message.show_issue(self.tr("Đã cập nhật người dùng {0}").format(name), "ok")
            self.new_password.clear()
            self.reload()

        self.ctx.runner.db(
            lambda desk: ops_admin.set_user(desk, name, actor=actor, **change), done, label="user-set"
        )
