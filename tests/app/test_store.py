"""The local store: pragmas, the single-instance lock, crash safety, backup and restore."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from datetime import time as dtime
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from app.desk import Desk
from app.domain.clock import at
from app.store import audit
from app.store.backup import BackupError, backup_to, inspect_file, restore_from
from app.store.datadir import DataDirLocked
from app.store.engine import BUSY_TIMEOUT_MS
from tests.app.deskkit import (
    REPO_ROOT,
    THU,
    UNIT,
    cccd,
    counts,
    dossier_count,
    file_digest,
    open_desk,
    person,
    receive,
    request,
    subprocess_env,
)

# --------------------------------------------------------------------------- pragmas

PRAGMAS = ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")  # synchronous 2 = FULL


def test_every_connection_has_the_durability_pragmas(desk: Desk) -> None:
    # Two pooled connections at once: the pragmas are set per connection, not once per file.
    # (raw DBAPI connections: a SQLAlchemy Connection begins IMMEDIATE, so two would queue.)
    c1, c2 = desk.engine.raw_connection(), desk.engine.raw_connection()
    try:
        for conn in (c1, c2):
            cur = conn.cursor()
            got = {p: cur.execute(f"PRAGMA {p}").fetchone()[0] for p in PRAGMAS}
            cur.close()
            assert got == {
                "journal_mode": "wal",
                "synchronous": 2,
                "foreign_keys": 1,
                "busy_timeout": BUSY_TIMEOUT_MS,
            }
    finally:
        c1.close()
        c2.close()
    with desk.engine.connect() as engine_conn:  # and through the engine as services use it
        assert engine_conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
    assert BUSY_TIMEOUT_MS >= 1000


def test_wal_mode_is_persistent_in_the_file(desk: Desk) -> None:
    raw = sqlite3.connect(desk.db_path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        raw.close()


def test_foreign_keys_are_enforced(desk: Desk) -> None:
    from sqlalchemy import text

    with pytest.raises(Exception, match="FOREIGN KEY"), desk.tx() as s:
        s.execute(
            text(
                "INSERT INTO dossier_event(uuid, dossier_id, kind, at, actor, note, origin) "
                "VALUES ('x', 424242, 'received', '2026-03-12T09:00:00+07:00', '', '', 'desk')"
            )
        )


def test_reads_never_wait_for_a_writer_and_refuse_to_write(desk: Desk) -> None:
    from sqlalchemy import text

    from app.store.models import SyncState

    receive(desk)
    with desk.tx() as w:
        w.execute(text("UPDATE dossier SET notes='đang sửa'"))  # this transaction holds the write lock
        started = time.monotonic()
        with desk.read() as r:  # search as you type while the sync worker writes
            assert r.execute(text("SELECT notes FROM dossier")).scalar_one() == ""  # committed snapshot
        assert time.monotonic() - started < 1.0
    with desk.read() as r:
        assert r.execute(text("SELECT notes FROM dossier")).scalar_one() == "đang sửa"
    with pytest.raises(RuntimeError, match="read-only"), desk.read() as r:
        r.add(SyncState(key="x", value="1"))
    with desk.read() as r:
        assert r.get(SyncState, "x") is None


def test_timestamps_are_stored_with_the_office_offset(desk: Desk) -> None:
    r = receive(desk)
    raw = sqlite3.connect(desk.db_path)
    try:
        received, due = raw.execute(
            "SELECT received_at, due_at FROM dossier WHERE code=?", (r.code,)
        ).fetchone()
    finally:
        raw.close()
    assert received == "2026-03-12T09:00:00+07:00"
    assert due == "2026-03-17T09:00:00+07:00"


# --------------------------------------------------------------------------- single-instance lock


def test_second_open_in_the_same_process_is_refused_until_close(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = Desk.open(data)
    try:
        with pytest.raises(DataDirLocked) as exc:
            Desk.open(data)
        message = str(exc.value)
        assert "đang được một phiên Một Cửa Xã khác sử dụng" in message
        assert str(data) in message
    finally:
        first.close()
    again = Desk.open(data)
    again.close()


def test_lock_wait_gives_up_after_the_timeout(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with Desk.open(data):
        started = time.monotonic()
        with pytest.raises(DataDirLocked):
            Desk.open(data, lock_timeout=0.3)
        assert 0.25 <= time.monotonic() - started < 5


HOLDER = textwrap.dedent(
    """
    import sys, time
    from datetime import time as dtime
    from pathlib import Path
    from app.domain.clock import at
    from app.services.intake import intake
    from tests.app.deskkit import THU, cccd, open_desk, person, receive, request
    desk = open_desk(Path(sys.argv[1]))
    receive(desk)  # committed: 0001
    office, cal = desk.require_office(), desk.calendar()
    with desk.tx() as s:  # never committed: the process is killed inside the transaction
        intake(s, request(received=at(THU, dtime(10, 0)), owner=person("Lê Văn Dở", cccd(555))),
               office=office, calendar=cal, actor="holder")
        s.flush()
        print("ready", flush=True)
        time.sleep(120)
    """
)


@pytest.mark.slow
def test_lock_across_processes_and_sigkill_releases_it_without_losing_data(tmp_path: Path) -> None:
    data = tmp_path / "data"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data)],
        cwd=REPO_ROOT,
        env=subprocess_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None
        line = holder.stdout.readline()
        assert line.strip() == b"ready", holder.stderr.read() if holder.stderr else line
        with pytest.raises(DataDirLocked, match="đang được một phiên"):
            Desk.open(data)
        # A reader outside the lock sees the committed dossier only (WAL: no dirty reads).
        raw = sqlite3.connect(data / "motcua.sqlite3")
        try:
            assert raw.execute("SELECT count(*) FROM dossier").fetchone()[0] == 1
        finally:
            raw.close()
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
    assert holder.returncode == -signal.SIGKILL
    desk = Desk.open(data)  # the OS dropped the lock with the process
    try:
        assert dossier_count(desk) == 1
        assert inspect_file(desk.db_path).integrity == "ok"
        # The killed transaction's number was never issued: the counter rolled back with it.
        nxt = receive(desk, request(received=at(THU, dtime(11, 0)), owner=person("Lê Văn Sau", cccd(556))))
        assert nxt.code == f"{UNIT}-260312-0002"
    finally:
        desk.close()


# --------------------------------------------------------------------------- backup


def _backup_is_consistent(path: Path) -> int:
    report = inspect_file(path)
    assert report.ok and report.integrity == "ok", report.problems
    with open(path, "rb") as fh:
        header = fh.read(20)
    assert header[18:20] == b"\x01\x01"  # rollback journal: one self-contained file, no -wal needed
    assert not Path(str(path) + "-wal").exists()
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        n = one("SELECT count(*) FROM dossier")
        # Every dossier came with its event, outbox change and audit row in one transaction.
        assert one("SELECT count(*) FROM dossier_event WHERE kind='received'") == n
        assert one("SELECT count(*) FROM outbox WHERE entity='dossier'") == n
        assert one("SELECT count(*) FROM audit WHERE action='dossier.intake'") == n
    finally:
        con.close()
    engine = create_engine(f"sqlite:///{path}")
    try:
        with Session(engine) as s:
            assert audit.verify(s).ok
    finally:
        engine.dispose()
    return n


def test_backup_is_consistent_while_another_connection_writes(desk: Desk, tmp_path: Path) -> None:
    stop = threading.Event()
    written: list[str] = []
    errors: list[BaseException] = []

    def writer() -> None:
        i = 0
        try:
            while not stop.is_set():
                i += 1
                r = receive(
                    desk,
                    request(
                        received=at(THU, dtime(8, 0)), owner=person(f"Người Thứ {chr(65 + i % 26)}", cccd(i))
                    ),
                )
                written.append(r.code)
        except BaseException as exc:  # surfaced below; the thread must not die silently
            errors.append(exc)

    t = threading.Thread(target=writer)
    t.start()
    seen = []
    try:
        while len(written) < 3:
            time.sleep(0.01)
        for k in range(5):
            out = backup_to(desk.db_path, tmp_path / "backups" / f"b{k}.sqlite3")
            seen.append(_backup_is_consistent(out))
            time.sleep(0.03)
    finally:
        stop.set()
        t.join(timeout=30)
    assert not errors, errors
    assert len(set(seen)) > 1, f"the writer never wrote during the backups: {seen}"
    assert seen == sorted(seen) and seen[-1] <= len(written)


def test_restore_brings_dossiers_back_and_keeps_the_previous_database(tmp_path: Path) -> None:
    data = tmp_path / "data"
    desk = open_desk(data)
    first = receive(desk)
    backup = backup_to(desk.db_path, tmp_path / "b.sqlite3")
    later = receive(desk, request(owner=person("Trần Văn Sau", cccd(900))))
    assert dossier_count(desk) == 2
    desk.close()

    kept = restore_from(backup, data / "motcua.sqlite3").kept

    assert kept.exists() and kept.parent == data and "before-restore" in kept.name
    con = sqlite3.connect(kept)
    try:
        assert {r[0] for r in con.execute("SELECT code FROM dossier")} == {first.code, later.code}
    finally:
        con.close()
    desk = Desk.open(data)
    try:
        assert dossier_count(desk) == 1
        with desk.read() as s:
            assert audit.verify(s).ok
    finally:
        desk.close()


def test_restore_never_reissues_a_code_already_given_out(tmp_path: Path) -> None:
    data = tmp_path / "data"
    desk = open_desk(data)
    receive(desk)
    backup = backup_to(desk.db_path, tmp_path / "b.sqlite3")
    later = receive(desk, request(owner=person("Trần Văn Sau", cccd(900))))
    desk.close()
    restore_from(backup, data / "motcua.sqlite3")
    with Desk.open(data) as desk:
        again = receive(desk, request(owner=person("Lê Thị Mới", cccd(901))))
    assert again.code != later.code


def _not_ours(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO customers(name) VALUES ('x')")
    con.commit()
    con.close()
    return path


def _newer_schema(path: Path, source: Path) -> Path:
    path.write_bytes(source.read_bytes())
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num='9999_future'")
    con.commit()
    con.close()
    return path


def _truncated(path: Path, source: Path) -> Path:
    raw = source.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    return path


def _corrupt(path: Path, source: Path) -> Path:
    raw = bytearray(source.read_bytes())
    page = 4096
    for start in range(2 * page, len(raw) - page, 3 * page):  # smash every third page's header
        raw[start : start + 64] = b"\xde\xad\xbe\xef" * 16
    path.write_bytes(bytes(raw))
    return path


@pytest.mark.parametrize(
    ("kind", "needle"),
    [
        ("text", "không phải cơ sở dữ liệu SQLite"),
        ("empty", "không phải cơ sở dữ liệu SQLite"),
        ("missing", "không có tệp"),
        ("truncated", "bị hỏng|bản sao lưu có lỗi"),
        ("corrupt", "bị hỏng|bản sao lưu có lỗi"),
        ("not_ours", "không phải dữ liệu Một Cửa Xã"),
        ("newer", "mới hơn phần mềm này"),
    ],
)
def test_restore_refuses_bad_files_and_leaves_the_store_untouched(
    tmp_path: Path, kind: str, needle: str
) -> None:
    data = tmp_path / "data"
    desk = open_desk(data)
    for i in range(40):  # enough rows for several pages, so truncation cuts real data
        receive(
            desk,
            request(owner=person(f"Người Thứ {'ABCDEFGHIK'[i % 10]}", cccd(i), address="Thôn Đông " * 20)),
        )
    good = backup_to(desk.db_path, tmp_path / "good.sqlite3")
    desk.close()
    db = data / "motcua.sqlite3"
    before = file_digest(db)
    before_files = sorted(p.name for p in data.iterdir())
    candidate = {
        "text": lambda p: (p.write_text("mã hồ sơ;họ tên\n", encoding="utf-8"), p)[1],
        "empty": lambda p: (p.write_bytes(b""), p)[1],
        "missing": lambda p: p,
        "truncated": lambda p: _truncated(p, good),
        "corrupt": lambda p: _corrupt(p, good),
        "not_ours": _not_ours,
        "newer": lambda p: _newer_schema(p, good),
    }[kind](tmp_path / f"candidate-{kind}.sqlite3")

    with pytest.raises(BackupError) as exc:
        restore_from(candidate, db)

    import re

    assert re.search(needle, str(exc.value)), str(exc.value)
    assert file_digest(db) == before
    assert sorted(p.name for p in data.iterdir()) == before_files  # no .before-restore copy either
    with Desk.open(data) as again:
        assert dossier_count(again) == 40


def test_inspect_reports_counts_and_revision(desk: Desk) -> None:
    receive(desk)
    report = inspect_file(desk.db_path)
    from app.store.migrate import head_revision

    assert (report.integrity, report.dossiers, report.schema_revision, report.ok) == (
        "ok",
        1,
        head_revision(),
        True,
    )
    assert counts(desk)["dossier"] == 1
