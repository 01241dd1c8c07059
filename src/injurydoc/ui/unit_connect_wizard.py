"""“Anslut till enhetens server”: one page per step of
:class:`~injurydoc.services.unit_connect_flow.ConnectFlow`.

The flow decides; this dialog shows the current step, copies the fields into ``flow.data`` before each
move, runs the network jobs off the GUI thread and shows the flow's message above the buttons.  IT's
connection file is opened with a button or dropped anywhere on the dialog.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.errors import KnownError
from injurydoc.services.unit_connect_flow import ConnectFlow, ConnectState, SignIn
from injurydoc.services.unit_connection import CONNECTION_FILE_NAME, format_fingerprint
from injurydoc.ui import errors
from injurydoc.ui.ops import Ops

S = ConnectState
_ERROR_STYLE = "color: #a00000;"
_HINT_STYLE = "color: #555555;"


def _label(text: str = "", style: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if style:
        label.setStyleSheet(style)
    return label


def _page(*items: QWidget | QFormLayout | QHBoxLayout | int) -> QWidget:
    page = QWidget()
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
    return page


class UnitConnectWizard(QDialog):
    """Connect this workstation to the unit's server; emits the signed-in session at the end."""

    finished_with_session = Signal(object)

    def __init__(
        self,
        sign_in: SignIn,
        *,
        ops: Ops | None = None,
        training: bool = False,
        training_fixed: bool = False,
        runner_for: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unit_connect")
        self.setWindowTitle(self.tr("Connect to the unit's server"))
        self.setMinimumSize(680, 540)
        self.setAcceptDrops(True)
        self.flow = ConnectFlow(sign_in, training=training)
        #: the set-up wizard chose a training store: the "training unit" box is ticked and cannot change
        self.training_fixed = training_fixed and training
        self.ops = ops or Ops(self)
        self.runner_for = runner_for
        self.runner: Any = None
        self._handed_over = False

        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setStyleSheet("font-size: 17pt; font-weight: 600;")
        self.intro = _label()
        self.stack = QStackedWidget()
        self.pages = {
            S.SERVER: self._server_page(),
            S.CHECKING: self._busy_page(self.tr("Asking the server for its certificate…")),
            S.CERTIFICATE: self._certificate_page(),
            S.ACCOUNT: self._account_page(),
            S.SIGNING_IN: self._busy_page(
                self.tr("Signing in on the server and preparing this workstation…")
            ),
            S.FIRST_SYNC: self._sync_page(),
            S.DONE: self._done_page(),
        }
        for page in self.pages.values():
            self.stack.addWidget(page)
        self.message = _label(style=_ERROR_STYLE)
        self.message.setObjectName("connect_message")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._lay_out()
        self.show_step()

    def _lay_out(self) -> None:
        """The buttons, and everything top to bottom."""
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.setAutoDefault(False)
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton()
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.go_next)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 24, 28, 20)
        outer.addWidget(self.title)
        outer.addWidget(self.intro)
        outer.addSpacing(12)
        outer.addWidget(self.stack, 1)
        outer.addWidget(self.message)
        outer.addWidget(line)
        outer.addLayout(buttons)

    # ----- pages ----------------------------------------------------------------------------------------
    def _server_page(self) -> QWidget:
        self.file_button = QPushButton(self.tr("Open the connection file from IT…"))
        self.file_button.setAutoDefault(False)
        self.file_button.clicked.connect(self._choose_file)
        self.file_label = _label(style=_HINT_STYLE)
        drop = _label(
            self.tr("or drop the file %1 on this window.").replace("%1", CONNECTION_FILE_NAME), _HINT_STYLE
        )
        self.address_edit = QLineEdit()
        self.address_edit.setAccessibleName(self.tr("Server address"))
        self.address_edit.setPlaceholderText(self.tr("For example: db.region.se:5432/injurydoc"))
        self.address_edit.textEdited.connect(self.flow.address_edited)
        self.fingerprint_edit = QLineEdit()
        self.fingerprint_edit.setAccessibleName(self.tr("Certificate fingerprint"))
        self.fingerprint_edit.setPlaceholderText(self.tr("Optional: SHA-256 from IT, e.g. 3F:A2:…"))
        form = QFormLayout()
        form.addRow(self.tr("Server address"), self.address_edit)
        form.addRow(self.tr("Fingerprint"), self.fingerprint_edit)
        self._add_unit_key(form)
        hint = _label(
            self.tr(
                "IT gives you either a connection file or the server's address, and the fingerprint of "
                "its certificate to compare. The examinations stay on this computer too, encrypted, so "
                "you can work when the network is down."
            ),
            _HINT_STYLE,
        )
        row = QHBoxLayout()
        row.addWidget(self.file_button)
        row.addWidget(drop, 1)
        # a training unit's account makes a training store (ÖVNING); the server refuses the wrong pairing
        self.training_box = QCheckBox(
            self.tr("Training unit: this account practises (ÖVNING), no real cases")
        )
        self.training_box.setChecked(self.flow.training)
        self.training_box.toggled.connect(self._training_toggled)
        self.training_note = _label(
            self.tr(
                "Chosen in the set-up: a training store. It connects only to a training unit; for a real "
                "unit, cancel and choose a clinical store."
            ),
            "background: #fff3c4; border: 1px solid #e0b400; padding: 6px;",
        )
        self.training_note.setObjectName("training_fixed_note")
        self.training_box.setEnabled(not self.training_fixed)
        self.training_note.setVisible(self.training_fixed)
        return _page(
            row,
            self.file_label,
            14,
            _label(self.tr("Or type the address:")),
            form,
            10,
            hint,
            10,
            self.training_box,
            self.training_note,
        )

    def _training_toggled(self, checked: bool) -> None:
        self.flow.training = checked

    def _busy_page(self, text: str) -> QWidget:
        bar = QProgressBar()
        bar.setRange(0, 0)
        bar.setTextVisible(False)
        bar.setMaximumWidth(360)
        return _page(_label(text), 6, bar)

    def _certificate_page(self) -> QWidget:
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
        self.cert_details = _label(style=_HINT_STYLE)
        self.match_label = _label()
        self.match_label.setObjectName("fingerprint_match")
        self.compared_box = QCheckBox(self.tr("I have compared it with what IT gave me, and it is the same"))
        self.compared_box.toggled.connect(self._compared)
        return _page(self.fingerprint_label, self.cert_details, 10, self.match_label, self.compared_box)

    def _account_page(self) -> QWidget:
        self.username_edit = QLineEdit()
        self.username_edit.setAccessibleName(self.tr("User name"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.password_edit.returnPressed.connect(self.go_next)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        hint = _label(
            self.tr(
                "Your own account on the unit's server, from your unit manager. This workstation keeps an "
                "encrypted copy of what you may open, locked with your password only: colleagues who "
                "use this computer have copies of their own."
            ),
            _HINT_STYLE,
        )
        return _page(form, 10, hint)

    def _sync_page(self) -> QWidget:
        self.sync_bar = QProgressBar()
        self.sync_bar.setObjectName("first_sync_progress")
        self.sync_bar.setRange(0, 0)
        self.sync_bar.setMaximumWidth(420)
        self.sync_label = _label(self.tr("Fetching the cases you may open…"))
        hint = _label(self.tr("You can start working now: the rest comes in the background."), _HINT_STYLE)
        return _page(self.sync_label, 6, self.sync_bar, 10, hint)

    def _done_page(self) -> QWidget:
        self.done_label = _label()
        return _page(self.done_label)

    # ----- showing --------------------------------------------------------------------------------------
    def _texts(self, state: ConnectState) -> tuple[str, str, str]:
        if state in (S.SERVER, S.CHECKING):
            return (
                self.tr("Connect to the unit's server"),
                self.tr("Workstations of the unit share one record on the unit's server."),
                self.tr("Next"),
            )
        if state is S.CERTIFICATE:
            return (
                self.tr("Compare the server's fingerprint"),
                self.tr(
                    "This is the fingerprint of the certificate the server shows. It must be exactly the "
                    "one IT gave you; otherwise someone may be between this computer and the server."
                ),
                self.tr("Next"),
            )
        if state in (S.ACCOUNT, S.SIGNING_IN):
            return (self.tr("Sign in on the server"), "", self.tr("Sign in"))
        if state is S.FIRST_SYNC:
            return (self.tr("First synchronisation"), "", self.tr("Start working"))
        return (self.tr("This workstation is connected"), "", self.tr("Start using the program"))

    def show_step(self) -> None:
        state = self.flow.state
        title, intro, forward = self._texts(state)
        self.title.setText(title)
        self.intro.setText(intro)
        self.intro.setVisible(bool(intro))
        self.stack.setCurrentWidget(self.pages[state])
        self.next_button.setText(forward)
        self.back_button.setVisible(self.flow.can_go_back)
        busy = state in (S.CHECKING, S.SIGNING_IN)
        self.next_button.setEnabled(not busy)
        self.cancel_button.setVisible(state not in (S.FIRST_SYNC, S.DONE))
        self.cancel_button.setEnabled(not busy)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)
        d = self.flow.data
        if state is S.SERVER:
            self.address_edit.setText(d.address)
            if d.file is not None:
                self.file_label.setText(self.tr("Connection file: %1").replace("%1", d.file.name))
                unit = self.flow.settings.unit_name if self.flow.settings else ""
                if unit:
                    self.file_label.setText(self.file_label.text() + " · " + unit)
            else:
                self.file_label.clear()
            self.address_edit.setFocus()
        if state is S.CERTIFICATE:
            self._show_certificate()
        if state is S.ACCOUNT:
            self.username_edit.setText(d.username)
            self.password_edit.setText(d.password)
            (self.password_edit if d.username else self.username_edit).setFocus()
        text = self.flow.message(errors.current_lang())
        settings = self.flow.settings
        if text and settings is not None and settings.contact and "IT" in text:
            text += "\n" + self.tr("IT: %1").replace("%1", settings.contact)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _show_certificate(self) -> None:
        cert = self.flow.certificate
        if cert is None:
            return
        self.fingerprint_label.setText(format_fingerprint(cert.sha256))
        self.cert_details.setText(
            self.tr("Issued to %1 by %2; valid until %3.")
            .replace("%1", cert.subject)
            .replace("%2", cert.issuer)
            .replace("%3", cert.not_after.date().isoformat())
        )
        if self.flow.fingerprint_from_it:
            self.match_label.setText(self.tr("✓ The same as the fingerprint IT gave."))
            self.match_label.setStyleSheet("color: #1b5e20; font-weight: 600;")
            self.compared_box.hide()
            self.next_button.setEnabled(True)
        else:
            self.match_label.setText(
                self.tr("IT gave no fingerprint here. Compare it, group by group, with IT's paper or e-mail.")
            )
            self.match_label.setStyleSheet("")
            self.compared_box.show()
            self.compared_box.setChecked(False)
            self.next_button.setEnabled(False)

    def _compared(self, on: bool) -> None:
        self.flow.data.compared = on
        if self.flow.state is S.CERTIFICATE:
            self.next_button.setEnabled(on or self.flow.fingerprint_from_it)

    def _add_unit_key(self, form: QFormLayout) -> None:
        """The unit key's fingerprint from the manager's paper: the server's is pinned only if it is this."""
        self.unit_key_edit = QLineEdit()  # the unit key pinned only if the server's is this one
        self.unit_key_edit.setAccessibleName(self.tr("Unit key"))
        self.unit_key_edit.setPlaceholderText(
            self.tr("Optional: from the unit manager's paper, e.g. 7F3A-09C2-…")
        )
        form.addRow(self.tr("Unit key"), self.unit_key_edit)

    # ----- moving ---------------------------------------------------------------------------------------
    def _collect(self) -> None:
        d = self.flow.data
        if self.flow.state is S.SERVER:
            self.flow.address_edited(self.address_edit.text())
            d.fingerprint_typed = self.fingerprint_edit.text()
            d.unit_key_typed = self.unit_key_edit.text()
        elif self.flow.state is S.ACCOUNT:
            d.username = self.username_edit.text()
            d.password = self.password_edit.text()

    def go_next(self) -> None:
        if self.flow.state is S.DONE:
            self.accept()
            return
        self._collect()
        state = self.flow.next()
        if state is S.CHECKING:
            self.ops.run_without_store(self.flow.checking_job(), self._checked, self._checking_failed)
        elif state is S.SIGNING_IN:
            self.password_edit.clear()
            self.ops.run(self.flow.signing_in_job(), self._signed_in, self._signing_in_failed)
        elif state is S.DONE:
            self._finish_first_sync()
        self.show_step()

    def go_back(self) -> None:
        self.flow.back()
        self.show_step()

    def _checked(self, cert: Any) -> None:
        self.flow.checked(cert)
        self.show_step()

    def _checking_failed(self, exc: BaseException) -> None:
        known = exc if isinstance(exc, KnownError) else None
        self.flow.checking_failed(known)
        self.show_step()
        if known is None:
            errors.handle(self, exc)

    def _signed_in(self, session: Any) -> None:
        self.flow.signed_in(session)
        self.show_step()
        self._start_first_sync(session)

    def _signing_in_failed(self, exc: BaseException) -> None:
        known = exc if isinstance(exc, KnownError) else None
        self.flow.signing_in_failed(known)
        self.show_step()
        if known is None:
            errors.handle(self, exc)

    # ----- the first sync -------------------------------------------------------------------------------
    def _start_first_sync(self, session: Any) -> None:
        runner = self.runner_for(session) if self.runner_for is not None else None
        if runner is None:
            self.flow.next()
            self.show_step()
            self._finish_first_sync()
            return
        # The runner keeps running after the wizard (the main window shows its status); here its status
        # is read every 200 ms rather than through a listener that would outlive this dialog.
        self.runner = runner
        runner.start()
        runner.sync_now()
        self.poll = QTimer(self)
        self.poll.setInterval(200)
        self.poll.timeout.connect(lambda: self._sync_progress(runner.status()))
        self.poll.start()

    def _sync_progress(self, status: Any) -> None:
        if self.flow.state is not S.FIRST_SYNC:
            return
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

    def _finish_first_sync(self) -> None:
        """Leave the runner running for the main window, and say who is signed in where."""
        self.runner = None
        if hasattr(self, "poll"):
            self.poll.stop()
        session = self.flow.session
        if session is not None and self.flow.state is S.DONE:
            account = session.account
            self.done_label.setText(
                self.tr("You are signed in as %1 (%2) on %3.")
                .replace("%1", account.display_name)
                .replace("%2", account.username)
                .replace("%3", session.unit)
            )

    # ----- the connection file --------------------------------------------------------------------------
    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Connection file from IT"), "", self.tr("Connection files (*.json)")
        )
        if name:
            self.open_file(Path(name))

    def open_file(self, path: Path) -> None:
        if self.flow.state is not S.SERVER:
            return
        self.flow.use_file(path)
        self.fingerprint_edit.clear()
        self.show_step()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if self.flow.state is S.SERVER and len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.open_file(Path(urls[0].toLocalFile()))

    # ----- leaving --------------------------------------------------------------------------------------
    def accept(self) -> None:
        session = self.flow.session
        if session is None:
            return
        if not self._handed_over:
            self._handed_over = True
            self.finished_with_session.emit(session)
        super().accept()

    def reject(self) -> None:
        if self.flow.state in (S.CHECKING, S.SIGNING_IN):
            return
        if self.flow.state in (S.FIRST_SYNC, S.DONE):
            if self.flow.state is S.FIRST_SYNC:
                self.flow.next()
                self._finish_first_sync()
            self.accept()
            return
        super().reject()
