"""Dossier statuses, the allowed transitions and on-time classification.

Local statuses map 1:1 onto the national portal's TrangThaiHoSo codes (domain.md §3.1). This is
the one module that knows which transition is legal; an illegal one is an error, never a fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from app.domain.clock import local
from app.domain.vocab import EVENT_FOR, Status

__all__ = ["EVENT_FOR", "Status"]  # re-exported: the vocabulary lives in app.domain.vocab


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
    PAUSED = "paused"  # Chờ bổ sung: the clock stands still while the citizen has the papers
    WITHDRAWN = "withdrawn"  # Rút hồ sơ: closed without a result, neither on time nor late
    STOPPED = "stopped"  # Dừng giải quyết: closed without a result
    NOT_APPLICABLE = "n/a"  # refused, or an online submission not yet accepted


TIMELINESS_VI = {
    Timeliness.EARLY: "Trước hạn",
    Timeliness.ON_TIME: "Đúng hạn",
    Timeliness.LATE: "Quá hạn",
    Timeliness.WITHIN: "Trong hạn",
    Timeliness.OVERDUE: "Quá hạn",
    Timeliness.PAUSED: "Chờ bổ sung",
    Timeliness.WITHDRAWN: "Đã rút",
    Timeliness.STOPPED: "Dừng giải quyết",
    Timeliness.NOT_APPLICABLE: "",
}


def classify(
    status: Status | str,
    due_at: datetime | None,
    finished_at: datetime | None,
    at: datetime,
    *,
    paused_at: datetime | None = None,
) -> Timeliness:
    """On-time classification: THE one definition, used by the queue, the dossier view, the
    control sheet and Biểu 06 (issue 8 §8 "Overdue"; design.md "Dossier lifecycle").

    - Finished (result ready): before the due day → early; on the due day → on time; after → late.
    - Still open: within time or overdue at ``at``. A dossier waiting for the citizen's
      supplement is judged at the moment the clock stopped (``paused_at``, the request): the
      time the citizen holds the papers does not run the clock (domain.md §4.1, the same rule
      the QĐ 766 index uses). It is overdue only if it was already late when the request went out.
    - Withdrawn and stopped dossiers ended without a result: classified as such, never as
      resolved on time (issue 11). Refused and not-yet-accepted dossiers are not classified.
    - No legal time limit (``due_at`` None): never late.

    By calendar day, as the Biểu 06 columns are defined: anything on the due day is on time,
    whatever the hour printed on the appointment (domain.md §4.1).
    """
    st = Status(status)
    if st in (Status.REFUSED, Status.SUBMITTED):
        return Timeliness.NOT_APPLICABLE
    if st is Status.WITHDRAWN:
        return Timeliness.WITHDRAWN
    if st is Status.STOPPED:
        return Timeliness.STOPPED
    if st in OPEN_STATUSES:
        if due_at is None:
            return Timeliness.PAUSED if st is Status.SUPPLEMENT_REQUESTED else Timeliness.WITHIN
        if st is Status.SUPPLEMENT_REQUESTED:
            stopped_at = paused_at if paused_at is not None else at
            late = local(stopped_at).date() > local(due_at).date()
            return Timeliness.OVERDUE if late else Timeliness.PAUSED
        return Timeliness.OVERDUE if local(at).date() > local(due_at).date() else Timeliness.WITHIN
    end = finished_at or at
    if due_at is None:
        return Timeliness.ON_TIME
    end_day, due_day = local(end).date(), local(due_at).date()
    if end_day > due_day:
        return Timeliness.LATE
    if end_day < due_day:
        return Timeliness.EARLY
    return Timeliness.ON_TIME


def is_overdue(t: Timeliness) -> bool:
    return t in (Timeliness.OVERDUE, Timeliness.LATE)


# ---- the dossier as it stood at a past moment (reports are computed from the event log) ----


class EventLike(Protocol):
    at: datetime
    kind: str
    to_status: str | None
    due_after: datetime | None


# Statuses that mean the desk accepted the dossier (the clock started): an online submission
# counts as "nhận giải quyết" from its acceptance, not from its submission.
ACCEPTED = frozenset(
    {Status.RECEIVED, Status.IN_PROGRESS, Status.AWAITING_PAYMENT, Status.RESOLVED, Status.RETURNED}
)


@dataclass(frozen=True)
class StateAt:
    """What the event log says about a dossier as of one moment (Biểu 06 period end)."""

    status: Status
    due_at: datetime | None
    accepted_at: datetime | None  # first move into an accepted status
    finished_at: datetime | None  # first result (resolved, or returned when pulled straight)
    closed_at: datetime | None  # withdrawn / stopped / refused
    paused_at: datetime | None  # the supplement request the dossier is still waiting on

    def timeliness(self, at: datetime) -> Timeliness:
        return classify(self.status, self.due_at, self.finished_at, at, paused_at=self.paused_at)


def state_at(events: Iterable[EventLike], moment: datetime) -> StateAt | None:
    """Replay ``events`` (in the order they were appended) up to ``moment`` inclusive.

    Every event stores the status and due date after it (``to_status``, ``due_after``), so the
    last one before ``moment`` gives both. None when the dossier did not exist yet.
    """
    status: Status | None = None
    due: datetime | None = None
    accepted = finished = closed = paused = None
    for ev in events:
        if ev.at > moment:
            break
        if ev.to_status:
            new = Status(ev.to_status)
            if new is Status.SUPPLEMENT_REQUESTED and status is not Status.SUPPLEMENT_REQUESTED:
                paused = ev.at
            elif new is not Status.SUPPLEMENT_REQUESTED:
                paused = None
            if new in ACCEPTED and accepted is None:
                accepted = ev.at
            if new in (Status.RESOLVED, Status.RETURNED) and finished is None:
                finished = ev.at
            if new in (Status.WITHDRAWN, Status.STOPPED, Status.REFUSED) and closed is None:
                closed = ev.at
            status = new
        due = ev.due_after
    if status is None:
        return None
    return StateAt(status, due, accepted, finished, closed, paused)
