"""Keyboard alone: sign in, start a new examination, move between sections, type, place an injury with
the arrow keys, sign — no mouse event anywhere in this test."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from injurydoc.ui.app import install_translations
from injurydoc.ui.main_window import MainWindow

from .conftest import PASSWORD, make_pnr


def _keys(widget, text):
    QTest.keyClicks(widget, text)


def test_keyboard_only_path(qtbot, qapp, store):
    install_translations(qapp, "sv")
    w = MainWindow(store.folder)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)
    # sign in: type the user name, Enter moves to the password, Enter signs in
    w.signin.user_edit.setFocus()
    _keys(w.signin.user_edit, "anna")
    QTest.keyClick(w.signin.user_edit, Qt.Key.Key_Return)
    _keys(w.signin.password_edit, PASSWORD)
    QTest.keyClick(w.signin.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.session is not None, timeout=10000)
    # Ctrl+N: a new examination; type the number and name, Enter accepts
    QTest.keyClick(w.start, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: getattr(w, "new_dialog", None) is not None and w.new_dialog.isVisible(), timeout=5000
    )
    dlg = w.new_dialog
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow, timeout=3000)
    dlg.number.setFocus()
    _keys(dlg.number, make_pnr(11))
    QTest.keyClick(dlg.number, Qt.Key.Key_Tab)
    _keys(QApplication.focusWidget(), "Tangent Tangentsson")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.editor.exam is not None, timeout=10000)
    ed = w.editor
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)
    ed.nav.setFocus()
    # Ctrl+PgDown twice: patient -> consent -> the patient's account; type into the focused field
    for _ in range(2):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert ed.nav.currentRow() == 2
    account = next(b for b in ed.bindings if b.path == "patient_account").widget
    qtbot.waitUntil(account.hasFocus, timeout=2000)
    _keys(account, "Han slog mig")
    # to the injuries: the add button by keyboard, then the arrow keys move the mark
    while ed.nav.currentRow() < ed.SECTIONS.index("injuries"):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    ed.injuries.add_button.setFocus()
    QTest.keyClick(ed.injuries.add_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: ed.injuries.list.count() == 1, timeout=5000)
    ed.injuries.map.setFocus()
    for _ in range(15):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left)
    w.ops.wait()
    qtbot.waitUntil(lambda: ed.exam.injuries and ed.exam.injuries[0].marks[0].x < 0.45, timeout=5000)
    # review: the sign button by keyboard; the signing dialog takes the password, Tab reaches "Sign"
    # (Enter alone would press the default button, Cancel)
    while ed.nav.currentRow() < ed.SECTIONS.index("review"):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    ed.review.sign_button.setFocus()
    QTest.keyClick(ed.review.sign_button, Qt.Key.Key_Space)
    dlg = ed.review.sign_dialog
    assert dlg is not None
    qtbot.waitUntil(dlg.password.hasFocus, timeout=5000)
    _keys(dlg.password, PASSWORD)
    for _ in range(10):
        if QApplication.focusWidget() is dlg.ok_button:
            break
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dlg.ok_button
    QTest.keyClick(dlg.ok_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: ed.exam is not None and ed.exam.is_signed, timeout=10000)
    assert ed.exam.patient_account == "Han slog mig"
    w.close()
