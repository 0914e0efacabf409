from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

# Qt tests run without a display; set before anything imports PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The audit anchor key (app/store/anchor.py) lives in the user's config dir: keep the tests' key
# out of the developer's own, for this process and the CLI subprocesses it starts.
if "MOTCUA_CONFIG_DIR" not in os.environ:
    import tempfile

    os.environ["MOTCUA_CONFIG_DIR"] = tempfile.mkdtemp(prefix="motcua-test-config-")

# Data keys (app/store/keys.py) go to key files under a throwaway config dir, never into the
# developer's real keyring or ~/.config; recovery sheets written by ``setup`` land in a throwaway
# documents dir. Subprocesses (the CLI tests) inherit these.
_SANDBOX = Path(tempfile.mkdtemp(prefix="motcua-test-home-"))
os.environ["XDG_CONFIG_HOME"] = str(_SANDBOX / "config")
os.environ["XDG_DOCUMENTS_DIR"] = str(_SANDBOX / "documents")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _sigpipe_ignored() -> bool | None:
    """The kernel's SIGPIPE disposition for this process (None where /proc is not there)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("SigIgn:"):
            return bool(int(line.split()[1], 16) & (1 << 12))  # bit 12 is signal 13, SIGPIPE
    return None


def pytest_runtest_teardown(item: object) -> None:
    # A C library that resets SIGPIPE (SANE did) turns the next write to a closed socket into a
    # silent death of the whole run (CI exit 141 with no report). Name the test that did it.
    if _sigpipe_ignored() is False:
        import signal

        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
        raise AssertionError(f"{getattr(item, 'nodeid', item)} left SIGPIPE at its default (fatal) action")
