"""A private cupsd for print tests (env-notes §4): temp dir, free port, file queues, no root needed.

The Generic-PDF driver only runs pdftopdf, so a printed file keeps the slip's text. Skips (with the
reason) when cupsd, its clients or the driver are not installed.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

PPD_MODEL = "lsb/usr/cupsfilters/Generic-PDF_Printer-PDF.ppd"
PPD_FILE = Path("/usr/share/ppd/cupsfilters/Generic-PDF_Printer-PDF.ppd")


@dataclass
class Cups:
    root: Path
    server: str
    out: Path

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "CUPS_SERVER": self.server, "LC_ALL": "C"}
        return subprocess.run(list(args), env=env, capture_output=True, text=True, check=check, timeout=30)

    def add_pdf_queue(self, name: str) -> Path:
        target = self.out / f"{name}.pdf"
        args = ["lpadmin", "-p", name, "-E", "-v", f"file://{target}"]
        done = self.run(*args, "-m", PPD_MODEL, check=False)
        if done.returncode != 0:  # no cups-driverd index: give the PPD file itself
            self.run(*args, "-P", str(PPD_FILE))
        return target

    def wait_printed(self, queue: str, target: Path, timeout: float = 20.0) -> bytes:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pending = self.run("lpstat", "-o", queue, check=False).stdout.strip()
            if not pending and target.exists() and target.stat().st_size > 0:
                return target.read_bytes()
            time.sleep(0.05)
        log = (self.root / "log" / "error_log").read_text(errors="replace")[-2000:]
        raise AssertionError(f"job on {queue} not finished in {timeout}s; cupsd log:\n{log}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def private_cupsd(monkeypatch: pytest.MonkeyPatch) -> Iterator[Cups]:
    """Start a private cupsd (temp dir, free port, FileDevice Yes) and point CUPS_SERVER at it."""
    cupsd = shutil.which("cupsd") or ("/usr/sbin/cupsd" if Path("/usr/sbin/cupsd").exists() else None)
    if cupsd is None:
        pytest.skip("cupsd is not installed (apt-get install cups cups-client cups-filters)")
    for tool in ("lpadmin", "lp", "lpstat"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (apt-get install cups-client)")
    if not PPD_FILE.exists():
        pytest.skip(f"Generic-PDF driver missing: {PPD_FILE} (apt-get install cups-filters)")
    # A short path: the domain socket path must stay under 108 bytes.
    root = Path(tempfile.mkdtemp(prefix="mc-cups-"))
    root.chmod(0o755)
    for sub in ("etc", "log", "spool/tmp", "cache", "run", "out"):
        (root / sub).mkdir(parents=True)
    port = _free_port()
    if os.geteuid() == 0:
        # cupsd refuses to run its filters as root: use the 'lp' account and let it write the dirs.
        user, group, system_group = "lp", "lp", "root"
        uid, gid = pwd.getpwnam(user).pw_uid, grp.getgrnam(group).gr_gid
        for sub in ("log", "spool", "spool/tmp", "cache", "run", "out"):
            os.chown(root / sub, uid, gid)
    else:
        user = pwd.getpwuid(os.getuid()).pw_name
        group = system_group = grp.getgrgid(os.getgid()).gr_name
    (root / "etc" / "cupsd.conf").write_text(
        f"Listen 127.0.0.1:{port}\nListen {root}/run/cups.sock\nWebInterface No\nDefaultAuthType None\n"
        "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
    )
    (root / "etc" / "cups-files.conf").write_text(
        f"ServerRoot {root}/etc\nRequestRoot {root}/spool\nTempDir {root}/spool/tmp\nCacheDir {root}/cache\n"
        f"StateDir {root}/run\nErrorLog {root}/log/error_log\nAccessLog {root}/log/access_log\n"
        f"PageLog {root}/log/page_log\nFileDevice Yes\nUser {user}\nGroup {group}\nSystemGroup {system_group}\n"
    )
    proc = subprocess.Popen(
        [cupsd, "-f", "-c", str(root / "etc" / "cupsd.conf"), "-s", str(root / "etc" / "cups-files.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    server = f"127.0.0.1:{port}"
    box = Cups(root, server, root / "out")
    try:
        deadline = time.monotonic() + 10
        while "scheduler is running" not in box.run("lpstat", "-r", check=False).stdout:
            if proc.poll() is not None or time.monotonic() > deadline:
                err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                pytest.fail(f"private cupsd did not start: {err}")
            time.sleep(0.05)
        monkeypatch.setenv("CUPS_SERVER", server)
        yield box
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(root, ignore_errors=True)
