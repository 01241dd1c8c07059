"""ops.run's default error handler and the variant for work without a store."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QMessageBox, QWidget

from injurydoc.domain.errors import StoreError
from injurydoc.ui import errors
from injurydoc.ui.app import install_translations
from injurydoc.ui.ops import Ops


class _Page(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.ops = Ops(self)
        self.results: list[object] = []

    def done(self, result: object) -> None:
        self.results.append(result)


def _watch(monkeypatch):
    shown: list[tuple[object, str]] = []
    crashed: list[BaseException] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, _t, text: shown.append((parent, text)))
    monkeypatch.setattr(errors, "crash", lambda _t, e, _tb: crashed.append(e))
    return shown, crashed


def _raise(exc: BaseException):
    def fn() -> None:
        raise exc

    return fn


def test_a_known_error_without_a_handler_is_a_message_in_the_users_language(monkeypatch, qtbot, qapp):
    install_translations(qapp, "sv")
    shown, crashed = _watch(monkeypatch)
    page = _Page()
    qtbot.addWidget(page)
    page.ops.run(_raise(StoreError("store.disk_full")), page.done)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert shown == [(page, StoreError("store.disk_full").message("sv"))]
    assert crashed == [] and page.results == []


def test_a_bug_without_a_handler_goes_to_the_crash_dialog(monkeypatch, qtbot, qapp):
    shown, crashed = _watch(monkeypatch)
    page = _Page()
    qtbot.addWidget(page)
    bug = KeyError("unexpected")
    page.ops.run_without_store(_raise(bug), page.done)
    qtbot.waitUntil(lambda: bool(crashed), timeout=10000)
    assert crashed == [bug] and shown == [] and page.results == []


def test_a_handler_given_replaces_the_default(monkeypatch, qtbot, qapp):
    shown, crashed = _watch(monkeypatch)
    page = _Page()
    qtbot.addWidget(page)
    got: list[BaseException] = []
    page.ops.run(_raise(StoreError("store.disk_full")), page.done, got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10000)
    assert shown == [] and crashed == []


def test_work_without_a_store_does_not_wait_behind_store_work(qtbot, qapp):
    page = _Page()
    qtbot.addWidget(page)
    release = threading.Event()
    page.ops.run(lambda: release.wait(30), page.done)  # the store thread is busy until released
    page.ops.run_without_store(lambda: "checked", page.done)
    qtbot.waitUntil(lambda: page.results == ["checked"], timeout=10000)
    release.set()
    qtbot.waitUntil(lambda: page.results == ["checked", True], timeout=10000)
