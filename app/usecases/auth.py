"""Sign-in for every front end: the GUI login page and the command line share accounts, roles and
the failure throttle (issue 8 §2)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.domain.clock import local
from app.services import users
from app.usecases.actor import Actor, bootstrap_actor

if TYPE_CHECKING:
    from app.desk import Desk


class SignInFailed(users.AuthError):
    """Wrong password, unknown or locked user, or throttled: exit 2, the attempt audited."""


def actor_of(info: users.UserInfo, source: str) -> Actor:
    return Actor(info.username, info.full_name, info.role, source)


def accounts_exist(desk: Desk) -> bool:
    with desk.read() as s:
        return users.count_users(s) > 0


def sign_in(desk: Desk, username: str, password: str, *, source: str = "gui") -> Actor:
    """The signed-in Actor, or ``SignInFailed``. The failed attempt and the failure count commit
    before the error is raised, so a script cannot hide its guesses by failing."""
    with desk.tx() as s:
        result = users.sign_in(s, username, password, source=source)
    if result.user is None:
        message = users.LOGIN_FAILED
        if result.reason == "throttled" and result.locked_until is not None:
            message += (
                f"; đã nhập sai {users.MAX_FAILURES} lần liên tiếp, "
                f"thử lại sau {local(result.locked_until):%H:%M}"
            )
        raise SignInFailed(message)
    return actor_of(result.user, source)


def bootstrap(desk: Desk, os_user: str) -> Actor | None:
    """The OS account as admin while no account exists; None once one does."""
    return None if accounts_exist(desk) else bootstrap_actor(os_user)


def first_run(desk: Desk, profile: dict[str, Any], admin: dict[str, str]) -> Actor:
    """The GUI wizard: office profile and the first admin in one transaction. Refused once any
    account exists (the wizard is not a way round the permission table)."""
    from app.services.office import OfficeProfile, save_profile

    actor = admin.get("username", "").strip().lower()[:60] or "setup"
    with desk.tx() as s:
        if users.count_users(s):
            raise users.AuthError("Đã có tài khoản: thiết lập lần đầu chỉ chạy khi chưa có tài khoản nào")
        save_profile(s, OfficeProfile(**profile), actor=actor)
        info = users.create_user(
            s, admin["username"], admin["full_name"], "admin", admin["password"], actor=actor
        )
    desk.invalidate_calendar()
    return actor_of(info, "gui")


def session_event(desk: Desk, actor: Actor, action: str, detail: str = "") -> None:
    """Lock/unlock/logout of the GUI session, audited."""
    from app.services.views import record_session_event

    with desk.tx() as s:
        record_session_event(s, actor.username, action, detail)
