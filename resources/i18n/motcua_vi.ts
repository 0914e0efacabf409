<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN" sourcelanguage="vi_VN">
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="108" />
        <source>Tài khoản quản trị đầu tiên</source>
        <translation>Tài khoản quản trị đầu tiên</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="111" />
        <source>Quản trị viên tạo tài khoản cho cán bộ tiếp nhận và lãnh đạo, sửa danh mục, lịch và cài đặt.</source>
        <translation>Quản trị viên tạo tài khoản cho cán bộ tiếp nhận và lãnh đạo, sửa danh mục, lịch và cài đặt.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="114" />
        <source>chữ không dấu, ví dụ quantri</source>
        <translation>chữ không dấu, ví dụ quantri</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="115" />
        <source>họ và tên đầy đủ</source>
        <translation>họ và tên đầy đủ</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="123" />
        <source>Tên đăng nhập *</source>
        <translation>Tên đăng nhập *</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="124" />
        <source>Họ và tên *</source>
        <translation>Họ và tên *</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="125" />
        <source>Mật khẩu * (ít nhất 8 ký tự)</source>
        <translation>Mật khẩu * (ít nhất 8 ký tự)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="126" />
        <source>Nhập lại mật khẩu *</source>
        <translation>Nhập lại mật khẩu *</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="137" />
        <source>Mật khẩu phải có ít nhất 8 ký tự</source>
        <translation>Mật khẩu phải có ít nhất 8 ký tự</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="139" />
        <source>Hai lần nhập mật khẩu không khớp</source>
        <translation>Hai lần nhập mật khẩu không khớp</translation>
    </message>
</context>
<context>
    <name>ApplicantSection</name>
    <message>
        <location filename="../../ui/intake_applicant.py" line="34" />
        <source>2. Người nộp hồ sơ</source>
        <translation>2. Người nộp hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/intake_applicant.py" line="46" />
        <source>(chưa rõ)</source>
        <translation>(chưa rõ)</translation>
    </message>
    <message>
        <location filename="../../ui/intake_applicant.py" line="47" />
        <source>Nam</source>
        <translation>Nam</translation>
    </message>
    <message>
        <location filename="../../ui/intake_applicant.py" line="48" />
        <source>Nữ</source>
        <translation>Nữ</translation>
    </message>
    <message>
        <location filename="../../ui/intake_applicant.py" line="49" />
        <source>12 số CCCD, 9 số CMND hoặc số hộ chiếu</source>
        <translation>12 số CCCD, 9 số CMND hoặc số hộ chiếu</translation>
    </message>
    <message>
        <location filename="../../ui/intake_applicant.py" line="50" />
        <source>ngày/tháng/năm</source>
        <translation>ngày/tháng/năm</translation>
    </message>
    <message>
        <location filename="../../ui/intake_applicant.py" line="51" />
        <source>ví dụ 0912 345 678</source>
        <translation>ví dụ 0912 345 678</translation>
    </message>
    <message>
        <location filename="../../ui/intake_applicant.py" line="62" />
        <source>Số CCCD/CMND/hộ chiếu *</source>
        <translation>Số CCCD/CMND/hộ chiếu *</translation>
    </message>
    <message>
        <location filename="../../ui/intake_applicant.py" line="63" />
        <source>Họ và tên *</source>
        <translation>Họ và tên *</translation>
    </message>
    <message>
        <location filename="../../ui/intake_applicant.py" line="64" />
        <source>Ngày sinh</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <location filename="../../ui/intake_applicant.py" line="65" />
        <source>Giới tính</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <location filename="../../ui/intake_applicant.py" line="66" />
        <source>Địa chỉ</source>
        <translation>Địa chỉ</translation>
    </message>
    <message>
        <location filename="../../ui/intake_applicant.py" line="67" />
        <source>Điện thoại</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <location filename="../../ui/intake_applicant.py" line="68" />
        <source>Thư điện tử</source>
        <translation>Thư điện tử</translation>
    </message>
    <message>
        <location filename="../../ui/intake_applicant.py" line="160" />
        <source>Công dân đã từng nộp hồ sơ: đã điền sẵn thông tin lần trước, hãy đối chiếu với giấy tờ.</source>
        <translation>Công dân đã từng nộp hồ sơ: đã điền sẵn thông tin lần trước, hãy đối chiếu với giấy tờ.</translation>
    </message>
</context>
<context>
    <name>AppointmentSection</name>
    <message>
        <location filename="../../ui/intake_appointment.py" line="43" />
        <source>3. Tiếp nhận và hẹn trả</source>
        <translation>3. Tiếp nhận và hẹn trả</translation>
    </message>
    <message>
        <location filename="../../ui/intake_appointment.py" line="48" />
        <source>Trực tiếp</source>
        <translation>Trực tiếp</translation>
    </message>
    <message>
        <location filename="../../ui/intake_appointment.py" line="49" />
        <source>Bưu chính</source>
        <translation>Bưu chính</translation>
    </message>
    <message>
        <location filename="../../ui/intake_appointment.py" line="50" />
        <source>Trực tuyến</source>
        <translation>Trực tuyến</translation>
    </message>
    <message>
        <location filename="../../ui/intake_appointment.py" line="55" />
        <source>Tại Bộ phận Một cửa</source>
        <translation>Tại Bộ phận Một cửa</translation>
    </message>
    <message>
        <location filename="../../ui/intake_appointment.py" line="56" />
        <source>Qua dịch vụ bưu chính</source>
        <translation>Qua dịch vụ bưu chính</translation>
    </message>
    <message>
        <location filename="../../ui/intake_appointment.py" line="62" />
        <location filename="../../ui/intake_appointment.py" line="136" />
        <source>Chọn thủ tục để tính ngày hẹn trả</source>
        <translation>Chọn thủ tục để tính ngày hẹn trả</translation>
    </message>
    <message>
        <location filename="../../ui/intake_appointment.py" line="65" />
        <source>Sửa ngày hẹn (lãnh đạo)</source>
        <translation>Sửa ngày hẹn (lãnh đạo)</translation>
    </message>
    <message>
        <location filename="../../ui/intake_appointment.py" line="72" />
        <source>lý do sửa ngày hẹn (bắt buộc)</source>
        <translation>lý do sửa ngày hẹn (bắt buộc)</translation>
    </message>
    <message>
        <location filename="../../ui/intake_appointment.py" line="90" />
        <source>Nhận kết quả</source>
        <translation>Nhận kết quả</translation>
    </message>
    <message>
        <location filename="../../ui/intake_appointment.py" line="92" />
        <source>Số bộ</source>
        <translation>Số bộ</translation>
    </message>
    <message>
        <location filename="../../ui/intake_appointment.py" line="95" />
        <source>Hình thức nộp</source>
        <translation>Hình thức nộp</translation>
    </message>
    <message>
        <location filename="../../ui/intake_appointment.py" line="96" />
        <source>Ghi chú</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <location filename="../../ui/intake_appointment.py" line="97" />
        <source>Ngày hẹn trả</source>
        <translation>Ngày hẹn trả</translation>
    </message>
    <message>
        <location filename="../../ui/intake_appointment.py" line="154" />
        <source>Sửa ngày hẹn phải ghi rõ lý do</source>
        <translation>Sửa ngày hẹn phải ghi rõ lý do</translation>
    </message>
