"""Issue 8 §7 (the desk validates before storing; events in order; old paper dossiers; the unit
code is fixed once dossiers exist) and §10 (bad input: a Vietnamese message, exit 2, never a
traceback, nothing stored), table-driven through the real command line."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.domain.clock import now
from app.domain.validation import ValidationError
from app.usecases.actor import Actor, PermissionDenied
from tests.app.deskkit import UNIT, CliResult, cccd, open_desk, request

Cli = Callable[..., CliResult]
SETUP = ("setup", "--unit-code", UNIT, "--office-name", "Trung tâm Phục vụ hành chính công xã Tân Lập")
INTAKE = (
    "intake",
    "--procedure",
    "1.004873",
    "--name",
    "Nguyễn Thị Hoà",
    "--id-number",
    cccd(123, female=True),
)


def digest(data_dir: Path) -> str:
    con = sqlite3.connect(data_dir / "motcua.sqlite3")
    try:
        return hashlib.sha256("\n".join(con.iterdump()).encode()).hexdigest()
    finally:
        con.close()


@pytest.fixture
def configured(motcua: Cli, cli_dir: Path) -> str:
    assert motcua(*SETUP).code == 0
    r = motcua(*INTAKE, "--json")
    assert r.code == 0, r.err
    return str(r.json()["code"])


def _bad_cases(tmp: Path, code: str) -> list[tuple[tuple[str, ...], str]]:
    a_file = tmp / "a-file"
    a_file.write_text("x", encoding="utf-8")
    today = date.today()
    return [
        # numbers too large or negative
        ((*INTAKE, "--pages", "-1"), "pages"),
        ((*INTAKE, "--pages", "99999999999999999999999999"), "pages"),
        ((*INTAKE, "--fee", "100000000000000000000000000"), "fee"),
        ((*INTAKE, "--sets", "1000000"), "sets_count"),
        (("due", "--received", "2026-03-12 09:00", "--working-days", "1e12"), "--working-days"),
        (("due", "--received", "2026-03-12 09:00", "--working-days", "nan"), "--working-days"),
        (("due", "--received", "2026-03-12 09:00", "--hours", "inf"), "--hours"),
        (("search", "hoa", "--limit", "-1"), "limit"),
        (("search", "hoa", "--limit", "100000000000000000000"), "limit"),
        (("outbox", "list", "--limit", "0"), "limit"),
        (("demo-data", "--count", "1000000000000"), "count"),
        (("setup", "--unit-code", UNIT, "--office-name", "X", "--workstation", "99999999999999999999"),
         "workstation"),
        # year 0001 and year 9999
        ((*INTAKE, "--received", "0001-01-01 09:00"), "--received"),
        ((*INTAKE, "--received", "9999-12-31 09:00"), "--received"),
        (("due", "--received", "9999-12-31 09:00", "--working-days", "3"), "--received"),
        (("report", "--from", "0001-01-01", "--to", "0001-12-31"), "--from"),
        (("report", "--period", "9999"), "9999"),
        (("calendar", "list", "--from", "9999-12-01", "--to", "9999-12-31"), "--from"),
        (("status", code, "--to", "in_progress", "--at", "0001-01-01 00:00"), "--at"),
        (("extend", code, "--new-due", "9999-12-31 23:59", "--note", "x"), "--new-due"),
        # OS errors, in Vietnamese
        (("slip", code, "--form", "receipt", "--out", str(a_file / "x.pdf")), "tệp đã tồn tại"),
        (("backup", "--out", str(a_file / "b.sqlite3")), "tệp đã tồn tại"),
        (("catalogue", "import", str(tmp / "missing.json")), "missing.json"),
        # text longer than its column
        ((*INTAKE, "--address", "x" * 600), "owner.address"),
        ((*INTAKE, "--summary", "x" * 5000), "summary"),
        # an event dated before the previous one, or in the future
        (("status", code, "--to", "in_progress", "--at", f"{today - timedelta(days=400)} 09:00"), "trước"),
        (("status", code, "--to", "in_progress", "--at", f"{today + timedelta(days=1)} 09:00"), "tương lai"),
        # an old paper dossier without a reason
        ((*INTAKE, "--received", f"{today - timedelta(days=40)} 09:00"), "late_entry_reason"),
        # the unit code once dossiers exist
        (("setup", "--unit-code", "000.00.13.H29", "--office-name", "X"), "unit_code"),
    ]  # fmt: skip


CASES = list(range(29))  # indexes into _bad_cases (it needs the test's tmp_path and dossier code)


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_refused_in_vietnamese_with_nothing_stored(
    motcua: Cli, cli_dir: Path, configured: str, tmp_path: Path, case: int
) -> None:
    cases = _bad_cases(tmp_path, configured)
    assert len(cases) == len(CASES)
    argv, needle = cases[case]
    before = digest(cli_dir)
    r = motcua(*argv)
    assert r.code == 2, (argv, r.out, r.err)
    assert needle in r.err, (argv, r.err)
    assert "Traceback" not in r.err and "Errno" not in r.err and "No such file" not in r.err
    assert "Not a directory" not in r.err
    assert digest(cli_dir) == before, argv


def test_the_unit_code_may_change_before_any_dossier(motcua: Cli) -> None:
    assert motcua(*SETUP).code == 0
    r = motcua("setup", "--unit-code", "000.00.13.H29", "--office-name", "X", "--json")
    assert r.code == 0, r.err and r.json()["unit_code"] == "000.00.13.H29"


def test_an_old_paper_dossier_needs_a_leader_and_a_reason(tmp_path: Path) -> None:
    from app.usecases import dossiers

    desk = open_desk(tmp_path / "d")
    try:
        old = request(received=now() - timedelta(days=45))
        clerk = Actor("canbo", "Cán bộ", "clerk", "gui")
        leader = Actor("lanhdao", "Lãnh đạo", "leader", "gui")
        with pytest.raises(PermissionDenied):
            dossiers.receive(desk, clerk, old)
        with pytest.raises(ValidationError, match="late_entry_reason"):
            dossiers.receive(desk, leader, old)
        old.late_entry_reason = "Hồ sơ giấy nhận khi mất điện, nhập lại"
        done = dossiers.receive(desk, leader, old)
        view = dossiers_page(desk, leader, done["code"])
        assert view["events"][0]["data"]["late_entry_reason"] == old.late_entry_reason
        # 29 days back is an ordinary entry, a clerk's job.
        assert dossiers.receive(desk, clerk, request(received=now() - timedelta(days=29)))["code"]
    finally:
        desk.close()


def dossiers_page(desk: object, actor: Actor, code: str) -> dict[str, object]:
    from app.usecases import views

    return views.dossier(desk, actor, code)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("username", "role"),
    [("x" * 130, "clerk"), ("ca\x00bo", "clerk"), ("", "clerk"), ("canbo", "chairman"), ("a\nb", "admin")],
)
def test_the_actor_is_validated_before_anything_is_stored(username: str, role: str) -> None:
    with pytest.raises(PermissionDenied, match="người thực hiện không hợp lệ"):
        Actor(username, "Tên", role, "cli")


def test_text_with_control_characters_is_refused(tmp_path: Path) -> None:
    from app.usecases import dossiers

    desk = open_desk(tmp_path / "d")
    try:
        clerk = Actor("canbo", "Cán bộ", "clerk", "gui")
        bad = request(received=now())
        bad.owner.address = "Thôn 1\x00; DROP"
        with pytest.raises(ValidationError, match="owner.address"):
            dossiers.receive(desk, clerk, bad)
        with desk.read() as s:
            from sqlalchemy import func, select

            from app.store.models import Dossier

            assert s.scalar(select(func.count()).select_from(Dossier)) == 0
    finally:
        desk.close()
