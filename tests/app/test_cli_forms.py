"""Issue 11 through the command line: refusal at the desk, two liên by default, extend --at,
letters by their own date, the register's book, area and names; PDFs read back."""

from __future__ import annotations

import re
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.app.deskkit import UNIT, CliResult, cccd

Cli = Callable[..., CliResult]
SETUP = ("setup", "--unit-code", UNIT, "--office-name", "Trung tâm Phục vụ hành chính công xã Tân Lập",
         "--parent-agency", "UBND xã Tân Lập", "--commune", "xã Tân Lập", "--province", "tỉnh Đắk Lắk",
         "--hamlet", "Thôn 1", "--hamlet", "Thôn Ẩm Thượng")  # fmt: skip
PERSON = ("--procedure", "1.004873", "--name", "Nguyễn Thị Hoà", "--id-number", cccd(123, female=True),
          "--phone", "0912345678")  # fmt: skip


def text_of(pdf: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"\s+", " ", out)


def rows(data_dir: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(data_dir / "motcua.sqlite3")
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture
def office(motcua: Cli) -> Cli:
    r = motcua(*SETUP, "--json")
    assert r.code == 0, r.err
    assert r.json()["hamlets"] == ["Thôn 1", "Thôn Ẩm Thượng"]
    return motcua


def test_refuse_at_the_desk_in_one_step(office: Cli, cli_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "tu-choi.pdf"
    reason = "Thủ tục không thuộc thẩm quyền của UBND xã; đề nghị nộp tại Công an xã"
    r = office("intake", *PERSON, "--received", "2026-03-12 09:00", "--late-reason", "Nhập bù hồ sơ giấy", "--refuse", reason, "--out", str(out),
               "--json")  # fmt: skip
    assert r.code == 0, r.err
    got = r.json()
    assert got["status"] == "refused" and got["due"] is None
    assert got["register"] == {"book": "2026", "number": 1}
    assert got["slip"]["form"] == "refusal" and got["slip"]["copies"] == 2
    ((status, due, area),) = rows(cli_dir, "SELECT status, due_at, area FROM dossier")
    assert (status, due, area) == ("refused", None, "xã Tân Lập")
    kinds = [k for (k,) in rows(cli_dir, "SELECT kind FROM dossier_event ORDER BY id")]
    assert kinds[:2] == ["submitted", "refused"]
    text = text_of(out)
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text and reason in text
    assert "(Liên 1: Lưu)" in text and "(Liên 2: Giao người nộp hồ sơ)" in text


def test_refuse_needs_a_reason_and_stores_nothing(office: Cli, cli_dir: Path) -> None:
    r = office(
        "intake",
        *PERSON,
        "--received",
        "2026-03-12 09:00",
        "--late-reason",
        "Nhập bù hồ sơ giấy",
        "--refuse",
        "  ",
    )
    assert r.code == 2 and "--refuse" in r.err and "lý do" in r.err
    assert rows(cli_dir, "SELECT count(*) FROM dossier") == [(0,)]
    bad = office("intake", *PERSON, "--out", "x.txt")
    assert bad.code == 2 and ".pdf" in bad.err
    assert rows(cli_dir, "SELECT count(*) FROM dossier") == [(0,)]


def test_receipt_two_liens_by_default_with_register_line(office: Cli, cli_dir: Path, tmp_path: Path) -> None:
    office("intake", *PERSON, "--received", "2026-03-12 09:00", "--late-reason", "Nhập bù hồ sơ giấy")
    r = office(
        "intake",
        *PERSON,
        "--received",
        "2026-03-12 10:00",
        "--late-reason",
        "Nhập bù hồ sơ giấy",
        "--area",
        "thôn ẩm thượng",
        "--json",
    )
    assert r.code == 0, r.err
    code = r.json()["code"]
    assert r.json()["register"] == {"book": "2026", "number": 2}
    out = tmp_path / "r.pdf"
    s = office("slip", code, "--form", "receipt", "--out", str(out), "--json")
    assert s.code == 0, s.err
    assert s.json()["copies"] == 2
    text = text_of(out)
    assert text.count("Vào Sổ theo dõi hồ sơ, Quyển số: 2026, Số thứ tự: 02") == 2
    assert "Số định danh cá nhân:" in text
    sheet = office("slip", code, "--form", "control_sheet", "--out", str(tmp_path / "k.pdf"), "--json")
    assert sheet.code == 0 and sheet.json()["copies"] == 1
    bad_area = office("intake", *PERSON, "--area", "Thôn 9")
    assert bad_area.code == 2 and "--area" in bad_area.err and "Thôn Ẩm Thượng" in bad_area.err
    assert rows(cli_dir, "SELECT area FROM dossier ORDER BY id") == [("xã Tân Lập",), ("Thôn Ẩm Thượng",)]


def test_extend_at_and_its_date_rules(office: Cli, tmp_path: Path) -> None:
    code = office(
        "intake", *PERSON, "--received", "2026-03-12 09:00", "--late-reason", "Nhập bù hồ sơ giấy", "--json"
    ).json()["code"]  # due 17/3
    late = office(
        "extend", code, "--new-due", "2026-03-20 09:00", "--note", "Chờ xác minh", "--at", "2026-03-21 08:00"
    )
    assert late.code == 2 and "phải sau ngày lập văn bản" in late.err
    old = office("extend", code, "--new-due", "2026-03-16 09:00", "--note", "Chờ", "--at", "2026-03-13 08:00")
    assert old.code == 2 and "phải sau ngày hẹn cũ" in old.err
    ok = office("extend", code, "--new-due", "2026-03-24 09:00", "--note", "Chờ xác minh", "--at", "2026-03-17 08:00",
                "--json")  # fmt: skip
    assert ok.code == 0, ok.err
    out = tmp_path / "xl.pdf"
    assert office("slip", code, "--form", "apology", "--out", str(out)).code == 0
    text = text_of(out)
    assert "Tân Lập, ngày 17 tháng 3 năm 2026" in text
    assert text.startswith("ỦY BAN NHÂN DÂN XÃ TÂN LẬP")
    assert "cấp xã" not in text and "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" in text


def test_stop_notice_for_a_dossier_received_under_the_old_set(office: Cli, tmp_path: Path) -> None:
    """Issue 11: received 10/9/2025, stopped 1/10/2025 → the TT 03/2025 stop notice (was exit 2)."""
    code = office(
        "intake", *PERSON, "--received", "2025-09-10 09:00", "--late-reason", "Nhập bù hồ sơ giấy", "--json"
    ).json()["code"]
    r = office(
        "status", code, "--to", "stopped", "--note", "Người dân đề nghị dừng", "--at", "2025-10-01 09:00"
    )
    assert r.code == 0, r.err
    out = tmp_path / "dung.pdf"
    s = office("slip", code, "--form", "stop_notice", "--out", str(out), "--json")
    assert s.code == 0, s.err
    assert s.json()["form_set"] == "TT03_2025"
    text = text_of(out)
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text and "Mẫu số 05 – Thông tư 03/2025/TT-VPCP" in text


def test_register_book_area_names_and_no_appointment_for_refused(
    office: Cli, cli_dir: Path, tmp_path: Path
) -> None:
    kept = office(
        "intake",
        *PERSON,
        "--received",
        "2026-03-12 09:00",
        "--late-reason",
        "Nhập bù hồ sơ giấy",
        "--area",
        "Thôn 1",
        "--json",
    ).json()
    office(
        "intake",
        *PERSON,
        "--received",
        "2026-03-12 10:00",
        "--late-reason",
        "Nhập bù hồ sơ giấy",
        "--refuse",
        "Không thuộc thẩm quyền",
    )
    out = tmp_path / "so.pdf"
    r = office("register", "--from", "2026-03-12", "--to", "2026-03-12", "--out", str(out))
    assert r.code == 0, r.err
    text = text_of(out)
    assert "Quyển số: 2026" in text
    assert "test:cli" not in text and "cli:" not in text  # a machine actor never signs the register
    # the kept dossier shows its appointment (17/03/2026 09:00); the refused one shows none
    assert text.count("17/03/2026") == 1
    assert "Thôn 1" in text and "xã Tân Lập" in text and "Từ chối tiếp nhận" in text
    assert kept["register"]["number"] == 1
