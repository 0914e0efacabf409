"""Issue 12 through the real command line: CCCD QR, serial scanner on a pseudo-terminal, rating,
feedback box, 766 indicators, public listing and postal return; each reads back its JSON or PDF."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.app.deskkit import UNIT, CliResult, cccd

Cli = Callable[..., CliResult]
SETUP = ("setup", "--unit-code", UNIT, "--office-name", "Trung tâm Phục vụ hành chính công xã Tân Lập",
         "--parent-agency", "UBND xã Tân Lập")  # fmt: skip
OWNER_ID = cccd(4321, year=1985, female=True)
QR_2021 = f"{OWNER_ID}|168123456|Nguyễn Thị Thược|15031985|Nữ|Thôn Đồng Xuân, Tân Lập, Hà Nội|01082021"
QR_2024 = f"{OWNER_ID}||Nguyễn Thị Thược|15031985|Nữ|Thôn Đồng Xuân, Tân Lập, Hà Nội|01082024||||"
PARSED = {
    "id_number": OWNER_ID,
    "old_id": "168123456",
    "name": "Nguyễn Thị Thược",
    "birth_date": "1985-03-15",
    "gender": "F",
    "address": "Thôn Đồng Xuân, Tân Lập, Hà Nội",
    "issue_date": "2021-08-01",
}


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch) -> Callable[[bytes], None]:
    def feed(data: bytes) -> None:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))

    return feed


@pytest.fixture
def office(motcua: Cli) -> Cli:
    assert motcua(*SETUP).code == 0
    return motcua


def _intake(cli: Cli, *extra: str, received: str = "2026-03-12 09:00") -> str:
    got = cli("intake", "--procedure", "1.004873", "--received", received, "--late-reason", "Nhập bù hồ sơ giấy",
              "--json", *extra)  # fmt: skip
    assert got.code == 0, got.err
    return str(got.json()["code"])


# -- 1. CCCD QR ----------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", [QR_2021, QR_2024 + "|thêm"])
def test_cccd_parse_json(motcua: Cli, stdin: Callable[[bytes], None], payload: str) -> None:
    stdin((payload + "\r\n").encode("utf-8"))
    got = motcua("cccd", "parse", "--json")
    assert got.code == 0, got.err
    expected = dict(PARSED)
    if payload.startswith(QR_2024[:20]) and "||" in payload:
        expected.update(old_id="", issue_date="2024-08-01")
    assert got.json() == expected


@pytest.mark.parametrize(
    ("payload", "rule"),
    [
        (f"{OWNER_ID}|x|Tên|01011990|Nam|Địa chỉ", "có 6 trường; cần đúng 7 trường"),
        (QR_2021 + "|||", "có 10 trường"),
        ("12345||||||||||", "trường 1) phải gồm đúng 12 chữ số"),
        (QR_2021.replace("15031985", "31021985"), "không phải ngày có thật"),
        (QR_2021.replace("|Nữ|", "|X|"), "giới tính 'X' (trường 5)"),
    ],
)
def test_cccd_parse_rejects_with_the_rule(
    motcua: Cli, stdin: Callable[[bytes], None], payload: str, rule: str
) -> None:
    stdin(payload.encode("utf-8"))
    got = motcua("cccd", "parse", "--json")
    assert got.code == 2 and got.out == ""
    assert got.err.startswith("lỗi: Mã QR CCCD") and rule in got.err and "Traceback" not in got.err


def test_intake_from_cccd_qr_fills_the_owner(office: Cli) -> None:
    code = _intake(office, "--cccd-qr", QR_2021, "--phone", "0912345678")
    found = office("search", OWNER_ID, "--json")
    assert found.code == 0 and found.json()[0]["code"] == code
    assert found.json()[0]["name"] == "Nguyễn Thị Thược"
    bad = office("intake", "--procedure", "1.004873", "--cccd-qr", "a|b", "--json")
    assert bad.code == 2 and "có 2 trường" in bad.err


# -- serial scanner through a pseudo-terminal ----------------------------------------------------


def test_scanner_read_from_a_pty(motcua: Cli) -> None:
    master, slave = pty.openpty()
    port = os.ttyname(slave)
    data = (QR_2021 + "\r\n").encode("utf-8")

    done = threading.Event()

    def scanner() -> None:
        # Opening the port flushes its input (pyserial), so a scan sent before the reader is ready
        # is lost, as on a real desk: scan again every second until the reader has one.
        while not done.wait(0.5):
            # Split inside a multi-byte letter: the reader must decode the whole line, not each chunk.
            cut = data.index("ợ".encode()) + 1
            os.write(master, data[:cut])
            time.sleep(0.05)
            os.write(master, data[cut:])

    t = threading.Thread(target=scanner)
    t.start()
    try:
        got = motcua("scanner", "read", "--port", port, "--timeout", "10", "--json")
    finally:
        done.set()
        t.join()
        os.close(master)
        os.close(slave)
    assert got.code == 0, got.err
    assert got.json() == PARSED


def test_scanner_timeout_and_bad_port(motcua: Cli) -> None:
    master, slave = pty.openpty()
    try:
        got = motcua("scanner", "read", "--port", os.ttyname(slave), "--timeout", "0.3", "--json")
    finally:
        os.close(master)
        os.close(slave)
    assert got.code == 2 and "Không nhận được mã quét nào" in got.err
    missing = motcua("scanner", "read", "--port", "/dev/khong-co-cong", "--timeout", "1")
    assert missing.code == 2 and "Không mở được cổng máy quét" in missing.err


# -- 2. rating and feedback ----------------------------------------------------------------------


def test_rate_only_returned_once_and_feedback_box(office: Cli) -> None:
    code = _intake(office, "--name", "Trần Văn An", "--id-number", cccd(7))
    early = office("rate", code, "--level", "3", "--json")
    assert early.code == 2 and "Chỉ đánh giá khi đã trả kết quả" in early.err
    assert office("status", code, "--to", "resolved", "--at", "2026-03-13 10:00").code == 0
    rated = office("rate", code, "--level", "1", "--comment", "Chờ lâu", "--return", "--json")
    assert rated.code == 0, rated.err
    assert rated.json()["level"] == 1 and rated.json()["label"] == "không hài lòng"
    assert rated.json()["comment"] == "Chờ lâu"
    again = office("rate", code, "--level", "3")
    assert again.code == 2 and "chỉ đánh giá một lần" in again.err
    bad = office("rate", code, "--level", "5")
    assert bad.code == 2 and "--level" in bad.err

    added = office("feedback", "add", "--text", "Cần thêm ghế chờ", "--contact", "0912345678", "--json")
    assert added.code == 0, added.err
    complaint = office(
        "feedback", "add", "--text", "Trả kết quả chậm", "--dossier", code, "--kind", "complaint", "--json"
    )
    assert complaint.json()["dossier_code"] == code
    listed = office("feedback", "list", "--status", "open", "--json").json()["feedback"]
    assert [f["text"] for f in listed] == ["Trả kết quả chậm", "Cần thêm ghế chờ"]
    fid = added.json()["id"]
    answered = office("feedback", "answer", str(fid), "--text", "Đã bổ sung 10 ghế", "--json")
    assert answered.code == 0 and answered.json()["status"] == "answered"
    twice = office("feedback", "answer", str(fid), "--text", "x")
    assert twice.code == 2 and "đã được trả lời" in twice.err
    empty = office("feedback", "add", "--text", "  ")
    assert empty.code == 2 and "không được để trống" in empty.err
    assert [
        f["id"] for f in office("feedback", "list", "--status", "answered", "--json").json()["feedback"]
    ] == [fid]


def test_feedback_answer_needs_a_leader(office: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    fid = office("feedback", "add", "--text", "Góp ý", "--json").json()["id"]
    # Real accounts: the first is an admin, who adds a clerk; the clerk signs in and is refused.
    monkeypatch.setenv("MOTCUA_NEW_PASSWORD", "mat-khau-dai-8")
    monkeypatch.setenv("MOTCUA_PASSWORD", "mat-khau-dai-8")
    assert office("user", "add", "quantri", "--name", "Quản trị", "--role", "admin").code == 0
    assert (
        office("--user", "quantri", "user", "add", "canbo", "--name", "Cán bộ", "--role", "clerk").code == 0
    )
    denied = office("--user", "canbo", "feedback", "answer", str(fid), "--text", "Trả lời")
    assert denied.code == 2 and "không có quyền" in denied.err and "feedback_answer" in denied.err


# -- 766 indicators ------------------------------------------------------------------------------


def test_report_index_766(office: Cli) -> None:
    # A: on time; B: two supplement requests → overdue although within the dates; C: online, late;
    # D: still open.
    a = _intake(office, "--name", "Lê Văn A", "--id-number", cccd(11), received="2026-03-02 09:00")
    b = _intake(office, "--name", "Lê Văn B", "--id-number", cccd(12), received="2026-03-02 09:10")
    c = _intake(office, "--name", "Lê Văn C", "--id-number", cccd(13), "--channel", "online",
                received="2026-03-02 09:20")  # fmt: skip
    _intake(
        office,
        "--name",
        "Lê Văn D",
        "--id-number",
        cccd(14),
        "--channel",
        "postal",
        received="2026-03-03 09:00",
    )
    assert office("status", a, "--to", "resolved", "--at", "2026-03-03 10:00").code == 0
    for n, (req, back) in enumerate((("03 08:00", "03 09:00"), ("03 10:00", "03 11:00"))):
        assert office("status", b, "--to", "supplement_requested", "--note", f"lần {n + 1}",
                      "--at", f"2026-03-{req}").code == 0  # fmt: skip
        assert office("status", b, "--to", "in_progress", "--at", f"2026-03-{back}").code == 0
    assert office("status", b, "--to", "resolved", "--at", "2026-03-03 15:00").code == 0
    assert office("status", c, "--to", "resolved", "--at", "2026-03-10 10:00").code == 0
    assert office("rate", c, "--level", "1", "--return").code == 0
    got = office("report", "--index", "766", "--period", "2026-03", "--json")
    assert got.code == 0, got.err
    out = got.json()
    ind = out["indicators"]
    assert set(ind) == {"1.4", "2.1", "2.2", "3.3", "4.1", "4.2", "4.3", "5.4"}
    assert out["details"]["received"] == 4 and out["details"]["finished"] == 3
    assert ind["2.1"] == pytest.approx(33.3)  # only A: B has two supplement requests, C is late
    assert ind["3.3"] == 25.0 and out["details"]["3.3"] == {"direct": 50.0, "online": 25.0, "postal": 25.0}
    assert ind["1.4"] == 0.0  # nothing synced yet
    # 5.4 = 100 − (overdue 66.7 + unhappy 1 of 4 = 25) → floored at 8.3
    assert ind["5.4"] == pytest.approx(100 - 66.7 - 25.0, abs=0.1)
    assert ind["2.2"] is not None and ind["2.2"] > 0
    empty = office("report", "--index", "766", "--period", "2025-01", "--json").json()
    assert set(empty["indicators"].values()) == {None}  # nothing to count: no figure at all


# -- public listing ------------------------------------------------------------------------------


def test_catalogue_listing_pdf_and_html(office: Cli, tmp_path: Path) -> None:
    pdf, page = tmp_path / "niem-yet.pdf", tmp_path / "niem-yet.html"
    got = office("catalogue", "listing", "--out", str(pdf), "--html", str(page))
    assert got.code == 0, got.err
    text = pdf_text(pdf)
    assert "DANH MỤC THỦ TỤC HÀNH CHÍNH" in text and "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN LẬP" in text
    assert "LĨNH VỰC HỘ TỊCH" in text and "1.001193" in text and "Đăng ký khai sinh" in text
    assert "Giấy chứng sinh" in text and "Nơi tiếp nhận: Trung tâm Phục vụ hành chính công xã Tân Lập" in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89" in info  # A4 portrait
    html = page.read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html and "http" not in html
    assert "Đăng ký khai sinh" in html and "Lĩnh vực Hộ tịch" in html and "Giấy chứng sinh" in html
    none = office("catalogue", "listing")
    assert none.code == 2 and "--out" in none.err


# -- postal return -------------------------------------------------------------------------------


def test_postal_handover_hand_delivered(office: Cli, tmp_path: Path) -> None:
    post = _intake(office, "--name", "Phạm Thị Bưu", "--id-number", cccd(21, female=True), "--address",
                   "Số 5 ngõ 12, thôn Đông, xã Tân Lập", "--return-method", "post", "--channel", "postal",
                   "--fee", "8000")  # fmt: skip
    desk_code = _intake(office, "--name", "Đỗ Văn Bàn", "--id-number", cccd(22))
    assert (
        office("postal", "hand", "--code", post, "--tracking", "EB123456789VN").code == 2
    )  # not resolved yet
    for code in (post, desk_code):
        assert office("status", code, "--to", "resolved", "--at", "2026-03-13 10:00").code == 0
    out = tmp_path / "so-giao-nhan.pdf"
    book = office("postal", "handover", "--date", "2026-03-13", "--out", str(out), "--json")
    assert book.code == 0, book.err
    assert [r["code"] for r in book.json()["rows"]] == [post]  # the desk dossier is not on it
    text = pdf_text(out)
    assert "SỔ GIAO NHẬN KẾT QUẢ QUA DỊCH VỤ BƯU CHÍNH CÔNG ÍCH" in text and post in text
    assert "Phạm Thị Bưu" in text and "Số 5 ngõ 12, thôn Đông, xã Tân Lập" in text and "8.000 đ" in text
    assert "NHÂN VIÊN BƯU CHÍNH NHẬN" in text and "NGƯỜI GIAO" in text
    before = office("postal", "handover", "--date", "2026-03-12", "--json").json()
    assert before["rows"] == []  # resolved the next day: not on the 12th's list

    not_post = office("postal", "hand", "--code", desk_code, "--tracking", "EB1VN")
    assert not_post.code == 2 and "không đăng ký nhận kết quả qua bưu điện" in not_post.err
    bad = office("postal", "hand", "--code", post, "--tracking", "EB 12/3")
    assert bad.code == 2 and "số hiệu bưu gửi" in bad.err
    handed = office("postal", "hand", "--code", post, "--tracking", "eb123456789vn", "--at", "2026-03-13 14:00",
                    "--json")  # fmt: skip
    assert handed.code == 0, handed.err and handed.json()["tracking"] == "EB123456789VN"
    timeline = office("search", post, "--json").json()[0]
    assert timeline["status"] == "resolved"
    again = office("postal", "handover", "--date", "2026-03-13", "--json").json()["rows"]
    assert [(r["code"], r["tracking"]) for r in again] == [(post, "EB123456789VN")]
    delivered = office("postal", "delivered", "--code", post, "--at", "2026-03-14 09:00", "--json")
    assert delivered.code == 0, delivered.err and delivered.json()["delivered_at"].startswith(
        "2026-03-14T09:00"
    )
    assert office("search", post, "--json").json()[0]["status"] == "returned"
    twice = office("postal", "delivered", "--code", post)
    assert twice.code == 2 and "đã xác nhận phát" in twice.err
    # Postal intake counts in Biểu 06 under "trực tiếp, dịch vụ bưu chính".
    report = office("report", "--from", "2026-03-01", "--to", "2026-03-31").json()
    assert report["total"]["received_direct_postal"] == 2 and report["total"]["received_online"] == 0


def test_json_contract_is_valid_json(office: Cli) -> None:
    got = office("feedback", "list", "--json")
    assert json.loads(got.out) == {"feedback": []}
