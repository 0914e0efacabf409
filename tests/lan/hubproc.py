"""An office hub as its own process (``motcua-hub serve`` with the relay), so a test can SIGKILL it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.faults.deskkit import REPO
from tests.faults.hub import free_port


def hub_cli(db_url: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", "--db", db_url, *args], cwd=REPO, capture_output=True, text=True,
        timeout=timeout, env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip


class HubProcess:
    """``motcua-hub serve`` (the real entry point) in its own process, started and waited for.

    ``serve_args`` are the serve options after ``--port`` (default: the office hub's relay every
    ``relay_interval`` s); the province hub of bench/bench_hub.py passes ``--workers N --no-relay``."""

    def __init__(
        self,
        db_url: str,
        log: Path,
        *,
        port: int | None = None,
        relay_interval: float = 0.3,
        serve_args: tuple[str, ...] | None = None,
    ) -> None:
        self.db_url, self.log, self.port = db_url, log, port or free_port()
        self.serve_args = serve_args if serve_args is not None else ("--relay-interval", str(relay_interval))
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> HubProcess:
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "server.entry", "--db", self.db_url, "serve", "--port", str(self.port),
                 *self.serve_args],
                cwd=REPO, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONPATH": str(REPO)},
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/api/v1/health", timeout=5).status_code == 200:
                    return self
            except (requests.ConnectionError, requests.Timeout):  # a loaded box answers late
                pass
            if self.proc.poll() is not None:
                raise RuntimeError(f"hub exited: {self.log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.05)
        raise RuntimeError(f"hub did not answer within {timeout:g} s")

    def kill(self) -> None:
        """SIGKILL: no cleanup, no flush, as a power cut would."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
