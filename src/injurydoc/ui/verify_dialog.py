"""Verify an evidence package: for anyone, no sign-in needed.  Runs off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from injurydoc.services.verification import EXIT_EXERCISE, EXIT_OK, VerifyReport, check_package
from injurydoc.ui import errors
from injurydoc.ui.ops import Ops


class VerifyDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Verify package"))
        self.resize(760, 520)
        self.ops = Ops(self)
        self.report: VerifyReport | None = None

        self.package = QLineEdit()
        self.package.setAccessibleName(self.tr("Evidence package"))
        pick = QPushButton(self.tr("Choose package…"))
        pick.clicked.connect(self._pick_package)
        self.trust = QLineEdit()
        self.trust.setPlaceholderText(self.tr("Optional: the organisation's CA certificate (PEM)"))
        self.trust.setAccessibleName(self.tr("Trusted CA certificate"))
        pick_trust = QPushButton(self.tr("Choose CA…"))
        pick_trust.clicked.connect(self._pick_trust)
        self.run_button = QPushButton(self.tr("Verify"))
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.start)
        self.status = QLabel("")
        self.status.setObjectName("verdict")
        self.status.setWordWrap(True)
        self.output = QPlainTextEdit()
        self.output.setReadOnly(True)
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.output.setFont(mono)

        row1 = QHBoxLayout()
        row1.addWidget(QLabel(self.tr("Package")))
        row1.addWidget(self.package, 1)
        row1.addWidget(pick)
        row2 = QHBoxLayout()
        row2.addWidget(QLabel(self.tr("Trust")))
        row2.addWidget(self.trust, 1)
        row2.addWidget(pick_trust)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Checks every hash, both signatures, the signer and the photo log.")))
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.run_button)
        layout.addWidget(self.status)
        layout.addWidget(self.output, 1)
        layout.addWidget(buttons)

    def _pick_package(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Evidence package"), "", "Zip (*.zip)")
        if path:
            self.package.setText(path)

    def _pick_trust(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Trusted CA certificate"), "", "PEM (*.pem *.crt *.cer)"
        )
        if path:
            self.trust.setText(path)

    def start(self) -> None:
        if not self.package.text().strip():
            return
        anchors = [Path(self.trust.text())] if self.trust.text().strip() else []
        self.run_button.setEnabled(False)
        self.status.setText(self.tr("Checking…"))
        self.output.clear()
        package = Path(self.package.text())
        self.ops.run_without_store(lambda: check_package(package, anchors), self._show, self._failed)

    def _failed(self, exc: BaseException) -> None:
        """The check itself failed (not the package): say so, then show the error as any other."""
        self.run_button.setEnabled(True)
        self.status.setText(self.tr("The check could not be completed."))
        self.status.setStyleSheet("font-weight: 700; font-size: 12pt; color: #b71c1c;")
        errors.handle(self, exc)

    def _show(self, report: VerifyReport) -> None:
        self.report = report
        self.run_button.setEnabled(True)
        lang = errors.current_lang()
        self.output.setPlainText(report.verdict(lang))
        code = report.exit_code()
        if code == EXIT_OK:
            text, colour = self.tr("Intact, and signed by a trusted organisation."), "#1b5e20"
        elif code == EXIT_EXERCISE:
            text, colour = self.tr("Intact, but an EXERCISE – not evidence."), "#8d6e00"
        elif report.intact:
            text, colour = self.tr("Unchanged, but who signed cannot be confirmed."), "#8d6e00"
        else:
            text, colour = self.tr("The package cannot be trusted."), "#b71c1c"
        self.status.setText(text)
        self.status.setStyleSheet(f"font-weight: 700; font-size: 12pt; color: {colour};")
