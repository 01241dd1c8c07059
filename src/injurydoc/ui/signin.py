"""The sign-in page: store folder, user name, password.  Sign-in runs off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.errors import KnownError
from injurydoc.ui import errors
from injurydoc.ui.ops import Ops


class SignInPage(QWidget):
    signed_in = Signal(object)  # Session
    demo_requested = Signal(str)
    setup_requested = Signal(str)

    def __init__(self, ops: Ops, store_folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("signin")
        title = QLabel(self.tr("Injury documentation"))
        title.setObjectName("title")
        title.setStyleSheet("font-size: 20pt; font-weight: 600;")
        subtitle = QLabel(self.tr("Sign in to open the store."))
        form = self._sign_in_form(store_folder)
        self._make_actions()
        self._lay_out(title, subtitle, form)
        self.store_edit.textChanged.connect(self._update_hint)
        self._update_hint()

    def _sign_in_form(self, store_folder: Path) -> QFormLayout:
        """Store folder, user name, password: Enter moves on, and signs in from the password."""
        self.store_edit = QLineEdit(str(store_folder))
        self.store_edit.setAccessibleName(self.tr("Store folder"))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse)
        store_row = QHBoxLayout()
        store_row.addWidget(self.store_edit, 1)
        store_row.addWidget(browse)

        self.user_edit = QLineEdit()
        self.user_edit.setAccessibleName(self.tr("User name"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.password_edit.returnPressed.connect(self.submit)
        self.user_edit.returnPressed.connect(self.password_edit.setFocus)

        form = QFormLayout()
        form.addRow(self.tr("Store folder"), store_row)
        form.addRow(self.tr("User name"), self.user_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        return form

    def _make_actions(self) -> None:
        """Sign in, and the other ways on: set up or try out a store, recovery, verify, about, language."""
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a00000;")
        self.button = QPushButton(self.tr("Sign in"))
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit)
        self.setup_button = QPushButton(self.tr("Set up a new store…"))
        self.setup_button.clicked.connect(lambda: self.setup_requested.emit(self.store_edit.text()))
        self.demo_button = QPushButton(self.tr("Create a training store with examples"))
        self.demo_button.clicked.connect(lambda: self.demo_requested.emit(self.store_edit.text()))
        self.language = QComboBox()
        self.language.addItem("Svenska", "sv")
        self.language.addItem("English", "en")
        self.language.setAccessibleName("Språk / Language")
        saved = QSettings().value("ui/lang", "sv")
        self.language.setCurrentIndex(max(self.language.findData(saved), 0))
        self.language.currentIndexChanged.connect(self._language_changed)
        self.language_note = QLabel("")
        self.recovery_button = QPushButton(self.tr("Forgotten password? (unit manager, recovery code)"))
        self.recovery_button.setFlat(True)
        self.recovery_button.clicked.connect(self._recovery)
        self.verify_button = QPushButton(self.tr("Verify package…"))
        self.verify_button.setToolTip(self.tr("Check an evidence package; no sign-in needed"))
        self.verify_button.clicked.connect(self._verify)
        self.about_button = QPushButton(self.tr("About…"))
        self.about_button.setToolTip(self.tr("Version, where data is kept, licences"))
        self.about_button.clicked.connect(self._about)
        self.hint = QLabel("")
        self.hint.setWordWrap(True)

    def _lay_out(self, title: QLabel, subtitle: QLabel, form: QFormLayout) -> None:
        """One centred column: title, the form and sign-in, then the other ways on."""
        box = QVBoxLayout()
        box.addWidget(title)
        box.addWidget(subtitle)
        box.addSpacing(12)
        box.addLayout(form)
        box.addWidget(self.message)
        box.addWidget(self.button)
        box.addWidget(self.recovery_button)
        box.addSpacing(24)
        box.addWidget(self.hint)
        box.addWidget(self.setup_button)
        box.addWidget(self.demo_button)
        box.addSpacing(12)
        tools_row = QHBoxLayout()
        tools_row.addWidget(self.verify_button, 1)
        tools_row.addWidget(self.about_button)
        box.addLayout(tools_row)
        lang_row = QHBoxLayout()
        lang_row.addWidget(QLabel("Språk / Language"))
        lang_row.addWidget(self.language)
        lang_row.addWidget(self.language_note, 1)
        box.addLayout(lang_row)
        box.addStretch(1)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        inner = QWidget()
        inner.setLayout(box)
        inner.setMaximumWidth(520)
        inner.setMinimumWidth(420)
        outer.addWidget(inner)
        outer.addStretch(1)

    def _update_hint(self) -> None:
        from injurydoc.services.session import is_store

        exists = is_store(Path(self.store_edit.text()).expanduser())
        self.demo_button.setVisible(not exists)
        self.setup_button.setVisible(not exists)
        self.hint.setText(
            ""
            if exists
            else self.tr(
                "There is no store in this folder yet. A unit manager sets one up; to try the "
                "program, create a training store with examples."
            )
        )

    def _recovery(self) -> None:
        from injurydoc.ui.recovery_dialog import RecoveryDialog

        dlg = RecoveryDialog(self.ops, Path(self.store_edit.text()).expanduser(), self)
        dlg.accepted.connect(
            lambda: self.message.setText(
                self.tr("A new password was set for %1.").replace("%1", dlg.done_for or "")
            )
        )
        self.recovery_dialog = dlg
        dlg.open()

    def _language_changed(self) -> None:
        QSettings().setValue("ui/lang", self.language.currentData())  # not patient data
        self.language_note.setText("Gäller från nästa start / Applies from the next start")

    def _verify(self) -> None:
        from injurydoc.ui.verify_dialog import VerifyDialog

        VerifyDialog(self).exec()

    def _about(self) -> None:
        from injurydoc.ui.about_dialog import AboutDialog

        dlg = AboutDialog(self, Path(self.store_edit.text()).expanduser())
        self.about_dialog = dlg
        dlg.open()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Store folder"), self.store_edit.text())
        if folder:
            self.store_edit.setText(folder)

    def reset(self) -> None:
        self.password_edit.clear()
        self.message.clear()
        self.set_busy(False)
        self._update_hint()
        (self.password_edit if self.user_edit.text() else self.user_edit).setFocus()

    def set_busy(self, busy: bool) -> None:
        for w in (self.button, self.user_edit, self.password_edit, self.store_edit, self.demo_button):
            w.setEnabled(not busy)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    def submit(self) -> None:
        folder = Path(self.store_edit.text()).expanduser()
        user = self.user_edit.text()
        password = self.password_edit.text()
        self.password_edit.clear()
        self.message.clear()
        self.set_busy(True)

        def job() -> object:
            # imported on the store thread, not at start-up; a unit workstation's accounts sign in to their
            # own cache when the folder holds no store
            from injurydoc.services.unit_desktop import sign_in_workstation

            return sign_in_workstation(folder, user, password)

        self.ops.run(job, self._done, self._failed)

    def _done(self, session: object) -> None:
        self.set_busy(False)
        self.signed_in.emit(session)

    def _failed(self, exc: BaseException) -> None:
        self.set_busy(False)
        if isinstance(exc, KnownError):
            self.message.setText(exc.message(errors.current_lang()))
            self.password_edit.setFocus()
        else:
            errors.handle(self, exc)
