"""Letters issued by the agency that is late or stops: the apology with a new date (TT 01/2018)
or the apology with an extension request (TT 03/2025), and the stop notice (TT 03/2025 only).

domain.md §1.3 Mẫu 04: issued by the agency that is late, not by the desk clerk; "Số: …/PXL",
"Kính gửi", the old and the new appointment, the reason, "Nơi nhận", and the head's signature
with the seal. Issue 11: each letter speaks in one voice, the agency's own, under its own header;
its name comes from the procedure's processing body, or the office profile (parent agency),
never a catalogue placeholder such as "Ủy ban nhân dân cấp xã". The 2025 wording of both letters
is not verified (only their names are, domain.md §1.2; docs/forms.md).
"""

from __future__ import annotations

import re

from reportlab.platypus import Flowable, Paragraph, Spacer

from app.domain.text import nfc
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

# Catalogue entries name the level, not the body: "Ủy ban nhân dân cấp xã", "Công an cấp xã".
_PLACEHOLDER = re.compile(r"\bcấp (xã|huyện|tỉnh)\b", re.IGNORECASE)
# Processing bodies that are agencies able to issue a letter in their own name; anything else
# in the catalogue ("Công chức Tư pháp - Hộ tịch") is an officer of the commune's committee.
_AGENCY = re.compile(
    r"^(ủy ban nhân dân|uỷ ban nhân dân|ubnd|công an|phòng|sở|chi cục|văn phòng|trung tâm|ban|cục|chi nhánh)\b",
    re.IGNORECASE,
)
_COMMITTEE = re.compile(r"^(ủy ban nhân dân|uỷ ban nhân dân|ubnd)\b", re.IGNORECASE)


def _commune(d: SlipDossier) -> str:
    """'xã Hòa Phú' from the office profile (with its unit word), or ''."""
    commune = nfc(d.office.commune).strip()
    if commune and not re.match(r"^(xã|phường|đặc khu|thị trấn)\s", commune, re.IGNORECASE):
        commune = f"xã {commune}"
    return commune


def _spell_out(name: str) -> str:
    return re.sub(r"^UBND\b", "Ủy ban nhân dân", name.strip())


def issuing_agency(d: SlipDossier) -> str:
    """The agency in whose name the letter goes out (never a placeholder, never the desk)."""
    body = nfc(d.processing_body).strip()
    commune = _commune(d)
    parent = _spell_out(nfc(d.office.parent_agency))
    if body and _AGENCY.match(body):
        if not _PLACEHOLDER.search(body):
            return _spell_out(body)
        if commune:
            return _spell_out(_PLACEHOLDER.sub(commune, body, count=1))
        if _COMMITTEE.match(body) and parent:
            return parent
    if parent:
        return parent
    if commune:
        return f"Ủy ban nhân dân {commune}"
    raise SlipError(
        "Chưa có tên cơ quan ban hành văn bản: khai báo cơ quan chủ quản (--parent-agency) hoặc tên xã "
        "(--commune) trong thông tin cơ quan (motcua setup), hoặc cơ quan giải quyết của thủ tục"
    )


def processing_body_name(d: SlipDossier) -> str:
    """The body that processes the dossier, as printed on the control sheet: the catalogue's
    entry with its level placeholder replaced by the commune; an agency when none is listed."""
    body = nfc(d.processing_body).strip()
    if body and not _PLACEHOLDER.search(body):
        return body
    try:
        return issuing_agency(d)
    except SlipError:
        return body or "Cơ quan giải quyết"


def head_signer(agency: str) -> Signer:
    """The head's signature block: a people's committee signs collectively (TM.) by its chair."""
    hint = "(Ký, ghi rõ họ tên và đóng dấu)"
    if _COMMITTEE.match(agency):
        return Signer("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", hint=hint)
    return Signer("THỦ TRƯỞNG CƠ QUAN", hint=hint)


