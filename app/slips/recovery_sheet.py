"""The recovery sheet (phiếu khóa khôi phục): the data key on paper, for the office safe.

One A4 page: who and when, the key as grouped text (large, monospaced digits) and as a QR code,
and what to do with it. The key is also in the PDF's Subject, so ``restore --key-file`` accepts
the PDF file itself. The PDF *is* the key: print it, then delete the file (the CLI says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.store.recovery import format_recovery_key, recovery_lines

QR_SIZE = 150


@dataclass(frozen=True)
class SheetInfo:
    office_name: str
    unit_code: str
    store_id: str
    issued_at: datetime
    issued_by: str


def render_recovery_sheet(key: bytes, info: SheetInfo) -> bytes:
    from io import BytesIO

    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode import qr
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from app.slips.fonts import BOLD, REGULAR, ensure_fonts

    ensure_fonts()
    text_key = format_recovery_key(key)
    buf = BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, initialFontName=REGULAR)
    c.setTitle("Phiếu khóa khôi phục dữ liệu – Một Cửa Xã")
    c.setSubject(f"MotCuaXa recovery key {text_key}")
    c.setAuthor(info.office_name)
    width, height = A4
    left = 56
    y = height - 70
    c.setFont(BOLD, 16)
    c.drawCentredString(width / 2, y, "PHIẾU KHÓA KHÔI PHỤC DỮ LIỆU")
    y -= 20
    c.setFont(REGULAR, 12)
    c.drawCentredString(width / 2, y, "Phần mềm Một Cửa Xã – TÀI LIỆU MẬT, cất trong két của cơ quan")
    y -= 34
    for label, value in (
        ("Cơ quan", f"{info.office_name} ({info.unit_code})"),
        ("Mã kho dữ liệu", info.store_id),
        ("Ngày cấp", f"{info.issued_at:%d/%m/%Y %H:%M}"),
        ("Người nhận phiếu", info.issued_by),
    ):
        c.setFont(BOLD, 12)
        c.drawString(left, y, f"{label}:")
        c.setFont(REGULAR, 12)
        c.drawString(left + 120, y, value)
        y -= 18
    y -= 18
    c.setFont(BOLD, 13)
    c.drawString(left, y, "Khóa khôi phục:")
    y -= 30
    c.setFont(BOLD, 17)  # the bundled face only (no unembedded standard font in our PDFs)
    for line in recovery_lines(key):
        c.drawString(left + 10, y, line)
        y -= 26
    widget = qr.QrCodeWidget(text_key)
    b = widget.getBounds()
    d = Drawing(QR_SIZE, QR_SIZE, transform=[QR_SIZE / (b[2] - b[0]), 0, 0, QR_SIZE / (b[3] - b[1]), 0, 0])
    d.add(widget)
    y -= QR_SIZE - 10
    renderPDF.draw(d, c, width - left - QR_SIZE, y)
    y -= 30
    c.setFont(REGULAR, 11.5)
    for line in (
        "Khóa này mở được dữ liệu của bộ phận một cửa và mọi bản sao lưu lấy từ máy này.",
        "Dùng khi thay máy, cài lại Windows, hoặc khôi phục bản sao lưu trên máy khác:",
        "    motcua restore <tệp sao lưu> --key-file <tệp chứa khóa này>",
        "(gõ lại khóa vào một tệp văn bản, hoặc quét mã QR).",
        "Giữ phiếu trong két; không chụp ảnh, không gửi qua mạng. Ai có phiếu và bản sao lưu",
        "là đọc được toàn bộ hồ sơ của công dân (Luật 91/2025/QH15, Nghị định 356/2025/NĐ-CP).",
        "Sau khi đổi khóa (motcua key rotate) phiếu này không mở được dữ liệu hiện tại nữa,",
        "chỉ còn mở được các bản sao lưu lấy trước khi đổi khóa.",
    ):
        c.drawString(left, y, line)
        y -= 16
    c.showPage()
    c.save()
    return buf.getvalue()


def write_recovery_file(path: Path, key: bytes, info: SheetInfo) -> Path:
    """``.pdf``: the printable sheet; anything else: a short text file (owner-only, like the key)."""
    from app.store import perms
    from app.store.atomic import atomic_write_bytes

    path = Path(path)
    if path.suffix.lower() == ".pdf":
        data = render_recovery_sheet(key, info)
    else:
        data = (
            "Một Cửa Xã – khóa khôi phục dữ liệu (TÀI LIỆU MẬT)\n"
            f"Cơ quan: {info.office_name} ({info.unit_code})\n"
            f"Mã kho dữ liệu: {info.store_id}\n"
            f"Ngày cấp: {info.issued_at:%d/%m/%Y %H:%M}\n\n"
            f"{format_recovery_key(key)}\n"
        ).encode()
    atomic_write_bytes(path, data)
    perms.secure_file(path)
    return path
