"""The disabled account ``chef.<hex>`` that ``server import-store`` makes to hold the key of the store
manager's migrated signatures is labelled on the manager page (what it is, why it is disabled; Swedish and
English) and cannot be enabled from it; an account a manager names alike by hand is not labelled
(``import_key_holders()``, server 0017, reads what the import recorded, not the name alone)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from injurydoc.server import admin
from injurydoc.services import unit_desktop
from injurydoc.services.store_import import import_store
from injurydoc.services.unit_connection import ConnectionSettings
from injurydoc.ui.app import install_translations
from injurydoc.ui.manager_page import ManagerPage
from injurydoc.ui.ops import Ops
from tests.server.test_import_store_signatures import _server, moved_store  # noqa: F401 - a fixture
from tests.server.world import PASSWORD, ServerDb

TIMEOUT = 15000


def _store_id(store: Any) -> str:
    session = store.sign_in("chef")
    try:
        return str(session.vault.store_id)
    finally:
        session.close()


@pytest.mark.usefixtures("moved_store")
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "en",
            (
                "No – holds a moved store's key",
                "Made by the store import to hold the signing key of chef",
                "keep it",
            ),
        ),
        (
            "sv",
            (
                "Nej – nyckel från flyttad databas",
                "Skapat när databasen flyttades, för att hålla signeringsnyckeln för chef",
                "behåll det",
            ),
        ),
    ],
)
def test_the_key_holder_is_labelled_and_a_lookalike_is_not(
    qtbot: Any,
    qapp: Any,
    store: Any,
    server_db: ServerDb,
    lang: str,
    words: Any,
) -> None:
    _server(server_db)
    summary = import_store(store.folder, server_db.dsn("chef"), "chef", PASSWORD)
    (holder,) = summary.key_holders_created
    # the server's chef names an account just like a key holder, by hand: not one
    lookalike = f"olle.{hashlib.sha256(_store_id(store).encode()).hexdigest()[:6]}"
    with server_db.connect("chef") as m:
        admin.create_account(
            m, username=lookalike, display_name="Olle", roles=["unit_manager"], password=PASSWORD
        )
        rows = m.execute("SELECT account_id, store_user FROM injurydoc.import_key_holders()").fetchall()
        names = dict(m.execute("SELECT id, role_name FROM injurydoc.accounts").fetchall())
    assert [(names[r[0]], r[1]) for r in rows] == [(holder, "chef")]
    # no clinician asks
    import psycopg

    with server_db.connect("chef") as m:
        admin.create_account(m, username="nina", display_name="Nina", roles=["clinician"], password=PASSWORD)
    with server_db.connect("nina") as nina, pytest.raises(psycopg.errors.InsufficientPrivilege):
        nina.execute("SELECT * FROM injurydoc.import_key_holders()").fetchall()

    install_translations(qapp, lang)
    ops = Ops()
    page = ManagerPage(ops)
    qtbot.addWidget(page)
    page.show()
    session = store.sign_in("chef")
    dsn = ConnectionSettings(str(server_db.cluster.socket_dir), 5432, server_db.name)
    unit_desktop.register_server_link(session, lambda: unit_desktop.open_connection(dsn, "chef", PASSWORD))
    try:
        page.open_session(session)
        tab = page.accounts_tab
        model = tab.accounts_model
        qtbot.waitUntil(lambda: any(a.username == holder for a in model.rows), timeout=TIMEOUT)
        usernames = [a.username for a in model.rows]
        row, other = usernames.index(holder), usernames.index(lookalike)
        active = len(model.headers()) - 1
        assert model.index(row, active).data() == words[0]
        tip = model.index(row, 0).data(0x0003)  # Qt.ToolTipRole
        assert words[1] in tip and words[2] in tip
        assert model.index(other, active).data() != words[0] and not model.key_holder_text(model.rows[other])
        assert tab.key_holders_note.isVisible() and holder in tab.key_holders_note.text()
        assert words[1] in tab.key_holders_note.text() and lookalike not in tab.key_holders_note.text()
        # nobody signs in with it: not enabled from here
        tab.accounts_view.selectRow(row)
        assert not tab.disable_button.isEnabled()
    finally:
        page.close_session()
        ops.wait()
        session.close()
        install_translations(qapp, "sv")
