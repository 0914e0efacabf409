"""Issue 8 §8 "One writer": a hung spooler never blocks saving, and sync writes only through the
DB worker.

The spooler is a fake ``lp`` on PATH that sleeps (CUPS' own clients, hung): the one fake here,
since a hung CUPS cannot be made on demand. The hub is the real one over HTTP.
"""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from tests.ui.helpers import idle, on_db
from tests.ui.test_panels import _intake, signed_in  # noqa: F401 - the fixture, shared
from ui import ops

HUNG_SECONDS = 4.0


@pytest.fixture
def hung_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    scripts = {
        "lpstat": "#!/bin/sh\necho HUNG\n",
        "lp": "#!/bin/sh\ncat > /dev/null\nexec sleep 30\n",  # takes the job, then never answers
    }
    for name, body in scripts.items():
        path = bin_dir / name
        path.write_text(body)
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    from app.slips import printing

    monkeypatch.setattr(printing, "TIMEOUT_S", HUNG_SECONDS)
    return bin_dir


def _slips(desk: Any) -> int:
    from app.store.models import SlipLog

    with desk.read() as s:
        return int(s.scalar(select(func.count()).select_from(SlipLog)) or 0)


def test_a_print_to_a_hung_spooler_does_not_block_an_intake_save(
    qtbot: Any,
    signed_in: Any,  # noqa: F811 - the fixture imported above
    hung_lp: Path,
) -> None:
    window = signed_in.login("canbo")
    code = on_db(qtbot, signed_in, lambda desk: _intake(desk, "Nguyễn Thị Thược", "001190012345"))
    window.open_print(code, "receipt")
    preview = window.preview
    qtbot.waitUntil(lambda: bool(preview.pdf_bytes), timeout=10_000)
    preview.printer.addItem("HUNG")
    preview.printer.setCurrentText("HUNG")
    preview.print_button.setEnabled(True)
    printer_worker = signed_in.runner.print_worker
    preview.print_now()
    qtbot.waitUntil(lambda: printer_worker.pending == 1 and signed_in.db.pending == 0, timeout=10_000)
    time.sleep(0.3)  # the fake lp is running now, holding the print worker
    started = time.monotonic()
    second = on_db(qtbot, signed_in, lambda desk: _intake(desk, "Đặng Ưng Ổn", "036085004321"), timeout=3_000)
    saved_in = time.monotonic() - started
    assert second != code
    assert printer_worker.pending == 1, "the print should still be hanging while the intake saved"
    assert saved_in < 2.0, f"an intake save waited {saved_in:.1f} s behind the print"
    # The print then fails at its timeout, with a clear message; nothing is logged for it.
    qtbot.waitUntil(lambda: printer_worker.pending == 0, timeout=int(HUNG_SECONDS * 1000) + 10_000)
    idle(qtbot, signed_in)
    assert f"{HUNG_SECONDS:.0f} giây" in signed_in.runner.last_error
    assert on_db(qtbot, signed_in, _slips) == 0


def test_sync_writes_only_on_the_db_worker(qtbot: Any, signed_in: Any, tmp_path: Path) -> None:  # noqa: F811
    from server import admin
    from tests.faults.hub import running_hub

    window = signed_in.login("canbo")
    assert window is not None
    with running_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}") as hub:
        with hub.db.write() as s:
            token = admin.add_office(s, "000.00.12.H29", "UBND xã Tân Lập")

        def point(desk: Any) -> None:
            from app.services.office import profile_of, save_profile

            profile = profile_of(desk.require_office())
            profile.server_url, profile.server_token = hub.url, token
            with desk.tx() as s:
                save_profile(s, profile, actor="test")

        on_db(qtbot, signed_in, point)
        for i in range(3):
            on_db(qtbot, signed_in, lambda desk, i=i: _intake(desk, "Trần Văn Bình", f"0011900123{i:02d}"))
        writers: list[str] = []

        def on_commit(conn: Any) -> None:
            if not conn.get_execution_options().get("motcua_readonly"):  # desk.read() ends in COMMIT too
                writers.append(threading.current_thread().name)

        engine = on_db(qtbot, signed_in, lambda desk: desk.engine)
        event.listen(engine, "commit", on_commit)
        try:
            signed_in.ctx.set_office(on_db(qtbot, signed_in, ops.office_info))
            reports: list[dict[str, Any]] = []
            signed_in.sync.finished.connect(reports.append)
            assert signed_in.sync.sync_now()
            qtbot.waitUntil(lambda: bool(reports), timeout=30_000)
        finally:
            event.remove(engine, "commit", on_commit)
        assert reports[0]["ok"], reports[0]
        assert reports[0]["pushed"] >= 3
    assert writers, "the sync wrote nothing"
    assert set(writers) == {"motcua-db"}, writers
