"""The authenticated person (or system process) on whose behalf a use case runs."""

from __future__ import annotations

from dataclasses import dataclass


class PermissionDenied(Exception):
    """The actor's role does not allow the operation (a user-facing error: exit 2, nothing stored)."""


@dataclass(frozen=True)
class Actor:
    """Who acts. ``username`` is what audit rows, events and the access log record.

    ``source`` says through which front end the actor came (``gui``, ``cli``, ``sync``, ``system``);
    ``system`` actors (migrations, sync applying upstream updates) never come from a sign-in and
    are created only by the core itself.
    """

    username: str
    full_name: str
    role: str
    source: str = "gui"

    @property
    def label(self) -> str:
        return self.full_name or self.username
