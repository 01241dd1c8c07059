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
        users = {log.model.index(r, 3).data() for r in range(log.model.rowCount())}
        assert "anna" in users and "bo" not in users
        assert "Läste" in {log.model.index(r, 4).data() for r in range(log.model.rowCount())}
        assert "Enhetens server" in {log.model.index(r, 2).data() for r in range(log.model.rowCount())}

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


def _manager_session(world: World, store):  # type: ignore[no-untyped-def]
    session = store.sign_in("chef")
    settings = ConnectionSettings(str(world.db.cluster.socket_dir), 5432, world.db.name)
    unit_desktop.register_server_link(
        session, lambda: unit_desktop.open_connection(settings, "chef", PASSWORD)
    )
    return session


def test_unit_log_tab_filters_exports_and_says_when_offline(qtbot, page, world, store, tmp_path, monkeypatch):
    from injurydoc.server import reads
    from injurydoc.ui import unit_log_view

    room3 = uuid.uuid4()
    world.as_("anna").execute("SELECT injurydoc.report_sync(%s, 'Rum 3', 'ok', '0.9')", (room3,))
    world.as_("anna").execute(
        "INSERT INTO injurydoc.access_log (unit_id, account_id, source, action, outcome, target,"
        " workstation_id) VALUES (%s, %s, 'client', 'exported', 'ok', 'examination:x', %s)",
        (world.unit_a, world.ids["anna"], room3),
    )
    with world.db.connect("anna", autocommit=False) as conn:
        reads.read_patients(conn)
    session = _manager_session(world, store)
    try:
        page.open_session(session)
        log = page.workstations.unit_log if page.workstations else None
        assert log is not None
        qtbot.waitUntil(lambda: log.model.rowCount() > 0, timeout=TIMEOUT)
        qtbot.waitUntil(
            lambda: log.account.count() > 3, timeout=TIMEOUT
        )  # the unit's accounts, from the server
        assert (
            log.model.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "Arbetsstation"
        )
        names = [log.account.itemText(i) for i in range(log.account.count())]
        assert any(n.startswith("anna") for n in names) and not any(n.startswith("bo ") for n in names)

        # only anna's exports: one row, from Rum 3
        log.account.setCurrentIndex(log.account.findData(str(world.ids["anna"])))
        log.action.setCurrentIndex(log.action.findData("exported"))
        log.refresh()
        qtbot.waitUntil(lambda: log.model.rowCount() == 1, timeout=TIMEOUT)
        assert log.model.index(0, 2).data() == "Rum 3" and log.model.index(0, 3).data() == "anna"

        # the report as PDF, saved where the manager chose
        target = tmp_path / "rapport.pdf"
        monkeypatch.setattr(unit_log_view, "ask_save_path", lambda *a: target)
        log.export("pdf")
        qtbot.waitUntil(lambda: target.exists() and "Sparad" in log.status.text(), timeout=TIMEOUT)
        assert target.read_bytes().startswith(b"%PDF")

        # the server stops: the tab says so, no dialog, the rows shown stay, no file is written
        world.close()
        world.db.cluster.pause()
        try:
            second = tmp_path / "second.csv"
            monkeypatch.setattr(unit_log_view, "ask_save_path", lambda *a: second)
            log.export("csv")
            qtbot.waitUntil(lambda: "svarar inte" in log.status.text(), timeout=TIMEOUT)
            assert not second.exists() and log.model.rowCount() == 1
        finally:
            world.db.cluster.resume()
        assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        page.close_session()
        assert log.model.rowCount() == 0 and log.account.count() == 1
    finally:
        page.close_session()
        page.ops.wait()
        session.close()


