"""A restore killed at any instant leaves the old office or the restored one, never none (issue 8 §4).

Before: 15 of 46 killed restores made the next start create an empty store numbering from 0001,
and a crash right after a commit followed by a restore lost the dossier and re-issued its code.
Here a real process restores a real store and is SIGKILLed at random moments; the next start
must find one of the two offices whole, and the next code must come after every code issued.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from app.desk import Desk
from app.store import health
from app.store.backup import _known_revisions, backup_to, inspect_file, restore_from
from app.store.datadir import DataDirLock
from app.store.engine import DB_FILENAME, connect_file
from app.store.models import Dossier
from tests.faults.deskkit import REPO, make_dossiers, open_desk

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL")

KILLS = 16

_COMMITTER = """
import sys
from pathlib import Path
from tests.faults.deskkit import make_dossiers
from app.desk import Desk
desk = Desk.open(Path(sys.argv[1]))
codes = make_dossiers(desk, 1, start=int(sys.argv[2]), received_days_ago=0)
print(codes[0], flush=True)
sys.stdin.readline()  # killed here: committed, never closed, WAL not checkpointed
"""


def _codes(data: Path) -> set[str]:
    with Desk.open(data, backups=False, seed=False) as desk, desk.read() as s:
        return set(s.scalars(select(Dossier.code)))


def _number(code: str) -> int:
    return int(code.rsplit("-", 1)[1])


def _next_code(data: Path, start: int) -> str:
    with Desk.open(data, backups=False, seed=False) as desk:
        return make_dossiers(desk, 1, start=start, received_days_ago=0)[0]


def _restore_in_child(data: Path, backup: Path, *, kill_after: float | None) -> None:
    """Restore in a forked process (already warm: the kill lands in the restore, not in imports)."""
    pid = os.fork()
    if pid == 0:  # child
        code = 1
        try:
            lock = DataDirLock(data)
            lock.acquire(timeout=10)
            restore_from(backup, data / DB_FILENAME)
            code = 0
        finally:
            os._exit(code)
    if kill_after is not None:
        time.sleep(kill_after)
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    assert kill_after is not None or os.waitstatus_to_exitcode(status) == 0


def _child(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, set[str]]:
    """A store with 40 dossiers today; a backup holding the first 30."""
    root = tmp_path_factory.mktemp("restore-kill")
    data = root / "pristine"
    desk = open_desk(data)
    make_dossiers(desk, 30, received_days_ago=0)
    backup = backup_to(desk.db_path, root / "b.sqlite3")
    make_dossiers(desk, 10, start=30, received_days_ago=0)
    desk.close()
    return data, backup, _codes(data)


def test_killed_restores_leave_one_whole_office_and_never_reissue_a_code(
    office: tuple[Path, Path, set[str]], tmp_path: Path
) -> None:
    pristine, backup, live_codes = office
    backup_codes = {c for c in live_codes if _number(c) <= 30}
    highest = max(_number(c) for c in live_codes)
    assert len(live_codes) == 40 and len(backup_codes) == 30

    # How long an unkilled restore takes, so the kills spread over the whole of it.
    _known_revisions()  # warm: the forked children start with alembic loaded
    probe = tmp_path / "probe"
    shutil.copytree(pristine, probe)
    t0 = time.perf_counter()
    _restore_in_child(probe, backup, kill_after=None)
    span = time.perf_counter() - t0

    rng = random.Random(8)
    outcomes = {"old": 0, "restored": 0}
    for k in range(KILLS):
        data = tmp_path / f"run{k}"
        shutil.copytree(pristine, data)
        _restore_in_child(data, backup, kill_after=rng.uniform(0, span * 1.2))

        assert (data / DB_FILENAME).exists(), f"kill {k}: no store left"
        assert inspect_file(data / DB_FILENAME).integrity == "ok"
        codes = _codes(data)
        if codes == live_codes:
            outcomes["old"] += 1
        else:
            assert codes == backup_codes, f"kill {k}: neither office: {len(codes)} dossiers"
            outcomes["restored"] += 1
        nxt = _next_code(data, 100 + k)
        assert _number(nxt) > highest, f"kill {k}: {nxt} re-issues a number already given out"
        assert not list(data.glob(f".{DB_FILENAME}.restore*"))  # the next start cleared a killed one's
    # Both ends of the window were hit: the test would notice a restore that never swaps.
    assert outcomes["old"] and outcomes["restored"], outcomes


def test_crash_right_after_a_commit_then_restore_loses_nothing_and_reissues_nothing(
    office: tuple[Path, Path, set[str]], tmp_path: Path
) -> None:
    pristine, backup, live_codes = office
    data = tmp_path / "data"
    shutil.copytree(pristine, data)
    child = _child(_COMMITTER, str(data), "500")
    assert child.stdout is not None
    committed = child.stdout.readline().strip()
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert committed and _number(committed) == 41
    assert (data / health.RUNNING).exists()  # the killed session never closed
    assert Path(str(data / DB_FILENAME) + "-wal").stat().st_size > 0  # the commit sits in the WAL

    result = restore_from(backup, data / DB_FILENAME)

    # The committed dossier is accounted for: whole in the kept copy of the old store.
    conn = connect_file(result.kept, readonly=True)
    try:
        kept = {r[0] for r in conn.execute("SELECT code FROM dossier")}
    finally:
        conn.close()
    assert kept == live_codes | {committed}
    assert inspect_file(result.kept).integrity == "ok"
    # The restored office holds what the backup holds, and numbers on after the crashed commit.
    assert _codes(data) == {c for c in live_codes if _number(c) <= 30}
    assert _number(_next_code(data, 600)) == 42

    # Even with the kept copy gone, a second restore remembers the numbers (high-water file).
    result.kept.unlink()
    restore_from(backup, data / DB_FILENAME)
    assert _number(_next_code(data, 700)) == 43
