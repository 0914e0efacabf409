"""Text limits checked before anything is stored (issue 8 §7).

A value longer than its column, or holding NUL and other control characters, used to be stored
locally and then refused by the hub (on PostgreSQL with a 500 on every sync: the queue stuck
forever). The desk now refuses it at entry with a message naming the field.
"""

from __future__ import annotations

import unicodedata

from app.domain.validation import Issue

# Free-text fields stored as TEXT locally and upstream: bounded so that one field cannot bloat a
# batch past the hub's body limit, and so that the printed forms stay printable.
ADDRESS_MAX = 500
SUMMARY_MAX = 1000
NOTE_MAX = 2000
DOCUMENT_NAME_MAX = 300
EMAIL_MAX = 200
NAME_MAX = 200


def check_text(field: str, value: str, limit: int, *, multiline: bool = False) -> list[Issue]:
    """Issues for ``value`` (empty when fine): longer than ``limit``, or control characters."""
    issues: list[Issue] = []
    if len(value) > limit:
        issues.append(Issue(field, "length", f"'{field}' dài {len(value)} ký tự, tối đa {limit} ký tự"))
    allowed = "\n\t" if multiline else ""
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in value):
        issues.append(Issue(field, "control", f"'{field}' chứa ký tự điều khiển (NUL, xuống dòng, …)"))
    return issues
