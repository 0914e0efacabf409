"""The wire contract between the real desk and the hub: every change the desk writes passes the
hub's schema and hashes the same on both sides."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from app.domain.clock import TZ
from app.services import transitions
from app.store.models import Outbox
from server.schemas import ChangesIn
from sync.engine import _wire
from sync.protocol import change_hash, gzip_bytes, inflate
from tests.faults.deskkit import ACTOR, UNIT_A, make_dossiers, open_desk


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
