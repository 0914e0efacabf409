"""Shared layout of every form: page geometry, styles, the national header, title, fields,
the documents table, signature blocks, the QR code and the words for dates and times.

domain.md §1.3 / NĐ 30/2020/NĐ-CP: two-column header (agency left, national motto right, each
with a short rule), italic place-and-date line, bold centred title, Times 13 pt on A4. Every
text goes through a Paragraph so that it wraps instead of being clipped (env-notes §3: a line
wider than the page is silently cut and pdftotext drops the cut part).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable

from app.domain.clock import local
from app.slips.data import SlipDocument, SlipOffice, SlipPerson
from app.slips.fonts import BOLD, ITALIC, REGULAR, ensure_fonts, text_width
from app.slips.formsets import SlipError

PAGE_SIZES = ("A4", "A5")
BLACK = colors.black


@dataclass(frozen=True)
class Geometry:
    """Page size, margins and type sizes; A5 is A4 scaled down so one layout serves both."""

    name: str
    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    size: float  # body text, points
    leading: float

    @property
    def frame_width(self) -> float:
        return self.width - self.left - self.right

    def pt(self, a4_points: float) -> float:
        """A length given for A4, scaled to this page."""
        return a4_points * self.size / 13.0


def geometry(page_size: str, *, landscape_page: bool = False) -> Geometry:
    size = page_size.strip().upper()
    if size not in PAGE_SIZES:
        raise SlipError(f"Khổ giấy (--page-size) '{page_size}' không hợp lệ; dùng A4 hoặc A5")
    if landscape_page:
        w, h = landscape(A4)
        return Geometry("A4", w, h, 15 * mm, 10 * mm, 12 * mm, 14 * mm, 9.0, 11.0)
    if size == "A5":
        w, h = A5
        return Geometry("A5", w, h, 14 * mm, 10 * mm, 10 * mm, 13 * mm, 10.0, 12.3)
    w, h = A4
    # NĐ 30/2020 Phụ lục I margins are 30–35 mm left, 15–20 mm right, 20–25 mm top and bottom;
    # a desk slip keeps the left binding margin and trims the others so one page holds the receipt.
    return Geometry("A4", w, h, 25 * mm, 15 * mm, 15 * mm, 18 * mm, 13.0, 16.0)


class Styles:
    def __init__(self, g: Geometry) -> None:
        ensure_fonts()
        s, ld = g.size, g.leading
        self.g = g
        self.body = ParagraphStyle(
            "body", fontName=REGULAR, bulletFontName=REGULAR, fontSize=s, leading=ld, alignment=TA_LEFT
        )
        self.field = ParagraphStyle("field", parent=self.body, spaceBefore=g.pt(2), leftIndent=0)
        self.prose = ParagraphStyle(
            "prose", parent=self.body, alignment=TA_JUSTIFY, spaceBefore=g.pt(3), firstLineIndent=g.pt(28)
        )
        self.center = ParagraphStyle("center", parent=self.body, alignment=TA_CENTER)
        self.head = ParagraphStyle("head", parent=self.center, fontSize=s - 1, leading=ld - 1)
        self.head_bold = ParagraphStyle("head_bold", parent=self.head, fontName=BOLD)
        self.motto = ParagraphStyle("motto", parent=self.center, fontName=BOLD)
        self.date_line = ParagraphStyle("date_line", parent=self.center, fontName=ITALIC, spaceBefore=g.pt(6))
        self.title = ParagraphStyle(
            "title",
            parent=self.center,
            fontName=BOLD,
            fontSize=s + 1,
            leading=ld + 1,
            spaceBefore=g.pt(16),
            spaceAfter=g.pt(2),
        )
        self.subtitle = ParagraphStyle("subtitle", parent=self.center, fontName=ITALIC, spaceAfter=g.pt(4))
        self.cell = ParagraphStyle("cell", parent=self.body, fontSize=s - 1, leading=ld - 2)
        self.cell_center = ParagraphStyle("cell_center", parent=self.cell, alignment=TA_CENTER)
        self.cell_head = ParagraphStyle("cell_head", parent=self.cell_center, fontName=BOLD)
        self.cell_hint = ParagraphStyle("cell_hint", parent=self.cell_center, fontName=ITALIC)
        self.sign_title = ParagraphStyle("sign_title", parent=self.center, fontName=BOLD)
        self.sign_hint = ParagraphStyle("sign_hint", parent=self.center, fontName=ITALIC)
        self.small = ParagraphStyle("small", parent=self.body, fontSize=s - 2, leading=ld - 3)
        self.note = ParagraphStyle("note", parent=self.body, fontName=ITALIC, spaceBefore=g.pt(6))
        self.small_note = ParagraphStyle(
            "small_note",
            parent=self.body,
            fontSize=s - 1.5 if g.name == "A4" else s - 2,
            leading=ld - 2.5 if g.name == "A4" else ld - 3.3,
            spaceBefore=g.pt(1) if g.name == "A4" else 0,
        )


def tstyle(commands: list[tuple[object, ...]]) -> TableStyle:
    """A TableStyle in the bundled font: reportlab's cell default is a non-embedded Helvetica."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), *commands])


