"""Automatic backups, rotation, the second folder, listing, other-office restore, damage markers."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from app.desk import Desk
from app.domain.clock import TZ, now
from app.store import autobackup, health, migrate
from app.store.backup import (
    BackupError,
    backup_dir,
    backup_to,
    list_backups,
    read_info,
    restore_from,
    sidecar,
)
from app.store.health import StoreDamaged
from app.usecases import Actor, PermissionDenied, maintenance
from tests.app.deskkit import data_key, dossier_count, open_desk, receive

ADMIN = Actor("admin", "Quản trị", "admin", "cli")
CLERK = Actor("canbo", "Cán bộ", "clerk", "cli")


def _fake_backup(directory: Path, when: datetime, kind: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"motcua-{when:%Y%m%d-%H%M%S}-{kind}.sqlite3"
    path.write_bytes(b"SQLite format 3\x00")
    meta = {"kind": kind, "created": when.isoformat(), "unit_code": "000.00.12.H29", "dossiers": 1}
    sidecar(path).write_text(json.dumps(meta), encoding="utf-8")
    return path


def test_rotation_keeps_7_days_4_weeks_12_months_and_every_manual_backup(tmp_path: Path) -> None:
    d = tmp_path / "backups"
    start = datetime(2026, 11, 29, 17, 0, tzinfo=TZ)
    for day in range(400):  # a daily and a close backup every day for more than a year
        when = start - timedelta(days=day)
        _fake_backup(d, when.replace(hour=7), "daily")
        _fake_backup(d, when, "close")
    manual = _fake_backup(d, start - timedelta(days=500), "manual")
    for k in range(8):
        _fake_backup(d, start - timedelta(days=k, hours=1), "premigrate")

    autobackup.rotate(d)

    left = {read_info(p).path.name for p in d.glob("*.sqlite3")}
    infos = [read_info(d / n) for n in left]
    days = {b.created.date() for b in infos if b.kind in ("daily", "close")}
    recent = {(start - timedelta(days=k)).date() for k in range(7)}
    assert recent <= days  # the last 7 days, each with its start-of-day and end-of-day backup
    assert sum(1 for b in infos if b.kind == "daily" and b.created.date() in recent) == 7
    assert sum(1 for b in infos if b.kind == "close" and b.created.date() in recent) == 7
    months = {(b.created.year, b.created.month) for b in infos if b.kind in ("daily", "close")}
    assert len(months) == 12
    assert len([b for b in infos if b.kind == "premigrate"]) == 5
    assert manual.name in left
    assert len(left) < 40
    assert all(sidecar(d / n).exists() for n in left)
    assert len(list(d.glob("*.json"))) == len(left)  # no orphan sidecar


def test_daily_backup_once_a_day_and_a_close_backup_after_writing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    desk = open_desk(data)
    receive(desk)
    desk.close()
    kinds = sorted(b.kind for b in list_backups(data))
    assert kinds == ["close"]  # the office did not exist yet at the first open

    Desk.open(data).close()  # first start of the day with an office: a daily backup; no write: no close
    assert sorted(b.kind for b in list_backups(data)) == ["close", "daily"]
    Desk.open(data).close()  # not twice a day
    assert sorted(b.kind for b in list_backups(data)) == ["close", "daily"]
    daily = next(b for b in list_backups(data) if b.kind == "daily")
    assert (daily.unit_code, daily.dossiers, daily.ok) == ("000.00.12.H29", 1, True)
    assert daily.created.date() == now().date()


def test_two_close_backups_in_one_second_keep_the_newest_and_warn_of_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Both backups carry the same second; rotation once kept the older one of the tie and deleted
    # the copy just taken ("automatic close backup failed: không có tệp …").
    data = tmp_path / "data"
    desk = open_desk(data)
    receive(desk)
    desk.close()
    frozen = now().replace(microsecond=0)
    monkeypatch.setattr("app.store.backup.now", lambda: frozen)
    monkeypatch.setattr("app.store.autobackup.now", lambda: frozen)
    first = autobackup.on_close(data, data / "motcua.sqlite3", data_key(data))
    second = autobackup.on_close(data, data / "motcua.sqlite3", data_key(data))
    assert first is not None and second is not None and first.path != second.path
    assert second.path.exists() and not first.path.exists()  # one close backup a day: the newest
    assert "backup failed" not in caplog.text


def test_a_migration_is_preceded_by_a_backup_of_the_old_revision(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with open_desk(data) as desk:
        receive(desk)
        with desk.engine.begin() as conn:
            from alembic import command

            command.downgrade(migrate._config(conn), "0001")
    with Desk.open(data) as desk:
        assert migrate.current_revision(desk.engine) == migrate.HEAD
        assert dossier_count(desk) == 1
    pre = [b for b in list_backups(data) if b.kind == "premigrate"]
    assert len(pre) == 1 and pre[0].schema_revision == "0001" and pre[0].dossiers == 1


def test_the_second_folder_gets_a_copy_and_a_missing_stick_never_blocks(tmp_path: Path) -> None:
    data, usb = tmp_path / "data", tmp_path / "usb"
    usb.mkdir()
    with open_desk(data) as desk:
        with pytest.raises(PermissionDenied):
            maintenance.set_mirror_dir(data, CLERK, usb)
        maintenance.set_mirror_dir(data, ADMIN, usb)
        receive(desk)
        out = maintenance.backup_now(desk, ADMIN)
        assert out["mirror_problem"] is None
        copy = usb / Path(out["path"]).name
        assert copy.read_bytes() == Path(out["path"]).read_bytes() and sidecar(copy).exists()
        listed = maintenance.list_backups(data, ADMIN)
        assert {Path(b["path"]).parent for b in listed} == {backup_dir(data), usb}
        usb.rename(tmp_path / "pulled-out")
        out = maintenance.backup_now(desk, ADMIN)
        assert Path(out["path"]).exists() and "USB" in out["mirror_problem"]
    with pytest.raises(BackupError, match="không tồn tại"):
        autobackup.set_mirror_dir(data, tmp_path / "nowhere")


def test_another_offices_backup_needs_the_flag_and_says_what_happens(tmp_path: Path) -> None:
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    with open_desk(theirs, unit="000.00.13.H29") as desk:
        receive(desk)
        foreign = backup_to(desk.db_path, tmp_path / "other.sqlite3", key=desk.key)
        theirs_key = data_key(theirs)  # their recovery sheet
    with open_desk(mine) as desk:
        receive(desk)
        receive(desk)
    db = mine / "motcua.sqlite3"
    before = db.read_bytes()
    with pytest.raises(BackupError, match="000.00.13.H29.*000.00.12.H29.*--other-office"):
        restore_from(foreign, db, key=data_key(mine), candidate_key=theirs_key)
    assert db.read_bytes() == before
    with pytest.raises(PermissionDenied):
        maintenance.preview_restore(mine, CLERK, foreign, other_office=True, recovery_key=theirs_key)
    plan = maintenance.preview_restore(mine, ADMIN, foreign, other_office=True, recovery_key=theirs_key)
    assert plan["other_office"] and "đơn vị khác" in plan["description"] and plan["live_dossiers"] == 2
    out = maintenance.restore(mine, ADMIN, foreign, other_office=True, recovery_key=theirs_key)
    assert out["unit_code"] == "000.00.13.H29" and out["previous_unit_code"] == "000.00.12.H29"
    # The replaced store is listed with the backups, so the restore itself can be undone.
    undo = [b for b in maintenance.list_backups(mine, ADMIN) if b["kind"] == "prerestore"]
    assert [(b["path"], b["unit_code"], b["dossiers"]) for b in undo] == [
        (out["previous_kept_as"], "000.00.12.H29", 2)
    ]
    with pytest.raises(BackupError, match="chính là dữ liệu đang dùng"):
        restore_from(db, db, key=data_key(mine))
    with Desk.open(mine) as desk:
        assert desk.require_office().unit_code == "000.00.13.H29" and dossier_count(desk) == 1
        with desk.read() as s:
            assert s.execute(text("SELECT count(*) FROM audit WHERE action='store.restore'")).scalar() == 1


def test_an_unclean_start_is_quick_checked_and_damage_found_while_writing_is_kept(tmp_path: Path) -> None:
    data = tmp_path / "data"
    open_desk(data).close()
    (data / health.RUNNING).write_text("{}")  # as a killed session leaves it
    state = health.on_open(data, data / "motcua.sqlite3", data_key(data))
    assert state.unclean and state.checked == "ok" and state.damaged is None
    (data / health.RUNNING).unlink()

    desk = Desk.open(data)
    try:
        err = sqlite3.DatabaseError("database disk image is malformed")
        err.sqlite_errorcode = 11  # type: ignore[attr-defined]
        with pytest.raises(StoreDamaged, match="bị hỏng"):
            with desk.tx():
                raise err
        assert desk.damaged and health.damaged(data) is not None
        with pytest.raises(StoreDamaged):
            receive(desk)
    finally:
        desk.close()
    with Desk.open(data) as again:  # still refused after a restart
        assert again.damaged
    health.clear_damaged(data)
    with Desk.open(data) as again:
        assert not again.damaged
        receive(again)


def test_a_store_made_anew_where_one_was_lost_goes_on_numbering(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with open_desk(data) as desk:
        first = receive(desk).code
    assert first.endswith("-0001")
    (data / "motcua.sqlite3").unlink()  # lost: a disk tool, a careless clean-up
    with open_desk(data) as desk:
        again = receive(desk).code
    assert again.endswith("-0002"), again


def test_damage_behind_an_unchanged_fingerprint_is_caught_by_the_days_backup(tmp_path: Path) -> None:
    import os

    from tests.faults.deskkit import make_dossiers

    data = tmp_path / "data"
    with open_desk(data) as desk:
        make_dossiers(desk, 60, received_days_ago=0)
    for b in list_backups(data):
        b.path.unlink()  # so the next start takes the day's first backup
    db = data / "motcua.sqlite3"
    st = db.stat()
    raw = bytearray(db.read_bytes())
    middle = len(raw) // 4096 // 2
    raw[middle * 4096 : (middle + 4) * 4096] = b"\xde\xad\xbe\xef" * 4096
    db.write_bytes(bytes(raw))
    os.utime(db, ns=(st.st_atime_ns, st.st_mtime_ns))  # a bad sector: the file looks untouched
    before = db.read_bytes()

    with Desk.open(data) as desk:
        assert desk.damaged or health.damaged(data) is not None
    found = health.damaged(data)
    assert found is not None and found["by"] in ("daily backup", "sqlite"), found
    assert not [b for b in list_backups(data) if b.kind == "daily"]  # no "good" backup of a bad store
    assert db.read_bytes() == before
