"""Today's queue: received today, due today, overdue (red), waiting for sync."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QWidget,
)

from app.domain.clock import today
from ui import ops
from ui.context import AppContext
from ui.models import DossierTableModel

KINDS = ("received_today", "due_today", "overdue", "unsynced")


class ElideLeft(QStyledItemDelegate):
    """Dossier codes share their long unit prefix; the clerk reads the day and the number."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


def dossier_table(model: DossierTableModel, name: str, parent: QWidget | None = None) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setSortingEnabled(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for column, width in enumerate((140, 150, 150, 92)):
        view.setColumnWidth(column, width)
    view.setItemDelegateForColumn(0, ElideLeft(view))
    header.setSortIndicatorShown(False)
    header.sectionClicked.connect(lambda _c: header.setSortIndicatorShown(True))
    view.setTabKeyNavigation(False)
    return view


class QueuePanel(QTabWidget):
    open_dossier = Signal(str)
    loaded = Signal(dict)  # counts per list, after each refresh

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("queuePanel")
        self.models: dict[str, DossierTableModel] = {}
        self.views: dict[str, QTableView] = {}
        for kind in KINDS:
            model = DossierTableModel(self)
            view = dossier_table(model, f"queue_{kind}", self)
            view.activated.connect(self._activated)
            self.models[kind], self.views[kind] = model, view
            self.addTab(view, "")
        self._titles()
        self._loading = False
        self._again = False

    def _titles(self) -> None:
        names = {
            "received_today": self.tr("Nhận hôm nay ({0})"),
            "due_today": self.tr("Đến hạn hôm nay ({0})"),
            "overdue": self.tr("Quá hạn ({0})"),
            "unsynced": self.tr("Chờ đồng bộ ({0})"),
        }
        for i, kind in enumerate(KINDS):
            self.setTabText(i, names[kind].format(self.models[kind].rowCount()))
        overdue = self.models["overdue"].rowCount()
        self.tabBar().setTabTextColor(
            KINDS.index("overdue"), Qt.GlobalColor.red if overdue else Qt.GlobalColor.black
        )

    def refresh(self) -> None:
        if self._loading:
            self._again = True  # coalesce: one more load after the running one
            return
        if self.ctx.user is None:
            return  # nothing to show before sign-in (the use case would refuse anyway)
        self._loading = True
        day, actor = today(), self.ctx.actor
        self.ctx.runner.db(
            lambda desk: ops.queue(desk, day, actor=actor), self._loaded, failed=self._failed, label="queue"
        )

    def _failed(self, exc: BaseException) -> bool:
        self._loading = False
        return False

    def _loaded(self, lists: dict[str, list[dict[str, Any]]]) -> None:
        self._loading = False
        for kind in KINDS:
            self.models[kind].set_rows(lists.get(kind, []))
        self._titles()
        self.loaded.emit({k: len(v) for k, v in lists.items()})
        if self._again:
            self._again = False
            self.refresh()

    def current_view(self) -> QTableView:
        return self.views[KINDS[self.currentIndex()]]

    def _activated(self, index: QModelIndex) -> None:
        row = index.data(Qt.ItemDataRole.UserRole)
        if row:
            self.open_dossier.emit(row["code"])