def esc(text: str) -> str:
    return escape(text or "")


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph from plain text (escaped: names may hold '&' or '<')."""
    return Paragraph(esc(text), style)


def field(label: str, value: str, st: Styles, *, bold: bool = False, number: str = "") -> Paragraph:
    """'label: value' on one (wrapping) line, value optionally bold; ``number`` like '3.'."""
    lead = f"{number} " if number else ""
    shown = esc(value) if value else "……………"
    if bold and value:
        shown = f"<b>{shown}</b>"
    return Paragraph(f"{esc(lead + label)}: {shown}", st.field)


def fit_size(text: str, font: str, size: float, width: float) -> float:
    """The largest size ≤ ``size`` at which ``text`` fits on one line (the national motto must not wrap)."""
    w = text_width(text, font, size)
    return size if w <= width else max(6.0, size * width / w * 0.995)


def _one_line(text: str, style: ParagraphStyle, width: float) -> Paragraph:
    size = fit_size(text, style.fontName, style.fontSize, width)
    if size == style.fontSize:
        return para(text, style)
    return para(text, ParagraphStyle(style.name + "_fit", parent=style, fontSize=size, leading=size * 1.2))


def header(
    office: SlipOffice, st: Styles, *, day: date, number: str | None = None, issuer: str | None = None
) -> Table:
    """National header block (NĐ 30/2020): agency and unit left, motto right, place and date under it.

    ``issuer``: a letter issued by an agency in its own name (apology/extension, stop notice)
    carries that agency alone on the left, not the desk under its parent."""
    g = st.g
    w = g.frame_width
    left_w, right_w = w * 0.42, w * 0.58
    left: list[Flowable] = []
    if issuer is not None:
        left.append(para(issuer.upper(), st.head_bold))
    else:
        if office.parent_line:
            left.append(para(office.parent_line.upper(), st.head))
        left.append(para(office.name.upper(), st.head_bold))
    left.append(
        HRFlowable(
            width=left_w * 0.36,
            thickness=0.6,
            color=BLACK,
            spaceBefore=g.pt(2),
            spaceAfter=g.pt(2),
            hAlign="CENTER",
        )
    )
    if number is not None:
        left.append(para(f"Số: {number}", st.head))
    motto = "Độc lập - Tự do - Hạnh phúc"
    motto_p = _one_line(motto, st.motto, right_w - 4)
    motto_w = text_width(motto, BOLD, motto_p.style.fontSize)
    right: list[Flowable] = [
        _one_line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", st.head_bold, right_w - 4),
        motto_p,
        HRFlowable(
            width=motto_w, thickness=0.6, color=BLACK, spaceBefore=g.pt(1), spaceAfter=0, hAlign="CENTER"
        ),
        para(place_date(office.place, day), st.date_line),
    ]
    t = Table([[left, right]], colWidths=[left_w, right_w])
    t.setStyle(
        tstyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),  # centres the rules under the unit name and the motto
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return t


def title_block(title: str, st: Styles, *, subtitle: str = "", copy_label: str = "") -> list[Flowable]:
    out: list[Flowable] = [para(title, st.title)]
    if subtitle:
        out.append(para(subtitle, st.subtitle))
    if copy_label:
        out.append(para(f"({copy_label})", st.subtitle))
    if not subtitle and not copy_label:
        out.append(Spacer(1, st.g.pt(6)))
    return out


# ---- words for dates and times -------------------------------------------------------------


def place_date(place: str, day: date) -> str:
    """'Hòa Phú, ngày 05 tháng 10 năm 2025': NĐ 30/2020 pads days below 10 and months 1 and 2 only."""
    return f"{place}, {long_date(day)}"


def long_date(day: date) -> str:
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def clock_time(dt: datetime) -> str:
    """'08 giờ 30 phút, ngày 05/10/2025' (domain.md §1.3, Mẫu 01 items 4 and 5)."""
    t = local(dt)
    return f"{t.hour:02d} giờ {t.minute:02d} phút, ngày {t:%d/%m/%Y}"


def appointment(dt: datetime | None) -> str:
    return clock_time(dt) if dt is not None else "Không có ngày hẹn trả cụ thể theo quy định"


ID_LABEL = "Số CMND/Thẻ căn cước/Hộ chiếu"
# CMND cards lost validity on 31/12/2024 (Luật Căn cước 2023, Art. 46); from 1/1/2025 the receipt
# names the personal identification number (số định danh cá nhân) the 12 digits carry.
PERSONAL_ID_SINCE = date(2025, 1, 1)


def id_label(p: SlipPerson, received: date) -> str:
    """The ID line's label for a dossier received on ``received``."""
    if p.id_type == "passport":
        return "Số hộ chiếu"
    if received < PERSONAL_ID_SINCE:
        return ID_LABEL
    if len(p.id_number) == 12:
        return "Số định danh cá nhân"
    return "Số CMND"


