"""The NSIS installer compiles, and its office-hub component opens the firewall as docs/office-hub.md
says: inbound for the program, TCP 8080 (the hub) and UDP 5353 (DNS-SD), private and domain profiles
only, one UAC prompt, a warning when a network is Public, the rules removed at uninstall."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NSI = REPO / "installer" / "motcua.nsi"


def _section(text: str, start: str) -> str:
    i = text.index(start)
    return text[i : text.index("SectionEnd", i)]


def test_hub_section_firewall_rules() -> None:
    text = NSI.read_text(encoding="utf-8")
    defines = dict(re.findall(r'^!define (\w+) "?([^"\n]*)"?$', text, re.M))
    assert defines["HUBPORT"] == "8080" and defines["MDNSPORT"] == "5353"
    # The hub's default port is the one the rule opens.
    assert re.search(r'"--port",[^)]*default=8080', (REPO / "server" / "cli.py").read_text(encoding="utf-8"))
    hub = _section(text, 'Section /o "Máy chủ xã')
    elevated = re.findall(r'ExecShellWait "runas"', hub)
    assert len(elevated) == 1, "one UAC prompt for the whole rule set"
    rules = [
        seg.split(" & ")[0].split("\"' SW_HIDE")[0]
        for seg in hub.split("netsh advfirewall firewall add rule ")[1:]
    ]
    assert len(rules) == 2, rules
    for rule, proto, port in zip(rules, ("TCP", "UDP"), ("${HUBPORT}", "${MDNSPORT}"), strict=True):
        assert "dir=in" in rule and "action=allow" in rule and 'program="$INSTDIR\\MotCuaXa.exe"' in rule
        assert "profile=private,domain" in rule and "public" not in rule.lower()
        assert f"protocol={proto} localport={port}" in rule
    # An older rule of the same name goes first (a reinstall never stacks duplicates).
    assert hub.index("delete rule") < hub.index("add rule")
    assert "NetworkCategory -eq Public" in hub and "MessageBox" in hub
    uninstall = _section(text, 'Section "Uninstall"')
    assert 'delete rule name="${FWRULE}"' in uninstall
    assert uninstall.index('IfFileExists "$SMSTARTUP') < uninstall.index("delete rule")


def test_installer_script_compiles(tmp_path: Path) -> None:
    makensis = shutil.which("makensis")
    if makensis is None:
        pytest.skip("makensis not installed (apt-get install nsis; scripts/test.sh installs it)")
    dist = tmp_path / "MotCua"
    (dist / "_internal").mkdir(parents=True)
    (dist / "MotCuaXa.exe").write_bytes(b"MZ placeholder")
    (dist / "_internal" / "base_library.zip").write_bytes(b"PK")
    out = tmp_path / "MotCuaXa-0.0.0-setup.exe"  # the name the script gives it
    proc = subprocess.run(
        [makensis, "-WX", "-V2", f"-DDIST={dist}", f"-DOUTFILE={out}", "-DVERSION=0.0.0", NSI.name],
        cwd=NSI.parent, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert out.read_bytes()[:2] == b"MZ" and out.stat().st_size > 50_000
