"""The public listing of procedures (niêm yết công khai TTHC): A4 PDF for the notice board and an
offline HTML page for a kiosk or a TV screen, both from the same data.

Grouped by lĩnh vực, in the office's name; each procedure shows its code, name, time limit, fee
(lệ phí), required papers and the place of receipt. The HTML is one self-contained file (no
script, no network): a kiosk browser opens it from a USB stick.
"""

from __future__ import annotations

import html
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.text import collation_key
from app.store.models import Office, Procedure

TITLE = "DANH MỤC THỦ TỤC HÀNH CHÍNH TIẾP NHẬN TẠI BỘ PHẬN MỘT CỬA"


def _limit(p: Procedure) -> str:
    from app.services.intake import procedure_limit

    try:
        return procedure_limit(p).in_words()
    except ValueError:
        return p.limit_text or "Theo quy định"


def listing_data(session: Session, office: Office) -> dict[str, Any]:
    place = office.office_name + (f", {office.address}" if office.address else "")
    groups: dict[str, list[dict[str, Any]]] = {}
    for p in session.scalars(select(Procedure).where(Procedure.active.is_(True))):
        groups.setdefault(p.field or "Khác", []).append(
            {
                "code": p.code,
                "name": p.name,
                "limit": _limit(p),
                "fee": p.fee_text or "Không thu phí, lệ phí",
                "documents": [d["name"] for d in (p.documents or []) if d.get("required", True)],
                "place": place,
            }
        )
    fields: list[dict[str, Any]] = [
        {"field": name, "procedures": sorted(rows, key=lambda r: str(r["code"]))}
        for name, rows in sorted(groups.items(), key=lambda kv: collation_key(kv[0]))
    ]
    return {
        "office_name": office.office_name,
        "parent_agency": office.parent_agency,
        "address": office.address,
        "phone": office.phone,
        "fields": fields,
        "count": sum(len(f["procedures"]) for f in fields),
    }


def to_pdf(data: dict[str, Any]) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from app.slips.flowdoc import build_pdf
    from app.slips.fonts import BOLD, REGULAR, ensure_fonts

    ensure_fonts()
    body = ParagraphStyle("b", fontName=REGULAR, fontSize=9.5, leading=11.5)
    head = ParagraphStyle("h", parent=body, fontName=BOLD, alignment=1)
    title = ParagraphStyle("t", parent=body, fontName=BOLD, fontSize=14, leading=18, alignment=1)
    sub = ParagraphStyle("s", parent=body, fontSize=11, leading=14, alignment=1)
    group = ParagraphStyle("g", parent=body, fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=6)
    e = html.escape
    story: list[Any] = []
    if data["parent_agency"]:
        story.append(Paragraph(e(data["parent_agency"].upper()), sub))
    story += [
        Paragraph(f"<b>{e(data['office_name'].upper())}</b>", sub),
        Spacer(1, 4 * mm),
        Paragraph(TITLE, title),
        Paragraph(f"Tổng số: {data['count']} thủ tục", sub),
        Spacer(1, 3 * mm),
    ]
    widths = [11 * mm, 21 * mm, 47 * mm, 24 * mm, 28 * mm, 55 * mm]
    n = 0
    for i, f in enumerate(data["fields"], start=1):
        story.append(Paragraph(f"{_roman(i)}. LĨNH VỰC {e(f['field'].upper())}", group))
        rows: list[list[Any]] = [
            [
                Paragraph(h, head)
                for h in (
                    "STT",
                    "Mã thủ tục",
                    "Tên thủ tục",
                    "Thời hạn giải quyết",
                    "Phí, lệ phí",
                    "Thành phần hồ sơ; nơi tiếp nhận",
                )
            ]
        ]
        for p in f["procedures"]:
            n += 1
            papers = "<br/>".join(f"- {e(d)}" for d in p["documents"]) or "-"
            rows.append(
                [
                    str(n),
                    Paragraph(e(p["code"]), body),
                    Paragraph(e(p["name"]), body),
                    Paragraph(e(p["limit"]), body),
                    Paragraph(e(p["fee"]), body),
                    Paragraph(f"{papers}<br/><i>Nơi tiếp nhận: {e(p['place'])}</i>", body),
                ]
            )
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                    ("FONT", (0, 0), (-1, -1), REGULAR, 9.5),
                ]
            )
        )
        story.append(table)
    return build_pdf(
        story, margins_mm=(12, 12, 14, 14), title="Niêm yết thủ tục hành chính", author=data["office_name"]
    )


def to_html(data: dict[str, Any]) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="vi"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(TITLE.capitalize())} – {e(data['office_name'])}</title>",
        "<style>body{font-family:'Times New Roman','Liberation Serif',serif;margin:2em;font-size:18px}"
        "h1,h2.office{text-align:center}h1{font-size:1.6em}h2{border-bottom:2px solid #a00;color:#a00}"
        "table{border-collapse:collapse;width:100%;margin-bottom:1.5em}"
        "th,td{border:1px solid #444;padding:.4em;vertical-align:top}th{background:#eee}"
        "ul{margin:0;padding-left:1.2em}.place{font-style:italic}</style></head><body>",
    ]
    if data["parent_agency"]:
        parts.append(f'<h2 class="office">{e(data["parent_agency"].upper())}</h2>')
    parts.append(f'<h2 class="office">{e(data["office_name"].upper())}</h2>')
    parts.append(f"<h1>{TITLE}</h1><p style='text-align:center'>Tổng số: {data['count']} thủ tục</p>")
    n = 0
    for i, f in enumerate(data["fields"], start=1):
        parts.append(f"<h2>{_roman(i)}. Lĩnh vực {e(f['field'])}</h2>")
        parts.append(
            "<table><tr><th>STT</th><th>Mã thủ tục</th><th>Tên thủ tục</th><th>Thời hạn giải quyết</th>"
            "<th>Phí, lệ phí</th><th>Thành phần hồ sơ</th><th>Nơi tiếp nhận</th></tr>"
        )
        for p in f["procedures"]:
            n += 1
            papers = "".join(f"<li>{e(d)}</li>" for d in p["documents"])
            parts.append(
                f"<tr><td>{n}</td><td>{e(p['code'])}</td><td>{e(p['name'])}</td><td>{e(p['limit'])}</td>"
                f"<td>{e(p['fee'])}</td><td><ul>{papers}</ul></td><td class='place'>{e(p['place'])}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out
