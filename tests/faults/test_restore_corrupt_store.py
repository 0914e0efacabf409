"""A damaged store refuses every write until it is restored (issue 8 §5).

Before: ``check`` saw the damage but ``intake`` still wrote into the file. Here real pages in the
middle of a real store are overwritten, and the real command line must refuse to write (exit 2,
naming the newest good backup) and leave the file byte-identical, until a restore.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from app.store import autobackup, health
from app.store.backup import newest_good_backup
from app.store.engine import DB_FILENAME
from tests.faults.deskkit import cccd, make_dossiers, motcua, open_desk

PAGE = 4096


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _smash_middle_pages(db: Path, count: int = 6) -> None:
    raw = bytearray(db.read_bytes())
    pages = len(raw) // PAGE
    assert pages > 3 * count, pages
    first = pages // 2
    for p in range(first, first + count):
        raw[p * PAGE : (p + 1) * PAGE] = b"\xde\xad\xbe\xef" * (PAGE // 4)
    db.write_bytes(bytes(raw))


def _intake(data: Path, serial: int) -> tuple[int, str, str]:
    r = motcua(
        data, "intake", "--procedure", "1.001022", "--name", "Lê Thị Mười", "--id-number", cccd(serial)
    )
    return r.returncode, r.stdout, r.stderr


def test_a_corrupt_store_refuses_writes_names_the_backup_and_stays_byte_identical(tmp_path: Path) -> None:
    data = tmp_path / "data"
    desk = open_desk(data)
    make_dossiers(desk, 60, received_days_ago=0)
    autobackup.take(data, desk.db_path, "manual")
    desk.close()  # a clean close after writing takes its own backup too: the newest good one
    good = newest_good_backup(data)
    assert good is not None and good.dossiers == 60
    db = data / DB_FILENAME
    _smash_middle_pages(db)
    before = _digest(db)

    code, out, err = _intake(data, 900)

    assert code == 2, (out, err)
    assert "Traceback" not in err and out == ""
    assert "bị hỏng" in err and str(good.path) in err, err
    assert _digest(db) == before
    assert health.damaged(data) is not None
    # Still refused on the next start (the finding is kept outside the damaged file) ...
    assert _intake(data, 901)[0] == 2
    assert _digest(db) == before
    # ... and check says so, with the backup to restore from.
    c = motcua(data, "check", "--json")
    assert c.returncode in (1, 2), c.stderr
    if c.returncode == 1:
        report = json.loads(c.stdout)
        assert report["damaged"] is True and report["newest_good_backup"] == str(good.path)
    assert _digest(db) == before

    r = motcua(data, "restore", str(good.path))
    assert r.returncode == 0, r.stderr
    assert health.damaged(data) is None
    code, out, err = _intake(data, 902)
    assert code == 0, err
    assert "-0061;" in out, out  # numbering goes on after the 60 in the backup
