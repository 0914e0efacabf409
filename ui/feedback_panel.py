"""The feedback box (hòm thư góp ý, phản ánh kiến nghị): record an entry at the desk; a leader
reads the list and answers. Answers and entries sync upstream (app/services/citizen.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import ops_citizen
from ui.context import AppContext
from ui.widgets import MessageLabel, heading

KIND_VI = {"suggestion": "Góp ý", "complaint": "Phản ánh, kiến nghị"}


class FeedbackPanel(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("feedbackPanel")
        self.setWindowTitle(self.tr("Hòm thư góp ý"))
        self.rows: list[dict[str, Any]] = []
        self.can_answer = ops_citizen.can_answer_feedback(ctx.user)

        self.filter = QComboBox()
        self.filter.setObjectName("feedbackFilter")
        for label, value in ((self.tr("Tất cả"), "all"), (self.tr("Chưa trả lời"), "open"),
                             (self.tr("Đã trả lời"), "answered")):  # fmt: skip
            self.filter.addItem(label, value)
        self.filter.currentIndexChanged.connect(self.load)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("feedbackTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Số"), self.tr("Ngày"), self.tr("Loại"), self.tr("Nội dung"), self.tr("Trạng thái")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)

        self.detail = QLabel()
        self.detail.setObjectName("feedbackDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.answer = QPlainTextEdit()
        self.answer.setObjectName("feedbackAnswer")
        self.answer.setPlaceholderText(self.tr("Nội dung trả lời của lãnh đạo"))
        self.answer_button = QPushButton(self.tr("Gửi trả lời"))
        self.answer_button.setObjectName("answerFeedback")
        self.answer_button.clicked.connect(self.send_answer)
        self.answer.setVisible(self.can_answer)
        self.answer_button.setVisible(self.can_answer)

        self.new_text = QPlainTextEdit()
        self.new_text.setObjectName("newFeedbackText")
        self.new_text.setPlaceholderText(self.tr("Nội dung góp ý, phản ánh của công dân"))
        self.new_text.setMaximumHeight(80)
        self.new_kind = QComboBox()
        for value, label in KIND_VI.items():
            self.new_kind.addItem(self.tr(label), value)
        self.new_dossier = QLineEdit()
        self.new_dossier.setPlaceholderText(self.tr("mã hồ sơ (nếu có)"))
        self.new_contact = QLineEdit()
        self.new_contact.setPlaceholderText(self.tr("điện thoại / thư để trả lời (nếu có)"))
        self.add_button = QPushButton(self.tr("Ghi góp ý"))
        self.add_button.setObjectName("addFeedback")
        self.add_button.clicked.connect(self.add)
        self.message = MessageLabel()
        self.message.setObjectName("feedbackMessage")

        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Hòm thư góp ý, phản ánh kiến nghị")), 1)
        top.addWidget(QLabel(self.tr("Hiển thị")))
        top.addWidget(self.filter)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.addWidget(QLabel(self.tr("<b>Nội dung</b>")))
        rv.addWidget(self.detail)
        rv.addWidget(self.answer, 1)
        rv.addWidget(self.answer_button)
        rv.addStretch(0)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(right)
        split.setSizes([620, 380])
        add_box = QFormLayout()
        add_box.addRow(self.tr("Góp ý mới"), self.new_text)
        extra = QHBoxLayout()
        extra.addWidget(self.new_kind)
        extra.addWidget(self.new_dossier)
        extra.addWidget(self.new_contact)
        extra.addWidget(self.add_button)
        add_box.addRow("", extra)
        close = QPushButton(self.tr("Đóng"))
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(close)
        v = QVBoxLayout(self)
        v.addLayout(top)
        v.addWidget(split, 1)
        v.addLayout(add_box)
        v.addLayout(bottom)
        self.resize(1080, 620)
        self.load()

    def load(self) -> None:
        status, user = self.filter.currentData() or "all", self.ctx.user
        self.ctx.runner.db(
            lambda desk: ops_citizen.feedback_list(desk, user, status), self._show, label="feedback"
        )

    def _show(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            state = self.tr("Đã trả lời") if r["status"] == "answered" else self.tr("Chưa trả lời")
            cells = [
                str(r["id"]),
                r["created_at"][:10],
                self.tr(KIND_VI.get(r["kind"], r["kind"])),
                r["text"],
                state,
            ]
            for c, text in enumerate(cells):
                self.table.setItem(i, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        if rows:
            self.table.selectRow(0)
        else:
            self.detail.setText(self.tr("Chưa có góp ý nào."))

    def current(self) -> dict[str, Any] | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _selected(self) -> None:
        r = self.current()
        if r is None:
            return
        parts = [r["text"]]
        if r["dossier_code"]:
            parts.append(self.tr("Hồ sơ: {0}").format(r["dossier_code"]))
        if r["contact"]:
            parts.append(self.tr("Liên hệ: {0}").format(r["contact"]))
        if r["answer"]:
            parts.append(self.tr("Trả lời ({0}): {1}").format(r["answered_by"], r["answer"]))
        self.detail.setText("\n".join(parts))
        open_ = r["status"] == "open"
        self.answer.setEnabled(open_)
        self.answer_button.setEnabled(open_)

    def send_answer(self) -> None:
        r = self.current()
        if r is None:
            return
        text, user, fid = self.answer.toPlainText(), self.ctx.user, int(r["id"])

        def done(_out: dict[str, Any]) -> None:
            self.answer.clear()
            self.message.show_issue(self.tr("Đã gửi trả lời góp ý số {0}").format(fid), "ok")
            self.load()

        self.ctx.runner.db(
            lambda desk: ops_citizen.feedback_answer(desk, user, fid, text), done, label="answer"
        )

    def add(self) -> None:
        text, kind = self.new_text.toPlainText(), self.new_kind.currentData()
        code, contact, user = self.new_dossier.text().strip(), self.new_contact.text(), self.ctx.user

        def done(out: dict[str, Any]) -> None:
            self.new_text.clear()
            self.new_dossier.clear()
            self.new_contact.clear()
            self.message.show_issue(self.tr("Đã ghi góp ý số {0}").format(out["id"]), "ok")
            self.load()

        self.ctx.runner.db(
            lambda desk: ops_citizen.feedback_add(
                desk, user, text, kind=kind, dossier_code=code, contact=contact
            ),
            done,
            label="feedback-add",
        )
