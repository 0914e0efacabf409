"""Dossier statuses, the allowed transitions and on-time classification.

Local statuses map 1:1 onto the national portal's TrangThaiHoSo codes (domain.md §3.1). This is
the one module that knows which transition is legal; an illegal one is an error, never a fix.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from app.domain.clock import local


class Status(StrEnum):
    SUBMITTED = "submitted"
    RECEIVED = "received"
    REFUSED = "refused"
    IN_PROGRESS = "in_progress"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    AWAITING_PAYMENT = "awaiting_payment"
    WITHDRAWN = "withdrawn"
    STOPPED = "stopped"
    RESOLVED = "resolved"
    RETURNED = "returned"


PORTAL_CODE: dict[Status, int] = {
    Status.SUBMITTED: 1,
    Status.RECEIVED: 2,
    Status.REFUSED: 3,
    Status.IN_PROGRESS: 4,
    Status.SUPPLEMENT_REQUESTED: 5,
    Status.AWAITING_PAYMENT: 6,
    Status.WITHDRAWN: 7,
    Status.STOPPED: 8,
    Status.RESOLVED: 9,
    Status.RETURNED: 10,
}

LABEL_VI: dict[Status, str] = {
    Status.SUBMITTED: "Mới đăng ký (trực tuyến)",
    Status.RECEIVED: "Đã tiếp nhận",
    Status.REFUSED: "Từ chối tiếp nhận",
    Status.IN_PROGRESS: "Đang xử lý",
    Status.SUPPLEMENT_REQUESTED: "Yêu cầu bổ sung",
    Status.AWAITING_PAYMENT: "Chờ thực hiện nghĩa vụ tài chính",
    Status.WITHDRAWN: "Công dân rút hồ sơ",
    Status.STOPPED: "Dừng xử lý",
    Status.RESOLVED: "Đã có kết quả",
    Status.RETURNED: "Đã trả kết quả",
}

TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.SUBMITTED: frozenset(
        {Status.RECEIVED, Status.REFUSED, Status.SUPPLEMENT_REQUESTED, Status.WITHDRAWN}
    ),
    Status.RECEIVED: frozenset(
        {
            Status.IN_PROGRESS,
            Status.SUPPLEMENT_REQUESTED,
            Status.AWAITING_PAYMENT,
            Status.RESOLVED,
            Status.WITHDRAWN,
            Status.STOPPED,
        }
    ),
    Status.IN_PROGRESS: frozenset(
        {
            Status.SUPPLEMENT_REQUESTED,
            Status.AWAITING_PAYMENT,
            Status.RESOLVED,
            Status.WITHDRAWN,
            Status.STOPPED,
        }
    ),
    # Papers back: the dossier goes on being processed (event 'supplement_received').
    Status.SUPPLEMENT_REQUESTED: frozenset(
        {Status.RECEIVED, Status.IN_PROGRESS, Status.WITHDRAWN, Status.STOPPED, Status.REFUSED}
    ),
    Status.AWAITING_PAYMENT: frozenset(
        {Status.IN_PROGRESS, Status.RESOLVED, Status.WITHDRAWN, Status.STOPPED}
    ),
    Status.RESOLVED: frozenset({Status.RETURNED}),
    Status.REFUSED: frozenset(),
    Status.WITHDRAWN: frozenset(),
    Status.STOPPED: frozenset(),
    Status.RETURNED: frozenset(),
}

OPEN_STATUSES = frozenset(
    {
        Status.SUBMITTED,
        Status.RECEIVED,
        Status.IN_PROGRESS,
        Status.SUPPLEMENT_REQUESTED,
        Status.AWAITING_PAYMENT,
    }
)
# Statuses in which the clock runs toward the appointment.
CLOCK_RUNNING = frozenset({Status.RECEIVED, Status.IN_PROGRESS, Status.AWAITING_PAYMENT})
# An extension (apology letter, new date) is possible while the dossier is still being worked on.
EXTENDABLE = frozenset(
    {Status.RECEIVED, Status.IN_PROGRESS, Status.SUPPLEMENT_REQUESTED, Status.AWAITING_PAYMENT}
)
# Transitions that need a written reason (refusal form, stop notice, supplement list, withdrawal).
NEEDS_REASON = frozenset({Status.REFUSED, Status.STOPPED, Status.SUPPLEMENT_REQUESTED, Status.WITHDRAWN})

EVENT_FOR: dict[Status, str] = {
    Status.SUBMITTED: "submitted",
    Status.RECEIVED: "received",
    Status.REFUSED: "refused",
    Status.IN_PROGRESS: "handed_over",
    Status.SUPPLEMENT_REQUESTED: "supplement_requested",
    Status.AWAITING_PAYMENT: "payment_requested",
    Status.WITHDRAWN: "withdrawn",
    Status.STOPPED: "stopped",
    Status.RESOLVED: "resolved",
    Status.RETURNED: "returned",
}

EVENT_LABEL_VI: dict[str, str] = {
    "submitted": "Nộp trực tuyến",
    "received": "Tiếp nhận hồ sơ",
    "refused": "Từ chối tiếp nhận",
    "handed_over": "Chuyển xử lý",
    "supplement_requested": "Yêu cầu bổ sung",
    "supplement_received": "Nhận hồ sơ bổ sung",
    "payment_requested": "Yêu cầu thực hiện nghĩa vụ tài chính",
    "withdrawn": "Công dân rút hồ sơ",
    "stopped": "Dừng xử lý",
    "resolved": "Có kết quả",
    "returned": "Trả kết quả",
    "extended": "Xin lỗi và hẹn lại ngày trả",
    "edited": "Sửa thông tin tiếp nhận",
    "printed": "In phiếu",
    "handed_to_post": "Giao bưu điện chuyển trả kết quả",
    "upstream": "Cập nhật từ cơ quan xử lý",
}


class TransitionError(ValueError):
    pass


def parse_status(text: str) -> Status:
    try:
        return Status(text.strip().lower())
    except ValueError as exc:
        names = ", ".join(s.value for s in Status)
        raise TransitionError(f"Trạng thái '{text}' không hợp lệ; dùng một trong: {names}") from exc


def check_transition(current: Status, target: Status) -> None:
    if target not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(s.value for s in TRANSITIONS[current])) or "không có (trạng thái cuối)"
        raise TransitionError(
            f"Không thể chuyển hồ sơ từ '{current.value}' ({LABEL_VI[current]}) sang "
            f"'{target.value}' ({LABEL_VI[target]}); được phép: {allowed}"
        )


class Timeliness(StrEnum):
    EARLY = "early"  # Trước hạn
    ON_TIME = "on_time"  # Đúng hạn
    LATE = "late"  # Quá hạn
    WITHIN = "within"  # Trong hạn (still open)
    OVERDUE = "overdue"  # Quá hạn (still open)
    NOT_APPLICABLE = "n/a"  # refused, or withdrawn before any result


TIMELINESS_VI = {
    Timeliness.EARLY: "Trước hạn",
    Timeliness.ON_TIME: "Đúng hạn",
    Timeliness.LATE: "Quá hạn",
    Timeliness.WITHIN: "Trong hạn",
    Timeliness.OVERDUE: "Quá hạn",
    Timeliness.NOT_APPLICABLE: "",
}


def classify(
    status: Status | str,
    due_at: datetime | None,
    finished_at: datetime | None,
    at: datetime,
) -> Timeliness:
    """On-time classification shared by the screens and the Biểu 06 report.

    Finished (result ready) before the due day → early; on the due day → on time; after → late.
    Still open: within time or overdue at ``at``. A dossier with no legal time limit is never
    late. Withdrawn/stopped dossiers count as finished on time (a provincial 06a practice,
    domain.md §4.1) when they ended before their due date.
    """
    st = Status(status)
    if st in (Status.REFUSED, Status.SUBMITTED):
        return Timeliness.NOT_APPLICABLE
    # By calendar day, as the Biểu 06 columns are defined: anything on the due day is on time,
    # whatever the hour printed on the appointment (domain.md §4.1).
    if st in OPEN_STATUSES:
        if due_at is None:
            return Timeliness.WITHIN
        return Timeliness.OVERDUE if local(at).date() > local(due_at).date() else Timeliness.WITHIN
    end = finished_at or at
    if due_at is None:
        return Timeliness.ON_TIME
    end_day, due_day = local(end).date(), local(due_at).date()
    if end_day > due_day:
        return Timeliness.LATE
    if end_day < due_day and st not in (Status.WITHDRAWN, Status.STOPPED):
        return Timeliness.EARLY
    return Timeliness.ON_TIME
