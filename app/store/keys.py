"""Custody of the store's data key (issue 9, docs/security.md "Key custody").

The data key is 32 random bytes. It never sits in clear beside the store: the data dir holds
only ``motcua.key.json`` (the store id, where the key is kept, and on Windows the DPAPI-wrapped
key). Where the key is kept:

- ``dpapi`` (Windows): ``CryptProtectData`` with ``CRYPTPROTECT_LOCAL_MACHINE``: every clerk
  account on the desk PC can unwrap it, nobody can on another PC (a copied data dir or backup
  stick is useless without the recovery sheet).
- ``keyring`` (Linux with a Secret Service, macOS Keychain): per user, unlocked at login.
- ``file`` (Linux without a Secret Service, e.g. a kiosk session): ``<user config dir>/keys/
  <store id>.key``, ``0600``, outside the data dir and its backups. Weaker (anyone who can read
  the account's home can read it); ``motcua check`` says so.

Rotation writes the new key to the ``next`` slot before ``PRAGMA rekey`` and promotes it after:
a power cut in between leaves a store that one of the two keys opens (``unlock`` tries both).
"""

from __future__ import annotations

import base64
import json
import logging
import os
import secrets
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

from app.store import perms
from app.store.atomic import atomic_write_bytes
from app.store.engine import KEY_BYTES

log = logging.getLogger(__name__)

KEYINFO_NAME = "motcua.key.json"
SERVICE = "MotCuaXa"
CUSTODY_DPAPI, CUSTODY_KEYRING, CUSTODY_FILE = "dpapi", "keyring", "file"
CURRENT, NEXT = "current", "next"
# Bound into every DPAPI blob: another program's LOCAL_MACHINE blob cannot be passed off as ours.
DPAPI_ENTROPY = b"MotCuaXa data key v1"


class KeyMissing(ValueError):
    """The store is encrypted but this account/PC does not hold its key."""


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


@dataclass
class KeyInfo:
    store_id: str
    custody: str
    wrapped: str = ""  # DPAPI blob of the current key, base64 (custody "dpapi")
    wrapped_next: str = ""  # DPAPI blob of a key being rotated in
    recovery_issued: bool = False  # the admin has been handed the recovery sheet for this key


def info_path(data_dir: Path) -> Path:
    return Path(data_dir) / KEYINFO_NAME


def read_info(data_dir: Path) -> KeyInfo | None:
    path = info_path(data_dir)
    if not path.exists():
        return None
    raw = json.loads(path.read_text(encoding="utf-8"))
    return KeyInfo(**{k: raw[k] for k in KeyInfo.__dataclass_fields__ if k in raw})


def write_info(data_dir: Path, info: KeyInfo) -> None:
    path = info_path(data_dir)
    atomic_write_bytes(path, json.dumps(asdict(info), indent=1).encode("utf-8"))
    perms.secure_file(path)


# --- Windows DPAPI --------------------------------------------------------------------------


class Protector(Protocol):
    def protect(self, data: bytes) -> bytes: ...

    def unprotect(self, blob: bytes) -> bytes: ...


class DpapiProtector:
    """``CryptProtectData``/``CryptUnprotectData`` in machine scope, through ctypes (no pywin32)."""

    CRYPTPROTECT_UI_FORBIDDEN = 0x1
    CRYPTPROTECT_LOCAL_MACHINE = 0x4

    def _call(self, fn_name: str, data: bytes) -> bytes:  # pragma: no cover - Windows only
        import ctypes
        from ctypes import wintypes

        class Blob(ctypes.Structure):
            _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

        def blob_of(b: bytes) -> Any:
            buf = ctypes.create_string_buffer(b, len(b))
            return Blob(len(b), ctypes.cast(buf, ctypes.POINTER(ctypes.c_char))), buf

        crypt32 = ctypes.windll.crypt32  # type: ignore[attr-defined]
        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        data_in, _keep1 = blob_of(data)
        entropy, _keep2 = blob_of(DPAPI_ENTROPY)
        out = Blob()
        flags = self.CRYPTPROTECT_UI_FORBIDDEN | self.CRYPTPROTECT_LOCAL_MACHINE
        if fn_name == "protect":
            ok = crypt32.CryptProtectData(
                ctypes.byref(data_in), "MotCuaXa", ctypes.byref(entropy), None, None, flags, ctypes.byref(out)
            )
        else:
            ok = crypt32.CryptUnprotectData(
                ctypes.byref(data_in), None, ctypes.byref(entropy), None, None, flags, ctypes.byref(out)
            )
        if not ok:
            raise KeyMissing(f"Windows DPAPI từ chối mở khóa dữ liệu (mã lỗi {ctypes.GetLastError()})")  # type: ignore[attr-defined]
        try:
            return ctypes.string_at(out.pbData, out.cbData)
        finally:
            kernel32.LocalFree(out.pbData)

    def protect(self, data: bytes) -> bytes:  # pragma: no cover - Windows only
        return self._call("protect", data)

    def unprotect(self, blob: bytes) -> bytes:  # pragma: no cover - Windows only
        return self._call("unprotect", blob)


