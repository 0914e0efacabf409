"""Issue 8 §3: tools never touch real data. ``demo-data`` and ``screenshots`` refuse a store
holding an account or a dossier they did not make: exit 2, every file of the data dir unchanged."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.app.deskkit import UNIT, CliResult, cccd

Cli = Callable[..., CliResult]
ROOT = Path(__file__).resolve().parents[2]
SETUP = ("setup", "--unit-code", UNIT, "--office-name", "Trung tâm Phục vụ hành chính công xã Tân Lập")


def every_file(data_dir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(data_dir.rglob("*"))
        if p.is_file()
    }


def real_intake(motcua: Cli) -> None:
    r = motcua("intake", "--procedure", "1.004873", "--name", "Nguyễn Thị Hoà", "--id-number", cccd(7),
               "--received", "2026-03-12 09:00", "--late-reason", "Nhập bù hồ sơ giấy", "--json")  # fmt: skip
    assert r.code == 0, r.err


@pytest.mark.parametrize("tool", [("demo-data", "--count", "5"), ("screenshots", "--out", "SHOTS")])
def test_tools_refuse_a_store_with_a_real_dossier(
    motcua: Cli, cli_dir: Path, tmp_path: Path, tool: tuple[str, ...]
) -> None:
    assert motcua(*SETUP).code == 0
    real_intake(motcua)
    before = every_file(cli_dir)
    args = [a.replace("SHOTS", str(tmp_path / "shots")) for a in tool]
    r = motcua(*args)
    assert r.code == 2 and "dữ liệu thật" in r.err and "Traceback" not in r.err
    assert every_file(cli_dir) == before
    assert not (tmp_path / "shots").exists()


def test_demo_data_refuses_a_store_with_a_real_account(
    motcua: Cli, cli_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert motcua(*SETUP).code == 0
    monkeypatch.setenv("MOTCUA_PASSWORD", "mat-khau-dai-8")
    monkeypatch.setenv("MOTCUA_NEW_PASSWORD", "mat-khau-dai-8")
    assert motcua("user", "add", "quantri", "--name", "Quản trị", "--role", "admin").code == 0
    before = every_file(cli_dir)
    r = motcua("demo-data", "--count", "5")
    assert r.code == 2 and "tài khoản" in r.err
    assert every_file(cli_dir) == before


def test_demo_data_runs_on_an_empty_or_its_own_store_only(motcua: Cli, cli_dir: Path) -> None:
    assert motcua(*SETUP).code == 0
    assert motcua("demo-data", "--count", "20", "--json").code == 0
    assert motcua("demo-data", "--count", "20", "--json").code == 0  # its own rows: fine
    real_intake(motcua)  # a clerk starts using the demo store for real ...
    before = every_file(cli_dir)
    assert motcua("demo-data", "--count", "5").code == 2  # ... and it is real data from now on
    assert every_file(cli_dir) == before


def test_no_password_in_the_source_and_no_sign_in_bypass() -> None:
    sources = [p for d in ("app", "ui", "cli", "sync", "server") for p in (ROOT / d).rglob("*.py")]
    # (names of environment variables, e.g. PASSWORD_ENV = "MOTCUA_PASSWORD", are not passwords)
    literal = re.compile(
        r"(password|mat_?khau|matkhau)(?!\w*_ENV\b)\w*\s*=\s*['\"][^'\"]{4,}['\"]|matkhau-demo", re.I
    )
    assert [str(p) for p in sources if literal.search(p.read_text(encoding="utf-8"))] == []
    ops = (ROOT / "ui" / "ops.py").read_text(encoding="utf-8")
    assert "def user_by_name" not in ops  # the password-less sign-in is gone


@pytest.mark.slow
def test_screenshots_without_data_dir_use_a_throwaway_store(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.app.deskkit import subprocess_env

    env = {**subprocess_env(), "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home"),
           "XDG_DATA_HOME": str(tmp_path / "xdg")}  # fmt: skip
    out = tmp_path / "shots"
    r = subprocess.run([sys.executable, "-m", "cli", "screenshots", "--out", str(out)], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=240)  # fmt: skip
    assert r.returncode == 0, r.stderr[-2000:]
    assert {p.name for p in out.iterdir()} >= {"02-main-queue.png", "03-search.png", "05-dossier-view.png"}
    assert not (tmp_path / "xdg").exists() or not any((tmp_path / "xdg").rglob("motcua.sqlite3"))
    assert os.environ.get("MOTCUA_PASSWORD") is None
