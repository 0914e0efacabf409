"""Biểu 06 exports: XLSX for the province's spreadsheets, PDF (landscape A4) for signing.

Both carry what the model form does (TT 01/2020/TT-VPCP, Biểu số 06/VPCP/KSTT; docs/forms.md
says which lines are verified): the form code, the title, the reporting period, "Đơn vị báo
cáo" and "Đơn vị nhận báo cáo", the unit, the data cut-off, the column numbers (1)–(13) under
the headers, and the signature blocks (Người lập biểu, Thủ trưởng đơn vị). The three counts the
model has no column for go in an annex table so that nothing is lost.
"""

from __future__ import annotations

import io
from dataclasses import asdict
from datetime import date
from typing import Any

from app.domain.clock import local, now
from app.reports.stats import Report, Row

# (column key, short header) under the three groups of Biểu 06; columns (3)–(13).
GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Số hồ sơ nhận giải quyết",
        (
            ("received_total", "Tổng số"),
            ("received_online", "Trực tuyến"),
            ("received_direct_postal", "Trực tiếp, dịch vụ bưu chính"),
            ("received_carried", "Từ kỳ trước"),
        ),
    ),
    (
        "Số hồ sơ đã giải quyết",
        (
            ("resolved_total", "Tổng số"),
            ("resolved_early", "Trước hạn"),
            ("resolved_on_time", "Đúng hạn"),
            ("resolved_late", "Quá hạn"),
        ),
    ),
    (
        "Số hồ sơ đang giải quyết",
        (("pending_total", "Tổng số"), ("pending_within", "Trong hạn"), ("pending_overdue", "Quá hạn")),
    ),
)
# Annex: what the model form has no column for (ours, docs/forms.md).
ANNEX: tuple[tuple[str, str], ...] = (
    ("supplement_requested", "Đang chờ bổ sung hồ sơ (đã tính trong cột (11))"),
    ("withdrawn_stopped", "Trả lại, rút hồ sơ, dừng giải quyết trong kỳ (không tính ở cột (7), (11))"),
    ("refused", "Từ chối tiếp nhận trong kỳ (không tính ở cột (3))"),
)
FORM_CODE = "Biểu số 06/VPCP/KSTT"
FORM_BASIS = "Ban hành theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020"
FORM = f"{FORM_CODE} – {FORM_BASIS}"
TITLE = (
    "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, "
    "ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
)
UNIT = "Đơn vị tính: Số hồ sơ TTHC"
ANNEX_TITLE = "PHỤ LỤC: SỐ LIỆU BỔ SUNG (ngoài các cột của Biểu số 06)"
SIGNERS = (("NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)"), ("THỦ TRƯỞNG ĐƠN VỊ", "(Ký tên, đóng dấu)"))
NCOLS = 13


def _keys() -> list[str]:
    return [k for _, cols in GROUPS for k, _ in cols]


def _period(report: Report) -> str:
    return f"Kỳ báo cáo: từ ngày {report.start:%d/%m/%Y} đến ngày {report.end:%d/%m/%Y}"


def _cut_off(report: Report) -> str:
    t = local(report.as_of) if report.as_of is not None else None
    if t is None:
        return ""
    return f"Số liệu tính đến: {t:%H} giờ {t:%M} phút, ngày {t:%d/%m/%Y}"


def _units(report: Report) -> tuple[str, str]:
    sender = report.reporting_unit or report.office_name
    if report.unit_code:
        sender = f"{sender} (mã {report.unit_code})"
    return f"Đơn vị báo cáo: {sender}", f"Đơn vị nhận báo cáo: {report.receiving_unit or '……………'}"


