"""A new examination: find the patient by personal number, or register them; then the draft opens."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.errors import KnownError
from injurydoc.domain.identity import parse_personal_id
from injurydoc.domain.models import Examination
from injurydoc.domain.vocab import IdKind, Protection, Sex
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.services.session import Session
from injurydoc.ui import errors
from injurydoc.ui.ops import Ops


class NewExamDialog(QDialog):
    def __init__(self, ops: Ops, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.session = ops, session
        self.created: Examination | None = None
        lang = errors.current_lang()
        self.setWindowTitle(self.tr("New examination"))
        self.kind = QComboBox()
        for k in IdKind:
            self.kind.addItem(k.label(lang), k)
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("YYYYMMDD-NNNN"))
        self.name = QLineEdit()
        self.sex = QComboBox()
        for s in Sex:
            self.sex.addItem(s.label(lang), s)
        self.protection = QComboBox()
        for p in Protection:
            self.protection.addItem(p.label(lang), p)
        self.guardian = QCheckBox(self.tr("A child, and a guardian is said to be the threat"))
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a00000;")
        form = QFormLayout()
        form.addRow(self.tr("Kind of number"), self.kind)
        form.addRow(self.tr("Personal number"), self.number)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Sex"), self.sex)
        form.addRow(self.tr("Protected personal data"), self.protection)
        form.addRow("", self.guardian)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("An existing patient is found by the number; otherwise a new one is registered."))
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        lang = errors.current_lang()
        kind = IdKind(self.kind.currentData())
        try:
            pid = parse_personal_id(self.number.text(), kind if kind is IdKind.RESERVNUMMER else None)
        except KnownError as exc:
            self.message.setText(exc.message(lang))
            return
        session, name = self.session, self.name.text()
        sex, protection, guardian = (
            Sex(self.sex.currentData()),
            Protection(self.protection.currentData()),
            self.guardian.isChecked(),
        )

        def job() -> Examination:
            patients = PatientService(session)
            existing = (
                [p for p in patients.search(pid.digits) if p.personal_id.value == pid.value]
                if pid.digits
                else []
            )
            if existing:
                patient = existing[0]
            else:
                patient = patients.create(
                    personal_id=pid.value,
                    id_kind=pid.kind,
                    name=name,
                    sex=sex,
                    protection=protection,
                    guardian_is_threat=guardian,
                )
            return ExaminationService(session).create(patient.id)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, KnownError):
                self.message.setText(exc.message(lang))
            else:
                errors.handle(self, exc)

        self.ops.run(job, self._created, failed)

    def _created(self, exam: Examination) -> None:
        self.created = exam
        self.accept()
