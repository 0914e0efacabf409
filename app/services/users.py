"""Desk users, roles and passwords (scrypt from the standard library; no extra dependency)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.clock import now
from app.domain.text import nfc
from app.domain.validation import Issue, raise_for
from app.store import audit
from app.store.models import User
from app.usecases.permissions import permissions_of

ROLES = ("clerk", "leader", "admin")
ROLE_VI = {"clerk": "Cán bộ tiếp nhận", "leader": "Lãnh đạo", "admin": "Quản trị"}
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MIN_PASSWORD = 8


class AuthError(PermissionError):
    pass


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    b64 = base64.b64encode
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    got = hashlib.scrypt(
        password.encode("utf-8"), salt=base64.b64decode(salt), dklen=32, n=int(n), r=int(r), p=int(p)
    )
    return hmac.compare_digest(got, base64.b64decode(digest))


@dataclass(frozen=True)
class UserInfo:
    username: str
    full_name: str
    role: str
    active: bool

    def can(self, permission: str) -> bool:
        return self.active and permission in permissions_of(self.role)


def _info(u: User) -> UserInfo:
    return UserInfo(u.username, u.full_name, u.role, u.active)


def count_users(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(User)) or 0)


def list_users(session: Session) -> list[UserInfo]:
    return [_info(u) for u in session.scalars(select(User).order_by(User.username))]


def create_user(
    session: Session, username: str, full_name: str, role: str, password: str, *, actor: str
) -> UserInfo:
    uname = username.strip().lower()
    issues: list[Issue] = []
    if (
        not uname
        or not uname.replace(".", "").replace("_", "").replace("-", "").isalnum()
        or not uname.isascii()
    ):
        issues.append(
            Issue(
                "username",
                "format",
                "Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm, gạch dưới, gạch ngang",
            )
        )
    if not nfc(full_name):
        issues.append(Issue("full_name", "required", "Họ tên người dùng không được để trống"))
    if role not in ROLES:
        issues.append(Issue("role", "choice", f"Vai trò phải là một trong {', '.join(ROLES)}"))
    if len(password) < MIN_PASSWORD:
        issues.append(Issue("password", "length", f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự"))
    if uname and session.scalar(select(User.id).where(User.username == uname)) is not None:
        issues.append(Issue("username", "unique", f"Tên đăng nhập '{uname}' đã tồn tại"))
    raise_for(issues)
    u = User(
        username=uname,
        full_name=nfc(full_name),
        role=role,
        password_hash=hash_password(password),
        active=True,
        created_at=now(),
    )
    session.add(u)
    session.flush()
    audit.record(session, actor, "user.create", "user", uname, None, {"role": role, "full_name": u.full_name})
    return _info(u)


def set_user(
    session: Session,
    username: str,
    *,
    actor: str,
    role: str | None = None,
    active: bool | None = None,
    password: str | None = None,
) -> UserInfo:
    u = session.scalar(select(User).where(User.username == username.strip().lower()))
    if u is None:
        raise AuthError(f"Không có người dùng '{username}'")
    before = {"role": u.role, "active": u.active}
    if role is not None:
        if role not in ROLES:
            raise_for([Issue("role", "choice", f"Vai trò phải là một trong {', '.join(ROLES)}")])
        u.role = role
    if active is not None:
        u.active = active
    if password is not None:
        if len(password) < MIN_PASSWORD:
            raise_for([Issue("password", "length", f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự")])
        u.password_hash = hash_password(password)
    admins = session.scalar(
        select(func.count()).select_from(User).where(User.role == "admin", User.active.is_(True))
    )
    if not admins:
        raise AuthError("Phải còn ít nhất một quản trị viên đang hoạt động")
    audit.record(
        session,
        actor,
        "user.update",
        "user",
        u.username,
        before,
        {"role": u.role, "active": u.active, "password_changed": password is not None},
    )
    return _info(u)


# Throttle (issue 8 §2): after MAX_FAILURES consecutive failures the account refuses every
# sign-in, even with the right password, for LOCKOUT; the count lives in the store so the GUI and
# the CLI share it and a new process does not reset it.
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=5)


@dataclass(frozen=True)
class SignIn:
    """The outcome of one sign-in attempt (audited either way)."""

    user: UserInfo | None
    reason: str = ""  # "", "unknown", "inactive", "password", "throttled"
    locked_until: datetime | None = None


def sign_in(session: Session, username: str, password: str, *, source: str = "gui") -> SignIn:
    """Check a sign-in and count failures; the caller's transaction commits the audit row and
    the failure count even though the sign-in failed."""
    uname = username.strip().lower()
    u = session.scalar(select(User).where(User.username == uname)) if uname else None
    stamp = now()
    reason = ""
    if u is None:
        reason = "unknown"
    elif u.locked_until is not None and u.locked_until > stamp:
        reason = "throttled"
    elif not verify_password(password, u.password_hash):
        reason = "password"
    elif not u.active:
        reason = "inactive"
    detail: dict[str, object] = {"source": source, "reason": reason} if reason else {"source": source}
    if u is not None and reason in ("password", "throttled"):
        if reason == "password":
            u.failed_logins = (u.failed_logins or 0) + 1
            if u.failed_logins >= MAX_FAILURES:
                u.locked_until = stamp + LOCKOUT
        detail["failures"] = u.failed_logins
    elif u is not None and not reason and (u.failed_logins or u.locked_until is not None):
        u.failed_logins, u.locked_until = 0, None
    # Every failure is audited. A good GUI sign-in opens a session and is audited too; a good CLI
    # sign-in is not (each command that changes something audits itself), so a command refused
    # for its role leaves the store byte-identical.
    if reason or source != "cli":
        audit.record(
            session,
            (uname or "?")[:60],
            "login.fail" if reason else "login.ok",
            "user",
            uname[:60],
            None,
            detail,
        )
    if reason:
        return SignIn(None, reason, u.locked_until if u is not None else None)
    assert u is not None
    return SignIn(_info(u))


def clear_throttle(session: Session, username: str) -> None:
    u = session.scalar(select(User).where(User.username == username.strip().lower()))
    if u is not None:
        u.failed_logins, u.locked_until = 0, None


def authenticate(session: Session, username: str, password: str) -> UserInfo | None:
    """Check a login; the attempt is audited either way, so a failure returns None (not an
    exception) and the caller's transaction still commits the audit row."""
    return sign_in(session, username, password).user


LOGIN_FAILED = "Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị khóa"
