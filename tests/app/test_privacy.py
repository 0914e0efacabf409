"""Issue 9: the access log (one entry for each path), citizens' rights (export, erase past
retention, notice), ID numbers masked in lists, and Biểu 06 exports without rows."""

from __future__ import annotations

import getpass
import json
import subprocess
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.desk import Desk
from app.domain.clock import at
from app.domain.text import mask_id
from app.services import person, retention
from app.store.models import Applicant, Dossier, Outbox
from app.usecases import Actor, PermissionDenied
from app.usecases.privacy import access_log, open_dossier, search_dossiers
from tests.app.deskkit import UNIT, CliResult, cccd, move, receive, request

Cli = Callable[..., CliResult]
NAME = "Nguyễn Thị Hoà"
IDN = cccd(123, female=True)
SETUP = ("setup", "--unit-code", UNIT, "--office-name", "Trung tâm Phục vụ hành chính công xã Tân Lập")
CLERK = Actor("canbo", "Cán bộ", "clerk", "gui")
LEADER = Actor("lanhdao", "Lãnh đạo", "leader", "gui")
ADMIN = Actor("quantri", "Quản trị", "admin", "cli")


def intake_cli(motcua: Cli, received: str = "2026-03-12 09:00", idn: str = IDN) -> str:
    r = motcua("intake", "--procedure", "1.004873", "--name", NAME, "--id-number", idn, "--phone", "0912345678",
               "--received", received, "--late-reason", "Nhập bù hồ sơ giấy", "--json")  # fmt: skip
    assert r.code == 0, r.err
    return str(r.json()["code"])


def log(motcua: Cli, *args: str) -> list[dict[str, object]]:
    r = motcua("access-log", *args, "--json")
    assert r.code == 0, r.err
    return list(r.json())


# --------------------------------------------------------------------------- masking


def test_mask_id_keeps_only_the_last_four() -> None:
    assert mask_id("001190012345") == "********2345"
    assert mask_id("123456789") == "*****6789"
    assert mask_id("B1234567") == "****4567"
    assert mask_id("123") == "***" and mask_id("") == ""


def test_cli_search_masks_id_numbers_and_logs_the_codes_shown(motcua: Cli) -> None:
    assert motcua(*SETUP).code == 0
    code = intake_cli(motcua)
    r = motcua("search", "nguyen hoa", "--json")
    assert r.code == 0, r.err
    rows = r.json()
    assert rows[0]["id_number"] == "*" * 8 + IDN[-4:]
    plain = motcua("search", "nguyen hoa")
    assert IDN not in plain.out and IDN not in r.out
    entries = [e for e in log(motcua) if e["action"] == "search"]
    assert (
        len(entries) == 2
        and entries[0]["dossier"] == code
        and entries[0]["actor"] == f"cli:{getpass.getuser()}"
    )
    # the search text is never logged (it is often a name or an ID number)
    assert all("nguyen" not in json.dumps(e) for e in entries)
    # a search that shows nothing is not an access
    assert motcua("search", "khong co ai", "--json").json() == []
    assert len([e for e in log(motcua) if e["action"] == "search"]) == 2


# --------------------------------------------------------------------------- one entry per path


def test_opening_a_dossier_shows_the_full_number_and_is_logged(desk: Desk) -> None:
    code = receive(desk).code
    page = open_dossier(desk, CLERK, code)
    assert page["owner"]["id_number"] == IDN
    rows = access_log(desk, LEADER, dossier=code)
    assert [(r["action"], r["actor"], r["dossier"]) for r in rows] == [("open", "canbo", code)]
    assert access_log(desk, LEADER, person=IDN) == rows
    with desk.read() as s:
        queued = s.scalars(select(Outbox).where(Outbox.entity == "access")).all()
    assert len(queued) == 1 and json.loads(queued[0].payload)["dossier_code"] == code


def test_search_use_case_logs_and_masks(desk: Desk) -> None:
    code = receive(desk).code
    rows = search_dossiers(desk, CLERK, "hoa")
    assert rows[0]["id_number"] == mask_id(IDN)
    assert [r["dossiers"] for r in access_log(desk, LEADER)] == [[code]]


