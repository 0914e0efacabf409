"""Dossier codes stay disjoint across 9 desks with no link at all, and against online submissions."""

from __future__ import annotations

from pathlib import Path

from server import admin
from server.db import HubDB
from tests.faults.deskkit import UNIT_A, make_dossiers, open_desk


def test_nine_offline_desks_and_online_submissions_never_share_a_code(tmp_path: Path) -> None:
    hub = HubDB(f"sqlite:///{tmp_path / 'province.sqlite3'}")
    hub.init()
    with hub.write() as s:
        admin.add_office(s, UNIT_A, "Xã Tân Lập")
    codes: list[str] = []
    for k in range(1, 10):
        desk = open_desk(tmp_path / f"desk{k}", workstation=k, workstation_count=9)
        try:
            made = make_dossiers(desk, 30, start=k * 100, received_days_ago=0)
            assert all(int(c[-4:]) // 1000 == k for c in made)  # desk K stays in K001–K999
            codes += made
        finally:
            desk.close()
    with hub.write() as s:
        online = [
            admin.submit(s, UNIT_A, "1.001022", {"name": f"Người nộp {i}", "id_type": "cccd",
                                                 "id_number": f"0381880{i:05d}"})["code"]
            for i in range(40)
        ]  # fmt: skip
    assert all(int(c[-4:]) < 1000 for c in online)  # block 0: no desk of a several-desk office issues it
    everything = codes + online
    assert len(everything) == len(set(everything)) == 9 * 30 + 40
    hub.dispose()
