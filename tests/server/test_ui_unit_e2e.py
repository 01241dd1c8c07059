"""End to end against the test suite's PostgreSQL, with the real unit-mode client: a workstation connected
in the main window with IT's connection file (the account's encrypted cache made, its background sync
started), the status line following the server being stopped and started, a case documented and signed
offline through the services of the signed-in session, sent when the server is back and listed, opened
and shown as signed on a second workstation, signing in again offline, and a draft edited in two rooms
resolved in the conflict dialog."""

from __future__ import annotations

import functools
import uuid
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from injurydoc.services import unit_desktop, unit_mode, unit_sync
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.photos import PhotoService
from injurydoc.services.unit_connection import ConnectionSettings
from injurydoc.store.keyslots import TEST_KDF
from injurydoc.sync.outbox import Outbox, StoreConnection
from injurydoc.sync.pull import cached_examination, pull
from injurydoc.sync.push import push
from injurydoc.ui.app import install_translations
from injurydoc.ui.main_window import MainWindow
from injurydoc.ui.unit_connect_wizard import UnitConnectWizard
from tests.server import unit_cases
from tests.server.test_ui_unit_connect import connection_file
from tests.server.unit_cases import document
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
    wizard.account_page.username_edit.setText(user)
    wizard.account_page.password_edit.setText(PASSWORD)
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.flow.state.value == "first_sync", timeout=TIMEOUT)
    qtbot.waitUntil(
        lambda: wizard.sync_page.sync_bar.value() == 1000, timeout=TIMEOUT
    )  # the first sync finished
    wizard.next_button.click()  # start working
    assert wizard.flow.state.value == "done" and "anna" in wizard.done_page.done_label.text()
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
        case = document(session)  # registered, documented, photographed and signed through the services
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
        cached = cached_examination(Outbox(StoreConnection(other.db)), case.exam_id)
        assert cached is not None and cached["signature"] is not None
        # in room 5's own tables: listed, opened, shown as signed, with the photos
        rows = ExaminationService(other).search("")
        assert [r.examination_id for r in rows] == [case.exam_id]
        opened = ExaminationService(other).get(case.exam_id)
        assert opened.is_signed and not ExaminationService(other).signature(opened).broken
        assert len(PhotoService(other).records(case.exam_id)) == 2
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
        document(session)
        queued = session.db.scalar("SELECT count(*) FROM sync_outbox WHERE kind <> 'log'")
        w.sync_runner.sync_now()
        qtbot.waitUntil(lambda: w.sync_runner.status().state == "offline", timeout=TIMEOUT)
        # The status of an attempt made after all of it was queued (one started meanwhile counted a part).
        qtbot.waitUntil(lambda: w.sync_runner.status().unsent == queued > 0, timeout=TIMEOUT)
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
            records = again.db.scalar("SELECT count(*) FROM sync_outbox WHERE kind <> 'log'")
            assert records == unsent > 0  # (and the access-log entries of this session, queued too)
            assert again.db.scalar("SELECT count(*) FROM sync_outbox WHERE kind = 'log'") > 0
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
    # A draft documented here reaches the server; anna continues it in room 5 too.
    case = document(session, sign=False)
    w.sync_runner.sync_now()
    qtbot.waitUntil(lambda: w.sync_runner.status().unsent == 0, timeout=TIMEOUT)
    room5 = unit_cases.cache(world, "anna", tmp_path / "room5")
    try:
        with world.db.connect("anna", autocommit=False) as conn:
            pull(conn, Outbox(StoreConnection(room5.db)), unit_key=room5.unit_key)
        # both edit the same version while the server is away
        world.close()
        world.db.cluster.pause()
        try:
            ExaminationService(session).update(case.exam_id, patient_account="Slagen mot armen, knuffad.")
            ExaminationService(room5).update(case.exam_id, assessment="Stämmer.")
        finally:
            world.db.cluster.resume()
        with world.db.connect("anna", autocommit=False) as conn:
            assert push(conn, Outbox(StoreConnection(room5.db))).remaining == 0
    finally:
        room5.close()
    exam = uuid.UUID(case.exam_id)
    with world.db.owner() as o:
        room5_version = o.execute(
            "SELECT id FROM injurydoc.examination_versions WHERE examination_id = %s"
            " AND content->'fields'->>'assessment' = 'Stämmer.'",
            (exam,),
        ).fetchone()[0]
    w.sync_runner.sync_now()
    qtbot.waitUntil(lambda: w.sync_runner.status().conflicts == 1, timeout=TIMEOUT)
    with world.db.owner() as o:
        room3 = o.execute(
            "SELECT id FROM injurydoc.examination_versions WHERE examination_id = %s"
            " AND content->'fields'->>'patient_account' = 'Slagen mot armen, knuffad.'",
            (exam,),
        ).fetchone()[0]
    room5 = room5_version

    opened: list[str] = []
    w.unit_cases.open_requested.connect(opened.append)  # what asks the window for the editor
    w.open_exam(str(exam))
    qtbot.waitUntil(lambda: w.unit_cases.conflict_dialog is not None, timeout=TIMEOUT)
    dlg = w.unit_cases.conflict_dialog
    assert dlg.isVisible() and opened == []
    texts = {label.text() for label in dlg.findChildren(type(dlg.summary))}
    assert {"Slagen mot armen, knuffad.", "Stämmer."} <= texts
    first = 0 if dlg.conflict.versions[0].id == str(room3) else 1
    dlg.groups["account"].button(first).setChecked(True)  # room 3's account ...
    dlg.groups["assessment"].button(1 - first).setChecked(True)  # ... and room 5's assessment: a merge
    dlg.keep_button.click()
    qtbot.waitUntil(lambda: opened == [str(exam)], timeout=TIMEOUT)
    qtbot.waitUntil(lambda: w.editor.exam is not None and w.editor.exam.id == str(exam), timeout=TIMEOUT)
    assert w.stack.currentWidget() is w.editor and w.editor.exam.assessment == "Stämmer."  # the merged draft

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
    fields = row[1]["fields"]
    assert fields["patient_account"] == "Slagen mot armen, knuffad." and fields["assessment"] == "Stämmer."
    # the draft here is the merged one, and goes on from the resolution
    merged = ExaminationService(session).get(case.exam_id)
    assert merged.patient_account == "Slagen mot armen, knuffad." and merged.assessment == "Stämmer."
    logged = session.db.all("SELECT details FROM audit_log WHERE details LIKE '%draft_conflict_resolved%'")
    assert len(logged) == 1
