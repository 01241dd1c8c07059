"""Crash reports for bugs, written without patient data.

A report holds the program version, the exception's type and the stack as file/line/function only.
Exception messages and local variables are left out on purpose: they may contain names, personal
numbers or free text.  Used by the CLI now and by the GUI's crash dialog.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import traceback
from pathlib import Path
from types import TracebackType


def crash_dir() -> Path:
    """Linux: ``$XDG_STATE_HOME/injurydoc/crash-reports`` (``~/.local/state``; a relative value is ignored,
    as the XDG specification asks).  Windows and macOS: ``crash-reports`` in the program's local data folder
    (``%LOCALAPPDATA%\\injurydoc\\injurydoc``), not in the roaming profile."""
    if sys.platform in ("win32", "darwin"):
        from injurydoc.paths import app_data_dir

        return app_data_dir() / "crash-reports"
    xdg = os.environ.get("XDG_STATE_HOME", "")
    base = xdg if os.path.isabs(xdg) else str(Path.home() / ".local" / "state")
    return Path(base) / "injurydoc" / "crash-reports"


def format_report(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    from injurydoc import __version__

    frames = traceback.extract_tb(tb)
    lines = [
        "injurydoc crash report (contains no patient data: no messages, no values)",
        f"version: {__version__}",
        f"python: {platform.python_version()} on {platform.system()} {platform.machine()}",
        f"time: {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}",
        f"exception: {exc_type.__module__}.{exc_type.__qualname__}",
        "stack:",
    ]
    for fr in frames:
        # Only our own files and libraries by base name; never the line's source text.
        lines.append(f"  {Path(fr.filename).name}:{fr.lineno} in {fr.name}")
    return "\n".join(lines) + "\n"


def write_report(
    exc_type: type[BaseException], tb: TracebackType | None, folder: Path | None = None
) -> Path | None:
    folder = folder or crash_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = folder / f"crash-{stamp}-{os.getpid()}.txt"
        path.write_text(format_report(exc_type, tb), encoding="utf-8")
        os.chmod(path, 0o600)
        return path
    except OSError:
        return None


def report_current(stream_lang: str = "sv") -> Path | None:
    exc_type, _exc, tb = sys.exc_info()
    if exc_type is None:
        return None
    return write_report(exc_type, tb)
