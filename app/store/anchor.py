"""The audit chain's anchor: its head, kept outside the database, under a key kept outside it too.

The hash chain (app/store/audit.py) shows an edit in the middle, but not a trim: delete the
newest rows, or recompute every hash after an edit, and the chain is whole again. So at each
commit that appends to the chain, its head (row count, last hash) is written to a file beside the
store (atomic: write new, fsync, replace) under an HMAC whose key lives in the user's config dir,
not in the database. ``motcua check`` then fails when the chain is behind its anchor or differs
from it. The hub keeps the last head each sync pushed (the ``hub`` field here is the one it
acknowledged), which covers a copy of an older anchor file put back by hand.

Why a pending head too: appends happen inside transactions, and the file can only be written
after the commit (before it, a rolled-back transaction would leave an anchor ahead of the chain,
indistinguishable from a trim). A crash between the commit and that write leaves the anchor one
transaction behind. Just before the commit the head-to-be is therefore written as ``pending``;
``check`` accepts a chain ahead of the anchor only when it ends exactly at that pending head: the
crash window, and nothing an attacker who can append forged rows could reach (the pending head is
under the MAC too).

A missing anchor is only created for a new store (chain empty before the transaction) or when a
store from before anchors is opened (``adopt``): deleting the file never re-arms it silently.
"""

from __future__ import annotations

import hashlib
import hmac
import json
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
    pending: Head | None = None
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
        "pending": anchor.pending.as_json() if anchor.pending else None,
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
    return Anchor(head, Head.from_json(data.get("pending")), Head.from_json(data.get("hub")))


def _write(db_path: Path, anchor: Anchor) -> None:
    body = _body(anchor)
    doc = json.dumps({"body": body, "mac": _mac(body)}, separators=(",", ":"))
    atomic_write_bytes(anchor_path(db_path), doc.encode("utf-8"))


# ---------------------------------------------------------------------- the writer

# One state per store file: the last anchor written (so a commit never reads the file back) and
# a lock, because the sync thread and the DB worker may both commit. Heads only move forward.
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
    """Drop the cached anchor (after a restore replaced the file under it)."""
    with _states_lock:
        _states.pop(str(Path(db_path).resolve()), None)


def known_rows(db_path: Path, head_hash: str) -> int | None:
    """Row count of the chain ending at ``head_hash`` if the cached anchor knows it (saves a COUNT)."""
    st = _state(db_path)
    with st.lock:
        st.load()
        a = st.anchor
        for h in (a.head, a.pending) if a else ():
            if h is not None and h.hash == head_hash:
                return h.rows
    return None


def note_pending(db_path: Path, head: Head, rows_before: int) -> None:
    """Before a commit that appends to the chain: record the head it will have."""
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
            st.anchor = Anchor(Head(0, ""), head)
        else:
            st.anchor = replace(st.anchor, pending=head)
        _write(db_path, st.anchor)


def note_commit(db_path: Path, head: Head) -> None:
    """After the commit: the head is now the chain's. Never moves the anchor backwards."""
    st = _state(db_path)
    with st.lock:
        st.load()
        if st.broken or st.anchor is None:
            return
        a = st.anchor
        new_head = head if head.rows >= a.head.rows else a.head
        pending = None if a.pending is None or a.pending.rows <= new_head.rows else a.pending
        st.anchor = replace(a, head=new_head, pending=pending)
        _write(db_path, st.anchor)


def note_hub(db_path: Path, head: Head) -> None:
    """The hub acknowledged ``head``: keep it under the MAC so ``check`` can test it offline."""
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
        st.anchor = Anchor(head, None, old.hub if (old and keep_hub) else None)
        st.loaded, st.broken = True, False
        _write(db_path, st.anchor)
