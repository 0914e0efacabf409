"""Một Cửa Xã core: domain rules and the local store. Never imports Qt or sync."""

from __future__ import annotations

__version__ = "0.1.0"
