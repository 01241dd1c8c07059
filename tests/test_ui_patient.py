"""The patient page: contact fields disappear for protected persons; changing protection removes them."""

from unittest import mock

from PySide6.QtWidgets import QMessageBox, QPushButton

from injurydoc.domain.vocab import Protection
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.ui.app import install_translations
from injurydoc.ui.main_window import MainWindow

from .conftest import PASSWORD, make_pnr


def test_contacts_and_protection(qtbot, qapp, store):
    install_translations(qapp, "sv")
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=make_pnr(8), name="Kontakt Kontaktsson")
    e = ExaminationService(s).create(p.id)
    s.close()
    w = MainWindow(store.folder)
    qtbot.addWidget(w)
    w.show()
    w.signin.user_edit.setText("anna")
    w.signin.password_edit.setText(PASSWORD)
    w.signin.submit()
    qtbot.waitUntil(lambda: w.session is not None, timeout=5000)
    w.open_exam(e.id)
    ed = w.editor
    page = ed.patient_page
    qtbot.waitUntil(lambda: ed.patient is not None, timeout=5000)
    assert page.contacts_box.isVisible() or not ed.isVisible()
    page.contact_value.setText("Storgatan 1")
    ed.findChild(QPushButton, "add_contact").click()
    qtbot.waitUntil(lambda: "Storgatan 1" in page.contacts_list.text(), timeout=5000)
    page.protection_combo.setCurrentIndex(page.protection_combo.findData(Protection.SKYDDAD_FOLKBOKFORING))
    with mock.patch.object(QMessageBox, "question", return_value=QMessageBox.StandardButton.Yes):
        page.protection_button.click()
    qtbot.waitUntil(lambda: ed.patient.is_protected, timeout=5000)
    assert page.contacts_box.isHidden() and ed.header.protected_badge.isVisibleTo(ed)
    assert ed.patient.contacts == ()
    # a child whose guardian is the threat: no guardian-side contact kinds offered
    page.protection_combo.setCurrentIndex(page.protection_combo.findData(Protection.NONE))
    page.guardian_check.setChecked(True)
    page.protection_button.click()
    qtbot.waitUntil(lambda: not ed.patient.is_protected, timeout=5000)
    kinds = [page.contact_kind.itemData(i) for i in range(page.contact_kind.count())]
    assert kinds == ["address", "phone", "email"]
    w.close()
