"""First-run wizard: the office profile, then the first admin account (stored in one transaction)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.domain.validation import check_unit_code
from ui import ops
from ui.context import AppContext
from ui.runner import UserError
from ui.widgets import Field, MessageLabel


def _line(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    return edit


class OfficePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Thông tin cơ quan"))
        self.setSubTitle(
            self.tr(
                "Nhập mã định danh và tên bộ phận tiếp nhận. Địa chỉ máy chủ đồng bộ có thể để trống và khai sau."
            )
        )
        self.unit_code = Field(_line("unitCode", self.tr("ví dụ 000.00.12.H29")))
        self.office_name = Field(_line("officeName", self.tr("ví dụ Bộ phận Một cửa UBND xã Tân Lập")))
        self.commune = _line("commune", self.tr("ví dụ xã Tân Lập"))
        self.province = _line("province", self.tr("ví dụ tỉnh Phú Thọ"))
        self.workstation = QSpinBox()
        self.workstation.setObjectName("workstation")
        self.workstation.setRange(1, 9)
        self.workstation_count = QSpinBox()
        self.workstation_count.setObjectName("workstationCount")
        self.workstation_count.setRange(1, 9)
        self.server_url = Field(_line("serverUrl", self.tr("https://… (không bắt buộc)")))
        self.server_token = _line("serverToken", self.tr("mã truy cập do cấp trên cấp"))
        self.server_token.setEchoMode(QLineEdit.EchoMode.Password)  # a secret is never shown (issue 9)
        form = QFormLayout(self)
        form.addRow(self.tr("Mã định danh đơn vị *"), self.unit_code)
        form.addRow(self.tr("Tên bộ phận tiếp nhận *"), self.office_name)
        form.addRow(self.tr("Xã/phường"), self.commune)
        form.addRow(self.tr("Tỉnh/thành phố"), self.province)
        form.addRow(self.tr("Số hiệu máy trạm"), self.workstation)
        form.addRow(self.tr("Số máy trạm của bộ phận"), self.workstation_count)
        form.addRow(self.tr("Địa chỉ máy chủ đồng bộ"), self.server_url)
        form.addRow(self.tr("Mã truy cập máy chủ"), self.server_token)
        assert isinstance(self.unit_code.editor, QLineEdit)
        self.unit_code.editor.textChanged.connect(self._check_unit)
        self.office_name_edit.textChanged.connect(self.completeChanged)
        self.unit_code.editor.textChanged.connect(self.completeChanged)

    @property
    def unit_code_edit(self) -> QLineEdit:
        assert isinstance(self.unit_code.editor, QLineEdit)
        return self.unit_code.editor

    @property
    def office_name_edit(self) -> QLineEdit:
        assert isinstance(self.office_name.editor, QLineEdit)
        return self.office_name.editor

    @property
    def server_url_edit(self) -> QLineEdit:
        assert isinstance(self.server_url.editor, QLineEdit)
        return self.server_url.editor

    def _check_unit(self, text: str) -> None:
        # Stored upper-case (office.save_profile): a lower-case 'h' is not worth a red message.
        issues = check_unit_code(text.strip().upper()) if text.strip() else ()
        self.unit_code.message.show_issue(issues[0].message if issues else "")

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return not check_unit_code(self.unit_code_edit.text().strip().upper()) and bool(
            self.office_name_edit.text().strip()
        )

    def profile(self) -> dict[str, Any]:
        return {
            "unit_code": self.unit_code_edit.text().strip().upper(),
            "office_name": self.office_name_edit.text(),
            "commune": self.commune.text(),
            "province": self.province.text(),
            "workstation": self.workstation.value(),
            "workstation_count": max(self.workstation_count.value(), self.workstation.value()),
            "server_url": self.server_url_edit.text().strip(),
            "server_token": self.server_token.text().strip(),
        }


class AdminPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Tài khoản quản trị đầu tiên"))
        self.setSubTitle(
            self.tr(
                "Quản trị viên tạo tài khoản cho cán bộ tiếp nhận và lãnh đạo, sửa danh mục, lịch và cài đặt."
            )
        )
        self.username = _line("adminUsername", self.tr("chữ không dấu, ví dụ quantri"))
        self.full_name = _line("adminFullName", self.tr("họ và tên đầy đủ"))
        self.password = _line("adminPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = _line("adminPassword2")
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = MessageLabel()
        self.message.setObjectName("wizardMessage")
        form = QFormLayout()
        form.addRow(self.tr("Tên đăng nhập *"), self.username)
        form.addRow(self.tr("Họ và tên *"), self.full_name)
        form.addRow(self.tr("Mật khẩu * (ít nhất 8 ký tự)"), self.password)
        form.addRow(self.tr("Nhập lại mật khẩu *"), self.password2)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.message)
        box.addStretch(1)
        for edit in (self.username, self.full_name, self.password, self.password2):
            edit.textChanged.connect(self._check)

    def _check(self) -> None:
        text = ""
        if self.password.text() and len(self.password.text()) < 8:
            text = self.tr("Mật khẩu phải có ít nhất 8 ký tự")
        elif self.password2.text() and self.password2.text() != self.password.text():
            text = self.tr("Hai lần nhập mật khẩu không khớp")
        self.message.show_issue(text)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return (
            bool(self.username.text().strip())
            and bool(self.full_name.text().strip())
            and len(self.password.text()) >= 8
            and self.password.text() == self.password2.text()
        )

    def admin(self) -> dict[str, str]:
        return {
            "username": self.username.text().strip(),
            "full_name": self.full_name.text(),
            "password": self.password.text(),
        }


class FirstRunWizard(QWizard):
    finished_setup = Signal(object)  # ops.User (the new admin)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("firstRunWizard")
        self.setWindowTitle(self.tr("Một Cửa Xã – thiết lập lần đầu"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.office_page = OfficePage()
        self.admin_page = AdminPage()
        self.addPage(self.office_page)
        self.addPage(self.admin_page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Tiếp theo >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Quay lại"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Hoàn tất"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Hủy"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.resize(720, 520)
        self._saving = False
        self.recovery_sheet_path: str | None = None  # written once at the end (issue 9)

    def accept(self) -> None:
        """Store both pages in one transaction; stay on the page and explain if the store refuses."""
        if self._saving:
            return
        self._saving = True
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        profile, admin = self.office_page.profile(), self.admin_page.admin()

        def save(desk: Any) -> tuple[ops.User, dict[str, Any] | None, str | None]:
            user = ops.first_run(desk, profile, admin)
            return user, ops.office_info(desk), ops.first_recovery_sheet(desk, user)

        self.ctx.runner.db(
            save,
            self._saved,
            failed=self._failed,
            label="first-run",
        )

    def _saved(self, result: tuple[ops.User, dict[str, Any], str | None]) -> None:
        self._saving = False
        user, office, self.recovery_sheet_path = result
        self.ctx.set_office(office)
        super().accept()
        self.finished_setup.emit(user)

    def _failed(self, exc: BaseException) -> bool:
        self._saving = False
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        if isinstance(exc, UserError):
            self.admin_page.message.show_issue(exc.message)
            return True
        return False
