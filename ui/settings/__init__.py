"""Admin settings: users, catalogue import, work calendar, office hours and profile."""

from __future__ import annotations
