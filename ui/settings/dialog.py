"""The admin settings window: one tab per kind of setting."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.settings.backup_tab import BackupTab
from ui.settings.calendar_tab import CalendarTab
from ui.settings.catalogue_tab import CatalogueTab
from ui.settings.office_tab import OfficeTab
from ui.settings.users_tab import UsersTab


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Cài đặt (quản trị)"))
        self.tabs = QTabWidget()
        self.users = UsersTab(ctx)
        self.catalogue = CatalogueTab(ctx)
        self.calendar = CalendarTab(ctx)
        self.office = OfficeTab(ctx)
        self.backup = BackupTab(ctx)
        self.tabs.addTab(self.office, self.tr("Cơ quan, giờ làm việc"))
        self.tabs.addTab(self.users, self.tr("Người dùng"))
        self.tabs.addTab(self.catalogue, self.tr("Danh mục thủ tục"))
        self.tabs.addTab(self.calendar, self.tr("Lịch làm việc"))
        self.tabs.addTab(self.backup, self.tr("Sao lưu, khôi phục"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        buttons.rejected.connect(self.reject)
        v = QVBoxLayout(self)
        v.addWidget(self.tabs)
        v.addWidget(buttons)
        self.resize(1040, 680)
