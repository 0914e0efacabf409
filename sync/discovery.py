"""Finding office hubs on the LAN from a desk (DNS-SD browse, python-zeroconf).

The hub announces ``_motcua-hub._tcp`` with its office's unit code, name and key fingerprint
(server/discovery.py); Settings lists what this finds, on a worker thread, and the clerk picks
one. The listing proves nothing: the desk still checks the unit code in /api/v1/health before it
syncs, and a hub of another unit code cannot be chosen. Multicast is often blocked on office LANs:
a manual address always works.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

SERVICE_TYPE = "_motcua-hub._tcp.local."


@dataclass
class FoundHub:
    url: str
    unit_code: str
    name: str
    fingerprint: str

    def as_json(self) -> dict[str, str]:
        return {
            "url": self.url,
            "unit_code": self.unit_code,
            "name": self.name,
            "fingerprint": self.fingerprint,
        }


def zeroconf_on(interfaces: list[str] | None) -> Any:
    from zeroconf import InterfaceChoice, IPVersion, Zeroconf

    if interfaces:
        return Zeroconf(interfaces=interfaces, ip_version=IPVersion.V4Only)
    return Zeroconf(interfaces=InterfaceChoice.All, ip_version=IPVersion.V4Only)


def browse(timeout: float = 2.0, interfaces: list[str] | None = None) -> list[FoundHub]:
    """Hubs announcing themselves within ``timeout`` seconds (blocking: never on the GUI thread)."""
    from zeroconf import ServiceBrowser, ServiceStateChange

    zc = zeroconf_on(interfaces)
    names: set[str] = set()

    def on_change(zeroconf: Any, service_type: str, name: str, state_change: Any) -> None:
        if state_change is ServiceStateChange.Added:
            names.add(name)

    browser = ServiceBrowser(zc, SERVICE_TYPE, handlers=[on_change])
    found: dict[str, FoundHub] = {}
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            time.sleep(0.1)
            for name in list(names):
                if name in found:
                    continue
                info = zc.get_service_info(SERVICE_TYPE, name, timeout=1000)
                if info is None or not info.parsed_addresses():
                    continue
                props = {
                    k.decode(): (v or b"").decode("utf-8", "replace") for k, v in info.properties.items()
                }
                found[name] = FoundHub(
                    url=f"http://{info.parsed_addresses()[0]}:{info.port}",
                    unit_code=props.get("unit", ""),
                    name=props.get("name", ""),
                    fingerprint=props.get("fp", ""),
                )
    finally:
        browser.cancel()
        zc.close()
    return sorted(found.values(), key=lambda h: (h.unit_code, h.url))