def test_print_reprint_register_report_and_person_export_are_logged(motcua: Cli, tmp_path: Path) -> None:
    assert motcua(*SETUP).code == 0
    code = intake_cli(motcua)
    for _ in range(2):
        r = motcua("slip", code, "--form", "receipt", "--out", str(tmp_path / "r.pdf"))
        assert r.code == 0, r.err
    r = motcua("register", "--from", "2026-03-01", "--to", "2026-03-31", "--out", str(tmp_path / "reg.pdf"))
    assert r.code == 0, r.err
    r = motcua("report", "--from", "2026-03-01", "--to", "2026-03-31", "--format", "pdf", "--out",
               str(tmp_path / "b06.pdf"))  # fmt: skip
    assert r.code == 0, r.err
    r = motcua("person", "export", "--id-number", IDN, "--out", str(tmp_path / "p.json"))
    assert r.code == 0, r.err
    entries = log(motcua)
    assert [e["action"] for e in entries] == ["print", "reprint", "register", "report", "person_export"]
    assert entries[0]["dossier"] == code and entries[1]["dossier"] == code
    assert entries[2]["dossiers"] == [code]
    assert entries[3]["dossiers"] == []  # Biểu 06 carries counts, never rows
    assert [e["action"] for e in log(motcua, "--dossier", code)] == [
        "print", "reprint", "register", "person_export"
    ]  # fmt: skip
    assert [e["action"] for e in log(motcua, "--person", IDN)] == [
        "print", "reprint", "register", "person_export"
    ]  # fmt: skip
    assert log(motcua, "--from", "2000-01-01", "--to", "2000-01-02") == []
    # Biểu 06 as a file: counts only, no citizen's name or number
    pdf = subprocess.run(["pdftotext", str(tmp_path / "b06.pdf"), "-"], capture_output=True, text=True).stdout
    assert "Hộ tịch" in pdf or "Tổng" in pdf
    assert NAME not in pdf and IDN not in pdf and code not in pdf


