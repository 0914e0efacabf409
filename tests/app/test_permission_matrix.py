"""The whole (role × operation) matrix, through both front ends (issue 8 §1, §2).

The expected matrix is written out here, not read from app/usecases/permissions.py, so a wrong
table fails the test. Allowed operations must succeed; denied ones raise PermissionDenied (GUI
adapter) or exit 2 (CLI) with every table byte-identical.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.desk import Desk
from app.domain.clock import now
from app.services.users import create_user
from app.usecases.actor import Actor, PermissionDenied
from tests.app.deskkit import UNIT, cccd, open_desk, receive

ROLES = ("clerk", "leader", "admin")
PASSWORD = "mat-khau-8-ky-tu"
USERS = {"clerk": "canbo", "leader": "lanhdao", "admin": "quantri"}
# What each role may do (issue 5 roles, issue 8 §1): the specification, written out.
ALLOWED: dict[str, set[str]] = {
    "clerk": {"intake", "refuse", "supplement", "status", "edit", "print", "preview", "search", "queue",
              "dossier", "check", "register"},
    "leader": set(),
    "admin": set(),
}  # fmt: skip
ALLOWED["leader"] = ALLOWED["clerk"] | {"extend", "override_due", "report", "export", "backup"}
ALLOWED["admin"] = ALLOWED["leader"] | {
    "users",
    "create_user",
    "catalogue",
    "calendar",
    "settings",
    "restore",
}
GOOD_CATALOGUE = Path(__file__).parent / "data" / "catalogue" / "good.json"


def digest(data_dir: Path) -> str:
    con = sqlite3.connect(data_dir / "motcua.sqlite3")
    try:
        return hashlib.sha256("\n".join(con.iterdump()).encode()).hexdigest()
    finally:
        con.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the office, one account per role and a received dossier (copied per test)."""
    data = tmp_path_factory.mktemp("matrix") / "data"
    desk = open_desk(data)
    try:
        with desk.tx() as s:
            for role, name in USERS.items():
                create_user(s, name, f"Người {role}", role, PASSWORD, actor="test:setup")
        receive(desk)
    finally:
        desk.close()
    return data


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Iterator[tuple[Desk, str]]:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(template, data, ignore=shutil.ignore_patterns("*.lock"))
    desk = Desk.open(data)
    with desk.read() as s:
        from sqlalchemy import select

        from app.store.models import Dossier

        code = s.scalar(select(Dossier.code))
    try:
        yield desk, str(code)
    finally:
        desk.close()


def _form(**extra: Any) -> dict[str, Any]:
    return {
        "procedure_code": "1.004873",
        "owner": {"name": "Lê Văn Tám", "id_number": cccd(808), "phone": "0912345678"},
        "documents": None,
        **extra,
    }


# -- through the GUI adapter (ui/ops*.py on a real Desk) -----------------------------------------------


