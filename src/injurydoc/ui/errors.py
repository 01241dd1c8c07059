"""Showing errors: what the world did as a plain message; a bug as one crash dialog without patient data."""

from __future__ import annotations

import os
import sys
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from injurydoc.domain import texts
from injurydoc.domain.errors import KnownError, Lang


def current_lang() -> Lang:
    app = QApplication.instance()
    lang = app.property("injurydoc_lang") if app is not None else None
    return "en" if lang == "en" else "sv"


def show_known(parent: QWidget | None, exc: KnownError) -> None:
    QMessageBox.warning(parent, "injurydoc", exc.message(current_lang()))


def handle(parent: QWidget | None, exc: BaseException) -> None:
    """Route an exception from a background job: known errors are shown, bugs go to the crash dialog."""
    if isinstance(exc, KnownError):
        show_known(parent, exc)
    else:
        crash(type(exc), exc, exc.__traceback__)


def crash(exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None) -> None:
    if exc is not None and os.environ.get("INJURYDOC_TEST_RAISE_BUGS") == "1":
        raise exc  # the test suite: a bug fails the test instead of waiting behind a dialog
    from injurydoc.crash import write_report

    path = write_report(exc_type, tb)
    text = texts.text("app.crash", current_lang(), path=path)
    if QApplication.instance() is not None:
        QMessageBox.critical(None, "injurydoc", text)
    else:
        print(text, file=sys.stderr)  # noqa: T201 - no GUI to show it in


def install_crash_handler() -> None:
    sys.excepthook = crash
