"""The main window: sign-in and the pages behind it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget, QWidget

from injurydoc.services.session import Session
from injurydoc.ui import errors
from injurydoc.ui.ops import Ops
from injurydoc.ui.signin import SignInPage
from injurydoc.ui.start_page import StartPage


class MainWindow(QMainWindow):
    def __init__(self, store_folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Injury documentation"))
        self.resize(1100, 720)
        self.ops = Ops(self)
        self.session: Session | None = None
        self.stack = QStackedWidget()
        self.signin = SignInPage(self.ops, store_folder)
        self.start = StartPage(self.ops)
        self.stack.addWidget(self.signin)
        self.stack.addWidget(self.start)
        self.setCentralWidget(self.stack)
        self.signin.signed_in.connect(self._signed_in)
        self.signin.demo_requested.connect(self._create_demo)
        self.start.sign_out_requested.connect(self.sign_out)

    def _signed_in(self, session: Session) -> None:
        self.session = session
        # Remember the folder (not patient data) for the next start.
        QSettings().setValue("store/last_folder", str(session.vault.folder))
        self.start.open_session(session)
        self.stack.setCurrentWidget(self.start)

    def sign_out(self) -> None:
        session, self.session = self.session, None
        self.start.close_session()
        self.stack.setCurrentWidget(self.signin)
        self.signin.reset()
        if session is not None:
            self.ops.run(session.close, lambda _r: None, lambda exc: errors.handle(self, exc))

    def _create_demo(self, folder: str) -> None:
        from injurydoc.services.demo import create_demo

        target = Path(folder).expanduser()
        self.signin.set_busy(True)

        def done(result: object) -> None:
            self.signin.set_busy(False)
            self.signin.reset()
            lines = "\n".join(f"{a.username}  /  {a.password}" for a in result.accounts)  # type: ignore[attr-defined]
            QMessageBox.information(
                self,
                self.tr("Training store created"),
                self.tr("A training store with synthetic examples was created. Accounts:") + "\n\n" + lines,
            )

        def failed(exc: BaseException) -> None:
            self.signin.set_busy(False)
            errors.handle(self, exc)

        self.ops.run(lambda: create_demo(target), done, failed)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.session is not None:
            session, self.session = self.session, None
            self.start.close_session()
            self.ops.run(session.close, lambda _r: None, lambda _e: None)
        self.ops.wait(10000)
        super().closeEvent(event)
