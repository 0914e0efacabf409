"""The DVCQG mapping (domain.md §3) and the wire contract between the real desk and the hub."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.domain.clock import TZ
from app.services import transitions
from app.services.snapshot import dossier_dict, event_dict
from app.store.models import Dossier, Outbox
from server.schemas import ChangesIn
from sync import portal
from sync.engine import _wire
from sync.protocol import change_hash, gzip_bytes, inflate
from tests.faults.deskkit import ACTOR, UNIT_A, make_dossiers, open_desk


def test_portal_dates_are_yyyymmddhhmmss_in_vietnam_time() -> None:
    assert portal.to_portal_datetime("2025-01-24T10:00:00+07:00") == "20250124100000"
    assert portal.to_portal_datetime("2025-01-24T03:00:00+00:00") == "20250124100000"
    assert portal.from_portal_datetime("20250124100000") == datetime(2025, 1, 24, 10, 0, tzinfo=TZ)
    assert portal.to_portal_datetime(None) is None
    for bad in ("2025012410000", "20251324100000", "2025-01-24"):
        with pytest.raises(portal.PortalFormatError):
            portal.from_portal_datetime(bad)


def test_portal_codes_for_status_channel_and_identity() -> None:
    assert [portal.status_code(s) for s in ("submitted", "received", "resolved", "returned")] == [1, 2, 9, 10]
    assert portal.status_from_code("5") == "supplement_requested"
    with pytest.raises(portal.PortalFormatError):
        portal.status_from_code(11)
    assert portal.DVCQG_CHANNEL == {"direct": 1, "online": 2, "postal": 3}
    assert portal.identity({"id_type": "cccd", "id_number": "038188000001"}) == [
        {"LoaiDinhDanh": "1", "SoDinhDanh": "038188000001"}
    ]
    assert portal.identity({"id_type": "cmnd", "id_number": "123456789"})[0]["LoaiDinhDanh"] == "2"
    assert portal.identity({"id_type": "passport", "id_number": "C1234567"}) == []


def test_a_real_dossier_maps_to_a_dongbohosomc_record_and_progress_steps(tmp_path: Path) -> None:
    desk = open_desk(tmp_path / "desk")
    try:
        [code] = make_dossiers(desk, 1, events=1)
        with desk.read() as s:
            d = s.scalar(select(Dossier).where(Dossier.code == code))
            assert d is not None
            snap, events = dossier_dict(d, unit_code=UNIT_A), [event_dict(e, d) for e in d.events]
    finally:
        desk.close()
    rec = portal.dossier_record(snap, processing_unit="Tư pháp - Hộ tịch")
    assert rec["MaHoSo"] == code and rec["MaTTHC"] == "1.001022" and rec["TrangThaiHoSo"] == 4
    assert rec["KenhThucHien"] == 1 and rec["HinhThuc"] == 0 and rec["LoaiDoiTuong"] == 1
    assert rec["DinhDanhCHS"] == [{"LoaiDinhDanh": "1", "SoDinhDanh": snap["owner"]["id_number"]}]
    assert len(rec["NgayTiepNhan"]) == 14 and rec["NgayTiepNhan"] == portal.to_portal_datetime(
        snap["received_at"]
    )
    assert rec["NgayHenTra"] == portal.to_portal_datetime(snap["due_at"])
    step = portal.progress_step(events[-1], department="Tư pháp")
    assert step["MaHoSo"] == code and step["TrangThai"] == 4 and len(step["ThoiDiemXuLy"]) == 14
    assert portal.status_from_step(step)[0] == "in_progress"


def test_every_change_the_desk_writes_passes_the_hubs_schema_and_hashes_stably(tmp_path: Path) -> None:
    desk = open_desk(tmp_path / "desk")
    try:
        codes = make_dossiers(desk, 3, events=3)
        with desk.tx() as s:
            transitions.extend(
                s, codes[0], datetime(2027, 1, 4, 10, 0, tzinfo=TZ), reason="Chờ xác minh", actor=ACTOR
            )
        with desk.read() as s:
            rows = list(s.scalars(select(Outbox).order_by(Outbox.id)))
    finally:
        desk.close()
    assert {(r.entity, r.op) for r in rows} == {("dossier", "create"), ("event", "append")}
    raw = ('{"office":"' + UNIT_A + '","changes":[' + ",".join(_wire(r) for r in rows) + "]}").encode()
    body = json.loads(inflate(gzip_bytes(raw)))
    ChangesIn.model_validate(body)  # raises on any drift between the desk and the hub
    for sent, row in zip(body["changes"], rows, strict=True):
        # What the hub hashes is exactly the frozen payload: a resend is recognised as the same.
        assert sent["payload"] == json.loads(row.payload)
        assert change_hash(sent["entity"], sent["op"], sent["entity_uuid"], sent["payload"]) == change_hash(
            row.entity, row.op, row.entity_uuid, json.loads(row.payload)
        )
