"""Lock the desk after a period without keyboard or mouse input.

A reception PC stands in a public hall: citizens' ID data must not stay on an unattended screen
(Luật 91/2025/QH15 on personal data). An application-wide event filter restarts a single-shot
timer on every input event, which costs nothing per event beyond a timer restart.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

DEFAULT_MINUTES = 10

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.InputMethod,
        QEvent.Type.TouchBegin,
    }
)


class IdleLock(QObject):
    idle = Signal()

    def __init__(self, minutes: float = DEFAULT_MINUTES, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self.set_minutes(minutes)
        self._armed = False

    def set_minutes(self, minutes: float) -> None:
        self._timer.setInterval(max(1, int(minutes * 60_000)))

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def arm(self) -> None:
        """Start watching (after login)."""
        self._armed = True
        self._timer.start()

    def disarm(self) -> None:
        """Stop watching (while locked or logged out)."""
        self._armed = False
        self._timer.stop()

    @property
    def armed(self) -> bool:
        return self._armed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if self._armed and event.type() in _INPUT_EVENTS:
            self._timer.start()
        return False
