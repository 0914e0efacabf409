"""No English left on the screens: every visible text of every main screen is checked."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)

from tests.ui.test_panels import signed_in  # noqa: F401 - fixture

ENGLISH = re.compile(
    r"\b(OK|Cancel|Save|Open|Close|Next|Back|Finish|Help|Apply|Yes|No|Print|Search|Settings|File|Name|"
    r"Size|Type|Date|Error|Warning|Login|Password|User|Sync|Status|Code|Select|Delete|Copy|Paste|Undo)\b"
)


def texts(root: QWidget) -> list[str]:
    found: list[str] = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        if isinstance(w, QLabel | QAbstractButton | QGroupBox):
            found.append(w.text() if not isinstance(w, QGroupBox) else w.title())
        if isinstance(w, QLineEdit):
            found.append(w.placeholderText())
        if isinstance(w, QComboBox):
            found += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QTabWidget):
            found += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            found += [
                str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(model.columnCount())
            ]
        found += [a.text() for a in w.actions()]
    return [t for t in found if t]


def assert_vietnamese(strings: list[str]) -> None:
    english = [t for t in strings if ENGLISH.search(t)]
    assert english == []


def test_qt_own_strings_are_translated(app_setup: Any) -> None:
    assert QCoreApplication.translate("QPlatformTheme", "OK") == "Đồng ý"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Hủy"
    assert QCoreApplication.translate("QLineEdit", "&Copy") == "&Sao chép"
    assert QCoreApplication.translate("QMessageBox", "Show Details...") == "Xem chi tiết..."


def test_every_main_screen_speaks_vietnamese(qtbot: Any, signed_in: Any) -> None:  # noqa: F811
    from tests.ui.helpers import idle, on_db
    from tests.ui.test_panels import _intake

    wizard_texts = texts(signed_in.wizard)
    window = signed_in.login("quantri")
    code = on_db(qtbot, signed_in, lambda desk: _intake(desk, "Lê Văn Hùng", "025078001122"))
    window.refresh()
    idle(qtbot, signed_in)
    strings = wizard_texts + texts(window)
    window.new_intake()
    window.intake.picker.choose_code("1.001193")
    strings += texts(window)
    window.open_dossier(code)
    qtbot.waitUntil(lambda: window.dossier.code == code, timeout=5_000)
    strings += texts(window)
    window.open_print(code, "receipt")
    strings += texts(window.preview)
    window.preview.close()
    window.open_sync()
    strings += texts(window.sync_panel)
    window.sync_panel.close()
    window.open_settings()
    idle(qtbot, signed_in)
    strings += texts(window.settings_dialog)
    window.settings_dialog.close()
    assert len(strings) > 200
    assert_vietnamese(strings)
    assert any("Tiếp nhận hồ sơ mới" in t for t in strings)
