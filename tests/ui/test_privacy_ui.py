"""Issue 9 at the screen: lists (queue, search) mask ID numbers, the opened dossier shows the
full number and is logged, leaders read the access log in its viewer; the auto sign-in of
benches goes through the real password check (issue 8 §3)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.app.deskkit import open_desk

IDN = "038190000123"
PASSWORD = "mat-khau-lanh-dao"


def _store(data: Path) -> str:
    from app.domain.clock import now
    from app.services.intake import IntakeRequest, PersonInput, intake
    from app.services.users import create_user

    desk = open_desk(data)
    try:
        with desk.tx() as s:
            create_user(s, "lanhdao", "Trần Thị Mai", "leader", PASSWORD, actor="t")
            create_user(s, "canbo", "Nguyễn Văn Đức", "clerk", PASSWORD, actor="t")
        req = IntakeRequest("1.004873", PersonInput(name="Nguyễn Thị Hoà", id_number=IDN), received_at=now())
        with desk.tx() as s:
            return intake(s, req, office=desk.require_office(), calendar=desk.calendar(), actor="t").code
    finally:
        desk.close()


@pytest.fixture
def leader_app(app_setup: Any, tmp_path: Path, qtbot: Any) -> Any:
    from ui.app import DeskApp

    code = _store(tmp_path / "data")
    made = DeskApp(tmp_path / "data", auto_login=("lanhdao", PASSWORD))
    screens: list[str] = []
    made.ready.connect(screens.append)
    made.start()
    qtbot.waitUntil(lambda: "workspace" in screens, timeout=20_000)
    made.code = code
    yield made
    made.window.hide()
    made.shutdown()
    made.window.deleteLater()


def _cells(model: Any) -> list[str]:
    return [
        str(model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole))
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    ]


def test_lists_mask_the_dossier_shows_and_the_leader_reads_the_log(qtbot: Any, leader_app: Any) -> None:
    from tests.ui.helpers import idle

    window = leader_app.window
    queue = window.queue.models["received_today"]
    qtbot.waitUntil(lambda: queue.rowCount() == 1)
    assert queue.rows[0]["id_number"] == "********0123"
    assert not any(IDN in c for c in _cells(queue))

    window.search_box.setText("hoa")
    qtbot.waitUntil(lambda: window.search_box.model.rowCount() == 1)
    assert window.search_box.model.rows[0]["id_number"] == "********0123"
    window.search_box.clear()

    window.open_dossier(leader_app.code)
    qtbot.waitUntil(lambda: window.dossier.code == leader_app.code)
    assert window.dossier.page["owner"]["id_number"] == IDN
    idle(qtbot, leader_app)

    assert window.act_access_log.isVisible()
    window.open_access_log()
    dialog = window.access_log_dialog
    dialog.show_button.click()
    qtbot.waitUntil(lambda: dialog.rows is not None)
    assert [(r["action"], r["actor"]) for r in dialog.rows] == [("search", "lanhdao"), ("open", "lanhdao")]
    assert leader_app.code in _cells(dialog.model)
    dialog.close()


def test_a_wrong_password_never_signs_in(app_setup: Any, tmp_path: Path, qtbot: Any) -> None:
    from tests.ui.helpers import idle
    from ui.app import DeskApp

    _store(tmp_path / "data")
    made = DeskApp(tmp_path / "data", auto_login=("lanhdao", "sai-mat-khau"))
    screens: list[str] = []
    made.ready.connect(screens.append)
    made.start()
    qtbot.waitUntil(lambda: "login" in screens or "workspace" in screens, timeout=20_000)
    idle(qtbot, made)
    assert "workspace" not in screens and made.ctx.user is None
    made.window.hide()
    made.shutdown()
    made.window.deleteLater()
