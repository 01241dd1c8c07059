"""Release to the police: legal basis (with what it requires), recipient, language, signer, folder;
progress; at the end the verifier's verdict on the written package."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.models import Examination, Patient
from injurydoc.domain.vocab import LegalBasis
from injurydoc.services.legal_basis import ExportRequest, requirement
from injurydoc.ui import errors
from injurydoc.ui.ops import Ops

if TYPE_CHECKING:
    from injurydoc.services.export import ExportResult
    from injurydoc.services.session import Session


class _Relay(QObject):
    progress = Signal(str, int, int)


class ExportDialog(QDialog):
    def __init__(
        self, ops: Ops, session: Session, exam: Examination, patient: Patient, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ops, self.session, self.exam, self.patient = ops, session, exam, patient
        self.lang = errors.current_lang()
        self.export_result: ExportResult | None = None
        self.setWindowTitle(self.tr("Release to the police"))
        self.resize(720, 620)
        self.relay = _Relay()
        self.relay.progress.connect(self._progress)
        self._make_release_fields(patient)
        folder_row = self._make_signer_fields()
        form = self._form(patient, folder_row)
        self._make_result_area()
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.verdict, 1)
        layout.addLayout(buttons)
        self._basis_changed()

    def _make_release_fields(self, patient: Patient) -> None:
        """What is released, to whom and on which basis (and the secrecy review for a protected person)."""
        self.basis = QComboBox()
        for b in LegalBasis:
            self.basis.addItem(b.label(self.lang), b)
        self.requires = QLabel("")
        self.requires.setWordWrap(True)
        self.requires.setStyleSheet("color: #1d3557;")
        self.basis.currentIndexChanged.connect(self._basis_changed)
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText(self.tr("Police case number or recipient"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Short reason (required for OSL 10:18 c)"))
        self.report_lang = QComboBox()
        self.report_lang.addItem("Svenska", "sv")
        self.report_lang.addItem("English", "en")
        self.strip_gps = QCheckBox(self.tr("Remove GPS positions from the photos"))
        if patient.is_protected:
            self.strip_gps.setChecked(True)
            self.strip_gps.setEnabled(False)
            self.strip_gps.setText(self.tr("GPS positions are removed (protected personal data)"))
        # Protected personal data: a secrecy review (sekretessprövning) before every release, recorded.
        self.secrecy_done = QCheckBox(
            self.tr("Secrecy reviewed: nothing released shows where the person lives or can be reached")
        )
        self.secrecy_note = QLineEdit()
        self.secrecy_note.setPlaceholderText(self.tr("Who reviewed, and the outcome"))
        for w in (self.secrecy_done, self.secrecy_note):
            w.setVisible(patient.is_protected)

    def _make_signer_fields(self) -> QHBoxLayout:
        """Who signs and with what, and where the package is saved (the folder row is returned)."""
        self.signer = QComboBox()
        self.signer.addItem(self.tr("My signing key"), "key")
        self.signer.addItem(self.tr("Smart card (PKCS#11)"), "card")
        self.signer.addItem(self.tr("Self-signed (training only)"), "self")
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(self.tr("Your password, or the card's PIN"))
        # The smart card (and the key) is set up once in its own dialog, its middleware chosen from what
        # this workstation has; nobody types a library path here.
        self.key_button = QPushButton(self.tr("My signing key…"))
        self.key_button.clicked.connect(self.open_signing_key)
        self.key_dialog: QDialog | None = None
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        self.folder = QLineEdit(docs)
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        return folder_row

    def _form(self, patient: Patient, folder_row: QHBoxLayout) -> QFormLayout:
        form = QFormLayout()
        form.addRow(self.tr("Legal basis"), self.basis)
        form.addRow("", self.requires)
        form.addRow(self.tr("Recipient"), self.recipient)
        form.addRow(self.tr("Reason"), self.note)
        form.addRow(self.tr("Report language"), self.report_lang)
        form.addRow("", self.strip_gps)
        if patient.is_protected:
            form.addRow(self.tr("Secrecy review"), self.secrecy_done)
            form.addRow("", self.secrecy_note)
        form.addRow(self.tr("Signer"), self.signer)
        form.addRow(self.tr("Password or PIN"), self.secret)
        form.addRow("", self.key_button)
        form.addRow(self.tr("Save in"), folder_row)
        return form

    def _make_result_area(self) -> None:
        """The progress, the status line and the verifier's verdict, shown as the export runs."""
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.verdict = QPlainTextEdit()
        self.verdict.setReadOnly(True)
        self.verdict.setVisible(False)
        self.export_button = QPushButton(self.tr("Sign and export"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)

    def open_signing_key(self) -> QDialog:
        from injurydoc.ui.signing_key_dialog import SigningKeyDialog

        self.key_dialog = SigningKeyDialog(self.ops, self.session, self)
        self.key_dialog.open()
        return self.key_dialog

    def _basis_changed(self) -> None:
        basis = LegalBasis(self.basis.currentData())
        self.requires.setText(self.tr("Requires: ") + requirement(basis, self.lang))

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Save in"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _progress(self, what: str, i: int, n: int) -> None:
        labels = {
            "photos": self.tr("Collecting the photos…"),
            "report": self.tr("Writing and signing the report…"),
            "package": self.tr("Writing the package…"),
            "verify": self.tr("Verifying the written package…"),
        }
        self.status.setText(labels.get(what, what))
        if what == "photos":
            self.progress.setMaximum(max(n, 1))
            self.progress.setValue(i)

    def start(self) -> None:
        session, exam = self.session, self.exam
        secrecy = ""
        if self.patient.is_protected:
            note = self.secrecy_note.text().strip()
            if not self.secrecy_done.isChecked() or not note:
                self.status.setText(
                    self.tr("Protected personal data: tick the secrecy review and say who reviewed it.")
                )
                return
            secrecy = f"{self.session.account.display_name}: {note}"
        req = ExportRequest(
            examination_id=exam.id,
            basis=LegalBasis(self.basis.currentData()),
            out_dir=Path(self.folder.text()),
            recipient=self.recipient.text(),
            lang=self.report_lang.currentData(),
            note=self.note.text(),
            strip_gps=self.strip_gps.isChecked(),
            secrecy_review=secrecy,
        )
        kind, secret = self.signer.currentData(), self.secret.text()
        relay = self.relay

        def job() -> ExportResult:
            import gc

            # No full collection during the export: one holds the GIL for 40-70 ms (a visible stall in
            # the GUI); the export's garbage is collected by the next ordinary full pass.
            thresholds = gc.get_threshold()
            gc.set_threshold(thresholds[0], thresholds[1], 1_000_000)
            try:
                return export()
            finally:
                gc.set_threshold(*thresholds)

        def export() -> ExportResult:
            import gc

            # The export code (pyHanko, reportlab) loads here, on the store thread, not in the GUI.
            from injurydoc.services.export import ExportService
            from injurydoc.services.signing import SigningService

            gc.freeze()  # keep the new modules' objects out of a long full collection mid-export
            signing = SigningService(session)
            if kind == "self" and signing.status().kind is None:
                signing.create_self_signed(secret)
            identity = signing.identity(secret)
            try:
                return ExportService(session).export(req, identity, progress=relay.progress.emit)
            finally:
                identity.close()

        self.secret.clear()
        self.export_button.setEnabled(False)
        self.progress.setVisible(True)
        self.ops.run(job, self._done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        self.progress.setVisible(False)
        self.status.setText("")
        errors.handle(self, exc)

    def _done(self, result: ExportResult) -> None:
        self.export_result = result
        self.progress.setVisible(False)
        self.status.setText(self.tr("Written: %1").replace("%1", str(result.path)))
        if result.verdict is not None:
            self.verdict.setVisible(True)
            self.verdict.setPlainText(result.verdict.verdict(self.lang, accept_exercise=True))
