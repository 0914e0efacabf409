"""Who may read the data dir: the store, its WAL/SHM, backups and the key info (issue 9).

POSIX: the dir is ``0700`` and every file in it ``0600``, so another account on the PC (or a
service running as ``nobody``) cannot copy the store even though it is encrypted.

Windows: ``icacls`` removes the inherited ACL and grants full control to SYSTEM and
Administrators and modify to the local Users group (the clerks' accounts on the desk PC, who
all open the store through the DPAPI machine key), by well-known SIDs so a Vietnamese Windows
(``Quản trị viên``) needs no translated names. It runs once, when the store's key is created.
"""

from __future__ import annotations

import logging
import os
import stat
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)

DIR_MODE = 0o700
FILE_MODE = 0o600
# Well-known SIDs: LocalSystem, BUILTIN\Administrators, BUILTIN\Users.
_WINDOWS_GRANTS = ("*S-1-5-18:(OI)(CI)F", "*S-1-5-32-544:(OI)(CI)F", "*S-1-5-32-545:(OI)(CI)M")


def secure_file(path: Path) -> None:
    if os.name == "posix" and path.is_file() and stat.S_IMODE(path.stat().st_mode) != FILE_MODE:
        os.chmod(path, FILE_MODE)


def secure_dir(path: Path) -> None:
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) != DIR_MODE:
        os.chmod(path, DIR_MODE)


def secure_tree(data_dir: Path) -> None:
    """The data dir, its ``backups`` folder and every file in them (a few stat calls at start)."""
    if os.name != "posix":
        return
    for directory in (data_dir, data_dir / "backups"):
        if not directory.is_dir():
            continue
        secure_dir(directory)
        for entry in os.scandir(directory):
            if entry.is_file(follow_symlinks=False):
                secure_file(Path(entry.path))


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only, so SQLite's WAL/SHM (which copy the
    database file's mode) are private from their first byte."""
    if path.exists():
        return
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.close(fd)


def windows_acl_command(directory: Path) -> list[str]:
    return ["icacls", str(directory), "/inheritance:r", "/grant:r", *_WINDOWS_GRANTS, "/T", "/C", "/Q"]


def restrict_windows_acl(directory: Path) -> bool:
    """Apply the ACL above; False (and a log line) when icacls fails, which ``check`` reports."""
    if os.name != "nt":
        return False
    result = subprocess.run(windows_acl_command(directory), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        log.warning("icacls failed on the data dir (exit %s)", result.returncode)
        return False
    return True
