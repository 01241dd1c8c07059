"""Steps shared by the GUI tests: signing in through the sign-in page, waiting for the store thread."""

from __future__ import annotations

from .conftest import PASSWORD


def sign_in(qtbot, w, user="anna"):
    w.signin.user_edit.setText(user)
    w.signin.password_edit.setText(PASSWORD)
    w.signin.submit()
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.start, timeout=10000)


def idle(qtbot, w):
    w.ops.wait()
    qtbot.wait(30)
    w.ops.wait()
