"""The blocking banner shown while the store is damaged (issue 8 §5).

The store itself refuses every write (app/desk.py ``Desk.tx``); the banner says so, disables the
workspace so nobody types a dossier that cannot be saved, and leads to the restore panel.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ui import ops_backup
from ui.context import AppContext


class DamageBanner(QFrame):
    restore_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("damageBanner")
        self.setStyleSheet(
            "#damageBanner { background: #b3261e; } #damageBanner QLabel { color: white; font-weight: bold; }"
        )
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.button = QPushButton(self.tr("Khôi phục từ bản sao lưu"))
        self.button.setObjectName("restoreFromBackup")
        self.button.clicked.connect(self.restore_requested)
        h = QHBoxLayout(self)
        h.addWidget(self.text, 1)
        h.addWidget(self.button)
        self.damaged = False
        self.blocks: list[Any] = []  # widgets and actions that write: disabled while damaged
        self.hide()

    def check(self) -> None:
        """Ask the DB worker whether the store is damaged; show or hide accordingly."""
        self.ctx.runner.db(ops_backup.state, self.show_state, label="store-health")

    def show_state(self, state: dict[str, Any]) -> None:
        self.damaged = bool(state["damaged"])
        # SQLite's own words (English) stay in motcua.damaged.json and the log, not on the banner.
        self.text.setText(
            self.tr(
                "Dữ liệu bị hỏng: kiểm tra toàn vẹn không đạt. Mọi thao tác ghi đã bị chặn để không "
                "làm hỏng thêm; hãy khôi phục từ bản sao lưu (cần tài khoản quản trị)."
            )
        )
        self.setVisible(self.damaged)
        for w in self.blocks:
            w.setEnabled(not self.damaged)