def test_statistics_tab_in_unit_mode_counts_the_unit_from_the_server(
    qtbot, page, world, store, tmp_path, monkeypatch
):
    from injurydoc.ui import statistics_view

    p = world.add_patient("anna")
    for user in ("anna", "erik", "anna", "erik", "anna", "anna"):
        exam = world.add_exam(user, p)
        world.add_version(user, exam, content={"fields": {"concern_report.made": True}})
    q = world.add_patient("bo")
    for _ in range(9):  # the other unit: never counted here
        world.add_exam("bo", q)
    session = _manager_session(world, store)
    try:
        page.open_session(session)
        stats = page.statistics
        assert stats.unit is not None
        page.tabs.setCurrentWidget(stats)  # read (and logged) only when looked at
        qtbot.waitUntil(lambda: stats.model.rowCount() > 0, timeout=TIMEOUT)
        last_month = stats.model.rowCount() - 2
        col = {
            stats.model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole): c
            for c in range(stats.model.columnCount())
        }
        exams = next(c for h, c in col.items() if h.startswith("Undersökningar"))
        assert stats.model.index(last_month, exams).data() == "6"
        assert stats.model.index(last_month + 1, exams).data() == "6"  # the whole period
        assert stats.notes.isVisible() and "krypterat" in stats.notes.text()
        assert "enhetens server" in stats.hint.text().lower()
        assert "hela enheten" in stats.status.text()

        target = tmp_path / "stat.pdf"
        monkeypatch.setattr(statistics_view, "ask_save_path", lambda *a: target)
        stats.export("pdf")
        qtbot.waitUntil(lambda: target.exists() and "Sparad" in stats.status.text(), timeout=TIMEOUT)
        assert target.read_bytes().startswith(b"%PDF")

        world.close()
        world.db.cluster.pause()
        try:
            stats.refresh()
            qtbot.waitUntil(lambda: "svarar inte" in stats.status.text(), timeout=TIMEOUT)
        finally:
            world.db.cluster.resume()
        assert stats.model.index(last_month, exams).data() == "6"  # what was shown stays
        assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    finally:
        page.close_session()
        page.ops.wait()
        session.close()
    assert page.statistics.unit is None and not page.statistics.notes.isVisible()


def test_accounts_and_grants_act_on_the_server_and_keep_what_was_typed_offline(qtbot, page, world, store):
    patient = world.add_patient("anna", protection="sekretessmarkering", name="Hemlig")
    session = _manager_session(world, store)
    try:
        page.open_session(session)
        assert (
            page.accounts_tab.unit_accounts is not None and "server" in page.accounts_tab.accounts_hint.text()
        )
        qtbot.waitUntil(lambda: page.accounts_tab.accounts_model.rowCount() == 4, timeout=TIMEOUT)
        names = {page.accounts_tab.accounts_model.rows[r].username for r in range(4)}
        assert names == {"chef", "anna", "erik", "tove"}  # the unit's, from the server; not bo or berit

        # a new account, made on the server
        dialog = page.accounts_tab.new_account()
        dialog.username.setText("sara")
        dialog.display_name.setText("Sara S")
        dialog.password.setText(PASSWORD)
        dialog.password_again.setText(PASSWORD)
        dialog.accept()
        qtbot.waitUntil(lambda: page.accounts_tab.accounts_model.rowCount() == 5, timeout=TIMEOUT)
        assert world.as_("chef").execute(
            "SELECT count(*) FROM injurydoc.accounts WHERE role_name = 'sara'"
        ).fetchone() == (1,)

        # grants on the server: the tab, a grant for erik, then withdrawn
        grants = page.unit_grants_view
        assert grants is not None and page.tabs.isTabVisible(page.tabs.indexOf(grants))
        qtbot.waitUntil(lambda: grants.account.count() == 5, timeout=TIMEOUT)
        grants.patient.setText(str(patient))
        grants.account.setCurrentIndex(grants.account.findData(str(world.ids["erik"])))
        grants.reason.setText("semester")
        grants.grant()
        qtbot.waitUntil(lambda: grants.model.rowCount() == 1, timeout=TIMEOUT)
        assert grants.model.index(0, 1).data() == "erik" and grants.model.index(0, 5).data() == "gäller"
        grants.view.selectRow(0)
        assert grants.withdraw_button.isEnabled()
        grants.withdraw()
        qtbot.waitUntil(lambda: grants.model.index(0, 5).data().startswith("återtaget"), timeout=TIMEOUT)

        # the server stops: the dialog stays open with what was typed and says it needs the server
        world.close()
        world.db.cluster.pause()
        try:
            dialog = page.accounts_tab.new_account()
            dialog.username.setText("nils")
            dialog.display_name.setText("Nils N")
            dialog.password.setText(PASSWORD)
            dialog.password_again.setText(PASSWORD)
            dialog.accept()
            qtbot.waitUntil(lambda: "enhetens server" in dialog.message.text(), timeout=TIMEOUT)
            assert dialog.isVisible() and dialog.username.text() == "nils" and dialog.buttons.isEnabled()
            dialog.reject()
            grants.patient.setText(str(patient))
            grants.reason.setText("igen")
            grants.grant()
            qtbot.waitUntil(lambda: "svarar inte" in grants.status.text(), timeout=TIMEOUT)
            assert grants.patient.text() == str(patient) and grants.reason.text() == "igen"
            page.accounts_tab.refresh_accounts()
            qtbot.waitUntil(
                lambda: "enhetens server" in page.accounts_tab.accounts_status.text(), timeout=TIMEOUT
            )
            assert page.accounts_tab.accounts_model.rowCount() == 5  # what was shown stays
        finally:
            world.db.cluster.resume()
        assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    finally:
        page.close_session()
        page.ops.wait()
        session.close()
    assert page.accounts_tab.unit_accounts is None and page.unit_grants_view.model.rowCount() == 0


