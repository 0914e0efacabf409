"""The authenticated person (or system process) on whose behalf a use case runs."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

ROLES = ("clerk", "leader", "admin")
SOURCES = ("gui", "cli", "sync", "system")
# Events, audit rows and the hub store the actor's username; the narrowest column holds 60
# characters (dossier.received_by). Longer names used to reach the hub and stall the queue.
USERNAME_MAX = 60
FULL_NAME_MAX = 200


class PermissionDenied(Exception):
    """The actor's role does not allow the operation (a user-facing error: exit 2, nothing stored)."""


def _bad_text(value: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in value)


@dataclass(frozen=True)
class Actor:
    """Who acts. ``username`` is what audit rows, events and the access log record.

    ``source`` says through which front end the actor came (``gui``, ``cli``, ``sync``, ``system``);
    ``system`` actors (migrations, sync applying upstream updates) never come from a sign-in and
    are created only by the core itself. An Actor is validated when made (issue 8 §7: the desk
    validates the actor before storing anything): a name too long for its columns, or holding
    control characters, is refused here rather than by the hub after it was queued.
    """

    username: str
    full_name: str
    role: str
    source: str = "gui"

    def __post_init__(self) -> None:
        problems = []
        if not self.username or len(self.username) > USERNAME_MAX or _bad_text(self.username):
            problems.append(f"tên người thực hiện phải có 1–{USERNAME_MAX} ký tự, không có ký tự điều khiển")
        if len(self.full_name) > FULL_NAME_MAX or _bad_text(self.full_name):
            problems.append(f"họ tên người thực hiện tối đa {FULL_NAME_MAX} ký tự, không có ký tự điều khiển")
        if self.role not in ROLES:
            problems.append(f"vai trò '{self.role}' không hợp lệ ({', '.join(ROLES)})")
        if self.source not in SOURCES:
            problems.append(f"nguồn '{self.source}' không hợp lệ")
        if problems:
            raise PermissionDenied("người thực hiện không hợp lệ: " + "; ".join(problems))

    @property
    def label(self) -> str:
        return self.full_name or self.username


def bootstrap_actor(os_user: str) -> Actor:
    """The OS account acting as admin while the store has no account yet (issue 8 §2)."""
    clean = "".join(ch for ch in os_user if not _bad_text(ch)).strip() or "unknown"
    name = f"cli:{clean}"[:USERNAME_MAX]
    return Actor(name, f"Tài khoản hệ điều hành {clean}"[:FULL_NAME_MAX], "admin", "cli")
