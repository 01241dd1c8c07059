"""Where the program keeps things on this computer, without Qt.

The GUI asks ``QStandardPaths.AppLocalDataLocation`` (organisation and application both "injurydoc");
this module gives the same folder to code that must not import Qt (the CLI, ``--version``).  A test
checks that both agree.  The local (not roaming) folder on purpose: an encrypted database does not
belong in a Windows roaming profile that is copied to a server at every sign-out.

A store chosen by the user (for example on a shared local folder) can be anywhere; the GUI remembers
the last one in its settings (``store/last_folder``).  A folder path is not patient data.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ORG = APP = "injurydoc"


def app_data_dir() -> Path:
    """The per-user data folder: what ``QStandardPaths.AppLocalDataLocation`` returns."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Application Support")
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = xdg if os.path.isabs(xdg) else str(Path.home() / ".local" / "share")
    return Path(base) / ORG / APP


def default_store_folder() -> Path:
    """The store folder offered at first start when no other store was chosen."""
    return app_data_dir() / "stores" / "default"
