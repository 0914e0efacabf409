"""The one permission table (role → operations). Every use case calls ``authorize`` first."""

from __future__ import annotations

from enum import StrEnum

from app.usecases.actor import Actor, PermissionDenied


class Permission(StrEnum):
    INTAKE = "intake"
    LIFECYCLE = "lifecycle"
    PRINT = "print"
    SEARCH = "search"
    SYNC = "sync"
    REPORT = "report"
    EXTEND = "extend"
    OVERRIDE_DUE = "override_due"
    USERS = "users"
    CATALOGUE = "catalogue"
    CALENDAR = "calendar"
    SETTINGS = "settings"
    BACKUP = "backup"
    RESTORE = "restore"
    CHECK = "check"
    REQUEUE = "requeue"
    # Personal data (Luật 91/2025/QH15): reading the access log and answering a citizen's request
    # for their data are a leader's duty; erasing a person is the admin's (issue 9).
    ACCESS_LOG = "access_log"
    PERSON_EXPORT = "person_export"
    PERSON_ERASE = "person_erase"


# Clerks receive, move, print and look up dossiers; leaders also report (and export), extend, move
# an appointment, enter an old paper dossier, back up and resend a rejected change; admins also
# keep accounts, the catalogue, the calendar and the office settings, and restore.
_CLERK = frozenset(
    {
        Permission.INTAKE,
        Permission.LIFECYCLE,
        Permission.PRINT,
        Permission.SEARCH,
        Permission.SYNC,
        Permission.CHECK,
    }
)
_LEADER = _CLERK | {
    Permission.REPORT,
    Permission.EXTEND,
    Permission.OVERRIDE_DUE,
    Permission.BACKUP,
    Permission.REQUEUE,
    Permission.ACCESS_LOG,
    Permission.PERSON_EXPORT,
}
_ADMIN = _LEADER | {
    Permission.USERS,
    Permission.CATALOGUE,
    Permission.CALENDAR,
    Permission.SETTINGS,
    Permission.RESTORE,
    Permission.PERSON_ERASE,
}

PERMISSIONS: dict[str, frozenset[Permission]] = {"clerk": _CLERK, "leader": _LEADER, "admin": _ADMIN}

ROLE_NAMES_VI = {"clerk": "cán bộ tiếp nhận", "leader": "lãnh đạo", "admin": "quản trị"}


def permissions_of(role: str) -> frozenset[Permission]:
    return PERMISSIONS.get(role, frozenset())


def authorize(actor: Actor, permission: Permission) -> None:
    """Raise ``PermissionDenied`` (Vietnamese message naming the role and the operation)."""
    if permission not in permissions_of(actor.role):
        role = ROLE_NAMES_VI.get(actor.role, actor.role)
        raise PermissionDenied(
            f"tài khoản '{actor.username}' (vai trò {role}) không có quyền thực hiện thao tác '{permission}'"
        )