def gui_operations(tmp: Path) -> dict[str, Callable[[Desk, Actor, str], Any]]:
    from ui import ops, ops_admin, ops_reports

    d = date.today()
    return {
        "intake": lambda desk, a, code: ops.save_intake(desk, _form(), a),
        "refuse": lambda desk, a, code: ops.save_intake(desk, _form(), a, then=("refused", "Sai thẩm quyền", None)),
        "supplement": lambda desk, a, code: ops.save_intake(
            desk, _form(), a, then=("supplement_requested", "Thiếu tờ khai", {"missing": [{"name": "Tờ khai"}]})
        ),
        "override_due": lambda desk, a, code: ops.save_intake(
            desk, _form(due_override=now() + timedelta(days=9), due_override_reason="Cần xác minh"), a
        ),
        "status": lambda desk, a, code: ops.change_status(desk, code, "in_progress", actor=a),
        "extend": lambda desk, a, code: ops.extend(
            desk, code, now() + timedelta(days=30), reason="Chờ xác minh", actor=a
        ),
        "edit": lambda desk, a, code: ops.edit_intake(
            desk, code, {"phone": "0987654321"}, {}, reason="Ghi nhầm số", actor=a
        ),
        # The GUI's three hops (render, spool off the DB worker, log) in one go.
        "print": lambda desk, a, code: ops.log_slip(
            desk, code, "receipt",
            ops.send_slip(ops.preview_slip(desk, code, "receipt", 1, actor=a), code, "receipt",
                          printer=None, out=tmp / f"r-{a.role}.pdf"),
            copies=1, actor=a,
        ),  # fmt: skip
        "preview": lambda desk, a, code: ops.preview_slip(desk, code, "receipt", 1, actor=a),
        "search": lambda desk, a, code: ops.search(desk, "tam", actor=a),
        "queue": lambda desk, a, code: ops.queue(desk, d, actor=a),
        "dossier": lambda desk, a, code: ops.dossier(desk, code, actor=a),
        "report": lambda desk, a, code: ops_reports.bieu06(desk, d.replace(day=1), d, actor=a),
        "export": lambda desk, a, code: ops_reports.export_bieu06(
            desk, d.replace(day=1), d, "xlsx", tmp / f"b-{a.role}.xlsx", actor=a
        ),
        "register": lambda desk, a, code: ops_reports.register_pdf(
            desk, d.replace(day=1), d, tmp / f"s-{a.role}.pdf", actor=a
        ),
        "users": lambda desk, a, code: ops_admin.users(desk, actor=a),
        "create_user": lambda desk, a, code: ops_admin.create_user(
            desk, "moi", "Người Mới", "admin", PASSWORD, actor=a
        ),
        "catalogue": lambda desk, a, code: ops_admin.import_catalogue(desk, GOOD_CATALOGUE, actor=a),
        "calendar": lambda desk, a, code: ops_admin.set_day(desk, d + timedelta(days=40), "off", name="Nghỉ", actor=a),
        "settings": lambda desk, a, code: ops_admin.save_office(desk, {"phone": "02393888999"}, actor=a),
    }  # fmt: skip


GUI_OPS = sorted(gui_operations(Path(".")))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", GUI_OPS)
def test_gui_adapter_matrix(store: tuple[Desk, str], tmp_path: Path, role: str, operation: str) -> None:
    desk, code = store
    actor = Actor(USERS[role], f"Người {role}", role, "gui")
    run = gui_operations(tmp_path)[operation]
    if operation in ALLOWED[role]:
        run(desk, actor, code)
        return
    before = digest(desk.data_dir)
    with pytest.raises(PermissionDenied, match=USERS[role]):
        run(desk, actor, code)
    assert digest(desk.data_dir) == before
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob("*.xlsx"))


def test_the_gui_user_carries_the_actor_and_its_permissions(store: tuple[Desk, str]) -> None:
    from ui import ops

    desk, _code = store
    assert ops.login(desk, "canbo", "sai-mat-khau") is None
    user = ops.login(desk, "canbo", PASSWORD)
    assert user is not None and user.actor == Actor("canbo", "Người clerk", "clerk", "gui")
    assert user.can("intake") and not user.can("extend") and not user.can("users")


# -- through the command line (in-process) -----------------------------------------------------------


def cli_operations(code: str, tmp: Path) -> dict[str, tuple[str, ...]]:
    intake = ("intake", "--procedure", "1.004873", "--name", "Lê Văn Tám", "--id-number", cccd(808))
    return {
        "intake": intake,
        "override_due": (*intake, "--received", f"{date.today() - timedelta(days=40)} 09:00",
                         "--late-reason", "Nhập lại hồ sơ giấy"),
        "status": ("status", code, "--to", "in_progress"),
        "extend": ("extend", code, "--new-due", f"{date.today() + timedelta(days=30)} 09:00", "--note", "Chờ"),
        "print": ("slip", code, "--form", "receipt", "--out", str(tmp / "r.pdf")),
        "search": ("search", "tam", "--json"),
        "check": ("check", "--json"),
        "report": ("report", "--period", f"{date.today():%Y-%m}", "--format", "json"),
        "register": ("register", "--from", f"{date.today():%Y-%m}-01", "--to", f"{date.today()}",
                     "--out", str(tmp / "s.pdf")),
        "backup": ("backup", "--out", str(tmp / "b.sqlite3")),
        "users": ("user", "list", "--json"),
        "create_user": ("user", "add", "moi", "--name", "Người Mới", "--role", "admin"),
        "catalogue": ("catalogue", "import", str(GOOD_CATALOGUE)),
        "calendar": ("calendar", "set-off", f"{date.today() + timedelta(days=40)}", "--name", "Nghỉ"),
        "settings": ("setup", "--unit-code", UNIT, "--office-name", "Bộ phận Một cửa xã Tân Lập"),
    }  # fmt: skip


