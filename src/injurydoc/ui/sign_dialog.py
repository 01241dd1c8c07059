"""Signing (or adding an addendum) as a deliberate act: the report as it will be printed, the checklist
items still open, and the password typed again.  "Cancel" is the default button; nothing is signed by
pressing Enter.  The dialog stays open on a wrong password and says so."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.errors import AuthError
from injurydoc.services.export import ExportService
from injurydoc.services.session import Session
from injurydoc.ui import errors
from injurydoc.ui.ops import Ops

#: (password, on success, on failure) → runs the signing job.
Submit = Callable[[str, Callable[[object], None], Callable[[BaseException], None]], None]


class SignDialog(QDialog):
    def __init__(
        self,
        ops: Ops,
        session: Session,
        exam_id: str,
        open_items: list[str],
        submit: Submit,
        parent: QWidget | None = None,
        *,
        addendum: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops, self.session, self.exam_id = ops, session, exam_id
        self._submit = submit
        self.done_ok = False
        self.page_count = 0
        signing = addendum is None
        self.setWindowTitle(self.tr("Sign the examination") if signing else self.tr("Add addendum"))
        self.resize(900, 900)
        layout = QVBoxLayout(self)
        self._add_preview(layout, signing, addendum)
        self._add_open_items(layout, open_items)
        self._add_password(layout)
        self._add_buttons(layout, signing, open_items)
        self._update()
        lang = errors.current_lang()
        self.ops.run(
            lambda: ExportService(session).preview(exam_id, lang), self._show_pages, self._preview_failed
        )

    def _add_preview(self, layout: QVBoxLayout, signing: bool, addendum: str | None) -> None:
        """What is signed: the report's pages as they will be printed (and the addendum's text)."""
        intro = QLabel(
            self.tr(
                "Read the report as it will be printed. After signing nothing can be changed, only "
                "addenda added."
            )
            if signing
            else self.tr("The addendum is dated and signed with your name; it cannot be changed afterwards.")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.preview_state = QLabel(self.tr("Preparing the preview…"))
        self.pages_layout.addWidget(self.preview_state)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.pages)
        scroll.setAccessibleName(self.tr("The report as it will be printed"))
        if addendum is not None:
            text = QPlainTextEdit(addendum)
            text.setReadOnly(True)
            text.setMaximumHeight(120)
            text.setAccessibleName(self.tr("Addendum"))
            layout.addWidget(text)
        layout.addWidget(scroll, 1)

    def _add_open_items(self, layout: QVBoxLayout, open_items: list[str]) -> None:
        """The checklist's open items, in red, when there are any."""
        self.open_list = QListWidget()
        self.open_list.addItems(open_items)
        self.open_list.setMaximumHeight(140)
        self.open_label = QLabel(
            self.tr("%1 items of the checklist are open:").replace("%1", str(len(open_items)))
        )
        self.open_label.setStyleSheet("color: #b71c1c; font-weight: 600;")
        self.open_label.setVisible(bool(open_items))
        self.open_list.setVisible(bool(open_items))
        layout.addWidget(self.open_label)
        layout.addWidget(self.open_list)

    def _add_password(self, layout: QVBoxLayout) -> None:
        layout.addWidget(QLabel(self.tr("Your password, to confirm:")))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.textChanged.connect(self._update)
        layout.addWidget(self.password)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c;")
        layout.addWidget(self.message)

    def _add_buttons(self, layout: QVBoxLayout, signing: bool, open_items: list[str]) -> None:
        """Cancel (the default: Enter alone does not sign) and Sign, named for what it does."""
        self.buttons = QDialogButtonBox()
        # Our own label: Qt's standard buttons would stay English without Qt's own catalogue.
        self.cancel_button = self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        label = self.tr("Sign") if signing else self.tr("Add addendum")
        if open_items and signing:
            label = self.tr("Sign with open items")
        self.ok_button: QPushButton = self.buttons.addButton(label, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setAutoDefault(False)
        self.cancel_button.setDefault(True)
        self.cancel_button.setAutoDefault(True)
        self.buttons.rejected.connect(self.reject)
        self.ok_button.clicked.connect(self.submit)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.password.setFocus()  # type, then Tab to the sign button; Enter alone cancels

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.password.text()))

    def _show_pages(self, pages: list[bytes]) -> None:
        self.preview_state.setVisible(False)
        self.page_count = len(pages)
        for png in pages:
            pix = QPixmap()
            pix.loadFromData(png, "PNG")
            label = QLabel()
            label.setPixmap(pix)
            label.setStyleSheet("border: 1px solid #999; background: white;")
            self.pages_layout.addWidget(label)

    def _preview_failed(self, exc: BaseException) -> None:
        # Signing stays possible (the record is what is signed); the reason is shown as for any error.
        self.preview_state.setText(self.tr("The preview could not be made."))
        errors.handle(self, exc)

    def submit(self) -> None:
        password = self.password.text()
        if not password:
            return
        self.ok_button.setEnabled(False)
        self.message.setText("")
        self._submit(password, self._succeeded, self._failed)

    def _succeeded(self, _result: object) -> None:
        self.password.clear()
        self.done_ok = True
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.password.clear()
        self._update()
        if isinstance(exc, AuthError):
            self.message.setText(self.tr("Wrong password. Nothing was signed."))
            self.password.setFocus()
            return
        self.reject()
        errors.handle(self.parentWidget() or self, exc)

    def reject(self) -> None:
        self.password.clear()
        super().reject()
