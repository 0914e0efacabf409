"""The status bar and the sync panel say when the desk syncs straight to the province because its
office hub has been unreachable for the set time (issue 10 "Degraded modes", sync/direct.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from app.usecases.actor import Actor
from app.usecases.fallback import set_fallback
from server import admin, desks
from tests.faults.deskkit import point_at
from tests.faults.hub import running_hub
from tests.ui.helpers import on_db
from tests.ui.test_panels import signed_in  # noqa: F401  (fixture)
from ui import ops, sync_controller

ADMIN = Actor("test:admin", "Quản trị thử", "admin", "gui")


def test_status_bar_says_direct_to_province(
    qtbot: Any,
    signed_in: Any,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sync_controller, "DIRECT_POLL_S", 0.5)
    window = signed_in.login("lanhdao")
    with running_hub(f"sqlite:///{tmp_path / 'province.sqlite3'}") as province:
        with province.db.write() as s:
            office_token = admin.add_office(s, "000.00.12.H29", "Xã Tân Lập")
        with running_hub(f"sqlite:///{tmp_path / 'office.sqlite3'}") as hub:
            with hub.db.write() as s:
                admin.add_office(s, "000.00.12.H29", "Xã Tân Lập")
                token = desks.add_desk(s, "000.00.12.H29", 1)
            on_db(qtbot, signed_in, lambda desk: point_at(desk, hub.url, token))
            signed_in.ctx.set_office(on_db(qtbot, signed_in, ops.office_info))
            qtbot.waitUntil(
                lambda: signed_in.sync.office_hub and signed_in.sync.state == "online", timeout=15_000
            )
            qtbot.waitUntil(lambda: signed_in.sync.last_report is not None, timeout=15_000)
            # An admin set the direct link (no upstream on this office hub to hand one out).
            on_db(qtbot, signed_in, lambda desk: set_fallback(
                desk, ADMIN, province_url=province.url, province_token=office_token, direct_after_seconds=1))  # fmt: skip
        # The office hub is gone: after the wait the desk syncs with the province itself.
        qtbot.waitUntil(lambda: signed_in.sync.state == "offline", timeout=20_000)
        qtbot.waitUntil(lambda: signed_in.sync.direct, timeout=30_000)
        qtbot.waitUntil(
            lambda: window.province_label.text().startswith("Đang gửi thẳng lên tỉnh"), timeout=5_000
        )
        assert window.conn_label.text().startswith("Máy chủ xã")
        assert "chỉ dữ liệu trên máy này" in window.search_box.placeholderText()
        from ui.sync_panel import SyncPanel

        panel = SyncPanel(signed_in.ctx, signed_in.sync)
        qtbot.addWidget(panel)
        assert "Đang gửi thẳng lên tỉnh" in panel.state.text()
        out = os.environ.get("MOTCUA_SHOT_DIR")
        if out:  # a look at it: MOTCUA_SHOT_DIR=/tmp/x pytest tests/ui/test_direct_link.py
            window.grab().save(str(Path(out) / "direct-link-window.png"))
            panel.show()
            panel.grab().save(str(Path(out) / "direct-link-panel.png"))
