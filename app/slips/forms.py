"""The desk's slips: receipt, supplement request, refusal, control sheet (domain.md §1.3).

Each builder returns the flowables of ONE copy (liên); render.py repeats them per copy. Builders
take only the plain dataclasses of ``app.slips.data`` and raise ``SlipError`` naming the rule
when the dossier lacks what the form must state (a refusal without its reason, …).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from app.domain.lifecycle import EVENT_LABEL_VI, TIMELINESS_VI, Status, classify
from app.slips.data import SlipDossier, SlipEvent
from app.slips.fonts import REGULAR
from app.slips.formsets import (
    CONTROL_SHEET,
    RECEIPT,
    REFUSAL,
    SUPPLEMENT_REQUEST,
    TT01_2018,
    TT03_2025,
    SlipError,
    form_title,
)
from app.slips.layout import (
    BLACK,
    Geometry,
    Signer,
    Styles,
    appointment,
    beside,
    clock_time,
    documents_table,
    esc,
    field,
    header,
    id_label,
    para,
    person_fields,
    qr_code,
    signatures,
    title_block,
    tstyle,
)
from app.slips.letters import processing_body_name

CHANNEL_VI = {
    "direct": "Trực tiếp",
    "online": "Trực tuyến",
    "postal": "Qua dịch vụ bưu chính công ích",
}
POSTAL_RETURN = "Qua dịch vụ Bưu chính công ích"


def signer_name(actor: str) -> str:
    """A person's name for a signature line; machine actors ('system', 'cli:root') print blank."""
    if not actor or actor == "system" or ":" in actor:
        return ""
    return actor


def return_place(d: SlipDossier) -> str:
    if d.return_method == "post":
        return POSTAL_RETURN
    office = d.office
    return f"{office.name}, {office.address}" if office.address else office.name


def contact_sentence(d: SlipDossier, st: Styles) -> Paragraph:
    """domain.md §1.3 Mẫu 02/03: where to look the rules up and whom to call."""
    o = d.office
    text = f"Mọi vướng mắc, Ông/Bà vui lòng liên hệ {o.name}"
    if o.address:
        text += f", địa chỉ: {o.address}"
    if o.phone:
        text += f", số điện thoại: {o.phone}"
    if o.website:
        text += f"; hoặc tra cứu quy định của thủ tục tại {o.website}"
    return para(text + " để được hướng dẫn.", st.prose)


def _requester_lines(d: SlipDossier, st: Styles, label: str) -> list[Flowable]:
    out: list[Flowable] = [field(label, d.owner.name, st, bold=True)]
    if d.submitter is not None and d.submitter.name != d.owner.name:
        sub = d.submitter
        extra = f" ({sub.id_number})" if sub.id_number else ""
        out.append(field("Người nộp hồ sơ (được ủy quyền)", sub.name + extra, st))
    return out


def promised_due(d: SlipDossier) -> SlipEvent | None:
    """The event that set the appointment printed on the receipt: the receipt itself, or the
    return of the supplement papers (which sets a new one). A later extension does not change
    the receipt; it has its own letter."""
    for ev in reversed(d.events):
        if ev.kind in ("received", "supplement_received"):
            return ev
    return None


COPY_LABEL_SAMPLE = "Liên 2: Giao người nộp hồ sơ"  # the longer label: measure the taller liên

# The desk's name in the official Ghi chú of Mẫu 01 (docs/forms.md: the 2018 text is verified
# against a public implementation of the model form; the 2025 unit name is ours).
DESK_UNIT = {TT01_2018: "Bộ phận tiếp nhận và trả kết quả", TT03_2025: "Bộ phận Một cửa"}


def flowable_heights(story: list[Flowable], st: Styles) -> list[float]:
    """The height each flowable takes on the body frame (spaces before and after included)."""
    g = st.g
    width, height = g.frame_width, g.height - g.top - g.bottom
    canvas = Canvas(io.BytesIO(), pagesize=(g.width, g.height))
    out = []
    for f in story:
        # KeepTogether reports an "infinite" height from wrap(); measure what it holds.
        parts = f._content if isinstance(f, KeepTogether) else [f]
        total = 0.0
        for part in parts:
            _w, h = part.wrapOn(canvas, width, height)
            total += h + part.getSpaceBefore() + part.getSpaceAfter()
        out.append(total)
    return out


def desk_of(d: SlipDossier) -> str:
    """Whose desk it is, after "Bộ phận …:": the office name, or its parent agency when the office
    name is itself "Bộ phận …" (never "Bộ phận Một cửa: Bộ phận Một cửa …")."""
    name = d.office.name
    if name.lower().startswith("bộ phận") and d.office.parent_line:
        return d.office.parent_line
    return name


