"""Auto-lock closes every dialog that shows patient data: the export and the exercise feedback."""

from __future__ import annotations

import pytest

from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.ui.app import install_translations
from injurydoc.ui.main_window import MainWindow

from .conftest import DISTINCT_NAME, DISTINCT_PNR
from .ui_steps import sign_in


@pytest.fixture
def signed_exam(store):
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=DISTINCT_PNR, name=DISTINCT_NAME)
    svc = ExaminationService(s)
    exam = svc.create(p.id)
    svc.sign(exam.id)
    s.close()
    return exam.id


def test_auto_lock_closes_the_export_dialog(qtbot, qapp, store, signed_exam):
    install_translations(qapp, "sv")
    w = MainWindow(store.folder, lock_ms=60_000)
    qtbot.addWidget(w)
    w.show()
    sign_in(qtbot, w, "anna")
    w.open_exam(signed_exam)
    qtbot.waitUntil(lambda: w.editor.exam is not None and w.editor.exam.is_signed, timeout=10000)
    w.editor.jump("review")
    review = w.editor.review
    assert review.export_button.isVisible()
    review.export_button.click()
    dlg = review.export_dialog
    assert dlg is not None and dlg.isVisible()
    w.lock()
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.signin, timeout=5000)
    assert not dlg.isVisible()
    w.close()