</context>
<context>
    <name>CalendarTab</name>
    <message>
        <location filename="../../ui/settings/calendar_tab.py" line="44" />
        <source>Ngày nghỉ (lễ, Tết, nghỉ bù)</source>
        <translation>Ngày nghỉ (lễ, Tết, nghỉ bù)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/calendar_tab.py" line="45" />
        <source>Ngày làm việc (làm bù)</source>
        <translation>Ngày làm việc (làm bù)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/calendar_tab.py" line="46" />
        <source>Theo quy định chung (bỏ điều chỉnh)</source>
        <translation>Theo quy định chung (bỏ điều chỉnh)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/calendar_tab.py" line="49" />
        <source>ví dụ: Nghỉ bù Quốc khánh</source>
        <translation>ví dụ: Nghỉ bù Quốc khánh</translation>
    </message>
    <message>
        <location filename="../../ui/settings/calendar_tab.py" line="50" />
        <source>Lưu ngày này</source>
        <translation>Lưu ngày này</translation>
    </message>
    <message>
        <location filename="../../ui/settings/calendar_tab.py" line="56" />
        <source>Đỏ: ngày nghỉ · Xám: cuối tuần · Xanh: làm bù cuối tuần. Ngày hẹn trả được tính lại theo lịch mới.</source>
        <translation>Đỏ: ngày nghỉ · Xám: cuối tuần · Xanh: làm bù cuối tuần. Ngày hẹn trả được tính lại theo lịch mới.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/calendar_tab.py" line="62" />
        <source>Loại ngày</source>
        <translation>Loại ngày</translation>
    </message>
    <message>
        <location filename="../../ui/settings/calendar_tab.py" line="63" />
        <source>Tên ngày</source>
        <translation>Tên ngày</translation>
    </message>
    <message>
        <location filename="../../ui/settings/calendar_tab.py" line="97" />
        <source>ngày làm việc</source>
        <translation>ngày làm việc</translation>
    </message>
    <message>
        <location filename="../../ui/settings/calendar_tab.py" line="98" />
        <source>ngày nghỉ cuối tuần</source>
        <translation>ngày nghỉ cuối tuần</translation>
    </message>
    <message>
        <location filename="../../ui/settings/calendar_tab.py" line="99" />
        <source>ngày nghỉ</source>
        <translation>ngày nghỉ</translation>
    </message>
    <message>
        <location filename="../../ui/settings/calendar_tab.py" line="100" />
        <source>ngày làm bù</source>
        <translation>ngày làm bù</translation>
    </message>
    <message>
        <location filename="../../ui/settings/calendar_tab.py" line="113" />
        <source>Đã lưu ngày {0}</source>
        <translation>Đã lưu ngày {0}</translation>
    </message>
