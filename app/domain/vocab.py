"""The shared vocabulary of desk, sync and hub: statuses, code patterns, event kinds, canonical JSON.

Pure standard library (no SQLAlchemy, no pydantic): ``sync/protocol.py`` re-exports it and
``server/`` uses it, so the desk and the hub can never disagree on what a valid unit code, dossier
code, procedure code, status or event kind is (issue 8 §1: three unit-code patterns had drifted).
"""

from __future__ import annotations

import json
import re
from enum import StrEnum
from typing import Any, Final


class Status(StrEnum):
    """Local statuses, 1:1 with the national portal's TrangThaiHoSo codes (domain.md §3.1)."""

    SUBMITTED = "submitted"
    RECEIVED = "received"
    REFUSED = "refused"
    IN_PROGRESS = "in_progress"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    AWAITING_PAYMENT = "awaiting_payment"
    WITHDRAWN = "withdrawn"
    STOPPED = "stopped"
    RESOLVED = "resolved"
    RETURNED = "returned"


STATUSES: Final = tuple(s.value for s in Status)

# The event each status move writes (the timeline's kinds), plus the kinds that move no status.
EVENT_FOR: Final[dict[Status, str]] = {
    Status.SUBMITTED: "submitted",
    Status.RECEIVED: "received",
    Status.REFUSED: "refused",
    Status.IN_PROGRESS: "handed_over",
    Status.SUPPLEMENT_REQUESTED: "supplement_requested",
    Status.AWAITING_PAYMENT: "payment_requested",
    Status.WITHDRAWN: "withdrawn",
    Status.STOPPED: "stopped",
    Status.RESOLVED: "resolved",
    Status.RETURNED: "returned",
}
EVENT_KINDS: Final = frozenset(
    {*EVENT_FOR.values(), "supplement_received", "extended", "edited", "printed", "upstream"}
)

# Unit code (mã định danh, QCVN 102:2016): V1V2V3.Z1Z2.Y1Y2.MX1X2 where M is G (ministries) or
# H (localities). ASCII digits only: Python's ``\d`` also matches Arabic-Indic and other digits.
UNIT_CODE_PATTERN: Final = r"[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[GH][0-9]{2}"
UNIT_CODE_RE: Final = re.compile(UNIT_CODE_PATTERN)
# Dossier code <unit code>-YYMMDD-XXXX (TT 01/2018/TT-VPCP Art. 19, kept by TT 03/2025).
DOSSIER_CODE_PATTERN: Final = rf"(?P<unit>{UNIT_CODE_PATTERN})-(?P<ymd>[0-9]{{6}})-(?P<num>[0-9]{{4}})"
DOSSIER_CODE_RE: Final = re.compile(DOSSIER_CODE_PATTERN)
# Procedure code of the national database (1.001193), optionally localised (.H29 / .000.00.00.H56).
PROCEDURE_CODE_PATTERN: Final = (
    r"[0-9]\.[0-9]{6}(?:\.[0-9]{2}|\.[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2})?"
)
PROCEDURE_CODE_RE: Final = re.compile(PROCEDURE_CODE_PATTERN)

# entity/op pairs of the outbox and the wire (app.store.outbox writes them, the hub applies them).
DOSSIER_CREATE: Final = ("dossier", "create")
DOSSIER_UPDATE: Final = ("dossier", "update")
EVENT_APPEND: Final = ("event", "append")
SLIP_PRINTED: Final = ("slip", "printed")
# Personal data (issue 9): an access-log entry; a person's erasure past retention.
ACCESS_LOGGED: Final = ("access", "logged")
PERSON_ERASED: Final = ("person", "erased")
CHANGE_KINDS: Final = frozenset(
    {DOSSIER_CREATE, DOSSIER_UPDATE, EVENT_APPEND, SLIP_PRINTED, ACCESS_LOGGED, PERSON_ERASED}
)


def canonical_json(value: Any) -> str:
    """The one serialisation both sides hash: sorted keys, no spaces, UTF-8 kept as is.

    The desk freezes outbox payloads with exactly these settings, so the hash of a resent change
    is identical byte for byte to the first send.
    """
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
