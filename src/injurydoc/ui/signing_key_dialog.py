"""Setting up one's signing key in the GUI: a self-signed key for training, a key request (CSR) for the
organisation's CA and the import of the certificate it issues, or a smart card whose middleware is
chosen from what this workstation has (never a typed library path)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from injurydoc.services.pkcs11_modules import Pkcs11Module, find_modules
from injurydoc.services.session import Session
from injurydoc.services.signing import SignerStatus, SigningService
from injurydoc.ui import errors
from injurydoc.ui.files import ask_save_path, write_bytes
from injurydoc.ui.ops import Ops


class SigningKeyDialog(QDialog):
    def __init__(
        self,
        ops: Ops,
        session: Session,
        parent: QWidget | None = None,
        *,
        modules: list[Pkcs11Module] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops, self.session = ops, session
        self.status: SignerStatus | None = None
        self.setWindowTitle(self.tr("My signing key"))
        self.setMinimumWidth(620)
        self.current = QLabel(self.tr("Reading…"))
        self.current.setWordWrap(True)
        soft = self._soft_key_box()
        card = self._card_box(modules)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current)
        layout.addWidget(soft)
        layout.addWidget(card)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.refresh()

    def _soft_key_box(self) -> QGroupBox:
        """A key on this computer: a training key, or a key request and then the CA's certificate."""
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Your password (protects the key)"))

        self.self_signed_button = QPushButton(self.tr("Create a training key (self-signed)"))
        self.self_signed_button.setToolTip(
            self.tr("For exercises and demos: the verifier reports it as not issued by a trusted CA.")
        )
        self.self_signed_button.clicked.connect(self.create_self_signed)
        self.request_button = QPushButton(self.tr("Create a key request (CSR)…"))
        self.request_button.clicked.connect(self._ask_request)
        self.import_button = QPushButton(self.tr("Import the certificate…"))
        self.import_button.clicked.connect(self._ask_import)
        soft = QGroupBox(self.tr("Key on this computer"))
        sv = QVBoxLayout(soft)
        form = QFormLayout()
        form.addRow(self.tr("Password"), self.password)
        sv.addLayout(form)
        sv.addWidget(self.self_signed_button)
        row = QHBoxLayout()
        row.addWidget(self.request_button)
        row.addWidget(self.import_button)
        sv.addLayout(row)
        return soft

    def _card_box(self, modules: list[Pkcs11Module] | None) -> QGroupBox:
        """A smart card: the card software found on this computer and the key on the card."""
        self.modules = modules if modules is not None else find_modules()
        self.module = QComboBox()
        for m in self.modules:
            self.module.addItem(m.label(), m.path)
        self.no_module = QLabel(
            self.tr(
                "No smart-card software was found on this computer. Ask IT to install the card's "
                "middleware (e.g. Net iD for SITHS cards)."
            )
        )
        self.no_module.setWordWrap(True)
        self.no_module.setVisible(not self.modules)
        self.module.setVisible(bool(self.modules))
        self.key_label = QLineEdit()
        self.key_label.setPlaceholderText(self.tr("Leave empty: the card's only signing key"))
        self.card_button = QPushButton(self.tr("Sign with this card"))
        self.card_button.setEnabled(bool(self.modules))
        self.card_button.clicked.connect(self.use_card)
        card = QGroupBox(self.tr("Smart card"))
        cf = QFormLayout(card)
        cf.addRow(self.tr("Card software"), self.module)
        cf.addRow("", self.no_module)
        cf.addRow(self.tr("Key on the card"), self.key_label)
        cf.addRow("", self.card_button)
        return card

    # ----- state ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        session = self.session
        self.ops.run(lambda: SigningService(session).status(), self._show, self._failed)

    def _show(self, status: SignerStatus) -> None:
        self.status = status
        if status.kind is None:
            text = self.tr("You have no signing key yet.")
        elif status.kind == "pkcs11":
            module = status.pkcs11.module if status.pkcs11 else ""
            text = self.tr("You sign with a smart card (%1).").replace("%1", Path(module).name)
        elif status.waiting_for_certificate:
            text = self.tr(
                "Your key waits for its certificate: send the key request to the organisation's CA and "
                "import the certificate it returns."
            )
        else:
            kind = self.tr("training key") if status.kind == "self_signed" else self.tr("key")
            text = (
                self.tr("Your %1: %2, issued by %3, valid until %4.")
                .replace("%1", kind)
                .replace("%2", _common_name(status.subject))
                .replace("%3", _common_name(status.issuer))
                .replace("%4", status.not_after)
            )
        self.current.setText(text)
        self.import_button.setEnabled(status.waiting_for_certificate or status.kind == "software")

    def _failed(self, exc: BaseException) -> None:
        self.password.clear()
        self.message.setText("")
        errors.handle(self, exc)

    def _done(self, text: str) -> None:
        self.password.clear()
        self.message.setText(text)
        self.refresh()

    def _password(self) -> str | None:
        pw = self.password.text()
        if not pw:
            self.message.setText(self.tr("Type your password first."))
            self.password.setFocus()
            return None
        return pw

    # ----- actions --------------------------------------------------------------------------------
    def create_self_signed(self) -> None:
        pw, session = self._password(), self.session
        if pw is None:
            return
        self.ops.run(
            lambda: SigningService(session).create_self_signed(pw),
            lambda _s: self._done(self.tr("A training key was created.")),
            self._failed,
        )

    def _ask_request(self) -> None:
        target = ask_save_path(
            self,
            self.tr("Save the key request"),
            Path.home() / "signeringsnyckel.csr",
            self.tr("Key request (*.csr *.pem)"),
            ".csr",
        )
        if target is not None:
            self.create_request(target)

    def create_request(self, target: Path) -> None:
        pw, session = self._password(), self.session
        if pw is None:
            return

        def job() -> Path:
            csr = SigningService(session).create_request(pw)
            return write_bytes(target, csr.encode("ascii"))

        self.ops.run(
            job,
            lambda p: self._done(
                self.tr("Key request saved to %1. Send it to the organisation's CA.").replace("%1", str(p))
            ),
            self._failed,
        )

    def _ask_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import the certificate"), "", self.tr("Certificates (*.pem *.crt *.cer *.p7b)")
        )
        if name:
            self.import_certificate(Path(name))

    def import_certificate(self, path: Path) -> None:
        session = self.session
        self.ops.run(
            lambda: SigningService(session).import_certificate_file(path),
            lambda _s: self._done(self.tr("The certificate was imported.")),
            self._failed,
        )

    def use_card(self) -> None:
        module, key, session = self.module.currentData(), self.key_label.text(), self.session
        if not module:
            return
        self.ops.run(
            lambda: SigningService(session).use_card(str(module), key),
            lambda _s: self._done(self.tr("Signing with the smart card is set up.")),
            self._failed,
        )


def _common_name(rfc4514: str) -> str:
    """``CN=Anna Berg,O=…`` → ``Anna Berg`` (the whole name when it has no CN)."""
    for part in rfc4514.split(","):
        key, sep, value = part.partition("=")
        if sep and key.strip().upper() == "CN":
            return value.strip()
    return rfc4514
