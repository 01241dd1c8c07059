"""A unit key pinned on first use, confirmed on any workstation by typing its fingerprint from the unit
manager's paper (the connect wizard's last page, the sync status line; services/unit_keys.confirm)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from injurydoc.domain.errors import KnownError
from injurydoc.ui import errors


class UnitKeyConfirm(QWidget):
    """A unit key taken from the server on first use, confirmed by typing its whole fingerprint from the
    unit manager's paper (``confirm``: services/unit_keys.confirm for a session).  Until then the
    workstation shares no protected person's key with colleagues.  :attr:`confirmed` carries the
    fingerprint."""

    confirmed = Signal(str)

    def __init__(self, confirm: Callable[[str], str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.confirm_fn = confirm
        self.typed = QLineEdit()
        self.typed.setObjectName("unit_key_typed")
        self.typed.setPlaceholderText(self.tr("The unit key on the manager's paper: all eight groups"))
        self.typed.setAccessibleName(self.tr("The unit key on the manager's paper"))
        self.typed.returnPressed.connect(self.confirm)
        self.confirm_button = QPushButton(self.tr("Confirm the unit key"))
        self.confirm_button.setObjectName("unit_key_confirm")
        self.confirm_button.clicked.connect(self.confirm)
        self.message = QLabel("")
        self.message.setObjectName("unit_key_confirm_message")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.typed, 1)
        row.addWidget(self.confirm_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.message)

    def reset(self, confirm: Callable[[str], str] | None) -> None:
        """Ready for another session's unit key (``confirm``), nothing typed."""
        self.confirm_fn = confirm
        self.typed.clear()
        self.message.clear()
        self.typed.setVisible(True)
        self.confirm_button.setVisible(True)

    def confirm(self) -> None:
        if self.confirm_fn is None:
            return
        try:
            shown = self.confirm_fn(self.typed.text())
        except KnownError as exc:
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(exc.message(errors.current_lang()))
            return
        self.typed.setVisible(False)
        self.confirm_button.setVisible(False)
        self.message.setStyleSheet("color: #1b5e20; font-weight: 600;")
        self.message.setText(
            self.tr("✓ Confirmed: the unit key %1 is the one on the manager's paper.").replace("%1", shown)
        )
        self.confirmed.emit(shown)
