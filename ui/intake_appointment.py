"""Section 3 of the intake form: how the dossier came in, and the appointment (leaders may move it).

The due date is computed by the DB worker (working-day calendar) when a procedure is chosen and again
every minute, because it counts from the moment of receipt and the form may stay open a while.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QDateTime, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from app.domain.clock import TZ, now
from app.domain.text import nfc
from ui import ops
from ui.context import AppContext
from ui.widgets import Field, appointment_text


def _line(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    return edit


class AppointmentSection(QGroupBox):
    """Channel, return method, sets, notes, the computed appointment and the leader's override."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("3. Tiếp nhận và hẹn trả"), parent)
        self.ctx = ctx
        self.channel = QComboBox()
        self.channel.setObjectName("channel")
        for text, value in (
            (self.tr("Trực tiếp"), "direct"),
            (self.tr("Bưu chính"), "postal"),
            (self.tr("Trực tuyến"), "online"),
        ):
            self.channel.addItem(text, value)
        self.return_method = QComboBox()
        self.return_method.setObjectName("returnMethod")
        self.return_method.addItem(self.tr("Tại Bộ phận Một cửa"), "desk")
        self.return_method.addItem(self.tr("Qua dịch vụ bưu chính"), "post")
        self.sets = QSpinBox()
        self.sets.setObjectName("setsCount")
        self.sets.setRange(1, 99)
        self.notes = _line("notes")

        self.due_label = QLabel(self.tr("Chọn thủ tục để tính ngày hẹn trả"))
        self.due_label.setObjectName("dueLabel")
        self.due_label.setWordWrap(True)
        self.override = QCheckBox(self.tr("Sửa ngày hẹn (lãnh đạo)"))
        self.override.setObjectName("overrideDue")
        self.override_when = QDateTimeEdit()
        self.override_when.setObjectName("overrideWhen")
        self.override_when.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.override_when.setCalendarPopup(True)
        self.override_reason = Field(_line("overrideReason"))
        self.override_reason.editor.setProperty("placeholderText", self.tr("lý do sửa ngày hẹn (bắt buộc)"))
        self.override.toggled.connect(self.show_override)

        self._layout()
        self.ctx.user_changed.connect(lambda: self.show_override(self.override.isChecked()))
        self._code: str | None = None  # the chosen procedure's code, None until one is chosen
        self._due: datetime | None = None
        self._due_generation = 0
        self._minute = QTimer(self)
        self._minute.setInterval(60_000)
        self._minute.timeout.connect(self._compute_due)
        self._minute.start()
        self.show_override(False)

    def _layout(self) -> None:
        of = QFormLayout(self)
        channel_row = QHBoxLayout()
        channel_row.addWidget(self.channel)
        channel_row.addWidget(QLabel(self.tr("Nhận kết quả")))
        channel_row.addWidget(self.return_method)
        channel_row.addWidget(QLabel(self.tr("Số bộ")))
        channel_row.addWidget(self.sets)
        channel_row.addStretch(1)
        of.addRow(self.tr("Hình thức nộp"), channel_row)
        of.addRow(self.tr("Ghi chú"), self.notes)
        of.addRow(self.tr("Ngày hẹn trả"), self.due_label)
        over = QHBoxLayout()
        over.addWidget(self.override)
        over.addWidget(self.override_when)
        over.addWidget(self.override_reason, 1)
        of.addRow("", over)

    @property
    def due(self) -> datetime | None:
        return self._due

    def tab_order(self) -> list[QWidget]:
        order: list[QWidget] = [self.channel, self.return_method, self.sets, self.notes, self.override]
        return [*order, self.override_when, self.override_reason.editor]

    # -- appointment -----------------------------------------------------------------------------

    def procedure_changed(self, proc: dict[str, Any] | None) -> None:
        self._code = proc["code"] if proc is not None else None
        if proc is None:
            self._set_due(None, pending=True)
            return
        self._compute_due()

    def _compute_due(self) -> None:
        if self._code is None:
            return
        self._due_generation += 1
        generation, code, received = self._due_generation, self._code, now()

        def done(due: datetime | None) -> None:
            if generation == self._due_generation:
                self._set_due(due)

        self.ctx.runner.db(lambda desk: ops.due_for(desk, code, received), done, label="due")

    def _set_due(self, due: datetime | None, *, pending: bool = False) -> None:
        self._due = due
        if pending:
            self.due_label.setText(self.tr("Chọn thủ tục để tính ngày hẹn trả"))
            return
        self.due_label.setText(appointment_text(due))
        if due is not None and not self.override.isChecked():
            self.override_when.setDateTime(QDateTime(due.replace(tzinfo=None)))

    def show_override(self, on: bool) -> None:
        """Only a user with the override_due right sees the box; the date and reason only when ticked."""
        allowed = self.ctx.can("override_due")
        self.override.setVisible(allowed)
        self.override_when.setVisible(allowed and on)
        self.override_reason.setVisible(allowed and on)

    # -- on save ---------------------------------------------------------------------------------

    def check_override(self) -> QWidget | None:
        """None when fine; else the reason editor, after saying a moved appointment needs a reason."""
        if self.override.isChecked() and not self._reason():
            self.override_reason.message.show_issue(self.tr("Sửa ngày hẹn phải ghi rõ lý do"))
            return self.override_reason.editor
        return None

    def _reason(self) -> str:
        return nfc(self.override_reason.editor.property("text") or "")

    def values(self) -> dict[str, Any]:
        """This section's part of the form for ops.save_intake."""
        values: dict[str, Any] = {
            "channel": self.channel.currentData(),
            "return_method": self.return_method.currentData(),
            "sets_count": self.sets.value(),
            "notes": nfc(self.notes.text()),
        }
        # The use case checks the role (override_due) and the reason; the form only hides the box.
        if self.override.isChecked() and not self.override.isHidden():
            qdt = self.override_when.dateTime()
            d, t = qdt.date(), qdt.time()
            values["due_override"] = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=TZ)
            values["due_override_reason"] = self._reason()
        return values

    def reset(self) -> None:
        self.override_reason.message.clear_issue()
        self.notes.clear()
        self.sets.setValue(1)
        self.channel.setCurrentIndex(0)
        self.return_method.setCurrentIndex(0)
        self.override.setChecked(False)
        self.override_reason.editor.setProperty("text", "")
