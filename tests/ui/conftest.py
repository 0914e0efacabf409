from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# QSettings (printer, copies, geometry) must not touch the developer's own preferences.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="motcua-ui-settings-")


@pytest.fixture
def app_setup(qapp: Any) -> Any:
    from ui.app import setup_application

    setup_application(qapp)
    return qapp


@pytest.fixture
def desk_app(app_setup: Any, tmp_path: Path, qtbot: Any) -> Iterator[Any]:
    from ui.app import DeskApp

    made = DeskApp(tmp_path / "data")
    screens: list[str] = []
    made.ready.connect(screens.append)
    made.screens = screens
    yield made
    made.window.hide()
    if made.wizard is not None:
        made.wizard.hide()
    made.shutdown()
    made.window.deleteLater()


@pytest.fixture(scope="session", autouse=True)
def gc_on_the_gui_thread_only() -> Iterator[None]:
    """As the desk does (ui/gc_guard.py): no automatic collection while Qt objects and worker
    threads live side by side; a collection on a worker destroyed a widget there and segfaulted a
    CI run. Each test's garbage is collected on this (the GUI) thread when it ends."""
    import gc

    was = gc.isenabled()
    gc.disable()
    yield
    gc.collect()
    if was:
        gc.enable()


@pytest.fixture(autouse=True)
def collect_after_each_test() -> Iterator[None]:
    import gc

    yield
    gc.collect()


@pytest.fixture(autouse=True)
def fresh_preferences() -> Iterator[None]:
    """Each test starts as on a PC with no remembered preferences (printer, copies, geometry):
    tests/ui/test_panels.py leaves one copy remembered, and a later file in the same process
    then saw that instead of the default (pytest-xdist deals files to processes in any order)."""
    from ui.context import settings

    prefs = settings()
    prefs.clear()
    prefs.sync()
    yield