</context>
<context>
    <name>CatalogueTab</name>
    <message>
        <location filename="../../ui/settings/catalogue_tab.py" line="31" />
        <source>Mã</source>
        <translation>Mã</translation>
    </message>
    <message>
        <location filename="../../ui/settings/catalogue_tab.py" line="32" />
        <source>Tên thủ tục</source>
        <translation>Tên thủ tục</translation>
    </message>
    <message>
        <location filename="../../ui/settings/catalogue_tab.py" line="33" />
        <source>Lĩnh vực</source>
        <translation>Lĩnh vực</translation>
    </message>
    <message>
        <location filename="../../ui/settings/catalogue_tab.py" line="34" />
        <source>Thời hạn</source>
        <translation>Thời hạn</translation>
    </message>
    <message>
        <location filename="../../ui/settings/catalogue_tab.py" line="48" />
        <source>Nhập danh mục từ tệp (.json, .csv)…</source>
        <translation>Nhập danh mục từ tệp (.json, .csv)…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/catalogue_tab.py" line="65" />
        <source>{0} thủ tục đang áp dụng</source>
        <translation>{0} thủ tục đang áp dụng</translation>
    </message>
    <message>
        <location filename="../../ui/settings/catalogue_tab.py" line="69" />
        <source>Chọn tệp danh mục thủ tục</source>
        <translation>Chọn tệp danh mục thủ tục</translation>
    </message>
    <message>
        <location filename="../../ui/settings/catalogue_tab.py" line="69" />
        <source>Danh mục (*.json *.csv)</source>
        <translation>Danh mục (*.json *.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/catalogue_tab.py" line="72" />
        <source>Mở</source>
        <translation>Mở</translation>
    </message>
    <message>
        <location filename="../../ui/settings/catalogue_tab.py" line="73" />
        <source>Hủy</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../../ui/settings/catalogue_tab.py" line="79" />
        <source>Đang kiểm tra tệp…</source>
        <translation>Đang kiểm tra tệp…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/catalogue_tab.py" line="83" />
        <source>Đã nhập: {0} thủ tục mới, {1} cập nhật, {2} không đổi</source>
        <translation>Đã nhập: {0} thủ tục mới, {1} cập nhật, {2} không đổi</translation>
    </message>
    <message>
        <location filename="../../ui/settings/catalogue_tab.py" line="94" />
        <source>Tệp có lỗi, chưa nhập gì:
{0}</source>
        <translation>Tệp có lỗi, chưa nhập gì:
{0}</translation>
    </message>
</context>
<context>
    <name>Checklist</name>
    <message>
        <location filename="../../ui/intake_parts.py" line="131" />
        <source>Giấy tờ (tích khi đã nhận)</source>
        <translation>Giấy tờ (tích khi đã nhận)</translation>
    </message>
    <message>
        <location filename="../../ui/intake_parts.py" line="132" />
        <source>Bản chính</source>
        <translation>Bản chính</translation>
    </message>
    <message>
        <location filename="../../ui/intake_parts.py" line="133" />
        <source>Bản chứng thực</source>
        <translation>Bản chứng thực</translation>
    </message>
    <message>
        <location filename="../../ui/intake_parts.py" line="134" />
        <source>Bản photo</source>
        <translation>Bản photo</translation>
    </message>
</context>
<context>
    <name>DossierView</name>
    <message>
        <location filename="../../ui/dossier_view.py" line="59" />
        <source>Người nộp</source>
        <translation>Người nộp</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_view.py" line="60" />
        <source>Số giấy tờ</source>
        <translation>Số giấy tờ</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_view.py" line="61" />
        <source>Điện thoại</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_view.py" line="62" />
        <source>Thủ tục</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_view.py" line="63" />
        <source>Tiếp nhận lúc</source>
        <translation>Tiếp nhận lúc</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_view.py" line="64" />
        <source>Hẹn trả</source>
        <translation>Hẹn trả</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_view.py" line="65" />
        <source>Đồng bộ</source>
        <translation>Đồng bộ</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_view.py" line="92" />
        <source>Thao tác được phép</source>
        <translation>Thao tác được phép</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_view.py" line="95" />
        <source>Xin lỗi, hẹn lại…</source>
        <translation>Xin lỗi, hẹn lại…</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_view.py" line="98" />
        <source>Sửa thông tin…</source>
        <translation>Sửa thông tin…</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_view.py" line="103" />
        <source>In lại phiếu</source>
        <translation>In lại phiếu</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_view.py" line="106" />
        <source>In phiếu kiểm soát</source>
        <translation>In phiếu kiểm soát</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_view.py" line="109" />
        <source>Đóng (Esc)</source>
        <translation>Đóng (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_view.py" line="115" />
        <source>Phiếu:</source>
        <translation>Phiếu:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_view.py" line="126" />
        <source>Quá trình giải quyết</source>
        <translation>Quá trình giải quyết</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_view.py" line="147" />
        <source>Hồ sơ {0}</source>
        <translation>Hồ sơ {0}</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_view.py" line="159" />
        <source> (đã gia hạn)</source>
        <translation> (đã gia hạn)</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_view.py" line="162" />
        <source>Còn thay đổi chưa gửi lên cấp trên</source>
        <translation>Còn thay đổi chưa gửi lên cấp trên</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_view.py" line="162" />
        <source>Đã gửi đủ</source>
        <translation>Đã gửi đủ</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_view.py" line="221" />
        <source>Ghi rõ lý do (bắt buộc, lưu vào quá trình giải quyết):</source>
        <translation>Ghi rõ lý do (bắt buộc, lưu vào quá trình giải quyết):</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_view.py" line="222" />
        <source>Xác nhận</source>
        <translation>Xác nhận</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_view.py" line="234" />
        <source>Đã chuyển sang: {0}</source>
        <translation>Đã chuyển sang: {0}</translation>
    </message>
</context>
<context>
    <name>EditIntakeDialog</name>
    <message>
        <location filename="../../ui/edit_dialog.py" line="34" />
        <source>Sửa thông tin tiếp nhận – {0}</source>
        <translation>Sửa thông tin tiếp nhận – {0}</translation>
    </message>
    <message>
        <location filename="../../ui/edit_dialog.py" line="50" />
        <source>Tại Bộ phận Một cửa</source>
        <translation>Tại Bộ phận Một cửa</translation>
    </message>
    <message>
        <location filename="../../ui/edit_dialog.py" line="51" />
        <source>Qua dịch vụ Bưu chính công ích</source>
        <translation>Qua dịch vụ Bưu chính công ích</translation>
    </message>
    <message>
        <location filename="../../ui/edit_dialog.py" line="53" />
        <source>Nhận kết quả</source>
        <translation>Nhận kết quả</translation>
    </message>
    <message>
        <location filename="../../ui/edit_dialog.py" line="56" />
        <source>Ghi chú</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <location filename="../../ui/edit_dialog.py" line="61" />
        <source>Lý do sửa *</source>
        <translation>Lý do sửa *</translation>
    </message>
    <message>
        <location filename="../../ui/edit_dialog.py" line="64" />
        <source>Lưu thay đổi</source>
        <translation>Lưu thay đổi</translation>
    </message>
    <message>
        <location filename="../../ui/edit_dialog.py" line="85" />
        <source>Chưa có thông tin nào thay đổi</source>
        <translation>Chưa có thông tin nào thay đổi</translation>
    </message>
    <message>
        <location filename="../../ui/edit_dialog.py" line="88" />
        <source>Cần ghi lý do sửa (lưu vào quá trình giải quyết)</source>
        <translation>Cần ghi lý do sửa (lưu vào quá trình giải quyết)</translation>
    </message>
    <message>
        <location filename="../../ui/edit_dialog.py" line="91" />
        <source>Đang lưu…</source>
        <translation>Đang lưu…</translation>
    </message>
</context>
<context>
    <name>ExtendDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="157" />
        <source>Xin lỗi và hẹn lại ngày trả kết quả</source>
        <translation>Xin lỗi và hẹn lại ngày trả kết quả</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="169" />
        <source>Ngày hẹn mới</source>
        <translation>Ngày hẹn mới</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="170" />
        <source>Lý do chậm trễ *</source>
        <translation>Lý do chậm trễ *</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="172" />
        <source>Gia hạn và in thư xin lỗi</source>
        <translation>Gia hạn và in thư xin lỗi</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="178" />
        <source>Lý do chậm trễ là bắt buộc (in lên thư xin lỗi)</source>
        <translation>Lý do chậm trễ là bắt buộc (in lên thư xin lỗi)</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../ui/wizard.py" line="166" />
        <source>Một Cửa Xã – thiết lập lần đầu</source>
        <translation>Một Cửa Xã – thiết lập lần đầu</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="172" />
        <source>Tiếp theo &gt;</source>
        <translation>Tiếp theo &gt;</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="173" />
        <source>&lt; Quay lại</source>
        <translation>&lt; Quay lại</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="174" />
        <source>Hoàn tất</source>
        <translation>Hoàn tất</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="175" />
        <source>Hủy</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>Forms</name>
    <message>
        <location filename="../../ui/print_preview.py" line="41" />
        <source>Giấy tiếp nhận hồ sơ và hẹn trả kết quả</source>
        <translation>Giấy tiếp nhận hồ sơ và hẹn trả kết quả</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="42" />
        <source>Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ</source>
        <translation>Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="43" />
        <source>Phiếu từ chối tiếp nhận giải quyết hồ sơ</source>
        <translation>Phiếu từ chối tiếp nhận giải quyết hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="44" />
        <source>Phiếu xin lỗi và hẹn lại ngày trả kết quả</source>
        <translation>Phiếu xin lỗi và hẹn lại ngày trả kết quả</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="45" />
        <source>Thông báo dừng giải quyết hồ sơ</source>
        <translation>Thông báo dừng giải quyết hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="46" />
        <source>Phiếu kiểm soát quá trình giải quyết hồ sơ</source>
        <translation>Phiếu kiểm soát quá trình giải quyết hồ sơ</translation>
    </message>
</context>
<context>
    <name>IntakeForm</name>
    <message>
        <location filename="../../ui/intake_form.py" line="59" />
        <source>Lưu và in giấy tiếp nhận (Enter)</source>
        <translation>Lưu và in giấy tiếp nhận (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="62" />
        <source>Yêu cầu bổ sung…</source>
        <translation>Yêu cầu bổ sung…</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="65" />
        <source>Từ chối tiếp nhận…</source>
        <translation>Từ chối tiếp nhận…</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="68" />
        <source>Hủy (Esc)</source>
        <translation>Hủy (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="97" />
        <source>Tiếp nhận hồ sơ mới</source>
        <translation>Tiếp nhận hồ sơ mới</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="125" />
        <location filename="../../ui/intake_form.py" line="215" />
        <source>Hồ sơ chưa lưu: sửa các ô có thông báo màu đỏ</source>
        <translation>Hồ sơ chưa lưu: sửa các ô có thông báo màu đỏ</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="161" />
        <source>Từ chối tiếp nhận hồ sơ</source>
        <translation>Từ chối tiếp nhận hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="162" />
        <source>Lý do từ chối (in lên phiếu từ chối, nêu rõ căn cứ):</source>
        <translation>Lý do từ chối (in lên phiếu từ chối, nêu rõ căn cứ):</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="163" />
        <source>Lưu và in phiếu từ chối</source>
        <translation>Lưu và in phiếu từ chối</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="180" />
        <source>Đang lưu…</source>
        <translation>Đang lưu…</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <location filename="../../ui/login.py" line="29" />
        <source>Một Cửa Xã</source>
        <translation>Một Cửa Xã</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="35" />
        <location filename="../../ui/login.py" line="101" />
        <source>Đăng nhập để làm việc</source>
        <translation>Đăng nhập để làm việc</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="39" />
        <source>tên đăng nhập</source>
        <translation>tên đăng nhập</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="43" />
        <source>mật khẩu</source>
        <translation>mật khẩu</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="45" />
        <source>Đăng nhập</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="56" />
        <source>Tên đăng nhập</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="57" />
        <source>Mật khẩu</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="84" />
        <source>Đang mở dữ liệu…</source>
        <translation>Đang mở dữ liệu…</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="97" />
        <source>Màn hình đã khóa do không sử dụng. Nhập lại mật khẩu để tiếp tục.</source>
        <translation>Màn hình đã khóa do không sử dụng. Nhập lại mật khẩu để tiếp tục.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="114" />
        <source>Nhập tên đăng nhập và mật khẩu</source>
        <translation>Nhập tên đăng nhập và mật khẩu</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="132" />
        <source>Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị khóa</source>
        <translation>Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị khóa</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="43" />
        <source>Một Cửa Xã – Bộ phận tiếp nhận và trả kết quả</source>
        <translation>Một Cửa Xã – Bộ phận tiếp nhận và trả kết quả</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="92" />
        <source>Bàn làm việc</source>
        <translation>Bàn làm việc</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="95" />
        <source>F2  Tiếp nhận hồ sơ mới
Ctrl+F  Tìm hồ sơ theo mã, họ tên, số CCCD, số điện thoại
Enter  Mở hồ sơ đang chọn trong danh sách
F5  Làm mới danh sách hôm nay
F9  Đồng bộ với cấp trên
Ctrl+L  Khóa màn hình</source>
        <translation>F2  Tiếp nhận hồ sơ mới
Ctrl+F  Tìm hồ sơ theo mã, họ tên, số CCCD, số điện thoại
Enter  Mở hồ sơ đang chọn trong danh sách
F5  Làm mới danh sách hôm nay
F9  Đồng bộ với cấp trên
Ctrl+L  Khóa màn hình</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="119" />
        <source>Tiếp nhận hồ sơ mới</source>
        <translation>Tiếp nhận hồ sơ mới</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="120" />
        <source>Tìm kiếm</source>
        <translation>Tìm kiếm</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="121" />
        <source>Làm mới</source>
        <translation>Làm mới</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="122" />
        <source>Đồng bộ…</source>
        <translation>Đồng bộ…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="123" />
        <source>Cài đặt…</source>
        <translation>Cài đặt…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="124" />
        <source>Báo cáo…</source>
        <translation>Báo cáo…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="125" />
        <source>Khóa màn hình</source>
        <translation>Khóa màn hình</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="126" />
        <source>Đăng xuất</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="127" />
        <source>Thoát</source>
        <translation>Thoát</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="129" />
        <source>&amp;Hồ sơ</source>
        <translation>&amp;Hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="134" />
        <source>Đồng &amp;bộ</source>
        <translation>Đồng &amp;bộ</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="136" />
        <source>&amp;Báo cáo</source>
        <translation>&amp;Báo cáo</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="138" />
        <source>&amp;Quản trị</source>
        <translation>&amp;Quản trị</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="140" />
        <source>&amp;Tài khoản</source>
        <translation>&amp;Tài khoản</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="143" />
        <source>Thao tác</source>
        <translation>Thao tác</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="200" />
        <source>Kiểm tra kết nối 30 giây một lần</source>
        <translation>Kiểm tra kết nối 30 giây một lần</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="205" />
        <source>Chưa gửi: {0} thay đổi</source>
        <translation>Chưa gửi: {0} thay đổi</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="207" />
        <source> · bị từ chối: {0}</source>
        <translation> · bị từ chối: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="210" />
        <source>Đồng bộ lần cuối: {0}</source>
        <translation>Đồng bộ lần cuối: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="226" />
        <source>Cán bộ tiếp nhận</source>
        <translation>Cán bộ tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="227" />
        <source>Lãnh đạo</source>
        <translation>Lãnh đạo</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="228" />
        <source>Quản trị</source>
        <translation>Quản trị</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="384" />
        <source>Còn thay đổi chưa gửi</source>
        <translation>Còn thay đổi chưa gửi</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="386" />
        <source>Còn {0} thay đổi chưa gửi lên máy chủ cấp trên. Dữ liệu vẫn được giữ an toàn trên máy này, nhưng cấp trên chưa nhận được. Đồng bộ trước khi thoát?</source>
        <translation>Còn {0} thay đổi chưa gửi lên máy chủ cấp trên. Dữ liệu vẫn được giữ an toàn trên máy này, nhưng cấp trên chưa nhận được. Đồng bộ trước khi thoát?</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="392" />
        <source>Đồng bộ rồi thoát</source>
        <translation>Đồng bộ rồi thoát</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="393" />
        <source>Thoát, gửi sau</source>
        <translation>Thoát, gửi sau</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="394" />
        <source>Ở lại</source>
        <translation>Ở lại</translation>
    </message>
</context>
<context>
    <name>Models</name>
    <message>
        <location filename="../../ui/models.py" line="135" />
        <source>Mã hồ sơ</source>
        <translation>Mã hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="138" />
        <source>Người nộp</source>
        <translation>Người nộp</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="142" />
        <source>Thủ tục</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="144" />
        <source>Hẹn trả</source>
        <translation>Hẹn trả</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="149" />
        <location filename="../../ui/models.py" line="214" />
        <source>Trạng thái</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="165" />
        <source>Thời điểm</source>
        <translation>Thời điểm</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="167" />
        <source>Sự kiện</source>
        <translation>Sự kiện</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="171" />
        <source>Trạng thái sau</source>
        <translation>Trạng thái sau</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="177" />
        <source>Người thực hiện</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="179" />
        <source>{0} (cấp trên)</source>
        <translation>{0} (cấp trên)</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="184" />
        <source>Ghi chú</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="198" />
        <source>Cán bộ tiếp nhận</source>
        <translation>Cán bộ tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="199" />
        <source>Lãnh đạo</source>
        <translation>Lãnh đạo</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="200" />
        <source>Quản trị</source>
        <translation>Quản trị</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="204" />
        <source>Tên đăng nhập</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="206" />
        <source>Họ và tên</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="211" />
        <source>Vai trò</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="216" />
        <source>Đang hoạt động</source>
        <translation>Đang hoạt động</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="218" />
        <source>Đã khóa</source>
        <translation>Đã khóa</translation>
    </message>
</context>
<context>
    <name>OfficePage</name>
    <message>
        <location filename="../../ui/wizard.py" line="35" />
        <source>Thông tin cơ quan</source>
        <translation>Thông tin cơ quan</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="38" />
        <source>Nhập mã định danh và tên bộ phận tiếp nhận. Địa chỉ máy chủ đồng bộ có thể để trống và khai sau.</source>
        <translation>Nhập mã định danh và tên bộ phận tiếp nhận. Địa chỉ máy chủ đồng bộ có thể để trống và khai sau.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="41" />
        <source>ví dụ 000.00.12.H29</source>
        <translation>ví dụ 000.00.12.H29</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="42" />
        <source>ví dụ Bộ phận Một cửa UBND xã Tân Lập</source>
        <translation>ví dụ Bộ phận Một cửa UBND xã Tân Lập</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="43" />
        <source>ví dụ xã Tân Lập</source>
        <translation>ví dụ xã Tân Lập</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="44" />
        <source>ví dụ tỉnh Phú Thọ</source>
        <translation>ví dụ tỉnh Phú Thọ</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="51" />
        <source>https://… (không bắt buộc)</source>
        <translation>https://… (không bắt buộc)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="52" />
        <source>mã truy cập do cấp trên cấp</source>
        <translation>mã truy cập do cấp trên cấp</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="54" />
        <source>Mã định danh đơn vị *</source>
        <translation>Mã định danh đơn vị *</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="55" />
        <source>Tên bộ phận tiếp nhận *</source>
        <translation>Tên bộ phận tiếp nhận *</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="56" />
        <source>Xã/phường</source>
        <translation>Xã/phường</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="57" />
        <source>Tỉnh/thành phố</source>
        <translation>Tỉnh/thành phố</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="58" />
        <source>Số hiệu máy trạm</source>
        <translation>Số hiệu máy trạm</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="59" />
        <source>Số máy trạm của bộ phận</source>
        <translation>Số máy trạm của bộ phận</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="60" />
        <source>Địa chỉ máy chủ đồng bộ</source>
        <translation>Địa chỉ máy chủ đồng bộ</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="61" />
        <source>Mã truy cập máy chủ</source>
        <translation>Mã truy cập máy chủ</translation>
    </message>
</context>
<context>
    <name>OfficeTab</name>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="59" />
        <source>Không làm việc thứ Bảy</source>
        <translation>Không làm việc thứ Bảy</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="60" />
        <source>Tiếp nhận sáng thứ Bảy (không tính vào thời hạn)</source>
        <translation>Tiếp nhận sáng thứ Bảy (không tính vào thời hạn)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="61" />
        <source>Nghỉ Ngày Văn hóa (24/11)</source>
        <translation>Nghỉ Ngày Văn hóa (24/11)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="75" />
        <source> phút</source>
        <translation> phút</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="76" />
        <source>Lưu cài đặt</source>
        <translation>Lưu cài đặt</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="81" />
        <source>Cơ quan</source>
        <translation>Cơ quan</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="83" />
        <source>Tên bộ phận tiếp nhận</source>
        <translation>Tên bộ phận tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="84" />
        <source>Cơ quan chủ quản</source>
        <translation>Cơ quan chủ quản</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="85" />
        <source>Xã/phường</source>
        <translation>Xã/phường</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="86" />
        <source>Tỉnh/thành phố</source>
        <translation>Tỉnh/thành phố</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="87" />
        <source>Địa chỉ</source>
        <translation>Địa chỉ</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="88" />
        <source>Điện thoại</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="92" />
        <source>Máy trạm số / tổng số máy</source>
        <translation>Máy trạm số / tổng số máy</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="93" />
        <source>Giờ làm việc và biểu mẫu</source>
        <translation>Giờ làm việc và biểu mẫu</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="101" />
        <source>Buổi sáng</source>
        <translation>Buổi sáng</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="102" />
        <source>Buổi chiều</source>
        <translation>Buổi chiều</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="103" />
        <source>Giờ chốt nhận hồ sơ trong ngày</source>
        <translation>Giờ chốt nhận hồ sơ trong ngày</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="104" />
        <source>Thứ Bảy</source>
        <translation>Thứ Bảy</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="106" />
        <source>Áp dụng mẫu TT 03/2025 từ ngày</source>
        <translation>Áp dụng mẫu TT 03/2025 từ ngày</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="107" />
        <source>Khổ giấy phiếu</source>
        <translation>Khổ giấy phiếu</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="108" />
        <source>Đồng bộ và bảo mật</source>
        <translation>Đồng bộ và bảo mật</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="110" />
        <source>Địa chỉ máy chủ cấp trên</source>
        <translation>Địa chỉ máy chủ cấp trên</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="111" />
        <source>Mã truy cập</source>
        <translation>Mã truy cập</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="112" />
        <source>Khóa màn hình sau (máy này)</source>
        <translation>Khóa màn hình sau (máy này)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/office_tab.py" line="166" />
        <source>Đã lưu cài đặt</source>
        <translation>Đã lưu cài đặt</translation>
    </message>
</context>
<context>
    <name>PrintPreview</name>
    <message>
        <location filename="../../ui/print_preview.py" line="83" />
        <source>Xem trước khi in – {0}</source>
        <translation>Xem trước khi in – {0}</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="105" />
        <source> liên</source>
        <translation> liên</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="107" />
        <source>In (Ctrl+P)</source>
        <translation>In (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="110" />
        <source>Lưu thành tệp PDF…</source>
        <translation>Lưu thành tệp PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="113" />
        <source>Đóng (Esc)</source>
        <translation>Đóng (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="117" />
        <source>Máy tính này chưa cài máy in nào. Hãy lưu phiếu thành tệp PDF để in ở máy khác, hoặc nhờ quản trị viên cài máy in rồi mở lại cửa sổ này.</source>
        <translation>Máy tính này chưa cài máy in nào. Hãy lưu phiếu thành tệp PDF để in ở máy khác, hoặc nhờ quản trị viên cài máy in rồi mở lại cửa sổ này.</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="136" />
        <source>Mã hồ sơ: {0}</source>
        <translation>Mã hồ sơ: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="138" />
        <source>Máy in</source>
        <translation>Máy in</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="139" />
        <source>Số liên</source>
        <translation>Số liên</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="161" />
        <source>Đang tạo bản xem trước…</source>
        <translation>Đang tạo bản xem trước…</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="188" />
        <source>Chưa có máy in: dùng “Lưu thành tệp PDF…”</source>
        <translation>Chưa có máy in: dùng “Lưu thành tệp PDF…”</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="199" />
        <source>Lưu phiếu thành tệp PDF</source>
        <translation>Lưu phiếu thành tệp PDF</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="199" />
        <source>Tệp PDF (*.pdf)</source>
        <translation>Tệp PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="202" />
        <source>Lưu</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="203" />
        <source>Hủy</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="204" />
        <source>Tên tệp</source>
        <translation>Tên tệp</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="205" />
        <source>Loại tệp</source>
        <translation>Loại tệp</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="206" />
        <source>Thư mục</source>
        <translation>Thư mục</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="222" />
        <source>Đang in…</source>
        <translation>Đang in…</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="222" />
        <source>Đang lưu…</source>
        <translation>Đang lưu…</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="240" />
        <source>Đã gửi {0} liên tới máy in {1}</source>
        <translation>Đã gửi {0} liên tới máy in {1}</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="243" />
        <source>Đã lưu: {0}</source>
        <translation>Đã lưu: {0}</translation>
    </message>
</context>
<context>
    <name>ProcedurePicker</name>
    <message>
        <location filename="../../ui/intake_parts.py" line="61" />
        <source>Gõ tên thủ tục (có hoặc không dấu) hoặc mã thủ tục</source>
        <translation>Gõ tên thủ tục (có hoặc không dấu) hoặc mã thủ tục</translation>
    </message>
</context>
<context>
    <name>ProcedureSection</name>
    <message>
        <location filename="../../ui/intake_procedure.py" line="18" />
        <source>1. Thủ tục hành chính</source>
        <translation>1. Thủ tục hành chính</translation>
    </message>
    <message>
        <location filename="../../ui/intake_procedure.py" line="50" />
        <source>không thu phí</source>
        <translation>không thu phí</translation>
    </message>
    <message>
        <location filename="../../ui/intake_procedure.py" line="52" />
        <source>Lĩnh vực: {0} · Thời hạn giải quyết: {1} · Lệ phí: {2}</source>
        <translation>Lĩnh vực: {0} · Thời hạn giải quyết: {1} · Lệ phí: {2}</translation>
    </message>
    <message>
        <location filename="../../ui/intake_procedure.py" line="61" />
        <source>Chọn thủ tục hành chính trong danh mục</source>
        <translation>Chọn thủ tục hành chính trong danh mục</translation>
    </message>
    <message>
        <location filename="../../ui/intake_procedure.py" line="73" />
        <source>Còn {0} giấy tờ bắt buộc chưa nhận ({1}): tích đã nhận, hoặc chọn “Yêu cầu bổ sung”.</source>
        <translation>Còn {0} giấy tờ bắt buộc chưa nhận ({1}): tích đã nhận, hoặc chọn “Yêu cầu bổ sung”.</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../../ui/queue_panel.py" line="81" />
        <source>Nhận hôm nay ({0})</source>
        <translation>Nhận hôm nay ({0})</translation>
    </message>
    <message>
        <location filename="../../ui/queue_panel.py" line="82" />
        <source>Đến hạn hôm nay ({0})</source>
        <translation>Đến hạn hôm nay ({0})</translation>
    </message>
    <message>
        <location filename="../../ui/queue_panel.py" line="83" />
        <source>Quá hạn ({0})</source>
        <translation>Quá hạn ({0})</translation>
    </message>
    <message>
        <location filename="../../ui/queue_panel.py" line="84" />
        <source>Chờ đồng bộ ({0})</source>
        <translation>Chờ đồng bộ ({0})</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="73" />
        <source>Lý do là bắt buộc: ghi rõ để in lên phiếu</source>
        <translation>Lý do là bắt buộc: ghi rõ để in lên phiếu</translation>
    </message>
</context>
<context>
    <name>ReportsDialog</name>
    <message>
        <location filename="../../ui/reports_dialog.py" line="79" />
        <source>Báo cáo</source>
        <translation>Báo cáo</translation>
    </message>
    <message>
        <location filename="../../ui/reports_dialog.py" line="87" />
        <source>Tùy chọn</source>
        <translation>Tùy chọn</translation>
    </message>
    <message>
        <location filename="../../ui/reports_dialog.py" line="94" />
        <source>Xem báo cáo</source>
        <translation>Xem báo cáo</translation>
    </message>
    <message>
        <location filename="../../ui/reports_dialog.py" line="103" />
        <source>STT</source>
        <translation>STT</translation>
    </message>
    <message>
        <location filename="../../ui/reports_dialog.py" line="103" />
        <source>Lĩnh vực</source>
        <translation>Lĩnh vực</translation>
    </message>
    <message>
        <location filename="../../ui/reports_dialog.py" line="115" />
        <source>Xuất PDF…</source>
        <translation>Xuất PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_dialog.py" line="116" />
        <source>Xuất Excel…</source>
        <translation>Xuất Excel…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_dialog.py" line="117" />
        <source>Sổ theo dõi hồ sơ (PDF)…</source>
        <translation>Sổ theo dõi hồ sơ (PDF)…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_dialog.py" line="121" />
        <source>Đóng</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location filename="../../ui/reports_dialog.py" line="125" />
        <source>Kỳ báo cáo</source>
        <translation>Kỳ báo cáo</translation>
    </message>
    <message>
        <location filename="../../ui/reports_dialog.py" line="127" />
        <source>Từ ngày</source>
        <translation>Từ ngày</translation>
    </message>
    <message>
        <location filename="../../ui/reports_dialog.py" line="129" />
        <source>đến ngày</source>
        <translation>đến ngày</translation>
    </message>
    <message>
        <location filename="../../ui/reports_dialog.py" line="138" />
        <source>Tình hình, kết quả giải quyết TTHC (Biểu số 06/VPCP/KSTT)</source>
        <translation>Tình hình, kết quả giải quyết TTHC (Biểu số 06/VPCP/KSTT)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_dialog.py" line="168" />
        <source>Ngày kết thúc phải sau hoặc bằng ngày bắt đầu</source>
        <translation>Ngày kết thúc phải sau hoặc bằng ngày bắt đầu</translation>
    </message>
    <message>
        <location filename="../../ui/reports_dialog.py" line="175" />
        <source>Từ ngày {0} đến ngày {1} – {2}</source>
        <translation>Từ ngày {0} đến ngày {1} – {2}</translation>
    </message>
    <message>
        <location filename="../../ui/reports_dialog.py" line="198" />
        <source>Lưu báo cáo</source>
        <translation>Lưu báo cáo</translation>
    </message>
    <message>
        <location filename="../../ui/reports_dialog.py" line="203" />
        <location filename="../../ui/reports_dialog.py" line="215" />
        <source>Tệp PDF (*.pdf)</source>
        <translation>Tệp PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_dialog.py" line="203" />
        <source>Tệp Excel (*.xlsx)</source>
        <translation>Tệp Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_dialog.py" line="209" />
        <location filename="../../ui/reports_dialog.py" line="221" />
        <source>Đã lưu {0}</source>
        <translation>Đã lưu {0}</translation>
    </message>
</context>
<context>
    <name>Runner</name>
    <message>
        <location filename="../../ui/runner.py" line="56" />
        <source>Lỗi đọc/ghi tệp{0}: {1}</source>
        <translation>Lỗi đọc/ghi tệp{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/runner.py" line="162" />
        <source>Không thực hiện được</source>
        <translation>Không thực hiện được</translation>
    </message>
    <message>
        <location filename="../../ui/runner.py" line="167" />
        <source>Đồng ý</source>
        <translation>Đồng ý</translation>
    </message>
    <message>
        <location filename="../../ui/runner.py" line="175" />
        <source>Đã xảy ra lỗi ngoài dự kiến. Dữ liệu đã lưu không bị ảnh hưởng; hãy báo cho quản trị viên kèm chi tiết bên dưới.

{0}</source>
        <translation>Đã xảy ra lỗi ngoài dự kiến. Dữ liệu đã lưu không bị ảnh hưởng; hãy báo cho quản trị viên kèm chi tiết bên dưới.

{0}</translation>
    </message>
    <message>
        <location filename="../../ui/runner.py" line="181" />
        <source>Lỗi chương trình</source>
        <translation>Lỗi chương trình</translation>
    </message>
    <message>
        <location filename="../../ui/runner.py" line="186" />
        <source>Đóng</source>
        <translation>Đóng</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <location filename="../../ui/search_box.py" line="35" />
        <source>Tìm: mã hồ sơ, họ tên, số CCCD, điện thoại (Ctrl+F)</source>
        <translation>Tìm: mã hồ sơ, họ tên, số CCCD, điện thoại (Ctrl+F)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings/dialog.py" line="18" />
        <source>Cài đặt (quản trị)</source>
        <translation>Cài đặt (quản trị)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="24" />
        <source>Cơ quan, giờ làm việc</source>
        <translation>Cơ quan, giờ làm việc</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="25" />
        <source>Người dùng</source>
        <translation>Người dùng</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="26" />
        <source>Danh mục thủ tục</source>
        <translation>Danh mục thủ tục</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="27" />
        <source>Lịch làm việc</source>
        <translation>Lịch làm việc</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="29" />
        <source>Đóng</source>
        <translation>Đóng</translation>
    </message>
</context>
<context>
    <name>SupplementDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="88" />
        <source>Yêu cầu bổ sung, hoàn thiện hồ sơ</source>
        <translation>Yêu cầu bổ sung, hoàn thiện hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="93" />
        <source>Giấy tờ cần bổ sung</source>
        <translation>Giấy tờ cần bổ sung</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="94" />
        <source>Bản chính</source>
        <translation>Bản chính</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="95" />
        <source>Bản chứng thực</source>
        <translation>Bản chứng thực</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="96" />
        <source>Bản photo</source>
        <translation>Bản photo</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="106" />
        <source>Lý do, hướng dẫn hoàn thiện (in lên phiếu)</source>
        <translation>Lý do, hướng dẫn hoàn thiện (in lên phiếu)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="109" />
        <source>Giấy tờ còn thiếu hoặc cần hoàn thiện (sửa trực tiếp trong bảng):</source>
        <translation>Giấy tờ còn thiếu hoặc cần hoàn thiện (sửa trực tiếp trong bảng):</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="111" />
        <source>Nội dung hướng dẫn</source>
        <translation>Nội dung hướng dẫn</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="114" />
        <source>Lưu và in phiếu bổ sung</source>
        <translation>Lưu và in phiếu bổ sung</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="141" />
        <source>Cần ít nhất một giấy tờ phải bổ sung</source>
        <translation>Cần ít nhất một giấy tờ phải bổ sung</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="144" />
        <source>Bổ sung, hoàn thiện các giấy tờ theo danh sách</source>
        <translation>Bổ sung, hoàn thiện các giấy tờ theo danh sách</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <location filename="../../ui/sync_panel.py" line="33" />
        <source>Đã kết nối máy chủ cấp trên</source>
        <translation>Đã kết nối máy chủ cấp trên</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="34" />
        <source>Mất kết nối – vẫn làm việc bình thường, dữ liệu được giữ trên máy</source>
        <translation>Mất kết nối – vẫn làm việc bình thường, dữ liệu được giữ trên máy</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="37" />
        <source>Đang kiểm tra kết nối…</source>
        <translation>Đang kiểm tra kết nối…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="38" />
        <source>Chưa cấu hình máy chủ đồng bộ</source>
        <translation>Chưa cấu hình máy chủ đồng bộ</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="46" />
        <source>chưa lần nào</source>
        <translation>chưa lần nào</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../ui/sync_controller.py" line="139" />
        <source>Chưa cấu hình máy chủ đồng bộ. Quản trị viên nhập địa chỉ và mã truy cập trong Cài đặt.</source>
        <translation>Chưa cấu hình máy chủ đồng bộ. Quản trị viên nhập địa chỉ và mã truy cập trong Cài đặt.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_controller.py" line="160" />
        <source>Không đồng bộ được</source>
        <translation>Không đồng bộ được</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <location filename="../../ui/sync_panel.py" line="58" />
        <source>Đồng bộ với cấp trên</source>
        <translation>Đồng bộ với cấp trên</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="75" />
        <source>Mã hồ sơ</source>
        <translation>Mã hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="75" />
        <source>Loại thay đổi</source>
        <translation>Loại thay đổi</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="75" />
        <source>Lý do máy chủ từ chối</source>
        <translation>Lý do máy chủ từ chối</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="87" />
        <source>Gửi lại thay đổi đã chọn</source>
        <translation>Gửi lại thay đổi đã chọn</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="92" />
        <source>Đồng bộ cuối ngày</source>
        <translation>Đồng bộ cuối ngày</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="96" />
        <source>Dừng</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="98" />
        <source>Đóng</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="102" />
        <source>Kết nối</source>
        <translation>Kết nối</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="103" />
        <source>Thay đổi chưa gửi</source>
        <translation>Thay đổi chưa gửi</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="104" />
        <source>Đồng bộ gần nhất</source>
        <translation>Đồng bộ gần nhất</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="112" />
        <source>Đồng bộ với máy chủ cấp trên</source>
        <translation>Đồng bộ với máy chủ cấp trên</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="117" />
        <source>Thay đổi bị từ chối (cần xử lý):</source>
        <translation>Thay đổi bị từ chối (cần xử lý):</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="149" />
        <source>{0} thay đổi chờ gửi, {1} bị từ chối</source>
        <translation>{0} thay đổi chờ gửi, {1} bị từ chối</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="160" />
        <source>Đang đồng bộ…</source>
        <translation>Đang đồng bộ…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="168" />
        <source>{0}: {1}/{2}</source>
        <translation>{0}: {1}/{2}</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="173" />
        <source>Hồ sơ</source>
        <translation>Hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="174" />
        <source>Sự kiện hồ sơ</source>
        <translation>Sự kiện hồ sơ</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="175" />
        <source>In phiếu</source>
        <translation>In phiếu</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="212" />
        <source>Đã xếp lại {0} thay đổi; chúng sẽ được gửi ở lần đồng bộ tới.</source>
        <translation>Đã xếp lại {0} thay đổi; chúng sẽ được gửi ở lần đồng bộ tới.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="224" />
        <source>Đã gửi: {0} · Đã nhận: {1} · Bị từ chối: {2} · Còn chờ: {3}</source>
        <translation>Đã gửi: {0} · Đã nhận: {1} · Bị từ chối: {2} · Còn chờ: {3}</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="232" />
        <source>Đồng bộ xong.</source>
        <translation>Đồng bộ xong.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="234" />
        <source>Đồng bộ chưa xong: {0}</source>
        <translation>Đồng bộ chưa xong: {0}</translation>
    </message>
</context>
<context>
    <name>Users</name>
    <message>
        <location filename="../../ui/settings/users_tab.py" line="30" />
        <source>Cán bộ tiếp nhận</source>
        <translation>Cán bộ tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users_tab.py" line="31" />
        <source>Lãnh đạo</source>
        <translation>Lãnh đạo</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users_tab.py" line="32" />
        <source>Quản trị</source>
        <translation>Quản trị</translation>
    </message>
</context>
<context>
    <name>UsersTab</name>
    <message>
        <location filename="../../ui/settings/users_tab.py" line="60" />
        <location filename="../../ui/settings/users_tab.py" line="63" />
        <source>Thêm người dùng</source>
        <translation>Thêm người dùng</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users_tab.py" line="65" />
        <source>Tên đăng nhập</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users_tab.py" line="66" />
        <source>Họ và tên</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users_tab.py" line="67" />
        <source>Vai trò</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users_tab.py" line="68" />
        <source>Mật khẩu (ít nhất 8 ký tự)</source>
        <translation>Mật khẩu (ít nhất 8 ký tự)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users_tab.py" line="72" />
        <source>Đổi vai trò</source>
        <translation>Đổi vai trò</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users_tab.py" line="74" />
        <source>Khóa / mở khóa</source>
        <translation>Khóa / mở khóa</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users_tab.py" line="78" />
        <source>mật khẩu mới</source>
        <translation>mật khẩu mới</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users_tab.py" line="79" />
        <source>Đặt lại mật khẩu</source>
        <translation>Đặt lại mật khẩu</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users_tab.py" line="104" />
        <source>Đã thêm người dùng {0}</source>
        <translation>Đã thêm người dùng {0}</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users_tab.py" line="121" />
        <source>Chọn một người dùng trong danh sách</source>
        <translation>Chọn một người dùng trong danh sách</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users_tab.py" line="126" />
        <source>Đã cập nhật người dùng {0}</source>
        <translation>Đã cập nhật người dùng {0}</translation>
    </message>
</context>
<context>
    <name>Widgets</name>
    <message>
        <location filename="../../ui/widgets.py" line="13" />
        <source>Thứ Hai</source>
        <translation>Thứ Hai</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="14" />
        <source>Thứ Ba</source>
        <translation>Thứ Ba</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="15" />
        <source>Thứ Tư</source>
        <translation>Thứ Tư</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="16" />
        <source>Thứ Năm</source>
        <translation>Thứ Năm</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="17" />
        <source>Thứ Sáu</source>
        <translation>Thứ Sáu</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="18" />
        <source>Thứ Bảy</source>
        <translation>Thứ Bảy</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="19" />
        <source>Chủ nhật</source>
        <translation>Chủ nhật</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="78" />
        <source>Ngày '{0}' phải có dạng ngày/tháng/năm, ví dụ 05/09/1985</source>
        <translation>Ngày '{0}' phải có dạng ngày/tháng/năm, ví dụ 05/09/1985</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="84" />
        <source>Năm phải ghi đủ 4 chữ số, ví dụ 1985</source>
        <translation>Năm phải ghi đủ 4 chữ số, ví dụ 1985</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="89" />
        <source>Ngày {0} không có trong lịch</source>
        <translation>Ngày {0} không có trong lịch</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="96" />
        <source>Không có ngày hẹn trả cụ thể theo quy định</source>
        <translation>Không có ngày hẹn trả cụ thể theo quy định</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="97" />
        <source>{0} giờ {1} phút, {2}, ngày {3}</source>
        <translation>{0} giờ {1} phút, {2}, ngày {3}</translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="42" />
        <source>Hủy</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>self.window</name>
    <message>
        <location filename="../../ui/app.py" line="111" />
        <source>Một Cửa Xã đang được mở ở một cửa sổ khác trên máy này (hoặc bởi lệnh motcua). Hãy dùng cửa sổ đó, hoặc đóng nó rồi mở lại.

Chi tiết: {0}</source>
        <translation>Một Cửa Xã đang được mở ở một cửa sổ khác trên máy này (hoặc bởi lệnh motcua). Hãy dùng cửa sổ đó, hoặc đóng nó rồi mở lại.

Chi tiết: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="116" />
        <source>Không mở được dữ liệu</source>
        <translation>Không mở được dữ liệu</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="123" />
        <source>Đóng</source>
        <translation>Đóng</translation>
    </message>
</context>
</TS>