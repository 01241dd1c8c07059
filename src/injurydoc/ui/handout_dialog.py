"""The patient handout, from the examination editor: languages, what to include, preview, PDF or print.

Nothing of the patient is on the handout unless the clinician adds the name; for a protected person the
addresses are off until chosen.  Saving or printing is logged (PRINTED on the examination) before the
file is written or the printer is fed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStandardPaths, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.models import Examination, Patient
from injurydoc.domain.vocab import PresentRole
from injurydoc.services.files import write_file
from injurydoc.services.handout import (
    NEEDS_NATIVE_REVIEW,
    HandoutChoice,
    HandoutPage,
    HandoutService,
    Medium,
    UnitContacts,
    default_include_addresses,
    file_name,
    languages,
)
from injurydoc.ui import errors, handout_pdf
from injurydoc.ui.files import ask_save_path
from injurydoc.ui.ops import Ops

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from injurydoc.services.session import Session

PREVIEW_DPI = 56
WARNING_STYLE = "color: #8b0000; font-weight: 600;"


class HandoutDialog(QDialog):
    def __init__(
        self, ops: Ops, session: Session, exam: Examination, patient: Patient, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ops, self.session, self.exam, self.patient = ops, session, exam, patient
        self.service = HandoutService(session)
        self.contacts: UnitContacts | None = None
        self._busy = False
        self.lang = errors.current_lang()
        self.setWindowTitle(self.tr("Handout for the patient"))
        self.resize(980, 720)
        self._make_language_list(exam)
        no_number = self._make_options(patient)
        side_widget = self._side_panel(no_number)
        self._make_preview_area()
        layout = QHBoxLayout(self)
        layout.addWidget(side_widget)
        layout.addWidget(self.preview_area, 1)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(150)
        self._preview_timer.timeout.connect(self.refresh_preview)
        self._set_busy(True)
        self.ops.run(self.service.contacts, self._contacts_loaded, self._failed)

    def _make_language_list(self, exam: Examination) -> None:
        """Every handout language, those the interpreters present speak already ticked."""
        self.language_list = QListWidget()
        self.language_list.setAccessibleName(self.tr("Languages"))
        chosen = languages.suggested(
            p.language for p in exam.persons_present if p.role is PresentRole.INTERPRETER
        )
        for lang in languages.LANGUAGES:
            label = lang.native
            if lang.native.casefold() != lang.label(self.lang).casefold():
                label += f" – {lang.label(self.lang)}"
            if NEEDS_NATIVE_REVIEW[lang.code]:
                label += " " + self.tr("(unreviewed translation)")
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, lang.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if lang.code in chosen else Qt.CheckState.Unchecked)
            self.language_list.addItem(item)
        self.language_list.itemChanged.connect(self._schedule_preview)

    def _make_options(self, patient: Patient) -> QLabel:
        """Name and addresses on the handout (addresses off for a protected person, with a warning);
        returns the note that the identity number is never printed."""
        self.with_name = QCheckBox(self.tr("Add the patient's name"))
        self.with_name.setChecked(False)
        self.with_addresses = QCheckBox(self.tr("Print addresses (the unit's and the local contacts')"))
        self.with_addresses.setChecked(default_include_addresses(patient.protection))
        self.protected_warning = QLabel(
            self.tr(
                "Protected personal data: an address on a paper the patient carries home can reveal "
                "where they sought help. Print addresses only if the patient wants them."
            )
        )
        self.protected_warning.setWordWrap(True)
        self.protected_warning.setStyleSheet(WARNING_STYLE)
        self.protected_warning.setVisible(patient.is_protected)
        for box in (self.with_name, self.with_addresses):
            box.toggled.connect(self._schedule_preview)
        no_number = QLabel(self.tr("The personal identity number is never printed on the handout."))
        no_number.setWordWrap(True)
        no_number.setStyleSheet("color: #555555;")
        return no_number

    def _side_panel(self, no_number: QLabel) -> QWidget:
        """The left column: languages, options, status, and the save/print/close buttons."""
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.clicked.connect(self.print_handout)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        self.status = QLabel(self.tr("Loading the unit's contacts…"))
        self.status.setWordWrap(True)

        side = QVBoxLayout()
        side.addWidget(QLabel(self.tr("Languages (each gets its own pages)")))
        side.addWidget(self.language_list, 1)
        side.addWidget(self.with_name)
        side.addWidget(self.with_addresses)
        side.addWidget(self.protected_warning)
        side.addWidget(no_number)
        side.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        side.addLayout(buttons)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setMaximumWidth(440)
        return side_widget

    def _make_preview_area(self) -> None:
        """The pages as they will print, on grey."""
        self.preview_area = QScrollArea()
        self.preview_area.setWidgetResizable(True)
        self.preview_area.setAccessibleName(self.tr("Preview"))
        self.preview_pages = QWidget()
        self.preview_layout = QVBoxLayout(self.preview_pages)
        self.preview_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.preview_area.setWidget(self.preview_pages)
        self.preview_area.setStyleSheet("QScrollArea { background: #9e9e9e; }")

    # ----- state ------------------------------------------------------------------------------------
    def chosen_languages(self) -> tuple[str, ...]:
        items = (self.language_list.item(i) for i in range(self.language_list.count()))
        return tuple(
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        )

    def choice(self) -> HandoutChoice:
        return HandoutChoice(
            languages=self.chosen_languages(),
            include_name=self.with_name.isChecked(),
            include_addresses=self.with_addresses.isChecked(),
        )

    def pages(self) -> tuple[HandoutPage, ...]:
        return self.service.pages(self.patient, self.choice(), self.contacts or UnitContacts())

    def _update_buttons(self) -> None:
        ready = not self._busy and self.contacts is not None and bool(self.chosen_languages())
        self.save_button.setEnabled(ready)
        self.print_button.setEnabled(ready)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    def _contacts_loaded(self, contacts: UnitContacts) -> None:
        self.contacts = contacts
        self.status.setText(
            "" if contacts.contacts else self.tr("No local contacts are set up for the unit.")
        )
        self._set_busy(False)
        self.refresh_preview()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText("")
        self._set_busy(False)
        errors.handle(self, exc)

    # ----- preview ----------------------------------------------------------------------------------
    def _schedule_preview(self, *_args: object) -> None:
        self._update_buttons()
        self._preview_timer.start()

    def refresh_preview(self) -> None:
        """Show the sheets exactly as they will print (laid out by the same code)."""
        while (item := self.preview_layout.takeAt(0)) is not None:
            if (old := item.widget()) is not None:
                old.deleteLater()
        if self.contacts is None or not self.chosen_languages():
            return
        for image in handout_pdf.preview(self.pages(), PREVIEW_DPI):
            sheet = QLabel()
            sheet.setPixmap(QPixmap.fromImage(image))
            sheet.setStyleSheet("border: 1px solid #616161;")
            self.preview_layout.addWidget(sheet)

    def sheet_count(self) -> int:
        return self.preview_layout.count()

    # ----- output -----------------------------------------------------------------------------------
    def save_pdf(self) -> None:
        choice = self.choice()
        if not choice.languages:
            return
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        target = ask_save_path(
            self,
            self.tr("Save the handout as PDF"),
            Path(docs) / file_name(choice.languages),
            self.tr("PDF files (*.pdf)"),
            ".pdf",
        )
        if target is None:
            return
        data = handout_pdf.pdf_bytes(self.pages())
        service, exam_id = self.service, self.exam.id

        def job() -> Path:
            service.record_printed(exam_id, choice, "pdf")  # logged before the file exists
            write_file(target, data)
            return target

        self._run(job, lambda p: self.status.setText(self.tr("Saved to %1").replace("%1", str(p))))

    def choose_printer(self) -> QPrinter | None:
        """The printer and its settings from the print dialog; ``None`` when cancelled."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(handout_pdf.page_layout())
        printer.setDocName(handout_pdf.PDF_TITLE)
        dialog = QPrintDialog(printer, self)
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None

    def print_handout(self) -> None:
        choice = self.choice()
        printer = self.choose_printer() if choice.languages else None
        if printer is None:
            return
        pages = self.pages()
        service, exam_id, medium = self.service, self.exam.id, _medium(printer)

        def printed(_result: Any) -> None:
            handout_pdf.paint(printer, pages)  # painting belongs to the GUI thread
            self.status.setText(self.tr("Sent to the printer."))

        self._run(lambda: service.record_printed(exam_id, choice, medium), printed)

    def _run(self, job: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self._set_busy(True)
        self.status.setText(self.tr("Logging and writing…"))

        def finished(result: Any) -> None:
            self._set_busy(False)
            done(result)

        self.ops.run(job, finished, self._failed)


def _medium(printer: QPrinter) -> Medium:
    from PySide6.QtPrintSupport import QPrinter

    return "pdf" if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat else "printer"
