"""No patient data in QSettings or in the GUI's crash reports."""

from pathlib import Path
from unittest import mock

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.ui import errors
from injurydoc.ui.app import install_translations
from injurydoc.ui.main_window import MainWindow

from .conftest import DISTINCT_NAME, DISTINCT_PNR, PASSWORD


def test_qsettings_and_crash_report_hold_no_patient_data(qtbot, qapp, store, monkeypatch, isolated_env):
    install_translations(qapp, "sv")
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=DISTINCT_PNR, name=DISTINCT_NAME)
    e = ExaminationService(s).create(p.id)
    s.close()
    w = MainWindow(store.folder)
    qtbot.addWidget(w)
    w.show()
    w.signin.user_edit.setText("anna")
    w.signin.password_edit.setText(PASSWORD)
    w.signin.submit()
    qtbot.waitUntil(lambda: w.session is not None, timeout=5000)
    w.start.search.setText(DISTINCT_NAME[:6])
    w.start.refresh()
    w.open_exam(e.id)
    qtbot.waitUntil(lambda: w.editor.exam is not None, timeout=5000)
    # A bug while patient data is on screen: the crash dialog and its report.
    monkeypatch.delenv("INJURYDOC_TEST_RAISE_BUGS")
    shown = []
    with mock.patch.object(QMessageBox, "critical", lambda *a: shown.append(a[2])):
        try:
            raise ValueError(f"{DISTINCT_NAME} {DISTINCT_PNR}")
        except ValueError as exc:
            errors.handle(w, exc)
    assert shown and DISTINCT_NAME not in shown[0]
    reports = list(Path(isolated_env).rglob("crash-*.txt"))
    assert reports, "a crash report was written"
    w.close()
    QSettings().sync()
    digits = DISTINCT_PNR.replace("-", "")
    files = [Path(QSettings().fileName()), *reports]
    for f in files:
        if f.exists():
            text = f.read_text("utf-8", "replace")
            assert DISTINCT_NAME not in text and digits not in text and DISTINCT_PNR not in text, f
    assert "ValueError" in reports[0].read_text()
