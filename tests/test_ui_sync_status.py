"""The sync status in the main window: quiet, always visible in unit mode, never a dialog for a network
hiccup; sign-out with unsent work says what stays where; a training store never syncs.

The runner here is a stand-in with the shape of ``services.unit_sync.SyncRunner`` that reports from its own
thread, as the real one does (the end-to-end test in tests/server/test_ui_unit_e2e.py uses the real one)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from injurydoc.services import unit_desktop
from injurydoc.services.unit_status import SyncStatus
from injurydoc.ui.app import install_translations
from injurydoc.ui.main_window import MainWindow

from .conftest import PASSWORD


class FakeRunner:
    def __init__(self) -> None:
        self.current = SyncStatus(
            mode="unit", state="online", last_sync=dt.datetime(2026, 12, 5, 13, 5, tzinfo=dt.UTC)
        )
        self.listeners: list[Any] = []
        self.started = self.stopped = False
        self.sync_requests = 0

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.stopped = True

    def sync_now(self) -> None:
        self.sync_requests += 1

    def status(self) -> SyncStatus:
        return self.current

    def add_listener(self, callback: Any) -> None:
        self.listeners.append(callback)

    def remove_listener(self, callback: Any) -> None:
        self.listeners.remove(callback)

    def report(self, **changes: Any) -> None:
        """As the real runner: the status changes and the listeners hear of it on the runner's thread."""
        self.current = dataclasses.replace(self.current, **changes)
        t = threading.Thread(target=lambda: [cb(self.current) for cb in self.listeners])
        t.start()
        t.join()


@pytest.fixture
def runner(monkeypatch):
    r = FakeRunner()
    monkeypatch.setattr(unit_desktop, "sync_runner_for", lambda session: None if session.is_training else r)
    return r


@pytest.fixture
def window(qtbot, qapp, store):
    install_translations(qapp, "sv")
    w = MainWindow(store.folder)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def _sign_in(qtbot, w, user="anna"):
    w.signin.user_edit.setText(user)
    w.signin.password_edit.setText(PASSWORD)
    w.signin.button.click()
    qtbot.waitUntil(lambda: w.session is not None, timeout=10000)


def _no_dialog() -> bool:
    return not [
        x for x in QApplication.topLevelWidgets() if isinstance(x, QDialog | QMessageBox) and x.isVisible()
    ]


def _local(hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2026, 12, 5, hour, minute).astimezone()


def test_status_follows_the_runner_without_any_dialog(qtbot, window, runner):
    _sign_in(qtbot, window)
    line = window.sync_status
    assert line is not None and runner.started and line.isVisible()
    assert line.text.text().startswith("Ansluten · synkad")

    runner.report(state="offline", offline_since=_local(14, 2), unsent=3)
    qtbot.waitUntil(lambda: "Ej ansluten sedan 14:02" in line.text.text(), timeout=5000)
    assert "3 ej skickade" in line.text.text()
    assert _no_dialog()

    runner.report(state="sending", photos_to_send=12, bytes_sent=40, bytes_total=160)
    qtbot.waitUntil(lambda: line.text.text() == "Skickar 12 bilder", timeout=5000)
    assert line.progress.isVisible() and line.progress.value() == 250
    assert _no_dialog()

    runner.report(state="online", photos_to_send=0, unsent=0, bytes_sent=0, bytes_total=0)
    qtbot.waitUntil(lambda: line.text.text().startswith("Ansluten"), timeout=5000)
    assert not line.progress.isVisible()
    line.sync_button.click()
    assert runner.sync_requests == 1


def test_attention_is_explained_only_when_asked_and_not_modally(qtbot, window, runner):
    _sign_in(qtbot, window)
    line = window.sync_status
    runner.report(state="attention", attention="server.denied")
    qtbot.waitUntil(lambda: line.attention_button.isVisible(), timeout=5000)
    assert line.text.text() == "Behöver åtgärd" and _no_dialog()
    line.attention_button.click()
    box = line.explanation
    assert box is not None and box.isVisible() and not box.isModal()
    assert "behörighet" in box.text()
    box.close()


def test_sign_out_with_unsent_work_says_what_stays_where(qtbot, window, runner):
    _sign_in(qtbot, window)
    runner.report(state="offline", offline_since=_local(9, 30), unsent=7, photos_to_send=4)
    window.start.sign_out_requested.emit()
    box = window.unsent_box
    assert box.isVisible()
    assert "3 ändringar och 4 bilder" in box.text() and "krypterade" in box.text()
    assert "nästa gång du loggar in här" in box.text()
    stay = box.defaultButton()
    stay.click()
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=5000)
    assert window.session is not None and not runner.stopped  # still signed in, nothing dropped

    window.start.sign_out_requested.emit()
    box = window.unsent_box
    next(b for b in box.buttons() if b is not box.defaultButton()).click()
    qtbot.waitUntil(lambda: window.session is None, timeout=5000)
    window.ops.wait()
    assert runner.stopped
    assert window.stack.currentWidget() is window.signin
    assert window.sync_status is not None and window.sync_status.text.text() == ""


def test_sign_out_with_nothing_unsent_asks_nothing(qtbot, window, runner):
    _sign_in(qtbot, window)
    window.start.sign_out_requested.emit()
    qtbot.waitUntil(lambda: window.session is None, timeout=5000)
    assert not hasattr(window, "unsent_box")


def test_a_late_report_after_sign_out_is_dropped(qtbot, window, runner):
    _sign_in(qtbot, window)
    window.sign_out()
    runner.report(state="offline", offline_since=_local(10, 0))
    qtbot.wait(50)
    assert window.sync_status.text.text() == ""


def test_a_training_store_never_syncs(qtbot, qapp, training_store, monkeypatch):
    calls: list[object] = []
    real = unit_desktop.sync_runner_for
    monkeypatch.setattr(unit_desktop, "sync_runner_for", lambda s: calls.append(s) or real(s))
    install_translations(qapp, "sv")
    w = MainWindow(training_store.folder)
    qtbot.addWidget(w)
    w.show()
    _sign_in(qtbot, w, "chef")
    assert w.session.is_training and calls == [w.session]
    assert w.sync_runner is None and w.sync_status is None
    w.close()


def test_sign_out_and_closing_the_window_remove_the_listener(qtbot, window, runner):
    """A window that is gone (or signed out) is never called by the runner again."""
    _sign_in(qtbot, window)
    assert len(runner.listeners) == 1
    window.sign_out()
    assert runner.listeners == []
    _sign_in(qtbot, window)
    assert len(runner.listeners) == 1  # one again, not two
    window.close()
    assert runner.listeners == []
    window.ops.wait()
