"""The connect wizard's pages (ui/unit_connect_wizard.py), a widget each: the server, a busy page, the
server's certificate, the account, the first synchronisation, done.  A page shows what it is given
and says by a signal what the person did; the wizard moves the flow."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from injurydoc.services import unit_keys
from injurydoc.services.unit_connection import CONNECTION_FILE_NAME, format_fingerprint
from injurydoc.services.unit_keys import PinnedKey
from injurydoc.ui.setup_pages import HINT_STYLE, text_label
from injurydoc.ui.unit_key_confirm import UnitKeyConfirm


def _column(page: QWidget, *items: QWidget | QFormLayout | QHBoxLayout | int) -> None:
    """``page``'s widgets and rows top to bottom (an int is a spacing), the spare height below."""
    box = QVBoxLayout(page)
    box.setContentsMargins(0, 0, 0, 0)
    for item in items:
        if isinstance(item, int):
            box.addSpacing(item)
        elif isinstance(item, QWidget):
            box.addWidget(item)
        else:
            box.addLayout(item)
    box.addStretch(1)


class ServerPage(QWidget):
    """IT's connection file (a button; dropping it on the wizard does the same) or the server's address
    and fingerprint typed; the "training unit" box."""

    file_chosen = Signal(Path)

    def __init__(self, *, training: bool, training_fixed: bool) -> None:
        super().__init__()
        self.file_button = QPushButton(self.tr("Open the connection file from IT…"))
        self.file_button.setAutoDefault(False)
        self.file_button.clicked.connect(self.choose_file)
        self.file_label = text_label(style=HINT_STYLE)
        drop = text_label(
            self.tr("or drop the file %1 on this window.").replace("%1", CONNECTION_FILE_NAME), HINT_STYLE
        )
        form = self._address_form()
        hint = text_label(
            self.tr(
                "IT gives you either a connection file or the server's address, and the fingerprint of "
                "its certificate to compare. The examinations stay on this computer too, encrypted, so "
                "you can work when the network is down."
            ),
            HINT_STYLE,
        )
        row = QHBoxLayout()
        row.addWidget(self.file_button)
        row.addWidget(drop, 1)
        # a training unit's account makes a training store (ÖVNING); the server refuses the wrong pairing
        self.training_box = QCheckBox(
            self.tr("Training unit: this account practises (ÖVNING), no real cases")
        )
        self.training_box.setChecked(training)
        self.training_note = text_label(
            self.tr(
                "Chosen in the set-up: a training store. It connects only to a training unit; for a real "
                "unit, cancel and choose a clinical store."
            ),
            "background: #fff3c4; border: 1px solid #e0b400; padding: 6px;",
        )
        self.training_note.setObjectName("training_fixed_note")
        self.training_box.setEnabled(not training_fixed)
        self.training_note.setVisible(training_fixed)
        _column(
            self,
            row,
            self.file_label,
            14,
            text_label(self.tr("Or type the address:")),
            form,
            10,
            hint,
            10,
            self.training_box,
            self.training_note,
        )

    def _address_form(self) -> QFormLayout:
        """The server's address, the certificate's fingerprint and the unit key, typed."""
        self.address_edit = QLineEdit()
        self.address_edit.setAccessibleName(self.tr("Server address"))
        self.address_edit.setPlaceholderText(self.tr("For example: db.region.se:5432/injurydoc"))
        self.fingerprint_edit = QLineEdit()
        self.fingerprint_edit.setAccessibleName(self.tr("Certificate fingerprint"))
        self.fingerprint_edit.setPlaceholderText(self.tr("Optional: SHA-256 from IT, e.g. 3F:A2:…"))
        form = QFormLayout()
        form.addRow(self.tr("Server address"), self.address_edit)
        form.addRow(self.tr("Fingerprint"), self.fingerprint_edit)
        # the unit key's fingerprint from the manager's paper: the server's is pinned only if it is this
        self.unit_key_edit = QLineEdit()
        self.unit_key_edit.setAccessibleName(self.tr("Unit key"))
        self.unit_key_edit.setPlaceholderText(
            self.tr("Optional: from the unit manager's paper, e.g. 7F3A-09C2-…")
        )
        form.addRow(self.tr("Unit key"), self.unit_key_edit)
        return form

    def show_data(self, address: str, file: Path | None, unit: str) -> None:
        self.address_edit.setText(address)
        if file is not None:
            text = self.tr("Connection file: %1").replace("%1", file.name)
            self.file_label.setText(text + " · " + unit if unit else text)
        else:
            self.file_label.clear()
        self.address_edit.setFocus()

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Connection file from IT"), "", self.tr("Connection files (*.json)")
        )
        if name:
            self.file_chosen.emit(Path(name))