def receipt_notes(d: SlipDossier, form_set: str, st: Styles, *, qr_note: bool) -> list[Flowable]:
    """The official Ghi chú of Mẫu 01 (two liên, one kept with the control sheet; result by post),
    then our own reminder about collecting the result and the QR code when there is room."""
    unit = DESK_UNIT[form_set]
    out: list[Flowable] = [
        Paragraph("<b><i>Ghi chú:</i></b>", st.small_note),
        para(
            "- Giấy tiếp nhận hồ sơ và hẹn trả kết quả được lập thành 2 liên; một liên chuyển kèm theo "
            f"Phiếu kiểm soát quá trình giải quyết hồ sơ và được lưu tại {unit}; một liên giao cho "
            "cá nhân, tổ chức nộp hồ sơ;",
            st.small_note,
        ),
        para(
            f"- Cá nhân, tổ chức có thể đăng ký nhận kết quả tại {unit} hoặc tại nhà (trụ sở tổ chức) "
            "qua dịch vụ bưu chính.",
            st.small_note,
        ),
    ]
    if qr_note:
        note = para(
            "- Khi đến nhận kết quả, Ông/Bà mang theo giấy này; nhờ người khác nhận thay phải có "
            "giấy ủy quyền. Tra cứu tình trạng hồ sơ bằng mã hồ sơ hoặc mã QR in trên giấy này.",
            st.small_note,
        )
        note.qr_note = True  # the one line receipt() may drop
        out.append(note)
    return out


def receipt(d: SlipDossier, form_set: str, st: Styles, copy_label: str) -> list[Flowable]:
    """Giấy tiếp nhận hồ sơ và hẹn trả kết quả: "Mã hồ sơ" under the title, the QR code of the
    dossier code beside the requester lines, the register line and the official Ghi chú.

    One liên should stay on one page: our QR reminder is dropped, then the room to sign shrinks,
    when the official text would otherwise push the signatures onto a second page (a long
    documents list still continues on the next page)."""
    qr_note, gap = _receipt_fit(d, form_set, st.g)
    return _receipt_story(d, form_set, st, copy_label, qr_note=qr_note, gap=gap)


@lru_cache(maxsize=64)
def _receipt_fit(d: SlipDossier, form_set: str, g: Geometry) -> tuple[bool, float]:
    """(print our QR note, room to sign in A4 points), measured once per dossier and page size:
    the two liên differ only in their label, so the second copy reuses the first one's answer."""
    if g.name != "A4":
        return False, 30.0
    st = Styles(g)
    story = _receipt_story(d, form_set, st, COPY_LABEL_SAMPLE, qr_note=True, gap=44.0)
    heights = flowable_heights(story, st)
    room = g.height - g.top - g.bottom
    total = sum(heights)
    if total <= room:
        return True, 44.0
    note = sum(h for f, h in zip(story, heights, strict=True) if getattr(f, "qr_note", False))
    return False, (44.0 if total - note <= room else 30.0)


def _receipt_story(
    d: SlipDossier, form_set: str, st: Styles, copy_label: str, *, qr_note: bool, gap: float
) -> list[Flowable]:
    g = st.g
    qr_size = g.pt(70)
    origin = promised_due(d)
    due = origin.due_after if origin is not None else d.due_at
    intro: list[Flowable] = [
        field(DESK_UNIT[form_set], desk_of(d), st),
        *_requester_lines(d, st, "Tiếp nhận hồ sơ của (Ông/Bà)"),
        field("Hình thức nộp hồ sơ", CHANNEL_VI.get(d.channel, d.channel), st),
        *person_fields(d.owner, st, id_line=False),
    ]
    book = d.register_book or "……………"
    number = f"{d.register_number:02d}" if d.register_number is not None else "……………"
    story: list[Flowable] = [
        header(d.office, st, day=d.received_at.date()),
        para(form_title(RECEIPT, form_set), st.title),
        Paragraph(f"Mã hồ sơ: <b>{esc(d.code)}</b>", st.center),
        para(f"({copy_label})", st.subtitle) if copy_label else Spacer(1, g.pt(6)),
        beside(intro, qr_code(d.code, qr_size), qr_size + g.pt(6), st),
        field(id_label(d.owner, d.received_at.date()), d.owner.id_number, st),
        field("Nội dung yêu cầu giải quyết", d.summary, st),
        para("1. Thành phần hồ sơ, số lượng mỗi loại giấy tờ:", st.field),
        documents_table(d.documents, st),
        field("Số lượng hồ sơ", f"{d.sets_count:02d} bộ", st, number="2."),
        field("Thời gian giải quyết hồ sơ theo quy định là", d.limit.in_words(), st, number="3."),
        field("Thời gian nhận hồ sơ", clock_time(d.received_at), st, number="4."),
        field("Thời gian trả kết quả giải quyết hồ sơ", appointment(due), st, bold=True, number="5."),
        field("Đăng ký nhận kết quả tại", return_place(d), st, number="6."),
        Paragraph(
            f"Vào Sổ theo dõi hồ sơ, Quyển số: <b>{esc(book)}</b>, Số thứ tự: <b>{esc(number)}</b>",
            st.field,
        ),
        *receipt_notes(d, form_set, st, qr_note=qr_note and g.name == "A4"),
        _receipt_signatures(d, st, gap if g.name == "A4" else 30.0),
    ]
    return story


