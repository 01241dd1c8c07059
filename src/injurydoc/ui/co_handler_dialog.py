"""The handler of a protected person's case adds a co-handler (medhandläggare) by user name."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from injurydoc.services.accounts import AccountService
from injurydoc.services.patients import PatientService
from injurydoc.services.session import Session
from injurydoc.ui import errors
from injurydoc.ui.ops import Ops


class CoHandlerDialog(QDialog):
    def __init__(self, ops: Ops, session: Session, patient_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.session, self.patient_id = ops, session, patient_id
        self.added: str | None = None
        self.setWindowTitle(self.tr("Add a co-handler"))
        hint = QLabel(
            self.tr(
                "A co-handler may open this protected case like you. Only you, who started the case, can "
                "add one; the unit manager sees who has access, and the access log records it."
            )
        )
        hint.setWordWrap(True)
        self.username = QLineEdit()
        self.username.setPlaceholderText(self.tr("The colleague's user name"))
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def submit(self) -> None:
        name, session, pid = self.username.text().strip(), self.session, self.patient_id
        if not name:
            return

        def job() -> str:
            account = AccountService(session).by_username(name)
            PatientService(session).add_co_handler(pid, account.id)
            return account.display_name

        self.ops.run(job, self._done, lambda e: errors.handle(self, e))

    def _done(self, display_name: str) -> None:
        self.added = display_name
        self.message.setText(self.tr("%1 may now open the case.").replace("%1", display_name))
        self.username.clear()