CLI_OPS = sorted(cli_operations("X", Path(".")))


@pytest.fixture
def signed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., tuple[int, str]]:
    from cli.main import main

    def run(data: Path, user: str, *argv: str, password: str = PASSWORD) -> tuple[int, str]:
        monkeypatch.setenv("MOTCUA_USER", user)
        monkeypatch.setenv("MOTCUA_PASSWORD", password)
        monkeypatch.setenv("MOTCUA_NEW_PASSWORD", PASSWORD)
        capsys.readouterr()
        try:
            rc = main(["--data-dir", str(data), *argv])
        except SystemExit as exc:
            rc = exc.code if isinstance(exc.code, int) else 1
        return rc, capsys.readouterr().err

    return run


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", CLI_OPS)
def test_cli_matrix(
    store: tuple[Desk, str], tmp_path: Path, signed: Callable[..., tuple[int, str]], role: str, operation: str
) -> None:
    desk, code = store
    data = desk.data_dir
    desk.close()  # the CLI takes the data-dir lock itself
    argv = cli_operations(code, tmp_path)[operation]
    before = digest(data)
    rc, err = signed(data, USERS[role], *argv)
    if operation in ALLOWED[role]:
        assert rc == 0, err
        return
    assert rc == 2 and "không có quyền" in err, err
    assert digest(data) == before
    assert not [p for p in tmp_path.iterdir() if p.name != "data"]


def test_cli_restore_needs_an_admin(
    store: tuple[Desk, str], tmp_path: Path, signed: Callable[..., tuple[int, str]]
) -> None:
    desk, _code = store
    data = desk.data_dir
    desk.close()
    backup = tmp_path / "b.sqlite3"
    assert signed(data, "lanhdao", "backup", "--out", str(backup))[0] == 0
    before = digest(data)
    rc, err = signed(data, "lanhdao", "restore", str(backup))
    assert rc == 2 and "không có quyền" in err and digest(data) == before
    rc, err = signed(data, "quantri", "restore", str(backup))
    assert rc == 0, err


# -- sign-in rules (issue 8 §2) ------------------------------------------------------------------------


def _audit_actions(data: Path) -> list[tuple[str, str]]:
    con = sqlite3.connect(data / "motcua.sqlite3")
    try:
        return [(str(a), str(b)) for a, b in con.execute("SELECT actor, action FROM audit ORDER BY id")]
    finally:
        con.close()


def test_wrong_password_unknown_or_locked_user_exit_2_audited(
    store: tuple[Desk, str], signed: Callable[..., tuple[int, str]]
) -> None:
    desk, code = store
    data = desk.data_dir
    with desk.tx() as s:
        from app.services.users import set_user

        set_user(s, "canbo", actor="test", active=False)
    desk.close()
    con = sqlite3.connect(data / "motcua.sqlite3")
    dossiers_before = con.execute("SELECT count(*) FROM dossier").fetchone()
    con.close()
    for user, password in (("lanhdao", "sai-mat-khau"), ("Chủ tịch UBND", PASSWORD), ("canbo", PASSWORD)):
        audit_before = len(_audit_actions(data))
        rc, err = signed(data, user, "intake", "--procedure", "1.004873", "--name", "An", "--id-number",
                         cccd(5), password=password)  # fmt: skip
        assert rc == 2 and "Sai tên đăng nhập hoặc mật khẩu" in err, err
        actions = _audit_actions(data)
        assert len(actions) == audit_before + 1 and actions[-1][1] == "login.fail"
    con = sqlite3.connect(data / "motcua.sqlite3")
    assert con.execute("SELECT count(*) FROM dossier").fetchone() == dossiers_before
    con.close()
    # The example: a free-text --user no longer acts.
    rc, err = signed(data, "Chủ tịch UBND", "extend", code, "--new-due", "2030-01-01 09:00", "--note", "x")
    assert rc == 2


