"""Qt's own user-visible strings (no qtbase_vi.qm ships with PySide6), by translation context.

Rendered into qt_vi.ts by update.sh; lrelease merges it with motcua_vi.ts into motcua_vi.qm.
"""

QT_STRINGS: dict[str, dict[str, str]] = {
    "QPlatformTheme": {
        "OK": "Đồng ý", "Save": "Lưu", "Save All": "Lưu tất cả", "Open": "Mở", "&Yes": "&Có",
        "Yes to &All": "Có với &tất cả", "&No": "&Không", "N&o to All": "Không với tất &cả",
        "Abort": "Hủy bỏ", "Retry": "Thử lại", "Ignore": "Bỏ qua", "Close": "Đóng", "Cancel": "Hủy",
        "Discard": "Không lưu", "Help": "Trợ giúp", "Apply": "Áp dụng", "Reset": "Đặt lại",
        "Restore Defaults": "Khôi phục mặc định",
    },
    "QMessageBox": {"Show Details...": "Xem chi tiết...", "Hide Details...": "Ẩn chi tiết...", "OK": "Đồng ý"},
    "QLineEdit": {
        "&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "&Cắt", "&Copy": "&Sao chép",
        "&Paste": "&Dán", "Delete": "Xóa", "Select All": "Chọn tất cả",
    },
    "QWidgetTextControl": {
        "&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "&Cắt", "&Copy": "&Sao chép",
        "&Paste": "&Dán", "Delete": "Xóa", "Select All": "Chọn tất cả",
        "Copy &Link Location": "Sao chép địa chỉ &liên kết",
    },
    "QUnicodeControlCharacterMenu": {"Insert Unicode control character": "Chèn ký tự điều khiển Unicode"},
    "QAbstractSpinBox": {"&Select All": "&Chọn tất cả", "&Step up": "&Tăng", "Step &down": "&Giảm"},
    "QWizard": {
        "Go Back": "Quay lại", "< &Back": "< &Quay lại", "Continue": "Tiếp tục", "&Next": "&Tiếp theo",
        "&Next >": "&Tiếp theo >", "Commit": "Xác nhận", "Done": "Xong", "&Finish": "&Hoàn tất",
        "Cancel": "Hủy", "Help": "Trợ giúp", "&Help": "&Trợ giúp",
    },
    "QFileDialog": {
        "Look in:": "Thư mục:", "File name:": "Tên tệp:", "Files of type:": "Loại tệp:", "&Save": "&Lưu",
        "&Open": "&Mở", "Cancel": "Hủy", "Back": "Lùi", "Forward": "Tiến", "Parent Directory": "Thư mục cha",
        "Create New Folder": "Tạo thư mục mới", "List View": "Dạng danh sách", "Detail View": "Dạng chi tiết",
        "My Computer": "Máy tính", "Computer": "Máy tính", "New Folder": "Thư mục mới",
        "All Files (*)": "Mọi tệp (*)", "Directories": "Thư mục", "Directory:": "Thư mục:",
        "Save As": "Lưu thành", "Open": "Mở", "Find Directory": "Chọn thư mục",
        "Show &hidden files": "Hiện tệp &ẩn", "&Delete": "&Xóa", "&Rename": "Đổi &tên",
        "&New Folder": "Thư mục &mới", "&Choose": "&Chọn", "Recent Places": "Nơi dùng gần đây",
        "Sidebar": "Thanh bên", "Files": "Tệp",
        "%1 already exists.\nDo you want to replace it?": "%1 đã có.\nBạn có muốn ghi đè không?",
    },
    "QFileSystemModel": {
        "Name": "Tên", "Size": "Kích thước", "Type": "Loại", "Date Modified": "Ngày sửa", "Kind": "Loại",
        "My Computer": "Máy tính", "Computer": "Máy tính",
    },
    "QTabBar": {"Scroll Left": "Cuộn sang trái", "Scroll Right": "Cuộn sang phải"},
    "QScrollBar": {
        "Scroll here": "Cuộn tới đây", "Left edge": "Mép trái", "Top": "Đầu", "Right edge": "Mép phải",
        "Bottom": "Cuối", "Page left": "Trang trái", "Page up": "Lên một trang", "Page right": "Trang phải",
        "Page down": "Xuống một trang", "Scroll left": "Cuộn trái", "Scroll up": "Cuộn lên",
        "Scroll right": "Cuộn phải", "Scroll down": "Cuộn xuống",
    },
    "QToolBar": {"Toolbar": "Thanh công cụ"},
    "QDockWidget": {"Float": "Tách ra", "Close": "Đóng"},
}
