"""``motcua`` through its real entry point: a few runs in a fresh interpreter, the many
table-driven cases in-process through ``cli.main.main(argv)``."""

from __future__ import annotations

import json
import re
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from app.desk import Desk
from tests.app.deskkit import UNIT, CliResult, cccd, file_digest, raw_db, rows_digest

Cli = Callable[..., CliResult]
CODE_RE = re.compile(r"^000\.00\.12\.H29-\d{6}-\d{4}$")
ISO_07 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")
SETUP = ("setup", "--unit-code", UNIT, "--office-name", "Trung tâm Phục vụ hành chính công xã Tân Lập")
INTAKE = ("intake", "--procedure", "1.004873", "--name", "Nguyễn Thị Hoà", "--id-number", cccd(123, female=True),
          "--phone", "0912345678", "--received", "2026-03-12 09:00",
          "--late-reason", "Nhập lại hồ sơ giấy", "--json")  # fmt: skip


def dump_digest(data_dir: Path) -> str:
    """Every row of every table: a failed command must leave this unchanged."""
    return rows_digest(data_dir)


def rows(data_dir: Path, sql: str) -> list[tuple[object, ...]]:
    con = raw_db(data_dir / "motcua.sqlite3")
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# --------------------------------------------------------------------------- real processes


@pytest.mark.slow
def test_real_cli_setup_intake_search_check(cli: Cli, cli_dir: Path) -> None:
    setup = cli(*SETUP, "--json")
    assert setup.code == 0, setup.err
    assert setup.json()["unit_code"] == UNIT
    got = cli(*INTAKE)
    assert got.code == 0, got.err
    receipt = got.json()
    assert receipt["code"] == f"{UNIT}-260312-0001"
    assert str(uuid.UUID(receipt["uuid"])) == receipt["uuid"]
    assert receipt["due"] == "2026-03-17T09:00:00+07:00" and receipt["status"] == "received"
    found = cli("search", "nguyen thi hoa", "--json")
    assert found.code == 0, found.err
    assert [(r["code"], r["name"], r["status"], r["due"]) for r in found.json()] == [
        (receipt["code"], "Nguyễn Thị Hoà", "received", receipt["due"])
    ]
    check = cli("check", "--json")
    assert check.code == 0 and check.json()["ok"] is True and check.json()["dossiers"] == 1


@pytest.mark.slow
def test_real_cli_error_is_exit_2_with_a_vietnamese_message_and_nothing_stored(
    cli: Cli, cli_dir: Path
) -> None:
    bad = cli("setup", "--unit-code", "000.00.12.X2", "--office-name", "Xã Tân Lập")
    assert bad.code == 2
    assert bad.out == ""
    assert "unit_code" in bad.err and "không đúng dạng" in bad.err
    with Desk.open(cli_dir) as desk:
        assert desk.office() is None


