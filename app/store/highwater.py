"""The highest dossier number ever issued per (unit, day, workstation), kept outside the store.

A restore replaces the store file; the day counters inside it come from the backup and may be
behind codes already printed on receipts (TT 01/2018/TT-VPCP Art. 19: one code, one dossier).
This small JSON file beside the store survives the swap and a damaged store, so a restore can
raise the restored counters to at least every number ever handed out. It is rewritten
atomically (app/store/atomic.py) at each backup and restore; between them each intake commit
appends its counter to a small journal beside it (``note_issued``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from app.domain.clock import now
from app.store.atomic import atomic_write_bytes

FILENAME = "motcua.highwater.json"
JOURNAL = "motcua.highwater.log"
# Counters older than this are dropped from the file: a restore from a backup more than a year
# old is refused by no rule, but its days are long closed and never issue codes again.
KEEP_DAYS = 400

Key = tuple[str, str, int]  # unit code, ISO day, workstation


def path_for(data_dir: Path) -> Path:
    return Path(data_dir) / FILENAME


def journal_for(data_dir: Path) -> Path:
    return Path(data_dir) / JOURNAL


def load(data_dir: Path) -> dict[Key, int]:
    """The file and its journal merged (the highest value of each counter)."""
    out: dict[Key, int] = {}
    try:
        raw = json.loads(path_for(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raw = {}
    for row in raw.get("counters", []) if isinstance(raw, dict) else []:
        try:
            key, last = (str(row[0]), str(row[1]), int(row[2])), int(row[3])
        except (TypeError, ValueError, IndexError):
            continue
        out[key] = max(last, out.get(key, last))
    try:
        lines = journal_for(data_dir).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    for line in lines:
        parts = line.split("\t")
        if len(parts) != 4:
            continue  # torn by a crash mid-append
        try:
            key, last = (parts[0], parts[1], int(parts[2])), int(parts[3])
        except ValueError:
            continue
        out[key] = max(last, out.get(key, last))
    return out


def unit_codes(data_dir: Path) -> set[str]:
    return {k[0] for k in load(data_dir)}


def merge(*sources: Mapping[Key, int]) -> dict[Key, int]:
    out: dict[Key, int] = {}
    for src in sources:
        for key, last in src.items():
            if last > out.get(key, -1):
                out[key] = last
    return out


def note_issued(data_dir: Path, counters: Mapping[Key, int]) -> None:
    """After each intake commit: append to the journal beside the file (no rename, no fsync).

    The committed store (synchronous=FULL) is the durable record at that moment; an append costs
    microseconds where a rename-and-fsync cost an intake several milliseconds. A line torn by a
    crash is skipped when read. ``raise_to`` folds the journal into the file durably.
    """
    if not counters:
        return
    lines = "".join(f"{k[0]}\t{k[1]}\t{k[2]}\t{v}\n" for k, v in counters.items())
    with open(journal_for(data_dir), "a", encoding="utf-8") as fh:
        fh.write(lines)


def raise_to(data_dir: Path, counters: Mapping[Key, int]) -> None:
    """Record ``counters`` (only ever raising a value) with an atomic, fsynced replace."""
    current = load(data_dir)
    merged = merge(current, counters)
    journal = journal_for(data_dir)
    if merged == current and not journal.exists():
        return
    cutoff = (now().date() - timedelta(days=KEEP_DAYS)).isoformat()
    rows = sorted([k[0], k[1], k[2], v] for k, v in merged.items() if k[1] >= cutoff)
    atomic_write_bytes(path_for(data_dir), json.dumps({"counters": rows}).encode("utf-8"))
    journal.unlink(missing_ok=True)  # folded in above, and that is on disk


def from_rows(rows: Iterable[tuple[Any, Any, Any, Any]]) -> dict[Key, int]:
    """``(unit_code, day, workstation, last)`` rows, as read from a ``day_counter`` table."""
    out: dict[Key, int] = {}
    for unit, day, ws, last in rows:
        out[(str(unit), str(day), int(ws))] = int(last)
    return out


def issued_in(session: Any) -> dict[Key, int]:
    """Day counters held by a just-committed session (intake moved them; others only read)."""
    from app.store.models import DayCounter

    out: dict[Key, int] = {}
    for obj in session.identity_map.values():
        if isinstance(obj, DayCounter):
            out[(obj.unit_code, obj.day.isoformat(), int(obj.workstation))] = int(obj.last)
    return out


def restore_counters(session: Any, counters: Mapping[Key, int]) -> None:
    """Raise a store's day counters to ``counters`` (a new store where an old one was lost)."""
    from datetime import date

    from app.store.models import DayCounter

    for (unit, day, ws), last in counters.items():
        row = session.get(DayCounter, (unit, date.fromisoformat(day), ws))
        if row is None:
            session.add(DayCounter(unit_code=unit, day=date.fromisoformat(day), workstation=ws, last=last))
        elif row.last < last:
            row.last = last