def test_access_log_is_for_leaders_and_admins_only(
    motcua: Cli, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(PermissionDenied):
        access_log(desk, CLERK)
    assert motcua(*SETUP).code == 0
    monkeypatch.setenv("MOTCUA_PASSWORD", "mat-khau-dai-8")
    monkeypatch.setenv("MOTCUA_NEW_PASSWORD", "mat-khau-dai-8")
    assert motcua("user", "add", "quantri", "--name", "Quản trị", "--role", "admin").code == 0
    for name, full, role in (("canbo", "Cán bộ", "clerk"), ("lanhdao", "Lãnh đạo", "leader")):
        assert motcua("--user", "quantri", "user", "add", name, "--name", full, "--role", role).code == 0
    denied = motcua("--user", "canbo", "access-log", "--json")
    assert denied.code == 2 and "access_log" in denied.err and denied.out == ""
    assert motcua("--user", "lanhdao", "access-log", "--json").code == 0
    assert motcua("--user", "quantri", "access-log", "--json").code == 0


def test_access_log_is_append_only(desk: Desk) -> None:
    code = receive(desk).code
    open_dossier(desk, CLERK, code)
    for sql in ("UPDATE access_log SET actor = 'x'", "DELETE FROM access_log"):
        with pytest.raises(Exception, match="append-only"), desk.tx() as s:
            s.execute(text(sql))
    assert len(access_log(desk, ADMIN)) == 1


# --------------------------------------------------------------------------- citizens' rights


def test_person_export_json_and_pdf_read_back(motcua: Cli, tmp_path: Path) -> None:
    assert motcua(*SETUP).code == 0
    code = intake_cli(motcua)
    assert motcua("slip", code, "--form", "receipt", "--out", str(tmp_path / "r.pdf")).code == 0
    out = tmp_path / "nguoi.json"
    r = motcua("person", "export", "--id-number", IDN, "--out", str(out), "--json")
    assert r.code == 0, r.err
    assert r.json() == {"out": str(out), "applicants": 1, "dossiers": 1}
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["applicants"][0]["name"] == NAME and data["applicants"][0]["id_number"] == IDN
    d = data["dossiers"][0]
    assert d["code"] == code and d["role"] == "owner"
    assert [e["kind"] for e in d["events"]] == ["received", "printed"]
    assert d["prints"][0]["form"] == "receipt"
    assert [e["action"] for e in data["access_log"]] == ["print"]
    pdf_path = tmp_path / "nguoi.pdf"
    assert motcua("person", "export", "--id-number", IDN, "--out", str(pdf_path)).code == 0
    pdf = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    assert NAME in pdf and IDN in pdf and code in pdf and "Tiếp nhận" in pdf
    bad = motcua("person", "export", "--id-number", "000000000000", "--out", str(tmp_path / "x.json"))
    assert bad.code == 2 and "--id-number" in bad.err and not (tmp_path / "x.json").exists()
    assert motcua("person", "export", "--id-number", IDN, "--out", str(tmp_path / "x.txt")).code == 2


def _closed_long_ago(desk: Desk) -> str:
    received = at(date(2012, 3, 1), time(9, 0))
    code = receive(desk, request(received=received)).code
    move(desk, code, "in_progress", at_=received + timedelta(hours=1))
    move(desk, code, "resolved", at_=received + timedelta(days=2))
    move(desk, code, "returned", at_=received + timedelta(days=3))
    return code


def test_erase_refused_within_retention_then_tombstone_after(desk: Desk) -> None:
    old = _closed_long_ago(desk)
    # an open dossier keeps the person inside retention
    recent = receive(desk, request(received=at(date(2026, 3, 12), time(9, 0)))).code
    from app.usecases.person import erase_person

    with desk.read() as s:
        applicants = len(s.scalars(select(Applicant)).all())
    with pytest.raises(person.ErasureRefused, match=recent):
        erase_person(desk, ADMIN, IDN)
    with pytest.raises(PermissionDenied):
        erase_person(desk, LEADER, IDN)
    for target in ("in_progress", "resolved", "returned"):
        move(desk, recent, target)
    # civil status (hộ tịch) is kept for good by default (ours) ...
    with pytest.raises(person.ErasureRefused, match="vĩnh viễn"):
        erase_person(desk, ADMIN, IDN)
    from app.usecases.person import set_retention

    assert set_retention(desk, ADMIN, "Hộ tịch", 10)
    # ... with 10 years set, a dossier closed today is inside it ...
    with pytest.raises(person.ErasureRefused, match="thời hạn lưu trữ 10 năm"):
        erase_person(desk, ADMIN, IDN)
    # ... and erasable once it has run out
    result = erase_person(desk, ADMIN, IDN, on=date.today() + timedelta(days=366 * 11))
    assert sorted(result["dossiers"]) == sorted([old, recent])
    with desk.read() as s:
        a = s.scalars(select(Applicant)).all()
        assert len(a) == applicants
        assert {(x.name, x.id_number, x.phone, x.address) for x in a} == {("[đã xóa]", "", "", "")}
        keys = s.execute(select(Dossier.search_name, Dossier.search_id, Dossier.search_phone)).all()
        assert set(keys) == {("[da xoa]", "", "")}
        erased = s.scalars(select(Outbox).where(Outbox.entity == "person")).all()
        assert len(erased) == 1 and sorted(json.loads(erased[0].payload)["dossier_codes"]) == sorted(
            result["dossiers"]
        )
    assert search_dossiers(desk, CLERK, "hoa") == [] and search_dossiers(desk, CLERK, IDN[-6:]) == []
    assert [r["action"] for r in access_log(desk, ADMIN)][-1] == "person_erase"


def test_retention_per_field_and_from_the_hub(desk: Desk) -> None:
    with desk.tx() as s:
        assert retention.rule_for(s, "Hộ tịch").years is None
        assert retention.rule_for(s, "Chứng thực").years == 10
        from sync.apply import apply_retention

        apply_retention(s, {"rules": [{"field": "Chứng thực", "years": 5, "source": "QĐ tỉnh"}]})
        assert retention.rule_for(s, "chung thuc").years == 5
        retention.set_rule(s, "Chứng thực", 7, source="", origin="admin", actor="qt")
        apply_retention(s, {"rules": [{"field": "Chứng thực", "years": 3, "source": "QĐ tỉnh"}]})
        assert retention.rule_for(s, "Chứng thực").years == 7  # an admin's own term is kept
        with pytest.raises(retention.RetentionError):
            retention.set_rule(s, "Chứng thực", 0, source="", origin="admin", actor="qt")


def test_privacy_notice_pdf(motcua: Cli, tmp_path: Path) -> None:
    assert motcua(*SETUP).code == 0
    out = tmp_path / "thong-bao.pdf"
    r = motcua("privacy-notice", "--out", str(out))
    assert r.code == 0, r.err
    pdf = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "THÔNG BÁO XỬ LÝ DỮ LIỆU CÁ NHÂN" in pdf
    assert "91/2025/QH15" in pdf and "356/2025/NĐ-CP" in pdf


def test_queue_rows_mask_id_numbers(desk: Desk) -> None:
    from app.services.views import today_queue

    receive(desk)
    with desk.read() as s:
        q = today_queue(
            s, date(2026, 3, 12), at=datetime(2026, 3, 12, 10, tzinfo=at(date(2026, 3, 12), time()).tzinfo)
        )
    assert q["received_today"][0]["id_number"] == mask_id(IDN)
