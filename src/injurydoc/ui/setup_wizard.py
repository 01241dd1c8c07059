"""First start: a dialog with one page per step of :class:`~injurydoc.services.setup_flow.SetupFlow`.

The flow decides; this dialog only shows the current step, copies the fields into ``flow.data``
before each move, and shows the flow's messages next to the fields.  The store is created on the
store's worker thread (``ops.run``); the password fields are emptied as soon as it exists.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.errors import KnownError
from injurydoc.domain.vocab import Profession, StorePurpose
from injurydoc.services.session import Session, SetupResult
from injurydoc.services.setup_flow import FORM, SetupFlow, SetupState
from injurydoc.store.keyslots import KdfParams
from injurydoc.ui import errors
from injurydoc.ui.ops import Ops

S = SetupState
ERROR_STYLE = "color: #a00000;"
HINT_STYLE = "color: #555555;"
#: Steps counted in "Step n of 4"; the welcome and the last page are not numbered.
_NUMBER = {S.STORE: 1, S.MANAGER: 2, S.CREATING: 3, S.RECOVERY: 3, S.CONFIRM_RECOVERY: 4}


def _label(text: str = "", style: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if style:
        label.setStyleSheet(style)
    return label


def _mono(point_size: int) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(point_size)
    return font


def _column(*items: QWidget | QLayout | int | None) -> QWidget:
    """A page: widgets and layouts from top to bottom; an int is spacing, None a stretch."""
    page = QWidget()
    box = QVBoxLayout(page)
    box.setContentsMargins(0, 0, 0, 0)
    for item in items:
        if item is None:
            box.addStretch(1)
        elif isinstance(item, int):
            box.addSpacing(item)
        elif isinstance(item, QLayout):
            box.addLayout(item)
        else:
            box.addWidget(item)
    return page


class SetupWizard(QDialog):
    """Set up a new store and its first unit manager; emits the signed-in manager at the end."""

    finished_with_session = Signal(object)  # Session

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

        self.step_label = _label(style=HINT_STYLE)
        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setStyleSheet("font-size: 17pt; font-weight: 600;")
        self.intro = _label()
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
        self.form_message = self._error(FORM)

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
        outer.addWidget(self.step_label)
        outer.addWidget(self.title)
        outer.addWidget(self.intro)
        outer.addSpacing(14)
        outer.addWidget(self.stack, 1)
        outer.addWidget(self.form_message)
        outer.addWidget(line)
        outer.addLayout(buttons)
        self._show()

    # ----- pages ------------------------------------------------------------------------------------
    def _error(self, field: str) -> QLabel:
        label = _label(style=ERROR_STYLE)
        label.setObjectName(f"error_{field}")
        label.hide()
        self.error_labels[field] = label
        return label

    def _field(self, widget: QWidget | QLayout, field: str, hint: str = "") -> QWidget:
        """A field with its hint and the place for its message underneath."""
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 4)
        box.setSpacing(2)
        if isinstance(widget, QLayout):
            box.addLayout(widget)
        else:
            box.addWidget(widget)
        if hint:
            box.addWidget(_label(hint, HINT_STYLE))
        box.addWidget(self._error(field))
        return holder

    def _welcome_page(self) -> QWidget:
        steps = _label(
            "<ol style='margin-left: 0px'>"
            + "".join(
                f"<li style='margin-bottom: 6px'>{text}</li>"
                for text in (
                    self.tr("Choose where the store is kept and give the care unit's name."),
                    self.tr("Create your own account as the unit manager."),
                    self.tr("Write down a recovery code on paper and type it back."),
                )
            )
            + "</ol>"
        )
        steps.setTextFormat(Qt.TextFormat.RichText)
        after = _label(
            self.tr(
                "Have a pen and paper ready. When you are done you are signed in, and you can create "
                "accounts for the rest of the staff."
            )
        )
        return _column(_label(self.tr("You will:")), steps, 8, after, None)

    def _store_page(self, folder: Path | None) -> QWidget:
        self.folder_edit = QLineEdit(str(folder) if folder else "")
        self.folder_edit.setAccessibleName(self.tr("Store folder"))
        browse = QPushButton(self.tr("Choose…"))
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(browse)

        self.real_radio = QRadioButton(self.tr("Clinical store, for real patients"))
        self.training_radio = QRadioButton(self.tr("Training store, for practice with made-up patients"))
        self.real_radio.setChecked(True)
        self.purpose_group = QButtonGroup(self)
        self.purpose_group.addButton(self.real_radio)
        self.purpose_group.addButton(self.training_radio)
        purpose = QVBoxLayout()
        purpose.setSpacing(4)
        purpose.addWidget(self.real_radio)
        purpose.addWidget(self.training_radio)
        purpose_hint = self.tr("This cannot be changed later. A training store is marked as such everywhere.")

        self.unit_edit = QLineEdit()
        self.unit_edit.setAccessibleName(self.tr("Care unit"))
        self.unit_edit.setPlaceholderText(self.tr("For example: Vårdcentralen Norr"))
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow(
            self.tr("Folder"),
            self._field(row, "folder", self.tr("A new folder is best; it is created if it does not exist.")),
        )
        form.addRow(self.tr("Kind of store"), self._field(purpose, "purpose", purpose_hint))
        form.addRow(
            self.tr("Care unit"),
            self._field(self.unit_edit, "unit_name", self.tr("Shown in reports and evidence packages.")),
        )
        return _column(form, None)

    def _manager_page(self) -> QWidget:
        self.username_edit = QLineEdit()
        self.username_edit.setAccessibleName(self.tr("User name"))
        self.username_edit.setPlaceholderText(self.tr("For example: karin.berg"))
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(self.tr("Full name"))
        self.profession_combo = QComboBox()
        self.profession_combo.setAccessibleName(self.tr("Profession"))
        for prof in Profession:
            self.profession_combo.addItem(prof.label(self.lang), prof.code)
        self.profession_combo.setCurrentIndex(self.profession_combo.findData(Profession.MANAGER.code))
        self.hsa_edit = QLineEdit()
        self.hsa_edit.setAccessibleName(self.tr("HSA-id"))
        self.hsa_edit.setPlaceholderText(self.tr("Optional"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.password_again_edit = QLineEdit()
        self.password_again_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again_edit.setAccessibleName(self.tr("Password again"))

        form = QFormLayout()
        form.setVerticalSpacing(6)
        form.addRow(
            self.tr("User name"),
            self._field(
                self.username_edit,
                "username",
                self.tr("For signing in: a–z, 0–9, dot and hyphen."),
            ),
        )
        form.addRow(self.tr("Full name"), self._field(self.name_edit, "display_name"))
        form.addRow(self.tr("Profession"), self._field(self.profession_combo, "profession"))
        form.addRow(self.tr("HSA-id"), self._field(self.hsa_edit, "hsa_id"))
        form.addRow(
            self.tr("Password"),
            self._field(
                self.password_edit,
                "password",
                self.tr("At least 10 characters. A short sentence is easy to remember and hard to guess."),
            ),
        )
        form.addRow(self.tr("Password again"), self._field(self.password_again_edit, "password_again"))
        return _column(form, None)

    def _creating_page(self) -> QWidget:
        bar = QProgressBar()
        bar.setRange(0, 0)
        bar.setTextVisible(False)
        bar.setMaximumWidth(360)
        return _column(_label(self.tr("This takes a few seconds.")), 6, bar, None)

    def _recovery_page(self) -> QWidget:
        self.code_label = QLabel()
        self.code_label.setObjectName("recovery_code")
        self.code_label.setFont(_mono(22))
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.code_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.code_label.setStyleSheet(
            "QLabel { background: #fbfaf4; border: 1px solid #b9b29a; border-radius: 6px; padding: 18px; }"
        )
        self.code_label.setAccessibleName(self.tr("Recovery code"))
        advice = _label(
            "<ul style='margin-left: 0px'>"
            + "".join(
                f"<li style='margin-bottom: 5px'>{text}</li>"
                for text in (
                    self.tr("Write it on paper, exactly as shown."),
                    self.tr("Keep the paper locked away, apart from this computer."),
                    self.tr("Do not photograph it, save it in a file or send it by e-mail."),
                    self.tr("Anyone who has the code and the store can read everything in it."),
                )
            )
            + "</ul>"
        )
        advice.setTextFormat(Qt.TextFormat.RichText)
        alphabet = _label(
            self.tr("The code has only the letters A–Z and the digits 2–7: no zeros and no ones."),
            HINT_STYLE,
        )
        return _column(self.code_label, alphabet, 10, advice, None)

    def _confirm_page(self) -> QWidget:
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setObjectName("confirm_code")
        self.confirm_edit.setFont(_mono(16))
        self.confirm_edit.setAccessibleName(self.tr("Recovery code from the paper"))
        self.confirm_edit.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.confirm_edit.textChanged.connect(self._confirm_edited)
        field = self._field(
            self.confirm_edit,
            "recovery_typed",
            self.tr("Capital or small letters, spaces and hyphens do not matter."),
        )
        return _column(field, None)

    def _done_page(self) -> QWidget:
        self.done_label = _label()
        next_steps = _label(
            self.tr(
                "Next: create accounts for the staff (under Unit manager on the start page), and decide "
                "where backups of the store are kept."
            )
        )
        return _column(self.done_label, 10, next_steps, None)

    # ----- per-step texts ---------------------------------------------------------------------------
    def _texts(self, state: SetupState) -> tuple[str, str, str]:
        """Title, introduction and the label of the forward button."""
        if state is S.WELCOME:
            return (
                self.tr("Welcome"),
                self.tr(
                    "Injury documentation keeps records of injuries from violence in an encrypted store on "
                    "this computer. Before it can be used, the store is set up once, usually by the unit "
                    "manager. It takes a few minutes."
                ),
                self.tr("Start"),
            )
        if state is S.STORE:
            return (
                self.tr("Where the store is kept"),
                self.tr("All examinations, photos and the access log are kept encrypted in this folder."),
                self.tr("Next"),
            )
        if state is S.MANAGER:
            return (
                self.tr("Your account"),
                self.tr(
                    "You will be the store's first unit manager: you create accounts for the staff and "
                    "review the access log."
                ),
                self.tr("Create the store"),
            )
        if state is S.CREATING:
            return (self.tr("Creating the store…"), "", self.tr("Create the store"))
        if state is S.RECOVERY:
            return (
                self.tr("Write down the recovery code"),
                self.tr(
                    "If every unit manager forgets their password, this code is the only way into the "
                    "store. It is shown only during this set-up."
                ),
                self.tr("I have written it down"),
            )
        if state is S.CONFIRM_RECOVERY:
            return (
                self.tr("Type the code from your paper"),
                self.tr("This makes sure that the code on the paper is complete and readable."),
                self.tr("Finish"),
            )
        return (self.tr("The store is ready"), "", self.tr("Start using the program"))

    # ----- showing the flow ---------------------------------------------------------------------------
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
