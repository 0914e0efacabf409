"""Hash-chained audit log: each row carries the hash of the previous one, so an edit or a
deleted row anywhere in the middle breaks the chain and ``motcua check`` reports where.

A trim of the newest rows, or every hash recomputed, keeps the chain whole: the chain's head is
therefore anchored outside the database at each commit (app/store/anchor.py, issue 8 §6), by the
session hooks at the bottom of this module.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session

from app.domain.clock import iso, now
from app.store import anchor
from app.store.models import Audit

GENESIS = "0" * 64


def _digest(prev_hash: str, row: Audit) -> str:
    body = json.dumps(
        [iso(row.at), row.actor, row.action, row.entity, row.entity_id, row.before, row.after],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def record(
    session: Session,
    actor: str,
    action: str,
    entity: str = "",
    entity_id: str = "",
    before: Any = None,
    after: Any = None,
) -> Audit:
    last = session.scalar(select(Audit.hash).order_by(Audit.id.desc()).limit(1))
    prev = last or GENESIS
    db_path = _db_path(session)
    rows: dict[str, int] | None = None
    if db_path is not None:
        rows = session.info.setdefault(_ROWS, {})
        if prev not in rows:
            rows[prev] = _rows_upto(session, db_path, prev)
    row = Audit(
        at=now(),
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=_jsonable(before),
        after=_jsonable(after),
        prev_hash=prev,
        hash="",
    )
    row.hash = _digest(prev, row)
    session.add(row)
    session.flush()
    if rows is not None:
        rows[row.hash] = rows[prev] + 1
    return row


def _jsonable(value: Any) -> Any:
    if value is None:
        return None
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


@dataclass(frozen=True)
class ChainReport:
    rows: int
    broken_at: int | None  # audit.id of the first row whose hash does not follow
    hashes: tuple[str, ...] = ()  # hash of row 1..rows (the whole chain when it is whole)

    @property
    def ok(self) -> bool:
        return self.broken_at is None

    def hash_at(self, rows: int) -> str | None:
        """The head hash of the chain's first ``rows`` rows (GENESIS for 0), None beyond it."""
        if rows == 0:
            return GENESIS
        return self.hashes[rows - 1] if 0 < rows <= len(self.hashes) else None


def verify(session: Session) -> ChainReport:
    prev = GENESIS
    hashes: list[str] = []
    for row in session.scalars(select(Audit).order_by(Audit.id)):
        if row.prev_hash != prev or _digest(prev, row) != row.hash:
            return ChainReport(len(hashes) + 1, row.id, tuple(hashes))
        hashes.append(row.hash)
        prev = row.hash
    return ChainReport(len(hashes), None, tuple(hashes))


def head(session: Session) -> anchor.Head:
    """The chain's head as it stands (row count, last hash)."""
    last = session.scalar(select(Audit.hash).order_by(Audit.id.desc()).limit(1))
    rows = int(session.scalar(select(func.count()).select_from(Audit)) or 0)
    return anchor.Head(rows, last or GENESIS)


def hash_at(session: Session, rows: int) -> str | None:
    """Hash of the chain's ``rows``-th row (1-based; GENESIS for 0), None past its end."""
    if rows <= 0:
        return GENESIS
    return session.scalar(select(Audit.hash).order_by(Audit.id).limit(1).offset(rows - 1))


# ---------------------------------------------------------------------- anchoring (§6)

_ROWS = "audit_rows_by_hash"  # session.info: head hash -> chain length, for this transaction
_HEAD = "audit_head_to_anchor"


def _db_path(session: Session) -> Path | None:
    bind = session.get_bind()
    url = getattr(bind, "url", None)
    if url is None or url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _rows_upto(session: Session, db_path: Path, head_hash: str) -> int:
    if head_hash == GENESIS:
        return 0
    known = anchor.known_rows(db_path, head_hash)
    if known is not None:
        return known
    return int(session.scalar(select(func.count()).select_from(Audit)) or 0)


