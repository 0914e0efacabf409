"""How long a closed dossier is kept before its owner's personal fields may be erased, per lĩnh
vực (field), and the province's publication of those terms through the hub (update ``retention``).

The bundled terms below are OURS, not taken from a cited table: a province must publish its own
(``motcua-hub retention publish``), and an admin may set one (``motcua retention set``). Our
reasoning: civil-status records (hộ tịch) are kept for good (Luật Hộ tịch 2014 keeps the
registers permanently), land records long; for the rest ten years after the dossier closed, which
covers the complaint and inspection periods we know of. Retention counts from the day the dossier
was closed (returned, refused, withdrawn, stopped); an open dossier is always within it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.clock import local, now
from app.domain.lifecycle import OPEN_STATUSES, Status
from app.domain.text import fold, nfc
from app.store.models import Dossier
from app.store.models_privacy import RetentionRule

ANY_FIELD = "*"
BUNDLED_SOURCE = "mặc định của phần mềm (chưa có văn bản của tỉnh)"
# field -> years (None: kept permanently). Ours: see the module docstring.
BUNDLED: dict[str, int | None] = {
    ANY_FIELD: 10,
    "Hộ tịch": None,
    "Đất đai": 20,
}
MAX_YEARS = 100


class RetentionError(ValueError):
    """A retention term that cannot be stored (user-facing)."""


@dataclass(frozen=True)
class Rule:
    field: str
    years: int | None
    source: str
    origin: str

    def as_json(self) -> dict[str, Any]:
        return {"field": self.field, "years": self.years, "source": self.source, "origin": self.origin}


def _key(field: str) -> str:
    return ANY_FIELD if field.strip() == ANY_FIELD else fold(field)


def rules(session: Session) -> list[Rule]:
    """Every term in force: stored ones (admin, upstream) over the bundled defaults."""
    stored = {r.field_key: r for r in session.scalars(select(RetentionRule))}
    out = {_key(f): Rule(f, y, BUNDLED_SOURCE, "bundled") for f, y in BUNDLED.items()}
    for key, r in stored.items():
        out[key] = Rule(r.field, r.years, r.source, r.origin)
    return sorted(out.values(), key=lambda r: (r.field != ANY_FIELD, fold(r.field)))


def rule_for(session: Session, field: str) -> Rule:
    by_key = {_key(r.field): r for r in rules(session)}
    return by_key.get(_key(field or "")) or by_key[ANY_FIELD]


def set_rule(
    session: Session, field: str, years: int | None, *, source: str, origin: str, actor: str
) -> bool:
    """Store a term; returns whether anything changed. An upstream publication never overrides
    an admin's own edit (as for calendar days, sync/apply.py)."""
    from app.store import audit

    field = nfc(field)
    if not field:
        raise RetentionError("lĩnh vực không được để trống (dùng '*' cho mọi lĩnh vực)")
    if years is not None and not 1 <= years <= MAX_YEARS:
        raise RetentionError(f"thời hạn lưu trữ phải từ 1 đến {MAX_YEARS} năm (đang là {years})")
    key = _key(field)
    row = session.get(RetentionRule, key)
    if row is not None and origin == "upstream" and row.origin == "admin":
        return False
    if row is not None and row.years == years and row.source == source and row.origin == origin:
        return False
    before = None if row is None else {"years": row.years, "origin": row.origin}
    if row is None:
        row = RetentionRule(field_key=key, field=field)
        session.add(row)
    row.field, row.years, row.source, row.origin, row.updated_at = field, years, source, origin, now()
    audit.record(
        session, actor, "retention.set", "retention", key[:60], before, {"years": years, "origin": origin}
    )
    return True


def closed_on(d: Dossier) -> date | None:
    """The day a dossier left the desk's hands, or None while it is open."""
    if Status(d.status) in OPEN_STATUSES or d.status == Status.RESOLVED.value:
        # A resolved dossier still waits for the citizen to collect the result.
        return None
    moment: datetime | None = d.closed_at or d.returned_at or d.resolved_at or d.updated_at
    return local(moment).date() if moment is not None else None


def kept_until(d: Dossier, rule: Rule) -> date | None:
    """Last day of the retention period; None when the dossier is open or kept for good."""
    closed = closed_on(d)
    if closed is None or rule.years is None:
        return None
    try:
        return closed.replace(year=closed.year + rule.years)
    except ValueError:  # 29 February
        return closed.replace(year=closed.year + rule.years, day=28)
