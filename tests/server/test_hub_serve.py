"""Issue 13 §4 and §5: pulls never wait for pushes, ``serve --workers N``, and a hub run without
its extra says how to install it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from server import admin
from server.entry import INSTALL
from tests.faults.hub import running_hub
from tests.lan.hubproc import HubProcess
from tests.server.conftest import UNIT_A
from tests.server.wire import dossier_create, post

REPO = Path(__file__).resolve().parents[2]


def _hub_command() -> list[str]:
    return [sys.executable, "-m", "server.entry"]


def test_a_pull_answers_while_many_slow_pushes_are_parked(tmp_path: Path) -> None:
    db_file = tmp_path / "hub.sqlite3"
    with running_hub(f"sqlite:///{db_file}") as hub:
        with hub.db.write() as s:
            token = admin.add_office(s, UNIT_A, "UBND xã Tân Lập")
        limiter = hub.app.state.write_limiter
        # Another process holds the database's write lock: every push parks until it lets go.
        blocker = sqlite3.connect(db_file, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        pushes = 60  # more than the default thread pool (40) that reads use
        with ThreadPoolExecutor(pushes) as pool:
            futures = [
                pool.submit(post, hub.url, token, UNIT_A, [dossier_create(UNIT_A, i)]) for i in range(pushes)
            ]
            deadline = time.monotonic() + 20
            while limiter.borrowed_tokens + limiter.statistics().tasks_waiting < pushes:
                assert time.monotonic() < deadline, "the pushes never reached the write limiter"
                time.sleep(0.02)
            pull = requests.get(hub.url + "/api/v1/updates", headers={"Authorization": f"Bearer {token}"},
                                timeout=20)  # fmt: skip
            assert pull.status_code == 200, pull.text
            parked = [f for f in futures if not f.done()]
            assert len(parked) == pushes, "the pull answered only once pushes had finished"
            assert limiter.borrowed_tokens <= limiter.total_tokens
            blocker.execute("ROLLBACK")
            blocker.close()
            assert [f.result().status_code for f in futures] == [200] * pushes


def test_serve_with_two_workers_serves_requests(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    made = subprocess.run([*_hub_command(), "--db", db, "office", "add", "--unit-code", UNIT_A, "--name", "Xã A",
                           "--json"], capture_output=True, text=True, env=env, timeout=60)  # fmt: skip
    assert made.returncode == 0, made.stderr
    token = __import__("json").loads(made.stdout)["token"]
    hub = HubProcess(db, tmp_path / "hub.log", serve_args=("--workers", "2", "--no-relay"))
    hub.start(timeout=60)
    assert hub.proc is not None
    proc, url = hub.proc, hub.url
    try:
        workers = [p for p in Path("/proc").iterdir() if p.name.isdigit() and _ppid(p) == proc.pid]
        assert len(workers) >= 2
        for i in range(6):  # several connections: both workers take requests on the same store
            assert post(url, token, UNIT_A, [dossier_create(UNIT_A, i)]).status_code == 200
        pulled = requests.get(
            url + "/api/v1/updates", headers={"Authorization": f"Bearer {token}"}, timeout=10
        )
        assert pulled.status_code == 200
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            hub.kill()


def _ppid(proc_dir: Path) -> int:
    try:
        return int((proc_dir / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


def test_without_the_hub_extra_motcua_hub_prints_the_install_command(tmp_path: Path) -> None:
    # fastapi made unimportable the way a missing package is: ModuleNotFoundError naming it.
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "fastapi.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'fastapi'\", name='fastapi')\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(shim), str(REPO)])}
    db = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    commands = [_hub_command()]
    script = Path(sys.executable).with_name("motcua-hub")
    if script.is_file():
        commands.append([str(script)])  # the installed console script too
    for command in commands:
        run = subprocess.run(
            [*command, "--db", db, "serve"], capture_output=True, text=True, env=env, timeout=60
        )
        assert run.returncode == 2, run.stderr
        assert "Traceback" not in run.stderr
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and INSTALL in lines[0] and "fastapi" in lines[0], run.stderr
    # Commands that do not need the HTTP server still work without it.
    listed = subprocess.run([*_hub_command(), "--db", db, "office", "list"], capture_output=True, text=True,
                            env=env, timeout=60)  # fmt: skip
    assert listed.returncode == 0, listed.stderr
