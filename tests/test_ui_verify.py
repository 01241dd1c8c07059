"""The GUI's "Verifiera paket": anyone can check a package, no sign-in needed."""

import shutil
import zipfile

from injurydoc.domain.vocab import LegalBasis
from injurydoc.services.export import ExportRequest, ExportService
from injurydoc.services.signing import SigningService
from injurydoc.ui.app import install_translations
from injurydoc.ui.main_window import MainWindow
from injurydoc.ui.verify_dialog import VerifyDialog

from .conftest import PASSWORD
from .helpers.export_cases import documented_case


def _package(store, tmp_path):
    s, e = documented_case(store, tmp_path)
    SigningService(s).create_self_signed(PASSWORD)
    out = tmp_path / "out"
    out.mkdir()
    req = ExportRequest(examination_id=e.id, basis=LegalBasis.CONSENT, out_dir=out)
    path = ExportService(s).export(req, SigningService(s).identity(PASSWORD)).path
    s.close()
    return path


def test_verify_dialog_reports_intact_and_tampered(qtbot, qapp, store, tmp_path):
    install_translations(qapp, "sv")
    path = _package(store, tmp_path)
    dlg = VerifyDialog()
    qtbot.addWidget(dlg)
    dlg.package.setText(str(path))
    dlg.start()
    qtbot.waitUntil(lambda: dlg.report is not None, timeout=20000)
    assert dlg.status.text() == "Oförändrat, men vem som signerade kan inte bekräftas."
    assert "Rapportens signatur är giltig" in dlg.output.toPlainText()

    bad = tmp_path / "bad.zip"
    shutil.copy(path, bad)
    with zipfile.ZipFile(bad, "a") as z:
        z.writestr("photos/extra.jpg", b"x")
    dlg.report = None
    dlg.package.setText(str(bad))
    dlg.start()
    qtbot.waitUntil(lambda: dlg.report is not None, timeout=20000)
    assert dlg.status.text() == "Paketet kan inte litas på."
    assert "[FEL ] Inga filer saknas" in dlg.output.toPlainText()


def test_sign_in_page_offers_verification(qtbot, qapp, tmp_path):
    install_translations(qapp, "sv")
    w = MainWindow(tmp_path / "nothing")
    qtbot.addWidget(w)
    assert w.signin.verify_button.text() == "Verifiera paket…"


def _failing_check(monkeypatch, qtbot, qapp, exc):
    """The dialog with a verifier that raises ``exc``: what the status line and the dialogs show."""
    from PySide6.QtWidgets import QMessageBox

    from injurydoc.ui import errors, verify_dialog

    install_translations(qapp, "en")

    def broken(_package, _anchors):
        raise exc

    shown: list[str] = []
    crashed: list[BaseException] = []
    monkeypatch.setattr(verify_dialog, "check_package", broken)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(errors, "crash", lambda _t, e, _tb: crashed.append(e))
    dlg = VerifyDialog()
    qtbot.addWidget(dlg)
    dlg.package.setText("/nowhere/package.zip")
    dlg.start()
    assert dlg.status.text() == "Checking…"
    assert not dlg.run_button.isEnabled()
    qtbot.waitUntil(lambda: dlg.run_button.isEnabled(), timeout=10000)
    return dlg, shown, crashed


def test_verify_dialog_never_stays_on_checking_after_a_bug(monkeypatch, qtbot, qapp):
    bug = RuntimeError("unexpected")
    dlg, shown, crashed = _failing_check(monkeypatch, qtbot, qapp, bug)
    assert dlg.status.text() == "The check could not be completed."
    assert crashed == [bug]  # the crash handler got it: a report without patient data
    assert shown == []
    assert dlg.report is None


def test_verify_dialog_shows_a_domain_error_as_its_message(monkeypatch, qtbot, qapp):
    from injurydoc.domain.errors import StoreError

    dlg, shown, crashed = _failing_check(monkeypatch, qtbot, qapp, StoreError("store.disk_full"))
    assert dlg.status.text() == "The check could not be completed."
    assert shown == [StoreError("store.disk_full").message("en")]
    assert crashed == []


def test_an_unreadable_package_is_a_verdict_not_an_error(qtbot, qapp, tmp_path):
    install_translations(qapp, "en")
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip at all")
    dlg = VerifyDialog()
    qtbot.addWidget(dlg)
    dlg.package.setText(str(junk))
    dlg.start()
    qtbot.waitUntil(lambda: dlg.report is not None, timeout=10000)
    assert dlg.status.text() == "The package cannot be trusted."
    assert dlg.run_button.isEnabled()
