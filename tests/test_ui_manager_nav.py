"""The manager page has a way back and a sign-out (issue 18 item 6)."""

from __future__ import annotations

from injurydoc.ui.app import install_translations
from injurydoc.ui.main_window import MainWindow

from .ui_steps import idle, sign_in


def test_manager_page_back_and_sign_out(qtbot, qapp, store):
    install_translations(qapp, "sv")
    w = MainWindow(store.folder, lock_ms=60_000)
    qtbot.addWidget(w)
    w.show()
    sign_in(qtbot, w, user="chef")
    assert w.start.manager_button.isVisible()
    w.start.manager_button.click()
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.manager, timeout=5000)
    assert w.manager.back_button.isVisible() and w.manager.back_button.text().startswith("←")
    w.manager.back_button.click()
    assert w.stack.currentWidget() is w.start
    w.start.manager_button.click()
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.manager, timeout=5000)
    idle(qtbot, w)
    assert w.manager.sign_out_button.text() == "Logga ut"
    w.manager.sign_out_button.click()
    idle(qtbot, w)
    assert w.stack.currentWidget() is w.signin and w.session is None
    assert w.manager.session is None and w.manager.accounts_tab.accounts_model.rowCount() == 0
    w.close()
