"""Digitised dossiers on the desk: real files in, a real PDF back out, bad input refused whole."""

from __future__ import annotations

import hashlib
import io
import subprocess
import zlib
from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import func, select

from app.attachments import ingest
from app.attachments.ingest import AttachmentError, Incoming
from app.desk import Desk
from app.services.intake import IntakeRequest, PersonInput, intake
from app.store.models import DossierEvent, Outbox
from app.store.models_attach import Attachment, Blob
from app.usecases import PermissionDenied
from app.usecases import attachments as uc
from tests.app.attachkit import ADMIN, CLERK, jpeg_bytes, png_bytes, scanned_page

PROCEDURE = "1.001193"


def _intake(desk: Desk, name: str = "Nguyễn Thị Hoà", id_number: str = "001190012345") -> str:
    with desk.tx() as s:
        res = intake(
            s,
            IntakeRequest(procedure_code=PROCEDURE, owner=PersonInput(name=name, id_number=id_number)),
            office=desk.require_office(),
            calendar=desk.calendar(),
            actor="test.clerk",
        )
    return res.code


def _counts(desk: Desk) -> tuple[int, int]:
    with desk.read() as s:
        return (
            int(s.scalar(select(func.count()).select_from(Attachment)) or 0),
            int(s.scalar(select(func.count()).select_from(Blob)) or 0),
        )


def _pdftotext_pages(data: bytes, tmp_path: Path) -> int:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_png_and_jpeg_become_one_a4_pdf_within_the_page_budget(desk: Desk, tmp_path: Path) -> None:
    code = _intake(desk)
    page = scanned_page(1)
    info = uc.attach(
        desk,
        CLERK,
        code,
        "Giấy khai sinh",
        [Incoming("a.png", png_bytes(page)), Incoming("b.jpg", jpeg_bytes(page))],
    )
    assert info.pages == 2 and info.kind == "document" and info.source == "file"
    assert info.size <= 2 * 150 * 1024
    fetched = uc.get_attachment(desk, CLERK, info.sha256)
    assert hashlib.sha256(fetched.data).hexdigest() == info.sha256 and fetched.dossiers == [code]
    assert _pdftotext_pages(fetched.data, tmp_path) == 2
    with pikepdf.open(io.BytesIO(fetched.data)) as pdf:
        box = [float(v) for v in pdf.pages[0].mediabox]
        assert abs(box[2] - 595) < 2 and abs(box[3] - 842) < 2  # A4 at 200 dpi
    # The timeline carries the metadata upstream before any byte (an event append in the outbox).
    with desk.read() as s:
        ev = s.scalar(select(DossierEvent).where(DossierEvent.kind == "attached"))
        assert ev is not None and ev.data["sha256"] == info.sha256 and ev.data["pages"] == 2
        assert s.scalar(select(Outbox).where(Outbox.entity_uuid == ev.uuid)) is not None


def test_adding_pages_makes_a_new_version_and_keeps_the_old(desk: Desk) -> None:
    code = _intake(desk)
    first = uc.attach(desk, CLERK, code, "Tờ khai", [Incoming("1.png", png_bytes(scanned_page(1)))])
    second = uc.attach(desk, CLERK, code, "Tờ khai", [Incoming("2.png", png_bytes(scanned_page(2)))])
    assert second.pages == 2 and second.sha256 != first.sha256
    current = uc.list_attachments(desk, CLERK, code)
    assert [(a.component, a.pages) for a in current] == [("Tờ khai", 2)]
    history = uc.list_attachments(desk, CLERK, code, history=True)
    assert {a.sha256 for a in history} == {first.sha256, second.sha256}
    # The same file again changes nothing (deterministic PDF → same hash).
    again = uc.attach(desk, CLERK, code, "Tờ khai", [Incoming("2.png", png_bytes(scanned_page(2)))])
    assert again.pages == 3  # appended again: a clerk scanning the same page twice sees 3 pages


def _encrypted_pdf(user: str) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    buf = io.BytesIO()
    pdf.save(buf, encryption=pikepdf.Encryption(owner="chu", user=user))
    return buf.getvalue()


def _bomb(inflated: int) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    stream = pikepdf.Stream(pdf, zlib.compress(b"\0" * inflated, 9))
    stream["/Filter"] = pikepdf.Name.FlateDecode
    pdf.pages[0].Contents = pdf.make_indirect(stream)
    buf = io.BytesIO()
    pdf.save(buf, compress_streams=False)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("rong.pdf", b"", "rỗng (0 byte)"),
        ("ghi-chu.txt", "Họ tên: Nguyễn Văn A".encode(), "không phải PDF, JPEG hoặc PNG"),
        ("hong.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40, "bị hỏng"),
        ("hong.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 500, "bị hỏng"),
        ("mat-khau.pdf", _encrypted_pdf("123456"), "có mật khẩu"),
        ("ma-hoa.pdf", _encrypted_pdf(""), "bị mã hóa"),
    ],
)
def test_bad_files_are_refused_with_the_file_and_rule_named_and_nothing_stored(
    desk: Desk, name: str, data: bytes, message: str
) -> None:
    code = _intake(desk)
    with pytest.raises(AttachmentError) as err:
        uc.attach(desk, CLERK, code, "Tờ khai", [Incoming(name, data)])
    assert name in str(err.value) and message in str(err.value)
    assert _counts(desk) == (0, 0)


def test_a_pdf_bomb_is_refused_before_it_is_expanded(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "MAX_INFLATED_BYTES", 8 * 1024 * 1024)
    code = _intake(desk)
    bomb = _bomb(24 * 1024 * 1024)
    assert len(bomb) < 100_000  # small on disk, 24 MB once decoded
    with pytest.raises(AttachmentError, match="bom"):
        uc.attach(desk, CLERK, code, "Tờ khai", [Incoming("bom.pdf", bomb)])
    assert _counts(desk) == (0, 0)


