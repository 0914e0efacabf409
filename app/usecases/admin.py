"""Administration: accounts, the procedure catalogue, the work calendar, the office settings.

Rules (issue 8 §2, §7): only an admin keeps accounts (so a clerk cannot create an admin); while
the store has no account, the first one created must be an admin; the unit code cannot change
once dossiers exist (their codes, printed on citizens' slips, carry it).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.usecases.actor import Actor
from app.usecases.permissions import Permission, authorize

if TYPE_CHECKING:
    from app.desk import Desk

MAX_CALENDAR_SPAN_DAYS = 3660
MAX_DEMO = 1_000_000


# -- accounts ------------------------------------------------------------------------------------


def list_users(desk: Desk, actor: Actor) -> list[dict[str, Any]]:
    from app.services.users import list_users as run_list

    authorize(actor, Permission.USERS)
    with desk.read() as s:
        return [asdict(u) for u in run_list(s)]


def create_user(
    desk: Desk, actor: Actor, username: str, full_name: str, role: str, password: str
) -> dict[str, Any]:
    from app.domain.validation import Issue, raise_for
    from app.services import users

    authorize(actor, Permission.USERS)
    with desk.tx() as s:
        if users.count_users(s) == 0 and role != "admin":
            raise_for(
                [
                    Issue(
                        "role",
                        "first_admin",
                        "Tài khoản đầu tiên phải là quản trị viên (--role admin): "
                        "nếu không, không còn ai quản lý được tài khoản",
                    )
                ]
            )
        return asdict(users.create_user(s, username, full_name, role, password, actor=actor.username))


def set_user(
    desk: Desk,
    actor: Actor,
    username: str,
    *,
    role: str | None = None,
    active: bool | None = None,
    password: str | None = None,
) -> dict[str, Any]:
    from app.services import users

    authorize(actor, Permission.USERS)
    with desk.tx() as s:
        info = users.set_user(s, username, actor=actor.username, role=role, active=active, password=password)
        if password is not None or active:
            users.clear_throttle(s, info.username)  # a reset password (or unlock) starts afresh
        return asdict(info)


# -- catalogue -----------------------------------------------------------------------------------


def import_catalogue(desk: Desk, actor: Actor, path: Path) -> dict[str, Any]:
    """Parse first (every bad row reported at once), then store in one transaction."""
    from app.domain.catalogue import parse_catalogue
    from app.services import catalogue_store

    authorize(actor, Permission.CATALOGUE)
    records = parse_catalogue(Path(path))
    with desk.tx() as s:
        result = catalogue_store.upsert(s, records, actor=actor.username, origin=f"import:{Path(path).name}")
    out = result.as_json()
    out.setdefault("records", len(records))
    return out


# -- calendar ------------------------------------------------------------------------------------


def calendar_days(
    desk: Desk, actor: Actor, start: date, end: date, *, all_days: bool = False
) -> list[dict[str, Any]]:
    from app.reports.periods import PeriodError

    authorize(actor, Permission.SEARCH)
    if end < start:
        raise PeriodError("--to phải sau hoặc bằng --from")
    if (end - start).days > MAX_CALENDAR_SPAN_DAYS:
        raise PeriodError("khoảng ngày tối đa 10 năm")
    cal = desk.calendar()
    rows = []
    d = start
    while d <= end:
        kind = cal.day_kind(d)
        if all_days or kind.value != "working":
            rows.append({"day": d.isoformat(), "kind": kind.value, "name": cal.day_name(d) or ""})
        d += timedelta(days=1)
    return rows


def calendar_month(desk: Desk, actor: Actor, year: int, month_no: int) -> list[dict[str, Any]]:
    from app.services.calendar_store import overrides

    authorize(actor, Permission.CALENDAR)
    cal = desk.calendar()
    with desk.read() as s:
        origin = {o.day: o.origin for o in overrides(s)}
    return [
        {"day": d, "kind": kind.value, "name": name or "", "origin": origin.get(d, "")}
        for d, kind, name in cal.month_view(year, month_no)
    ]


def set_calendar_day(
    desk: Desk, actor: Actor, day: date, kind: str | None, *, name: str = "", source: str = ""
) -> dict[str, Any]:
    from app.domain.validation import raise_for
    from app.services import limits
    from app.services.calendar_store import set_day

    authorize(actor, Permission.CALENDAR)
    raise_for([*limits.check_text("name", name, 200), *limits.check_text("source", source, 500)])
    with desk.tx() as s:
        change = set_day(s, day, kind, name=name, source=source, origin="admin", actor=actor.username)
    desk.invalidate_calendar()
    return {"day": change.day, "kind": change.kind, "before": change.before}


# -- office settings -----------------------------------------------------------------------------


def office_profile(desk: Desk) -> dict[str, Any] | None:
    """The office profile (no personal data; the token masked): open to every signed-in screen."""
    from app.services.office import profile_of

    row = desk.office()
    if row is None:
        return None
    out = asdict(profile_of(row))
    return out


def save_office(desk: Desk, actor: Actor, changes: dict[str, Any]) -> dict[str, Any]:
    """Create or update the office profile from ``changes`` (the fields to set).

    The unit code is refused once dossiers exist: their codes and the hub's records carry it.
    """
    from sqlalchemy import func, select

    from app.domain.validation import Issue, raise_for
    from app.services import limits
    from app.services.office import OfficeProfile, profile_of, save_profile
    from app.store.models import Dossier, Office

    authorize(actor, Permission.SETTINGS)
    issues = []
    for key, value in changes.items():
        if isinstance(value, str):
            issues += limits.check_text(key, value, 500)
    raise_for(issues)
    with desk.tx() as s:
        row = s.get(Office, 1)
        if row is not None:
            profile = profile_of(row)
        else:
            profile = OfficeProfile(changes.get("unit_code", ""), changes.get("office_name", ""))
        for key, value in changes.items():
            setattr(profile, key, value)
        new_unit = profile.unit_code.strip().upper()
        if row is not None and new_unit != row.unit_code:
            count = s.scalar(select(func.count()).select_from(Dossier)) or 0
            if count:
                raise_for(
                    [
                        Issue(
                            "unit_code",
                            "locked",
                            f"Không đổi được mã định danh đơn vị ({row.unit_code} → {new_unit}): đã có "
                            f"{count} hồ sơ mang mã này; mã định danh chỉ đặt một lần khi thiết lập",
                        )
                    ]
                )
        saved = asdict(profile_of(save_profile(s, profile, actor=actor.username)))
    desk.invalidate_calendar()
    return saved


# -- tools ---------------------------------------------------------------------------------------


DEMO_TOOL = "demo-data"
# The actor demo rows are written under (marked in tool_marker): never a real person's name, so a
# later real intake by the same OS account is never mistaken for demo data.
DEMO_ACTOR = "tool:demo-data"


def demo_data(
    desk: Desk,
    actor: Actor,
    count: int,
    *,
    days: int | None = None,
    seed: int = 2026,
    progress: Any = None,
) -> int:
    """Bulk invented dossiers (benchmarks, training): an admin's tool; returns how many were made."""
    from app.domain.validation import Issue, raise_for
    from app.services.demo import generate

    authorize(actor, Permission.SETTINGS)
    if not 1 <= count <= MAX_DEMO:
        raise_for(
            [Issue("count", "range", f"Số hồ sơ mẫu (--count) phải từ 1 đến {MAX_DEMO} (đang là {count})")]
        )
    if days is not None and not 1 <= days <= 3650:
        raise_for([Issue("days", "range", f"Số ngày (--days) phải từ 1 đến 3650 (đang là {days})")])
    from app.services import tools

    office = desk.require_office()
    calendar = desk.calendar()
    with desk.tx() as s:
        # Tools never touch real data (issue 8 §3): refuse a store with accounts or dossiers the
        # tool did not make, inside the same transaction that would write.
        tools.check_session(s, DEMO_TOOL)
        tools.mark_generator(s, DEMO_TOOL, DEMO_ACTOR)
        return generate(
            s,
            count,
            office=office,
            calendar=calendar,
            actor=DEMO_ACTOR,
            days=days,
            seed=seed,
            progress=progress,
        )
