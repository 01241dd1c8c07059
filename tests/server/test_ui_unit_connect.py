"""“Anslut till enhetens server” driven as a person would, against the test suite's real PostgreSQL (and a
stand-in TLS endpoint for the certificate cases): IT's file opened or dropped, each failure with its plain
message on the right step, and nothing typed lost."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from injurydoc.services.unit_connect_flow import ConnectState
from injurydoc.services.unit_connection import CertificateInfo, ConnectionSettings
from injurydoc.services.unit_keys import PinnedKey
from injurydoc.ui.app import install_translations
from injurydoc.ui.ops import Ops
from injurydoc.ui.unit_connect_pages import DonePage
from injurydoc.ui.unit_connect_wizard import UnitConnectWizard
from tests.server.world import PASSWORD, World
from tests.unit_tls import FakeTlsServer, make_cert

S = ConnectState
TIMEOUT = 15000


def connection_file(folder: Path, world: World, **changes: Any) -> Path:
    doc: dict[str, Any] = {
        "format": "injurydoc-unit",
        "version": 1,
        "unit": "Vårdcentralen A",
        "server": {"host": str(world.db.cluster.socket_dir), "port": 5432, "dbname": world.db.name},
        "contact": "IT-servicedesk 010-123 45 67",
    }
    doc.update(changes)
    path = folder / "injurydoc-unit.json"
    path.write_text(json.dumps(doc), "utf-8")
    return path


class Signer:
    """The sign-in step's job: records what it was given; ``sign_in`` is the real one when set."""

    def __init__(self, real: Any = None) -> None:
        self.calls: list[tuple[ConnectionSettings, CertificateInfo | None, str]] = []
        self.real = real

    def __call__(self, settings: ConnectionSettings, cert: CertificateInfo | None, user: str, pw: str) -> Any:
        self.calls.append((settings, cert, user))
        return self.real(settings, cert, user, pw)


@pytest.fixture
def ops():
    ops = Ops()
    yield ops
    ops.wait()


def make_wizard(qtbot, qapp, ops, signer, **kw):
    install_translations(qapp, "sv")
    w = UnitConnectWizard(signer, ops=ops, **kw)
    qtbot.addWidget(w)
    w.show()
    return w


def _wait_state(qtbot, w, *states):
    qtbot.waitUntil(lambda: w.flow.state in states, timeout=TIMEOUT)


def _check_only(settings: ConnectionSettings, cert: CertificateInfo | None, user: str, pw: str) -> Any:
    from injurydoc.services.unit_desktop import check_account

    return check_account(settings, user, pw)


@pytest.fixture
def checked_then_local(store):
    """Sign in on the server, then open a local store as the session (until the unit cache is used)."""
    sessions: list[Any] = []

    def sign_in(settings: ConnectionSettings, cert: CertificateInfo | None, user: str, pw: str) -> Any:
        _check_only(settings, cert, user, pw)
        sessions.append(store.sign_in(user, pw))
        return sessions[-1]

    yield sign_in
    for s in sessions:
        s.close()


def test_a_dropped_file_then_a_wrong_password_then_the_right_one(
    qtbot, qapp, ops, world, tmp_path, checked_then_local
):
    signer = Signer(checked_then_local)
    w = make_wizard(qtbot, qapp, ops, signer)
    path = connection_file(tmp_path, world)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    w.dropEvent(drop)
    assert (
        "injurydoc-unit.json" in w.server_page.file_label.text()
        and "Vårdcentralen A" in w.server_page.file_label.text()
    )
    assert w.server_page.address_edit.text() == str(world.db.cluster.socket_dir)
    w.next_button.click()
    _wait_state(qtbot, w, S.ACCOUNT)  # a local socket has no certificate to compare
    w.account_page.username_edit.setText("anna")
    w.account_page.password_edit.setText("not the password")
    w.next_button.click()
    _wait_state(qtbot, w, S.ACCOUNT, S.FIRST_SYNC)
    qtbot.waitUntil(lambda: w.message.isVisible(), timeout=TIMEOUT)
    assert w.flow.state is S.ACCOUNT
    assert "godtog inte användarnamnet eller lösenordet" in w.message.text()
    assert w.account_page.username_edit.text() == "anna" and w.account_page.password_edit.text() == ""
    w.account_page.password_edit.setText(PASSWORD)
    w.next_button.click()
    _wait_state(qtbot, w, S.FIRST_SYNC, S.DONE)
    assert signer.calls[-1][2] == "anna" and not w.message.isVisible()


