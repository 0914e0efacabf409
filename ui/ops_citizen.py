"""Operations of issue 12 run on the DB worker: plain values in, plain data out (like ui/ops.py).

Each goes through the use cases in app/usecases/citizen.py with the signed-in clerk as the
``Actor``; the permission and the rules are checked there, never only on the screen.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ui.ops import User, actor_of


def scan_person(desk: Any, user: User | None, payload: str) -> dict[str, Any]:
    """Parse a scanned CCCD QR and complete it from the citizen's earlier record."""
    from app.domain.cccd import parse
    from app.usecases.citizen import applicant_from_scan

    return applicant_from_scan(desk, actor_of(user), parse(payload))


def rate(desk: Any, user: User | None, code: str, level: int, comment: str = "") -> dict[str, Any]:
    from app.usecases.citizen import rate as run

    return run(desk, actor_of(user), code, level, comment=comment)


def feedback_list(desk: Any, user: User | None, status: str = "all") -> list[dict[str, Any]]:
    from app.usecases.citizen import list_feedback

    return list_feedback(desk, actor_of(user), status=status)


def feedback_add(
    desk: Any, user: User | None, text: str, *, kind: str, dossier_code: str, contact: str
) -> dict[str, Any]:
    from app.usecases.citizen import add_feedback

    return add_feedback(desk, actor_of(user), text, kind=kind, dossier_code=dossier_code, contact=contact)


def feedback_answer(desk: Any, user: User | None, feedback_id: int, text: str) -> dict[str, Any]:
    from app.usecases.citizen import answer_feedback

    return answer_feedback(desk, actor_of(user), feedback_id, text)


def index766(desk: Any, user: User | None, start: date, end: date) -> dict[str, Any]:
    from app.usecases.citizen import index766 as run

    return run(desk, actor_of(user), start, end)


def can_answer_feedback(user: User | None) -> bool:
    from app.usecases.permissions import Permission, permissions_of

    return user is not None and Permission.FEEDBACK_ANSWER in permissions_of(user.role)


def postal_book(desk: Any, user: User | None, day: date) -> dict[str, Any]:
    from app.usecases.citizen import postal_handover

    return postal_handover(desk, actor_of(user), day)


def postal_hand(desk: Any, user: User | None, code: str, tracking: str) -> dict[str, Any]:
    from app.usecases.citizen import postal_hand as run

    return run(desk, actor_of(user), code, tracking)


def postal_book_pdf(desk: Any, user: User | None, day: date, path: Any) -> str:
    from app.reports.postal import to_pdf
    from app.store.atomic import atomic_write_bytes
    from app.usecases.citizen import postal_handover

    atomic_write_bytes(path, to_pdf(postal_handover(desk, actor_of(user), day)))
    return str(path)
