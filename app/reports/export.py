"""Biểu 06 exports: XLSX for the province's spreadsheets, PDF (landscape A4) for signing."""

from __future__ import annotations

import io
from dataclasses import asdict
from typing import Any

from app.reports.stats import Report, Row

# (column key, short header) under the three groups of Biểu 06.
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
TITLE = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
FORM = "Biểu số 06/VPCP/KSTT – Ban hành theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020"


def _keys() -> list[str]:
    return [k for _, cols in GROUPS for k, _ in cols]


def _period(report: Report) -> str:
    return f"Kỳ báo cáo: từ ngày {report.start:%d/%m/%Y} đến ngày {report.end:%d/%m/%Y}"


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
    ncols = 2 + len(_keys())
    ws.append([FORM])
    ws.append([TITLE])
    ws.append([f"{report.office_name} ({report.unit_code})"])
    ws.append([_period(report)])
    for r in range(1, 5):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
        ws.cell(r, 1).alignment = center
        ws.cell(r, 1).font = Font(bold=r == 2)
    head1 = ["STT", "Lĩnh vực"] + [g for g, cols in GROUPS for _ in cols]
    head2 = ["", ""] + [h for _, cols in GROUPS for _, h in cols]
    ws.append(head1)
    ws.append(head2)
    col = 3
    for _group, cols in GROUPS:
        ws.merge_cells(start_row=5, start_column=col, end_row=5, end_column=col + len(cols) - 1)
        col += len(cols)
    for c in (1, 2):
        ws.merge_cells(start_row=5, start_column=c, end_row=6, end_column=c)
    for i, row in enumerate(report.rows, start=1):
        ws.append([i, row.field] + [getattr(row, k) for k in _keys()])
    ws.append(["", report.total.field] + [getattr(report.total, k) for k in _keys()])
    for r in ws.iter_rows(min_row=5, max_row=ws.max_row, max_col=ncols):
        for cell in r:
            cell.border = box
            cell.alignment = center if cell.row <= 6 or cell.column != 2 else Alignment(wrap_text=True)
            if cell.row <= 6 or cell.row == ws.max_row:
                cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 34
    for i in range(3, ncols + 1):
        ws.column_dimensions[ws.cell(6, i).column_letter].width = 12
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_pdf(report: Report, *, place: str = "") -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from app.slips.fonts import BOLD, ITALIC, REGULAR, ensure_fonts

    ensure_fonts()
    body = ParagraphStyle("b", fontName=REGULAR, fontSize=10, leading=12)
    cell = ParagraphStyle("c", parent=body, fontSize=9, leading=11, alignment=1)
    title = ParagraphStyle("t", parent=body, fontName=BOLD, fontSize=13, leading=16, alignment=1)
    note = ParagraphStyle("n", parent=body, fontName=ITALIC, fontSize=10, alignment=1)
    story = [
        Paragraph(FORM, note),
        Spacer(1, 3 * mm),
        Paragraph(TITLE, title),
        Paragraph(
            f"{report.office_name} ({report.unit_code})", ParagraphStyle("o", parent=title, fontSize=11)
        ),
        Paragraph(_period(report), note),
        Paragraph("Đơn vị tính: số hồ sơ", note),
        Spacer(1, 4 * mm),
    ]
    head1: list[object] = [Paragraph("<b>STT</b>", cell), Paragraph("<b>Lĩnh vực</b>", cell)]
    head2: list[object] = ["", ""]
    spans = [("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1))]
    col = 2
    for group, cols in GROUPS:
        head1 += [Paragraph(f"<b>{group}</b>", cell)] + [""] * (len(cols) - 1)
        head2 += [Paragraph(h, cell) for _, h in cols]
        spans.append(("SPAN", (col, 0), (col + len(cols) - 1, 0)))
        col += len(cols)
    data: list[list[object]] = [head1, head2]
    lines: list[tuple[int | str, Row]] = [(i, r) for i, r in enumerate(report.rows, start=1)]
    lines.append(("", report.total))
    for i, r in lines:
        values = asdict(r)
        data.append(
            [str(i), Paragraph(r.field if i != "" else f"<b>{r.field}</b>", body)]
            + [str(values[k]) for k in _keys()]
        )
    widths = [12 * mm, 60 * mm] + [18.5 * mm] * len(_keys())
    table = Table(data, colWidths=widths, repeatRows=2)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 9),
                ("FONT", (0, -1), (-1, -1), BOLD, 9),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (2, 2), (-1, -1), "RIGHT"),
                ("ALIGN", (0, 2), (0, -1), "CENTER"),
                *spans,
            ]
        )
    )
    story.append(table)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title="Biểu số 06/VPCP/KSTT",
        author=report.office_name,
    )
    doc.build(story)
    return buf.getvalue()


def record_report_export(session: Any, actor: Any, start: Any, end: Any, fmt: str) -> None:
    """Log a Biểu 06 export (issue 9). It carries counts only, never a citizen's row, so the
    entry names no dossier; it is kept so the log shows every file that left the desk."""
    from app.services.access_log import REPORT, record_access

    record_access(
        session, actor, REPORT, detail=f"Biểu 06 {start}..{end} ({fmt}): chỉ số liệu tổng hợp, không có hồ sơ"
    )
