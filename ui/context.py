"""What every panel shares: the runner, the signed-in user, the office profile, QSettings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal

from app.usecases.actor import Actor, PermissionDenied
from ui.ops import User
from ui.runner import Runner

ORGANISATION = "MotCuaXa"
APPLICATION = "MotCua"


def settings() -> QSettings:
    """Per-PC preferences (printer, copies, geometry); data lives in the store, not here."""
    return QSettings(ORGANISATION, APPLICATION)


class AppContext(QObject):
    dossiers_changed = Signal(str)  # a dossier code, or "" when many may have changed (after sync)
    office_changed = Signal()
    user_changed = Signal()
    catalogue_changed = Signal()

    def __init__(self, runner: Runner, data_dir: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.data_dir = data_dir
        self.user: User | None = None
        self.office: dict[str, Any] | None = None
        self.procedures: list[dict[str, Any]] = []

    @property
    def actor(self) -> Actor:
        """The signed-in Actor every operation is given (app/usecases checks its role)."""
        if self.user is None:
            raise PermissionDenied("chưa đăng nhập")
        return self.user.actor

    def can(self, permission: str) -> bool:
        return self.user is not None and self.user.can(permission)

    def set_user(self, user: User | None) -> None:
        self.user = user
        self.user_changed.emit()

    def set_office(self, office: dict[str, Any] | None) -> None:
        self.office = office
        self.office_changed.emit()

    def load_procedures(self) -> None:
        from ui import ops

        def done(rows: list[dict[str, Any]]) -> None:
            self.procedures = rows
            self.catalogue_changed.emit()

        self.runner.db(ops.procedures, done, label="procedures")
