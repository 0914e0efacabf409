"""Every form of both sets rendered from real stored dossiers and read back from the PDF."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from app.services.intake import DocumentInput
from app.slips.formsets import (
    APOLOGY_EXTENSION,
    CONTROL_SHEET,
    RECEIPT,
    REFUSAL,
    STOP_NOTICE,
    SUPPLEMENT_REQUEST,
    TT01_2018,
    TT03_2025,
    SlipError,
    choose_form_set,
    footer_text,
    forms_for_status,
    normalize_form,
)
from app.slips.render import render
from app.slips.service import register_data
from tests.app.slips.conftest import (
    OWNER,
    OWNER_ID,
    PROC_NAME,
    SUBMITTER,
    SUBMITTER_ID,
    Store,
    at,
    flat,
    lines,
    need,
    page_sizes,
    pages,
    pdf_fonts,
    pdf_text,
)

A4 = (595.276, 841.89)
A5 = (419.528, 595.276)


def _close(size: tuple[float, float], want: tuple[float, float]) -> bool:
    return abs(size[0] - want[0]) < 0.5 and abs(size[1] - want[1]) < 0.5


def test_receipt_fields_read_back_exactly(store: Store, tmp_path: Path) -> None:
    code = store.intake(at(2025, 10, 6, 8, 30))
    pdf = render(RECEIPT, store.slip(code), copies=2)
    got = lines(pdf_text(pdf, tmp_path))
    assert got.index("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ") + 1 == got.index(f"Mã hồ sơ: {code}")
    expected = [
        "UBND XÃ HÒA PHÚ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hòa Phú, ngày 06 tháng 10 năm 2025",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {code}",
        "(Liên 1: Lưu)",
        "Bộ phận Một cửa: Trung tâm Phục vụ hành chính công xã Hòa Phú",
        f"Tiếp nhận hồ sơ của (Ông/Bà): {OWNER}",
        f"Người nộp hồ sơ (được ủy quyền): {SUBMITTER} ({SUBMITTER_ID})",
        "Hình thức nộp hồ sơ: Trực tiếp",
        "Địa chỉ: Thôn Ẩm Thượng, xã Hòa Phú, tỉnh Đắk Lắk",
        "Số điện thoại: 0912345678 Email: thuoc@example.vn",
        f"Số định danh cá nhân: {OWNER_ID}",  # received after 31/12/2024: CMND no longer valid
        f"Nội dung yêu cầu giải quyết: {PROC_NAME}",
        "1. Thành phần hồ sơ, số lượng mỗi loại giấy tờ:",
        "1 Tờ khai đăng ký khai sinh 01",
        "2 Giấy chứng sinh 01",
        "3 Giấy tờ tùy thân của người đi đăng ký 01 01",
        "2. Số lượng hồ sơ: 01 bộ",
        "3. Thời gian giải quyết hồ sơ theo quy định là: 03 ngày làm việc",
        "4. Thời gian nhận hồ sơ: 08 giờ 30 phút, ngày 06/10/2025",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 08 giờ 30 phút, ngày 09/10/2025",
        "Vào Sổ theo dõi hồ sơ, Quyển số: 2025, Số thứ tự: 01",
        "Ghi chú:",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "(Ký và ghi rõ họ tên)",
        SUBMITTER,
        "Trần Thị Thủy",
    ]
    assert "Mẫu số 01 – Thông tư 03/2025/TT-VPCP" in "\n".join(got)
    for line in expected:
        assert line in got, f"missing line {line!r}"
    for header in ("Bản chính", "Bản photo", "Số lượng"):
        assert header in got
    text = flat("\n".join(got))
    assert (
        "6. Đăng ký nhận kết quả tại: Trung tâm Phục vụ hành chính công xã Hòa Phú, Thôn 1, xã Hòa Phú"
        in text
    )
    assert "Bản chứng thực" in text
    assert (
        "- Giấy tiếp nhận hồ sơ và hẹn trả kết quả được lập thành 2 liên; một liên chuyển kèm theo Phiếu "
        "kiểm soát quá trình giải quyết hồ sơ và được lưu tại Bộ phận Một cửa; một liên giao cho cá nhân, "
        "tổ chức nộp hồ sơ;" in text
    )
    assert (
        "- Cá nhân, tổ chức có thể đăng ký nhận kết quả tại Bộ phận Một cửa hoặc tại nhà (trụ sở tổ chức) "
        "qua dịch vụ bưu chính." in text
    )
    assert "mã QR in trên giấy này" in text
    assert page_sizes(pdf) and all(_close(s, A4) for s in page_sizes(pdf))
    assert len(pages(pdf)) == 2  # one page per liên
    assert "(Liên 2: Giao người nộp hồ sơ)" in got


def test_receipt_2024_keeps_the_2018_wording_and_books_run_per_year(store: Store, tmp_path: Path) -> None:
    old = store.intake(at(2024, 12, 30, 8, 30))
    first = store.intake(at(2025, 1, 2, 8, 30))
    second = store.intake(at(2025, 1, 2, 9, 0))
    text = flat(pdf_text(render(RECEIPT, store.slip(old)), tmp_path))
    assert f"Số CMND/Thẻ căn cước/Hộ chiếu: {OWNER_ID}" in text
    assert "Bộ phận tiếp nhận và trả kết quả: Trung tâm Phục vụ hành chính công xã Hòa Phú" in text
    assert "được lưu tại Bộ phận tiếp nhận và trả kết quả" in text
    assert "Vào Sổ theo dõi hồ sơ, Quyển số: 2024, Số thứ tự: 01" in text
    assert "Mẫu số 01 – Thông tư 01/2018/TT-VPCP" in text
    assert "Vào Sổ theo dõi hồ sơ, Quyển số: 2025, Số thứ tự: 01" in flat(
        pdf_text(render(RECEIPT, store.slip(first)), tmp_path)
    )
    new = flat(pdf_text(render(RECEIPT, store.slip(second)), tmp_path))
    assert "Vào Sổ theo dõi hồ sơ, Quyển số: 2025, Số thứ tự: 02" in new
    assert f"Số định danh cá nhân: {OWNER_ID}" in new


def test_only_the_bundled_font_all_embedded(store: Store, tmp_path: Path) -> None:
    code = store.intake(at(2025, 10, 6, 8, 30))
    store.extend(code, at(2025, 10, 14, 16), "Chờ xác minh", at(2025, 10, 9, 10))
    data = store.slip(code)
    for form in (RECEIPT, CONTROL_SHEET, APOLOGY_EXTENSION):
        rows = pdf_fonts(render(form, data, copies=1), tmp_path)
        assert rows, form
        for row in rows:
            name, emb, uni = row[0], row[-5], row[-3]
            assert name.split("+")[-1].startswith("LiberationSerif"), (form, row)
            assert emb == "yes" and uni == "yes", (form, row)


def test_receipt_qr_decodes_to_the_dossier_code(store: Store, tmp_path: Path) -> None:
    code = store.intake(at(2025, 10, 6, 8, 30))
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render(RECEIPT, store.slip(code), page_size="A5"))
    subprocess.run(
        [need("pdftoppm"), "-r", "200", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    png = next(tmp_path.glob("p*.png"))
    out = subprocess.run([need("zbarimg"), "-q", str(png)], check=True, capture_output=True, text=True).stdout
    assert out.strip() == f"QR-Code:{code}"


def test_forty_documents_and_a_long_address_continue_on_next_pages(store: Store, tmp_path: Path) -> None:
    docs = [
        DocumentInput(
            f"Giấy tờ số {i:02d}: bản sao trích lục thửa đất số {100 + i}, tờ bản đồ số {i % 7 + 1}",
            1,
            i % 2,
            2,
        )
        for i in range(1, 41)
    ]
    address = (
        "Số nhà 123/45/6 đường Nguyễn Thị Minh Khai, tổ dân phố Ẩm Thượng Đông, khu dân cư Ưng Ổn, "
        "xã Hòa Phú, tỉnh Đắk Lắk (gần trường Tiểu học Hòa Phú số 2, đối diện chợ Hòa Phú, cạnh Trạm Y tế xã) – "
        "địa chỉ liên lạc tạm trú: thôn Ẩm Thượng Tây, xóm Đồng Quýt, gần nhà văn hóa thôn, xã Hòa Phú, tỉnh Đắk Lắk, Việt Nam"
    )
    assert len(address) >= 300
    code = store.intake(at(2025, 10, 9, 8, 0), documents=docs, address=address)
    pdf = render(RECEIPT, store.slip(code), copies=1)
    per_page = pages(pdf)
    assert len(per_page) >= 2
    text = flat(pdf_text(pdf, tmp_path))
    assert f"Địa chỉ: {address}" in text
    for i, d in enumerate(docs, start=1):
        certified = " 01" if i % 2 else ""
        assert f"{i} {d.name} 01{certified} 02" in text, d.name
    # The table header repeats and the footer says where a loose page belongs.
    for n, page in enumerate(per_page[1:], start=2):
        assert "Thành phần hồ sơ" in page
        assert f"{code} – Trang {n}/{len(per_page)}" in flat(page)
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in per_page[-1]


def test_form_set_follows_receipt_date_and_switch(store: Store, tmp_path: Path) -> None:
    before = store.intake(at(2025, 9, 12, 9, 0))
    on = store.intake(at(2025, 9, 15, 9, 0))
    old = flat(pdf_text(render(RECEIPT, store.slip(before)), tmp_path))
    new = flat(pdf_text(render(RECEIPT, store.slip(on)), tmp_path))
    assert "Mẫu số 01 – Thông tư 01/2018/TT-VPCP" in old
    assert "Mẫu số 01 – Thông tư 03/2025/TT-VPCP" in new
    forced = flat(pdf_text(render(CONTROL_SHEET, store.slip(on), form_set=TT01_2018), tmp_path))
    assert "Mẫu số 05 – Thông tư 01/2018/TT-VPCP" in forced
    assert choose_form_set(date(2025, 9, 14), date(2025, 9, 15)) == TT01_2018
    assert choose_form_set(date(2025, 9, 15), date(2025, 9, 15)) == TT03_2025
    assert choose_form_set(date(2025, 10, 1), date(2025, 11, 1)) == TT01_2018
    assert footer_text(CONTROL_SHEET, TT03_2025) == "Mẫu số 06 – Thông tư 03/2025/TT-VPCP"


def test_a5_and_two_copies(store: Store, tmp_path: Path) -> None:
    code = store.intake(at(2025, 10, 6, 8, 30))
    data = store.slip(code)
    a5 = render(RECEIPT, data, page_size="A5", copies=1)
    assert all(_close(s, A5) for s in page_sizes(a5))
    assert len(pages(a5)) == 1
    two = render(RECEIPT, data)  # two liên by default (Mẫu 01 Ghi chú)
    texts = [flat(p) for p in pages(two)]
    assert len(texts) == 2
    assert "(Liên 1: Lưu)" in texts[0] and "Liên 2" not in texts[0]
    assert "(Liên 2: Giao người nộp hồ sơ)" in texts[1] and "Liên 1" not in texts[1]
    for t in texts:
        assert f"Mã hồ sơ: {code}" in t and f"{OWNER}" in t
    with pytest.raises(SlipError, match="Số liên"):
        render(RECEIPT, data, copies=3)
    with pytest.raises(SlipError, match="Khổ giấy"):
        render(RECEIPT, data, page_size="Letter")


def test_same_day_and_no_time_limit_and_postal_return(store: Store, tmp_path: Path) -> None:
    same = store.intake(at(2025, 10, 6, 9, 0), procedure="2.000001", documents=[], return_method="post")
    none = store.intake(at(2025, 10, 6, 10, 0), procedure="2.000002", documents=[])
    a = flat(pdf_text(render(RECEIPT, store.slip(same)), tmp_path))
    b = flat(pdf_text(render(RECEIPT, store.slip(none)), tmp_path))
    assert "3. Thời gian giải quyết hồ sơ theo quy định là: trong ngày" in a
    assert "6. Đăng ký nhận kết quả tại: Qua dịch vụ Bưu chính công ích" in a
    assert "5. Thời gian trả kết quả giải quyết hồ sơ: Không có ngày hẹn trả cụ thể theo quy định" in b


def test_supplement_request_lists_exactly_the_missing_papers(store: Store, tmp_path: Path) -> None:
    code = store.intake(at(2025, 10, 7, 10, 5))
    missing = [
        {"name": "Giấy chứng sinh (bản chính, không tẩy xóa)", "originals": 1, "certified": 0, "copies": 0},
        {"name": "Giấy tờ tùy thân của người cha", "originals": 0, "certified": 1, "copies": 2},
    ]
    store.status(
        code, "supplement_requested", "Giấy chứng sinh bị tẩy xóa", at(2025, 10, 7, 10, 20), missing=missing
    )
    data = store.slip(code)
    assert forms_for_status(data.status, TT03_2025)[0] == SUPPLEMENT_REQUEST
    got = lines(pdf_text(render(SUPPLEMENT_REQUEST, data, copies=1), tmp_path))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in got
    assert "Yêu cầu Ông/Bà hoàn thiện hồ sơ gồm những nội dung như sau:" in got
    assert "1 Giấy chứng sinh (bản chính, không tẩy xóa) 01" in got
    assert "2 Giấy tờ tùy thân của người cha 01 02" in got
    assert "Tờ khai đăng ký khai sinh" not in " ".join(got)  # only the missing papers
    assert "Lý do: Giấy chứng sinh bị tẩy xóa" in got
    assert "NGƯỜI HƯỚNG DẪN" in got and "Trần Thị Thủy" in got
    assert "Mẫu số 02 – Thông tư 03/2025/TT-VPCP" in got


def test_refusal_prints_the_reason_and_needs_one(store: Store, tmp_path: Path) -> None:
    code = store.intake(at(2025, 10, 7, 14, 0), online=True)
    with pytest.raises(SlipError, match="lý do") as err:
        render(REFUSAL, store.slip(code))
    assert "phiếu từ chối tiếp nhận giải quyết hồ sơ phải nêu rõ lý do" in str(err.value)
    reason = "Thủ tục không thuộc thẩm quyền giải quyết của UBND cấp xã"
    store.status(code, "refused", reason, at(2025, 10, 8, 8, 0))
    data = store.slip(code)
    assert forms_for_status(data.status, TT03_2025) == [REFUSAL]
    text = flat(pdf_text(render(REFUSAL, data), tmp_path))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert f"giải quyết hồ sơ này với lý do cụ thể như sau: {reason}" in text
    assert "Hòa Phú, ngày 08 tháng 10 năm 2025" in text
    assert "NGƯỜI TỪ CHỐI" in text and "Mẫu số 03 – Thông tư 03/2025/TT-VPCP" in text


def test_apology_both_sets(store: Store, tmp_path: Path) -> None:
    old = store.intake(at(2025, 9, 10, 15, 40))
    new = store.intake(at(2025, 10, 6, 8, 30))
    with pytest.raises(SlipError, match="gia hạn"):
        render(APOLOGY_EXTENSION, store.slip(new))
    # the letter's date decides the set: 12/9 is before the switch to TT 03/2025 (15/9)
    store.extend(old, at(2025, 9, 20, 10, 0), "Chờ kết quả xác minh", at(2025, 9, 12, 8, 0))
    store.extend(new, at(2025, 10, 14, 16, 0), "Cần xác minh thông tin hộ tịch", at(2025, 10, 9, 10, 0))
    d_old, d_new = store.slip(old), store.slip(new)
    assert forms_for_status(d_new.status, TT03_2025, extended=d_new.extended)[0] == APOLOGY_EXTENSION
    t_old = flat(pdf_text(render(normalize_form("apology"), d_old), tmp_path))
    t_new = flat(pdf_text(render(APOLOGY_EXTENSION, d_new), tmp_path))
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in t_old
    assert "Số: ………/PXL" in t_old
    assert "Thời gian hẹn trả kết quả lại: 10 giờ 00 phút, ngày 20/09/2025" in t_old
    assert "Mẫu số 04 – Thông tư 01/2018/TT-VPCP" in t_old
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in t_new
    assert "Ngày hẹn trả kết quả: 08 giờ 30 phút, ngày 09/10/2025" in t_new
    assert "Thời gian đề nghị gia hạn, hẹn trả kết quả: 16 giờ 00 phút, ngày 14/10/2025" in t_new
    assert "Lý do: Cần xác minh thông tin hộ tịch" in t_new
    assert f"Kính gửi: Ông/Bà {OWNER}" in t_new
    assert "Mẫu số 04 – Thông tư 03/2025/TT-VPCP" in t_new


def test_letters_follow_their_own_date_and_speak_for_the_agency(store: Store, tmp_path: Path) -> None:
    """Issue 11: received 10/9/2025 (TT 01/2018), stopped 1/10/2025: the TT 03/2025 stop notice,
    issued by the agency in its own name, never the catalogue placeholder."""
    from app.slips.render import form_set_for

    code = store.intake(at(2025, 9, 10, 9, 0), procedure="2.000001")  # processing body: none
    store.status(code, "stopped", "Người yêu cầu đề nghị dừng", at(2025, 10, 1, 9, 0))
    data = store.slip(code)
    assert form_set_for(data, None, RECEIPT) == TT01_2018
    assert form_set_for(data, None, STOP_NOTICE) == TT03_2025
    text = flat(pdf_text(render(STOP_NOTICE, data), tmp_path))
    assert text.startswith("ỦY BAN NHÂN DÂN XÃ HÒA PHÚ Số: ………")
    assert "TRUNG TÂM PHỤC VỤ" not in text.split("CỘNG HÒA")[0]  # the agency alone in the header
    assert "Ủy ban nhân dân xã Hòa Phú thông báo dừng giải quyết hồ sơ nêu trên kể từ 09 giờ 00 phút" in text
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" in text
    assert "cấp xã" not in text
    assert "Hòa Phú, ngày 01 tháng 10 năm 2025" in text
    assert "Mẫu số 05 – Thông tư 03/2025/TT-VPCP" in text


def test_placeholder_processing_body_becomes_the_commune(store: Store, tmp_path: Path) -> None:
    from dataclasses import replace

    from app.slips.letters import issuing_agency

    code = store.intake(at(2025, 10, 6, 8, 30))
    store.extend(code, at(2025, 10, 14, 16), "Chờ xác minh", at(2025, 10, 9, 10))
    data = store.slip(code)
    assert (
        issuing_agency(replace(data, processing_body="Ủy ban nhân dân cấp xã"))
        == "Ủy ban nhân dân xã Hòa Phú"
    )
    assert issuing_agency(replace(data, processing_body="Công an cấp xã")) == "Công an xã Hòa Phú"
    # an officer's role is no agency: the commune's committee speaks
    assert issuing_agency(data) == "Ủy ban nhân dân xã Hòa Phú"
    police = replace(data, processing_body="Công an cấp xã")
    text = flat(pdf_text(render(APOLOGY_EXTENSION, police), tmp_path))
    assert text.startswith("CÔNG AN XÃ HÒA PHÚ")
    assert "Tuy nhiên, đến nay Công an xã Hòa Phú chưa trả kết quả" in text
    assert "Công an xã Hòa Phú trân trọng xin lỗi Ông/Bà" in text
    assert "THỦ TRƯỞNG CƠ QUAN" in text and "cấp xã" not in text


def test_stop_notice_only_in_the_2025_set(store: Store, tmp_path: Path) -> None:
    code = store.intake(at(2025, 10, 8, 9, 0))
    store.status(code, "stopped", "Người yêu cầu đề nghị dừng giải quyết", at(2025, 10, 9, 9, 0))
    data = store.slip(code)
    assert forms_for_status(data.status, TT03_2025) == [STOP_NOTICE, CONTROL_SHEET]
    assert forms_for_status(data.status, TT01_2018) == [CONTROL_SHEET]
    text = flat(pdf_text(render(STOP_NOTICE, data), tmp_path))
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text
    assert "Lý do: Người yêu cầu đề nghị dừng giải quyết" in text
    assert "Mẫu số 05 – Thông tư 03/2025/TT-VPCP" in text
    with pytest.raises(SlipError) as err:
        render(STOP_NOTICE, data, form_set=TT01_2018)
    assert "Thông tư 01/2018/TT-VPCP" in str(err.value) and "Thông tư 03/2025/TT-VPCP" in str(err.value)


def test_control_sheet_one_block_per_hand_over(store: Store, tmp_path: Path) -> None:
    code = store.intake(at(2025, 10, 6, 8, 30))
    fresh = flat(pdf_text(render(CONTROL_SHEET, store.slip(code)), tmp_path))
    # Printed with the receipt: the first block (desk → processing body) waits to be filled in.
    assert (
        "1. Giao: Trung tâm Phục vụ hành chính công xã Hòa Phú 2. Nhận: Công chức Tư pháp - Hộ tịch "
        "…… giờ …… phút, ngày …… tháng …… năm …… Người giao Người nhận (Ký) (Ký)" in fresh
    )
    assert OWNER not in fresh.split("Kèm theo hồ sơ của")[1].split("Mã hồ sơ")[1]  # no citizen block
    store.hand_over(code, at(2025, 10, 6, 14, 0), "Bộ phận Một cửa", "Công chức Tư pháp - Hộ tịch")
    store.status(code, "resolved", when=at(2025, 10, 8, 15, 0))
    store.status(code, "returned", when=at(2025, 10, 10, 9, 0))
    data = store.slip(code)
    text = flat(pdf_text(render(CONTROL_SHEET, data), tmp_path))
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert f"Kèm theo hồ sơ của: {OWNER}" in text
    # desk → body, then body → desk; the citizen's hand-in and the return are not on this sheet
    assert text.count("1. Giao:") == 2
    assert text.count("Người giao") == 2 and text.count("(Ký)") == 4
    first = text.index("1. Giao: Bộ phận Một cửa 2. Nhận: Công chức Tư pháp - Hộ tịch 14 giờ 00 phút")
    assert first < text.index("1. Giao: Công chức Tư pháp - Hộ tịch 2. Nhận: Trung tâm Phục vụ")
    assert "14 giờ 00 phút, ngày 06/10/2025" in text
    # the header once, then the result (08/10) before the 09/10 due date
    assert text.count("Trước hạn") == 2
    assert text.count("Quá hạn") == 0
    assert "Mẫu số 06 – Thông tư 03/2025/TT-VPCP" in text


def test_register_landscape_with_its_columns(store: Store, tmp_path: Path) -> None:
    codes = [store.intake(at(2025, 10, d, 9, 0)) for d in (6, 7, 8)]
    store.intake(at(2025, 11, 3, 9, 0))  # outside the period
    with store.desk.read() as s:
        reg = register_data(s, date(2025, 10, 1), date(2025, 10, 31))
    pdf = render("register", reg)
    sizes = page_sizes(pdf)
    assert sizes and all(w > h for w, h in sizes)
    text = flat(pdf_text(pdf, tmp_path))
    for col in (
        "STT",
        "Mã hồ sơ",
        "Nội dung hồ sơ (trích yếu)",
        "Số lượng (bộ)",
        "Họ tên chủ hồ sơ",
        "Địa chỉ chủ hồ sơ",
        "Số điện thoại",
        "Ngày, tháng, năm",
        "Nhận hồ sơ",
        "Hẹn trả kết quả",
        "Trả kết quả",
        "Ngày nhận kết quả",
        "Bên giao (Ký tên)",
        "Bên nhận (Ký tên)",
        "Người nhận hồ sơ",
        "Địa bàn phát sinh hồ sơ",
        "Ghi chú",
    ):
        assert col in text, col
    assert "SỔ THEO DÕI HỒ SƠ" in text and "Từ ngày 01/10/2025 đến ngày 31/10/2025" in text
    for c in codes:
        unit, _, rest = c.partition("-")
        assert f"{unit}- {rest}" in text
    assert "251103" not in text
    assert "Mẫu số 07 – Thông tư 03/2025/TT-VPCP" in text
    with pytest.raises(SlipError, match="A4"):
        render("register", reg, page_size="A5")


def test_forms_for_status_and_names() -> None:
    assert forms_for_status("received", TT03_2025) == [RECEIPT, CONTROL_SHEET]
    assert forms_for_status("supplement_requested", TT01_2018)[0] == SUPPLEMENT_REQUEST
    assert forms_for_status("refused", TT01_2018) == [REFUSAL]
    assert forms_for_status("in_progress", TT03_2025, extended=True)[0] == APOLOGY_EXTENSION
    assert normalize_form("apology") == APOLOGY_EXTENSION
    with pytest.raises(SlipError, match="--form"):
        normalize_form("mau_01")


def test_receipt_keeps_one_page_per_lien_by_dropping_only_our_qr_note(store: Store, tmp_path: Path) -> None:
    docs = [DocumentInput(f"Giấy tờ số {i}", 1, 0, 0) for i in range(1, 6)]
    code = store.intake(at(2025, 10, 6, 8, 30), documents=docs)
    pdf = render(RECEIPT, store.slip(code))
    assert len(pages(pdf)) == 2  # one page per liên, signatures included
    text = flat(pdf_text(pdf, tmp_path))
    assert text.count("được lập thành 2 liên") == 2 and text.count("qua dịch vụ bưu chính") == 2
    assert text.count("NGƯỜI TIẾP NHẬN HỒ SƠ") == 2
    assert "mã QR in trên giấy này" not in text  # ours, dropped for room; the official text stays
