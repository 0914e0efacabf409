"""Sổ giao nhận kết quả qua dịch vụ bưu chính công ích: the day's hand-over book (A4 landscape).

One row per dossier (code, citizen, address, fee, tracking number), then the signature blocks of
the desk clerk handing over and the postal worker receiving (QĐ 45/2016/QĐ-TTg: results returned
by post are handed to the postal worker against a signed book).
"""

from __future__ import annotations

import html
from datetime import date
from typing import Any


def _money(value: int | None) -> str:
    return "" if value is None else f"{value:,}".replace(",", ".") + " đ"


def to_pdf(book: dict[str, Any]) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from app.slips.flowdoc import build_pdf
    from app.slips.fonts import BOLD, ITALIC, REGULAR, ensure_fonts

    ensure_fonts()
    e = html.escape
    body = ParagraphStyle("b", fontName=REGULAR, fontSize=10, leading=12)
    center = ParagraphStyle("c", parent=body, alignment=1)
    title = ParagraphStyle("t", parent=body, fontName=BOLD, fontSize=14, leading=18, alignment=1)
    italic = ParagraphStyle("i", parent=center, fontName=ITALIC)
    day = date.fromisoformat(book["date"])
    story: list[Any] = []
    if book.get("parent_agency"):
        story.append(Paragraph(e(book["parent_agency"].upper()), center))
    story += [
        Paragraph(f"<b>{e(book['office_name'].upper())}</b>", center),
        Spacer(1, 4 * mm),
        Paragraph("SỔ GIAO NHẬN KẾT QUẢ QUA DỊCH VỤ BƯU CHÍNH CÔNG ÍCH", title),
        Paragraph(f"Ngày {day:%d} tháng {day:%m} năm {day:%Y}", italic),
        Spacer(1, 4 * mm),
    ]
    head = ["STT", "Mã hồ sơ", "Người nhận kết quả", "Địa chỉ nhận", "Lệ phí", "Số hiệu bưu gửi", "Ghi chú"]
    rows: list[list[Any]] = [[Paragraph(f"<b>{h}</b>", center) for h in head]]
    for i, r in enumerate(book["rows"], start=1):
        rows.append(
            [
                str(i),
                Paragraph(e(r["code"]), body),
                Paragraph(e(r["name"]), body),
                Paragraph(e(r["address"] or ""), body),
                _money(r["fee"]),
                r.get("tracking") or "",
                "",
            ]
        )
    if len(rows) == 1:
        rows.append(["", Paragraph("Không có hồ sơ trả qua bưu điện trong ngày", body), "", "", "", "", ""])
    table = Table(
        rows, colWidths=[12 * mm, 52 * mm, 45 * mm, 78 * mm, 22 * mm, 35 * mm, 26 * mm], repeatRows=1
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONT", (0, 0), (-1, -1), REGULAR, 10),
                ("ALIGN", (4, 1), (4, -1), "RIGHT"),
            ]
        )
    )
    story += [
        table,
        Spacer(1, 5 * mm),
        Paragraph(f"Tổng số: {len(book['rows'])} hồ sơ", body),
        Spacer(1, 6 * mm),
    ]
    sign = Table(
        [
            [Paragraph("<b>NGƯỜI GIAO</b>", center), Paragraph("<b>NHÂN VIÊN BƯU CHÍNH NHẬN</b>", center)],
            [
                Paragraph("(Ký và ghi rõ họ tên)", italic),
                Paragraph("(Ký, ghi rõ họ tên và thời gian nhận)", italic),
            ],
            ["", ""],
        ],
        colWidths=[130 * mm, 130 * mm],
        rowHeights=[None, None, 25 * mm],
    )
    story.append(sign)
    return build_pdf(story, landscape=True, title="Sổ giao nhận bưu chính", author=book["office_name"])
