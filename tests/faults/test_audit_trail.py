"""Issue 8 §6: a trimmed or rewritten audit trail is noticed by ``motcua check``.

The tamperer here has the database file (drops the triggers with raw SQL, deletes rows, recomputes
every hash) but not the anchor key kept in the user's config dir.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.desk import Desk
from app.store import anchor, audit
from app.store.audit import GENESIS, PROTECTING_TRIGGERS
from tests.faults.deskkit import make_dossiers, motcua, open_desk

TRIGGER_SQL = {
    f"{t}_no_{a}": f"CREATE TRIGGER {t}_no_{a} BEFORE {a.upper()} ON {t} BEGIN SELECT RAISE(ABORT, 'x'); END"
    for t in ("audit", "dossier_event")
    for a in ("update", "delete")
}


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    d = tmp_path / "desk"
    desk = open_desk(d)
    make_dossiers(desk, 2)
    make_dossiers(desk, 2, start=2)
    desk.close()
    yield d


def check(data_dir: Path) -> tuple[int, dict[str, object]]:
    r = motcua(data_dir, "check", "--json")
    return r.returncode, json.loads(r.stdout)


def _raw(data_dir: Path) -> sqlite3.Connection:
    return sqlite3.connect(data_dir / "motcua.sqlite3", isolation_level=None)


def _recompute_hashes(con: sqlite3.Connection) -> None:
    """What a careful tamperer does after editing: rebuild the whole chain with the public formula."""
    from app.store.audit import _digest
    from app.store.models import Audit

    with Desk.open(Path(con.execute("PRAGMA database_list").fetchone()[2]).parent, lock=False) as desk:
        with desk.read() as s:
            rows = list(s.query(Audit).order_by(Audit.id))
            s.expunge_all()
    prev = GENESIS
    for row in rows:
        row.prev_hash = prev
        row.hash = _digest(prev, row)
        con.execute("UPDATE audit SET prev_hash=?, hash=? WHERE id=?", (row.prev_hash, row.hash, row.id))
        prev = row.hash


def test_a_clean_store_passes_and_its_anchor_matches_the_chain(data_dir: Path) -> None:
    code, out = check(data_dir)
    assert code == 0, out["problems"]
    a = anchor.read(data_dir / "motcua.sqlite3")
    assert a is not None and a.head.rows == out["audit_rows"]


def test_deleting_the_newest_rows_is_noticed(data_dir: Path) -> None:
    con = _raw(data_dir)
    con.execute("DROP TRIGGER audit_no_delete")
    con.execute("DELETE FROM audit WHERE id IN (SELECT id FROM audit ORDER BY id DESC LIMIT 2)")
    con.execute(TRIGGER_SQL["audit_no_delete"])  # and puts the guard back, to leave no trace
    con.close()
    code, out = check(data_dir)
    assert code == 1
    assert out["audit_broken_at"] is None  # the chain itself is whole: only the anchor shows the trim
    assert any("ngắn hơn mốc neo" in p and "mất 2 dòng" in p for p in out["problems"]), out["problems"]


def test_recomputing_every_hash_after_an_edit_is_noticed(data_dir: Path) -> None:
    con = _raw(data_dir)
    con.execute("DROP TRIGGER audit_no_update")
    con.execute(
        "UPDATE audit SET actor='ke-gian' WHERE id = (SELECT min(id) FROM audit WHERE action='dossier.intake')"
    )
    _recompute_hashes(con)
    con.execute(TRIGGER_SQL["audit_no_update"])
    con.close()
    code, out = check(data_dir)
    assert code == 1 and out["audit_broken_at"] is None
    assert any("khác mốc neo" in p for p in out["problems"]), out["problems"]


def test_a_dropped_trigger_is_noticed(data_dir: Path) -> None:
    con = _raw(data_dir)
    con.execute("DROP TRIGGER dossier_event_no_delete")
    con.close()
    code, out = check(data_dir)
    assert code == 1
    assert any("thiếu trigger" in p and "dossier_event_no_delete" in p for p in out["problems"]), out[
        "problems"
    ]
    assert set(PROTECTING_TRIGGERS) == set(TRIGGER_SQL)


def test_a_deleted_anchor_is_noticed_and_not_silently_rearmed(data_dir: Path) -> None:
    (data_dir / "motcua.sqlite3.audit-anchor").unlink()
    desk = Desk.open(data_dir)
    make_dossiers(desk, 1, start=10)  # the next audited commit must not recreate it
    desk.close()
    anchor.forget(data_dir / "motcua.sqlite3")
    assert not (data_dir / "motcua.sqlite3.audit-anchor").exists()
    code, out = check(data_dir)
    assert code == 1 and any("không có tệp mốc neo" in p for p in out["problems"]), out["problems"]


def test_an_edited_anchor_file_is_noticed(data_dir: Path) -> None:
    path = data_dir / "motcua.sqlite3.audit-anchor"
    doc = json.loads(path.read_text())
    body = json.loads(doc["body"])
    body["head"]["rows"] -= 2
    doc["body"] = json.dumps(body, sort_keys=True, separators=(",", ":"))
    path.write_text(json.dumps(doc))
    code, out = check(data_dir)
    assert code == 1 and any("chữ ký" in p for p in out["problems"]), out["problems"]


def test_only_the_crash_window_after_a_commit_is_tolerated(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = data_dir / "motcua.sqlite3"
    # The process dies right after the commit, before the anchor is rewritten.
    monkeypatch.setattr(anchor, "note_commit", lambda *_a: None)
    desk = Desk.open(data_dir)
    make_dossiers(desk, 1, start=20)
    desk.close()
    monkeypatch.undo()
    anchor.forget(db)
    a = anchor.read(db)
    with Desk.open(data_dir) as desk, desk.read() as s:
        assert a is not None and audit.head(s).rows > a.head.rows  # the file is one commit behind
    code, out = check(data_dir)
    assert code == 0, out["problems"]  # the chain ends exactly at the pending head of that commit
    # A row appended behind the desk's back (hash computed with the public formula) is not.
    with Desk.open(data_dir) as desk, desk.tx() as s:
        s.info["audit_rows_by_hash"] = {}  # keep the anchoring hooks out: this is raw tampering
        audit.record(s, "ke-gian", "dossier.intake", "dossier", "X")
        s.info.pop("audit_rows_by_hash")
    code, out = check(data_dir)
    assert code == 1 and any("không được neo" in p for p in out["problems"]), out["problems"]


def test_the_hub_keeps_the_head_and_a_trim_hidden_by_an_old_anchor_copy_is_noticed(tmp_path: Path) -> None:
    """The tamperer also puts back an older anchor file (a valid MAC: the desk wrote it): the hub's
    head, pushed by the last sync, is not in the trimmed chain, so the next sync records it and
    ``check`` fails."""
    import shutil

    from server import admin
    from sync.engine import run_sync
    from tests.faults.deskkit import UNIT_A
    from tests.faults.hub import running_hub

    with running_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}") as hub:
        with hub.db.write() as s:
            token = admin.add_office(s, UNIT_A, "UBND xã Tân Lập")
        d = tmp_path / "desk"
        desk = open_desk(d, server=hub.url, token=token)
        make_dossiers(desk, 2)
        db = desk.db_path
        assert run_sync(desk, sleep=lambda _s: None).ok
        old_copy = tmp_path / "anchor-copy"
        shutil.copyfile(anchor.anchor_path(db), old_copy)
        with desk.read() as s:
            rows_then = audit.head(s).rows
        make_dossiers(desk, 2, start=2)
        report = run_sync(desk, sleep=lambda _s: None)
        assert report.ok and not report.warnings, report.warnings
        a = anchor.read(db)
        assert a is not None and a.hub == a.head  # the hub acknowledged the head
        desk.close()

        con = _raw(d)
        con.execute("DROP TRIGGER audit_no_delete")
        con.execute(
            "DELETE FROM audit WHERE id > (SELECT id FROM audit ORDER BY id LIMIT 1 OFFSET ?)",
            (rows_then - 1,),
        )
        con.execute(TRIGGER_SQL["audit_no_delete"])
        con.close()
        shutil.copyfile(old_copy, anchor.anchor_path(db))
        code, out = check(d)
        assert code == 0, out["problems"]  # locally the trim is invisible now...
        desk = Desk.open(d)
        report = run_sync(desk, sleep=lambda _s: None)
        desk.close()
        assert any("mốc neo máy chủ" in w for w in report.warnings), report.warnings
        code, out = check(d)
        assert code == 1  # ...but not to the hub
        assert any("mốc neo máy chủ" in p for p in out["problems"]), out["problems"]
