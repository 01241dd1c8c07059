"""A unit manager who has lost a password: open the store with the recovery code and set a new one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.errors import KnownError
from injurydoc.services.accounts import AccountService
from injurydoc.services.session import sign_in_with_recovery
from injurydoc.ui import errors
from injurydoc.ui.ops import Ops


class RecoveryDialog(QDialog):
    def __init__(self, ops: Ops, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.folder = ops, folder
        self.done_for: str | None = None
        self.setWindowTitle(self.tr("New password with the recovery code"))
        self.code = QLineEdit()
        self.code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.manager = QLineEdit()
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a00000;")
        form = QFormLayout()
        form.addRow(self.tr("Recovery code"), self.code)
        form.addRow(self.tr("Your user name (for the access log)"), self.manager)
        form.addRow(self.tr("Account to give a new password"), self.user)
        form.addRow(self.tr("New password"), self.password)
        form.addRow(self.tr("Repeat the password"), self.again)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        intro = QLabel(
            self.tr(
                "For unit managers: the recovery code printed when the store was created opens it to set "
                "a new password for any account. This is recorded in the access log."
            )
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def submit(self) -> None:
        if self.password.text() != self.again.text():
            self.message.setText(self.tr("The passwords differ."))
            return
        folder, code, manager = self.folder, self.code.text(), self.manager.text().strip()
        user, password = self.user.text().strip().lower(), self.password.text()
        self.password.clear()
        self.again.clear()

        def job() -> str:
            session = sign_in_with_recovery(folder, code, manager)
            try:
                svc = AccountService(session)
                svc.set_password(svc.by_username(user).id, password)
            finally:
                session.close(log_out=False)
            return user

        def failed(exc: BaseException) -> None:
            if isinstance(exc, KnownError):
                self.message.setText(exc.message(errors.current_lang()))
            else:
                errors.handle(self, exc)

        self.ops.run(job, self._done, failed)

    def _done(self, user: str) -> None:
        self.done_for = user
        self.accept()
