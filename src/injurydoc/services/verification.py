"""Checking an evidence package: for anyone, with no store and no sign-in.  The door from ``ui/`` and
``cli/`` to :mod:`injurydoc.export.verify`."""

from __future__ import annotations

from pathlib import Path

from injurydoc.export.verify import (
    EXIT_EXERCISE,
    EXIT_OK,
    AnchorError,
    VerifyReport,
    load_anchor_files,
    verify_package,
)

__all__ = [
    "EXIT_EXERCISE",
    "EXIT_OK",
    "AnchorError",
    "VerifyReport",
    "check_package",
    "load_anchor_files",
    "verify_package",
]


def check_package(package: Path, anchors: list[Path]) -> VerifyReport:
    """The report on ``package`` against the trust anchors in the files ``anchors``.  A package or an
    anchor file that cannot be read at all is a report that says so (``unreadable``), not an error."""
    try:
        return verify_package(package, load_anchor_files(anchors))
    except (OSError, ValueError) as exc:
        return VerifyReport(package=package.name, unreadable=type(exc).__name__)
