"""Import direction (design.md "Layout"): app/, sync/ and server/ never pull in Qt; ui/ runs no SQL."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORE_PACKAGES = ("app", "cli", "sync", "server")
# Modules that cannot be imported as libraries, each with the reason; everything else is imported.
NOT_IMPORTABLE = {
    "app.store.migrations.env": "Alembic's env script needs a running migration context; "
    "it is executed below through a real upgrade instead",
    "server.migrations.env": "the hub's Alembic env script, likewise executed below by a real upgrade",
}

PROBE = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys, tempfile
    from pathlib import Path
    packages, skips = json.loads(sys.argv[1]), json.loads(sys.argv[2])
    report = {"imported": [], "missing_packages": [], "errors": {}, "skipped": []}
    for name in packages:
        try:
            pkg = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                report["missing_packages"].append(name)
                continue
            raise
        report["imported"].append(name)
        for info in pkgutil.walk_packages(pkg.__path__, prefix=name + ".", onerror=lambda n: None):
            mod = info.name
            if mod in skips or mod.endswith(".__main__"):
                report["skipped"].append(mod)
                continue
            try:
                importlib.import_module(mod)
                report["imported"].append(mod)
            except Exception as exc:
                report["errors"][mod] = f"{type(exc).__name__}: {exc}"
    # Run the migrations for real: env.py and every version script execute in this process.
    from app.store.engine import make_engine
    from app.store import migrate
    engine = make_engine(Path(tempfile.mkdtemp()) / "probe.sqlite3")
    migrate.upgrade(engine)
    engine.dispose()
    from sqlalchemy import create_engine, text
    from server.migrations import upgrade_or_create
    from server.migrations.schema_v1 import V1Base
    hub = create_engine("sqlite:///" + str(Path(tempfile.mkdtemp()) / "hub.sqlite3"))
    V1Base.metadata.create_all(hub)
    with hub.begin() as conn:
        conn.execute(text("INSERT INTO hub_meta (key, value) VALUES ('schema_version', '1')"))
    upgrade_or_create(hub)  # a version-1 hub: stamps 0001 and upgrades through env.py
    hub.dispose()
    report["qt"] = sorted(m for m in sys.modules if m == "PySide6" or m.startswith(("PySide6.", "shiboken6")))
    print(json.dumps(report))
    """
)


def probe(packages: tuple[str, ...], extra_path: Path | None = None) -> dict[str, Any]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in (ROOT, extra_path) if p is not None)
    env.pop("QT_QPA_PLATFORM", None)
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(packages), json.dumps(sorted(NOT_IMPORTABLE))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    report: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return report


def test_core_packages_never_import_qt() -> None:
    report = probe(CORE_PACKAGES)
    assert report["errors"] == {}, report["errors"]
    assert report["qt"] == [], f"PySide6 imported by a core module: {report['qt']}"
    assert "app" in report["imported"] and "app.store.models" in report["imported"]
    assert "cli.main" in report["imported"] and "app.services.intake" in report["imported"]
    # Skipped: only the declared modules and entry-point __main__ modules (importing runs them).
    assert all(m in NOT_IMPORTABLE or m.endswith(".__main__") for m in report["skipped"]), report["skipped"]
    # A package may be missing only because it has not been written yet.
    for name in report["missing_packages"]:
        assert not (ROOT / name / "__init__.py").exists(), f"{name} exists but failed to import"
    assert len(report["imported"]) >= 30


