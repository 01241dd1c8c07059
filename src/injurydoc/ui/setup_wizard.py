"""First start: a dialog with one page per step of :class:`~injurydoc.services.setup_flow.SetupFlow`.

The flow decides; this dialog only shows the current step, copies the fields into ``flow.data``
before each move, and shows the flow's messages next to the fields.  The store is created on the
store's worker thread (``ops.run``); the password fields are emptied as soon as it exists.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.errors import KnownError
from injurydoc.domain.vocab import Profession, StorePurpose
from injurydoc.services.session import Session, SetupResult
from injurydoc.services.setup_flow import FORM, KdfParams, SetupFlow, SetupState
from injurydoc.ui import errors
from injurydoc.ui.ops import Ops
from injurydoc.ui.setup_pages import HINT_STYLE, SetupPages, text_label

S = SetupState
#: Steps counted in "Step n of 4"; the welcome and the last page are not numbered.
_NUMBER = {S.STORE: 1, S.MANAGER: 2, S.CREATING: 3, S.RECOVERY: 3, S.CONFIRM_RECOVERY: 4}


class SetupWizard(SetupPages):
    """Set up a new store and its first unit manager; emits the signed-in manager at the end."""

    finished_with_session = Signal(object)  # Session
    #: "connect to the unit's server" instead of a store of its own; True when a training store was chosen
    connect_requested = Signal(bool)

    def __init__(
        self,
        folder: Path | None = None,
        *,
        ops: Ops | None = None,
        kdf: KdfParams | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("setup_wizard")
        self.setWindowTitle(self.tr("Set up injury documentation"))
        self.setMinimumSize(680, 560)
        self.flow = SetupFlow(kdf)
        self.ops = ops or Ops(self)
        self.lang = errors.current_lang()
        self._handed_over = False
        self.error_labels: dict[str, QLabel] = {}

        self.step_label = text_label(style=HINT_STYLE)
        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setStyleSheet("font-size: 17pt; font-weight: 600;")
        self.intro = text_label()
        self._make_pages(folder)
        self.form_message = self._error(FORM)
        self.connect_button.clicked.connect(self._connect_instead)
        self.connect_store_button.clicked.connect(self._connect_instead)
        buttons = self._button_row()

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 24, 28, 20)
        outer.addWidget(self.step_label)
        outer.addWidget(self.title)
        outer.addWidget(self.intro)
        outer.addSpacing(14)
        outer.addWidget(self.stack, 1)
        outer.addWidget(self.form_message)
        outer.addWidget(line)
        outer.addLayout(buttons)
        self._show()

    def _make_pages(self, folder: Path | None) -> None:
        """One page per state of the flow, stacked."""
        self.stack = QStackedWidget()
        self.pages: dict[SetupState, QWidget] = {
            S.WELCOME: self._welcome_page(),
            S.STORE: self._store_page(folder),
            S.MANAGER: self._manager_page(),
            S.CREATING: self._creating_page(),
            S.RECOVERY: self._recovery_page(),
            S.CONFIRM_RECOVERY: self._confirm_page(),
            S.DONE: self._done_page(),
        }
        for page in self.pages.values():
            self.stack.addWidget(page)

    def _button_row(self) -> QHBoxLayout:
        """Cancel on the left; Back and Next (the default) on the right."""
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
        return buttons

    # ----- pages ------------------------------------------------------------------------------------
    def _show(self) -> None:
        state = self.flow.state
        title, intro, forward = self._texts(state)
        number = _NUMBER.get(state)
        self.step_label.setText(
            self.tr("Step %1 of %2").replace("%1", str(number)).replace("%2", "4") if number else ""
        )
        self.step_label.setVisible(number is not None)
        self.title.setText(title)
        self.intro.setText(intro)
        self.intro.setVisible(bool(intro))
        self.stack.setCurrentWidget(self.pages[state])
        self.next_button.setText(forward)
        self.back_button.setText(
            self.tr("Show the code again") if state is S.CONFIRM_RECOVERY else self.tr("Back")
        )
        self.back_button.setVisible(self.flow.can_go_back)
        self.cancel_button.setVisible(state is not S.DONE)
        busy = state is S.CREATING
        for button in (self.next_button, self.cancel_button):
            button.setEnabled(not busy)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)
        code = self.flow.recovery_code
        self.code_label.setText(_two_lines(code) if state is S.RECOVERY and code else "")
        # never squeezed by the word-wrapped lines below it: the code is shown whole or not at all
        self.code_label.setMinimumHeight(self.code_label.sizeHint().height())
        fingerprint = self.flow.unit_fingerprint
        self.fingerprint_label.setText(
            self.tr(
                "Write on the same paper the unit key's fingerprint, %1. Every sign-in on this computer "
                "compares it; compare it yourself at each log review."
            ).replace("%1", fingerprint)
            if fingerprint
            else ""
        )
        if state is S.CONFIRM_RECOVERY:
            self.next_button.setEnabled(self.flow.recovery_typed_complete)
        if state is S.DONE and self.flow.result is not None:
            account = self.flow.result.account
            self.done_label.setText(
                self.tr("You are signed in as %1 (%2), unit manager of %3.")
                .replace("%1", account.display_name)
                .replace("%2", account.username)
                .replace("%3", self.flow.result.unit)
            )
        self._show_errors()
        layout = self.layout()
        if layout is not None:
            layout.activate()

    def _show_errors(self) -> None:
        first: QWidget | None = None
        for field, label in self.error_labels.items():
            text = self.flow.message(field, self.lang)
            label.setText(text)
            label.setVisible(bool(text))
            if text and first is None:
                first = self._widget_for(field)
        focus = first or self._widget_for(_FIRST_FIELD.get(self.flow.state, ""))
        if focus is not None:
            focus.setFocus()
        else:
            self.next_button.setFocus()

    def _widget_for(self, field: str) -> QWidget | None:
        return {
            "folder": self.folder_edit,
            "unit_name": self.unit_edit,
            "username": self.username_edit,
            "display_name": self.name_edit,
            "hsa_id": self.hsa_edit,
            "password": self.password_edit,
            "password_again": self.password_again_edit,
            "recovery_typed": self.confirm_edit,
        }.get(field)

    def _collect(self) -> None:
        """Copy the current page's fields into the flow."""
        d = self.flow.data
        state = self.flow.state
        if state is S.STORE:
            d.folder = self.folder_edit.text()
            d.unit_name = self.unit_edit.text()
            d.purpose = StorePurpose.TRAINING if self.training_radio.isChecked() else StorePurpose.REAL
        elif state is S.MANAGER:
            d.username = self.username_edit.text()
            d.display_name = self.name_edit.text()
            d.profession = Profession(self.profession_combo.currentData())
            d.hsa_id = self.hsa_edit.text()
            d.password = self.password_edit.text()
            d.password_again = self.password_again_edit.text()
        elif state is S.CONFIRM_RECOVERY:
            d.recovery_typed = self.confirm_edit.text()

    # ----- moving -------------------------------------------------------------------------------------
    def go_next(self) -> None:
        if self.flow.state is S.DONE:
            self.accept()
            return
        self._collect()
        state = self.flow.next()
        if state is S.CREATING:
            job = self.flow.creation_job()
            self.ops.run(job, self._created, self._creation_failed)
        elif state is S.DONE:
            self.confirm_edit.clear()
        self._show()

    def go_back(self) -> None:
        if self.flow.can_go_back:
            self.flow.back()
            self._show()

    def _created(self, setup: SetupResult) -> None:
        self.password_edit.clear()
        self.password_again_edit.clear()
        self.flow.created(setup)
        self._show()

    def _creation_failed(self, exc: BaseException) -> None:
        known = exc if isinstance(exc, KnownError) else None
        self.flow.creation_failed(known)
        self._show()
        if known is None:
            errors.handle(self, exc)

    def _confirm_edited(self, text: str) -> None:
        self.flow.data.recovery_typed = text
        if self.flow.state is S.CONFIRM_RECOVERY:
            self.next_button.setEnabled(self.flow.recovery_typed_complete)

    def _connect_instead(self) -> None:
        self.connect_requested.emit(self.training_radio.isChecked())
        self.reject()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Store folder"), self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    # ----- leaving ------------------------------------------------------------------------------------
    @property
    def session(self) -> Session | None:
        return self.flow.result

    def accept(self) -> None:
        session = self.flow.result
        if session is None:
            return
        if not self._handed_over:
            self._handed_over = True
            self.finished_with_session.emit(session)
        super().accept()

    def reject(self) -> None:
        state = self.flow.state
        if state is S.CREATING:
            return  # the store is being written; it cannot be stopped half-way
        if state is S.DONE:
            self.accept()
            return
        if self.flow.store_exists:
            answer = QMessageBox.question(
                self,
                self.windowTitle(),
                self.tr(
                    "The store has been created. Close without confirming the recovery code? You can "
                    "sign in with your user name and password."
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            session = self.flow.abandon()
            if session is not None:
                self.ops.run(session.close, lambda _r: None, lambda exc: errors.handle(None, exc))
        super().reject()


def _two_lines(code: str) -> str:
    """Eight groups as two rows of four, large enough to copy by hand without losing one's place."""
    groups = code.split("-")
    half = len(groups) // 2
    return "-".join(groups[:half]) + "\n" + "-".join(groups[half:])


_FIRST_FIELD = {S.STORE: "unit_name", S.MANAGER: "username", S.CONFIRM_RECOVERY: "recovery_typed"}
