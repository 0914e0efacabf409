"""Letters signed by the head of the agency: the apology with a new date (TT 01/2018) or the
apology with an extension request (TT 03/2025), and the stop notice (TT 03/2025 only).

domain.md §1.3 Mẫu 04: issued by the agency that is late, "Số: …/PXL", "Kính gửi", the old and
the new appointment, the reason, "Nơi nhận", and the head's signature with the seal. The 2025
wording of both letters is not verified (only their names are, domain.md §1.2).
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Spacer

from app.slips.data import SlipDossier
from app.slips.formsets import APOLOGY_EXTENSION, STOP_NOTICE, TT01_2018, SlipError, form_title
from app.slips.layout import (
    Signer,
    Styles,
    appointment,
    clock_time,
    esc,
    field,
    header,
    para,
    person_fields,
    signatures,
    title_block,
)

HEAD = Signer("THỦ TRƯỞNG CƠ QUAN", hint="(Ký, ghi rõ họ tên và đóng dấu)")


def _addressee(d: SlipDossier, st: Styles) -> list[Flowable]:
    return [
        Spacer(1, st.g.pt(4)),
        Paragraph(f"Kính gửi: Ông/Bà <b>{esc(d.owner.name)}</b>", st.center),
        *person_fields(d.owner, st, id_line=False),
    ]


def _recipients(st: Styles) -> list[Flowable]:
    return [
        Paragraph("<b><i>Nơi nhận:</i></b>", st.small),
        para("- Như trên;", st.small),
        para("- Lưu: VT, hồ sơ.", st.small),
    ]


def _issuer(d: SlipDossier) -> str:
    return d.processing_body or d.office.name


def apology_extension(d: SlipDossier, form_set: str, st: Styles, copy_label: str) -> list[Flowable]:
    ev = d.last_event("extended")
    if ev is None or ev.due_after is None:
        raise SlipError(
            f"Hồ sơ {d.code} chưa được gia hạn (sự kiện 'extended' với ngày hẹn mới): "
            "văn bản xin lỗi phải ghi thời gian hẹn trả kết quả mới, chỉ hẹn lại một lần"
        )
    old_due = ev.due_before or d.due_at
    reason = ev.note or "……………"
    is_2018 = form_set == TT01_2018
    story: list[Flowable] = [
        header(d.office, st, day=ev.at.date(), number="………/PXL" if is_2018 else "………"),
        *title_block(form_title(APOLOGY_EXTENSION, form_set), st, copy_label=copy_label),
        *_addressee(d, st),
        para(
            f"Ngày {d.received_at:%d/%m/%Y}, {d.office.name} tiếp nhận hồ sơ đề nghị giải quyết thủ tục "
            f"hành chính “{d.summary}” của Ông/Bà.",
            st.prose,
        ),
        field("Mã hồ sơ", d.code, st, bold=True),
        field("Ngày hẹn trả kết quả", appointment(old_due), st),
        para(
            f"Tuy nhiên, đến nay {_issuer(d)} chưa trả kết quả giải quyết hồ sơ của Ông/Bà "
            "đúng thời hạn theo giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
            st.prose,
        ),
        field("Lý do", reason, st),
    ]
    if is_2018:
        story += [
            para(
                f"Sự chậm trễ này đã gây phiền hà cho Ông/Bà. {d.office.name} xin lỗi Ông/Bà "
                "và hẹn lại thời gian trả kết quả.",
                st.prose,
            ),
            field("Thời gian hẹn trả kết quả lại", clock_time(ev.due_after), st, bold=True),
        ]
    else:
        story += [
            para(
                f"{d.office.name} trân trọng xin lỗi Ông/Bà và đề nghị Ông/Bà đồng ý gia hạn thời gian "
                "giải quyết hồ sơ.",
                st.prose,
            ),
            field("Thời gian đề nghị gia hạn, hẹn trả kết quả", clock_time(ev.due_after), st, bold=True),
        ]
    story += [
        para("Mong Ông/Bà thông cảm.", st.prose),
        signatures([HEAD], st, left=_recipients(st)),
    ]
    return story


def stop_notice(d: SlipDossier, form_set: str, st: Styles, copy_label: str) -> list[Flowable]:
    ev = d.last_event("stopped")
    if ev is None or not ev.note:
        raise SlipError(
            f"Hồ sơ {d.code} chưa có lý do dừng giải quyết (ghi chú của sự kiện 'stopped'): "
            "thông báo dừng giải quyết hồ sơ phải nêu rõ lý do"
        )
    return [
        header(d.office, st, day=ev.at.date(), number="………"),
        *title_block(form_title(STOP_NOTICE, form_set), st, copy_label=copy_label),
        *_addressee(d, st),
        para(
            f"Ngày {d.received_at:%d/%m/%Y}, {d.office.name} tiếp nhận hồ sơ đề nghị giải quyết thủ tục "
            f"hành chính “{d.summary}” của Ông/Bà.",
            st.prose,
        ),
        field("Mã hồ sơ", d.code, st, bold=True),
        para(
            f"{_issuer(d)} thông báo dừng giải quyết hồ sơ nêu trên kể từ {clock_time(ev.at)}.",
            st.prose,
        ),
        field("Lý do", ev.note, st),
        para("Xin thông báo để Ông/Bà được biết.", st.prose),
        signatures([HEAD], st, left=_recipients(st)),
    ]
