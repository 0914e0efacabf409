"""A real version-1 hub database (the schema main had at 5612d0d, before the hub's Alembic), for
the upgrade test: built from the frozen version-1 models with rows as that hub wrote them.

Two offices whose feeds interleave on the one global seq that version 1 had, dossiers with their
first events, the exactly-once ledger (real payload hashes, so a resend must deduplicate against
the migrated rows), slips, access-log entries, blobs, citizen items, desks, an audit anchor.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import create_engine, insert

from server.admin import hash_token
from server.db import dumps
from server.migrations import schema_v1 as v1
from sync.protocol import change_hash
from tests.server.conftest import UNIT_A, UNIT_B
from tests.server.wire import dossier_create, new_id

STAMP = "2026-03-12T09:20:00+07:00"


@dataclass
class V1Hub:
    tokens: dict[str, str]
    changes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # unit -> pushed changes
    feed: dict[str, list[int]] = field(default_factory=dict)  # unit -> its seqs, in order
    dossier_ids: dict[str, int] = field(default_factory=dict)  # dossier uuid -> id


def build(url: str) -> V1Hub:
    engine = create_engine(url)
    v1.V1Base.metadata.create_all(engine)
    hub = V1Hub(tokens={UNIT_A: "token-a-" + "x" * 40, UNIT_B: "token-b-" + "y" * 40})
    with engine.begin() as conn:
        conn.execute(insert(v1.Meta), [{"key": "schema_version", "value": "1"}])
        conn.execute(
            insert(v1.OfficeRow),
            [
                {"id": n, "unit_code": unit, "name": f"Xã {n}", "token_hash": hash_token(hub.tokens[unit]),
                 "created_at": STAMP}
                for n, unit in ((1, UNIT_A), (2, UNIT_B))
            ],
        )  # fmt: skip
        dossier_id = event_id = change_id = 0
        for office_id, unit in ((1, UNIT_A), (2, UNIT_B)):
            hub.changes[unit] = []
            for number in (1, 2, 3):
                c = dossier_create(unit, number)
                d = c["payload"]["dossier"]
                dossier_id += 1
                event_id += 1
                change_id += 1
                hub.dossier_ids[d["uuid"]] = dossier_id
                hub.changes[unit].append(c)
                conn.execute(
                    insert(v1.DossierRow),
                    [{"id": dossier_id, "uuid": d["uuid"], "office_id": office_id, "code": d["code"],
                      "procedure_code": d["procedure_code"], "channel": "direct", "status": d["status"],
                      "received_at": d["received_at"], "due_at": d["due_at"], "snapshot": dumps(d), "origin": "desk",
                      "created_at": STAMP, "updated_at": STAMP}],
                )  # fmt: skip
                conn.execute(
                    insert(v1.EventRow),
                    [{"id": event_id, "uuid": c["payload"]["event_uuid"], "dossier_id": dossier_id,
                      "kind": "received", "at": d["received_at"], "actor": "test", "to_status": d["status"],
                      "due_after": d["due_at"], "note": "", "origin": "desk", "received_at": STAMP}],
                )  # fmt: skip
                result = {"status": "applied", "reason": "", "code": d["code"]}
                conn.execute(
                    insert(v1.ChangeRow),
                    [{"id": change_id, "change_id": c["change_id"], "office_id": office_id, "entity": "dossier",
                      "op": "create", "entity_uuid": c["entity_uuid"],
                      "payload_hash": change_hash("dossier", "create", c["entity_uuid"], c["payload"]),
                      "result": json.dumps(result), "received_at": STAMP}],
                )  # fmt: skip
                conn.execute(
                    insert(v1.SlipRow),
                    [{"id": dossier_id, "uuid": new_id(), "office_id": office_id, "dossier_id": dossier_id,
                      "payload": "{}", "received_at": STAMP}],
                )  # fmt: skip
            conn.execute(
                insert(v1.AccessRow),
                [{"id": office_id, "uuid": new_id(), "office_id": office_id, "payload": "{}", "received_at": STAMP}],
            )  # fmt: skip
            conn.execute(
                insert(v1.BlobRow),
                [{"id": office_id, "office_id": office_id, "sha256": f"{office_id:064x}", "size": 10,
                  "received_at": STAMP}],
            )  # fmt: skip
            conn.execute(
                insert(v1.CitizenRow),
                [{"id": office_id, "uuid": new_id(), "office_id": office_id, "entity": "rating",
                  "dossier_id": dossier_id, "payload": '{"level": 3}', "received_at": STAMP}],
            )  # fmt: skip
            conn.execute(
                insert(v1.AnchorRow),
                [{"office_id": office_id, "chain": "c" * 64, "rows": 5, "hash": "d" * 64, "received_at": STAMP}],
            )  # fmt: skip
        conn.execute(
            insert(v1.DeskRow),
            [{"id": 1, "office_id": 1, "workstation": 1, "token_hash": hash_token("desk-1-" + "z" * 40),
              "created_at": STAMP, "last_cursor": 2}],
        )  # fmt: skip
        conn.execute(
            insert(v1.IntakeEditRow),
            [{"dossier_id": 1, "desk": 1, "change_id": new_id(), "seq": 1, "changes": "{}"}],
        )  # fmt: skip
        # One global seq in version 1: the two offices' rows interleave.
        order = [UNIT_A, UNIT_A, UNIT_B, UNIT_A, UNIT_B, UNIT_A]
        hub.feed = {UNIT_A: [], UNIT_B: []}
        for seq, unit in enumerate(order, start=1):
            conn.execute(
                insert(v1.UpdateRow),
                [{"seq": seq, "office_id": 1 if unit == UNIT_A else 2, "type": "calendar",
                  "payload": dumps({"days": [], "n": seq}), "created_at": STAMP}],
            )  # fmt: skip
            hub.feed[unit].append(seq)
    engine.dispose()
    return hub