# --------------------------------------------------------------------------- in-process


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Set up once through the CLI (setup + one intake); each test gets a copy of the files."""
    from cli.main import main

    data = tmp_path_factory.mktemp("cli-template") / "data"
    assert main(["--data-dir", str(data), "--user", "test:cli", *SETUP]) == 0
    assert main(["--data-dir", str(data), "--user", "test:cli", *INTAKE]) == 0
    (code,) = rows(data, "SELECT code FROM dossier")[0]
    return data, str(code)


@pytest.fixture
def ready(template: tuple[Path, str], cli_dir: Path) -> str:
    """A set-up store with one dossier (a fresh copy of the template); returns its code."""
    src, code = template
    cli_dir.mkdir(parents=True)
    db = "motcua.sqlite3"
    assert not (src / f"{db}-wal").exists()  # closed cleanly: the one file is the whole store
    shutil.copyfile(src / db, cli_dir / db)
    shutil.copyfile(src / "motcua.key.json", cli_dir / "motcua.key.json")  # same store id, same key
    # The audit anchor is part of the store's files (app/store/anchor.py): a copy without it is
    # a store whose anchor went missing, which ``check`` reports.
    shutil.copyfile(src / f"{db}.audit-anchor", cli_dir / f"{db}.audit-anchor")
    return code


def test_setup_json_and_update(motcua: Cli, cli_dir: Path) -> None:
    r = motcua(
        *SETUP,
        "--province",
        "Thanh Hóa",
        "--server",
        "https://hub.example.vn/",
        "--token",
        "bí-mật",
        "--json",
    )
    assert r.code == 0, r.err
    out = r.json()
    assert (out["unit_code"], out["province"], out["server_url"], out["server_token"]) == (
        UNIT,
        "Thanh Hóa",
        "https://hub.example.vn",
        "***",  # never echoed
    )
    r = motcua(*SETUP, "--workstation-count", "2", "--workstation", "2", "--json")
    assert r.code == 0, r.err
    assert (r.json()["workstation"], r.json()["province"]) == (2, "Thanh Hóa")  # the rest is kept
    code = motcua(*INTAKE).json()["code"]
    assert code == f"{UNIT}-260312-2001"


def test_intake_before_setup_is_refused(motcua: Cli) -> None:
    r = motcua(*INTAKE)
    assert r.code == 2 and "Chưa thiết lập thông tin cơ quan" in r.err and r.out == ""


def test_intake_json(motcua: Cli, ready: str, cli_dir: Path) -> None:
    assert ready == f"{UNIT}-260312-0001"
    r = motcua("intake", "--procedure", "2.000815", "--name", "Đặng Văn Đức", "--id-number", cccd(5),
               "--received", "2026-03-12 15:01", "--pages", "5", "--sets", "2", "--phone", "0301234567",
               "--document", "Bản chính giấy tờ, văn bản làm cơ sở chứng thực|1",
               "--document", "Bản sao cần chứng thực|0|0|2",
               "--late-reason", "Nhập lại hồ sơ giấy", "--json")  # fmt: skip
    assert r.code == 0, r.err
    out = r.json()
    assert set(out) == {"code", "uuid", "due", "status", "warnings", "register"}
    assert out["register"] == {"book": "2026", "number": 2}  # the template holds number 1
    assert CODE_RE.match(out["code"]) and ISO_07.match(out["due"])
    assert out["due"] == "2026-03-13T17:00:00+07:00"  # same-day procedure after 15:00
    assert [w["field"] for w in out["warnings"]] == ["owner.phone"]
    fee, docs = rows(cli_dir, f"SELECT fee, documents FROM dossier WHERE code='{out['code']}'")[0]
    assert fee == 14000
    assert json.loads(str(docs)) == [
        {
            "certified": 0,
            "copies": 0,
            "name": "Bản chính giấy tờ, văn bản làm cơ sở chứng thực",
            "originals": 1,
        },
        {"certified": 0, "copies": 2, "name": "Bản sao cần chứng thực", "originals": 0},
    ]


@pytest.mark.parametrize(
    ("args", "due"),
    [
        (("--working-days", "3"), "2026-02-25T10:00:00+07:00"),  # over Tết 2026
        (("--procedure", "1.004873"), "2026-02-25T10:00:00+07:00"),
        (("--hours", "4"), "2026-02-13T16:00:00+07:00"),  # 1.5 h before lunch, 2.5 h from 13:30
        (("--same-day",), "2026-02-13T17:00:00+07:00"),
        (("--calendar-days", "5"), "2026-02-23T10:00:00+07:00"),  # 18/2 falls in Tết: next working day
        (("--procedure", "2.001008"), None),  # no published limit
    ],
)
def test_due_contract_forms(motcua: Cli, args: tuple[str, ...], due: str | None) -> None:
    r = motcua("due", "--received", "2026-02-13 10:00", *args, "--json")
    assert r.code == 0, r.err
    assert r.json()["due"] == due
    assert r.json()["received"] == "2026-02-13T10:00:00+07:00"


def test_due_text_output(motcua: Cli) -> None:
    r = motcua("due", "--received", "2026-03-12 15:01", "--same-day")
    assert r.code == 0 and r.out.strip() == "17 giờ 00 phút, ngày 13/03/2026"


def test_status_with_note_and_extend(motcua: Cli, ready: str, cli_dir: Path) -> None:
    # Events in the order they happened: the extension letter below is dated in March too.
    r = motcua("status", ready, "--to", "in_progress", "--at", "2026-03-16 09:00", "--json")
    assert r.code == 0, r.err
    assert (r.json()["from"], r.json()["to"], r.json()["event"]) == ("received", "in_progress", "handed_over")
    r = motcua("status", ready, "--to", "supplement_requested", "--note", "Thiếu bản sao giấy khai sinh",
               "--missing", "Giấy khai sinh|0|1|0", "--at", "2026-03-16 10:00", "--json")  # fmt: skip
    assert r.code == 0, r.err
    note, data = rows(cli_dir, "SELECT note, data FROM dossier_event ORDER BY id DESC LIMIT 1")[0]
    assert note == "Thiếu bản sao giấy khai sinh"
    assert json.loads(str(data))["missing"][0]["name"] == "Giấy khai sinh"
    r = motcua("extend", ready, "--new-due", "2026-03-30 09:00", "--note", "Cần xác minh",
               "--at", "2026-03-17 08:00", "--json")  # fmt: skip
    assert r.code == 0, r.err
    assert r.json()["due"] == "2026-03-30T09:00:00+07:00"
    again = motcua("extend", ready, "--new-due", "2026-04-30 09:00", "--note", "Lần hai",
                   "--at", "2026-03-18 08:00", "--json")  # fmt: skip
    assert again.code == 2 and "một lần" in again.err


def test_search_json_rows(motcua: Cli, ready: str) -> None:
    motcua("status", ready, "--to", "in_progress")
    r = motcua("search", "hoa", "--json")
    assert r.code == 0
    (row,) = r.json()
    assert {"code", "name", "status", "due"} <= set(row)
    assert (row["code"], row["name"], row["status"], row["due"]) == (
        ready,
        "Nguyễn Thị Hoà",
        "in_progress",
        "2026-03-17T09:00:00+07:00",
    )
    assert motcua("search", "khong co ai", "--json").json() == []
    assert "Không tìm thấy" in motcua("search", "khong co ai").out


BAD_CSV = """code,name,field,limit_unit,limit_value,fee_rule
1.004873,Cấp Giấy xác nhận tình trạng hôn nhân,Hộ tịch,working_days,5,council
1.00487,Sai mã,Hộ tịch,working_days,3,
1.999998,Thủ tục mới,Hộ tịch,weeks,2,
1.999997,,Hộ tịch,same_day,,
"""
GOOD_CSV = """code,name,field,limit_unit,limit_value,fee_rule
1.004873,Cấp Giấy xác nhận tình trạng hôn nhân,Hộ tịch,working_days,5,council
1.999998,Thủ tục thử nghiệm của tỉnh,Hộ tịch,hours,4,fixed:15.000
"""


def test_catalogue_import_bad_file_reports_lines_and_changes_nothing(
    motcua: Cli, ready: str, cli_dir: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "tinh.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    before = dump_digest(cli_dir)
    r = motcua("catalogue", "import", str(bad))
    assert r.code == 2 and r.out == ""
    assert re.search(r"dòng 3, trường code", r.err), r.err
    assert re.search(r"dòng 4, trường limit_unit", r.err), r.err
    assert re.search(r"dòng 5, trường name", r.err), r.err
    assert "dòng 2" not in r.err
    assert dump_digest(cli_dir) == before


def test_catalogue_import_good_file_adds_and_updates(
    motcua: Cli, ready: str, cli_dir: Path, tmp_path: Path
) -> None:
    good = tmp_path / "tinh.csv"
    good.write_text(GOOD_CSV, encoding="utf-8")
    n_before = int(str(rows(cli_dir, "SELECT count(*) FROM procedure")[0][0]))
    r = motcua("catalogue", "import", str(good), "--json")
    assert r.code == 0, r.err
    out = r.json()
    assert (out["codes_added"], out["codes_updated"]) == (["1.999998"], ["1.004873"])
    assert rows(cli_dir, "SELECT count(*) FROM procedure")[0][0] == n_before + 1
    assert rows(cli_dir, "SELECT limit_value, version FROM procedure WHERE code='1.004873'") == [(5.0, 2)]
    due = motcua("due", "--received", "2026-03-12 09:00", "--procedure", "1.004873", "--json").json()["due"]
    assert due == "2026-03-19T09:00:00+07:00"  # now 5 working days
    new = motcua("due", "--received", "2026-03-12 09:00", "--procedure", "1.999998", "--json").json()["due"]
    assert new == "2026-03-12T15:00:00+07:00"  # 4 office hours from 09:00
    listed = motcua("catalogue", "list", "thu nghiem", "--json").json()
    assert [p["code"] for p in listed] == ["1.999998"]
    # The dossier already received keeps the appointment printed on its receipt.
    assert rows(cli_dir, f"SELECT due_at FROM dossier WHERE code='{ready}'") == [
        ("2026-03-17T09:00:00+07:00",)
    ]


def test_calendar_edits_change_due(motcua: Cli, cli_dir: Path) -> None:
    assert motcua(*SETUP).code == 0

    def due() -> str:
        r = motcua("due", "--received", "2026-03-12 10:00", "--working-days", "1", "--json")
        assert r.code == 0, r.err
        return str(r.json()["due"])

    assert due() == "2026-03-13T10:00:00+07:00"
    r = motcua("calendar", "set-off", "2026-03-13", "--name", "Nghỉ bão", "--json")
    assert r.code == 0 and r.json() == {"day": "2026-03-13", "kind": "off", "before": None}
    assert due() == "2026-03-16T10:00:00+07:00"
    assert motcua("calendar", "set-work", "2026-03-14", "--name", "Làm bù").code == 0
    assert due() == "2026-03-14T10:00:00+07:00"
    listed = motcua("calendar", "list", "--from", "2026-03-12", "--to", "2026-03-16", "--json").json()
    assert [(d["day"], d["kind"], d["name"]) for d in listed] == [
        ("2026-03-13", "off", "Nghỉ bão"),
        ("2026-03-14", "work_weekend", "Làm bù"),
        ("2026-03-15", "weekend", ""),
    ]
    assert motcua("calendar", "clear", "2026-03-13").code == 0
    assert motcua("calendar", "clear", "2026-03-14").code == 0
    assert due() == "2026-03-13T10:00:00+07:00"
    assert [a[0] for a in rows(cli_dir, "SELECT action FROM audit WHERE action='calendar.set'")] == [
        "calendar.set"
    ] * 4


def test_demo_data_then_search(motcua: Cli, cli_dir: Path) -> None:
    assert motcua(*SETUP).code == 0
    r = motcua("demo-data", "--count", "500", "--json")
    assert r.code == 0, r.err
    assert r.json()["created"] == 500
    code, idn, phone = rows(
        cli_dir,
        "SELECT d.code, a.id_number, a.phone FROM dossier d JOIN applicant a ON a.id=d.owner_id WHERE d.id=250",
    )[0]
    for q in (str(code), str(idn), str(idn)[-6:], str(phone)):
        assert str(code) in [x["code"] for x in motcua("search", q, "--json", "--limit", "500").json()], q
    # demo rows never go upstream; the four searches are access-log entries (issue 9)
    assert rows(cli_dir, "SELECT entity, count(*) FROM outbox GROUP BY entity") == [("access", 4)]
    check = motcua("check", "--json")
    assert check.code == 0 and check.json()["dossiers"] == 500


def test_backup_restore_check(motcua: Cli, ready: str, cli_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "sao-luu.sqlite3"
    b = motcua("backup", "--out", str(out), "--json")
    assert b.code == 0, b.err
    assert {k: b.json()[k] for k in ("file", "dossiers", "integrity", "kind")} == {
        "file": str(out),
        "dossiers": 1,
        "integrity": "ok",
        "kind": "manual",
    }
    motcua(
        "intake",
        "--procedure",
        "1.004873",
        "--name",
        "Trần Văn Sau",
        "--id-number",
        cccd(9),
        "--received",
        "2026-03-12 10:00",
        "--late-reason",
        "Nhập lại hồ sơ giấy",
    )
    assert rows(cli_dir, "SELECT count(*) FROM dossier") == [(2,)]
    r = motcua("restore", str(out), "--json")
    assert r.code == 0, r.err
    assert r.json()["dossiers"] == 1
    kept = Path(r.json()["previous_kept_as"])
    assert kept.exists() and raw_db(kept).execute("SELECT count(*) FROM dossier").fetchone() == (2,)
    assert rows(cli_dir, "SELECT code FROM dossier") == [(ready,)]
    c = motcua("check", "--json")
    assert c.code == 0 and c.json()["ok"] and c.json()["audit_broken_at"] is None


@pytest.mark.parametrize("content", [b"", b"khong phai sqlite", b"SQLite format 3\x00" + b"\x00" * 200])
def test_restore_of_a_bad_file_is_refused_and_the_store_untouched(
    motcua: Cli, ready: str, cli_dir: Path, tmp_path: Path, content: bytes
) -> None:
    bad = tmp_path / "hong.sqlite3"
    bad.write_bytes(content)
    before = file_digest(cli_dir / "motcua.sqlite3")
    r = motcua("restore", str(bad))
    assert r.code == 2 and r.out == ""
    assert str(bad) in r.err
    assert file_digest(cli_dir / "motcua.sqlite3") == before
    assert not list(cli_dir.glob("*before-restore*"))


def test_check_names_the_tampered_audit_row(motcua: Cli, ready: str, cli_dir: Path) -> None:
    assert motcua("check", "--json").json()["ok"] is True
    victim = rows(cli_dir, "SELECT id FROM audit WHERE action='dossier.intake'")[0][0]
    con = raw_db(cli_dir / "motcua.sqlite3")
    con.execute("DROP TRIGGER audit_no_update")  # a tamperer with the file removes the guard first
    con.execute("UPDATE audit SET actor='ke-gian' WHERE id=?", (victim,))
    con.commit()
    con.close()
    r = motcua("check", "--json")
    assert r.code == 1
    out = r.json()
    assert out["ok"] is False and out["audit_broken_at"] == victim
    assert any(f"dòng {victim}" in p for p in out["problems"])
    text = motcua("check")
    assert text.code == 1 and f"dòng {victim}" in text.out


def test_users_through_the_cli(motcua: Cli, cli_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert motcua(*SETUP).code == 0
    monkeypatch.setenv("MOTCUA_NEW_PASSWORD", "mat-khau-quan-tri")
    r = motcua("user", "add", "quantri", "--name", "Quản Trị", "--role", "admin", "--json")
    assert r.code == 0, r.err
    assert r.json() == {"username": "quantri", "full_name": "Quản Trị", "role": "admin", "active": True}
    # From now on the CLI signs in (issue 8 §2).
    monkeypatch.setenv("MOTCUA_USER", "quantri")
    monkeypatch.setenv("MOTCUA_PASSWORD", "mat-khau-quan-tri")
    monkeypatch.setenv("MOTCUA_NEW_PASSWORD", "ngan")
    r = motcua("user", "add", "an", "--name", "An")
    assert r.code == 2 and "password" in r.err
    assert [u["username"] for u in motcua("user", "list", "--json").json()] == ["quantri"]


@pytest.mark.parametrize(
    "argv", [("user", "set", "quantri", "--role", "clerk"), ("user", "set", "khongco", "--active", "no")]
)
def test_user_set_refusals_exit_2(
    motcua: Cli, cli_dir: Path, monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...]
) -> None:
    assert motcua(*SETUP).code == 0
    monkeypatch.setenv("MOTCUA_NEW_PASSWORD", "mat-khau-quan-tri")
    assert motcua("user", "add", "quantri", "--name", "Quản Trị", "--role", "admin").code == 0
    monkeypatch.setenv("MOTCUA_USER", "quantri")
    monkeypatch.setenv("MOTCUA_PASSWORD", "mat-khau-quan-tri")
    before = dump_digest(cli_dir)
    r = motcua(*argv)
    assert r.code == 2 and ("quản trị viên" in r.err or "khongco" in r.err)
    assert dump_digest(cli_dir) == before


# --------------------------------------------------------------------------- every error path

ERRORS: list[tuple[tuple[str, ...], str]] = [
    (("setup", "--unit-code", "000.00.12.X2", "--office-name", "X"), "unit_code"),
    (("setup", "--unit-code", UNIT, "--office-name", " "), "office_name"),
    ((*SETUP, "--workstation", "3", "--workstation-count", "2"), "workstation"),
    ((*SETUP, "--workstation-count", "10"), "workstation_count"),
    ((*SETUP, "--hours", "7-11"), "--hours"),
    ((*SETUP, "--cutoff", "25:00"), "office_hours"),
    ((*SETUP, "--server", "http://hub.vn"), "server_token"),
    ((*SETUP, "--server", "ftp://hub.vn", "--token", "t"), "server_url"),
    (("intake", "--procedure", "1.004873", "--name", "An", "--id-number", "12345"), "owner.id_number"),
    (
        ("intake", "--procedure", "1.004873", "--name", "An", "--id-number", cccd(1), "--phone", "0912"),
        "owner.phone",
    ),
    (("intake", "--procedure", "1.004873", "--name", "An 2", "--id-number", cccd(1)), "owner.name"),
    (("intake", "--procedure", "9.999999", "--name", "An", "--id-number", cccd(1)), "procedure"),
    (
        (
            "intake",
            "--procedure",
            "1.004873",
            "--name",
            "An",
            "--id-number",
            cccd(1),
            "--received",
            "2099-01-01 10:00",
        ),
        "received_at",
    ),
    (
        (
            "intake",
            "--procedure",
            "1.004873",
            "--name",
            "An",
            "--id-number",
            cccd(1),
            "--received",
            "hôm qua",
        ),
        "--received",
    ),
    (
        (
            "intake",
            "--procedure",
            "1.004873",
            "--name",
            "An",
            "--id-number",
            cccd(1),
            "--document",
            "Tờ khai|x",
        ),
        "--document",
    ),
    (
        (
            "intake",
            "--procedure",
            "1.004873",
            "--name",
            "An",
            "--id-number",
            cccd(1),
            "--document",
            "Tờ khai|-1",
        ),
        "documents[1].originals",
    ),
    (("intake", "--procedure", "1.004873", "--name", "An", "--id-number", cccd(1), "--fee", "-5"), "fee"),
    (("intake", "--procedure", "1.004873", "--name", "An", "--id-number", cccd(1), "--sets", "0"), "--sets"),
    (
        ("intake", "--procedure", "1.004873", "--name", "An", "--id-number", cccd(1), "--channel", "fax"),
        "--channel",
    ),
    (("intake", "--name", "An", "--id-number", cccd(1)), "--procedure"),
    (("due", "--received", "2026-02-13 10:00", "--working-days", "0"), "--working-days"),
    (("due", "--received", "2026-02-13 10:00", "--hours", "-2"), "--hours"),
    (("due", "--received", "2026-02-13 10:00", "--procedure", "9.9"), "--procedure"),
    (("due", "--received", "13/02/2026", "--same-day"), "--received"),
    (("due", "--received", "2026-02-13 10:00"), "--procedure"),
    (("due", "--received", "2026-02-13 10:00", "--same-day", "--hours", "2"), "--hours"),
    (("status", "{code}", "--to", "xong"), "Trạng thái 'xong' không hợp lệ"),
    (("status", "{code}", "--to", "supplement_requested"), "--note"),
    (("status", "{code}", "--to", "returned"), "'received'"),
    (("status", "{code}", "--to", "in_progress", "--at", "2026-03-01 09:00"), "trước thời điểm tiếp nhận"),
    (("status", f"{UNIT}-260312-0999", "--to", "in_progress"), "Không tìm thấy hồ sơ"),
    (("status", "HS-0001", "--to", "in_progress"), "YYMMDD-XXXX"),
    (("extend", "{code}", "--new-due", "2026-03-13 09:00", "--note", "Chậm"), "phải sau ngày hẹn cũ"),
    (
        ("extend", "{code}", "--new-due", "2026-04-13 09:00", "--note", "Chậm", "--at", "2026-04-14 08:00"),
        "phải sau ngày lập văn bản",
    ),
    (("extend", "{code}", "--new-due", "2026-04-13 09:00", "--note", " "), "lý do"),
    (("catalogue", "import", "/nonexistent/tinh.csv"), "không đọc được tệp"),
    (("calendar", "set-off", "2026-02-30"), "2026-02-30"),
    (("calendar", "set-work", "14/03/2026"), "14/03/2026"),
    (("calendar", "list", "--from", "2026-03-10", "--to", "2026-03-01"), "--to"),
    (("demo-data", "--count", "0"), "--count"),
    (("restore", "/nonexistent/b.sqlite3"), "không có tệp"),
    (("search",), "text"),
]


@pytest.mark.parametrize(("argv", "needle"), ERRORS, ids=[" ".join(a[:3]) + f" [{n}]" for a, n in ERRORS])
def test_error_path_exit_2_names_the_field_and_stores_nothing(
    motcua: Cli, ready: str, cli_dir: Path, argv: tuple[str, ...], needle: str
) -> None:
    before = dump_digest(cli_dir)
    r = motcua(*(a.replace("{code}", ready) for a in argv))
    assert r.code == 2, (r.out, r.err)
    assert needle in r.err, r.err
    assert r.out == ""
    assert dump_digest(cli_dir) == before
