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
