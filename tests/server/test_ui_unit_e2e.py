"""End to end against the test suite's PostgreSQL, with the real unit-mode client: a workstation connected
in the main window with IT's connection file (the account's encrypted cache made, its background sync
started), the status line following the server being stopped and started, work going on offline, a case
sent from this workstation landing in a second workstation's cache, and signing in again offline."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from injurydoc.services import unit_desktop, unit_mode, unit_sync
from injurydoc.services.unit_connection import ConnectionSettings
from injurydoc.store.keyslots import TEST_KDF
from injurydoc.sync.outbox import Outbox, StoreConnection
from injurydoc.sync.pull import cached_examination
from injurydoc.ui.app import install_translations
from injurydoc.ui.main_window import MainWindow
from injurydoc.ui.unit_connect_wizard import UnitConnectWizard
from tests.server.sync_cases import queue_examination
from tests.server.test_ui_unit_connect import connection_file
from tests.server.world import PASSWORD, World

TIMEOUT = 30000


@pytest.fixture
def window(qtbot, qapp, tmp_path, monkeypatch):
    install_translations(qapp, "sv")
    monkeypatch.setattr(
        unit_desktop, "first_sign_in", functools.partial(unit_desktop.first_sign_in, kdf=TEST_KDF)
    )
    w = MainWindow(tmp_path / "no-store-here")
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def _no_message_box() -> bool:
    return not [x for x in QApplication.topLevelWidgets() if isinstance(x, QMessageBox) and x.isVisible()]


def _connect(qtbot, w: MainWindow, world: World, tmp_path, user: str = "anna") -> UnitConnectWizard:
    w.open_unit_connect()
    wizard = w.unit_connect_wizard
    wizard.open_file(connection_file(tmp_path, world))
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.flow.state.value == "account", timeout=TIMEOUT)
    wizard.username_edit.setText(user)
    wizard.password_edit.setText(PASSWORD)
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.flow.state.value == "first_sync", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: wizard.sync_bar.value() == 1000, timeout=TIMEOUT)  # the first sync finished
    wizard.next_button.click()  # start working
    assert wizard.flow.state.value == "done" and "anna" in wizard.done_label.text()
    wizard.next_button.click()
    qtbot.waitUntil(lambda: w.session is not None, timeout=TIMEOUT)
    return wizard


def test_connect_work_offline_come_back_and_reach_a_second_workstation(qtbot, window, world, tmp_path):
    w = window
    _connect(qtbot, w, world, tmp_path)
    session = w.session
    assert unit_mode.is_unit(session.db) and session.account.username == "anna"
    line = w.sync_status
    assert line is not None and line.isVisible()
    qtbot.waitUntil(lambda: line.text.text().startswith("Ansluten"), timeout=TIMEOUT)

    # The server stops: the status says so, quietly; work goes on and is queued.
    world.close()
    world.db.cluster.pause()
    try:
        w.sync_runner.sync_now()
        qtbot.waitUntil(lambda: line.text.text().startswith("Ej ansluten sedan"), timeout=TIMEOUT)
        assert _no_message_box()
        outbox = Outbox(StoreConnection(session.db))
        case = queue_examination(world, outbox, "anna")
        w.sync_runner.sync_now()
        qtbot.waitUntil(lambda: "ej skickade" in line.text.text(), timeout=TIMEOUT)
        assert _no_message_box() and outbox.count() > 0
    finally:
        world.db.cluster.resume()

    # It comes back: everything is sent, the status is online again.
    w.sync_runner.sync_now()
    qtbot.waitUntil(lambda: outbox.count() == 0, timeout=TIMEOUT)
    qtbot.waitUntil(
        lambda: line.text.text().startswith("Ansluten") and "att skicka" not in line.text.text(),
        timeout=TIMEOUT,
    )

    # A second workstation (another account's cache) pulls the case.
    settings = ConnectionSettings(str(world.db.cluster.socket_dir), 5432, world.db.name)
    other = unit_desktop.first_sign_in(
        settings, None, "erik", PASSWORD, kdf=TEST_KDF, root=tmp_path / "room5"
    )
    try:
        runner = unit_sync.runner_for(other)
        assert runner is not None
        runner.start()
        runner.sync_now()
        assert runner.wait_rounds(1, 60)
        cached = cached_examination(Outbox(StoreConnection(other.db)), str(case["exam"]))
        assert cached is not None and cached["signature"] is not None
    finally:
        runner.stop()
        other.close()

    # Sign-out with nothing unsent asks nothing; signing in again needs no network.
    w.confirm_sign_out()
    qtbot.waitUntil(lambda: w.session is None, timeout=TIMEOUT)
    w.ops.wait()
    world.db.cluster.pause()
    try:
        w.signin.user_edit.setText("anna")
        w.signin.password_edit.setText(PASSWORD)
        w.signin.button.click()
        qtbot.waitUntil(lambda: w.session is not None, timeout=TIMEOUT)
        qtbot.waitUntil(lambda: line.text.text().startswith("Ej ansluten"), timeout=TIMEOUT)
        assert w.stack.currentWidget() is w.start
    finally:
        world.db.cluster.resume()


def test_sign_out_offline_with_unsent_work_keeps_it_for_next_time(qtbot, window, world, tmp_path):
    w = window
    _connect(qtbot, w, world, tmp_path)
    session: Any = w.session
    world.close()
    world.db.cluster.pause()
    try:
        queue_examination(world, Outbox(StoreConnection(session.db)), "anna")
        w.sync_runner.sync_now()
        qtbot.waitUntil(lambda: w.sync_runner.status().state == "offline", timeout=TIMEOUT)
        qtbot.waitUntil(lambda: w.sync_runner.status().unsent > 0, timeout=TIMEOUT)
        unsent = w.sync_runner.status().unsent
        w.start.sign_out_requested.emit()
        box = w.unsent_box
        assert "bilder har inte kommit fram" in box.text() and "krypterade" in box.text()
        next(b for b in box.buttons() if b is not box.defaultButton()).click()
        qtbot.waitUntil(lambda: w.session is None, timeout=TIMEOUT)
        w.ops.wait()
        # The cache still holds all of it, for the next sign-in on this workstation.
        again = unit_mode.sign_in_unit("anna", PASSWORD)
        try:
            assert Outbox(StoreConnection(again.db)).count() == unsent > 0
        finally:
            again.close()
    finally:
        world.db.cluster.resume()


def test_a_draft_edited_on_two_workstations_opens_side_by_side_and_the_choice_is_recorded(
    qtbot, window, world, tmp_path
):
    w = window
    _connect(qtbot, w, world, tmp_path)
    session: Any = w.session
    # Room 3 and room 5 each saved an edit of the same version while offline; both reached the server.
    patient = world.add_patient("anna")
    exam = world.add_exam("anna", patient)
    base = world.add_version("anna", exam, content={"patient_account": "Slagen mot armen."})
    room3 = world.add_version(
        "anna", exam, parent=base, content={"patient_account": "Slagen mot armen, knuffad."}
    )
    room5 = world.add_version(
        "anna", exam, parent=base, content={"patient_account": "Slagen mot armen.", "assessment": "Stämmer."}
    )
    w.sync_runner.sync_now()
    qtbot.waitUntil(lambda: w.sync_runner.status().conflicts == 1, timeout=TIMEOUT)

    opened: list[str] = []
    w._open_in_editor = opened.append  # the editor itself is not what is tested here
    w.open_exam(str(exam))
    qtbot.waitUntil(lambda: getattr(w, "conflict_dialog", None) is not None, timeout=TIMEOUT)
    dlg = w.conflict_dialog
    assert dlg.isVisible() and opened == []
    texts = {label.text() for label in dlg.findChildren(type(dlg.summary))}
    assert {"Slagen mot armen, knuffad.", "Stämmer."} <= texts
    first = 0 if dlg.conflict.versions[0].id == str(room3) else 1
    dlg.groups["account"].button(first).setChecked(True)  # room 3's account ...
    dlg.groups["assessment"].button(1 - first).setChecked(True)  # ... and room 5's assessment: a merge
    dlg.keep_button.click()
    qtbot.waitUntil(lambda: opened == [str(exam)], timeout=TIMEOUT)

    w.sync_runner.sync_now()
    qtbot.waitUntil(
        lambda: w.sync_runner.status().conflicts == 0 and w.sync_runner.status().unsent == 0, timeout=TIMEOUT
    )
    with world.db.owner() as o:
        row = o.execute(
            "SELECT parent_id, content FROM injurydoc.examination_versions"
            " WHERE examination_id = %s AND content ? 'supersedes'",
            (exam,),
        ).fetchone()
    assert row is not None and row[0] == room3 and row[1]["supersedes"] == [str(room5)]
    assert row[1]["patient_account"] == "Slagen mot armen, knuffad." and row[1]["assessment"] == "Stämmer."
    logged = session.db.all("SELECT details FROM audit_log WHERE details LIKE '%draft_conflict_resolved%'")
    assert len(logged) == 1
