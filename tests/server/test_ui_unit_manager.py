"""The unit manager's "Workstations" tab in unit mode, read from the real server: the unit's workstations,
the one quiet for days marked; offline says so in the tab, without a dialog; hidden in standalone mode."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from injurydoc.services import unit_desktop
from injurydoc.services.unit_connection import ConnectionSettings
from injurydoc.ui.app import install_translations
from injurydoc.ui.manager_page import ManagerPage
from injurydoc.ui.ops import Ops
from tests.server.world import PASSWORD, World

TIMEOUT = 15000


@pytest.fixture
def page(qtbot, qapp):
    install_translations(qapp, "sv")
    ops = Ops()
    p = ManagerPage(ops)
    qtbot.addWidget(p)
    p.show()
    yield p
    p.close_session()
    ops.wait()


def _quiet_room(world: World) -> None:
    room3, room5 = uuid.uuid4(), uuid.uuid4()
    world.as_("anna").execute("SELECT injurydoc.report_sync(%s, 'Rum 3', 'ok', '0.9')", (room3,))
    world.as_("erik").execute("SELECT injurydoc.report_sync(%s, 'Rum 5', 'ok', '0.9')", (room5,))
    with world.db.superuser() as su:
        su.execute(
            "UPDATE injurydoc.workstations SET last_sync_at = now() - interval '6 days' WHERE id = %s",
            (room5,),
        )


def test_workstations_tab_marks_the_quiet_one(qtbot, page, world, store):
    from injurydoc.server import reads

    _quiet_room(world)
    for user in ("anna", "bo"):  # a read on each unit's server rows, logged by the server
        with world.db.connect(user, autocommit=False) as conn:
            reads.read_patients(conn)
    session = store.sign_in("chef")
    settings = ConnectionSettings(str(world.db.cluster.socket_dir), 5432, world.db.name)
    unit_desktop.register_server_link(
        session, lambda: unit_desktop.open_connection(settings, "chef", PASSWORD)
    )
    try:
        page.open_session(session)
        view = page.workstations
        assert view is not None and page.tabs.isTabVisible(page.tabs.indexOf(view))
        qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=TIMEOUT)
        first = view.model.index(0, 0)
        assert first.data() == "Rum 5" and view.model.index(0, 2).data() == "6"
        assert first.data(Qt.ItemDataRole.FontRole).bold()
        assert view.model.index(1, 0).data(Qt.ItemDataRole.FontRole) is None
        assert "Rum 5" in view.summary.text() and "3 dagar" in view.summary.text()

        # the unit-wide log on the server: anna's reads (logged by the server), not the other unit's
        log = view.unit_log
        assert log is not None and page.tabs.isTabVisible(page.tabs.indexOf(log))
        qtbot.waitUntil(lambda: log.model.rowCount() > 0, timeout=TIMEOUT)
        users = {log.model.index(r, 2).data() for r in range(log.model.rowCount())}
        assert "anna" in users and "bo" not in users
        assert "Läste" in {log.model.index(r, 3).data() for r in range(log.model.rowCount())}

        world.close()
        world.db.cluster.pause()
        try:
            view.refresh()
            qtbot.waitUntil(lambda: "svarar inte" in view.summary.text(), timeout=TIMEOUT)
        finally:
            world.db.cluster.resume()
        assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        page.close_session()
        assert view.model.rowCount() == 0
    finally:
        page.close_session()
        page.ops.wait()
        session.close()


def test_no_workstations_tab_in_standalone_mode(qtbot, page, store):
    session = store.sign_in("chef")
    try:
        page.open_session(session)
        assert page.workstations is None
    finally:
        page.close_session()
        page.ops.wait()
        session.close()
