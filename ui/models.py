"""Qt item models over the plain dicts the DB worker returns (no ORM object reaches the GUI)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app.domain.lifecycle import EVENT_LABEL_VI, LABEL_VI, TIMELINESS_VI, Status, Timeliness
from app.domain.text import person_sort_key

OVERDUE_RED = QColor("#b3261e")
UPSTREAM_BLUE = QColor("#1d4f91")

Index = QModelIndex | QPersistentModelIndex


def short_time(value: str | None, *, with_date: bool = True) -> str:
    """'27/11/2026 14:30' from an ISO-8601 string (the worker's dicts carry ISO strings)."""
    if not value:
        return ""
    dt = datetime.fromisoformat(value)
    return f"{dt:%d/%m/%Y %H:%M}" if with_date else f"{dt:%H:%M}"


def status_label(status: str) -> str:
    try:
        return LABEL_VI[Status(status)]
    except ValueError:
        return status


def timeliness_label(value: str) -> str:
    try:
        return TIMELINESS_VI[Timeliness(value)]
    except ValueError:
        return value


def short_due(value: str | None) -> str:
    """'27/11 16:20' within the current year (the queue is about days), else with the year."""
    if not value:
        return ""
    dt = datetime.fromisoformat(value)
    return f"{dt:%d/%m %H:%M}" if dt.year == datetime.now().year else f"{dt:%d/%m/%Y %H:%M}"


class Column:
    def __init__(
        self,
        title: str,
        text: Callable[[dict[str, Any]], str],
        sort_key: Callable[[dict[str, Any]], Any] | None = None,
    ) -> None:
        self.title = title
        self.text = text
        self.sort_key = sort_key or text


class DictTableModel(QAbstractTableModel):
    """Rows are dicts; columns are (title, formatter). Replaced wholesale on every refresh."""

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[dict[str, Any]] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None  # kept across refreshes

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        if self._sort is not None:
            column, order = self._sort
            self.rows.sort(key=self.columns[column].sort_key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.endResetModel()

    def row_at(self, row: int) -> dict[str, Any] | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.columns[index.column()].text(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def foreground(self, row: dict[str, Any]) -> QBrush | None:
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            self._sort = None
            return
        self._sort = (column, order)
        key = self.columns[column].sort_key
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


class DossierTableModel(DictTableModel):
    """Queue and search results: overdue rows in red (issue: "overdue in red")."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(QCoreApplication.translate("Models", "Mã hồ sơ"), lambda r: r["code"]),
                # Vietnamese lists of people sort by given name, then family name (app.domain.text).
                Column(
                    QCoreApplication.translate("Models", "Người nộp"),
                    lambda r: r["name"],
                    lambda r: person_sort_key(r["name"]),
                ),
                Column(QCoreApplication.translate("Models", "Thủ tục"), lambda r: r["procedure_name"]),
                Column(
                    QCoreApplication.translate("Models", "Hẹn trả"),
                    lambda r: short_due(r.get("due")),
                    lambda r: r.get("due") or "",
                ),
                Column(
                    QCoreApplication.translate("Models", "Trạng thái"), lambda r: status_label(r["status"])
                ),
            ],
            parent,
        )

    def foreground(self, row: dict[str, Any]) -> QBrush | None:
        if row.get("timeliness") == Timeliness.OVERDUE.value:
            return QBrush(OVERDUE_RED)
        return None


class TimelineModel(DictTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(QCoreApplication.translate("Models", "Thời điểm"), lambda r: short_time(r.get("at"))),
                Column(
                    QCoreApplication.translate("Models", "Sự kiện"),
                    lambda r: EVENT_LABEL_VI.get(r["kind"], r["kind"]),
                ),
                Column(
                    QCoreApplication.translate("Models", "Trạng thái sau"),
                    lambda r: status_label(r.get("to_status") or ""),
                ),
                # Who, and for the processing body's events (pulled from upstream, shown in blue)
                # where: one column, so the note keeps room on a 1 280-pixel screen.
                Column(
                    QCoreApplication.translate("Models", "Người thực hiện"),
                    lambda r: (
                        QCoreApplication.translate("Models", "{0} (cấp trên)").format(r.get("actor") or "")
                        if r.get("origin") == "upstream"
                        else r.get("actor") or ""
                    ),
                ),
                Column(QCoreApplication.translate("Models", "Ghi chú"), lambda r: r.get("note") or ""),
            ],
            parent,
        )

    def foreground(self, row: dict[str, Any]) -> QBrush | None:
        return QBrush(UPSTREAM_BLUE) if row.get("origin") == "upstream" else None


class UserTableModel(DictTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        from app.domain.text import person_sort_key as key

        roles = {
            "clerk": QCoreApplication.translate("Models", "Cán bộ tiếp nhận"),
            "leader": QCoreApplication.translate("Models", "Lãnh đạo"),
            "admin": QCoreApplication.translate("Models", "Quản trị"),
        }
        super().__init__(
            [
                Column(QCoreApplication.translate("Models", "Tên đăng nhập"), lambda r: r["username"]),
                Column(
                    QCoreApplication.translate("Models", "Họ và tên"),
                    lambda r: r["full_name"],
                    lambda r: key(r["full_name"]),
                ),
                Column(
                    QCoreApplication.translate("Models", "Vai trò"), lambda r: roles.get(r["role"], r["role"])
                ),
                Column(
                    QCoreApplication.translate("Models", "Trạng thái"),
                    lambda r: (
                        QCoreApplication.translate("Models", "Đang hoạt động")
                        if r["active"]
                        else QCoreApplication.translate("Models", "Đã khóa")
                    ),
                ),
            ],
            parent,
        )

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        super().set_rows(sorted(rows, key=lambda r: person_sort_key(r["full_name"])))
