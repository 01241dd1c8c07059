"""The examination editor: one page per section, every change saved at once (no save button).

Typing marks its field dirty; 300 ms later the changed fields are saved on the store thread.  Closing,
signing out and auto-lock flush first, so nothing typed is lost; a killed program loses at most the
last 300 ms.  A signed examination opens read-only; only addenda can be added (review page).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.models import Examination, Patient, shown_name
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.services.record_signing import SignatureState
from injurydoc.services.session import Session
from injurydoc.ui import errors, forms
from injurydoc.ui.exam_consents import ConsentPage
from injurydoc.ui.exam_header import ExamHeader
from injurydoc.ui.exam_patient import PatientPage
from injurydoc.ui.exam_sections import SectionsMixin
from injurydoc.ui.ops import Ops
from injurydoc.ui.signature_banner import SignatureBanner

SAVE_DELAY_MS = 300


class ExamEditor(SectionsMixin):
    closed = Signal()
    changed = Signal()  # something was saved: lists elsewhere may refresh
    set_aside_requested = Signal(str)  # unit mode: compare with the unit's record (services.unit_set_aside)

    SECTIONS = (
        "patient",
        "consent",
        "account",
        "history",
        "strangulation",
        "injuries",
        "photos",
        "absent",
        "assessment",
        "concern",
        "review",
    )

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.session: Session | None = None
        self.exam: Examination | None = None
        self.patient: Patient | None = None
        self.lang = errors.current_lang()
        self.bindings: list[forms.Binding] = []
        self.dirty: set[str] = set()
        self._saving = False
        self._addendum_focus = False  # start_addendum() asked before the record was shown
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)
        self.handout_dialog: QDialog | None = None
        self.header = ExamHeader()
        self.header.handout_requested.connect(self.open_handout)
        self.header.co_handlers_requested.connect(self.open_co_handlers)
        self.header.close_requested.connect(self.close_editor)
        self._make_sections()
        self._add_section_keys()
        for b in self.bindings:
            b.changed.connect(self._mark_dirty)
        self._make_banners()
        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.training_banner)
        layout.addWidget(self.signature_banner)
        layout.addWidget(self.set_aside_banner)
        layout.addWidget(self.header)
        layout.addLayout(body, 1)
        forms.guard_wheel(self)  # after the layout: the pages are children of the editor only now

    def _make_sections(self) -> None:
        """The list of sections and their pages, one page per section in :attr:`SECTIONS` order."""
        self.nav = QListWidget()
        self.nav.setMaximumWidth(230)
        self.nav.setAccessibleName(self.tr("Sections"))
        self.pages = QStackedWidget()
        titles = {
            "patient": self.tr("Patient"),
            "consent": self.tr("Consent"),
            "account": self.tr("The patient's account"),
            "history": self.tr("History"),
            "strangulation": self.tr("Strangulation"),
            "injuries": self.tr("Injuries"),
            "photos": self.tr("Photos"),
            "absent": self.tr("Absent findings"),
            "assessment": self.tr("Assessment"),
            "concern": self.tr("Report of concern and SIP"),
            "review": self.tr("Review and sign"),
        }
        self._make_panels()
        self.patient_page = PatientPage(self)
        self.patient_page.patient_changed.connect(self._patient_changed)
        self.consent_page = ConsentPage(self.lang)
        self.consent_page.changed.connect(lambda: self._mark_dirty("consents"))
        builders: dict[str, Callable[[], QWidget]] = {
            "patient": lambda: self.patient_page,
            "consent": lambda: self.consent_page,
            "account": self._account_page,
            "history": self._history_page,
            "strangulation": self._strangulation_page,
            "injuries": lambda: self.injuries,
            "photos": lambda: self.photos,
            "absent": self._absent_page,
            "assessment": self._assessment_page,
            "concern": self._concern_page,
            "review": lambda: self.review,
        }
        for code in self.SECTIONS:
            self.nav.addItem(titles[code])
            self.pages.addWidget(builders[code]())
        self.nav.currentRowChanged.connect(self._section_changed)

    def _make_panels(self) -> None:
        """The injuries, photos and review panels, wired through the editor (they never call each other)."""
        from injurydoc.ui.exam_injuries import InjuriesPanel
        from injurydoc.ui.exam_photos import PhotosPanel
        from injurydoc.ui.exam_review import ReviewPanel

        self.injuries = InjuriesPanel(self)
        self.photos = PhotosPanel(self)
        self.review = ReviewPanel(self)
        # The panels say what changed; the editor keeps the examination and tells the others.
        self.injuries.injuries_listed.connect(self._injuries_listed)
        self.injuries.injury_saved.connect(self._injury_saved)
        self.photos.photos_listed.connect(self.review.set_photos)
        self.review.signed.connect(self._signed)
        self.review.addendum_added.connect(self._addendum_added)

    def _add_section_keys(self) -> None:
        # Keyboard: Ctrl+PgDown / Ctrl+PgUp move between sections from anywhere in the editor.
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda step=step: self._step_section(step))

    def _make_banners(self) -> None:
        from injurydoc.ui.exam_banners import SetAsideBanner, TrainingBanner

        self.training_banner = TrainingBanner()
        # The signature state of a signed record, checked again at every opening (services/record_signing).
        self.signature_banner = SignatureBanner()
        # Unit mode: signed first on another workstation (services/unit_set_aside.py).
        self.set_aside_banner = SetAsideBanner()
        self.set_aside_banner.compare_requested.connect(self._compare_set_aside)

    # ----- pages ------------------------------------------------------------------------------
    def open(self, session: Session, exam_id: str) -> None:
        self.session = session
        self.training_banner.setVisible(session.is_training)

        def load() -> tuple[Examination, Patient, SignatureState]:
            svc = ExaminationService(session)
            exam = svc.get(exam_id)
            return exam, PatientService(session).get(exam.patient_id), svc.signature(exam)

        self.ops.run(load, lambda result: self._loaded_for(session, result))
        from injurydoc.services.unit_set_aside import mark

        self.set_aside_banner.reset()
        self.ops.run(lambda: mark(session, exam_id), lambda m: self._show_set_aside(session, m))

    def _show_set_aside(self, session: Session, mark: str | None) -> None:
        """Unit mode: the record here is not the unit's, or what was typed here is set aside."""
        if self.session is session:
            self.set_aside_banner.show_mark(mark)

    def _compare_set_aside(self) -> None:
        if self.exam is not None:
            self.set_aside_requested.emit(self.exam.id)

    def start_addendum(self) -> None:
        """The review page, the cursor in the addendum box (the unit's record, signed)."""
        self.nav.setCurrentRow(self.SECTIONS.index("review"))
        self.review.addendum.setFocus()
        self._addendum_focus = True  # again once the record is shown (it may still be loading)

    def _loaded_for(self, session: Session, result: tuple[Examination, Patient, SignatureState]) -> None:
        """Show what was read, unless the editor was cleared (auto-lock, sign-out) or given another
        session while it was read: then nothing of it reaches a widget."""
        if self.session is session:
            self._loaded(result)

    def show_signed(self, exam: Examination) -> None:
        """Show ``exam`` just signed, its signature checked again off the GUI thread."""
        session, patient = self.session, self.patient
        if session is None or patient is None:
            return
        self.ops.run(
            lambda: ExaminationService(session).signature(exam),
            lambda state: self._loaded_for(session, (exam, patient, state)),
        )

    def _loaded(self, result: tuple[Examination, Patient, SignatureState]) -> None:
        exam, patient, signature = result
        self.exam, self.patient = exam, patient
        self.signature_banner.show_state(signature, self.lang)
        self.dirty.clear()
        for b in self.bindings:
            b.load(exam)
        self.consent_page.show_exam(exam)
        self._show_header()
        self.patient_page.show_patient(patient)
        self.set_read_only(
            exam.is_signed or (self.session is not None and exam.examiner_id != self.session.account.id)
        )
        self.injuries.load(exam)
        self.photos.load(exam)
        self.review.load(exam)
        if self.nav.currentRow() < 0:
            self.nav.setCurrentRow(0)
        if self._addendum_focus:
            self._addendum_focus = False
            self.review.addendum.setFocus()

    def _show_header(self) -> None:
        exam, patient = self.exam, self.patient
        if exam is None or patient is None:
            return
        state = self.tr("Signed") if exam.is_signed else self.tr("Draft")
        name = shown_name(patient.name, self.lang)
        # Only the one who started a protected case adds co-handlers (PatientService.add_co_handler).
        self.header.show_case(
            f"{exam.case_ref} · {name} · {patient.personal_id.value} · {state}",
            protected=patient.is_protected,
            co_handlers=patient.is_protected
            and self.session is not None
            and patient.created_by == self.session.account.id,
        )

    def _patient_changed(self, patient: Patient) -> None:
        """The patient page saved a change of protection or contacts."""
        self.patient = patient
        self._show_header()
        self.patient_page.show_patient(patient)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for b in self.bindings:
            b.widget.setEnabled(not read_only)
        self.consent_page.set_read_only(read_only)
        self.header.saved.setText(self.tr("Read-only") if read_only else "")

    def _mark_dirty(self, field: str) -> None:
        if self.exam is None or getattr(self, "read_only", False):
            return
        self.dirty.add(field)
        self.header.saved.setText(self.tr("Saving…"))
        self._timer.start()

    def _changes(self) -> dict[str, Any]:
        if self.exam is None:
            return {}
        changes: dict[str, Any] = {}
        for field in sorted(self.dirty):
            if field == "consents":
                changes[field] = self.consent_page.consents(self.exam)
            else:
                changes[field] = forms.apply(self.exam, self.bindings, field)
        return changes

    def save_now(self, wait: bool = False) -> None:
        if self.exam is None or not self.dirty or self.session is None:
            return
        self._timer.stop()
        changes = self._changes()
        self.dirty.clear()
        exam_id, session = self.exam.id, self.session
        self.exam = dataclasses.replace(self.exam, **changes)
        self.ops.run(
            lambda: ExaminationService(session).update(exam_id, **changes), self._saved, self._save_failed
        )
        if wait:
            self.ops.wait()

    def _saved(self, exam: Examination) -> None:
        if self.exam is not None and exam.id == self.exam.id and not self.dirty:
            self.header.saved.setText(
                self.tr("Saved %1").replace("%1", dt.datetime.now().strftime("%H:%M:%S"))
            )
        self.changed.emit()
        self.review.refresh()

    def _injuries_listed(self, exam: Examination) -> None:
        self.exam = dataclasses.replace(self.exam or exam, injuries=exam.injuries)
        self.photos.refresh_injuries(exam)
        self.review.refresh()

    def _injury_saved(self, exam: Examination) -> None:
        if self.exam is not None:
            self.exam = dataclasses.replace(self.exam, injuries=exam.injuries)
        self.review.refresh()

    def _signed(self, exam: Examination) -> None:
        self.show_signed(exam)
        self.changed.emit()

    def _addendum_added(self, exam: Examination) -> None:
        if self.exam is not None:
            self.exam = dataclasses.replace(self.exam, addenda=exam.addenda)
        self.review.refresh()

    def _save_failed(self, exc: BaseException) -> None:
        self.header.saved.setText(self.tr("Not saved"))
        errors.handle(self, exc)

    def open_handout(self) -> QDialog | None:
        """Where to get help and what happens to the documentation, for the patient to take home."""
        if self.exam is None or self.patient is None or self.session is None:
            return None
        from injurydoc.ui.handout_dialog import HandoutDialog

        self.handout_dialog = HandoutDialog(self.ops, self.session, self.exam, self.patient, self)
        self.handout_dialog.open()
        return self.handout_dialog

    def open_co_handlers(self) -> QDialog | None:
        if self.patient is None or self.session is None:
            return None
        from injurydoc.ui.co_handler_dialog import CoHandlerDialog

        # Kept where the handout dialog is kept: clear() (sign-out, auto-lock) closes it.
        self.handout_dialog = CoHandlerDialog(self.ops, self.session, self.patient.id, self)
        self.handout_dialog.open()
        return self.handout_dialog

    def flush(self) -> None:
        """Save what is typed and wait for it (before closing, signing out or locking)."""
        self.injuries.flush()
        self.save_now(wait=True)
        self.ops.wait()

    def close_editor(self) -> None:
        self.flush()
        self.clear()
        self.closed.emit()

    def clear(self) -> None:
        """Hide every trace of patient data (used by auto-lock and sign-out)."""
        self._timer.stop()
        if self.handout_dialog is not None:
            self.handout_dialog.reject()
            self.handout_dialog = None
        self.exam = self.patient = None
        self.session = None
        self.header.case.clear()
        self.patient_page.clear()
        self.signature_banner.reset()
        self.set_aside_banner.reset()
        self.injuries.clear()
        self.photos.clear()
        self.review.clear()
        # Empty values, not empty widgets: QComboBox.clear() would drop the choices for good.
        for b in self.bindings:
            b.reset()
        self.consent_page.show_exam(None)

    def jump(self, section: str, injury_id: str | None = None) -> None:
        self.nav.setCurrentRow(self.SECTIONS.index(section))
        if injury_id:
            if section == "injuries":
                self.injuries.select(injury_id)
            elif section == "photos":
                self.photos.focus_injury(injury_id)

    def _step_section(self, step: int) -> None:
        row = min(max(self.nav.currentRow() + step, 0), self.nav.count() - 1)
        self.nav.setCurrentRow(row)
        page = self.pages.currentWidget()
        if page is not None:
            page.setFocus()
            page.focusNextChild()

    def _section_changed(self, row: int) -> None:
        self.save_now()
        self.pages.setCurrentIndex(row)
        if self.SECTIONS[row] == "review":
            self.review.refresh()