def person_fields(
    p: SlipPerson, st: Styles, *, id_line: bool = True, received: date | None = None
) -> list[Flowable]:
    out: list[Flowable] = [field("Địa chỉ", p.address, st)]
    contact = f"{esc(p.phone) or '……………'}"
    out.append(
        Paragraph(
            f"Số điện thoại: {contact}&nbsp;&nbsp;&nbsp;&nbsp;Email: {esc(p.email) or '……………'}", st.field
        )
    )
    if id_line:
        label = id_label(p, received) if received is not None else ID_LABEL
        out.append(field(label, p.id_number, st))
    return out


# ---- documents table ------------------------------------------------------------------------


def _count(n: int) -> str:
    return f"{n:02d}" if n else ""


def documents_table(docs: Sequence[SlipDocument], st: Styles, *, number_head: str = "TT") -> Table:
    """TT | Thành phần hồ sơ | Số lượng: Bản chính | Bản chứng thực | Bản photo; header repeats."""
    g = st.g
    w = g.frame_width
    tt_w = g.pt(30)
    num_w = g.pt(64)
    name_w = w - tt_w - 3 * num_w
    h = st.cell_head
    rows: list[list[object]] = [
        [para(number_head, h), para("Thành phần hồ sơ", h), para("Số lượng", h), "", ""],
        ["", "", para("Bản chính", h), para("Bản chứng thực", h), para("Bản photo", h)],
    ]
    if not docs:
        rows.append(["", para("(không có giấy tờ)", st.cell), "", "", ""])
    for i, d in enumerate(docs, start=1):
        rows.append(
            [
                para(str(i), st.cell_center),
                para(d.name, st.cell),
                para(_count(d.originals), st.cell_center),
                para(_count(d.certified), st.cell_center),
                para(_count(d.copies), st.cell_center),
            ]
        )
    t = Table(rows, colWidths=[tt_w, name_w, num_w, num_w, num_w], repeatRows=2)
    t.setStyle(
        tstyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, BLACK),
                ("SPAN", (0, 0), (0, 1)),
                ("SPAN", (1, 0), (1, 1)),
                ("SPAN", (2, 0), (4, 0)),
                ("VALIGN", (0, 0), (-1, 1), "MIDDLE"),
                ("VALIGN", (0, 2), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), g.pt(2)),
                ("BOTTOMPADDING", (0, 0), (-1, -1), g.pt(3)),
                ("LEFTPADDING", (0, 0), (-1, -1), g.pt(3)),
                ("RIGHTPADDING", (0, 0), (-1, -1), g.pt(3)),
            ]
        )
    )
    t.spaceBefore = g.pt(3)
    t.spaceAfter = g.pt(3)
    return t