def test_throttle_after_five_failures_shared_with_the_gui(
    store: tuple[Desk, str], signed: Callable[..., tuple[int, str]]
) -> None:
    from ui import ops

    desk, _code = store
    data = desk.data_dir
    desk.close()
    for _ in range(5):
        assert signed(data, "lanhdao", "search", "x", password="sai-mat-khau")[0] == 2
    # Now even the right password is refused, from the CLI and from the GUI alike.
    rc, err = signed(data, "lanhdao", "search", "x")
    assert rc == 2 and "5 lần" in err, err
    with Desk.open(data) as again:
        assert ops.login(again, "lanhdao", PASSWORD) is None
        # An admin resetting the password lifts the lock.
        from app.usecases import admin

        admin.set_user(again, Actor("quantri", "Q", "admin", "gui"), "lanhdao", password=PASSWORD)
        assert ops.login(again, "lanhdao", PASSWORD) is not None


def test_clerk_cannot_create_an_admin_and_the_first_account_must_be_an_admin(
    tmp_path: Path, signed: Callable[..., tuple[int, str]], store: tuple[Desk, str]
) -> None:
    desk, _code = store
    data = desk.data_dir
    desk.close()
    rc, err = signed(data, "canbo", "user", "add", "sep", "--name", "Sếp", "--role", "admin")
    assert rc == 2 and "không có quyền" in err
    # A store set up from the CLI: the OS account is the bootstrap admin; first account = admin.
    fresh = tmp_path / "fresh"
    assert signed(fresh, "", "setup", "--unit-code", UNIT, "--office-name", "Một cửa")[0] == 0
    rc, err = signed(fresh, "", "user", "add", "canbo", "--name", "Cán Bộ", "--role", "clerk")
    assert rc == 2 and "quản trị" in err
    assert signed(fresh, "", "user", "add", "quantri", "--name", "Quản Trị", "--role", "admin")[0] == 0
    # Now the OS account no longer acts: a command without sign-in is refused.
    rc, err = signed(fresh, "", "search", "x")
    assert rc == 2 and "--user" in err
    assert signed(fresh, "quantri", "search", "x")[0] == 0
    # The bootstrap admin's changes are audited under the OS account's name.
    assert any(a.startswith("cli:") and act == "user.create" for a, act in _audit_actions(fresh))


@pytest.mark.slow
def test_real_processes_sign_in(store: tuple[Desk, str], tmp_path: Path) -> None:
    """A few real ``python -m cli`` runs: env password, missing password without a terminal,
    ``due`` and ``--version`` open."""
    import subprocess
    import sys

    from tests.app.deskkit import REPO_ROOT, subprocess_env

    desk, code = store
    data = desk.data_dir
    desk.close()

    def run(*argv: str, **env: str) -> subprocess.CompletedProcess[str]:
        e = subprocess_env()
        e.pop("MOTCUA_PASSWORD", None)
        e.update(env)
        return subprocess.run(
            [sys.executable, "-m", "cli", "--data-dir", str(data), *argv],
            cwd=REPO_ROOT,
            env=e,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )

    ok = run("search", "tam", "--json", MOTCUA_USER="canbo", MOTCUA_PASSWORD=PASSWORD)
    assert ok.returncode == 0, ok.stderr
    nopass = run("search", "tam", MOTCUA_USER="canbo")
    assert nopass.returncode == 2 and "MOTCUA_PASSWORD" in nopass.stderr and "Traceback" not in nopass.stderr
    denied = run("extend", code, "--new-due", "2030-01-01 09:00", "--note", "x",
                 MOTCUA_USER="canbo", MOTCUA_PASSWORD=PASSWORD)  # fmt: skip
    assert denied.returncode == 2 and "không có quyền" in denied.stderr
    due = run("due", "--received", "2026-03-12 09:00", "--working-days", "3", "--json", MOTCUA_USER="")
    assert due.returncode == 0, due.stderr
    assert run("--version").returncode == 0
