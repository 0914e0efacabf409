"""PDFs of the personal-data duties: one citizen's data (a person export) and the desk's privacy
notice (thông báo xử lý dữ liệu cá nhân). Same bundled serif as every form (fonts.py)."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from app.domain.lifecycle import EVENT_LABEL_VI, LABEL_VI, Status

# The notice's wording is OURS (not a published form): written from Luật Bảo vệ dữ liệu cá nhân
# 91/2025/QH15 and Nghị định 356/2025/NĐ-CP, for an office to adapt and have approved.
NOTICE_TITLE = "THÔNG BÁO XỬ LÝ DỮ LIỆU CÁ NHÂN"
NOTICE_BASIS = (
    "Căn cứ Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Nghị định số 356/2025/NĐ-CP của Chính phủ."
)
NOTICE_SECTIONS = (
    (
        "1. Dữ liệu được xử lý",
        "Họ tên, số định danh cá nhân/CCCD hoặc giấy tờ tùy thân, ngày sinh, giới tính, địa chỉ, số điện "
        "thoại, thư điện tử của người nộp và người được ủy quyền; thành phần hồ sơ đã nộp; quá trình giải "
        "quyết và các phiếu đã in.",
    ),
    (
        "2. Mục đích",
        "Tiếp nhận, giải quyết và trả kết quả thủ tục hành chính; liên hệ với công dân về hồ sơ; báo cáo "
        "thống kê theo quy định (chỉ số liệu tổng hợp, không kèm dữ liệu cá nhân).",
    ),
    (
        "3. Nơi lưu giữ và chuyển giao",
        "Dữ liệu lưu trên máy tính của bộ phận một cửa và được chuyển lên hệ thống giải quyết thủ tục hành "
        "chính cấp trên để giải quyết hồ sơ. Không chuyển cho bên thứ ba ngoài các cơ quan giải quyết.",
    ),
    (
        "4. Thời hạn lưu trữ",
        "Hồ sơ được lưu theo thời hạn lưu trữ của từng lĩnh vực; hết thời hạn, dữ liệu cá nhân có thể được "
        "xóa theo yêu cầu. Hồ sơ hộ tịch được lưu trữ vĩnh viễn.",
    ),
    (
        "5. Ghi nhật ký",
        "Mỗi lần cán bộ mở, tìm, in hoặc xuất dữ liệu của công dân đều được ghi vào nhật ký xử lý dữ liệu "
        "cá nhân (người thực hiện, thời điểm, hồ sơ).",
    ),
    (
        "6. Quyền của công dân",
        "Công dân có quyền được biết, xem, nhận bản sao toàn bộ dữ liệu của mình, yêu cầu chỉnh sửa, và yêu "
        "cầu xóa khi hồ sơ đã hết thời hạn lưu trữ. Yêu cầu gửi tại bộ phận một cửa; bản sao dữ liệu được "
        "cung cấp trong thời hạn luật định.",
    ),
)
NOTICE_FOOTER = (
    "Nội dung thông báo do phần mềm Một Cửa Xã soạn sẵn; cơ quan xem xét, điều chỉnh trước khi niêm yết."
)


def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    from app.slips.fonts import BOLD, ITALIC, REGULAR, ensure_fonts

    ensure_fonts()
    body = ParagraphStyle("b", fontName=REGULAR, fontSize=11, leading=14)
    return {
        "body": body,
        "small": ParagraphStyle("s", parent=body, fontSize=9, leading=11),
        "head": ParagraphStyle("h", parent=body, fontName=BOLD, fontSize=12, leading=15, spaceBefore=6),
        "title": ParagraphStyle("t", parent=body, fontName=BOLD, fontSize=14, leading=18, alignment=1),
        "note": ParagraphStyle("n", parent=body, fontName=ITALIC, fontSize=10, leading=12, alignment=1),
    }


def _build(story: list[Any]) -> bytes:
    from app.slips.flowdoc import build_pdf

    return build_pdf(story, margins_mm=(20, 15, 15, 15))


def notice_pdf(office_name: str = "") -> bytes:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    st = _styles()
    story: list[Any] = []
    if office_name:
        story.append(Paragraph(escape(office_name.upper()), st["note"]))
    story += [Paragraph(NOTICE_TITLE, st["title"]), Paragraph(NOTICE_BASIS, st["note"]), Spacer(1, 4 * mm)]
    for head, text in NOTICE_SECTIONS:
        story += [Paragraph(head, st["head"]), Paragraph(text, st["body"])]
    story += [Spacer(1, 6 * mm), Paragraph(NOTICE_FOOTER, st["note"])]
    return _build(story)


def _status(value: str) -> str:
    try:
        return LABEL_VI[Status(value)]
    except (ValueError, KeyError):
        return value


def person_pdf(data: dict[str, Any]) -> bytes:
    """The person export (collect() of app/services/person.py) as a readable document."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    st = _styles()

    def p(text: str, style: str = "body") -> Any:
        return Paragraph(escape(text), st[style])

    office = data.get("office") or {}
    story: list[Any] = [
        p(office.get("name", "").upper(), "note"),
        Paragraph("DỮ LIỆU CÁ NHÂN CỦA CÔNG DÂN ĐANG ĐƯỢC LƯU GIỮ", st["title"]),
        p(f"Số giấy tờ: {data['id_number']} — lập lúc {data['generated_at']}", "note"),
        Spacer(1, 4 * mm),
        Paragraph("Thông tin cá nhân", st["head"]),
    ]
    for a in data["applicants"]:
        story.append(
            p(
                f"{a['name']}; giấy tờ {a['id_type']} {a['id_number']}; ngày sinh {a['birth_date'] or '-'}; "
                f"địa chỉ {a['address'] or '-'}; điện thoại {a['phone'] or '-'}; thư điện tử {a['email'] or '-'}"
            )
        )
    story.append(Paragraph(f"Hồ sơ ({len(data['dossiers'])})", st["head"]))
    for d in data["dossiers"]:
        role = "người nộp" if d["role"] == "owner" else "người được ủy quyền nộp"
        story.append(
            Paragraph(
                f"<b>{escape(d['code'])}</b> — {escape(d['procedure_name'])} ({role}); nhận {escape(d['received_at'])}; "
                f"hẹn trả {escape(d['due_at'] or '-')}; trạng thái: {escape(_status(d['status']))}",
                st["body"],
            )
        )
        for e in d["events"]:
            story.append(
                p(
                    f"  • {e['at']}: {EVENT_LABEL_VI.get(e['kind'], e['kind'])} ({e['actor']}) {e['note'] or ''}",
                    "small",
                )
            )
        for s in d["prints"]:
            again = " (in lại)" if s["reprint"] else ""
            story.append(
                p(f"  • in {s['form']}{again}, {s['copies']} bản, {s['at']} ({s['actor']})", "small")
            )
    story.append(Paragraph(f"Nhật ký xử lý dữ liệu ({len(data['access_log'])} lần)", st["head"]))
    for r in data["access_log"]:
        what = r["dossier"] or ", ".join(r["dossiers"][:5])
        story.append(p(f"{r['at']}: {r['actor']} — {r['action']} {what}", "small"))
    story += [Spacer(1, 4 * mm), p("Đánh giá của công dân: máy này không lưu đánh giá nào.", "small")]
    return _build(story)
