"""Signing and addenda are deliberate (issue 18 item 7): the report as it will be printed, the open
checklist items, Cancel as the default button, and the password typed again."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from injurydoc.domain.vocab import BodyRegion, InjuryType, Side
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.ui.app import install_translations
from injurydoc.ui.main_window import MainWindow

from .conftest import PASSWORD, make_pnr
from .ui_steps import idle, sign_in


@pytest.fixture
def review_window(qtbot, qapp, store):
    install_translations(qapp, "sv")
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=make_pnr(43), name="Signe Signesson")
    svc = ExaminationService(s)
    e = svc.create(p.id)
    svc.add_injury(
        e.id, type=InjuryType.BRUISE, region=BodyRegion.THIGH, side=Side.LEFT, colour="några dagar gammalt"
    )
    svc.update(e.id, patient_account="Han slog mig.")
    s.close()
    w = MainWindow(store.folder, lock_ms=60_000)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    sign_in(qtbot, w)
    w.open_exam(e.id)
    qtbot.waitUntil(lambda: w.editor.exam is not None, timeout=5000)
    w.editor.jump("review")
    idle(qtbot, w)
    yield w, e.id
    w.close()


def test_signing_shows_the_report_open_items_and_asks_for_the_password(qtbot, review_window):
    w, exam_id = review_window
    ed = w.editor
    dlg = ed.review.sign()
    assert dlg is not None and dlg.isVisible()
    qtbot.waitUntil(lambda: dlg.page_count > 0, timeout=30000)
    # Rendered pages of the report are shown.
    from PySide6.QtWidgets import QLabel

    pages = [lab for lab in dlg.pages.findChildren(QLabel) if lab.pixmap() and not lab.pixmap().isNull()]
    assert len(pages) == dlg.page_count and pages[0].pixmap().width() > 500
    # The open items are listed, the bruise-age words among them.
    texts = [dlg.open_list.item(i).text() for i in range(dlg.open_list.count())]
    assert any("»några dagar gammalt«" in t for t in texts)
    assert dlg.open_list.isVisible() and "öppna" in dlg.open_label.text()
    # Cancel (Avbryt) is the default; signing needs the password.
    assert dlg.cancel_button.isDefault() and not dlg.ok_button.isDefault()
    assert dlg.cancel_button.text() == "Avbryt"
    assert not dlg.ok_button.isEnabled()
    # A wrong password signs nothing; the dialog stays and says so.
    dlg.password.setText("fel-lösenord-123")
    dlg.ok_button.click()
    idle(qtbot, w)
    assert dlg.isVisible() and "lösenord" in dlg.message.text().lower()
    assert not ExaminationService(w.session).get(exam_id).is_signed
    # Enter in the password field presses the default button: Cancel, nothing signed.
    dlg.password.setText(PASSWORD)
    qtbot.keyClick(dlg.password, Qt.Key.Key_Return)
    idle(qtbot, w)
    assert not dlg.isVisible()
    assert not ExaminationService(w.session).get(exam_id).is_signed
    # Again, with the right password and the button.
    dlg = ed.review.sign()
    dlg.password.setText(PASSWORD)
    dlg.ok_button.click()
    qtbot.waitUntil(lambda: ed.exam is not None and ed.exam.is_signed, timeout=10000)
    assert dlg.done_ok and not dlg.isVisible()
    rows = w.session.db.all(
        "SELECT details FROM audit_log WHERE action = 'read' AND target = ?", (f"examination:{exam_id}",)
    )
    assert any(json.loads(r[0]).get("event") == "report_preview" for r in rows)


def test_an_addendum_asks_for_the_password_too(qtbot, review_window, store):
    w, exam_id = review_window
    ed = w.editor
    ed.review.sign(password=PASSWORD)
    qtbot.waitUntil(lambda: ed.exam is not None and ed.exam.is_signed, timeout=10000)
    ed.review.addendum.setPlainText("Tillägg: patienten återkom.")
    dlg = ed.review.add_addendum()
    assert dlg is not None and dlg.cancel_button.isDefault()
    dlg.password.setText("fel-lösenord-123")
    dlg.ok_button.click()
    idle(qtbot, w)
    assert ExaminationService(w.session).get(exam_id).addenda == ()
    dlg.password.setText(PASSWORD)
    dlg.ok_button.click()
    idle(qtbot, w)
    qtbot.waitUntil(lambda: len(ed.exam.addenda) == 1, timeout=5000)
    assert ExaminationService(w.session).get(exam_id).addenda[0].text == "Tillägg: patienten återkom."


def test_the_service_refuses_a_wrong_password(store):
    from injurydoc.domain.errors import AuthError

    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=make_pnr(44), name="Tjänst Tjänstsson")
    svc = ExaminationService(s)
    e = svc.create(p.id)
    with pytest.raises(AuthError):
        svc.sign(e.id, password="inte-rätt-lösenord")
    assert not svc.get(e.id).is_signed
    assert svc.sign(e.id, password=PASSWORD).is_signed
    s.close()