def test_a_refused_role_says_what_to_tell(qtbot, qapp, ops, world, tmp_path):
    world.as_("chef").execute("SELECT injurydoc.disable_account(%s)", (world.ids["erik"],))
    w = make_wizard(qtbot, qapp, ops, Signer(_check_only))
    w.open_file(connection_file(tmp_path, world))
    w.next_button.click()
    _wait_state(qtbot, w, S.ACCOUNT)
    w.account_page.username_edit.setText("erik")
    w.account_page.password_edit.setText(PASSWORD)
    w.next_button.click()
    qtbot.waitUntil(lambda: w.message.isVisible(), timeout=TIMEOUT)
    assert "inget aktivt konto" in w.message.text() and "enhetschefen" in w.message.text()
    assert "IT-servicedesk 010-123 45 67" in w.message.text()  # whom to call, from IT's file


def test_server_down_at_sign_in_keeps_everything_typed(qtbot, qapp, ops, world, tmp_path, checked_then_local):
    w = make_wizard(qtbot, qapp, ops, Signer(checked_then_local))
    w.open_file(connection_file(tmp_path, world))
    w.next_button.click()
    _wait_state(qtbot, w, S.ACCOUNT)
    w.account_page.username_edit.setText("anna")
    w.account_page.password_edit.setText(PASSWORD)
    world.close()
    world.db.cluster.pause()
    try:
        w.next_button.click()
        qtbot.waitUntil(lambda: w.message.isVisible(), timeout=TIMEOUT)
    finally:
        world.db.cluster.resume()
    assert w.flow.state is S.ACCOUNT
    assert "svarar inte" in w.message.text() and "Säg till IT" in w.message.text()
    assert w.account_page.username_edit.text() == "anna" and w.account_page.password_edit.text() == PASSWORD
    w.next_button.click()  # the server is back: the same fields work
    _wait_state(qtbot, w, S.FIRST_SYNC, S.DONE)


def test_a_hostile_file_is_refused_and_the_typed_address_stays(qtbot, qapp, ops, world, tmp_path):
    w = make_wizard(qtbot, qapp, ops, Signer(_check_only))
    w.server_page.address_edit.setText("db.region.se")
    w.flow.address_edited("db.region.se")
    bad = tmp_path / "injurydoc-unit.json"
    bad.write_bytes(
        b'{"format": "injurydoc-unit", "version": 1, "server": {"host": "x", "sslmode": "disable"}}'
    )
    w.open_file(bad)
    assert w.message.isVisible() and "sslmode" in w.message.text()
    assert w.server_page.address_edit.text() == "db.region.se" and w.flow.state is S.SERVER


def test_a_typed_address_with_the_wrong_fingerprint_never_reaches_sign_in(qtbot, qapp, ops, tmp_path):
    signer = Signer(_check_only)
    w = make_wizard(qtbot, qapp, ops, signer)
    with FakeTlsServer(tmp_path, make_cert()) as srv:
        w.server_page.address_edit.setText(f"127.0.0.1:{srv.port}/injurydoc")
        w.server_page.fingerprint_edit.setText("AB" * 32)
        w.next_button.click()
        qtbot.waitUntil(lambda: w.message.isVisible(), timeout=TIMEOUT)
    assert w.flow.state is S.SERVER and "fingeravtrycket" in w.message.text()
    assert w.server_page.address_edit.text() == f"127.0.0.1:{srv.port}/injurydoc" and signer.calls == []


def test_an_expired_certificate_is_named(qtbot, qapp, ops, tmp_path):
    w = make_wizard(qtbot, qapp, ops, Signer(_check_only))
    old = make_cert(not_before=dt.datetime(2024, 3, 1, tzinfo=dt.UTC), days=90)
    with FakeTlsServer(tmp_path, old) as srv:
        w.server_page.address_edit.setText(f"127.0.0.1:{srv.port}")
        w.next_button.click()
        qtbot.waitUntil(lambda: w.message.isVisible(), timeout=TIMEOUT)
    assert "gick ut 2024-05-30" in w.message.text() and "förnyas" in w.message.text()


