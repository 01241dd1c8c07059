"""Signing-key set-up in the GUI (issue 18 item 6): self-signed for training, key request and
certificate import, a smart card whose middleware is chosen from what the workstation has."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit

from injurydoc.domain.errors import MESSAGES as ERRORS
from injurydoc.services.pkcs11_modules import Pkcs11Module, find_modules
from injurydoc.services.signing import SigningService
from injurydoc.ui import errors as ui_errors
from injurydoc.ui.app import install_translations
from injurydoc.ui.ops import Ops
from injurydoc.ui.signing_key_dialog import SigningKeyDialog

from .conftest import PASSWORD
from .helpers.certs import issue_certificate, make_ca


def test_modules_are_found_in_known_places_and_p11kit(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "opensc-pkcs11.so").write_bytes(b"\x7fELF")
    (lib / "libiidp11.so").write_bytes(b"\x7fELF")
    (lib / "libunrelated.so").write_bytes(b"\x7fELF")
    other = tmp_path / "vendor" / "libvendorp11.so"
    other.parent.mkdir()
    other.write_bytes(b"\x7fELF")
    reg = tmp_path / "p11kit"
    reg.mkdir()
    (reg / "vendor.module").write_text(f"module: {other}\n", "utf-8")
    (reg / "opensc.module").write_text(f"module: {lib / 'opensc-pkcs11.so'}\n", "utf-8")  # listed twice
    (reg / "gone.module").write_text("module: /nonexistent/libgone.so\n", "utf-8")
    found = find_modules([lib, tmp_path / "missing"], [reg])
    assert [m.name for m in found] == ["Net iD (SITHS-kort)", "OpenSC", "libvendorp11"]
    assert [m.path for m in found][2] == str(other)


def test_no_signing_key_error_names_what_exists():
    sv, en = ERRORS["signer.none"]
    assert "Inställningar" not in sv and "Settings" not in en
    assert "Min signeringsnyckel" in sv and "My signing key" in en


@pytest.fixture
def dialog(qtbot, qapp, store):
    install_translations(qapp, "sv")
    s = store.sign_in("anna")
    ops = Ops()
    modules = [Pkcs11Module("SoftHSM", "/usr/lib/softhsm/libsofthsm2.so")]
    dlg = SigningKeyDialog(ops, s, None, modules=modules)
    qtbot.addWidget(dlg)
    dlg.show()
    ops.wait()
    yield dlg, s, ops
    ops.wait()
    s.close()


def _idle(qtbot, ops):
    ops.wait()
    qtbot.wait(20)
    ops.wait()


def test_self_signed_needs_the_accounts_password(qtbot, dialog, monkeypatch):
    dlg, s, ops = dialog
    shown = []
    monkeypatch.setattr(ui_errors, "show_known", lambda _p, exc: shown.append(exc.code))
    assert "ingen signeringsnyckel" in dlg.current.text()
    dlg.create_self_signed()
    assert "lösenord" in dlg.message.text().lower()  # nothing typed
    dlg.password.setText("fel-lösenord-123")
    dlg.create_self_signed()
    _idle(qtbot, ops)
    assert shown and SigningService(s).status().kind is None
    dlg.password.setText(PASSWORD)
    dlg.create_self_signed()
    _idle(qtbot, ops)
    assert SigningService(s).status().kind == "self_signed"
    assert dlg.password.text() == ""
    qtbot.waitUntil(lambda: "giltig" in dlg.current.text(), timeout=5000)


def test_key_request_and_certificate_import(qtbot, dialog, tmp_path, monkeypatch):
    dlg, s, ops = dialog
    dlg.password.setText(PASSWORD)
    target = tmp_path / "anna.csr"
    dlg.create_request(target)
    _idle(qtbot, ops)
    csr = target.read_text("ascii")
    assert csr.startswith("-----BEGIN CERTIFICATE REQUEST-----")
    assert SigningService(s).status().waiting_for_certificate
    qtbot.waitUntil(lambda: "väntar" in dlg.current.text(), timeout=5000)
    ca_key, ca_cert = make_ca()
    cert = tmp_path / "anna.pem"
    cert.write_bytes(issue_certificate(ca_key, ca_cert, csr))
    dlg.import_certificate(cert)
    _idle(qtbot, ops)
    st = SigningService(s).status()
    assert not st.waiting_for_certificate and "Test Region CA" in st.issuer
    # An unreadable file: the project's own error, nothing changed.
    shown = []
    monkeypatch.setattr(ui_errors, "show_known", lambda _p, exc: shown.append(exc.code))
    dlg.import_certificate(tmp_path / "missing.pem")
    _idle(qtbot, ops)
    assert shown == ["signer.cert_unreadable"]
    assert "Test Region CA" in SigningService(s).status().issuer


def test_smart_card_module_is_chosen_never_typed(qtbot, dialog):
    dlg, s, ops = dialog
    assert dlg.module.count() == 1 and dlg.module.isEnabled()
    for edit in dlg.findChildren(QLineEdit):
        assert "/" not in edit.placeholderText() and "PKCS" not in edit.placeholderText()
    dlg.key_label.setText("anna-sign")
    dlg.use_card()
    _idle(qtbot, ops)
    st = SigningService(s).status()
    assert st.kind == "pkcs11" and st.pkcs11 is not None
    assert st.pkcs11.module == "/usr/lib/softhsm/libsofthsm2.so" and st.pkcs11.key_label == "anna-sign"


def test_without_middleware_the_card_cannot_be_chosen(qtbot, qapp, store):
    s = store.sign_in("anna")
    ops = Ops()
    dlg = SigningKeyDialog(ops, s, None, modules=[])
    qtbot.addWidget(dlg)
    ops.wait()
    assert not dlg.card_button.isEnabled() and not dlg.no_module.isHidden()
    ops.wait()
    s.close()
