"""The set-up wizard's pages: welcome, store folder, first unit manager, creating, recovery code,
confirmation, done."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.vocab import Lang, Profession
from injurydoc.services.setup_flow import SetupState

S = SetupState
ERROR_STYLE = "color: #a00000;"
HINT_STYLE = "color: #555555;"


def text_label(text: str = "", style: str = "") -> QLabel:
    """A word-wrapped label, with ``style`` (for example :data:`HINT_STYLE`) when given."""
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


class SetupPages(QDialog):
    """Builds the pages; SetupWizard drives them with the Qt-free SetupFlow."""

    lang: Lang
    error_labels: dict[str, QLabel]

    def _browse(self) -> None:
        raise NotImplementedError

    def _confirm_edited(self, text: str) -> None:
        raise NotImplementedError

    def _error(self, field: str) -> QLabel:
        label = text_label(style=ERROR_STYLE)
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
            box.addWidget(text_label(hint, HINT_STYLE))
        box.addWidget(self._error(field))
        return holder

    def _welcome_page(self) -> QWidget:
        steps = text_label(
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
        after = text_label(
            self.tr(
                "Have a pen and paper ready. When you are done you are signed in, and you can create "
                "accounts for the rest of the staff."
            )
        )
        self.connect_button = QPushButton(self.tr("Connect to the unit's server instead…"))
        self.connect_button.setObjectName("connect_unit")
        self.connect_button.setAutoDefault(False)
        unit_hint = text_label(
            self.tr(
                "For a workstation of a unit whose record is kept on a server: IT gives you a connection "
                "file or the server's address."
            ),
            HINT_STYLE,
        )
        return _column(
            text_label(self.tr("You will:")), steps, 8, after, 18, unit_hint, self.connect_button, None
        )

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
        # the same door as on the first page, here where the kind is chosen: a training store chosen here
        # makes the connect wizard's "training unit" box ticked and fixed (SetupWizard.connect_requested)
        self.connect_store_button = QPushButton(self.tr("Connect to the unit's server instead…"))
        self.connect_store_button.setObjectName("connect_unit_store_page")
        self.connect_store_button.setAutoDefault(False)
        form.addRow(
            self.tr("Care unit"),
            self._field(self.unit_edit, "unit_name", self.tr("Shown in reports and evidence packages.")),
        )
        return _column(form, self.connect_store_button, None)

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
        return _column(text_label(self.tr("This takes a few seconds.")), 6, bar, None)

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
        advice = text_label(
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
        alphabet = text_label(
            self.tr("The code has only the letters A–Z and the digits 2–7: no zeros and no ones."),
            HINT_STYLE,
        )
        self.fingerprint_label = text_label()
        self.fingerprint_label.setObjectName("unit_fingerprint")
        self.fingerprint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return _column(self.code_label, alphabet, 10, advice, self.fingerprint_label, None)

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
        self.done_label = text_label()
        next_steps = text_label(
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