def test_the_fingerprint_is_shown_and_must_be_confirmed(qtbot, qapp, ops, tmp_path):
    w = make_wizard(qtbot, qapp, ops, Signer(_check_only))
    cert = make_cert()
    with FakeTlsServer(tmp_path, cert) as srv:
        w.server_page.address_edit.setText(f"127.0.0.1:{srv.port}")
        w.next_button.click()
        _wait_state(qtbot, w, S.CERTIFICATE)
    shown = w.certificate_page.fingerprint_label.text().replace("\n", ":").replace(":", "").lower()
    import hashlib

    assert shown == hashlib.sha256(cert.der).hexdigest()
    assert not w.next_button.isEnabled()  # compare first
    w.certificate_page.compared_box.setChecked(True)
    assert w.next_button.isEnabled()
    w.next_button.click()
    assert w.flow.state is S.ACCOUNT
    w.back_button.click()
    assert w.flow.state is S.SERVER and w.server_page.address_edit.text() == f"127.0.0.1:{srv.port}"


def test_a_wrong_address_says_check_the_spelling(qtbot, qapp, ops):
    w = make_wizard(qtbot, qapp, ops, Signer(_check_only))
    w.server_page.address_edit.setText("host=db user=x")
    w.next_button.click()
    assert "fel form" in w.message.text() and w.flow.state is S.SERVER


def test_a_training_store_connects_only_to_a_training_unit(qtbot, qapp, ops, world, tmp_path):
    """The wizard of a training store: a real unit's account is refused after its sign-in, with what to
    do, and nothing is made (tests/server/test_training_unit_mode.py: the pairings in full)."""
    from injurydoc.services import unit_desktop
    from injurydoc.store.keyslots import TEST_KDF

    def sign_in(
        settings: ConnectionSettings, cert: CertificateInfo | None, user: str, pw: str, **kw: Any
    ) -> Any:
        return unit_desktop.first_sign_in(settings, cert, user, pw, kdf=TEST_KDF, root=tmp_path / "c", **kw)

    w = make_wizard(qtbot, qapp, ops, sign_in)
    assert not w.server_page.training_box.isChecked() and not w.flow.training
    w.server_page.training_box.setChecked(True)  # "Övningsenhet": a training store is wanted
    assert w.flow.training
    w.open_file(connection_file(tmp_path, world))
    w.next_button.click()
    _wait_state(qtbot, w, S.ACCOUNT)  # no longer refused before the account is known
    w.account_page.username_edit.setText("anna")
    w.account_page.password_edit.setText(PASSWORD)
    w.next_button.click()
    qtbot.waitUntil(lambda: w.message.isVisible(), timeout=TIMEOUT)
    assert w.flow.state is S.SERVER and "övningsenhet" in w.message.text().lower()
    assert not (tmp_path / "c").exists() or not any((tmp_path / "c").iterdir())


@pytest.mark.parametrize(
    ("lang", "first_use", "given"),
    [
        ("sv", ("inte bekräftad", "enhetschefs papper", "dokumentera ingenting här"), "den du angav"),
        ("en", ("not confirmed", "unit manager's paper", "document nothing here"), "the one you gave"),
    ],
)
def test_the_last_page_shows_the_pinned_unit_key_to_compare(qtbot, qapp, lang, first_use, given):
    """The done page names the unit key this cache pinned; one taken on first use is to be compared with
    the manager's paper; without a unit key nothing is said."""
    install_translations(qapp, lang)
    try:
        page = DonePage()
        qtbot.addWidget(page)
        page.show()
        session = SimpleNamespace(
            account=SimpleNamespace(display_name="Anna Berg", username="anna"), unit="Vårdcentralen A"
        )
        fp = "7F3A-09C2-B4E1-55D0-2A6F-E813-C94B-0D72"
        page.show_session(session, PinnedKey(fp, "first_use"))
        text = page.unit_key_label.text()
        assert page.unit_key_label.isVisible() and fp in text
        assert all(w in text for w in first_use), text
        assert page.confirm_box.isVisible()  # to be confirmed here (tests/server/test_ui_unit_key.py)
        page.show_session(session, PinnedKey(fp, "paper"))
        text = page.unit_key_label.text()
        assert fp in text and given in text and first_use[0] not in text
        assert not page.confirm_box.isVisible()
        page.show_session(session, None)
        assert not page.unit_key_label.isVisible() and "Anna Berg" in page.done_label.text()
    finally:
        install_translations(qapp, "sv")