def protector() -> Protector:
    """The DPAPI protector (a seam: tests on Linux put a fake here)."""
    return DpapiProtector()


# --- keyring and key file -------------------------------------------------------------------


def _username(info: KeyInfo, slot: str) -> str:
    return f"store-{info.store_id}" + ("" if slot == CURRENT else "-next")


def key_file_path(info: KeyInfo, slot: str = CURRENT) -> Path:
    import platformdirs

    from app.store.datadir import APP_AUTHOR, APP_NAME

    base = Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR, roaming=False)) / "keys"
    return base / f"{info.store_id}{'' if slot == CURRENT else '.next'}.key"


def keyring_usable() -> bool:
    """A working keyring backend (Secret Service, Keychain), proven by a write and a read."""
    try:
        import keyring
        import keyring.errors
    except ImportError:  # pragma: no cover - keyring is a dependency
        return False
    probe = f"probe-{uuid.uuid4().hex}"
    try:
        keyring.set_password(SERVICE, probe, "1")
        ok = keyring.get_password(SERVICE, probe) == "1"
        keyring.delete_password(SERVICE, probe)
        return ok
    except (keyring.errors.KeyringError, RuntimeError) as exc:
        # NoKeyringError on a headless Linux (no Secret Service on the session bus): the key file.
        log.info("no usable keyring (%s); the data key goes to a key file", type(exc).__name__)
        return False


def choose_custody() -> str:
    if os.name == "nt":
        return CUSTODY_DPAPI
    return CUSTODY_KEYRING if keyring_usable() else CUSTODY_FILE


def save_key(data_dir: Path, info: KeyInfo, key: bytes, slot: str = CURRENT) -> None:
    """Keep ``key`` in ``info``'s custody (and rewrite the key info when it changed)."""
    if info.custody == CUSTODY_DPAPI:
        blob = base64.b64encode(protector().protect(key)).decode("ascii")
        if slot == CURRENT:
            info.wrapped = blob
        else:
            info.wrapped_next = blob
    elif info.custody == CUSTODY_KEYRING:
        import keyring

        keyring.set_password(SERVICE, _username(info, slot), key.hex())
    else:
        path = key_file_path(info, slot)
        path.parent.mkdir(parents=True, exist_ok=True)
        perms.secure_dir(path.parent)
        atomic_write_bytes(path, key.hex().encode("ascii"))
        perms.secure_file(path)
    write_info(data_dir, info)


def load_key(info: KeyInfo, slot: str = CURRENT) -> bytes | None:
    if info.custody == CUSTODY_DPAPI:
        blob = info.wrapped if slot == CURRENT else info.wrapped_next
        return protector().unprotect(base64.b64decode(blob)) if blob else None
    if info.custody == CUSTODY_KEYRING:
        import keyring
        import keyring.errors

        try:
            text = keyring.get_password(SERVICE, _username(info, slot))
        except keyring.errors.KeyringError as exc:
            raise KeyMissing(f"không mở được kho khóa của hệ điều hành: {exc}") from exc
    else:
        path = key_file_path(info, slot)
        text = path.read_text(encoding="ascii").strip() if path.exists() else None
    return bytes.fromhex(text) if text else None


def drop_slot(data_dir: Path, info: KeyInfo, slot: str) -> None:
    if info.custody == CUSTODY_DPAPI:
        if slot == CURRENT:
            info.wrapped = ""
        else:
            info.wrapped_next = ""
        write_info(data_dir, info)
    elif info.custody == CUSTODY_KEYRING:
        import keyring
        import keyring.errors

        try:
            keyring.delete_password(SERVICE, _username(info, slot))
        except keyring.errors.PasswordDeleteError:
            pass  # nothing stored in that slot
    else:
        key_file_path(info, slot).unlink(missing_ok=True)


def promote_next(data_dir: Path, info: KeyInfo, key: bytes) -> None:
    """The rotated-in key becomes current (after ``PRAGMA rekey`` succeeded)."""
    save_key(data_dir, info, key, CURRENT)
    drop_slot(data_dir, info, NEXT)


def create(data_dir: Path, key: bytes | None = None, custody: str | None = None) -> tuple[KeyInfo, bytes]:
    """A new store id and data key (or adopt ``key``, e.g. a recovery key on a new PC)."""
    info = KeyInfo(store_id=uuid.uuid4().hex, custody=custody or choose_custody())
    key = key or new_key()
    save_key(data_dir, info, key)
    if os.name == "nt":  # pragma: no cover - Windows only
        perms.restrict_windows_acl(Path(data_dir))
    return info, key


def custody_label(info: KeyInfo) -> str:
    """Where the key lives, in words for ``check`` and ``key status``."""
    if info.custody == CUSTODY_DPAPI:
        return "Windows DPAPI (khóa máy), tệp motcua.key.json cạnh dữ liệu"
    if info.custody == CUSTODY_KEYRING:
        return "kho khóa của hệ điều hành (Secret Service/Keychain)"
    return f"tệp khóa {key_file_path(info)}"