def _place_date(report: Report, day: date) -> str:
    from app.slips.data import SlipOffice

    place = SlipOffice("", "", commune=report.place).place
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _lines(report: Report) -> list[tuple[str, Row]]:
    out: list[tuple[str, Row]] = [(str(i), r) for i, r in enumerate(report.rows, start=1)]
    out.append(("", report.total))
    return out


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Bieu06"
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sender, receiver = _units(report)
    top = [FORM_CODE, FORM_BASIS, TITLE, _period(report), sender, receiver, UNIT, _cut_off(report)]
    for text in top:
        ws.append([text])
        r = ws.max_row
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=NCOLS)
        ws.cell(r, 1).alignment = center
        ws.cell(r, 1).font = Font(bold=text == TITLE)
    h1 = ws.max_row + 1
    ws.append(["STT", "Lĩnh vực"] + [g for g, cols in GROUPS for _ in cols])
    ws.append(["", ""] + [h for _, cols in GROUPS for _, h in cols])
    ws.append([f"({i})" for i in range(1, NCOLS + 1)])
    col = 3
    for _group, cols in GROUPS:
        ws.merge_cells(start_row=h1, start_column=col, end_row=h1, end_column=col + len(cols) - 1)
        col += len(cols)
    for c in (1, 2):
        ws.merge_cells(start_row=h1, start_column=c, end_row=h1 + 1, end_column=c)
    for n, row in _lines(report):
        ws.append([int(n) if n else "", row.field] + [getattr(row, k) for k in _keys()])
    last = ws.max_row
    for r in ws.iter_rows(min_row=h1, max_row=last, max_col=NCOLS):
        for cell in r:
            cell.border = box
            cell.alignment = center if cell.row <= h1 + 2 or cell.column != 2 else Alignment(wrap_text=True)
            if cell.row <= h1 + 1 or cell.row == last:
                cell.font = Font(bold=True)
    # Annex table, then the signature blocks.
    ws.append([])
    ws.append([ANNEX_TITLE])
    ws.cell(ws.max_row, 1).font = Font(bold=True)
    a1 = ws.max_row + 1
    ws.append(["STT", "Lĩnh vực"] + [label for _, label in ANNEX])
    for n, row in _lines(report):
        ws.append([int(n) if n else "", row.field] + [getattr(row, k) for k, _ in ANNEX])
    for r in ws.iter_rows(min_row=a1, max_row=ws.max_row, max_col=2 + len(ANNEX)):
        for cell in r:
            cell.border = box
            cell.alignment = center if cell.row == a1 or cell.column != 2 else Alignment(wrap_text=True)
            if cell.row in (a1, ws.max_row):
                cell.font = Font(bold=True)
    ws.append([])
    day = local(report.as_of).date() if report.as_of is not None else now().date()
    ws.append([""] * 9 + [_place_date(report, day)])
    ws.append([SIGNERS[0][0]] + [""] * 8 + [SIGNERS[1][0]])
    ws.append([SIGNERS[0][1]] + [""] * 8 + [SIGNERS[1][1]])
    for r in range(ws.max_row - 2, ws.max_row + 1):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
        ws.merge_cells(start_row=r, start_column=10, end_row=r, end_column=NCOLS)
        for c in (1, 10):
            ws.cell(r, c).alignment = Alignment(horizontal="center")
            ws.cell(r, c).font = Font(bold=r == ws.max_row - 1, italic=r != ws.max_row - 1)
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 34
    for i in range(3, NCOLS + 1):
        ws.column_dimensions[ws.cell(h1 + 1, i).column_letter].width = 13
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_pdf(report: Report, *, place: str = "") -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    from app.slips.flowdoc import build_pdf
    from app.slips.fonts import BOLD, ITALIC, REGULAR, ensure_fonts

    ensure_fonts()
    if place:
        report.place = place
    body = ParagraphStyle("b", fontName=REGULAR, fontSize=10, leading=12)
    cell = ParagraphStyle("c", parent=body, fontSize=9, leading=11, alignment=1)
    bold_c = ParagraphStyle("bc", parent=cell, fontName=BOLD)
    title = ParagraphStyle("t", parent=body, fontName=BOLD, fontSize=12, leading=15, alignment=1)
    note = ParagraphStyle("n", parent=body, fontName=ITALIC, fontSize=10, alignment=1)
    small = ParagraphStyle("s", parent=body, fontSize=9.5, leading=12)
    sender, receiver = _units(report)
    frame_w = landscape(A4)[0] - 24 * mm
    head = Table(
        [
            [
                [Paragraph(f"<b>{FORM_CODE}</b>", small), Paragraph(FORM_BASIS, small)],
                [Paragraph(TITLE, title), Paragraph(_period(report), note)],
                [Paragraph(sender, small), Paragraph(receiver, small), Paragraph(UNIT, small)],
            ]
        ],
        colWidths=[frame_w * 0.24, frame_w * 0.48, frame_w * 0.28],
    )
    head.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 9),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    story: list[object] = [head, Paragraph(_cut_off(report), note), Spacer(1, 3 * mm)]
    head1: list[object] = [Paragraph("<b>STT</b>", cell), Paragraph("<b>Lĩnh vực</b>", cell)]
    head2: list[object] = ["", ""]
    spans = [("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1))]
    col = 2
    for group, cols in GROUPS:
        head1 += [Paragraph(f"<b>{group}</b>", cell)] + [""] * (len(cols) - 1)
        head2 += [Paragraph(h, cell) for _, h in cols]
        spans.append(("SPAN", (col, 0), (col + len(cols) - 1, 0)))
        col += len(cols)
    numbers: list[object] = [Paragraph(f"<i>({i})</i>", cell) for i in range(1, NCOLS + 1)]
    data: list[list[object]] = [head1, head2, numbers]
    for n, r in _lines(report):
        values = asdict(r)
        data.append(
            [n, Paragraph(r.field if n else f"<b>{r.field}</b>", body)] + [str(values[k]) for k in _keys()]
        )
    widths = [12 * mm, 60 * mm] + [(frame_w - 72 * mm) / len(_keys())] * len(_keys())
    table = Table(data, colWidths=widths, repeatRows=3)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 9),
                ("FONT", (0, -1), (-1, -1), BOLD, 9),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (2, 3), (-1, -1), "RIGHT"),
                ("ALIGN", (0, 3), (0, -1), "CENTER"),
                *spans,
            ]
        )
    )
    story.append(table)
    annex: list[list[object]] = [
        [Paragraph("<b>STT</b>", cell), Paragraph("<b>Lĩnh vực</b>", cell)]
        + [Paragraph(label, bold_c) for _, label in ANNEX]
    ]
    for n, r in _lines(report):
        values = asdict(r)
        annex.append(
            [n, Paragraph(r.field if n else f"<b>{r.field}</b>", body)] + [str(values[k]) for k, _ in ANNEX]
        )
    annex_w = [12 * mm, 60 * mm] + [(frame_w - 72 * mm) / len(ANNEX)] * len(ANNEX)
    annex_t = Table(annex, colWidths=annex_w, repeatRows=1)
    annex_t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 9),
                ("FONT", (0, -1), (-1, -1), BOLD, 9),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
                ("ALIGN", (0, 1), (0, -1), "CENTER"),
            ]
        )
    )
    story += [
        Spacer(1, 4 * mm),
        KeepTogether([Paragraph(f"<b>{ANNEX_TITLE}</b>", body), Spacer(1, 2 * mm), annex_t]),
    ]
    day = local(report.as_of).date() if report.as_of is not None else now().date()
    sign_head = ParagraphStyle("sh", parent=cell, fontName=BOLD, fontSize=10, leading=12)
    sign_hint = ParagraphStyle("si", parent=cell, fontName=ITALIC, fontSize=10, leading=12)
    signs = Table(
        [
            ["", Paragraph(_place_date(report, day), sign_hint)],
            [Paragraph(SIGNERS[0][0], sign_head), Paragraph(SIGNERS[1][0], sign_head)],
            [Paragraph(SIGNERS[0][1], sign_hint), Paragraph(SIGNERS[1][1], sign_hint)],
            ["", ""],
        ],
        colWidths=[frame_w * 0.4, frame_w * 0.6],
        rowHeights=[None, None, None, 22 * mm],
    )
    signs.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 10)]))
    story += [Spacer(1, 4 * mm), KeepTogether([signs])]
    return build_pdf(story, landscape=True, title=FORM_CODE, author=report.office_name)


def record_report_export(session: Any, actor: Any, start: Any, end: Any, fmt: str) -> None:
    """Log a Biểu 06 export (issue 9). It carries counts only, never a citizen's row, so the
    entry names no dossier; it is kept so the log shows every file that left the desk."""
    from app.services.access_log import REPORT, record_access

    record_access(
        session, actor, REPORT, detail=f"Biểu 06 {start}..{end} ({fmt}): chỉ số liệu tổng hợp, không có hồ sơ"
    )
