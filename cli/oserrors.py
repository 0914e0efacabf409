"""OS errors in Vietnamese (issue 8 §10): the system's English errno text means nothing to a clerk."""

from __future__ import annotations

import errno

_VI = {
    errno.ENOENT: "không tìm thấy tệp hoặc thư mục",
    errno.EACCES: "không có quyền truy cập",
    errno.EPERM: "hệ điều hành không cho phép thao tác này",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ cho đọc, không ghi được",
    errno.EISDIR: "đây là một thư mục, không phải tệp",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.EEXIST: "tệp đã tồn tại",
    errno.EBUSY: "tệp đang được chương trình khác dùng",
    errno.ENAMETOOLONG: "tên tệp hoặc đường dẫn quá dài",
    errno.EIO: "lỗi đọc/ghi của thiết bị lưu trữ",
    errno.EMFILE: "mở quá nhiều tệp cùng lúc",
    errno.EXDEV: "không chuyển được tệp sang ổ đĩa khác",
    errno.EINVAL: "tên tệp hoặc tham số không hợp lệ",
    errno.ETIMEDOUT: "hết thời gian chờ",
    errno.ECONNREFUSED: "máy đích từ chối kết nối",
}


def vietnamese_os_error(exc: OSError) -> str:
    """One line naming what failed, where, and why, in Vietnamese (the errno number kept for support)."""
    why = _VI.get(exc.errno or -1, "lỗi hệ điều hành")
    where = f" '{exc.filename}'" if exc.filename else ""
    if exc.filename2:
        where += f" → '{exc.filename2}'"
    code = f" (mã lỗi {errno.errorcode.get(exc.errno, exc.errno)})" if exc.errno else ""
    return f"không thực hiện được thao tác với tệp{where}: {why}{code}"
