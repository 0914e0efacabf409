"""Locate bundled resources from a source checkout, an installed wheel or a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The folder holding fonts, catalogue, calendar and translations.

    PyInstaller unpacks data files under ``sys._MEIPASS``; the spec copies ``resources/`` there
    verbatim, so one lookup serves source, wheel and frozen copies alike.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"bundled resource missing: {path}")
    return path
