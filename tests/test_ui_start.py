"""The first screens: sign-in off the GUI thread, the start page, sign-out hides everything."""

import pytest

from injurydoc.domain.vocab import Protection
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.ui.app import install_translations
from injurydoc.ui.main_window import MainWindow

from .conftest import PASSWORD, make_pnr


@pytest.fixture
def window(qtbot, qapp, store):
    install_translations(qapp, "sv")
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=make_pnr(1), name="Alva Andersson")
    ExaminationService(s).create(p.id)
    q = PatientService(s).create(
        personal_id=make_pnr(2), name="Sigrid Skyddad", protection=Protection.SKYDDAD_FOLKBOKFORING
    )
    ExaminationService(s).create(q.id)
    s.close()
    w = MainWindow(store.folder)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def _sign_in(qtbot, w, user, password=PASSWORD):
    w.signin.user_edit.setText(user)
    w.signin.password_edit.setText(password)
    w.signin.button.click()
    qtbot.waitUntil(lambda: w.signin.button.isEnabled(), timeout=10000)


def test_wrong_password_shows_swedish_message_and_clears_field(qtbot, window):
    assert window.signin.button.text() == "Logga in"
    _sign_in(qtbot, window, "anna", "wrong password")
    assert window.signin.message.text() == "Fel användarnamn eller lösenord."
    assert window.signin.password_edit.text() == ""
    assert window.stack.currentWidget() is window.signin


def test_sign_in_shows_own_examinations_with_protection_marked(qtbot, window):
    _sign_in(qtbot, window, "anna")
    qtbot.waitUntil(lambda: window.start.model.rowCount() == 2, timeout=10000)
    assert window.stack.currentWidget() is window.start
    names = {window.start.model.index(r, 1).data() for r in range(2)}
    assert names == {"Alva Andersson", "Sigrid Skyddad"}
    prot = [window.start.model.index(r, 3).data() for r in range(2)]
    assert "Skyddad folkbokföring" in prot
    assert not window.start.banner.isVisible()
    assert (
        window.start.model.headerData(0, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal)
        == "Ärende"
    )


def test_search_hides_protected_person_from_others(qtbot, window):
    _sign_in(qtbot, window, "erik")
    qtbot.waitUntil(lambda: window.start.session is not None, timeout=10000)
    window.start.search.setText("Sigrid")
    qtbot.waitUntil(lambda: window.start.heading.text() == "Sökresultat", timeout=5000)
    window.start.ops.wait()
    qtbot.wait(50)
    assert window.start.model.rowCount() == 0
    window.start.search.setText("Alva")
    qtbot.waitUntil(lambda: window.start.model.rowCount() == 1, timeout=5000)


def test_sign_out_hides_patient_data(qtbot, window):
    _sign_in(qtbot, window, "anna")
    qtbot.waitUntil(lambda: window.start.model.rowCount() == 2, timeout=10000)
    window.sign_out()
    assert window.start.model.rowCount() == 0
    assert window.stack.currentWidget() is window.signin
    assert window.start.who.text() == ""
    window.ops.wait()


def test_training_store_shows_the_banner(qtbot, qapp, training_store):
    install_translations(qapp, "sv")
    w = MainWindow(training_store.folder)
    qtbot.addWidget(w)
    w.show()
    _sign_in(qtbot, w, "chef")
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.start, timeout=10000)
    assert w.start.banner.isVisible()
    assert w.start.banner.text().startswith("ÖVNING")
    w.close()


def test_empty_folder_offers_a_training_store(qtbot, qapp, tmp_path):
    install_translations(qapp, "sv")
    w = MainWindow(tmp_path / "nothing")
    qtbot.addWidget(w)
    w.show()
    assert w.signin.demo_button.isVisible() and w.signin.setup_button.isVisible()
    assert "enhetschef" in w.signin.hint.text()
    w.signin.setup_button.click()
    assert w.setup_wizard.isVisible()
    w.setup_wizard.reject()
    w.close()


def test_recovery_code_sets_a_new_password_from_the_sign_in_page(qtbot, qapp, store):
    from injurydoc.services.session import sign_in

    install_translations(qapp, "sv")
    w = MainWindow(store.folder)
    qtbot.addWidget(w)
    w.show()
    w.signin.recovery_button.click()
    dlg = w.signin.recovery_dialog
    dlg.code.setText("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")
    dlg.manager.setText("chef")
    dlg.user.setText("chef")
    dlg.password.setText("brand new password")
    dlg.again.setText("brand new password")
    dlg.submit()
    qtbot.waitUntil(lambda: dlg.message.text() == "Återställningskoden stämmer inte.", timeout=5000)
    dlg.code.setText(store.recovery_code)
    dlg.password.setText("brand new password")
    dlg.again.setText("brand new password")
    dlg.submit()
    qtbot.waitUntil(lambda: "chef" in w.signin.message.text(), timeout=5000)
    sign_in(store.folder, "chef", "brand new password").close()
    w.close()
