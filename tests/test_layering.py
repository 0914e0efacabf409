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
