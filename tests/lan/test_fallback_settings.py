"""The direct link's settings: what the office hub hands out and to whom, who may change them, and
an admin's "off" that the hand-out does not undo (app/usecases/fallback.py, server/lan_api.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from app.domain.validation import ValidationError
from app.usecases.actor import Actor, PermissionDenied
from app.usecases.fallback import fallback_settings, set_fallback
from server import admin, desks, relay
from sync.engine import SyncConfig, run_sync
from tests.faults.deskkit import UNIT_A, open_desk
from tests.faults.hub import running_hub

ADMIN = Actor("test:admin", "Quản trị thử", "admin", "cli")
CLERK = Actor("test:clerk", "Cán bộ thử", "clerk", "cli")
CFG = SyncConfig(seed=1, max_attempts=2, backoff_base=0.01, connect_timeout=2, read_timeout=5)


def test_hand_out_permissions_and_off(tmp_path: Path) -> None:
    with running_hub(f"sqlite:///{tmp_path / 'office.sqlite3'}") as hub:
        with hub.db.write() as s:
            office_token = admin.add_office(s, UNIT_A, "Xã Tân Lập")
            desk_token = desks.add_desk(s, UNIT_A, 1)
        desk = open_desk(tmp_path / "desk", server=hub.url, token=desk_token)
        try:
            # No upstream on the office hub yet: nothing handed out, the sync still works.
            assert run_sync(desk, config=CFG).ok
            assert fallback_settings(desk)["province_url"] == ""
            relay.set_upstream(hub.db, "https://hub.tinh.example/", "OFFICE-TOKEN", UNIT_A)
            # Only a desk of the office gets it: not the office token, not a stranger.
            url = f"{hub.url}/api/v1/fallback"
            assert (
                requests.get(url, headers={"Authorization": f"Bearer {office_token}"}, timeout=5).status_code
                == 403
            )
            assert requests.get(url, timeout=5).status_code == 401
            got = requests.get(url, headers={"Authorization": f"Bearer {desk_token}"}, timeout=5).json()
            assert got == {"url": "https://hub.tinh.example", "token": "OFFICE-TOKEN", "unit_code": UNIT_A,
                           "cursor": 0}  # fmt: skip
            assert run_sync(desk, config=CFG).ok
            s1 = fallback_settings(desk)
            assert s1["province_url"] == "https://hub.tinh.example" and s1["token_set"]
            assert s1["source"] == "office_hub" and s1["province_unit"] == UNIT_A
            assert "token" not in s1 and "OFFICE-TOKEN" not in str(s1)
            # A clerk changes nothing; a bad address is refused, nothing stored.
            with pytest.raises(PermissionDenied):
                set_fallback(desk, CLERK, direct_after_seconds=5)
            with pytest.raises(ValidationError):
                set_fallback(desk, ADMIN, province_url="hub.tinh.example", direct_after_seconds=5)
            with pytest.raises(ValidationError):
                set_fallback(desk, ADMIN, direct_after_seconds=0)
            assert fallback_settings(desk) == s1
            # An admin turns the direct link off: the next hand-out does not turn it back on.
            off = set_fallback(desk, ADMIN, province_url="")
            assert off["source"] == "off" and not off["token_set"] and off["province_url"] == ""
            assert run_sync(desk, config=CFG).ok
            assert fallback_settings(desk)["source"] == "off"
            assert run_sync(desk, config=CFG).direct_ready is False
        finally:
            desk.close()
