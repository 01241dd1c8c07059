"""Logging set-up shared by the CLI and the GUI.

Named loggers, no patient data at any level (CONVENTIONS.md).  Libraries such as pyHanko log
certificate-validation details with tracebacks at WARNING; the user gets our verdict instead, so those
loggers are kept quiet.
"""

from __future__ import annotations

import logging

QUIET = ("pyhanko", "pyhanko_certvalidator", "fontTools", "PIL", "svglib", "asyncio")


def configure() -> None:
    root = logging.getLogger()
    if not any(isinstance(h, logging.NullHandler) for h in root.handlers):
        root.addHandler(logging.NullHandler())  # no "last resort" printing to stderr
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.CRITICAL)
