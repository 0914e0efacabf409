"""The audit chain's anchor: its head, kept outside the database, under a key kept outside it too.

The hash chain (app/store/audit.py) shows an edit in the middle, but not a trim: delete the
newest rows, or recompute every hash after an edit, and the chain is whole again. So at each
commit that appends to the chain, its head (row count, last hash) is written to a file beside the
store (atomic: write new, fsync, replace) under an HMAC whose key lives in the user's config dir,
not in the database. ``motcua check`` then fails when the chain is behind its anchor or differs
from it. The hub keeps the last head each sync pushed (the ``hub`` field here is the one it
acknowledged), which covers a copy of an older anchor file put back by hand.

Why a pending head too, and why in the database: appends happen inside transactions, and the
file can only be written after the commit (before it, a rolled-back transaction would leave an
anchor ahead of the chain, indistinguishable from a trim). So each audited transaction also
stores, in the same commit, the head it makes under the same MAC (``sync_state``
``audit_anchor_pending``): durable with the commit, at the cost of one small UPDATE, no extra
fsync. The file is then rewritten by a background writer right after the commit (fsync'd, off
the saving path: intake p95 must not move). A crash or exit between the two leaves the file one
behind; ``check`` accepts a chain ahead of the file only when it ends exactly at that MAC'd
pending head: the crash window, and nothing an attacker who can append forged rows could reach.

A missing anchor is only created for a new store (chain empty before the transaction) or when a
store from before anchors is opened (``adopt``): deleting the file never re-arms it silently.
"""

from __future__ import annotations

import atexit
import hashlib
import hmac
import json
import logging
import os
import secrets
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import platformdirs

from app.store.atomic import atomic_write_bytes
from app.store.datadir import APP_AUTHOR, APP_NAME

ANCHOR_SUFFIX = ".audit-anchor"
KEY_FILENAME = "audit-anchor.key"
CONFIG_ENV = "MOTCUA_CONFIG_DIR"  # tests and portable installs point the config dir elsewhere
VERSION = 1
log = logging.getLogger(__name__)


class AnchorInvalid(ValueError):
    """The anchor file exists but its MAC does not verify (edited, or another machine's key)."""


@dataclass(frozen=True)
class Head:
    rows: int
    hash: str

    def as_json(self) -> dict[str, Any]:
        return {"rows": self.rows, "hash": self.hash}

    @staticmethod
    def from_json(value: Any) -> Head | None:
        if not isinstance(value, dict):
            return None
        return Head(int(value["rows"]), str(value["hash"]))


@dataclass(frozen=True)
class Anchor:
    head: Head
    hub: Head | None = None  # the last head the hub acknowledged


# ---------------------------------------------------------------------- the key


def config_dir() -> Path:
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR, roaming=False))


def anchor_key() -> bytes:
    """The random anchor key (32 bytes), created on first use with mode 0600.

    Kept in one function so key custody (app/store/keys.py: DPAPI/keyring) can take it over.
    """
    path = config_dir() / KEY_FILENAME
    cached = _keys.get(str(path))
    if cached is not None:
        return cached
    key = _load_or_make_key(path)
    _keys[str(path)] = key
    return key


_keys: dict[str, bytes] = {}


def _load_or_make_key(path: Path) -> bytes:
    for _ in range(2):
        try:
            return bytes.fromhex(path.read_text(encoding="ascii").strip())
        except FileNotFoundError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue  # another process made it first: read theirs
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_hex(32))
            fh.flush()
            os.fsync(fh.fileno())
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


# ---------------------------------------------------------------------- the file


def anchor_path(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + ANCHOR_SUFFIX)


