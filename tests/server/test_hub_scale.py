"""Issue 13: the hub can be distributed by office (docs/hub-scale.md).

The rule, checked on the schema and on the SQL a real push/pull/admin cycle sends over HTTP:
every distributed table has office_id in its primary key and in every unique constraint, and
every statement that touches a distributed table names office_id.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests
from sqlalchemy import Index, UniqueConstraint, event

from server import admin, desks
from server.models import DISTRIBUTED, REFERENCE, HubBase
from server.store import office_stats
from tests.server.conftest import UNIT_A, UNIT_B, Hub
from tests.server.wire import change, dossier_create, event_append, new_id, post

TABLE_RE = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE|COPY)\s+\"?([a-z_]+)\"?", re.IGNORECASE)
# The one statement allowed to span offices without naming one: a broadcast's seq is taken above
# every office's counter (server/db.py ref_seq); an operator's command, under the reference lock.
EXEMPT = ("SELECT MAX(m) FROM (SELECT COALESCE(MAX(seq), 0) AS m FROM office_feed",)


def test_every_distributed_table_has_office_id_in_its_keys() -> None:
    tables = HubBase.metadata.tables
    assert set(tables) == set(DISTRIBUTED) | set(REFERENCE), "classify every new table in server/models.py"
    for name in DISTRIBUTED:
        t = tables[name]
        assert "office_id" in t.primary_key.columns, name
        assert t.primary_key.columns.keys()[0] == "office_id", name
        for c in t.constraints:
            if isinstance(c, UniqueConstraint):
                assert "office_id" in c.columns, (name, c.name)
        for ix in t.indexes:
            if isinstance(ix, Index) and ix.unique:
                assert "office_id" in ix.columns, (name, ix.name)
        for fk in t.foreign_key_constraints:
            target = fk.elements[0].column.table.name
            if target in DISTRIBUTED:  # colocated: the reference carries the office
                assert "office_id" in fk.column_keys, (name, fk.column_keys)


@contextmanager
def captured(hub: Hub) -> Iterator[list[str]]:
    statements: list[str] = []
    lock = threading.Lock()

    def listen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        with lock:
            statements.append(statement)

    engine = hub.running.db.engine
    event.listen(engine, "before_cursor_execute", listen)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", listen)


def offenders(statements: list[str]) -> list[str]:
    bad = []
    for sql in statements:
        touched = {t.lower() for t in TABLE_RE.findall(sql)}
        if touched & set(DISTRIBUTED) and "office_id" not in sql and not sql.strip().startswith(EXEMPT):
            bad.append(sql)
    return bad


def test_every_statement_of_a_push_pull_admin_cycle_names_the_office(hub: Hub) -> None:
    auth = {"Authorization": f"Bearer {hub.token_a}"}
    with captured(hub) as statements:
        create = dossier_create(UNIT_A, 1)
        d = create["payload"]["dossier"]
        owner_uuid = d["owner"]["uuid"]
        fb_uuid, rating_uuid = new_id(), new_id()
        batch = [
            create,
            event_append(d["uuid"], d["code"]),
            change("dossier", "update", d["uuid"], {"dossier": {**d, "notes": "sửa"}}),
            change("slip", "printed", new_id(), {"dossier_uuid": d["uuid"], "dossier_code": d["code"], "kind": "receipt"}),
            change("access", "logged", new_id(), {"kind": "view", "dossier_code": d["code"]}),
            change("rating", "submit", rating_uuid, {"rating": {"uuid": rating_uuid, "level": 3}, "dossier_uuid": d["uuid"]}),
            change("feedback", "submit", fb_uuid, {"feedback": {"uuid": fb_uuid, "text": "Tốt"}}),
            change("feedback", "answer", fb_uuid, {"feedback_uuid": fb_uuid, "answer": "Cảm ơn"}),
            change("person", "erased", owner_uuid, {"applicant_uuids": [owner_uuid], "dossier_uuids": [d["uuid"]]}),
        ]  # fmt: skip
        first = post(hub.url, hub.token_a, UNIT_A, batch)
        assert first.status_code == 200, first.text
        assert [r["status"] for r in first.json()["results"]] == ["applied"] * len(batch)
        again = post(hub.url, hub.token_a, UNIT_A, batch).json()["results"]
        assert {r["status"] for r in again} == {"duplicate"}
        # Another office replaying A's change and A's dossier uuid: refused, as before issue 13.
        steal = dossier_create(UNIT_B, 1, dossier_uuid=d["uuid"])
        other = post(hub.url, hub.token_b, UNIT_B, [create, steal]).json()["results"]
        assert [r["status"] for r in other] == ["rejected", "rejected"]
        with hub.running.db.write() as s:
            admin.set_status(s, d["code"], "resolved", note="Đã ký")
            admin.submit(s, UNIT_A, "1.001022", {"name": "Đặng Ưng Ổn", "id_type": "cccd", "id_number": "1"})
            admin.publish_to(s, UNIT_A, "calendar", {"days": []})
        with hub.running.db.write() as s:
            admin.publish_to(s, None, "procedure", {"procedures": [{"code": "1.001022", "name": "x"}]})
        feed = requests.get(hub.url + "/api/v1/updates", headers=auth, timeout=10).json()
        assert [u["type"] for u in feed["updates"]] == ["status", "submission", "calendar", "procedure"]
        assert (
            requests.get(f"{hub.url}/api/v1/dossiers/{d['uuid']}", headers=auth, timeout=10).status_code
            == 200
        )
        blob = b"%PDF-1.4 scale test " + new_id().encode()  # fresh bytes: a shared blob dir may hold old ones
        sha = hashlib.sha256(blob).hexdigest()
        missing = requests.post(
            hub.url + "/api/v1/blobs/missing", json={"hashes": [sha]}, headers=auth, timeout=10
        )
        assert missing.json()["missing"] == [sha]
        put = requests.put(f"{hub.url}/api/v1/blobs/{sha}", params={"offset": 0}, data=blob,
                           headers={**auth, "X-Blob-Size": str(len(blob))}, timeout=10)  # fmt: skip
        assert put.json()["complete"] is True
        assert requests.get(f"{hub.url}/api/v1/blobs/{sha}", headers=auth, timeout=10).content == blob
        with hub.running.db.read() as s:
            stats = office_stats(s, admin.get_office(s, UNIT_A))
        assert stats["dossiers"] == 2 and stats["updates"] == 4
        # Office mode: a desk of office A pushes and pulls with its own token.
        with hub.running.db.write() as s:
            desk_token = admin_desk = desks.add_desk(s, UNIT_A, 2)
        assert admin_desk
        desk_auth = {"Authorization": f"Bearer {desk_token}"}
        second = dossier_create(UNIT_A, 2001)
        sd = second["payload"]["dossier"]
        res = post(hub.url, desk_token, UNIT_A, [second, event_append(sd["uuid"], sd["code"]),
                   change("dossier", "update", sd["uuid"], {"dossier": {**sd, "notes": "x"},
                          "changes": {"dossier": {"notes": "x"}}})])  # fmt: skip
        assert [r["status"] for r in res.json()["results"]] == ["applied"] * 3
        page = requests.get(hub.url + "/api/v1/updates", params={"after": feed["cursor"]}, headers=desk_auth,
                            timeout=10).json()  # fmt: skip
        assert [u["type"] for u in page["updates"]] == ["dossier", "status", "dossier"]
        assert requests.get(hub.url + "/api/v1/conflicts", headers=desk_auth, timeout=10).status_code == 200
    touched = [sql for sql in statements if set(t.lower() for t in TABLE_RE.findall(sql)) & set(DISTRIBUTED)]
    assert len(touched) > 40  # the capture saw the cycle
    if not hub.db_url.startswith("sqlite"):  # a batch's rows go in by COPY, and the capture sees it
        assert {s.split(" (")[0] for s in statements if s.startswith("COPY ")} >= {
            "COPY dossiers",
            "COPY changes",
        }
    assert offenders(statements) == []


def test_the_rule_check_catches_a_statement_without_the_office() -> None:
    assert offenders(["SELECT id FROM dossiers WHERE uuid = ?"]) == ["SELECT id FROM dossiers WHERE uuid = ?"]
    assert offenders(["COPY events (id, uuid) FROM STDIN"]) == ["COPY events (id, uuid) FROM STDIN"]
    assert offenders(["SELECT id FROM offices WHERE unit_code = ?"]) == []
    assert offenders(["SELECT id FROM dossiers WHERE office_id = ? AND uuid = ?"]) == []
