"""Settings: the office hubs announced on the LAN (DNS-SD), with office code, name and fingerprint.

The browse takes a few seconds and runs on the network worker, never the GUI thread. A hub of
another unit code is listed (so that a clerk sees what is on the network) but cannot be chosen;
the desk checks the unit code again in /api/v1/health at every sync. Multicast is often blocked:
the address field above always works by hand.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.widgets import MessageLabel

# None: every interface of the PC. Tests browse loopback only (env-notes: zeroconf recipe).
INTERFACES: list[str] | None = None
BROWSE_SECONDS = 3.0


def find_hubs(_desk: object) -> list[dict[str, str]]:
    from sync.discovery import browse

    return [h.as_json() for h in browse(BROWSE_SECONDS, INTERFACES)]


class HubFinder(QGroupBox):
    chosen = Signal(str)  # the URL of the hub picked

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Máy chủ xã trong mạng nội bộ"))
        self.setObjectName("hubFinder")
        self.ctx = ctx
        self.hubs: list[dict[str, str]] = []
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("hubsFound")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Mã đơn vị"), self.tr("Tên"), self.tr("Dấu vân tay khóa"), self.tr("Địa chỉ")]
        )
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setMaximumHeight(130)
        self.table.itemSelectionChanged.connect(self._selection)
        self.find_button = QPushButton(self.tr("Tìm máy chủ xã"))
        self.find_button.setObjectName("findHubs")
        self.find_button.clicked.connect(self.search_hubs)
        self.use_button = QPushButton(self.tr("Dùng máy chủ đã chọn"))
        self.use_button.setObjectName("useHub")
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(self.use_selected)
        self.message = MessageLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.find_button)
        buttons.addWidget(self.use_button)
        buttons.addStretch(1)
        v = QVBoxLayout(self)
        v.addWidget(self.table)
        v.addLayout(buttons)
        v.addWidget(self.message)

    def own_unit(self) -> str:
        return str((self.ctx.office or {}).get("unit_code") or "")

    def search_hubs(self) -> None:
        self.find_button.setEnabled(False)
        self.message.show_issue(self.tr("Đang tìm máy chủ xã trong mạng nội bộ…"), "info")

        def done(hubs: list[dict[str, str]]) -> None:
            self.find_button.setEnabled(True)
            self.show_hubs(hubs)

        def failed(exc: BaseException) -> bool:
            self.find_button.setEnabled(True)
            if isinstance(exc, OSError):  # no multicast on this PC's network
                self.message.show_issue(
                    self.tr("Không tìm được qua mạng nội bộ ({0}); hãy nhập địa chỉ máy chủ xã").format(exc)
                )
                return True
            return False

        self.ctx.runner.net(find_hubs, done, failed=failed, label="discover")

    def show_hubs(self, hubs: list[dict[str, str]]) -> None:
        self.hubs = hubs
        own = self.own_unit()
        self.table.setRowCount(len(hubs))
        for row, hub in enumerate(hubs):
            other = hub["unit_code"] != own
            name = hub["name"] + (self.tr(" (đơn vị khác)") if other else "")
            for col, text in enumerate((hub["unit_code"], name, hub["fingerprint"], hub["url"])):
                item = QTableWidgetItem(text)
                if other:  # shown, never chosen: a desk never joins a hub of another unit code
                    item.setForeground(self.palette().placeholderText())
                self.table.setItem(row, col, item)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)
        self.table.resizeColumnToContents(3)
        if hubs:
            self.message.show_issue(self.tr("Tìm thấy {0} máy chủ xã").format(len(hubs)), "ok")
        else:
            self.message.show_issue(
                self.tr("Không thấy máy chủ xã nào (mạng có thể chặn multicast): hãy nhập địa chỉ ở trên")
            )

    def _selection(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        ok = bool(rows) and self.hubs[rows[0].row()]["unit_code"] == self.own_unit()
        self.use_button.setEnabled(ok)

    def use_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        hub: dict[str, Any] = self.hubs[rows[0].row()]
        if hub["unit_code"] != self.own_unit():
            self.message.show_issue(
                self.tr("Máy chủ {0} thuộc đơn vị {1}, không phải đơn vị của máy này").format(
                    hub["url"], hub["unit_code"]
                )
            )
            return
        self.chosen.emit(hub["url"])
        self.message.show_issue(
            self.tr("Đã điền địa chỉ {0}; nhập mã truy cập của máy trạm rồi bấm Lưu").format(hub["url"]), "ok"
        )
