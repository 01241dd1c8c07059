"""The examination editor's form pages (patient, the patient's account, history, strangulation, absent
findings, assessment, report of concern and SIP) and the field bindings they use.  A mixin of
ExamEditor: the container, loading and saving live in exam_editor.py; the consent page is
exam_consents.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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

from injurydoc.domain.fields import EXAM_FIELDS, Field, Kind, Show, exam_field, shown
from injurydoc.domain.models import Patient
from injurydoc.domain.vocab import (
    Answer,
    Lang,
)
from injurydoc.services.patients import PatientService
from injurydoc.services.session import Session
from injurydoc.ui import errors, forms
from injurydoc.ui.exam_fields import AbsentBinding, PresentBinding, date_field, datetime_field
from injurydoc.ui.ops import Ops


def _page(*parts: Any) -> QScrollArea:
    inner = QWidget()
    box = QVBoxLayout(inner)
    for p in parts:
        if isinstance(p, QWidget):
            box.addWidget(p)
        else:
            box.addLayout(p)
    box.addStretch(1)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(inner)
    return area


#: Heights of the longer text fields (the rest get the default).
_HEIGHT = {"patient_account": 160, "assessment": 140, "concern_report.grounds": 60}


class SectionsMixin(QWidget):
    """Builds the form pages of ExamEditor (which supplies loading, saving and the header)."""

    lang: Lang
    bindings: list[forms.Binding]
    ops: Ops
    session: Session | None
    patient: Patient | None

    def _bind(self, b: forms.Binding) -> forms.Binding:
        self.bindings.append(b)
        return b

    def _show_header(self) -> None:
        raise NotImplementedError

    def _mark_dirty(self, field: str) -> None:
        raise NotImplementedError

    def _patient_page(self) -> QWidget:
        from injurydoc.domain.models import ContactKind
        from injurydoc.domain.vocab import Protection

        self.patient_info = QLabel("")
        self.patient_info.setWordWrap(True)
        self.protection_combo = QComboBox()
        for p in Protection:
            self.protection_combo.addItem(p.label(self.lang), p)
        self.guardian_check = QCheckBox(self.tr("A child, and a guardian is said to be the threat"))
        self.protection_button = QPushButton(self.tr("Change protection"))
        self.protection_button.clicked.connect(self._change_protection)
        prot_row = QHBoxLayout()
        prot_row.addWidget(self.protection_combo, 1)
        prot_row.addWidget(self.protection_button)
        self.protection_note = QLabel(
            self.tr(
                "For a person with protected personal data, no address, telephone, next of kin or "
                "whereabouts are recorded."
            )
        )
        self.protection_note.setWordWrap(True)
        self.contacts_box = QGroupBox(self.tr("Contact details"))
        self.contacts_list = QLabel("")
        self.contact_kind = QComboBox()
        kinds = {
            ContactKind.ADDRESS: self.tr("Address"),
            ContactKind.PHONE: self.tr("Telephone"),
            ContactKind.EMAIL: self.tr("E-mail"),
            ContactKind.NEXT_OF_KIN: self.tr("Next of kin"),
            ContactKind.GUARDIAN: self.tr("Guardian"),
            ContactKind.RELATIVE: self.tr("Relative"),
            ContactKind.SCHOOL: self.tr("School or pre-school"),
        }
        self.contact_kinds = kinds
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
        form = QFormLayout()
        form.addRow(self.tr("Protected personal data"), prot_row)
        form.addRow("", self.guardian_check)
        return _page(self.patient_info, form, self.protection_note, self.contacts_box)

    def _show_patient(self) -> None:
        from injurydoc.domain.models import ContactKind

        patient = self.patient
        if patient is None:
            return
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

    def _patient_job(self, fn: Callable[[PatientService], object]) -> None:
        session, patient = self.session, self.patient
        if session is None or patient is None:
            return
        pid = patient.id

        def job() -> Patient:
            fn(PatientService(session))
            return PatientService(session).get(pid)

        def done(p: Patient) -> None:
            self.patient = p
            self._show_header()
            self._show_patient()

        self.ops.run(job, done, lambda exc: errors.handle(self, exc))

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

    def _field_binding(self, f: Field) -> forms.Binding:
        """The editor's widget for a registry field, chosen by its kind."""
        if f.code == "persons_present":
            return PresentBinding(self)
        if f.code == "absent_findings":
            self.absent = AbsentBinding(self)
            return self.absent
        help_text = f.help(self.lang)
        if f.kind is Kind.MULTILINE:
            return forms.multiline(f.code, help_text, height=_HEIGHT.get(f.code, 90))
        if f.kind is Kind.CHOICE and f.options is not None:
            empty: str | None = (
                self.tr("Not assessed") if f.code == "consistency" else self.tr("Not recorded")
            )
            if f.options is Answer:
                empty = None
            return forms.vocab(f.code, f.options, self.lang, empty)
        if f.kind is Kind.MULTI_CHOICE and f.options is not None:
            return forms.multi_vocab(f.code, f.options, self.lang)
        if f.kind is Kind.BOOL:
            return forms.check(f.code, f.label(self.lang))
        if f.kind is Kind.DATE:
            return date_field(f.code)
        if f.kind is Kind.DATETIME:
            return datetime_field(f.code)
        return forms.text(f.code, help_text)

    def _section_form(self, section: str) -> QFormLayout:
        """A form of the registry's fields on one editor page, in registry order."""
        rows = []
        for f in shown(EXAM_FIELDS, Show.EDITOR):
            if f.section == section:
                label = "" if f.kind is Kind.BOOL else f.label(self.lang)
                rows.append((label, self._bind(self._field_binding(f))))
        return forms.form(rows)

    def _account_page(self) -> QWidget:
        hint = QLabel(
            self.tr("Write the patient's own words. Findings go in Injuries and Absent findings, never here.")
        )
        hint.setWordWrap(True)
        return _page(hint, self._section_form("account"))

    def _history_page(self) -> QWidget:
        return _page(self._section_form("history"))

    def _strangulation_page(self) -> QWidget:
        note = QLabel(
            self.tr("Visible signs are often absent after strangulation; the answers still matter.")
        )
        note.setWordWrap(True)
        return _page(note, self._section_form("strangulation"))

    def _absent_page(self) -> QWidget:
        hint = QLabel(
            self.tr(
                'Record what was examined and found without injury, e.g. "no visible injuries on the neck".'
            )
        )
        hint.setWordWrap(True)
        return _page(hint, self._bind(self._field_binding(exam_field("absent_findings"))).widget)

    def _assessment_page(self) -> QWidget:
        note = QLabel(
            self.tr("Describe colour as seen. Do not estimate the age of a bruise from its colour.")
        )
        note.setWordWrap(True)
        return _page(note, self._section_form("assessment"))

    def _concern_page(self) -> QWidget:
        concern = QGroupBox(self.tr("Report of concern (orosanmälan)"))
        concern.setLayout(self._section_form("concern"))
        sip = QGroupBox(self.tr("Coordinated individual plan (SIP)"))
        sip.setLayout(self._section_form("sip"))
        return _page(concern, sip)

    # ----- opening, saving ------------------------------------------------------------------------
