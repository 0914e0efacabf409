"""Reading what a batch touches: its keys looked up by value, several tables in one statement.

A batch of changes needs, before it decides anything, the ledger rows of its change_ids, the
dossiers of its uuids and codes, the events, slips, access entries and citizen items it names,
and the last ids of the tables it writes. On PostgreSQL all of that is one statement (issue 13:
the four lookups and the last ids were five round trips, ~0.5 ms each of driver and protocol
work around ~0.3 ms of index probes); on SQLite, in-process, each is its own statement.

How a probe reads (PostgreSQL): one probe of a unique index per value, ``unnest`` joined
LATERAL to a subquery fenced with ``OFFSET 0``, whose condition is the key (the leading column of
its unique index) and, for an office's own rows, the office. ``office_id = :o AND key =
ANY(:vals)`` reads the same rows, but a plan made without statistics (a new hub, a table just
migrated) or a generic plan of a prepared statement could choose the ``office_id`` prefix of the
primary key and filter the office's every row by the array (20 ms a batch at 1,400 rows, growing
with the office); unfenced, the planner joined the values by hash to a seq scan of the table up
to ~20,000 rows (2 ms a lookup at 4,000 rows, growing with the hub). Fenced, each value is one
index probe, with statistics and without (checked with EXPLAIN at 4,000 rows, both ways). The
values go as one array literal in text (server/db.py ``text_array``): psycopg's list adapter cost
~0.75 ms a statement for 100 values. Each probe's rows come back as JSON text
(``row_to_json``), so probes of different shapes share one result; a batch of new changes finds
no rows at all.

SQLite: chunked expanding ``IN`` lists (its planner probes the index per value).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy.orm import Session

from server.db import (
    is_sqlite,
    last_ids_sql,
    lock_office,
    prefetch_ids,
    remember_last_ids,
    run_sql,
    run_sql_locked,
    text_array,
    unknown_last_ids,
)

_CHUNK = 500  # values per IN list on SQLite (its default limit is 32,766 parameters)


@dataclass(frozen=True)
class Probe:
    """``SELECT columns FROM table WHERE where AND key`` is one of ``values``; ``where`` None:
    in every office (the caller masks other offices' content in ``columns``)."""

    name: str
    columns: str
    table: str
    where: str | None
    key: str
    values: Iterable[str]


def probe(
    session: Session,
    office_id: int,
    probes: Sequence[Probe],
    last_ids: tuple[str, ...] = (),
    meanwhile: Callable[[], object] | None = None,
    **params: Any,
) -> dict[str, list[dict[str, Any]]]:
    """Each probe's rows (as dicts) by its name; the last ids of ``last_ids``'s tables in the
    office are read in the same statement and handed to ``next_ids`` (server/db.py). The
    office's lock is taken first, if this transaction does not hold it yet (on PostgreSQL in the
    same round trip): what is read here stays true until the caller commits. ``meanwhile``:
    the caller's own work, done while the database answers (``run_sql_locked``)."""
    wanted = {p.name: sorted({v for v in p.values if v}) for p in probes}
    found: dict[str, list[dict[str, Any]]] = {p.name: [] for p in probes}
    args: dict[str, Any] = {**params, "o": office_id}
    if is_sqlite(session):
        if meanwhile is not None:
            meanwhile()
        prefetch_ids(session, office_id, last_ids)
        for p in probes:
            found[p.name] = _select_in(session, p, wanted[p.name], args)
        return found
    parts: list[str] = []
    for i, p in enumerate(probes):
        if not wanted[p.name]:
            continue
        scope = f"{p.where} AND " if p.where else ""
        parts.append(
            f"SELECT '{p.name}' AS probe, CAST(row_to_json(t) AS text) AS row FROM unnest(CAST(:v{i} AS text[])) "
            f"AS k(v) CROSS JOIN LATERAL (SELECT {p.columns} FROM {p.table} WHERE {scope}{p.key} = k.v OFFSET 0) t"
        )
        args[f"v{i}"] = text_array(wanted[p.name])
    tables = unknown_last_ids(session, office_id, last_ids)
    if tables:
        parts.append(f"SELECT '' AS probe, CAST(json_build_array({last_ids_sql(tables)}) AS text) AS row")
    if not parts:
        lock_office(session, office_id)
        if meanwhile is not None:
            meanwhile()
        return found
    for name, row in run_sql_locked(session, office_id, " UNION ALL ".join(parts), args, meanwhile):
        if name:
            found[name].append(orjson.loads(row))
        else:
            remember_last_ids(session, office_id, dict(zip(tables, orjson.loads(row), strict=True)))
    return found


def _select_in(session: Session, p: Probe, wanted: list[str], params: dict[str, Any]) -> list[dict[str, Any]]:
    scope = f"{p.where} AND " if p.where else ""
    rows: list[dict[str, Any]] = []
    for i in range(0, len(wanted), _CHUNK):
        chunk = {f"v{n}": v for n, v in enumerate(wanted[i : i + _CHUNK])}
        marks = ", ".join(f":{name}" for name in chunk)
        sql = f"SELECT {p.columns} FROM {p.table} WHERE {scope}{p.key} IN ({marks})"
        rows += [dict(r._mapping) for r in run_sql(session, sql, {**params, **chunk})]
    return rows
