"""Direct-to-province fallback of a desk of an office hub (issue 10, docs/office-hub.md "Degraded").

When the office hub on the LAN has been unreachable for ``direct_after_seconds`` (default 30 min),
the sync pushes the desk's outbox straight to the province and pulls the province's feed; when the
office hub answers again the desk goes back to it and sends it every change the province already
has (the province answers "duplicate": change_ids are kept end to end).

The credential is the **office's own province token**, handed to the desk by its office hub at each
sync (or typed by an admin: ``motcua setup --province-server URL --province-token T``, Settings).
Not a per-desk province token: the province must not know an office's desks (issue 10: "the
province cannot tell whether the office has one desk or ten"), and a desk token there would switch
the province's hub into office mode for that office. What the office token adds to a desk is small:
a desk token already makes the office hub relay anything as the office. A lost desk PC means
``desk revoke`` at the office hub *and* a new office token at the province (``upstream set``).

Kept in ``sync_state`` (the desk's encrypted store): no schema change. Only an admin changes the
settings (``Permission.SETTINGS``); the sync engine writes what the office hub hands out.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from app.domain.validation import Issue, raise_for
from app.store import audit
from app.store.models import get_state, set_state
from app.usecases.permissions import Permission, authorize

if TYPE_CHECKING:
    from app.desk import Desk
    from app.usecases.actor import Actor

DEFAULT_AFTER_SECONDS = 30 * 60
K_URL, K_TOKEN, K_UNIT, K_SOURCE = "province_url", "province_token", "province_unit", "province_source"
K_AFTER = "direct_after_seconds"
K_CURSOR = "province_cursor"  # the province feed's cursor; never mixed with the office hub's pull_cursor
K_DOWN_SINCE = "office_down_since"  # first failed contact with the office hub since the last success
K_LINK = "sync_link"  # office | province: where the last run synced


@dataclass
class FallbackSettings:
    province_url: str
    token_set: bool
    province_unit: str
    source: str  # admin | office_hub | off (an admin turned the direct link off) | ""
    direct_after_seconds: float
    office_down_since: str | None
    link: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def after_seconds(s: Session) -> float:
    try:
        return float(get_state(s, K_AFTER) or DEFAULT_AFTER_SECONDS)
    except ValueError:
        return float(DEFAULT_AFTER_SECONDS)


def settings_of(s: Session) -> FallbackSettings:
    return FallbackSettings(
        province_url=get_state(s, K_URL),
        token_set=bool(get_state(s, K_TOKEN)),
        province_unit=get_state(s, K_UNIT),
        source=get_state(s, K_SOURCE),
        direct_after_seconds=after_seconds(s),
        office_down_since=get_state(s, K_DOWN_SINCE) or None,
        link=get_state(s, K_LINK) or "office",
    )


def fallback_settings(desk: Desk) -> dict[str, Any]:
    """What Settings and ``motcua setup --json`` show (the token never: only whether one is set)."""
    with desk.read() as s:
        return settings_of(s).as_json()


def check_fallback(province_url: str | None, direct_after_seconds: float | None) -> None:
    """The rules on the values alone (``motcua setup`` checks them before it stores anything)."""
    issues: list[Issue] = []
    url = (province_url or "").strip()
    if url and not url.startswith(("http://", "https://")):
        issues.append(
            Issue("province_url", "format", "Địa chỉ máy chủ tỉnh phải bắt đầu bằng http:// hoặc https://")
        )
    if direct_after_seconds is not None and not 1 <= direct_after_seconds <= 7 * 24 * 3600:
        issues.append(
            Issue(
                "direct_after",
                "range",
                "Thời gian chờ trước khi gửi thẳng lên tỉnh phải từ 1 giây đến 7 ngày",
            )
        )
    raise_for(issues)


def set_fallback(
    desk: Desk,
    actor: Actor,
    *,
    province_url: str | None = None,
    province_token: str | None = None,
    direct_after_seconds: float | None = None,
) -> dict[str, Any]:
    """An admin sets the province address and token of the direct link, or the wait before it.

    ``province_url`` "" turns the fallback off (the token goes with it) until an admin sets an
    address again; otherwise the office hub's hand-out at each sync replaces the address and token. The wait is in seconds
    (the CLI and Settings take minutes); 0 would leave the office hub at its first hiccup, so the
    floor is one second (tests), the ceiling a week."""
    authorize(actor, Permission.SETTINGS)
    check_fallback(province_url, direct_after_seconds)
    url = (province_url or "").strip().rstrip("/")
    with desk.tx() as s:
        before = settings_of(s).as_json()
        if province_url is not None:
            set_state(s, K_URL, url)
            # "off" stays off: the office hub's hand-out does not turn it back on.
            set_state(s, K_SOURCE, "admin" if url else "off")
            set_state(s, K_UNIT, "")  # checked against the province at the next direct sync
            if not url:
                set_state(s, K_TOKEN, "")
        if province_token is not None:
            token = province_token.strip()
            if token and not get_state(s, K_URL):
                raise_for(
                    [
                        Issue(
                            "province_token", "required", "Cần địa chỉ máy chủ tỉnh (--province-server) trước"
                        )
                    ]
                )
            set_state(s, K_TOKEN, token)
            set_state(s, K_SOURCE, "admin")
        if direct_after_seconds is not None:
            set_state(s, K_AFTER, f"{float(direct_after_seconds):g}")
        after = settings_of(s).as_json()
        audit.record(s, actor.username, "sync.fallback", "office", "province", before, after)
        return after
