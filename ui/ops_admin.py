"""Operations of the admin settings (users, catalogue, calendar, office), run on the DB worker."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the desk seam, typed without importing the store at run time
    from app.desk import Desk


def users(desk: Desk) -> list[dict[str, Any]]:
    from app.services.users import list_users

    with desk.read() as s:
        return [asdict(u) for u in list_users(s)]


def create_user(
    desk: Desk, username: str, full_name: str, role: str, password: str, *, actor: str
) -> dict[str, Any]:
    from app.services.users import create_user as create

    with desk.tx() as s:
        return asdict(create(s, username, full_name, role, password, actor=actor))


def set_user(
    desk: Desk,
    username: str,
    *,
    actor: str,
    role: str | None = None,
    active: bool | None = None,
    password: str | None = None,
) -> dict[str, Any]:
    from app.services.users import set_user as update

    with desk.tx() as s:
        return asdict(update(s, username, actor=actor, role=role, active=active, password=password))


def import_catalogue(desk: Desk, path: Path, *, actor: str) -> dict[str, Any]:
    """Parse first (every bad row reported at once), then store in one transaction."""
    from app.domain.catalogue import parse_catalogue
    from app.services import catalogue_store

    records = parse_catalogue(path)
    with desk.tx() as s:
        return catalogue_store.upsert(s, records, actor=actor, origin=f"import:{Path(path).name}").as_json()


def month(desk: Desk, year: int, month_no: int) -> list[dict[str, Any]]:
    from app.services.calendar_store import overrides

    cal = desk.calendar()
    with desk.read() as s:
        origin = {o.day: o.origin for o in overrides(s)}
    return [
        {"day": d, "kind": kind.value, "name": name or "", "origin": origin.get(d, "")}
        for d, kind, name in cal.month_view(year, month_no)
    ]


def set_day(desk: Desk, day: date, kind: str | None, *, name: str, actor: str) -> dict[str, Any]:
    from app.services.calendar_store import set_day as store_day

    with desk.tx() as s:
        change = store_day(s, day, kind, name=name, source="Quản trị viên sửa trên máy trạm", actor=actor)
    desk.invalidate_calendar()
    return {"day": change.day, "kind": change.kind, "before": change.before}


def save_office(desk: Desk, changes: dict[str, Any], *, actor: str) -> dict[str, Any]:
    """Apply the edited fields onto the stored profile (validated as a whole by the service)."""
    from app.services.office import profile_of, save_profile

    profile = profile_of(desk.require_office())
    for key, value in changes.items():
        setattr(profile, key, value)
    with desk.tx() as s:
        saved = asdict(profile_of(save_profile(s, profile, actor=actor)))
    desk.invalidate_calendar()
    return saved