def test_an_image_bomb_is_refused(desk: Desk) -> None:
    from PIL import Image

    code = _intake(desk)
    buf = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(buf, "PNG")  # 144 Mpx of nothing, a few KB
    with pytest.raises(AttachmentError, match="quá lớn"):
        uc.attach(desk, CLERK, code, "Tờ khai", [Incoming("to.png", buf.getvalue())])
    assert _counts(desk) == (0, 0)


def test_one_bad_file_among_good_ones_stores_nothing(desk: Desk) -> None:
    code = _intake(desk)
    good = Incoming("tot.png", png_bytes(scanned_page(3)))
    with pytest.raises(AttachmentError, match="xau.pdf"):
        uc.attach(desk, CLERK, code, "Tờ khai", [good, Incoming("xau.pdf", b"%PDF-1.4\n%%EOF")])
    assert _counts(desk) == (0, 0)


def test_result_needs_lifecycle_permission_and_is_kept_apart(desk: Desk) -> None:
    from app.usecases import Actor

    code = _intake(desk)
    pdf = ingest.prepare([Incoming("kq.png", png_bytes(scanned_page(4)))]).pdf
    with pytest.raises(PermissionDenied):  # an unknown role is no actor at all
        uc.attach(
            desk, Actor("khach", "Khách", "guest", "gui"), code, "", [Incoming("kq.pdf", pdf)], result=True
        )
    info = uc.attach(desk, CLERK, code, "", [Incoming("kq.pdf", pdf)], result=True)
    assert info.kind == "result" and info.component == "Kết quả giải quyết"


def test_reuse_offers_the_same_citizens_papers_and_flags_them(desk: Desk) -> None:
    first = _intake(desk)
    birth = uc.attach(desk, CLERK, first, "Giấy khai sinh", [Incoming("ks.png", png_bytes(scanned_page(5)))])
    second = _intake(desk)
    stranger = _intake(desk, name="Trần Văn Bình", id_number="001088012346")
    offered = uc.reusable_papers(desk, CLERK, "001190012345", for_code=second)
    assert [(o.component, o.code) for o in offered] == [("Giấy khai sinh", first)]
    reused = uc.reuse(desk, CLERK, second, birth.uuid)
    assert reused.source == "reused" and reused.reused_from == birth.uuid and reused.sha256 == birth.sha256
    with desk.read() as s:
        assert s.scalar(select(func.count()).select_from(Blob)) == 1  # content-addressed: no copy
    with pytest.raises(AttachmentError, match="chính người nộp"):
        uc.reuse(desk, CLERK, stranger, birth.uuid)


def test_evict_keeps_hash_and_metadata_and_refuses_unsent_bytes(desk: Desk) -> None:
    code = _intake(desk)
    info = uc.attach(desk, CLERK, code, "Tờ khai", [Incoming("a.png", png_bytes(scanned_page(6)))])
    assert uc.evict_old(desk, ADMIN, 0) == {"evicted": 0, "bytes_freed": 0}  # never sent: kept
    with desk.tx() as s:
        s.get(Blob, info.sha256).uploaded_at = s.get(Blob, info.sha256).created_at
    with pytest.raises(PermissionDenied):
        uc.evict_old(desk, CLERK, 0)
    out = uc.evict_old(desk, ADMIN, 0)
    assert out["evicted"] == 1 and out["bytes_freed"] == info.size
    listed = uc.list_attachments(desk, CLERK, code)
    assert listed[0].sha256 == info.sha256 and not listed[0].present
    with pytest.raises(uc.NotHere):
        uc.get_attachment(desk, CLERK, info.sha256)


def test_cli_attach_list_get_and_bad_input(motcua, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert motcua("setup", "--unit-code", "000.00.12.H29", "--office-name", "TT PVHCC").code == 0
    made = motcua(
        "intake",
        "--procedure",
        PROCEDURE,
        "--name",
        "Nguyễn Thị Hoà",
        "--id-number",
        "001190012345",
        "--json",
    )
    import json

    code = json.loads(made.out)["code"]
    page = tmp_path / "trang 1.png"
    page.write_bytes(png_bytes(scanned_page(7)))
    res = motcua("attach", code, "--component", "Giấy khai sinh", str(page), "--json")
    assert res.code == 0, res.err
    out = json.loads(res.out)
    assert out["pages"] == 1 and len(out["sha256"]) == 64 and out["bytes"] > 0
    listed = json.loads(motcua("attachments", code, "--json").out)
    assert [(a["component"], a["sha256"]) for a in listed] == [("Giấy khai sinh", out["sha256"])]
    target = tmp_path / "lay-ra.pdf"
    assert motcua("attachment", "get", out["sha256"], "--out", str(target)).code == 0
    assert hashlib.sha256(target.read_bytes()).hexdigest() == out["sha256"]
    huge = tmp_path / "to.pdf"
    with open(huge, "wb") as fh:  # 200 MB, sparse: refused from its size before it is read
        fh.truncate(200 * 1024 * 1024)
    for args, message in (
        ((str(huge),), "quá lớn"),
        ((str(tmp_path / "khong-co.pdf"),), "không tìm thấy tệp"),
        ((str(tmp_path),), "là thư mục"),
        ((), "chưa có tệp"),
    ):
        bad = motcua("attach", code, "--component", "Tờ khai", *args)
        assert bad.code == 2 and message in bad.err and "Traceback" not in bad.err
    assert motcua("attachment", "get", "abc", "--out", str(target)).code == 2
    assert len(json.loads(motcua("attachments", code, "--json").out)) == 1