class BusyPage(QWidget):
    """What is happening, over a moving bar (no cancel: the network job times out by itself)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        bar = QProgressBar()
        bar.setRange(0, 0)
        bar.setTextVisible(False)
        bar.setMaximumWidth(360)
        _column(self, text_label(text), 6, bar)


class CertificatePage(QWidget):
    """The server certificate's fingerprint, large, to compare with IT's; :attr:`compared` when the
    person ticks that it is the same."""

    compared = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.fingerprint_label = QLabel()
        self.fingerprint_label.setObjectName("fingerprint")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(13)
        self.fingerprint_label.setFont(font)
        self.fingerprint_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fingerprint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint_label.setStyleSheet(
            "QLabel { background: #fbfaf4; border: 1px solid #b9b29a; border-radius: 6px; padding: 14px; }"
        )
        self.cert_details = text_label(style=HINT_STYLE)
        self.match_label = text_label()
        self.match_label.setObjectName("fingerprint_match")
        self.compared_box = QCheckBox(self.tr("I have compared it with what IT gave me, and it is the same"))
        self.compared_box.toggled.connect(self.compared.emit)
        _column(self, self.fingerprint_label, self.cert_details, 10, self.match_label, self.compared_box)

    def show_certificate(self, cert: Any, from_it: bool) -> None:
        """``from_it``: the fingerprint IT gave matched, nothing to compare by eye."""
        self.fingerprint_label.setText(format_fingerprint(cert.sha256))
        self.cert_details.setText(
            self.tr("Issued to %1 by %2; valid until %3.")
            .replace("%1", cert.subject)
            .replace("%2", cert.issuer)
            .replace("%3", cert.not_after.date().isoformat())
        )
        if from_it:
            self.match_label.setText(self.tr("✓ The same as the fingerprint IT gave."))
            self.match_label.setStyleSheet("color: #1b5e20; font-weight: 600;")
            self.compared_box.hide()
        else:
            self.match_label.setText(
                self.tr("IT gave no fingerprint here. Compare it, group by group, with IT's paper or e-mail.")
            )
            self.match_label.setStyleSheet("")
            self.compared_box.show()
            self.compared_box.setChecked(False)


class AccountPage(QWidget):
    """The person's own account on the unit's server; Return in the password field is :attr:`submitted`."""

    submitted = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.username_edit = QLineEdit()
        self.username_edit.setAccessibleName(self.tr("User name"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.password_edit.returnPressed.connect(self.submitted.emit)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        hint = text_label(
            self.tr(
                "Your own account on the unit's server, from your unit manager. This workstation keeps an "
                "encrypted copy of what you may open, locked with your password only: colleagues who "
                "use this computer have copies of their own."
            ),
            HINT_STYLE,
        )
        _column(self, form, 10, hint)

    def show_data(self, username: str, password: str) -> None:
        self.username_edit.setText(username)
        self.password_edit.setText(password)
        (self.password_edit if username else self.username_edit).setFocus()


class SyncPage(QWidget):
    """The first synchronisation's progress, from the sync runner's status."""

    def __init__(self) -> None:
        super().__init__()
        self.sync_bar = QProgressBar()
        self.sync_bar.setObjectName("first_sync_progress")
        self.sync_bar.setRange(0, 0)
        self.sync_bar.setMaximumWidth(420)
        self.sync_label = text_label(self.tr("Fetching the cases you may open…"))
        hint = text_label(self.tr("You can start working now: the rest comes in the background."), HINT_STYLE)
        _column(self, self.sync_label, 6, self.sync_bar, 10, hint)

    def show_status(self, status: Any) -> None:
        if status.bytes_total:
            self.sync_bar.setRange(0, 1000)
            self.sync_bar.setValue(min(1000, status.bytes_sent * 1000 // max(1, status.bytes_total)))
        if status.state == "online" and status.last_sync is not None:
            self.sync_bar.setRange(0, 1000)
            self.sync_bar.setValue(1000)
            self.sync_label.setText(self.tr("Done: this workstation has what you may open."))
        elif status.state in ("offline", "attention"):
            self.sync_label.setText(
                self.tr("The first synchronisation is not finished; it goes on in the background.")
            )


class DonePage(QWidget):
    """Who is signed in, on which unit, and the unit key this workstation pinned.  One taken from the
    server on first use (no file or typed fingerprint) is **unconfirmed** until its fingerprint is typed
    here (or later from the sync status line) from the unit manager's paper: until then no protected
    person's key is shared with colleagues from this workstation."""

    def __init__(self) -> None:
        super().__init__()
        self.done_label = text_label()
        self.unit_key_label = text_label()
        self.unit_key_label.setObjectName("pinned_unit_key")
        self.unit_key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.confirm_box = UnitKeyConfirm()
        self.confirm_box.confirmed.connect(
            lambda fp: self.unit_key_label.setText(self.unit_key_text(PinnedKey(fp, "confirmed")))
        )
        self.confirm_box.setVisible(False)
        _column(self, self.done_label, 8, self.unit_key_label, 6, self.confirm_box)

    def show_session(self, session: Any, pinned: PinnedKey | None = None) -> None:
        account = session.account
        self.done_label.setText(
            self.tr("You are signed in as %1 (%2) on %3.")
            .replace("%1", account.display_name)
            .replace("%2", account.username)
            .replace("%3", session.unit)
        )
        self.unit_key_label.setText(self.unit_key_text(pinned))
        self.unit_key_label.setVisible(pinned is not None)
        self.confirm_box.reset(lambda typed: unit_keys.confirm(session, typed))
        self.confirm_box.setVisible(pinned is not None and pinned.unconfirmed)

    def unit_key_text(self, pinned: PinnedKey | None) -> str:
        if pinned is None:  # the unit has no unit key yet: nothing pinned, nothing to compare
            return ""
        if pinned.unconfirmed:
            text = self.tr(
                "The unit key this workstation was given by the server: %1. It is not confirmed yet: "
                "until it is, protected cases are not shared with colleagues from this workstation. "
                "Type the unit key from your unit manager's paper below (all eight groups). If they "
                "differ, document nothing here: tell your unit manager and IT."
            )
        elif pinned.source == "confirmed":
            text = self.tr("The unit key this workstation trusts: %1 (compared with the manager's paper).")
        else:
            text = self.tr("The unit key this workstation trusts: %1 (the one you gave).")
        return text.replace("%1", pinned.fingerprint)