def _body(anchor: Anchor) -> str:
    body = {
        "v": VERSION,
        "head": anchor.head.as_json(),
        "hub": anchor.hub.as_json() if anchor.hub else None,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"))


def _mac(body: str) -> str:
    return hmac.new(anchor_key(), body.encode("utf-8"), hashlib.sha256).hexdigest()


def read(db_path: Path) -> Anchor | None:
    """The anchor beside ``db_path``, None when there is none; AnchorInvalid when forged."""
    try:
        raw = anchor_path(db_path).read_bytes()
    except FileNotFoundError:
        return None
    try:
        doc = json.loads(raw)
        body = doc["body"]
        ok = hmac.compare_digest(str(doc["mac"]), _mac(body))
        data = json.loads(body)
        head = Head.from_json(data["head"])
    except (ValueError, KeyError, TypeError) as exc:
        raise AnchorInvalid(f"tệp mốc neo nhật ký không đọc được: {exc}") from exc
    if not ok or head is None:
        raise AnchorInvalid("chữ ký của tệp mốc neo nhật ký không khớp (bị sửa, hoặc khóa của máy khác)")
    return Anchor(head, Head.from_json(data.get("hub")))


def _write(db_path: Path, anchor: Anchor) -> None:
    body = _body(anchor)
    doc = json.dumps({"body": body, "mac": _mac(body)}, separators=(",", ":"))
    atomic_write_bytes(anchor_path(db_path), doc.encode("utf-8"))


# ---------------------------------------------------------------------- the pending head (in the DB)

PENDING_KEY = "audit_anchor_pending"


def pending_record(head: Head) -> str:
    """The head a transaction makes, MAC'd, for ``sync_state`` in that same transaction."""
    body = json.dumps({"v": VERSION, "pending": head.as_json()}, sort_keys=True, separators=(",", ":"))
    return json.dumps({"body": body, "mac": _mac(body)}, separators=(",", ":"))


def read_pending(text: str | None) -> Head | None:
    """The pending head stored with the last audited commit; None when absent or forged."""
    if not text:
        return None
    try:
        doc = json.loads(text)
        if not hmac.compare_digest(str(doc["mac"]), _mac(doc["body"])):
            return None
        return Head.from_json(json.loads(doc["body"])["pending"])
    except (ValueError, KeyError, TypeError):
        return None


# ---------------------------------------------------------------------- the file writer

# One state per store file: the last anchor written (so a commit never reads the file back) and
# a lock. Heads only move forward. The writes themselves happen on one background thread,
# coalesced per store: the caller's commit never waits for the anchor's fsync.
_states: dict[str, _State] = {}
_states_lock = threading.Lock()


class _State:
    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.lock = threading.Lock()
        self.loaded = False
        self.anchor: Anchor | None = None
        self.broken = False  # file present but invalid: never overwrite the evidence

    def load(self) -> None:
        if self.loaded:
            return
        try:
            self.anchor = read(self.db_path)
        except AnchorInvalid:
            self.broken = True
        self.loaded = True


def _state(db_path: Path) -> _State:
    key = str(Path(db_path).resolve())
    with _states_lock:
        st = _states.get(key)
        if st is None:
            st = _states[key] = _State(Path(db_path))
        return st


def forget(db_path: Path) -> None:
    """Write what is queued for ``db_path``, then drop its cached anchor (closing the desk, or
    after a restore replaced the file under it)."""
    flush()
    with _states_lock:
        _states.pop(str(Path(db_path).resolve()), None)


def known_rows(db_path: Path, head_hash: str) -> int | None:
    """Row count of the chain ending at ``head_hash`` if the anchor knows it (saves a COUNT)."""
    queued = _queue.get(str(Path(db_path).resolve()))
    if queued is not None and queued[1].hash == head_hash:
        return queued[1].rows
    st = _state(db_path)
    with st.lock:
        st.load()
        if st.anchor is not None and st.anchor.head.hash == head_hash:
            return st.anchor.head.rows
    return None


def note_commit(db_path: Path, head: Head, rows_before: int) -> None:
    """The chain's head after a commit. Creates a missing anchor only for a new store (the chain
    was empty before the transaction); never moves the anchor backwards."""
    st = _state(db_path)
    with st.lock:
        st.load()
        if st.broken:
            return
        if st.anchor is not None and not anchor_path(db_path).exists():
            st.anchor = None  # deleted under a running desk: same as missing at start
        if st.anchor is None:
            if rows_before != 0:
                return  # anchor missing on a used store: ``check`` reports it, nothing re-arms it
            st.anchor = Anchor(head)
        elif head.rows < st.anchor.head.rows:
            return
        else:
            st.anchor = replace(st.anchor, head=head)
        _write(db_path, st.anchor)


def note_hub(db_path: Path, head: Head) -> None:
    """The hub acknowledged ``head``: keep it under the MAC so ``check`` can test it offline."""
    flush()
    st = _state(db_path)
    with st.lock:
        st.load()
        if st.broken or st.anchor is None:
            return
        st.anchor = replace(st.anchor, hub=head)
        _write(db_path, st.anchor)


def adopt(db_path: Path, head: Head, *, keep_hub: bool = True) -> None:
    """Anchor the chain as it stands: a store from before anchors, or one just restored.

    Both are deliberate acts (an upgrade, an admin's restore); the hub's last anchor is kept, so a
    restore that lost rows the hub had seen is still reported by ``check``.
    """
    forget(db_path)
    st = _state(db_path)
    with st.lock:
        try:
            old = read(db_path)
        except AnchorInvalid:
            old = None
        st.anchor = Anchor(head, old.hub if (old and keep_hub) else None)
        st.loaded, st.broken = True, False
        _write(db_path, st.anchor)


# -- the background writer

_queue: dict[str, tuple[Path, Head, int]] = {}  # resolved path -> newest head not yet written
_busy = 0
_flushing = 0
# A burst of commits (bulk intake, a sync's pull) makes one write, not one per commit: the
# writer waits this long after a commit for more. The pending head in the DB covers the wait.
DEBOUNCE_S = 0.5
_cv = threading.Condition()
_thread: threading.Thread | None = None


def submit(db_path: Path, head: Head, rows_before: int) -> None:
    """After a commit: have the file rewritten soon, off the caller's thread."""
    global _thread
    key = str(Path(db_path).resolve())
    with _cv:
        queued = _queue.get(key)
        if queued is not None and queued[1].rows > head.rows:
            return
        before = queued[2] if queued is not None else rows_before
        _queue[key] = (Path(db_path), head, min(before, rows_before))
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_run, name="motcua-anchor", daemon=True)
            _thread.start()
        _cv.notify_all()


def flush(timeout: float = 10.0) -> None:
    """Wait until every queued anchor is on disk (closing a desk, the end of a CLI command)."""
    global _flushing
    with _cv:
        _flushing += 1
        _cv.notify_all()
        try:
            _cv.wait_for(lambda: not _queue and _busy == 0, timeout=timeout)
        finally:
            _flushing -= 1


def _run() -> None:
    global _busy
    while True:
        with _cv:
            _cv.wait_for(lambda: bool(_queue))
            # Debounce: more commits may follow; a flush cuts the wait short.
            _cv.wait_for(lambda: _flushing > 0, timeout=DEBOUNCE_S)
            items = list(_queue.values())
            _queue.clear()
            _busy += 1
        try:
            for db_path, head, rows_before in items:
                try:
                    note_commit(db_path, head, rows_before)
                except OSError as exc:
                    # The commit stands and its pending head (in the DB) covers it, as after a crash.
                    log.warning("audit anchor not written: %s", exc)
        finally:
            with _cv:
                _busy -= 1
                _cv.notify_all()


atexit.register(flush)