# ---- signatures and QR ----------------------------------------------------------------------


@dataclass(frozen=True)
class Signer:
    title: str
    hint: str = "(Ký và ghi rõ họ tên)"
    name: str = ""


def signatures(
    signers: Sequence[Signer], st: Styles, *, space: float | None = None, left: Sequence[Flowable] = ()
) -> Flowable:
    """Signature columns side by side (one signer sits on the right half, as in the official forms)."""
    g = st.g
    gap = space if space is not None else g.pt(64)
    cells: list[list[Flowable]] = []
    for s in signers:
        title = Paragraph("<br/>".join(esc(line) for line in s.title.split("\n")), st.sign_title)
        cell: list[Flowable] = [title, para(s.hint, st.sign_hint), Spacer(1, gap)]
        cell.append(para(s.name, st.sign_title) if s.name else Spacer(1, g.leading))
        cells.append(cell)
    w = g.frame_width
    if len(cells) == 1:
        row: list[object] = [list(left), cells[0]]
        widths = [w * 0.45, w * 0.55]
    else:
        row = list(cells)
        widths = [w / len(cells)] * len(cells)
    t = Table([row], colWidths=widths)
    t.setStyle(
        tstyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return KeepTogether([Spacer(1, g.pt(10)), t])


@lru_cache(maxsize=256)
def _qr_modules(data: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """Module count and dark runs (row, first column, length) of the QR symbol, level M, auto version."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(data)
    code.make()
    runs: list[tuple[int, int, int]] = []
    for r, row in enumerate(code.modules):
        c = 0
        for dark, group in itertools.groupby(bool(v) for v in row):
            n = sum(1 for _ in group)
            if dark:
                runs.append((r, c, n))
            c += n
    return code.getModuleCount(), tuple(runs)


class QrCode(Flowable):
    """The QR symbol drawn as one filled path of row runs.

    reportlab's QrCodeWidget builds one shape object per module and was two thirds of the
    receipt's render time; a single path draws the same symbol (quiet zone of 4 modules kept).
    """

    QUIET = 4

    def __init__(self, data: str, size: float) -> None:
        super().__init__()
        self.data = data
        self.size = size
        self.width = self.height = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.size, self.size

    def draw(self) -> None:
        count, runs = _qr_modules(self.data)
        cell = self.size / (count + 2 * self.QUIET)
        top = self.size - self.QUIET * cell
        path = self.canv.beginPath()
        for r, c, n in runs:
            path.rect((self.QUIET + c) * cell, top - (r + 1) * cell, n * cell, cell)
        self.canv.saveState()
        self.canv.setFillColor(BLACK)
        self.canv.drawPath(path, stroke=0, fill=1)
        self.canv.restoreState()


def qr_code(data: str, size: float) -> QrCode:
    return QrCode(data, size)


def beside(main: Sequence[Flowable], side: Flowable, side_width: float, st: Styles) -> Table:
    """Fields on the left, a narrow item (the QR) on the right, top-aligned."""
    w = st.g.frame_width
    t = Table([[list(main), side]], colWidths=[w - side_width, side_width])
    t.setStyle(
        tstyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return t
