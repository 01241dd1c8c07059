"""The one way to find files in ``resources/``: source checkout, installed tree or frozen build.

A frozen build (PyInstaller, one-folder) unpacks nothing: its data files sit in the bundle folder,
``sys._MEIPASS`` (``<install>/_internal`` since PyInstaller 6).  Freezers without ``_MEIPASS`` put them
next to the executable.  ``INJURYDOC_RESOURCES`` overrides both (tests, unusual layouts).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def bundle_dir() -> Path:
    """The folder that holds ``resources/`` (and, in a frozen build, ``licences/``)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    override = os.environ.get("INJURYDOC_RESOURCES")
    if override:
        return Path(override)
    return bundle_dir() / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
