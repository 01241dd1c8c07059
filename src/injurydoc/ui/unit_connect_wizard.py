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
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.errors import KnownError
from injurydoc.services import unit_keys
from injurydoc.services.unit_connect_flow import ConnectFlow, ConnectState, SignIn
from injurydoc.ui import errors
from injurydoc.ui.ops import Ops
from injurydoc.ui.setup_pages import ERROR_STYLE, text_label
from injurydoc.ui.unit_connect_pages import (
    AccountPage,
    BusyPage,
    CertificatePage,
    DonePage,
    ServerPage,
    SyncPage,
)

S = ConnectState


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
        self.intro = text_label()
        self.stack = QStackedWidget()
        self.server_page = ServerPage(training=self.flow.training, training_fixed=self.training_fixed)
        self.server_page.address_edit.textEdited.connect(self.flow.address_edited)
        self.server_page.training_box.toggled.connect(self._training_toggled)
        self.server_page.file_chosen.connect(self.open_file)
        self.certificate_page = CertificatePage()
        self.certificate_page.compared.connect(self._compared)
        self.account_page = AccountPage()
        self.account_page.submitted.connect(self.go_next)
        self.sync_page = SyncPage()
        self.done_page = DonePage()
        self.pages: dict[ConnectState, QWidget] = {
            S.SERVER: self.server_page,
            S.CHECKING: BusyPage(self.tr("Asking the server for its certificate…")),
            S.CERTIFICATE: self.certificate_page,
            S.ACCOUNT: self.account_page,
            S.SIGNING_IN: BusyPage(self.tr("Signing in on the server and preparing this workstation…")),
            S.FIRST_SYNC: self.sync_page,
            S.DONE: self.done_page,
        }
        for page in self.pages.values():
            self.stack.addWidget(page)
        self.message = text_label(style=ERROR_STYLE)
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

    def _training_toggled(self, checked: bool) -> None:
        self.flow.training = checked

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
            unit = self.flow.settings.unit_name if self.flow.settings else ""
            self.server_page.show_data(d.address, d.file, unit)
        if state is S.CERTIFICATE:
            self._show_certificate()
        if state is S.ACCOUNT:
            self.account_page.show_data(d.username, d.password)
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
        self.certificate_page.show_certificate(cert, self.flow.fingerprint_from_it)
        self.next_button.setEnabled(self.flow.fingerprint_from_it)

    def _compared(self, on: bool) -> None:
        self.flow.data.compared = on
        if self.flow.state is S.CERTIFICATE:
            self.next_button.setEnabled(on or self.flow.fingerprint_from_it)

    # ----- moving ---------------------------------------------------------------------------------------
    def _collect(self) -> None:
        d = self.flow.data
        if self.flow.state is S.SERVER:
            self.flow.address_edited(self.server_page.address_edit.text())
            d.fingerprint_typed = self.server_page.fingerprint_edit.text()
            d.unit_key_typed = self.server_page.unit_key_edit.text()
        elif self.flow.state is S.ACCOUNT:
            d.username = self.account_page.username_edit.text()
            d.password = self.account_page.password_edit.text()

    def go_next(self) -> None:
        if self.flow.state is S.DONE:
            self.accept()
            return
        self._collect()
        state = self.flow.next()
        if state is S.CHECKING:
            self.ops.run_without_store(self.flow.checking_job(), self._checked, self._checking_failed)
        elif state is S.SIGNING_IN:
            self.account_page.password_edit.clear()
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
        self.sync_page.show_status(status)

    def _finish_first_sync(self) -> None:
        """Leave the runner running for the main window, and say who is signed in where."""
        self.runner = None
        if hasattr(self, "poll"):
            self.poll.stop()
        session = self.flow.session
        if session is not None and self.flow.state is S.DONE:
            self.done_page.show_session(session, unit_keys.pinned(session))

    # ----- the connection file --------------------------------------------------------------------------
    def open_file(self, path: Path) -> None:
        if self.flow.state is not S.SERVER:
            return
        self.flow.use_file(path)
        self.server_page.fingerprint_edit.clear()
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
