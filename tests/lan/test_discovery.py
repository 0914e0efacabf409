"""The office hub announces itself with DNS-SD on loopback (env-notes: zeroconf recipe)."""

from __future__ import annotations

from pathlib import Path

import pytest

from server import discovery
from server.db import HubDB


def test_announce_is_found_with_office_code_name_and_fingerprint(tmp_path: Path) -> None:
    db = HubDB(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    db.init()
    fp = discovery.fingerprint(db)
    assert fp == discovery.fingerprint(db) and len(fp) == 19  # stable: the key is made once
    try:
        ann = discovery.Announcer(unit_code="000.00.12.H29", name="Trung tâm PVHCC xã Tân Lập", fp=fp,
                                  port=18080, address="127.0.0.1", interfaces=["127.0.0.1"])  # fmt: skip
    except OSError as exc:  # pragma: no cover - multicast unavailable on this host
        pytest.skip(f"multicast unavailable: {exc}")
    try:
        found = discovery.browse(3.0, ["127.0.0.1"])
    finally:
        ann.close()
        db.dispose()
    hub = next(h for h in found if h.unit_code == "000.00.12.H29")
    assert hub.url == "http://127.0.0.1:18080"
    assert hub.name == "Trung tâm PVHCC xã Tân Lập" and hub.fingerprint == fp
