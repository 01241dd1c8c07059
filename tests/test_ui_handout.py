"""The patient handout in the GUI: opened from the examination editor on a protected person, saved as PDF
and printed, logged, hidden at auto-lock; and the unit manager's editor for the help contacts."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from injurydoc.domain.models import PersonPresent
from injurydoc.domain.vocab import AuditAction, PresentRole, Protection
from injurydoc.handout.contacts import LocalContact, LocalContactKind, UnitContacts
from injurydoc.services.audit_log import AuditFilter, AuditService
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.services.unit_settings import TARGET, UnitSettingsService
from injurydoc.ui.app import install_translations
from injurydoc.ui.main_window import MainWindow
from injurydoc.ui.manager_page import ManagerPage
from injurydoc.ui.ops import Ops

from .conftest import DISTINCT_NAME, DISTINCT_PNR, PASSWORD

TIMEOUT = 10000
SHELTER = "Kvinnojouren Blenda"


@pytest.fixture
def protected_exam(store):
    chef = store.sign_in("chef")
    UnitSettingsService(chef).save_local_contacts(
        UnitContacts(
            unit_phone="0123-45 67 00",
            unit_address="Storgatan 1, 123 45 Exempelstad",
            contacts=(LocalContact(LocalContactKind.WOMENS_SHELTER, SHELTER, "0123-11 22 33"),),
        )
    )
    chef.close()
    s = store.sign_in("anna")
    p = PatientService(s).create(
        personal_id=DISTINCT_PNR, name=DISTINCT_NAME, protection=Protection.SKYDDAD_FOLKBOKFORING
    )
    exam = ExaminationService(s).create(p.id)
    interpreter = PersonPresent(PresentRole.INTERPRETER, "Tolk Tolksson", "arabiska")
    ExaminationService(s).update(exam.id, persons_present=(interpreter,))
    s.close()
    return p, exam


@pytest.fixture
def window(qtbot, qapp, store, protected_exam):
    install_translations(qapp, "en")
    w = MainWindow(store.folder)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    w.signin.user_edit.setText("anna")
    w.signin.password_edit.setText(PASSWORD)
    w.signin.submit()
    qtbot.waitUntil(lambda: w.session is not None, timeout=TIMEOUT)
    w.open_exam(protected_exam[1].id)
    qtbot.waitUntil(lambda: w.editor.patient is not None, timeout=TIMEOUT)
    yield w
    w.close()


def _open_dialog(qtbot, w):
    w.editor.header.handout_button.click()
    dialog = w.editor.handout_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.contacts is not None and dialog.sheet_count() > 0, timeout=TIMEOUT)
    return dialog


def _printed_rows(store, patient_id):
    chef = store.sign_in("chef")
    try:
        return AuditService(chef).events(AuditFilter(action=AuditAction.PRINTED, patient_id=patient_id))
    finally:
        chef.close()


def test_handout_for_a_protected_person_saved_as_pdf(
    qtbot, window, store, protected_exam, tmp_path, monkeypatch
):
    patient, exam = protected_exam
    dialog = _open_dialog(qtbot, window)
    # Swedish plus the interpreter's language; nothing of the patient; no address for a protected person.
    assert dialog.chosen_languages() == ("sv", "ar")
    assert not dialog.with_name.isChecked()
    assert not dialog.with_addresses.isChecked() and dialog.protected_warning.isVisible()
    assert dialog.sheet_count() == 4  # two sheets per language
    assert dialog.language_list.item(0).text() == "Svenska – Swedish"
    assert dialog.language_list.item(2).text() == "العربية – Arabic (unreviewed translation)"

    target = tmp_path / "handout"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF files (*.pdf)"))
    dialog.save_button.click()
    saved = tmp_path / "handout.pdf"
    qtbot.waitUntil(lambda: saved.exists() and dialog.save_button.isEnabled(), timeout=TIMEOUT)
    assert str(saved) in dialog.status.text()
    rows = _printed_rows(store, patient.id)
    assert len(rows) == 1 and rows[0].target == f"examination:{exam.id}"
    assert rows[0].details["medium"] == "pdf" and rows[0].details["languages"] == ["sv", "ar"]
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(saved), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert SHELTER in text and "Kvinnofridslinjen" in text
        for secret in (DISTINCT_NAME.split()[0], DISTINCT_PNR, "Storgatan"):
            assert secret not in text

    # The clinician may add the name; then it is on the handout (and the preview follows).
    dialog.with_name.setChecked(True)
    assert DISTINCT_NAME in dialog.pages()[0].html


def test_printing_goes_through_the_same_layout_and_is_logged(qtbot, window, store, protected_exam, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    patient, _exam = protected_exam
    dialog = _open_dialog(qtbot, window)
    item = next(
        dialog.language_list.item(i)
        for i in range(dialog.language_list.count())
        if dialog.language_list.item(i).data(Qt.ItemDataRole.UserRole) == "ar"
    )
    item.setCheckState(Qt.CheckState.Unchecked)
    out = tmp_path / "printed.pdf"

    def printer():
        p = QPrinter(QPrinter.PrinterMode.HighResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(out))
        return p

    dialog.choose_printer = printer
    dialog.print_button.click()
    qtbot.waitUntil(
        lambda: out.exists() and out.stat().st_size > 0 and dialog.print_button.isEnabled(), timeout=TIMEOUT
    )
    rows = _printed_rows(store, patient.id)
    assert [r.details["languages"] for r in rows] == [["sv"]]
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
        assert "Pages:           2" in info


def test_the_dialog_closes_when_the_program_locks(qtbot, window):
    dialog = _open_dialog(qtbot, window)
    window.lock()
    assert not dialog.isVisible()
    assert window.editor.handout_dialog is None


def test_manager_edits_the_help_contacts(qtbot, qapp, store):
    install_translations(qapp, "en")
    session = store.sign_in("chef")
    ops = Ops()
    page = ManagerPage(ops)
    qtbot.addWidget(page)
    page.show()
    page.open_session(session)
    editor = page.contacts_editor
    assert page.tabs.tabText(page.tabs.indexOf(editor)) == "Help contacts"
    page.tabs.setCurrentWidget(editor)
    qtbot.waitUntil(lambda: editor.save_button.isEnabled(), timeout=TIMEOUT)
    assert editor.unit_name.placeholderText() == "Vårdcentralen Test"

    editor.unit_phone.setText("0123-45 67 00")
    row = editor.model.add()
    model = editor.model
    model.setData(model.index(row, 0), LocalContactKind.GIRLS_SHELTER.code, Qt.ItemDataRole.EditRole)
    model.setData(model.index(row, 1), "  Tjejjouren   Väst ", Qt.ItemDataRole.EditRole)
    model.setData(model.index(row, 5), "tjejjouren.se", Qt.ItemDataRole.EditRole)
    assert model.index(row, 0).data() == "Girls' shelter"  # the kind's label in the UI language
    editor.save_button.click()
    qtbot.waitUntil(lambda: "Saved" in editor.status.text(), timeout=TIMEOUT)
    assert model.index(row, 1).data() == "Tjejjouren Väst"  # shown as stored

    # A refused save keeps the table and says why.
    model.setData(model.index(row, 5), "", Qt.ItemDataRole.EditRole)  # neither phone nor web
    editor.save_button.click()
    qtbot.waitUntil(lambda: "web" in editor.status.text(), timeout=TIMEOUT)

    stored = UnitSettingsService(session).local_contacts()
    assert stored.unit_phone == "0123-45 67 00"
    assert stored.contacts == (
        LocalContact(LocalContactKind.GIRLS_SHELTER, "Tjejjouren Väst", web="tjejjouren.se"),
    )
    rows = AuditService(session).events(AuditFilter(action=AuditAction.CHANGED))
    assert [r.target for r in rows if r.target == TARGET] == [TARGET]

    page.close_session()
    assert editor.model.rowCount() == 0 and not editor.unit_phone.text()
    ops.wait()
    session.close()
