"""Settings lists the office hubs announced on the LAN with office code, name and key fingerprint;
a hub of another unit code is shown but cannot be chosen; the browse never blocks the GUI thread
(issue 10 "Finding the hub"). Real zeroconf announcers on loopback, as tests/lan/test_discovery.py."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.usecases.fallback import fallback_settings
from server import discovery
from tests.ui.helpers import on_db
from tests.ui.test_panels import signed_in  # noqa: F401  (fixture)
from ui.settings import hub_finder


def _announce(unit: str, name: str, port: int) -> discovery.Announcer:
    try:
        return discovery.Announcer(unit_code=unit, name=name, fp=f"ABCD:{port:04d}:0000:1111", port=port,
                                   address="127.0.0.1", interfaces=["127.0.0.1"])  # fmt: skip
    except OSError as exc:  # pragma: no cover - multicast unavailable on this host
        pytest.skip(f"multicast unavailable: {exc}")


def test_settings_lists_hubs_found_and_never_picks_another_unit(
    qtbot: Any,
    signed_in: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(hub_finder, "INTERFACES", ["127.0.0.1"])
    signed_in.login("quantri")
    own = str(signed_in.ctx.office["unit_code"])
    from ui.settings.office_tab import OfficeTab

    tab = OfficeTab(signed_in.ctx)
    qtbot.addWidget(tab)
    tab.resize(1400, 900)
    tab.show()
    mine = _announce(own, "Trung tâm PVHCC xã Tân Lập", 18181)
    other = _announce("000.00.99.H29", "UBND xã Bên Cạnh", 18182)
    try:
        started = time.monotonic()
        qtbot.mouseClick(tab.hub_finder.find_button, Qt.MouseButton.LeftButton)
        assert time.monotonic() - started < 1.0  # the browse (3 s) runs on the network worker
        assert not tab.hub_finder.find_button.isEnabled()
        qtbot.waitUntil(lambda: tab.hub_finder.table.rowCount() == 2, timeout=20_000)
    finally:
        mine.close()
        other.close()
    table = tab.hub_finder.table
    rows = {table.item(r, 0).text(): r for r in range(2)}
    r = rows[own]
    assert table.item(r, 1).text() == "Trung tâm PVHCC xã Tân Lập"
    assert table.item(r, 2).text() == "ABCD:18181:0000:1111"
    assert table.item(r, 3).text() == "http://127.0.0.1:18181"
    assert "đơn vị khác" in table.item(rows["000.00.99.H29"], 1).text()
    # Another unit's hub: listed, never chosen.
    table.selectRow(rows["000.00.99.H29"])
    assert not tab.hub_finder.use_button.isEnabled()
    tab.hub_finder.use_selected()
    assert tab.edits["server_url"].text() != "http://127.0.0.1:18182"
    table.selectRow(r)
    assert tab.hub_finder.use_button.isEnabled()
    tab.hub_finder.use_button.click()
    assert tab.edits["server_url"].text() == "http://127.0.0.1:18181"
    # The direct link's wait, set by the admin in the same tab, goes through the use case.
    qtbot.waitUntil(lambda: bool(tab.direct_link.loaded), timeout=10_000)
    assert tab.direct_link.minutes.value() == 30
    tab.edits["server_url"].setText("")  # no token for it in this test: the office stays as it was
    tab.direct_link.minutes.setValue(45)
    tab.save_button.click()
    qtbot.waitUntil(lambda: tab.message.text() == "Đã lưu cài đặt", timeout=10_000)
    assert on_db(qtbot, signed_in, fallback_settings)["direct_after_seconds"] == 45 * 60
    out = os.environ.get("MOTCUA_SHOT_DIR")
    if out:
        tab.grab().save(str(Path(out) / "settings-hubs-found.png"))
