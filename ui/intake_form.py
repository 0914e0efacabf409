"""The intake form, keyboard first: procedure → papers → applicant → appointment → Enter saves.

Field checks run on the GUI thread as the clerk types (app.domain.validation is pure and takes
microseconds); the store and the appointment are reached through the DB worker only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import TZ, now, today
from app.domain.text import nfc
from app.domain.validation import check_birth_date, check_email, check_id_number, check_name, check_phone
from ui import ops
from ui.context import AppContext
from ui.dialogs import ReasonDialog, SupplementDialog
from ui.intake_parts import Checklist, ProcedurePicker
from ui.runner import UserError
from ui.widgets import Field, MessageLabel, appointment_text, heading, parse_vi_date

ISSUE_FIELDS = ("id_number", "name", "birth_date", "gender", "address", "phone", "email")


def _line(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    return edit


class IntakeForm(QWidget):
    saved = Signal(str, str)  # dossier code, form to print (receipt | refusal | supplement_request)
    cancelled = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("intakeForm")
        self.picker = ProcedurePicker(ctx)
        self.proc_info = QLabel()
        self.proc_info.setObjectName("procedureInfo")
        self.proc_info.setWordWrap(True)
        self.proc_message = MessageLabel()
        self.checklist = Checklist()
        self.checklist.setMinimumHeight(150)
        self.checklist_message = MessageLabel()

        self.fields: dict[str, Field] = {
            "id_number": Field(_line("idNumber")),
            "name": Field(_line("ownerName")),
            "birth_date": Field(_line("birthDate")),
            "gender": Field(QComboBox()),
            "address": Field(_line("address")),
            "phone": Field(_line("phone")),
            "email": Field(_line("email")),
        }
        self.gender.setObjectName("gender")
        self.gender.addItem(self.tr("(chưa rõ)"), "")
        self.gender.addItem(self.tr("Nam"), "M")
        self.gender.addItem(self.tr("Nữ"), "F")
        self.edit("id_number").setPlaceholderText(self.tr("12 số CCCD, 9 số CMND hoặc số hộ chiếu"))
        self.edit("birth_date").setPlaceholderText(self.tr("ngày/tháng/năm"))
        self.edit("phone").setPlaceholderText(self.tr("ví dụ 0912 345 678"))
        self.returning = QLabel()
        self.returning.setObjectName("returningHint")
        self.returning.hide()

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
        self.override.toggled.connect(self._override_toggled)

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

        self._layout()
        self._connect()
        self._due: datetime | None = None
        self._due_generation = 0
        self._lookup_generation = 0
        self._saving = False
        self._minute = QTimer(self)
        self._minute.setInterval(60_000)
        self._minute.timeout.connect(self._compute_due)
        self._minute.start()
        self._override_toggled(False)

    # -- layout ----------------------------------------------------------------------------------

    def _layout(self) -> None:
        proc_box = QGroupBox(self.tr("1. Thủ tục hành chính"))
        pv = QVBoxLayout(proc_box)
        pv.addWidget(self.picker)
        pv.addWidget(self.proc_message)
        pv.addWidget(self.proc_info)
        pv.addWidget(self.checklist, 1)
        pv.addWidget(self.checklist_message)

        person_box = QGroupBox(self.tr("2. Người nộp hồ sơ"))
        grid = QGridLayout(person_box)
        labels = {
            "id_number": self.tr("Số CCCD/CMND/hộ chiếu *"),
            "name": self.tr("Họ và tên *"),
            "birth_date": self.tr("Ngày sinh"),
            "gender": self.tr("Giới tính"),
            "address": self.tr("Địa chỉ"),
            "phone": self.tr("Điện thoại"),
            "email": self.tr("Thư điện tử"),
        }
        positions = {
            "id_number": (0, 0),
            "name": (0, 2),
            "birth_date": (1, 0),
            "gender": (1, 2),
            "address": (2, 0),
            "phone": (3, 0),
            "email": (3, 2),
        }
        for key, (row, col) in positions.items():
            label = QLabel(labels[key])
            label.setBuddy(self.fields[key].editor)
            grid.addWidget(label, row, col, Qt.AlignmentFlag.AlignTop)
            span = 3 if key == "address" else 1
            grid.addWidget(self.fields[key], row, col + 1, 1, span)
        grid.addWidget(self.returning, 4, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        other_box = QGroupBox(self.tr("3. Tiếp nhận và hẹn trả"))
        of = QFormLayout(other_box)
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

        buttons = QHBoxLayout()
        buttons.addWidget(self.form_message, 1)
        for b in (self.cancel_button, self.refuse_button, self.supplement_button, self.save_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)

        body = QWidget()
        v = QVBoxLayout(body)
        v.addWidget(heading(self.tr("Tiếp nhận hồ sơ mới")))
        v.addWidget(proc_box, 3)
        v.addWidget(person_box)
        v.addWidget(other_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addLayout(buttons)

        order: list[QWidget] = [self.picker, self.checklist]
        order += [
            self.fields[k].editor
            for k in ("id_number", "name", "birth_date", "gender", "address", "phone", "email")
        ]
        order += [self.channel, self.return_method, self.sets, self.notes, self.override, self.override_when]
        order += [self.override_reason.editor, self.save_button, self.supplement_button, self.refuse_button]
        order += [self.cancel_button]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        self.picker.chosen.connect(self._procedure_chosen)
        self.edit("id_number").textChanged.connect(self._id_changed)
        self.edit("name").textChanged.connect(
            lambda t: self._show("name", check_name(t) if t.strip() else ())
        )
        self.edit("birth_date").textChanged.connect(self._birth_changed)
        self.edit("phone").textChanged.connect(lambda t: self._show("phone", check_phone(t).issues))
        self.edit("email").textChanged.connect(lambda t: self._show("email", check_email(t)))
        self.ctx.user_changed.connect(lambda: self._override_toggled(self.override.isChecked()))

    # -- accessors -------------------------------------------------------------------------------

    def edit(self, key: str) -> QLineEdit:
        editor = self.fields[key].editor
        assert isinstance(editor, QLineEdit)
        return editor

    @property
    def gender(self) -> QComboBox:
        editor = self.fields["gender"].editor
        assert isinstance(editor, QComboBox)
        return editor

    @property
    def due(self) -> datetime | None:
        return self._due

    # -- live checks -----------------------------------------------------------------------------

    def _show(self, key: str, issues: Any) -> bool:
        issues = list(issues)
        errors = [i for i in issues if i.level == "error"]
        shown = errors[0] if errors else (issues[0] if issues else None)
        self.fields[key].message.show_issue(shown.message if shown else "", shown.level if shown else "")
        return not errors

    def _id_changed(self, text: str) -> None:
        self.returning.hide()
        if not text.strip():
            self.fields["id_number"].message.clear_issue()
            return
        check = check_id_number(text, today=today())
        digits_only = "".join(text.split())
        # Not yet an error while the clerk is still typing the 12 digits.
        typing = digits_only.isdigit() and len(digits_only) < 12 and len(digits_only) != 9
        self._show("id_number", () if typing else check.issues)
        if check.ok and not typing:
            self._lookup(check.normalized)

    def _lookup(self, id_number: str) -> None:
        self._lookup_generation += 1
        generation = self._lookup_generation

        def done(person: dict[str, Any] | None) -> None:
            if generation != self._lookup_generation or person is None:
                return
            self.fill_person(person)

        self.ctx.runner.db(lambda desk: ops.applicant(desk, id_number), done, label="applicant")

    def fill_person(self, person: dict[str, Any]) -> None:
        """A returning citizen: fill the empty fields, never overwrite what the clerk typed."""
        filled = []
        for key in ("name", "address", "phone", "email"):
            if person.get(key) and not self.edit(key).text().strip():
                self.edit(key).setText(person[key])
                filled.append(key)
        if person.get("birth_date") and not self.edit("birth_date").text().strip():
            y, m, d = person["birth_date"].split("-")
            self.edit("birth_date").setText(f"{d}/{m}/{y}")
        if person.get("gender") and not self.gender.currentData():
            self.gender.setCurrentIndex(max(0, self.gender.findData(person["gender"])))
        self.returning.setText(
            self.tr("Công dân đã từng nộp hồ sơ: đã điền sẵn thông tin lần trước, hãy đối chiếu với giấy tờ.")
        )
        self.returning.show()

    def _birth_changed(self, text: str) -> None:
        try:
            value = parse_vi_date(text)
        except ValueError as exc:
            if len(text.strip()) >= 8:
                self.fields["birth_date"].message.show_issue(str(exc))
            else:
                self.fields["birth_date"].message.clear_issue()
            return
        self._show("birth_date", check_birth_date(value, today=today()) if value else ())

    # -- procedure and appointment ---------------------------------------------------------------

    def _procedure_chosen(self, proc: dict[str, Any] | None) -> None:
        self.proc_message.clear_issue()
        if proc is None:
            self.proc_info.clear()
            self.checklist.load([])
            self._set_due(None, pending=True)
            return
        fee = proc.get("fee_text") or self.tr("không thu phí")
        self.proc_info.setText(
            self.tr("Lĩnh vực: {0} · Thời hạn giải quyết: {1} · Lệ phí: {2}").format(
                proc.get("field", ""), proc.get("limit", ""), fee
            )
        )
        self.checklist.load(proc.get("documents", []))
        self._compute_due()

    def _compute_due(self) -> None:
        proc = self.picker.current
        if proc is None:
            return
        self._due_generation += 1
        generation, code, received = self._due_generation, proc["code"], now()

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

    def _override_toggled(self, on: bool) -> None:
        allowed = self.ctx.can("override_due")
        self.override.setVisible(allowed)
        self.override_when.setVisible(allowed and on)
        self.override_reason.setVisible(allowed and on)

    # -- save paths ------------------------------------------------------------------------------

    def collect(self) -> dict[str, Any] | None:
        """The form as plain values for ops.save_intake, or None after showing what is wrong."""
        ok = True
        first_bad: QWidget | None = None
        if self.picker.current is None:
            self.proc_message.show_issue(self.tr("Chọn thủ tục hành chính trong danh mục"))
            ok, first_bad = False, self.picker
        checks = {
            "id_number": check_id_number(self.edit("id_number").text(), today=today()).issues,
            "name": check_name(self.edit("name").text()),
            "phone": check_phone(self.edit("phone").text()).issues,
            "email": check_email(self.edit("email").text()),
        }
        birth = None
        try:
            birth = parse_vi_date(self.edit("birth_date").text())
            if birth is not None:
                checks["birth_date"] = check_birth_date(birth, today=today())
        except ValueError as exc:
            self.fields["birth_date"].message.show_issue(str(exc))
            ok = False
            first_bad = first_bad or self.edit("birth_date")
        for key in ("id_number", "name", "birth_date", "phone", "email"):
            if key in checks and not self._show(key, checks[key]):
                ok = False
                first_bad = first_bad or self.fields[key].editor
        reason = nfc(self.override_reason.editor.property("text") or "")
        if self.override.isChecked() and not reason:
            self.override_reason.message.show_issue(self.tr("Sửa ngày hẹn phải ghi rõ lý do"))
            ok = False
            first_bad = first_bad or self.override_reason.editor
        if not ok:
            self.form_message.show_issue(self.tr("Hồ sơ chưa lưu: sửa các ô có thông báo màu đỏ"))
            if first_bad is not None:
                first_bad.setFocus()
            return None
        assert self.picker.current is not None
        form: dict[str, Any] = {
            "procedure_code": self.picker.current["code"],
            "owner": {
                "name": nfc(self.edit("name").text()),
                "id_number": self.edit("id_number").text(),
                "birth_date": birth,
                "gender": self.gender.currentData() or "",
                "address": nfc(self.edit("address").text()),
                "phone": self.edit("phone").text(),
                "email": self.edit("email").text().strip(),
            },
            "channel": self.channel.currentData(),
            "return_method": self.return_method.currentData(),
            "documents": self.checklist.received(),
            "sets_count": self.sets.value(),
            "notes": nfc(self.notes.text()),
        }
        if self.override.isChecked() and self.ctx.can("override_due"):
            qdt = self.override_when.dateTime()
            d, t = qdt.date(), qdt.time()
            form["due_override"] = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=TZ)
            form["due_override_reason"] = reason
        return form

    def save(self) -> None:
        """Enter: store and open the receipt's print preview (papers must all be in)."""
        form = self.collect()
        if form is None:
            return
        missing = self.checklist.missing()
        if missing:
            names = "; ".join(m["name"] for m in missing[:3])
            self.checklist_message.show_issue(
                self.tr(
                    "Còn {0} giấy tờ bắt buộc chưa nhận ({1}): tích đã nhận, hoặc chọn “Yêu cầu bổ sung”."
                ).format(len(missing), names)
            )
            self.checklist.setFocus()
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
            form["status"] = "submitted"  # never 'received': the clock never starts for a refusal
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
            if issue.field.startswith("owner.") and key in self.fields:
                self.fields[key].message.show_issue(issue.message, issue.level)
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
        self.picker.choose(None)
        self.picker.clear()
        for key in self.fields:
            if key == "gender":
                self.gender.setCurrentIndex(0)
            else:
                self.edit(key).clear()
            self.fields[key].message.clear_issue()
        for m in (self.proc_message, self.checklist_message, self.form_message, self.override_reason.message):
            m.clear_issue()
        self.returning.hide()
        self.notes.clear()
        self.sets.setValue(1)
        self.channel.setCurrentIndex(0)
        self.return_method.setCurrentIndex(0)
        self.override.setChecked(False)
        self.override_reason.editor.setProperty("text", "")

    def start(self) -> None:
        """F2: a fresh form, cursor in the procedure picker."""
        self._override_toggled(False)
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
