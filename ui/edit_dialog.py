"""Correcting intake data after the receipt was printed (a mistyped phone, a wrong address).

The dossier code, procedure and receipt time are printed on the citizen's slip and never change;
what can change is the owner's contact data, the return method and the notes, each edit with a
reason (app/services/edit.py keeps it as an 'edited' event and sends it upstream). The dialog
stays open until the store accepted the edit, so a rejected value is fixed in place.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLineEdit, QPlainTextEdit, QWidget

from app.domain.text import nfc
from ui.dialogs import _buttons
from ui.widgets import MessageLabel

OWNER_FIELDS = (
    ("name", "Họ và tên"),
    ("address", "Địa chỉ"),
    ("phone", "Điện thoại"),
    ("email", "Thư điện tử"),
)


class EditIntakeDialog(QDialog):
    submitted = Signal(dict, dict, str)  # owner changes, dossier changes, reason

    def __init__(self, page: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editIntakeDialog")
        self.setWindowTitle(self.tr("Sửa thông tin tiếp nhận – {0}").format(page.get("code", "")))
        owner = page.get("owner") or {}
        self.original_owner = {key: str(owner.get(key) or "") for key, _ in OWNER_FIELDS}
        self.original_dossier = {
            "return_method": str(page.get("return_method") or "desk"),
            "notes": str(page.get("notes") or ""),
        }
        form = QFormLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        for key, label in OWNER_FIELDS:
            edit = QLineEdit(self.original_owner[key])
            edit.setObjectName(f"edit_{key}")
            self.edits[key] = edit
            form.addRow(self.tr(label), edit)
        self.return_method = QComboBox()
        self.return_method.setObjectName("edit_return_method")
        self.return_method.addItem(self.tr("Tại Bộ phận Một cửa"), "desk")
        self.return_method.addItem(self.tr("Qua dịch vụ Bưu chính công ích"), "post")
        self.return_method.setCurrentIndex(0 if self.original_dossier["return_method"] == "desk" else 1)
        form.addRow(self.tr("Nhận kết quả"), self.return_method)
        self.notes = QLineEdit(self.original_dossier["notes"])
        self.notes.setObjectName("edit_notes")
        form.addRow(self.tr("Ghi chú"), self.notes)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("edit_reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(60)
        form.addRow(self.tr("Lý do sửa *"), self.reason)
        self.message = MessageLabel()
        form.addRow(self.message)
        form.addRow(_buttons(self, self.tr("Lưu thay đổi")))
        self.resize(560, 360)

    def changes(self) -> tuple[dict[str, str], dict[str, str]]:
        owner = {
            key: nfc(edit.text())
            for key, edit in self.edits.items()
            if nfc(edit.text()) != self.original_owner[key]
        }
        dossier: dict[str, str] = {}
        method = str(self.return_method.currentData())
        if method != self.original_dossier["return_method"]:
            dossier["return_method"] = method
        if nfc(self.notes.text()) != self.original_dossier["notes"]:
            dossier["notes"] = nfc(self.notes.text())
        return owner, dossier

    def accept(self) -> None:
        owner, dossier = self.changes()
        reason = nfc(self.reason.toPlainText())
        if not owner and not dossier:
            self.message.show_issue(self.tr("Chưa có thông tin nào thay đổi"))
            return
        if not reason:
            self.message.show_issue(self.tr("Cần ghi lý do sửa (lưu vào quá trình giải quyết)"))
            self.reason.setFocus()
            return
        self.message.show_issue(self.tr("Đang lưu…"), "info")
        self.submitted.emit(owner, dossier, reason)  # closed by the view once the store accepted it

    def rejected_by_store(self, text: str) -> None:
        self.message.show_issue(text)

    def done_ok(self) -> None:
        super().accept()
