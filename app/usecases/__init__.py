"""Use cases: the only door the front ends (ui/, cli/) and tools use to read or change the store.

Each operation is one function ``op(desk, actor, ...)`` that
1. checks ``actor`` against the one permission table (``authorize``),
2. checks the rules of the trade (app/domain),
3. owns its transaction (``desk.tx()`` / ``desk.read()``) and writes its events through one path,
4. returns plain data saying what changed (no ORM object leaves a use case).

Front ends hold no rule of their own: a screen may hide a button, never be the only guard.
"""

from __future__ import annotations

from app.usecases.actor import Actor, PermissionDenied
from app.usecases.permissions import PERMISSIONS, Permission, authorize, permissions_of

__all__ = ["Actor", "PermissionDenied", "PERMISSIONS", "Permission", "authorize", "permissions_of"]
