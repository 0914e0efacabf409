"""The recovery key: the data key written for people, to keep on paper in the office safe.

Format: the 32-byte key and a 2-byte check (SHA-256 of the key) as 68 upper-case hex digits in
17 groups of 4 (``3F2A-…``). Hex has no O/0 or I/1 pairs to confuse when typed back from the
sheet; the check group catches a mistyped digit before a restore tries a wrong key.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from app.store.engine import KEY_BYTES

GROUP = 4
_GROUPED = re.compile(r"(?<![0-9A-Fa-f])([0-9A-Fa-f]{4}(?:[\s-]+[0-9A-Fa-f]{4}){16})(?![0-9A-Fa-f])")
_PLAIN = re.compile(r"(?<![0-9A-Fa-f])([0-9A-Fa-f]{68})(?![0-9A-Fa-f])")


class RecoveryKeyError(ValueError):
    """The recovery key text is missing, mistyped or for another store."""


def _check(key: bytes) -> bytes:
    return hashlib.sha256(b"motcua-recovery:" + key).digest()[:2]


def format_recovery_key(key: bytes) -> str:
    if len(key) != KEY_BYTES:
        raise ValueError("the data key must be 32 bytes")
    digits = (key + _check(key)).hex().upper()
    return "-".join(digits[i : i + GROUP] for i in range(0, len(digits), GROUP))


def recovery_lines(key: bytes, per_line: int = 6) -> list[str]:
    groups = format_recovery_key(key).split("-")
    return ["  ".join(groups[i : i + per_line]) for i in range(0, len(groups), per_line)]


def parse_recovery_key(text: str) -> bytes:
    """The data key from text holding a recovery key (typed, or a saved text/PDF sheet)."""
    match = _GROUPED.search(text) or _PLAIN.search(text)
    if match is None:
        raise RecoveryKeyError(
            "không tìm thấy khóa khôi phục (68 chữ số hệ 16, dạng XXXX-XXXX-…) trong tệp khóa"
        )
    raw = bytes.fromhex(re.sub(r"[\s-]", "", match.group(1)))
    key, check = raw[:KEY_BYTES], raw[KEY_BYTES:]
    if _check(key) != check:
        raise RecoveryKeyError(
            "khóa khôi phục bị sai (nhóm kiểm tra cuối không khớp): hãy đối chiếu lại phiếu"
        )
    return key


def read_recovery_file(path: Path) -> bytes:
    """Read ``--key-file``: the text file ``key export`` writes, or its PDF sheet (the key is
    also in the PDF's metadata, so the file itself works without retyping)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise RecoveryKeyError(f"không đọc được tệp khóa khôi phục '{path}': {exc.strerror}") from exc
    return parse_recovery_key(data.decode("latin-1"))
