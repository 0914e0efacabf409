"""The intake form, keyboard first: procedure → papers → applicant → appointment → Enter saves.

This module composes the three sections (ui.intake_procedure, ui.intake_applicant,
ui.intake_appointment) and owns the save paths: receipt, refusal and supplement request. The store
is reached through the DB worker only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ui import ops
from ui.context import AppContext
from ui.dialogs import ReasonDialog, SupplementDialog
from ui.intake_applicant import ISSUE_FIELDS, ApplicantSection
from ui.intake_appointment import AppointmentSection
from ui.intake_procedure import ProcedureSection
from ui.runner import UserError
from ui.widgets import MessageLabel, heading

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["ISSUE_FIELDS", "IntakeForm"]


class IntakeForm(QWidget):
    """Procedure, applicant and appointment sections above the save/supplement/refuse/cancel row."""

    saved = Signal(str, str)  # dossier code, form to print (receipt | refusal | supplement_request)
    cancelled = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("intakeForm")
        self.procedure = ProcedureSection(ctx)
        self.applicant = ApplicantSection(ctx)
        self.appointment = AppointmentSection(ctx)
        # After the procedure section's own slot: the papers list is loaded before the due date asks.
        self.procedure.picker.chosen.connect(self.appointment.procedure_changed)
        # The sections' widgets under the names callers (main window, tests, screenshots) use.
        p, a = self.procedure, self.appointment
        self.picker, self.checklist, self.checklist_message = p.picker, p.checklist, p.checklist_message
        self.proc_info, self.proc_message = p.proc_info, p.proc_message
        self.fields, self.gender, self.returning = (
            self.applicant.fields,
            self.applicant.gender,
            self.applicant.returning,
        )
        self.channel, self.return_method, self.sets, self.notes = a.channel, a.return_method, a.sets, a.notes
        self.due_label, self.override, self.override_when = a.due_label, a.override, a.override_when
        self.override_reason = a.override_reason

        self.save_button = QPushButton(self.tr("Lưu và in giấy tiếp nhận (Enter)"))
        self.save_button.setObjectName("saveIntake")
        self.save_button.clicked.connect(self.save)
        self.supplement_button = QPushButton(self.tr("Yêu cầu bổ sung…"))
        self.supplement_button.setObjectName("supplementIntake")
        self.supplement_button.clicked.connect(self.ask_supplement)
        self.refuse_button = QPushButton(self.tr("Từ chối tiếp nhận…"))
        self.refuse_button.setObjectName("refuseIntake")
        self.refuse_button.clicked.connect(self.ask_refusal)
        self.cancel_button = QPushButton(self.tr("Hủy (Esc)"))
        self.cancel_button.setObjectName("cancelIntake")
        self.cancel_button.clicked.connect(self.cancel)
        self.form_message = MessageLabel()
        self.form_message.setObjectName("formMessage")
        self._saving = False
        self._layout()

    def edit(self, key: str) -> QLineEdit:
        return self.applicant.edit(key)

    def fill_person(self, person: dict[str, Any]) -> None:
        self.applicant.fill_person(person)

    @property
    def due(self) -> datetime | None:
        return self.appointment.due

    # -- layout ----------------------------------------------------------------------------------

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.form_message, 1)
        for b in (self.cancel_button, self.refuse_button, self.supplement_button, self.save_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)

        body = QWidget()
        v = QVBoxLayout(body)
        v.addWidget(heading(self.tr("Tiếp nhận hồ sơ mới")))
        v.addWidget(self.procedure, 3)
        v.addWidget(self.applicant)
        v.addWidget(self.appointment)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addLayout(buttons)

        order = self.procedure.tab_order() + self.applicant.tab_order() + self.appointment.tab_order()
        order += [self.save_button, self.supplement_button, self.refuse_button, self.cancel_button]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # -- save paths ------------------------------------------------------------------------------

    def collect(self) -> dict[str, Any] | None:
        """The form as plain values for ops.save_intake, or None after showing what is wrong."""
        # Every section shows its messages, then focus goes to the first thing to fix, top down.
        chosen = self.procedure.check_chosen()
        owner, owner_bad = self.applicant.collect()
        reason_bad = self.appointment.check_override()
        first_bad = (None if chosen else self.picker) or owner_bad or reason_bad
        if first_bad is not None:
            self.form_message.show_issue(self.tr("Hồ sơ chưa lưu: sửa các ô có thông báo màu đỏ"))
            first_bad.setFocus()
            return None
        assert self.picker.current is not None and owner is not None
        return {
            "procedure_code": self.picker.current["code"],
            "owner": owner,
            "documents": self.checklist.received(),
            "area": self.applicant.area_value(),
            **self.appointment.values(),
        }

    def save(self) -> None:
        """Enter: store and open the receipt's print preview (papers must all be in)."""
        form = self.collect()
        if form is None:
            return
        if not self.procedure.check_papers():
            return
        self._submit(form, None, "receipt")

    def ask_supplement(self) -> None:
        if self.collect() is None:
            return
        dialog = SupplementDialog(self.checklist.missing(required_only=False), self)
        dialog.submitted.connect(self._supplement)
        dialog.open()

    def _supplement(self, missing: list[dict[str, Any]], note: str) -> None:
        form = self.collect()
        if form is not None:
            self._submit(form, ("supplement_requested", note, {"missing": missing}), "supplement_request")

    def ask_refusal(self) -> None:
        if self.collect() is None:
            return
        dialog = ReasonDialog(
            self.tr("Từ chối tiếp nhận hồ sơ"),
            self.tr("Lý do từ chối (in lên phiếu từ chối, nêu rõ căn cứ):"),
            self.tr("Lưu và in phiếu từ chối"),
            self,
        )
        dialog.submitted.connect(self._refuse)
        dialog.open()

    def _refuse(self, reason: str) -> None:
        form = self.collect()
        if form is not None:
            # app/usecases/dossiers.receive_and_refuse stores it as submitted, then refused.
            self._submit(form, ("refused", reason, None), "refusal")

    def _submit(self, form: dict[str, Any], then: Any, slip: str) -> None:
        if self._saving:
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.form_message.show_issue(self.tr("Đang lưu…"), "info")
        actor = self.ctx.actor
        self.ctx.runner.db(
            lambda desk: ops.save_intake(desk, form, actor, then=then),
            lambda result: self._saved(result, slip),
            failed=self._failed,
            label="intake",
        )

    def _saved(self, result: dict[str, Any], slip: str) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.form_message.clear_issue()
        code = result["code"]
        self.ctx.dossiers_changed.emit(code)
        self.reset()
        self.saved.emit(code, slip)

    def _failed(self, exc: BaseException) -> bool:
        self._saving = False
        self.save_button.setEnabled(True)
        if not isinstance(exc, UserError):
            self.form_message.clear_issue()
            return False
        placed = False
        for issue in exc.issues:
            key = issue.field.split(".", 1)[-1]
            if issue.field.startswith("owner.") and self.applicant.show_issue(
                key, issue.message, issue.level
            ):
                placed = True
            elif issue.field == "procedure":
                self.proc_message.show_issue(issue.message)
                placed = True
        self.form_message.show_issue(
            self.tr("Hồ sơ chưa lưu: sửa các ô có thông báo màu đỏ") if placed else exc.message
        )
        return True

    # -- reset and keys --------------------------------------------------------------------------

    def reset(self) -> None:
        self.procedure.reset()
        self.applicant.reset()
        self.procedure.clear_messages()
        self.form_message.clear_issue()
        self.appointment.reset()

    def start(self) -> None:
        """F2: a fresh form, cursor in the procedure picker."""
        self.appointment.show_override(False)
        self.picker.setFocus()

    def cancel(self) -> None:
        self.reset()
        self.cancelled.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.save()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return
        super().keyPressEvent(event)
