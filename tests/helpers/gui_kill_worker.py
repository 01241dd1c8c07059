"""Run the real main window offscreen, type into an examination, then die by SIGKILL.

python gui_kill_worker.py STORE USER EXAM_ID TEXT     (password on stdin)
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest

from injurydoc.services.session import sign_in
from injurydoc.ui.app import create_app
from injurydoc.ui.main_window import MainWindow


def main() -> None:
    store, user, exam_id, text = sys.argv[1:5]
    password = sys.stdin.readline().rstrip("\n")
    app = create_app([sys.argv[0]], "sv")
    w = MainWindow(Path(store))
    w.show()
    w.signin.signed_in.emit(sign_in(Path(store), user, password))  # as the sign-in page does
    w.open_exam(exam_id)

    def type_then_die() -> None:
        if w.editor.exam is None:
            QTimer.singleShot(50, type_then_die)
            return
        fields = {b.path: b.widget for b in w.editor.bindings}
        fields["patient_account"].setFocus()
        QTest.keyClicks(fields["patient_account"], text)
        fields["reported_place"].setFocus()
        QTest.keyClicks(fields["reported_place"], "Hemma")
        # A nurse pauses for half a second; the program is then killed without warning.
        QTimer.singleShot(800, lambda: (print("typed", flush=True), os.kill(os.getpid(), signal.SIGKILL)))

    QTimer.singleShot(0, type_then_die)
    app.exec()


if __name__ == "__main__":
    main()
