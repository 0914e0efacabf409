"""The backup/restore panel and the damage banner, against the application's own DB worker."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox

from tests.ui.helpers import idle, on_db
from tests.ui.test_panels import _intake, signed_in  # noqa: F401 - the fixture is used by name

SHOTS = os.environ.get("MOTCUA_SHOTS")  # set to a folder to keep the panel's screenshot


def _count(desk: Any) -> int:
    from sqlalchemy import func, select

    from app.store.models import Dossier

    with desk.read() as s:
        return int(s.scalar(select(func.count()).select_from(Dossier)) or 0)


def _settings(qtbot: Any, app: Any) -> Any:
    window = app.window
    window.open_settings()
    dialog = window.settings_dialog
    dialog.tabs.setCurrentWidget(dialog.backup)
    idle(qtbot, app)
    return dialog.backup


def test_backup_now_lists_previews_and_restores_then_the_desk_goes_on(
    qtbot: Any,
    signed_in: Any,  # noqa: F811
) -> None:
    window = signed_in.login("quantri")
    for i, name in enumerate(("Nguyễn Thị Thược", "Đặng Ưng Ổn")):
        on_db(qtbot, signed_in, lambda desk, n=name, k=i: _intake(desk, n, f"00119000012{k}"))
    tab = _settings(qtbot, signed_in)

    tab.backup_now()
    qtbot.waitUntil(lambda: tab.table.rowCount() >= 1 and tab.bar.value() == 100, timeout=15_000)
    idle(qtbot, signed_in)
    assert tab.table.item(0, 1).text() == "Thủ công" and tab.table.item(0, 3).text() == "2"
    assert "000.00.12.H29" in tab.preview.text() and "2 hồ sơ" in tab.preview.text()
    if SHOTS:
        tab.window().resize(1040, 680)
        tab.window().grab().save(str(Path(SHOTS) / "backup-tab.png"))

    on_db(qtbot, signed_in, lambda desk: _intake(desk, "Trần Văn Bình", "001190000129"))
    old_desk = signed_in.db.context
    with qtbot.waitSignal(tab.restored, timeout=30_000) as restored:
        tab.restore_selected()
        qtbot.waitUntil(lambda: getattr(tab, "confirm_box", None) is not None, timeout=10_000)
        box: QMessageBox = tab.confirm_box
        assert "khôi phục 2 hồ sơ" in box.text() and "(3 hồ sơ)" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()
    assert restored.args[0]["dossiers"] == 2
    assert signed_in.db.context is not old_desk and signed_in.net.context is signed_in.db.context
    assert on_db(qtbot, signed_in, _count) == 2
    # The store is another file now: its accounts decide who goes on.
    assert window.root.currentWidget() is window.login_page and signed_in.ctx.user is None
    assert "Hãy đăng nhập lại" in window.restored_box.text()
    # The desk goes on with the restored store: the next code follows the highest ever issued.
    code = on_db(qtbot, signed_in, lambda desk: _intake(desk, "Lê Thị Hồng Nhung", "001190000130"))
    assert code.endswith("-0004")


def test_a_damaged_store_shows_the_blocking_banner_that_opens_the_restore_panel(
    qtbot: Any,
    signed_in: Any,  # noqa: F811
) -> None:
    from app.store import health

    window = signed_in.login("quantri")
    assert not window.damage.isVisible()

    def damage(desk: Any) -> None:
        health.mark_damaged(desk.data_dir, "database disk image is malformed", by="test")
        desk.damaged = True

    on_db(qtbot, signed_in, damage)
    window.refresh()
    qtbot.waitUntil(window.damage.isVisible, timeout=10_000)
    assert "Dữ liệu bị hỏng" in window.damage.text.text()
    assert not window.act_new.isEnabled() and not window.intake.isEnabled()
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / "damage-banner.png"))
    window.damage.button.click()
    dialog = window.settings_dialog
    assert dialog is not None and dialog.tabs.currentWidget() is dialog.backup
