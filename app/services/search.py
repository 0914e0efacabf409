"""Search as you type over codes, names (accents optional), ID numbers and phones.

Backed by the trigram FTS5 index ``dossier_fts`` (migration 0001) for terms of three characters
or more, and by the indexed ``search_name`` prefix for shorter ones, so a keystroke never scans
200 000 dossiers.
"""

from __future__ import annotations

import re

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.domain.codes import DOSSIER_CODE_RE
from app.domain.text import fold, given_first
from app.store.models import Dossier

DEFAULT_LIMIT = 50
# A NUL (pasted spreadsheet cell, barcode scanner) ends an FTS5 string early and the query fails
# with "unterminated string"; control characters are never part of a name, code or number.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _fts_phrase(term: str) -> str:
    # FTS5 string literal: double quotes doubled; the trigram tokenizer matches any substring.
    return '"' + term.replace('"', '""') + '"'


def search_ids(session: Session, query: str, *, limit: int = DEFAULT_LIMIT) -> list[int]:
    key = fold(_CONTROL.sub(" ", query))
    if not key:
        return []
    if DOSSIER_CODE_RE.match(query.strip().upper()):
        # A whole code (typed or scanned from the receipt's QR): every code shares the unit
        # prefix, so the trigram index would intersect lists that hit every row; the unique
        # index on dossier.code answers in well under a millisecond.
        exact = session.scalar(select(Dossier.id).where(Dossier.code == query.strip().upper()))
        return [exact] if exact is not None else []
    terms = key.split(" ")
    long_terms = [t for t in terms if len(t) >= 3]
    short_terms = [t for t in terms if len(t) < 3]
    if long_terms:
        match = " AND ".join(_fts_phrase(t) for t in long_terms)
        sql = "SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH :m"
        params: dict[str, object] = {"m": match}
        if short_terms:
            # Short words ("an", "do") only narrow what the index already found.
            for i, t in enumerate(short_terms):
                sql += f" AND (search_name LIKE :s{i} OR search_name LIKE :w{i})"
                params[f"s{i}"] = f"{t}%"
                params[f"w{i}"] = f"% {t}%"
        sql += " ORDER BY rowid DESC LIMIT :lim"
        params["lim"] = limit
        return [r[0] for r in session.execute(text(sql), params)]
    # Only short terms ("an", "le an"): a prefix of the folded full name or of the given-name-first
    # key, each an index range read in index order (no sort of the ~80 000 "ng…" rows).
    found: list[int] = []
    ranges = [(Dossier.search_name, key), (Dossier.search_given, key)]
    if given_first(key) != key:
        ranges.append((Dossier.search_given, given_first(key)))
    for column, prefix in ranges:
        upper = _above_prefix(prefix)
        cond = column >= prefix
        if upper is not None:
            cond = cond & (column < upper)
        for dossier_id in session.scalars(select(Dossier.id).where(cond).order_by(column).limit(limit)):
            if dossier_id not in found:
                found.append(dossier_id)
        if len(found) >= limit:
            break
    return found[:limit]


def _above_prefix(prefix: str) -> str | None:
    """The least string above every string starting with ``prefix`` (UTF-8 order is code-point
    order); a last character of U+D7FF or U+10FFFF must not step into surrogates or past Unicode."""
    while prefix:
        nxt = ord(prefix[-1]) + 1
        if 0xD800 <= nxt <= 0xDFFF:
            nxt = 0xE000
        if nxt <= 0x10FFFF:
            return prefix[:-1] + chr(nxt)
        prefix = prefix[:-1]
    return None


def search(session: Session, query: str, *, limit: int = DEFAULT_LIMIT) -> list[Dossier]:
    ids = search_ids(session, query, limit=limit)
    if not ids:
        return []
    rows = {d.id: d for d in session.scalars(select(Dossier).where(Dossier.id.in_(ids)))}
    return [rows[i] for i in ids if i in rows]