def _receipt_signatures(d: SlipDossier, st: Styles, gap: float) -> Flowable:
    """About 15 mm to sign (``gap`` 44 pt on A4), 10 mm when space is short and on A5."""
    signers = [
        Signer("NGƯỜI NỘP HỒ SƠ", name=d.requester.name),
        Signer("NGƯỜI TIẾP NHẬN HỒ SƠ", name=d.received_by),
    ]
    return signatures(signers, st, space=st.g.pt(gap))


def supplement_request(d: SlipDossier, form_set: str, st: Styles, copy_label: str) -> list[Flowable]:
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: exactly the papers recorded as missing."""
    ev = d.last_event("supplement_requested")
    if ev is None:
        raise SlipError(
            f"Hồ sơ {d.code} chưa có yêu cầu bổ sung (sự kiện 'supplement_requested'): "
            "phiếu yêu cầu bổ sung chỉ in sau khi đã ghi nhận yêu cầu bổ sung hồ sơ"
        )
    if not ev.missing:
        raise SlipError(
            f"Yêu cầu bổ sung của hồ sơ {d.code} không có danh sách giấy tờ cần bổ sung (data['missing']): "
            "phiếu phải hướng dẫn một lần, đầy đủ các giấy tờ cần bổ sung, hoàn thiện"
        )
    return [
        header(d.office, st, day=ev.at.date()),
        *title_block(form_title(SUPPLEMENT_REQUEST, form_set), st, copy_label=copy_label),
        field("Đơn vị tiếp nhận", d.office.name, st),
        *_requester_lines(d, st, "Tiếp nhận hồ sơ/yêu cầu của Ông/Bà"),
        field("Mã hồ sơ", d.code, st, bold=True),
        field("Nội dung yêu cầu giải quyết", d.summary, st),
        *person_fields(d.owner, st, id_line=False),
        para("Yêu cầu Ông/Bà hoàn thiện hồ sơ gồm những nội dung như sau:", st.field),
        documents_table(ev.missing, st, number_head="STT"),
        field("Lý do", ev.note, st),
        contact_sentence(d, st),
        signatures([Signer("NGƯỜI HƯỚNG DẪN", name=signer_name(ev.actor))], st),
    ]


def refusal(d: SlipDossier, form_set: str, st: Styles, copy_label: str) -> list[Flowable]:
    """Phiếu từ chối tiếp nhận giải quyết hồ sơ: the reason comes from the 'refused' event."""
    ev = d.last_event("refused")
    if ev is None or not ev.note:
        raise SlipError(
            f"Hồ sơ {d.code} chưa có lý do từ chối (ghi chú của sự kiện 'refused'): "
            "phiếu từ chối tiếp nhận giải quyết hồ sơ phải nêu rõ lý do cụ thể"
        )
    return [
        header(d.office, st, day=ev.at.date()),
        *title_block(form_title(REFUSAL, form_set), st, copy_label=copy_label),
        field("Đơn vị tiếp nhận", d.office.name, st),
        *_requester_lines(d, st, "Tiếp nhận hồ sơ của (Ông/Bà)"),
        field("Mã hồ sơ", d.code, st, bold=True),
        *person_fields(d.owner, st, id_line=False),
        field("Nội dung yêu cầu giải quyết", d.summary, st),
        para(
            f"Qua xem xét, {d.office.name} thông báo không tiếp nhận, giải quyết hồ sơ này "
            "với lý do cụ thể như sau:",
            st.prose,
        ),
        Paragraph(f"<b>{esc(ev.note)}</b>", st.prose),
        para("Xin thông báo cho Ông/Bà được biết và thực hiện.", st.prose),
        contact_sentence(d, st),
        signatures(
            [
                Signer("NGƯỜI NỘP HỒ SƠ", name=d.requester.name),
                Signer("NGƯỜI TỪ CHỐI", name=signer_name(ev.actor)),
            ],
            st,
        ),
    ]


# ---- control sheet --------------------------------------------------------------------------

# Which unit gives and which receives the paper file at each kind of event. The control sheet
# follows the file between the desk and the processing body only (TT 01/2018 Mẫu 05, TT 03/2025
# Mẫu 06: the first block is desk → processing body, the last processing body → desk); what
# passes between the citizen and the desk is on the receipt, the supplement request and the
# register, not here.
_FLOW = {
    "handed_over": ("desk", "body"),
    "supplement_received": ("desk", "body"),  # the completed file goes back to the processor
    "supplement_requested": ("body", "desk"),  # only after a hand-over (see _blocks)
    "payment_requested": ("body", "desk"),
    "resolved": ("body", "desk"),
    "stopped": ("body", "desk"),
    "extended": ("body", "desk"),
    "upstream": ("body", "desk"),
}


@dataclass(frozen=True)
class _Block:
    give: str
    take: str
    at: datetime | None  # None: the first hand-over, still to be filled in by hand
    result: str = ""
    note: str = ""


def _blocks(d: SlipDossier) -> list[_Block]:
    names = {"desk": d.office.name, "body": processing_body_name(d)}
    out: list[_Block] = []
    handed = False
    for ev in d.events:
        flow = _FLOW.get(ev.kind)
        if flow is None or (ev.kind in ("supplement_requested", "payment_requested") and not handed):
            continue
        if ev.kind == "handed_over":
            handed = True
        elif not handed:
            continue  # nothing comes back from the body before the file went there
        note = EVENT_LABEL_VI.get(ev.kind, ev.kind) + (f": {ev.note}" if ev.note else "")
        give, take = flow
        out.append(
            _Block(ev.from_unit or names[give], ev.to_unit or names[take], ev.at, _result(d, ev), note)
        )
    if not out or not handed:
        # Printed with the receipt, before the file leaves the desk: the first block is there to
        # be filled in and signed at the hand-over.
        out.insert(0, _Block(names["desk"], names["body"], None))
    return out


def _result(d: SlipDossier, ev: SlipEvent) -> str:
    """Trước hạn / Đúng hạn / Quá hạn of a step coming back from the body, against the
    appointment in force at the time (the one classification, lifecycle.classify)."""
    if _FLOW.get(ev.kind, ("desk", "body"))[0] != "body":
        return ""
    due = ev.due_before or ev.due_after or d.due_at
    return TIMELINESS_VI[classify(Status.RESOLVED, due, ev.at, ev.at)]


def control_sheet(d: SlipDossier, form_set: str, st: Styles, copy_label: str) -> list[Flowable]:
    """Phiếu kiểm soát quá trình giải quyết hồ sơ: one hand-over block per recorded event."""
    g = st.g
    w = g.frame_width
    widths = [w * 0.28, w * 0.31, w * 0.21, w * 0.20]
    h = st.cell_head
    rows: list[list[object]] = [
        [
            para("TÊN CƠ QUAN", h),
            para("THỜI GIAN GIAO, NHẬN HỒ SƠ", h),
            Paragraph(
                f'KẾT QUẢ GIẢI QUYẾT HỒ SƠ<br/><font name="{REGULAR}">(Trước hạn/đúng hạn/quá hạn)</font>', h
            ),
            para("GHI CHÚ", h),
        ]
    ]
    blank_time = "…… giờ …… phút, ngày …… tháng …… năm ……"
    for block in _blocks(d):
        sign = Table(
            [
                [para("Người giao", st.cell_center), para("Người nhận", st.cell_center)],
                [para("(Ký)", st.cell_hint), para("(Ký)", st.cell_hint)],
                ["", ""],
            ],
            colWidths=[widths[1] / 2 - 4] * 2,
            rowHeights=[None, None, 12 * mm * g.size / 13],
        )
        sign.setStyle(
            tstyle(
                [
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        when = clock_time(block.at) if block.at is not None else blank_time
        rows.append(
            [
                [para(f"1. Giao: {block.give}", st.cell), para(f"2. Nhận: {block.take}", st.cell)],
                [para(when, st.cell_center), sign],
                para(block.result, st.cell_center),
                para(block.note, st.cell),
            ]
        )
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        tstyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, BLACK),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), g.pt(2)),
                ("BOTTOMPADDING", (0, 0), (-1, -1), g.pt(3)),
            ]
        )
    )
    return [
        header(d.office, st, day=d.received_at.date()),
        *title_block(form_title(CONTROL_SHEET, form_set), st, copy_label=copy_label),
        field("Kèm theo hồ sơ của", d.owner.name, st, bold=True),
        field("Mã hồ sơ", d.code, st, bold=True),
        field("Ngày nhận", clock_time(d.received_at), st),
        field("Ngày, giờ hẹn trả kết quả", appointment(d.due_at), st),
        field("Cơ quan (bộ phận) giải quyết hồ sơ", processing_body_name(d), st),
        field("Cơ quan phối hợp giải quyết hồ sơ", "", st),
        Spacer(1, g.pt(6)),
        table,
    ]
