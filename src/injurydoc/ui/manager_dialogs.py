"""The unit manager's account and password dialogs: forms that stay open while the work runs and show a
refusal in their own words."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.errors import KnownError
from injurydoc.domain.models import Account
from injurydoc.domain.vocab import Lang, Profession, Role
from injurydoc.services.session import MIN_PASSWORD
from injurydoc.ui import errors
from injurydoc.ui.manager_models import ERROR_STYLE, hbox


class FormDialog(QDialog):
    """A form that stays open while the store works and shows a refusal in its own words.

    OK checks the two password fields and emits :attr:`submitted` with :meth:`value`; the page runs
    the service call and answers with :meth:`succeeded` or :meth:`refused`.
    """

    submitted = Signal(object)

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.form = QFormLayout()
        self.password, self.password_again = QLineEdit(), QLineEdit()
        for edit in (self.password, self.password_again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("At least %1 characters").replace("%1", str(MIN_PASSWORD)))
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def value(self) -> Any:
        raise NotImplementedError

    def accept(self) -> None:
        if self.password.text() != self.password_again.text():
            self.message.setText(self.tr("The two passwords are not the same."))
            self.password_again.clear()
            self.password_again.setFocus()
            return
        self.message.clear()
        self.buttons.setEnabled(False)
        self.submitted.emit(self.value())

    def refused(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, KnownError):
            self.message.setText(exc.message(errors.current_lang()))
        else:
            errors.handle(self, exc)

    def succeeded(self) -> None:
        super().accept()


class AccountDialog(FormDialog):
    """New account: user name, full name, roles, profession, HSA-id and the password twice."""

    def __init__(self, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New account"))
        self.username = QLineEdit()
        self.username.setPlaceholderText(self.tr("a–z, 0–9, dot, hyphen"))
        self.display_name = QLineEdit()
        self.role_boxes = {role: QCheckBox(role.label(lang)) for role in Role}
        self.role_boxes[Role.CLINICIAN].setChecked(True)
        self.profession = QComboBox()
        for prof in Profession:
            self.profession.addItem(prof.label(lang), prof.code)
        self.hsa_id = QLineEdit()
        self.hsa_id.setPlaceholderText(self.tr("Optional"))
        self.form.addRow(self.tr("User name"), self.username)
        self.form.addRow(self.tr("Full name"), self.display_name)
        self.form.addRow(self.tr("Roles"), hbox(*self.role_boxes.values(), None))
        self.form.addRow(self.tr("Profession"), self.profession)
        self.form.addRow(self.tr("HSA-id"), self.hsa_id)
        self.form.addRow(self.tr("Password"), self.password)
        self.form.addRow(self.tr("Password again"), self.password_again)
        self.setMinimumWidth(460)

    def value(self) -> dict[str, Any]:
        """Keyword arguments for :meth:`AccountService.create`."""
        return {
            "username": self.username.text(),
            "display_name": self.display_name.text(),
            "roles": frozenset(r for r, box in self.role_boxes.items() if box.isChecked()),
            "profession": Profession(self.profession.currentData()),
            "hsa_id": self.hsa_id.text(),
            "password": self.password.text(),
        }


class PasswordDialog(FormDialog):
    """A new password for someone else's account (it is re-enabled)."""

    def __init__(self, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Set new password"))
        self.form.addRow(self.tr("Account"), QLabel(f"{account.display_name} ({account.username})"))
        self.form.addRow(self.tr("New password"), self.password)
        self.form.addRow(self.tr("Password again"), self.password_again)
        self.setMinimumWidth(420)

    def value(self) -> str:
        return self.password.text()
