"""Sổ theo dõi hồ sơ (register) for a period: A4 landscape, the columns of domain.md §1.3.

Columns: STT | Mã hồ sơ | Nội dung hồ sơ | Số lượng (bộ) | Họ tên chủ hồ sơ | Địa chỉ | Số điện
thoại | Ngày, tháng, năm: Nhận hồ sơ, Hẹn trả kết quả | Trả kết quả: Ngày nhận kết quả, Bên giao
(Ký tên), Bên nhận (Ký tên) | Người nhận hồ sơ | Địa bàn phát sinh hồ sơ | Ghi chú. The three
header rows repeat on every page; long cells wrap, rows never split.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table

from app.domain.clock import local
from app.domain.lifecycle import LABEL_VI, Status
from app.slips.data import SlipDossier, SlipRegister
from app.slips.formsets import REGISTER, form_title
from app.slips.layout import BLACK, Geometry, Styles, esc, header, para, title_block, tstyle

# Relative column widths (sum 100); the code column wraps after the unit code.
_WIDTHS = (3.0, 8.8, 12.5, 3.6, 9.0, 12.0, 7.2, 6.2, 6.2, 6.2, 5.2, 5.2, 6.8, 8.1, 6.0)
_CLOSED_NOTE = {Status.REFUSED, Status.WITHDRAWN, Status.STOPPED}


def _stamp(dt: datetime | None) -> str:
    if dt is None:
        return ""
    t = local(dt)
    return f"{t:%d/%m/%Y}<br/>{t:%H:%M}"


def _area(d: SlipDossier) -> str:
    """Địa bàn phát sinh: the structured field stored at intake (the commune, or a hamlet from the
    office's list), the same on every row; dossiers stored before it existed show the commune."""
    return d.area or d.office.commune


def _note(d: SlipDossier) -> str:
    bits = []
    st = Status(d.status)
    if st in _CLOSED_NOTE:
        bits.append(LABEL_VI[st])
    if d.extended:
        bits.append("Đã gia hạn")
    if d.notes:
        bits.append(d.notes)
    return "; ".join(bits)


def register_story(reg: SlipRegister, form_set: str, g: Geometry) -> list[Flowable]:
    head_st = Styles(replace(g, size=11.0, leading=13.5))
    st = Styles(g)
    c, h = st.cell, st.cell_head
    cc = st.cell_center
    w = g.frame_width
    widths = [w * x / sum(_WIDTHS) for x in _WIDTHS]
    rows: list[list[object]] = [
        [
            para("STT", h),
            para("Mã hồ sơ", h),
            para("Nội dung hồ sơ (trích yếu)", h),
            para("Số lượng (bộ)", h),
            para("Họ tên chủ hồ sơ", h),
            para("Địa chỉ chủ hồ sơ", h),
            para("Số điện thoại", h),
            para("Ngày, tháng, năm", h),
            "",
            para("Trả kết quả", h),
            "",
            "",
            para("Người nhận hồ sơ", h),
            para("Địa bàn phát sinh hồ sơ", h),
            para("Ghi chú", h),
        ],
        [
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            para("Nhận hồ sơ", h),
            para("Hẹn trả kết quả", h),
            para("Ngày nhận kết quả", h),
            para("Bên giao (Ký tên)", h),
            para("Bên nhận (Ký tên)", h),
            "",
            "",
            "",
        ],
        [para(f"({i})", cc) for i in range(1, 16)],
    ]
    for i, d in enumerate(reg.rows, start=1):
        number = str(d.register_number) if d.register_number is not None else str(i)
        unit, _, rest = d.code.partition("-")
        code = f"{esc(unit)}-<br/>{esc(rest)}" if rest else esc(d.code)
        rows.append(
            [
                para(number, cc),
                para_raw(code, c),
                para(d.summary, c),
                para(f"{d.sets_count:02d}", cc),
                para(d.owner.name, c),
                para(d.owner.address, c),
                para(d.owner.phone, c),
                para_raw(_stamp(d.received_at), cc),
                # A refused dossier was never accepted: it has no appointment (issue 11).
                para_raw("" if Status(d.status) is Status.REFUSED else _stamp(d.due_at), cc),
                para_raw(_stamp(d.returned_at), cc),
                "",
                "",
                para(d.received_by, c),
                para(_area(d), c),
                para(_note(d), c),
            ]
        )
    if not reg.rows:
        rows.append(["", para("(không có hồ sơ trong kỳ)", c), *[""] * 13])
    table = Table(rows, colWidths=widths, repeatRows=3)
    spans = [("SPAN", (col, 0), (col, 1)) for col in (0, 1, 2, 3, 4, 5, 6, 12, 13, 14)]
    table.setStyle(
        tstyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, BLACK),
                *spans,
                ("SPAN", (7, 0), (8, 0)),
                ("SPAN", (9, 0), (11, 0)),
                ("VALIGN", (0, 0), (-1, 2), "MIDDLE"),
                ("VALIGN", (0, 3), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, 2), 3),
                # Room to sign in the hand-over columns.
                ("BOTTOMPADDING", (0, 3), (-1, -1), 10),
            ]
        )
    )
    subtitle = f"Từ ngày {reg.start:%d/%m/%Y} đến ngày {reg.end:%d/%m/%Y}"
    books = sorted({d.register_book for d in reg.rows if d.register_book})
    if books:
        subtitle += f" – Quyển số: {', '.join(books)}"
    return [
        header(reg.office, head_st, day=reg.end),
        *title_block(form_title(REGISTER, form_set), head_st, subtitle=subtitle),
        table,
    ]


def para_raw(markup: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph from markup that is already escaped (line breaks inside a cell)."""
    return Paragraph(markup, style)
