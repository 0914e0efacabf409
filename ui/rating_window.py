"""The citizen's rating window: three large buttons, on the screen facing the citizen.

Offered when a result is returned. Levels as production systems store them (3 rất hài lòng,
2 hài lòng, 1 không hài lòng) with an optional comment. A top-level window: when the PC has a
second screen (the one turned towards the citizen) it opens there, full size; otherwise beside
the clerk's window, and the clerk can drag it anywhere.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import ops_citizen
from ui.context import AppContext

LEVELS = ((3, "Rất hài lòng", "#1b7f3b"), (2, "Hài lòng", "#2a6fb0"), (1, "Không hài lòng", "#b02a2a"))


def citizen_screen(clerk: QWidget | None) -> QScreen | None:
    """The screen facing the citizen: any screen other than the clerk's window's, if there is one."""
    screens = QGuiApplication.screens()
    if len(screens) < 2:
        return None
    own = clerk.screen() if clerk is not None else QGuiApplication.primaryScreen()
    others = [s for s in screens if s is not own]
    return others[0] if others else None


class RatingWindow(QWidget):
    rated = Signal(dict)

    def __init__(self, ctx: AppContext, code: str, parent: QWidget | None = None) -> None:
        # A separate top-level window (not a dialog glued to the clerk's window): it must be
        # movable to another screen.
        super().__init__(None, Qt.WindowType.Window)
        self.ctx = ctx
        self.code = code
        self.clerk_window = parent
        self.setObjectName("ratingWindow")
        self.setWindowTitle(self.tr("Đánh giá mức độ hài lòng"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        title = QLabel(self.tr("Ông/Bà có hài lòng với việc giải quyết hồ sơ?"))
        title.setObjectName("ratingTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setWordWrap(True)
        title.setStyleSheet("font-size: 30px; font-weight: bold;")
        subtitle = QLabel(self.tr("Hồ sơ {0}").format(code))
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle.setStyleSheet("font-size: 18px;")
        self.buttons: dict[int, QPushButton] = {}
        row = QHBoxLayout()
        row.setSpacing(24)
        for level, label, colour in LEVELS:
            b = QPushButton(f"{self.tr(label)}\n({level})")
            b.setObjectName(f"rate{level}")
            b.setMinimumSize(240, 180)
            b.setStyleSheet(
                f"QPushButton {{ font-size: 28px; font-weight: bold; color: white; background: {colour};"
                " border-radius: 16px; padding: 16px; }"
                " QPushButton:disabled { background: #999; }"
            )
            b.clicked.connect(lambda _=False, lv=level: self.choose(lv))
            row.addWidget(b)
            self.buttons[level] = b
        self.comment = QLineEdit()
        self.comment.setObjectName("ratingComment")
        self.comment.setPlaceholderText(self.tr("Ý kiến thêm (không bắt buộc)"))
        self.comment.setStyleSheet("font-size: 20px; padding: 8px;")
        self.message = QLabel()
        self.message.setObjectName("ratingMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet("font-size: 22px;")
        self.message.setWordWrap(True)
        v = QVBoxLayout(self)
        v.setContentsMargins(40, 30, 40, 30)
        v.addWidget(title)
        v.addWidget(subtitle)
        v.addSpacing(20)
        v.addLayout(row, 1)
        v.addSpacing(12)
        v.addWidget(self.comment)
        v.addWidget(self.message)
        self.result: dict[str, Any] | None = None
        self.resize(900, 520)

    def show_for_citizen(self) -> QScreen | None:
        """Open on the citizen's screen if there is one (full screen there), else normally."""
        screen = citizen_screen(self.clerk_window)
        if screen is not None:
            self.setScreen(screen)
            self.setGeometry(screen.availableGeometry())
            self.showFullScreen()
        else:
            self.show()
        self.raise_()
        self.activateWindow()
        return screen

    def choose(self, level: int) -> None:
        if self.result is not None:
            return
        for b in self.buttons.values():
            b.setEnabled(False)
        code, comment, user = self.code, self.comment.text(), self.ctx.user

        def done(out: dict[str, Any]) -> None:
            self.result = out
            self.message.setText(self.tr("Cảm ơn Ông/Bà đã đánh giá!"))
            self.rated.emit(out)
            QTimer.singleShot(2500, self.close)

        def failed(exc: BaseException) -> bool:
            for b in self.buttons.values():
                b.setEnabled(True)
            self.message.setText(str(getattr(exc, "message", exc)))
            return True

        self.ctx.runner.db(
            lambda desk: ops_citizen.rate(desk, user, code, level, comment),
            done,
            failed=failed,
            label="rate",
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        keys = {Qt.Key.Key_3: 3, Qt.Key.Key_2: 2, Qt.Key.Key_1: 1}
        if event.key() in keys and not self.comment.hasFocus():
            self.choose(keys[Qt.Key(event.key())])
            return
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)
