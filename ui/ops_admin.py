"""Operations of the admin settings (users, catalogue, calendar, office), run on the DB worker.

Thin adapters over app/usecases/admin.py, which checks the permission table and the rules.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the desk seam, typed without importing the store at run time
    from app.desk import Desk

from app.usecases.actor import Actor


def users(desk: Desk, *, actor: Actor) -> list[dict[str, Any]]:
    from app.usecases import admin

    return admin.list_users(desk, actor)


def create_user(
    desk: Any, username: str, full_name: str, role: str, password: str, *, actor: Actor
) -> dict[str, Any]:
    from app.usecases import admin

    return admin.create_user(desk, actor, username, full_name, role, password)


def set_user(
    desk: Desk,
    username: str,
    *,
    actor: Actor,
    role: str | None = None,
    active: bool | None = None,
    password: str | None = None,
) -> dict[str, Any]:
    from app.usecases import admin

    return admin.set_user(desk, actor, username, role=role, active=active, password=password)


def import_catalogue(desk: Desk, path: Path, *, actor: Actor) -> dict[str, Any]:
    from app.usecases import admin

    return admin.import_catalogue(desk, actor, Path(path))


def month(desk: Desk, year: int, month_no: int, *, actor: Actor) -> list[dict[str, Any]]:
    from app.usecases import admin

    return admin.calendar_month(desk, actor, year, month_no)


def set_day(desk: Desk, day: date, kind: str | None, *, name: str, actor: Actor) -> dict[str, Any]:
    from app.usecases import admin

    return admin.set_calendar_day(desk, actor, day, kind, name=name, source="Quản trị viên sửa trên máy trạm")


def save_office(desk: Desk, changes: dict[str, Any], *, actor: Actor) -> dict[str, Any]:
    """Apply the edited fields onto the stored profile (validated as a whole by the use case)."""
    from app.usecases import admin

    return admin.save_office(desk, actor, changes)


def direct_link(desk: Desk) -> dict[str, Any]:
    from app.usecases.fallback import fallback_settings

    return fallback_settings(desk)


def save_direct_link(desk: Desk, changes: dict[str, Any], *, actor: Actor) -> dict[str, Any]:
    """The province address, token and wait of the direct link (app/usecases/fallback.py)."""
    from app.usecases.fallback import set_fallback

    return set_fallback(desk, actor, **changes)
