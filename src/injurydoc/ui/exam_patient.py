"""The examination editor's patient page: who the patient is, protected personal data (and a guardian
said to be the threat), and the contact details that may be recorded.

Changes of protection and contacts are saved through :class:`~injurydoc.services.patients.PatientService`
on the store thread; the page then says so with :attr:`PatientPage.patient_changed` and the editor shows
the patient anew (its header, and this page through :meth:`PatientPage.show_patient`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.models import Patient, shown_name
from injurydoc.services.patients import PatientService
from injurydoc.ui import errors

if TYPE_CHECKING:
    from injurydoc.ui.exam_editor import ExamEditor


class PatientPage(QScrollArea):
    patient_changed = Signal(object)  # the patient as stored after a change made here

    def __init__(self, editor: ExamEditor) -> None:
        super().__init__()
        self.editor = editor
        self.patient: Patient | None = None
        self._make_protection()
        self._make_contacts()
        form = QFormLayout()
        form.addRow(self.tr("Protected personal data"), self.protection_row)
        form.addRow("", self.guardian_check)
        inner = QWidget()
        box = QVBoxLayout(inner)
        box.addWidget(self.info)
        box.addLayout(form)
        box.addWidget(self.protection_note)
        box.addWidget(self.contacts_box)
        box.addStretch(1)
        self.setWidgetResizable(True)
        self.setWidget(inner)

    def _make_protection(self) -> None:
        from injurydoc.domain.vocab import Protection

        lang = self.editor.lang
        self.info = QLabel("")
        self.info.setWordWrap(True)
        self.protection_combo = QComboBox()
        for p in Protection:
            self.protection_combo.addItem(p.label(lang), p)
        self.guardian_check = QCheckBox(self.tr("A child, and a guardian is said to be the threat"))
        self.protection_button = QPushButton(self.tr("Change protection"))
        self.protection_button.clicked.connect(self._change_protection)
        self.protection_row = QHBoxLayout()
        self.protection_row.addWidget(self.protection_combo, 1)
        self.protection_row.addWidget(self.protection_button)
        self.protection_note = QLabel(
            self.tr(
                "For a person with protected personal data, no address, telephone, next of kin or "
                "whereabouts are recorded."
            )
        )
        self.protection_note.setWordWrap(True)

    def _make_contacts(self) -> None:
        from injurydoc.domain.models import ContactKind

        self.contacts_box = QGroupBox(self.tr("Contact details"))
        self.contacts_list = QLabel("")
        self.contact_kind = QComboBox()
        self.contact_kinds = {
            ContactKind.ADDRESS: self.tr("Address"),
            ContactKind.PHONE: self.tr("Telephone"),
            ContactKind.EMAIL: self.tr("E-mail"),
            ContactKind.NEXT_OF_KIN: self.tr("Next of kin"),
            ContactKind.GUARDIAN: self.tr("Guardian"),
            ContactKind.RELATIVE: self.tr("Relative"),
            ContactKind.SCHOOL: self.tr("School or pre-school"),
        }
        self.contact_value = QLineEdit()
        add = QPushButton(self.tr("Add"))
        add.setObjectName("add_contact")
        add.clicked.connect(self._add_contact)
        row = QHBoxLayout()
        row.addWidget(self.contact_kind)
        row.addWidget(self.contact_value, 1)
        row.addWidget(add)
        box = QVBoxLayout(self.contacts_box)
        box.addWidget(self.contacts_list)
        box.addLayout(row)

    def show_patient(self, patient: Patient) -> None:
        from injurydoc.domain.models import ContactKind

        self.patient = patient
        lang = self.editor.lang
        name = shown_name(patient.name, lang)
        prot = patient.protection.label(lang)
        self.info.setText(
            f"{name}\n{patient.personal_id.value} ({patient.personal_id.kind.label(lang)})\n"
            f"{patient.sex.label(lang)}\n{prot}"
        )
        self.protection_combo.setCurrentIndex(max(self.protection_combo.findData(patient.protection), 0))
        self.guardian_check.setChecked(patient.guardian_is_threat)
        # No contact fields for a protected person; no guardian-side ones when a guardian is the threat.
        self.contacts_box.setVisible(not patient.is_protected)
        self.contact_kind.clear()
        for kind, label in self.contact_kinds.items():
            if patient.guardian_is_threat and kind in ContactKind.GUARDIAN_SIDE:
                continue
            self.contact_kind.addItem(label, kind)
        self.contacts_list.setText(
            "\n".join(f"{self.contact_kinds.get(c.kind, c.kind)}: {c.value}" for c in patient.contacts)
            or self.tr("None recorded")
        )

    def clear(self) -> None:
        self.patient = None
        self.info.clear()

    def _patient_job(self, fn: Callable[[PatientService], object]) -> None:
        session, patient = self.editor.session, self.patient
        if session is None or patient is None:
            return
        pid = patient.id

        def job() -> Patient:
            fn(PatientService(session))
            return PatientService(session).get(pid)

        self.editor.ops.run(job, self.patient_changed.emit, lambda exc: errors.handle(self, exc))

    def _change_protection(self) -> None:
        from injurydoc.domain.vocab import Protection

        if self.patient is None:
            return
        level = Protection(self.protection_combo.currentData())
        threat = self.guardian_check.isChecked()
        if level.is_protected and self.patient.contacts:
            from PySide6.QtWidgets import QMessageBox

            answer = QMessageBox.question(
                self,
                self.tr("Remove contact details?"),
                self.tr("The stored contact details will be deleted. Continue?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        pid = self.patient.id
        self._patient_job(lambda svc: svc.set_protection(pid, level, threat))

    def _add_contact(self) -> None:
        if self.patient is None or not self.contact_value.text().strip():
            return
        pid, kind, value = self.patient.id, str(self.contact_kind.currentData()), self.contact_value.text()
        self.contact_value.clear()
        self._patient_job(lambda svc: svc.add_contact(pid, kind, value))
