"""Section 2 of the intake form: the applicant, checked as the clerk types, filled for a returning citizen.

Field checks run on the GUI thread (app.domain.validation is pure and takes microseconds); the
returning-applicant look-up goes through the DB worker only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel, QLineEdit, QWidget

from app.domain.clock import today
from app.domain.text import nfc
from app.domain.validation import check_birth_date, check_email, check_id_number, check_name, check_phone
from ui import ops
from ui.context import AppContext
from ui.widgets import Field, parse_vi_date

ISSUE_FIELDS = ("id_number", "name", "birth_date", "gender", "address", "phone", "email")


def _line(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    return edit


class ApplicantSection(QGroupBox):
    """ID number, name, birth date, gender, address, phone, e-mail, each with its message line."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("2. Người nộp hồ sơ"), parent)
        self.ctx = ctx
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
        # Địa bàn phát sinh hồ sơ (register column): the commune or a hamlet from the office's list,
        # a choice, never free text (issue 11); the store checks it again (register_book.check_area).
        self.area = QComboBox()
        self.area.setObjectName("area")
        self._fill_areas()
        ctx.office_changed.connect(self._fill_areas)
        self.returning = QLabel()
        self.returning.setObjectName("returningHint")
        self.returning.hide()
        self._lookup_generation = 0
        self._layout()
        self._connect()

    def _layout(self) -> None:
        grid = QGridLayout(self)
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
        area_label = QLabel(self.tr("Địa bàn phát sinh"))
        area_label.setBuddy(self.area)
        grid.addWidget(area_label, 4, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.area, 4, 1, 1, 3)
        grid.addWidget(self.returning, 5, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

    def _connect(self) -> None:
        self.edit("id_number").textChanged.connect(self._id_changed)
        self.edit("name").textChanged.connect(
            lambda t: self._show("name", check_name(t) if t.strip() else ())
        )
        self.edit("birth_date").textChanged.connect(self._birth_changed)
        self.edit("phone").textChanged.connect(lambda t: self._show("phone", check_phone(t).issues))
        self.edit("email").textChanged.connect(lambda t: self._show("email", check_email(t)))

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

    def tab_order(self) -> list[QWidget]:
        return [*(self.fields[k].editor for k in ISSUE_FIELDS), self.area]

    def _fill_areas(self) -> None:
        office = self.ctx.office or {}
        commune = nfc(str(office.get("commune") or "")).strip()
        self.area.clear()
        self.area.addItem(commune or self.tr("(xã của cơ quan)"), "")
        seen = {commune}
        for value in office.get("hamlets") or []:
            text = nfc(str(value)).strip()
            if text and text not in seen:
                seen.add(text)
                self.area.addItem(text, text)

    def area_value(self) -> str:
        """'' = the commune (the store's default), else the hamlet picked."""
        return str(self.area.currentData() or "")

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

        actor = self.ctx.actor
        self.ctx.runner.db(lambda desk: ops.applicant(desk, id_number, actor=actor), done, label="applicant")

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

    # -- on save ---------------------------------------------------------------------------------

    def collect(self) -> tuple[dict[str, Any] | None, QWidget | None]:
        """(owner values for ops.save_intake, None), or (None, first editor to fix) after showing why."""
        first_bad: QWidget | None = None
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
            first_bad = self.edit("birth_date")
        for key in ("id_number", "name", "birth_date", "phone", "email"):
            # Every field shows its message, not just the first: the clerk fixes them in one pass.
            if key in checks and not self._show(key, checks[key]):
                first_bad = first_bad or self.fields[key].editor
        if first_bad is not None:
            return None, first_bad
        owner = {
            "name": nfc(self.edit("name").text()),
            "id_number": self.edit("id_number").text(),
            "birth_date": birth,
            "gender": self.gender.currentData() or "",
            "address": nfc(self.edit("address").text()),
            "phone": self.edit("phone").text(),
            "email": self.edit("email").text().strip(),
        }
        return owner, None

    def show_issue(self, key: str, message: str, level: str) -> bool:
        """A service's issue for owner.<key> under that field; False when there is no such field."""
        if key not in self.fields:
            return False
        self.fields[key].message.show_issue(message, level)
        return True

    def reset(self) -> None:
        self.area.setCurrentIndex(0)
        for key in self.fields:
            if key == "gender":
                self.gender.setCurrentIndex(0)
            else:
                self.edit(key).clear()
            self.fields[key].message.clear_issue()
        self.returning.hide()
