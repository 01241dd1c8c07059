"""Examination editor state through a day of work (issue 18): what survives closing and auto-lock, where
typed data lands, the mouse wheel."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit

from injurydoc.domain.vocab import Answer, Relation
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.ui.app import install_translations
from injurydoc.ui.main_window import MainWindow

from .conftest import make_pnr
from .ui_steps import idle, sign_in


@pytest.fixture
def exam_window(qtbot, qapp, store):
    install_translations(qapp, "sv")
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=make_pnr(41), name="Tillstånd Tillståndsson")
    svc = ExaminationService(s)
    e = svc.create(p.id)
    strangulation = dataclasses.replace(svc.get(e.id).strangulation, asked=True, could_breathe=Answer.NO)
    svc.update(e.id, relation=Relation.FORMER_PARTNER, strangulation=strangulation)
    s.close()
    w = MainWindow(store.folder, lock_ms=60_000)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    sign_in(qtbot, w)
    yield w, e.id
    w.close()


def _binding(w, path):
    return next(b for b in w.editor.bindings if b.path == path)


def _open(qtbot, w, exam_id):
    w.open_exam(exam_id)
    qtbot.waitUntil(lambda: w.editor.exam is not None, timeout=5000)
    idle(qtbot, w)


@pytest.mark.parametrize("how", ["close", "lock", "sign_out"])
def test_drop_downs_keep_their_choices_after_close_and_lock(qtbot, exam_window, how):
    w, exam_id = exam_window
    _open(qtbot, w, exam_id)
    counts = {b.path: b.widget.count() for b in w.editor.bindings if isinstance(b.widget, QComboBox)}
    assert counts and all(n > 0 for n in counts.values())
    if how == "close":
        w.editor.close_editor()
    else:
        w.lock() if how == "lock" else w.sign_out()
        assert w.stack.currentWidget() is w.signin
        # Nothing of the patient's stays in the hidden editor: texts empty, boxes unticked.
        for b in w.editor.bindings + w.editor.injuries.fields:
            for edit in [*b.widget.findChildren(QLineEdit), b.widget]:
                if isinstance(edit, QLineEdit):
                    assert edit.text() in ("", "--", "-- :", "–"), b.path  # empty, empty date/time, no size
            if isinstance(b.widget, QPlainTextEdit):
                assert b.widget.toPlainText() == "", b.path
            for cb in [*b.widget.findChildren(QCheckBox), b.widget]:
                if isinstance(cb, QCheckBox):
                    assert not cb.isChecked(), b.path
        sign_in(qtbot, w)
    _open(qtbot, w, exam_id)
    after = {b.path: b.widget.count() for b in w.editor.bindings if isinstance(b.widget, QComboBox)}
    assert after == counts
    assert _binding(w, "relation").widget.currentText() == "Tidigare partner"
    assert _binding(w, "strangulation.could_breathe").widget.currentText() == "Nej"
    assert _binding(w, "strangulation.asked").widget.isChecked()
    # ... and can still be set.
    combo = _binding(w, "strangulation.could_speak").widget
    combo.setCurrentIndex(combo.findData(Answer.YES))
    w.editor.save_now(wait=True)
    idle(qtbot, w)
    s = w.session
    assert ExaminationService(s).get(exam_id).strangulation.could_speak is Answer.YES


def test_a_new_injury_is_selected_so_typed_values_go_to_it(qtbot, exam_window):
    w, exam_id = exam_window
    _open(qtbot, w, exam_id)
    ed = w.editor
    ed.jump("injuries")
    ed.injuries.map.mark_requested.emit("front", 0.3, 0.3, "upper_arm", "right")
    qtbot.waitUntil(lambda: ed.injuries.list.count() == 1, timeout=5000)
    idle(qtbot, w)
    fields = {b.path: b for b in ed.injuries.fields}
    fields["colour"].widget.setText("blålila")
    ed.injuries.save_now()
    idle(qtbot, w)
    ed.injuries.map.mark_requested.emit("back", 0.6, 0.5, "hip", "left")
    qtbot.waitUntil(lambda: ed.injuries.list.count() == 2, timeout=5000)
    idle(qtbot, w)
    assert ed.injuries.current is not None and ed.injuries.current.number == 2
    assert ed.injuries.list.currentRow() == 1
    assert fields["colour"].widget.text() == ""
    fields["colour"].widget.setText("röd")
    fields["length_mm"].widget.setValue(12)
    ed.injuries.save_now()
    idle(qtbot, w)
    injuries = {i.number: i for i in ExaminationService(w.session).get(exam_id).injuries}
    assert injuries[1].colour == "blålila" and injuries[1].length_mm is None
    assert injuries[2].colour == "röd" and injuries[2].length_mm == 12
    # The keyboard way (add at the centre) selects the new one too.
    ed.injuries.add_button.click()
    qtbot.waitUntil(lambda: ed.injuries.list.count() == 3, timeout=5000)
    idle(qtbot, w)
    assert ed.injuries.current is not None and ed.injuries.current.number == 3


def _wheel(widget, steps=-3):
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    pos = QPointF(widget.rect().center())
    event = QWheelEvent(
        pos,
        QPointF(widget.mapToGlobal(pos.toPoint())),
        QPoint(),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_the_mouse_wheel_changes_no_value_in_a_field_without_focus(qtbot, exam_window):
    w, exam_id = exam_window
    _open(qtbot, w, exam_id)
    ed = w.editor
    ed.jump("injuries")
    ed.injuries.map.mark_requested.emit("front", 0.3, 0.3, "upper_arm", "right")
    qtbot.waitUntil(lambda: ed.injuries.list.count() == 1, timeout=5000)
    idle(qtbot, w)
    length = next(b for b in ed.injuries.fields if b.path == "length_mm").widget
    length.setValue(30)
    ed.injuries.save_now()
    idle(qtbot, w)
    ed.nav.setFocus()
    assert not length.hasFocus()
    _wheel(length, steps=-5)
    _wheel(length, steps=5)
    _wheel(length, steps=2)
    assert length.value() == 30
    type_combo = next(b for b in ed.injuries.fields if b.path == "type").widget
    index = type_combo.currentIndex()
    _wheel(type_combo, steps=-2)
    assert type_combo.currentIndex() == index
    ed.jump("history")
    relation = _binding(w, "relation").widget
    before = relation.currentIndex()
    _wheel(relation, steps=-2)
    assert relation.currentIndex() == before
    # Absent-finding rows are added later: their region combo is guarded as well.
    ed.jump("absent")
    ed.absent.add_button.click()
    region = ed.absent.rows[-1][1]
    ed.nav.setFocus()
    before = region.currentIndex()
    _wheel(region, steps=-2)
    assert region.currentIndex() == before
    # With focus the wheel still works (the field the user is in).
    length.setFocus()
    qtbot.waitUntil(length.hasFocus, timeout=2000)
    _wheel(length, steps=2)
    assert length.value() != 30
    ed.injuries.save_now()
    idle(qtbot, w)
    assert ExaminationService(w.session).get(exam_id).injuries[0].length_mm != 30