def test_the_probe_does_catch_qt(tmp_path: Path) -> None:
    """Guard: a core-like package whose submodule imports PySide6 is reported."""
    pkg = tmp_path / "fakecore"
    (pkg / "inner").mkdir(parents=True)
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "inner" / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "inner" / "view.py").write_text("from PySide6 import QtCore\n", encoding="utf-8")
    report = probe(("fakecore", "not_written_yet"), tmp_path)
    assert "fakecore.inner.view" in report["imported"]
    assert "PySide6" in report["qt"]
    assert report["missing_packages"] == ["not_written_yet"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):  # also imports inside functions
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_ui_never_imports_sqlalchemy_or_sqlite() -> None:
    ui = ROOT / "ui"
    files = sorted(ui.rglob("*.py")) if ui.is_dir() else []
    offenders = {
        str(f.relative_to(ROOT)): sorted(
            m for m in _imports(f) if m.split(".")[0] in ("sqlalchemy", "sqlite3")
        )
        for f in files
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_import_scanner_sees_nested_imports(tmp_path: Path) -> None:
    """Guard for the check above: imports inside functions and dotted modules are found."""
    f = tmp_path / "m.py"
    f.write_text(
        "def f():\n    from sqlalchemy.orm import Session\n    import sqlite3 as db\n", encoding="utf-8"
    )
    assert _imports(f) == {"sqlalchemy.orm", "sqlite3"}


# --------------------------------------------------------------------------- the direction of arrows

# design.md "Layout": ui, cli → sync → app; server → sync.protocol (+ the pure vocabulary);
# app imports none of the front ends, sync or server. Every import counts, including those inside
# functions and under TYPE_CHECKING: a lazy import is still an arrow.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "app": ("cli", "ui", "sync", "server", "PySide6", "shiboken6"),
    "sync": ("cli", "ui", "server", "PySide6", "shiboken6"),
    "cli": ("server",),
    "ui": ("server", "cli"),
    "server": ("cli", "ui", "PySide6", "app", "sync"),
}
# What server/ may use of app/ and sync/: the wire protocol and the vocabulary it re-exports.
SERVER_ALLOWED = ("sync.protocol", "app.domain.vocab")
# sync.protocol may take from app only the vocabulary (the hub imports it, and must not need the desk).
PROTOCOL_ALLOWED_APP = ("app.domain.vocab",)
# Declared exceptions, each with its reason.
EXCEPTIONS = {
    # The bundle's GUI entry point hands every non-GUI argument list to the command line.
    ("ui/launch.py", "cli.main"): "entry point dispatcher",
    (
        "ui/launch.py",
        "server.cli",
    ): "entry point dispatcher: `hub ...` runs the office hub of the same install",
    # The office hub relays to the province as a desk would: with the same HTTP client and backoff,
    # which need only sync.protocol and requests (never the desk's app/).
    ("server/relay.py", "sync.client"): "office hub relay is a client of the province hub",
    # The hub's `discover` command browses DNS-SD exactly as a desk's Settings does (zeroconf only).
    ("server/discovery.py", "sync.discovery"): "one DNS-SD browse for the hub's CLI and the desks",
    ("server/blob_relay.py", "sync.client"): "office hub relays attachments as a client of the province",
    ("server/relay_loop.py", "sync.client"): "the relays' shared cycle backs off on the client's errors",
    ("server/cli_lan.py", "sync.client"): "`upstream sync` reports the relays' link errors",
    ("server/relay_loop.py", "sync.backoff"): "the relays' shared cycle backs off on the client's errors",
}


def _absolute_imports(path: Path, root: Path = ROOT) -> set[str]:
    """Every imported module of ``path``, relative imports resolved against its package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = list(path.relative_to(root).with_suffix("").parts)[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.add(module)
            # ``from app import usecases`` imports app.usecases: count the submodules too.
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _hits(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def arrows_against_the_direction(root: Path = ROOT) -> dict[str, list[str]]:
    bad: dict[str, list[str]] = {}
    for top, forbidden in FORBIDDEN.items():
        folder = root / top
        if not folder.is_dir():
            continue
        for f in sorted(folder.rglob("*.py")):
            if ".venv" in f.parts:
                continue
            rel = str(f.relative_to(root))
            for m in sorted(_absolute_imports(f, root)):
                wrong = any(_hits(m, p) for p in forbidden)
                if top == "server" and any(_hits(m, ok) for ok in SERVER_ALLOWED):
                    wrong = False
                if top == "server" and m in ("app", "app.domain", "sync"):
                    wrong = False  # the packages of the allowed modules themselves
                if (
                    rel == "sync/protocol.py"
                    and _hits(m, "app")
                    and m not in ("app", "app.domain")
                    and not any(_hits(m, ok) for ok in PROTOCOL_ALLOWED_APP)
                ):
                    wrong = True  # the hub loads sync.protocol: it must not pull in the desk
                if wrong and not any(rel == f and _hits(m, mod) for f, mod in EXCEPTIONS):
                    bad.setdefault(rel, []).append(m)
    return bad


def test_every_import_points_the_right_way() -> None:
    assert arrows_against_the_direction() == {}


def test_the_direction_check_catches_nested_and_relative_imports(tmp_path: Path) -> None:
    """Guard: a function-level ``import ui``, a relative import climbing into sync, and a server
    module reaching the desk's store are all reported; the pure vocabulary is not."""
    (tmp_path / "app" / "inner").mkdir(parents=True)
    (tmp_path / "server").mkdir()
    (tmp_path / "app" / "inner" / "x.py").write_text(
        "def f():\n    from ui.qt_print import QtPrinter\n", encoding="utf-8"
    )
    (tmp_path / "app" / "inner" / "y.py").write_text("from ..store import models\n", encoding="utf-8")
    (tmp_path / "server" / "s.py").write_text(
        "from app.store.models import Dossier\nfrom sync.protocol import STATUSES\n"
        "from app.domain.vocab import Status\n",
        encoding="utf-8",
    )
    (tmp_path / "server" / "t.py").write_text("from sync import engine\n", encoding="utf-8")
    bad = arrows_against_the_direction(tmp_path)
    assert bad["app/inner/x.py"] == ["ui.qt_print", "ui.qt_print.QtPrinter"]
    assert "app/inner/y.py" not in bad  # app.store from app is fine
    assert bad["server/s.py"] == ["app.store.models", "app.store.models.Dossier"]
    assert bad["server/t.py"] == ["sync.engine"]
