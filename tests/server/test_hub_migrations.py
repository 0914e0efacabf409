"""Issue 13 §7: the hub's Alembic environment, and the upgrade of a real version-1 hub database
(SQLite and PostgreSQL) to the office-keyed schema, checked through the HTTP API a desk uses."""

from __future__ import annotations

import pytest
import requests
from sqlalchemy import create_engine, inspect, text

from server import admin
from server.db import HubDB, SchemaTooNew
from server.migrations import HEAD, VERSION_TABLE
from server.models import SCHEMA_VERSION
from server.store import office_stats
from tests.faults.hub import running_hub
from tests.server.conftest import UNIT_A, UNIT_B
from tests.server.hub_v1 import build
from tests.server.wire import dossier_create, event_append, post


def test_head_constant_is_the_scripts_head() -> None:
    from alembic.script import ScriptDirectory

    from server.migrations import config

    assert ScriptDirectory.from_config(config(None)).get_current_head() == HEAD


def _version(url: str) -> tuple[str, str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rev = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar_one()
            meta = conn.execute(text("SELECT value FROM hub_meta WHERE key = 'schema_version'")).scalar_one()
            return str(rev), str(meta)
    finally:
        engine.dispose()


def test_a_new_hub_is_created_at_head(hub_db_url: str) -> None:
    db = HubDB(hub_db_url)
    db.init()
    db.init()  # idempotent: a second start changes nothing
    db.dispose()
    assert _version(hub_db_url) == (HEAD, str(SCHEMA_VERSION))


def test_version_1_hub_upgrades_and_desks_carry_on(hub_db_url: str) -> None:
    v1 = build(hub_db_url)
    with running_hub(hub_db_url) as running:
        assert _version(hub_db_url) == (HEAD, str(SCHEMA_VERSION))
        auth = {"Authorization": f"Bearer {v1.tokens[UNIT_A]}"}
        # A desk of A had pulled up to its second row: it gets exactly the rows after its cursor.
        cursor = v1.feed[UNIT_A][1]
        page = requests.get(
            running.url + "/api/v1/updates", params={"after": cursor}, headers=auth, timeout=10
        )
        assert [u["seq"] for u in page.json()["updates"]] == [s for s in v1.feed[UNIT_A] if s > cursor]
        assert [u["payload"]["n"] for u in page.json()["updates"]] == [4, 6]
        # Resending what was pushed before the upgrade: duplicates, answered from the migrated ledger.
        again = post(running.url, v1.tokens[UNIT_A], UNIT_A, v1.changes[UNIT_A]).json()["results"]
        assert [r["status"] for r in again] == ["duplicate"] * 3
        assert [r["code"] for r in again] == [c["payload"]["dossier"]["code"] for c in v1.changes[UNIT_A]]
        # B replaying A's change: still refused; a new dossier whose code A already has: refused.
        stolen = post(running.url, v1.tokens[UNIT_B], UNIT_B, v1.changes[UNIT_A][:1]).json()["results"]
        assert stolen[0]["status"] == "rejected" and "đơn vị khác" in stolen[0]["reason"]
        taken = dossier_create(UNIT_A, 1)  # same code as the migrated A-0001, another uuid
        assert (
            post(running.url, v1.tokens[UNIT_A], UNIT_A, [taken]).json()["results"][0]["status"] == "rejected"
        )
        # New work lands after every migrated seq, for both offices, and events join migrated dossiers.
        d = v1.changes[UNIT_A][0]["payload"]["dossier"]
        moved = post(running.url, v1.tokens[UNIT_A], UNIT_A, [event_append(d["uuid"], d["code"])]).json()
        assert moved["results"][0]["status"] == "applied"
        with running.db.write() as s:
            admin.set_status(s, d["code"], "resolved")
        with running.db.write() as s:
            admin.publish_to(s, None, "procedure", {"procedures": []})
        page = requests.get(
            running.url + "/api/v1/updates", params={"after": 6}, headers=auth, timeout=10
        ).json()
        assert [u["type"] for u in page["updates"]] == ["status", "procedure"]
        assert all(u["seq"] > 6 for u in page["updates"])
        auth_b = {"Authorization": f"Bearer {v1.tokens[UNIT_B]}"}
        b_feed = requests.get(
            running.url + "/api/v1/updates", params={"after": 5}, headers=auth_b, timeout=10
        )
        assert [u["type"] for u in b_feed.json()["updates"]] == ["procedure"]
        view = requests.get(f"{running.url}/api/v1/dossiers/{d['uuid']}", headers=auth, timeout=10).json()
        assert [e["kind"] for e in view["events"]] == ["received", "handed_over", "resolved"]
        with running.db.read() as s:
            a = office_stats(s, admin.get_office(s, UNIT_A))
            b = office_stats(s, admin.get_office(s, UNIT_B))
        assert (a["dossiers"], a["events"], a["changes"], a["slips"], a["access_log"]) == (3, 5, 5, 3, 1)
        assert (b["dossiers"], b["events"], b["changes"], b["updates"]) == (3, 3, 3, 3)
    engine = create_engine(hub_db_url)
    try:
        insp = inspect(engine)
        assert not [t for t in insp.get_table_names() if t.startswith("v1_")]
        with engine.connect() as conn:
            offices = conn.execute(
                text("SELECT office_id, COUNT(*) FROM events GROUP BY office_id ORDER BY 1")
            ).all()
            assert [tuple(r) for r in offices] == [(1, 5), (2, 3)]
            assert conn.execute(text("SELECT COUNT(*) FROM citizen_items")).scalar_one() == 2
            assert conn.execute(text("SELECT COUNT(*) FROM blobs")).scalar_one() == 2
            assert conn.execute(text("SELECT COUNT(*) FROM blob_relay")).scalar_one() == 0  # 0003
            assert conn.execute(text("SELECT office_id FROM intake_edits")).scalar_one() == 1
            assert conn.execute(text("SELECT last_cursor FROM desks")).scalar_one() == 2
    finally:
        engine.dispose()


def test_a_newer_hub_database_is_refused(hub_db_url: str) -> None:
    db = HubDB(hub_db_url)
    db.init()
    with db.engine.begin() as conn:
        conn.execute(text(f"UPDATE {VERSION_TABLE} SET version_num = '9999_future'"))
    with pytest.raises(SchemaTooNew):
        db.init()
    db.dispose()


def test_a_version_1_hub_claiming_a_newer_schema_is_refused(hub_db_url: str) -> None:
    build(hub_db_url)
    engine = create_engine(hub_db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE hub_meta SET value = '3' WHERE key = 'schema_version'"))
    engine.dispose()
    db = HubDB(hub_db_url)
    with pytest.raises(SchemaTooNew):
        db.init()
    db.dispose()


def _keys(url: str) -> dict[str, tuple[set[tuple[str, ...]], set[tuple[str, ...]]]]:
    """Each table's unique constraints and indexes, by their columns."""
    engine = create_engine(url)
    try:
        insp = inspect(engine)
        return {
            t: (
                {tuple(u["column_names"]) for u in insp.get_unique_constraints(t)},
                {
                    tuple(str(c) for c in i["column_names"])
                    for i in insp.get_indexes(t)
                    if not i.get("unique")
                },
            )
            for t in ("dossiers", "changes", "events", "slips", "access_log", "citizen_items")
        }
    finally:
        engine.dispose()


def test_revision_4_moves_the_office_after_the_key_and_keeps_every_row(hub_db_url: str, tmp_path) -> None:
    """A hub at revision 0003 (office-first unique keys, built here by the real downgrade) is
    upgraded: its keys become those of a new hub, its rows and their answers stay."""
    from alembic import command

    from server.migrations import config

    with running_hub(hub_db_url) as running:
        with running.db.write() as s:
            token = admin.add_office(s, UNIT_A, "UBND xã Tân Lập")
        sent = [dossier_create(UNIT_A, n) for n in range(1, 4)]
        assert [r["status"] for r in post(running.url, token, UNIT_A, sent).json()["results"]] == [
            "applied"
        ] * 3
    fresh = _keys(hub_db_url)
    assert fresh["dossiers"][0] == {("uuid", "office_id"), ("code", "office_id")}
    assert fresh["events"][0] == fresh["slips"][0] == {("uuid", "office_id")}
    engine = create_engine(hub_db_url)
    with engine.begin() as conn:
        command.downgrade(config(conn), "0003_blob_relay")
    engine.dispose()
    old = _keys(hub_db_url)
    assert old["dossiers"] == ({("office_id", "uuid"), ("office_id", "code")}, {("uuid",)})
    assert old["changes"] == ({("office_id", "change_id")}, {("change_id",)})
    assert old["events"][0] == {("office_id", "uuid")}
    assert _version(hub_db_url) == ("0003_blob_relay", "3")
    with running_hub(hub_db_url) as running:
        assert _version(hub_db_url) == (HEAD, str(SCHEMA_VERSION))
        again = post(running.url, token, UNIT_A, sent).json()["results"]
        assert [r["status"] for r in again] == ["duplicate"] * 3
        taken = dossier_create(UNIT_A, 2)  # the code of a migrated dossier, another uuid: refused
        assert post(running.url, token, UNIT_A, [taken]).json()["results"][0]["status"] == "rejected"
    assert _keys(hub_db_url) == fresh


def _foreign_keys(url: str) -> dict[str, set[tuple[str, tuple[str, ...]]]]:
    """Each write table's foreign keys, as (referred table, columns)."""
    engine = create_engine(url)
    try:
        insp = inspect(engine)
        return {
            t: {(fk["referred_table"], tuple(fk["constrained_columns"])) for fk in insp.get_foreign_keys(t)}
            for t in ("dossiers", "changes", "events", "slips")
        }
    finally:
        engine.dispose()


def test_revisions_5_and_6_drop_the_per_change_office_checks_and_keep_the_rest(hub_db_url: str) -> None:
    """A hub taken back to 0004 (by the real downgrades: the office keys of changes, events and
    dossiers return) is upgraded: those three go, the event's key to its dossier stays and still
    refuses an orphan, the tables written now and then keep theirs, and every row and answer is
    kept."""
    from alembic import command
    from sqlalchemy.exc import IntegrityError

    from server.migrations import config

    with running_hub(hub_db_url) as running:
        with running.db.write() as s:
            token = admin.add_office(s, UNIT_A, "UBND xã Tân Lập")
        sent = [dossier_create(UNIT_A, n) for n in range(1, 4)]
        d = sent[0]
        sent.append(event_append(d["entity_uuid"], d["payload"]["dossier"]["code"]))
        assert [r["status"] for r in post(running.url, token, UNIT_A, sent).json()["results"]] == [
            "applied"
        ] * 4
    fresh = _foreign_keys(hub_db_url)
    assert fresh["changes"] == set()
    assert fresh["events"] == {("dossiers", ("office_id", "dossier_id"))}
    assert fresh["dossiers"] == set()
    assert ("offices", ("office_id",)) in fresh["slips"]
    engine = create_engine(hub_db_url)
    with engine.begin() as conn:
        command.downgrade(config(conn), "0004_key_first")
    engine.dispose()
    old = _foreign_keys(hub_db_url)
    assert old["changes"] == {("offices", ("office_id",))}
    assert old["events"] == fresh["events"] | {("offices", ("office_id",))}
    assert old["dossiers"] == {("offices", ("office_id",))}
    assert _version(hub_db_url) == ("0004_key_first", "4")
    with running_hub(hub_db_url) as running:
        assert _version(hub_db_url) == (HEAD, str(SCHEMA_VERSION))
        again = post(running.url, token, UNIT_A, sent).json()["results"]
        assert [r["status"] for r in again] == ["duplicate"] * 4
    assert _foreign_keys(hub_db_url) == fresh
    db = HubDB(hub_db_url)  # foreign keys on, as the hub runs (SQLite: the pragma at connect)
    try:
        with pytest.raises(IntegrityError), db.engine.begin() as conn:
            conn.execute(
                text("INSERT INTO events (office_id, id, uuid, dossier_id, kind, at, actor, note, origin, "
                     "received_at) VALUES (1, 999, 'e-orphan', 12345, 'received', 'x', '', '', 'desk', 'x')")
            )  # fmt: skip
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM events")).scalar_one() == 4
            assert conn.execute(text("SELECT COUNT(*) FROM changes")).scalar_one() == 4
    finally:
        db.dispose()
