"""Section 1 of the intake form: pick the procedure, see its terms, tick the papers handed in."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.intake_parts import Checklist, ProcedurePicker
from ui.widgets import MessageLabel


class ProcedureSection(QGroupBox):
    """The picker, the chosen procedure's field/limit/fee line and its checklist of papers."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("1. Thủ tục hành chính"), parent)
        self.picker = ProcedurePicker(ctx)
        self.proc_info = QLabel()
        self.proc_info.setObjectName("procedureInfo")
        self.proc_info.setWordWrap(True)
        self.proc_message = MessageLabel()
        self.checklist = Checklist()
        self.checklist.setMinimumHeight(150)
        self.checklist_message = MessageLabel()

        pv = QVBoxLayout(self)
        pv.addWidget(self.picker)
        pv.addWidget(self.proc_message)
        pv.addWidget(self.proc_info)
        pv.addWidget(self.checklist, 1)
        pv.addWidget(self.checklist_message)

        self.picker.chosen.connect(self._procedure_chosen)

    @property
    def current(self) -> dict[str, Any] | None:
        return self.picker.current

    def tab_order(self) -> list[QWidget]:
        return [self.picker, self.checklist]

    def _procedure_chosen(self, proc: dict[str, Any] | None) -> None:
        self.proc_message.clear_issue()
        if proc is None:
            self.proc_info.clear()
            self.checklist.load([])
            return
        fee = proc.get("fee_text") or self.tr("không thu phí")
        self.proc_info.setText(
            self.tr("Lĩnh vực: {0} · Thời hạn giải quyết: {1} · Lệ phí: {2}").format(
                proc.get("field", ""), proc.get("limit", ""), fee
            )
        )
        self.checklist.load(proc.get("documents", []))

    def check_chosen(self) -> bool:
        """False (with the message under the picker) when no procedure from the catalogue is chosen."""
        if self.picker.current is None:
            self.proc_message.show_issue(self.tr("Chọn thủ tục hành chính trong danh mục"))
            return False
        return True

    def check_papers(self) -> bool:
        """The receipt needs every required paper; otherwise say which are missing and go to the list."""
        missing = self.checklist.missing()
        if not missing:
            return True
        names = "; ".join(m["name"] for m in missing[:3])
        self.checklist_message.show_issue(
            self.tr(
                "Còn {0} giấy tờ bắt buộc chưa nhận ({1}): tích đã nhận, hoặc chọn “Yêu cầu bổ sung”."
            ).format(len(missing), names)
        )
        self.checklist.setFocus()
        return False

    def reset(self) -> None:
        self.picker.choose(None)
        self.picker.clear()

    def clear_messages(self) -> None:
        for m in (self.proc_message, self.checklist_message):
            m.clear_issue()
