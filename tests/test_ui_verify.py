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