def _before_commit(session: Session) -> None:
    rows = session.info.get(_ROWS)
    if not rows:
        return  # nothing appended to the chain in this transaction
    db_path = _db_path(session)
    if db_path is None:
        return
    session.flush()
    last = session.scalar(select(Audit.hash).order_by(Audit.id.desc()).limit(1)) or GENESIS
    count = rows.get(last)
    if count is None:  # a savepoint rolled back part of it: count for real
        count = int(session.scalar(select(func.count()).select_from(Audit)) or 0)
    before = min(rows.values()) if rows else 0
    head = anchor.Head(count, last)
    # Stored in this very commit, under the anchor's MAC: the crash window after the commit then
    # leaves a verifiable pending head, never an unexplained chain ahead of the anchor file.
    session.execute(
        text(
            "INSERT INTO sync_state (key, value) VALUES (:k, :v) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
        ),
        {"k": anchor.PENDING_KEY, "v": anchor.pending_record(head)},
    )
    session.info[_HEAD] = (db_path, head, before)


def _after_commit(session: Session) -> None:
    session.info.pop(_ROWS, None)
    committed = session.info.pop(_HEAD, None)
    if committed is not None:
        anchor.submit(*committed)  # written by the anchor's background writer, fsync'd


def _after_rollback(session: Session) -> None:
    session.info.pop(_ROWS, None)
    session.info.pop(_HEAD, None)


event.listen(Session, "before_commit", _before_commit)
event.listen(Session, "after_commit", _after_commit)
event.listen(Session, "after_rollback", _after_rollback)


# ---------------------------------------------------------------------- check (§6)

# The triggers of migration 0002 that make the file itself refuse UPDATE and DELETE.
PROTECTING_TRIGGERS = tuple(
    f"{table}_no_{action}" for table in ("audit", "dossier_event") for action in ("update", "delete")
)


def missing_triggers(session: Session) -> list[str]:
    present = set(session.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
    return [t for t in PROTECTING_TRIGGERS if t not in present]


def trail_problems(session: Session, db_path: Path, chain: ChainReport | None = None) -> list[str]:
    """Why the audit trail cannot be trusted (Vietnamese, one line each); empty when it can."""
    chain = chain if chain is not None else verify(session)
    problems: list[str] = []
    missing = missing_triggers(session)
    if missing:
        problems.append("thiếu trigger bảo vệ nhật ký/dòng thời gian chỉ-ghi-thêm: " + ", ".join(missing))
    if not chain.ok:
        problems.append(f"chuỗi nhật ký kiểm toán bị sửa/xóa tại dòng {chain.broken_at}")
    rows = len(chain.hashes)
    anchor.flush()  # this process's own last commits first
    try:
        a = anchor.read(db_path)
    except anchor.AnchorInvalid as exc:
        problems.append(str(exc))
        return problems
    if a is None:
        if rows:
            problems.append(
                f"không có tệp mốc neo nhật ký ({anchor.anchor_path(db_path).name}) dù nhật ký có {rows} dòng: "
                "tệp đã bị xóa hoặc dữ liệu được chép từ nơi khác"
            )
        return problems
    if chain.ok and rows < a.head.rows:
        problems.append(
            f"nhật ký kiểm toán ngắn hơn mốc neo: có {rows} dòng, mốc neo ghi {a.head.rows} dòng "
            f"(mất {a.head.rows - rows} dòng mới nhất)"
        )
    elif chain.ok and a.head.rows and chain.hash_at(a.head.rows) != a.head.hash:
        problems.append(
            f"nhật ký kiểm toán khác mốc neo tại dòng thứ {a.head.rows} (các mã băm đã bị tính lại)"
        )
    elif chain.ok and rows > a.head.rows:
        # Only the crash window between a commit and the anchor write (see anchor.py) is accepted.
        p = anchor.read_pending(
            session.execute(
                text("SELECT value FROM sync_state WHERE key = :k"), {"k": anchor.PENDING_KEY}
            ).scalar()
        )
        if p is None or p.rows != rows or chain.hash_at(rows) != p.hash:
            problems.append(
                f"nhật ký kiểm toán có {rows - a.head.rows} dòng không được neo (sau dòng thứ {a.head.rows})"
            )
    if a.hub is not None and a.hub.rows and chain.hash_at(a.hub.rows) != a.hub.hash:
        problems.append(
            f"mốc neo máy chủ đã nhận (dòng thứ {a.hub.rows}) không có trong nhật ký kiểm toán của máy này"
        )
    return problems
