"""What a desk reads from its office hub for the leader: each desk's queue and last-seen time, and
the office's conflict list (GET /api/v1/desks, /api/v1/conflicts)."""

from __future__ import annotations

from typing import Any

from sync.client import HubClient, Timeouts


def office_desks(url: str, token: str) -> list[dict[str, Any]]:
    with HubClient(url, token, timeouts=Timeouts(3.0, 10.0)) as client:
        body = client._call("GET", "/api/v1/desks")
    return [d for d in body.get("desks", []) if isinstance(d, dict)]


def office_conflicts(url: str, token: str) -> list[dict[str, Any]]:
    with HubClient(url, token, timeouts=Timeouts(3.0, 10.0)) as client:
        body = client._call("GET", "/api/v1/conflicts")
    return [c for c in body.get("conflicts", []) if isinstance(c, dict)]
