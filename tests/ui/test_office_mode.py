"""The desk app against an office hub: the hub and the province shown apart, local-only search."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from server import admin, desks
from tests.faults.deskkit import point_at
from tests.faults.hub import running_hub
from tests.ui.helpers import on_db
from tests.ui.test_panels import signed_in  # noqa: F401  (fixture)
from ui import ops


def test_status_bar_shows_office_hub_and_province_and_search_says_local_only(
    qtbot: Any,
    signed_in: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    window = signed_in.login("lanhdao")
    with running_hub(f"sqlite:///{tmp_path / 'office.sqlite3'}") as hub:
        with hub.db.write() as s:
            admin.add_office(s, "000.00.12.H29", "Xã Tân Lập")
            token = desks.add_desk(s, "000.00.12.H29", 1)
        on_db(qtbot, signed_in, lambda desk: point_at(desk, hub.url, token))
        signed_in.ctx.set_office(on_db(qtbot, signed_in, ops.office_info))
        qtbot.waitUntil(
            lambda: signed_in.sync.office_hub and signed_in.sync.state == "online", timeout=15_000
        )
        qtbot.waitUntil(lambda: window.conn_label.text().startswith("Máy chủ xã"), timeout=5_000)
        assert window.province_label.isVisibleTo(window)
        assert window.province_label.text().startswith("Tỉnh: chưa cấu hình")
        assert "chỉ dữ liệu trên máy này" not in window.search_box.placeholderText()
        # The office PC keeps the desk's last-seen time (the leader's desk list).
        qtbot.waitUntil(lambda: _seen(hub), timeout=10_000)
        # The leader's view: each desk of the office with its last-seen time and queue.
        from ui.sync_panel import SyncPanel

        panel = SyncPanel(signed_in.ctx, signed_in.sync)
        qtbot.addWidget(panel)
        assert panel.desks_table.isVisibleTo(panel)
        qtbot.waitUntil(lambda: panel.desks_table.rowCount() == 1, timeout=10_000)
        assert panel.desks_table.item(0, 0).text() == "1"
        assert panel.desks_table.item(0, 1).text() not in ("", "chưa kết nối")
    # The office hub is gone: the desk works on, and its search says what it covers.
    qtbot.waitUntil(lambda: signed_in.sync.state == "offline", timeout=20_000)
    assert "chỉ dữ liệu trên máy này" in window.search_box.placeholderText()
    assert window.conn_label.text().startswith("Máy chủ xã")


def _seen(hub: Any) -> bool:
    with hub.db.read() as s:
        return bool(desks.list_desks(s)[0]["last_seen_at"])