def _addressee(d: SlipDossier, st: Styles) -> list[Flowable]:
    return [
        Spacer(1, st.g.pt(4)),
        Paragraph(f"Kính gửi: Ông/Bà <b>{esc(d.owner.name)}</b>", st.center),
        *person_fields(d.owner, st, id_line=False),
    ]


def _recipients(st: Styles, d: SlipDossier) -> list[Flowable]:
    return [
        Paragraph("<b><i>Nơi nhận:</i></b>", st.small),
        para("- Như trên;", st.small),
        para(f"- {d.office.name} (để trả cho người nộp hồ sơ);", st.small),
        para("- Lưu: VT, hồ sơ.", st.small),
    ]


def apology_extension(d: SlipDossier, form_set: str, st: Styles, copy_label: str) -> list[Flowable]:
    ev = d.last_event("extended")
    if ev is None or ev.due_after is None:
        raise SlipError(
            f"Hồ sơ {d.code} chưa được gia hạn (sự kiện 'extended' với ngày hẹn mới): "
            "văn bản xin lỗi phải ghi thời gian hẹn trả kết quả mới, chỉ hẹn lại một lần"
        )
    agency = issuing_agency(d)
    old_due = ev.due_before or d.due_at
    reason = ev.note or "……………"
    is_2018 = form_set == TT01_2018
    story: list[Flowable] = [
        header(d.office, st, day=ev.at.date(), number="………/PXL" if is_2018 else "………", issuer=agency),
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
            f"Tuy nhiên, đến nay {agency} chưa trả kết quả giải quyết hồ sơ của Ông/Bà "
            "đúng thời hạn theo giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
            st.prose,
        ),
        field("Lý do", reason, st),
    ]
    if is_2018:
        story += [
            para(
                f"Sự chậm trễ này đã gây phiền hà cho Ông/Bà. {agency} xin lỗi Ông/Bà "
                "và hẹn lại thời gian trả kết quả.",
                st.prose,
            ),
            field("Thời gian hẹn trả kết quả lại", clock_time(ev.due_after), st, bold=True),
        ]
    else:
        story += [
            para(
                f"{agency} trân trọng xin lỗi Ông/Bà và đề nghị Ông/Bà đồng ý gia hạn thời gian "
                "giải quyết hồ sơ.",
                st.prose,
            ),
            field("Thời gian đề nghị gia hạn, hẹn trả kết quả", clock_time(ev.due_after), st, bold=True),
        ]
    story += [
        para("Mong Ông/Bà thông cảm.", st.prose),
        signatures([head_signer(agency)], st, left=_recipients(st, d)),
    ]
    return story


def stop_notice(d: SlipDossier, form_set: str, st: Styles, copy_label: str) -> list[Flowable]:
    ev = d.last_event("stopped")
    if ev is None or not ev.note:
        raise SlipError(
            f"Hồ sơ {d.code} chưa có lý do dừng giải quyết (ghi chú của sự kiện 'stopped'): "
            "thông báo dừng giải quyết hồ sơ phải nêu rõ lý do"
        )
    agency = issuing_agency(d)
    return [
        header(d.office, st, day=ev.at.date(), number="………", issuer=agency),
        *title_block(form_title(STOP_NOTICE, form_set), st, copy_label=copy_label),
        *_addressee(d, st),
        para(
            f"Ngày {d.received_at:%d/%m/%Y}, {d.office.name} tiếp nhận hồ sơ đề nghị giải quyết thủ tục "
            f"hành chính “{d.summary}” của Ông/Bà.",
            st.prose,
        ),
        field("Mã hồ sơ", d.code, st, bold=True),
        para(
            f"{agency} thông báo dừng giải quyết hồ sơ nêu trên kể từ {clock_time(ev.at)}.",
            st.prose,
        ),
        field("Lý do", ev.note, st),
        para("Xin thông báo để Ông/Bà được biết.", st.prose),
        signatures([head_signer(agency)], st, left=_recipients(st, d)),
    ]
