"""Quyết định 766/QĐ-TTg, digitisation group, as far as the desk's own data can tell.

* 4.1 e-results: of the dossiers resolved in the period, the share whose electronic result
  (kết quả điện tử) is attached.
* 4.2 digitised dossiers: of the dossiers received in the period (refused ones excluded: they were
  never accepted), the share with at least one paper digitised; a resolved one also needs its result.
* 4.3 reuse: of the dossiers received in the period, the share in which at least one paper was taken
  from the citizen's earlier digitised papers instead of being scanned again.

Percentages with one decimal; a period with nothing to count gives null and says so in ``counts``.
These are our reading of the indicator names; docs/attachments.md says so.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session

from app.domain.clock import TZ
from app.store.models import Dossier
from app.store.models_attach import Attachment

RESOLVED = ("resolved", "returned")


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time(0, 0), tzinfo=TZ), datetime.combine(
        end + timedelta(days=1), time(0, 0), tzinfo=TZ
    )


def _pct(part: int, whole: int) -> float | None:
    # Nothing to count is no figure (null), as for the other 766 indicators (app/reports/index766.py).
    return round(100.0 * part / whole, 1) if whole else None


def _has(kind: str, *extra: Any) -> Any:
    return exists().where(
        and_(
            Attachment.dossier_id == Dossier.id,
            Attachment.kind == kind,
            Attachment.superseded.is_(False),
            *extra,
        )
    )


def indicators(session: Session, start: date, end: date) -> dict[str, Any]:
    lo, hi = _bounds(start, end)

    def count(*where: Any) -> int:
        return int(session.scalar(select(func.count()).select_from(Dossier).where(*where)) or 0)

    received = (Dossier.received_at >= lo, Dossier.received_at < hi, Dossier.status != "refused")
    resolved = (Dossier.resolved_at >= lo, Dossier.resolved_at < hi)
    n_received = count(*received)
    n_resolved = count(*resolved)
    with_result = count(*resolved, _has("result"))
    papers = _has("document")
    result_ok = (Dossier.status.not_in(RESOLVED)) | _has("result")
    digitised = count(*received, papers, result_ok)
    reused = count(*received, _has("document", Attachment.source == "reused"))
    return {
        "4.1": _pct(with_result, n_resolved),
        "4.2": _pct(digitised, n_received),
        "4.3": _pct(reused, n_received),
        "counts": {
            "resolved": n_resolved,
            "with_e_result": with_result,
            "received": n_received,
            "digitised": digitised,
            "with_reuse": reused,
        },
    }