def test_a_disabled_account_is_enabled_again_from_the_accounts_tab(qtbot, page, world, store, monkeypatch):
    import psycopg

    asked: list[str] = []

    def answer(_parent, _title, question, *_a):  # type: ignore[no-untyped-def]
        asked.append(question)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    session = _manager_session(world, store)
    try:
        page.open_session(session)
        qtbot.waitUntil(lambda: page.accounts_tab.accounts_model.rowCount() == 4, timeout=TIMEOUT)

        def select_erik() -> None:
            usernames = [
                page.accounts_tab.accounts_model.rows[r].username
                for r in range(page.accounts_tab.accounts_model.rowCount())
            ]
            page.accounts_tab.accounts_view.selectRow(usernames.index("erik"))

        select_erik()
        assert (
            page.accounts_tab.disable_button.text() == "Stäng av"
            and page.accounts_tab.disable_button.isEnabled()
        )
        page.accounts_tab.disable_button.click()

        def erik_active() -> bool:
            return next(a for a in page.accounts_tab.accounts_model.rows if a.username == "erik").active

        qtbot.waitUntil(lambda: not erik_active(), timeout=TIMEOUT)
        with pytest.raises(psycopg.OperationalError):
            world.db.connect("erik").close()
        select_erik()
        assert (
            page.accounts_tab.disable_button.text() == "Aktivera igen"
            and page.accounts_tab.disable_button.isEnabled()
        )
        page.accounts_tab.disable_button.click()
        assert "erik" in asked[-1] and "igen" in asked[-1]
        qtbot.waitUntil(erik_active, timeout=TIMEOUT)
        with world.db.connect("erik") as erik:
            assert erik.execute("SELECT injurydoc.me()").fetchone()[0] == world.ids["erik"]
    finally:
        page.close_session()
        page.ops.wait()
        session.close()


def test_unit_log_tab_only_protected_persons_and_by_personal_number(qtbot, page, world, store):
    from tests.conftest import make_pnr
    from tests.server.unit_cases import sent_patient

    number = make_pnr(21)
    hidden = sent_patient(world, number, "sekretessmarkering")
    sent_patient(world, make_pnr(22), "none")
    session = _manager_session(world, store)
    try:
        page.open_session(session)
        log = page.workstations.unit_log
        qtbot.waitUntil(lambda: log.model.rowCount() > 0, timeout=TIMEOUT)

        def patients() -> set[str]:
            return {log.model.index(r, 6).data() for r in range(log.model.rowCount())}

        log.protected_only.setChecked(True)
        log.refresh()
        qtbot.waitUntil(lambda: patients() == {str(hidden)}, timeout=TIMEOUT)
        log.protected_only.setChecked(False)
        log.patient.setText(number)
        log.refresh()
        qtbot.waitUntil(lambda: patients() == {str(hidden)} and "rader" in log.status.text(), timeout=TIMEOUT)
        assert log.patient.text() == number  # what was typed stays
        log.patient.setText(make_pnr(23))  # nobody on the server
        log.refresh()
        qtbot.waitUntil(lambda: "Patienten finns inte" in log.status.text(), timeout=TIMEOUT)
    finally:
        page.close_session()
        page.ops.wait()
        session.close()
