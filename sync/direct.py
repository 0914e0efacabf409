"""Straight to the province while the office hub is down (issue 10, docs/office-hub.md "Degraded").

A desk of an office hub syncs with that hub. When the hub has been unreachable (no answer, or
only transient failures) for ``direct_after_seconds`` since the first failed contact, and a
province address and token are set (handed out by the office hub, or typed by an admin), a run
pushes the outbox straight to the province and pulls the province's feed:

* the province applies each change by its change_id; the desk marks the row ``direct`` (the
  province has it, the office hub not yet) instead of ``acked``;
* the province's feed has its own cursor (``province_cursor``), never the office hub's;
* every run first has one quick look at the office hub (one health request, short timeouts, no
  retries); when it answers, the run is an ordinary office run: ``direct`` rows go to the office
  hub with the pending ones, the hub feeds them to the other desks and relays them to the
  province, which answers "duplicate" (same change_id, same payload): each dossier is held once.
  The province's updates the desk already applied come again through the office hub's feed and
  are applied once (status events by uuid, online dossiers by uuid, catalogue and calendar as
  values).

A desk never goes direct to a province whose token belongs to another unit code, nor to an
address that answers as an office hub (sync/engine.py ``check_province``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.clock import TZ, iso, local, now
from app.store.models import Outbox, get_state, set_state
from app.usecases import fallback
from sync.client import AuthFailed, HubClient, Refused, SyncError, Timeouts, Transient
from sync.engine import (
    Cancel,
    Link,
    Progress,
    SyncConfig,
    SyncReport,
    Writer,
    sync_once,
)

if TYPE_CHECKING:
    from app.desk import Desk

QUICK_LOOK = Timeouts(2.0, 5.0)


def office_answers(url: str, token: str) -> bool:
    """One health request: does the office hub answer at all? (Its other troubles are the run's.)"""
    try:
        with HubClient(url, token, timeouts=QUICK_LOOK) as client:
            client.health()
    except Transient:
        return False
    except (AuthFailed, Refused, SyncError, KeyError, ValueError):
        return True
    return True


def run_with_fallback(
    desk: Desk, *, progress: Progress | None, cancel: Cancel | None, config: SyncConfig,
    sleep: Callable[[float], None], writer: Writer,
) -> SyncReport:  # fmt: skip
    office = desk.require_office()
    with desk.read() as s:
        hub_mode = get_state(s, "hub_mode")
        url, token = get_state(s, fallback.K_URL), get_state(s, fallback.K_TOKEN)
        down_since = get_state(s, fallback.K_DOWN_SINCE)
    # Only a desk that has met its office hub goes around it: otherwise the configured server may
    # be the province itself, and "direct" would mean nothing.
    ready = hub_mode == "office" and bool(url and token and office.server_url)

    def once(link: Link | None) -> SyncReport:
        return sync_once(
            desk, link, progress=progress, cancel=cancel, config=config, sleep=sleep, writer=writer
        )

    if ready and down_since and not office_answers(office.server_url, office.server_token):
        # Down at the last run and still down: no whole run of retries against it every time.
        return _office_down(desk, None, Link(url, token, direct=True), once, writer)
    report = once(None)
    if ready and not report.ok and report.error_kind in ("unreachable", "transient"):
        return _office_down(desk, report, Link(url, token, direct=True), once, writer)
    return report


def _office_down(
    desk: Desk, report: SyncReport | None, province: Link, once: Callable[[Link | None], SyncReport], writer: Writer
) -> SyncReport:  # fmt: skip
    stamp = datetime.now(TZ)  # to the microsecond: the wait may be seconds (tests), clock.now() drops them
    since_box: list[str] = []

    def mark(s: Session) -> None:
        since = get_state(s, fallback.K_DOWN_SINCE)
        if not since:
            since = iso(stamp) or ""
            set_state(s, fallback.K_DOWN_SINCE, since)
        since_box.append(since)

    writer(mark)
    since = local(datetime.fromisoformat(since_box[0]))
    with desk.read() as s:
        wait = fallback.after_seconds(s)
    if (stamp - since).total_seconds() >= wait:
        direct = once(province)
        direct.office_down_since = since_box[0]
        direct.warnings.insert(
            0, f"Máy chủ xã không trả lời từ {since:%H:%M %d/%m}: đang gửi thẳng lên tỉnh ({province.url})"
        )
        return direct
    if report is not None:
        report.office_down_since, report.direct_ready = since_box[0], True
        return report
    return _unreachable(desk, since_box[0], writer)


def _unreachable(desk: Desk, since: str, writer: Writer) -> SyncReport:
    """The report of a run that stopped at the quick look (the office hub still does not answer)."""
    office = desk.require_office()
    report = SyncReport(ok=False, error_kind="unreachable", direct_ready=True, office_down_since=since)
    report.error = f"Không kết nối được máy chủ xã {office.server_url}"

    def work(s: Session) -> None:
        report.pending = int(
            s.scalar(select(func.count()).select_from(Outbox).where(Outbox.state == "pending")) or 0
        )
        report.owed_office = int(
            s.scalar(select(func.count()).select_from(Outbox).where(Outbox.state == "direct")) or 0
        )
        set_state(s, "last_attempt_at", iso(now()) or "")
        set_state(s, "last_error", report.error or "")

    writer(work)
    return report
