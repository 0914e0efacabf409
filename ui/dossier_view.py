"""One dossier: its data, the timeline (desk and upstream events), allowed moves, reprints."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.lifecycle import LABEL_VI, NEEDS_REASON, OPEN_STATUSES, Status
from ui import ops
from ui.context import AppContext
from ui.dialogs import ExtendDialog, ReasonDialog, SupplementDialog
from ui.edit_dialog import EditIntakeDialog
from ui.models import TimelineModel, short_time, status_label, timeliness_label
from ui.print_preview import form_label
from ui.runner import UserError
from ui.widgets import MessageLabel, appointment_text, heading

# The form printed right after a move (None: nothing to print for that status).
FORM_AFTER = {
    Status.SUPPLEMENT_REQUESTED.value: "supplement_request",
    Status.REFUSED.value: "refusal",
    Status.STOPPED.value: "stop_notice",
}


class DossierView(QWidget):
    print_requested = Signal(str, str)  # code, form
    closed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("dossierView")
        self.page: dict[str, Any] = {}
        self.edit_dialog: EditIntakeDialog | None = None
        self.title = heading("")
        self.status = QLabel()
        self.status.setObjectName("dossierStatus")
        self.info = QFormLayout()
        self.labels: dict[str, QLabel] = {}
        for key, text in (
            ("owner", self.tr("Người nộp")),
            ("id_number", self.tr("Số giấy tờ")),
            ("phone", self.tr("Điện thoại")),
            ("procedure", self.tr("Thủ tục")),
            ("received", self.tr("Tiếp nhận lúc")),
            ("due", self.tr("Hẹn trả")),
            ("sync", self.tr("Đồng bộ")),
        ):
            label = QLabel()
            label.setObjectName(f"info_{key}")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.labels[key] = label
            self.info.addRow(text, label)
        self.timeline_model = TimelineModel(self)
        self.timeline = QTableView()
        self.timeline.setObjectName("timeline")
        self.timeline.setModel(self.timeline_model)
        self.timeline.verticalHeader().hide()
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.timeline.horizontalHeader()
        # Fixed widths sized for the longest Vietnamese labels, so the note column (the reason
        # for a refusal, a supplement, an edit) always keeps the rest of the row.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)  # a fixed-format time
        header.resizeSection(1, 140)
        header.resizeSection(2, 110)
        header.resizeSection(3, 110)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.timeline.setWordWrap(True)
        self.timeline.setTextElideMode(Qt.TextElideMode.ElideRight)

        self.actions_box = QGroupBox(self.tr("Thao tác được phép"))
        self.actions_row = QGridLayout(self.actions_box)
        self.action_buttons: dict[str, QPushButton] = {}
        self.extend_button = QPushButton(self.tr("Xin lỗi, hẹn lại…"))
        self.extend_button.setObjectName("extendButton")
        self.extend_button.clicked.connect(self.ask_extend)
        self.edit_button = QPushButton(self.tr("Sửa thông tin…"))
        self.edit_button.setObjectName("editIntakeButton")
        self.edit_button.clicked.connect(self.ask_edit)
        self.reprint_form = QComboBox()
        self.reprint_form.setObjectName("reprintForm")
        self.reprint_button = QPushButton(self.tr("In lại phiếu"))
        self.reprint_button.setObjectName("reprintButton")
        self.reprint_button.clicked.connect(self._reprint)
        self.control_button = QPushButton(self.tr("In phiếu kiểm soát"))
        self.control_button.setObjectName("controlSheetButton")
        self.control_button.clicked.connect(lambda: self.print_requested.emit(self.code, "control_sheet"))
        self.close_button = QPushButton(self.tr("Đóng (Esc)"))
        self.close_button.clicked.connect(self.closed)
        self.message = MessageLabel()

        print_row = QHBoxLayout()
        print_row.addWidget(self.edit_button)
        print_row.addWidget(QLabel(self.tr("Phiếu:")))
        print_row.addWidget(self.reprint_form, 1)
        print_row.addWidget(self.reprint_button)
        print_row.addWidget(self.control_button)
        print_row.addWidget(self.close_button)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.status)
        v = QVBoxLayout(self)
        v.addLayout(top)
        v.addLayout(self.info)
        v.addWidget(QLabel(self.tr("Quá trình giải quyết")))
        v.addWidget(self.timeline, 1)
        v.addWidget(self.actions_box)
        v.addLayout(print_row)
        v.addWidget(self.message)

    @property
    def code(self) -> str:
        return str(self.page.get("code", ""))

    def load(self, code: str, *, logged: bool = True) -> None:
        self.message.clear_issue()
        actor = self.ctx.actor
        self.ctx.runner.db(
            lambda desk: ops.dossier(desk, code, actor=actor, logged=logged), self.show_page, label="dossier"
        )

    def reload(self) -> None:
        # A redraw of the dossier already open (after a save or a sync) shows nothing new to the
        # same person: its opening was logged; a redraw is not another access (issue 9).
        if self.code:
            self.load(self.code, logged=False)

    def show_page(self, page: dict[str, Any]) -> None:
        self.page = page
        owner = page.get("owner") or {}
        self.title.setText(self.tr("Hồ sơ {0}").format(page["code"]))
        timeliness = timeliness_label(page.get("timeliness", ""))
        self.status.setText(f"{status_label(page['status'])}" + (f" · {timeliness}" if timeliness else ""))
        self.status.setProperty("overdue", page.get("timeliness") == "overdue")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        due = datetime.fromisoformat(page["due_at"]) if page.get("due_at") else None
        self.labels["owner"].setText(owner.get("name", ""))
        self.labels["id_number"].setText(owner.get("id_number", ""))
        self.labels["phone"].setText(owner.get("phone", "") or "—")
        self.labels["procedure"].setText(f"{page['procedure_code']} – {page['procedure_name']}")
        self.labels["received"].setText(short_time(page.get("received_at")))
        extended = self.tr(" (đã gia hạn)") if page.get("extended") else ""
        self.labels["due"].setText(appointment_text(due) + extended)
        self.labels["sync"].setText(
            self.tr("Còn thay đổi chưa gửi lên cấp trên") if page.get("unsynced") else self.tr("Đã gửi đủ")
        )
        self.timeline_model.set_rows(page.get("events", []))
        self._actions(page)
        self._forms(page)

    def _actions(self, page: dict[str, Any]) -> None:
        for button in self.action_buttons.values():
            self.actions_row.removeWidget(button)
            button.deleteLater()
        self.action_buttons = {}
        self.actions_row.removeWidget(self.extend_button)
        can_move = self.ctx.can("lifecycle")
        columns = 3  # wrap: seven moves side by side would squeeze the queue beside this view
        for i, target in enumerate(page.get("allowed", [])):
            button = QPushButton(LABEL_VI[Status(target)])
            button.setObjectName(f"to_{target}")
            button.setEnabled(can_move)
            button.clicked.connect(lambda _=False, t=target: self.ask_move(t))
            self.actions_row.addWidget(button, i // columns, i % columns)
            self.action_buttons[target] = button
        extendable = page["status"] in ("received", "in_progress", "supplement_requested", "awaiting_payment")
        self.extend_button.setVisible(self.ctx.can("extend") and extendable and not page.get("extended"))
        n = len(self.action_buttons)
        self.actions_row.addWidget(self.extend_button, n // columns, n % columns)
        self.actions_box.setVisible(bool(self.action_buttons) or self.extend_button.isVisible())
        # Intake data can be corrected while the dossier is open (app/services/edit.py).
        self.edit_button.setVisible(self.ctx.can("intake") and Status(page["status"]) in OPEN_STATUSES)

    def _forms(self, page: dict[str, Any]) -> None:
        office = self.ctx.office or {}
        switch = office.get("form_switch_date")
        switch_day = switch if isinstance(switch, date) else None
        forms = ops.forms_for(page["status"], page["received_at"], switch_day, bool(page.get("extended")))
        self.reprint_form.clear()
        for form in forms:
            if form != "control_sheet":
                self.reprint_form.addItem(form_label(form), form)
        self.reprint_form.setEnabled(self.reprint_form.count() > 0)
        self.reprint_button.setEnabled(self.reprint_form.count() > 0 and self.ctx.can("print"))
        self.control_button.setEnabled(self.ctx.can("print"))

    def _reprint(self) -> None:
        form = self.reprint_form.currentData()
        if form:
            self.print_requested.emit(self.code, form)

    # -- moves -----------------------------------------------------------------------------------

    def ask_move(self, target: str) -> None:
        status = Status(target)
        if status is Status.SUPPLEMENT_REQUESTED:
            sup = SupplementDialog([], self)
            sup.submitted.connect(lambda missing, note: self.move_to(target, note, {"missing": missing}))
            sup.open()
            return
        if status in NEEDS_REASON:
            dialog = ReasonDialog(
                LABEL_VI[status],
                self.tr("Ghi rõ lý do (bắt buộc, lưu vào quá trình giải quyết):"),
                self.tr("Xác nhận"),
                self,
            )
            dialog.submitted.connect(lambda reason: self.move_to(target, reason, None))
            dialog.open()
            return
        self.move_to(target, "", None)

    def move_to(self, target: str, note: str, data: dict[str, Any] | None) -> None:
        code, actor = self.code, self.ctx.actor

        def done(change: dict[str, Any]) -> None:
            self.message.show_issue(self.tr("Đã chuyển sang: {0}").format(status_label(change["to"])), "ok")
            self.ctx.dossiers_changed.emit(code)
            self.reload()
            form = FORM_AFTER.get(target)
            if form:
                self.print_requested.emit(code, form)

        self.ctx.runner.db(
            lambda desk: ops.change_status(desk, code, target, actor=actor, note=note, data=data),
            done,
            label="move",
        )

    def ask_edit(self) -> None:
        dialog = EditIntakeDialog(self.page, self)
        dialog.submitted.connect(lambda owner, dossier, reason: self.edit(dialog, owner, dossier, reason))
        self.edit_dialog = dialog
        dialog.open()

    def edit(
        self, dialog: EditIntakeDialog, owner: dict[str, str], dossier: dict[str, Any], reason: str
    ) -> None:
        code, actor = self.code, self.ctx.actor

        def done(_change: dict[str, Any]) -> None:
            dialog.done_ok()
            self.ctx.dossiers_changed.emit(code)
            self.reload()

        def failed(exc: BaseException) -> bool:
            if isinstance(exc, UserError):
                dialog.rejected_by_store(exc.message)
                return True
            return False

        self.ctx.runner.db(
            lambda desk: ops.edit_intake(desk, code, owner, dossier, reason=reason, actor=actor),
            done,
            failed=failed,
            label="edit",
        )

    def ask_extend(self) -> None:
        due = datetime.fromisoformat(self.page["due_at"]) if self.page.get("due_at") else None
        dialog = ExtendDialog(due, self)
        dialog.submitted.connect(self.extend)
        dialog.open()

    def extend(self, new_due: datetime, reason: str) -> None:
        code, actor = self.code, self.ctx.actor

        def done(_change: dict[str, Any]) -> None:
            self.ctx.dossiers_changed.emit(code)
            self.reload()
            self.print_requested.emit(code, "apology_extension")

        self.ctx.runner.db(
            lambda desk: ops.extend(desk, code, new_due, reason=reason, actor=actor), done, label="extend"
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:
            self.closed.emit()
            return
        super().keyPressEvent(event)
