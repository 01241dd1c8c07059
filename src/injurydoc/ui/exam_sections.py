"""The examination editor's form pages built from the field registry (the patient's account, history,
strangulation, absent findings, assessment, report of concern and SIP) and the field bindings they use.
A mixin of ExamEditor: the container, loading and saving live in exam_editor.py; the patient page is
exam_patient.py, the consent page exam_consents.py."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.fields import EXAM_FIELDS, Field, Kind, Show, exam_field, shown
from injurydoc.domain.vocab import (
    Answer,
    Lang,
)
from injurydoc.ui import forms
from injurydoc.ui.exam_fields import AbsentBinding, PresentBinding, date_field, datetime_field


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
    """Builds the registry's form pages of ExamEditor (which supplies loading, saving and the header)."""

    lang: Lang
    bindings: list[forms.Binding]

    def _bind(self, b: forms.Binding) -> forms.Binding:
        self.bindings.append(b)
        return b

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
