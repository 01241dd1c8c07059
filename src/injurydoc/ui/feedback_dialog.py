"""'Granska min dokumentation': the trainee's score and concrete points against the exercise's key."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.vocab import LegalBasis
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.exercise_files import COMPETENT, RESULT_EXTENSION, Feedback
from injurydoc.services.session import Session
from injurydoc.services.training import SubmittedResult, TrainingService
from injurydoc.ui import errors
from injurydoc.ui.files import ask_save_path, write_bytes
from injurydoc.ui.ops import Ops

_RED, _GREEN, _GREY = "#b71c1c", "#1b5e20", "#555555"


class FeedbackDialog(QDialog):
    """Opened from the review section of an exercise attempt.  Non-modal: the trainee may go back to
    the documentation, fix what the feedback names, and press "Review again"."""

    def __init__(self, ops: Ops, session: Session, exam_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.session, self.exam_id = ops, session, exam_id
        self.lang = errors.current_lang()
        self.feedback: Feedback | None = None
        self.setWindowTitle(self.tr("Review my documentation"))
        self.resize(760, 680)

        self.exercise_title = QLabel("")
        self.exercise_title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.scenario = QTextBrowser()
        self.scenario.setMaximumHeight(110)
        self.scenario.setAccessibleName(self.tr("Scenario"))
        self.score = QLabel(self.tr("Reviewing…"))
        self.score.setObjectName("feedback_score")
        self.score.setStyleSheet("font-size: 14pt; font-weight: 700;")
        self.points = QListWidget()
        self.points.setWordWrap(True)
        self.points.setAlternatingRowColors(True)
        self.points.setAccessibleName(self.tr("Feedback points"))

        self.basis = QComboBox()
        self.basis.setAccessibleName(self.tr("Legal basis for a release to the police"))
        self.basis.addItem(self.tr("— choose —"), "")
        for b in LegalBasis:
            self.basis.addItem(b.label(self.lang), b.code)
        self.record_basis = QPushButton(self.tr("Record legal basis"))
        self.record_basis.clicked.connect(self._record_basis)
        basis_row = QHBoxLayout()
        basis_row.addWidget(
            QLabel(self.tr("If the police asked for this documentation, on what basis could it be released?"))
        )
        basis_row.addWidget(self.basis, 1)
        basis_row.addWidget(self.record_basis)

        self.again = QPushButton(self.tr("Review again"))
        self.again.clicked.connect(self.refresh)
        self.export_button = QPushButton(self.tr("Save results file for the trainer…"))
        self.export_button.clicked.connect(self.export_results)
        self._make_submit()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.again, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.submit_button, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addWidget(self.exercise_title)
        layout.addWidget(self.scenario)
        layout.addWidget(self.score)
        layout.addWidget(self.points, 1)
        layout.addLayout(basis_row)
        layout.addWidget(self.submitted)
        layout.addWidget(buttons)
        self.refresh()

    # ----- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        session, exam_id = self.session, self.exam_id
        self.score.setText(self.tr("Reviewing…"))

        def job() -> tuple[str, str, Feedback, LegalBasis | None]:
            svc = TrainingService(session)
            found = svc.attempt(exam_id)
            if found is None:
                from injurydoc.domain.errors import NotFound

                raise NotFound("exercise.no_attempt")
            _a, ex = found
            return (
                ex.title.get(self.lang),
                ex.scenario.get(self.lang),
                svc.feedback(exam_id),
                svc.chosen_basis(exam_id),
            )

        self.ops.run(job, self._show)

    def _show(self, result: tuple[str, str, Feedback, LegalBasis | None]) -> None:
        title, scenario, fb, basis = result
        self.feedback = fb
        self.exercise_title.setText(self.tr("Exercise: %1").replace("%1", title))
        self.scenario.setPlainText(scenario)
        verdict = (
            self.tr("competent")
            if fb.competent
            else self.tr("not yet competent (%1 % needed)").replace("%1", str(round(100 * COMPETENT)))
        )
        self.score.setText(
            self.tr("Score: %1 % – %2").replace("%1", str(round(100 * fb.score))).replace("%2", verdict)
        )
        self.score.setStyleSheet(
            f"font-size: 14pt; font-weight: 700; color: {_GREEN if fb.competent else _RED};"
        )
        if basis is not None:
            i = self.basis.findData(basis.code)
            if i >= 0:
                self.basis.setCurrentIndex(i)
        self.points.clear()
        mistakes = [p for p in fb.points if p.scored and not p.ok]
        good = [p for p in fb.points if p.scored and p.ok]
        info = [p for p in fb.points if not p.scored]
        self._section(self.tr("To improve (%1)").replace("%1", str(len(mistakes))))
        for p in mistakes:
            self._point("✗", p.title(self.lang), p.why(self.lang), _RED)
        if info:
            self._section(self.tr("For your information"))
            for p in info:
                self._point("ℹ", p.title(self.lang), p.why(self.lang), _GREY)
        self._section(self.tr("Done well (%1)").replace("%1", str(len(good))))
        for p in good:
            self._point("✓", p.title(self.lang), "", _GREEN)

    def _section(self, text: str) -> None:
        item = QListWidgetItem(text)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.points.addItem(item)

    def _point(self, mark: str, title: str, why: str, colour: str) -> None:
        because = self.tr("Why it matters:")
        text = f"{mark}  {title}" + (f"\n     {because} {why}" if why else "")
        item = QListWidgetItem(text)
        item.setForeground(QColor(colour))
        item.setToolTip(why)
        self.points.addItem(item)

    def point_texts(self) -> list[str]:
        return [self.points.item(i).text() for i in range(self.points.count())]

    # ----- actions ------------------------------------------------------------------------------
    def _record_basis(self) -> None:
        code = self.basis.currentData()
        if not code:
            return
        basis = LegalBasis(str(code))
        session, exam_id = self.session, self.exam_id
        self.ops.run(
            lambda: ExaminationService(session).record_legal_basis(
                exam_id, basis, reference="övning" if basis is LegalBasis.RATTSINTYG_REQUEST else ""
            ),
            lambda _r: self.refresh(),
            lambda exc: errors.handle(self, exc),
        )

    def export_results(self, target: str | None = None) -> None:
        session, exam_id = self.session, self.exam_id

        def job() -> tuple[str, bytes]:
            return TrainingService(session).results_file(exam_id)

        def done(result: tuple[str, bytes]) -> None:
            name, data = result
            path = (
                Path(target)
                if target
                else ask_save_path(
                    self,
                    self.tr("Save results file"),
                    Path.home() / name,
                    self.tr("Results files (*.injurydoc-result)"),
                    RESULT_EXTENSION,
                )
            )
            if path is None:
                return
            self.ops.run(
                lambda: write_bytes(path, data),
                lambda saved: self.score.setToolTip(
                    self.tr("Results file saved: %1").replace("%1", saved.name)
                ),
                lambda exc: errors.handle(self, exc),
            )

        self.ops.run(job, done, lambda exc: errors.handle(self, exc))

    def _make_submit(self) -> None:
        self.submit_button = QPushButton(self.tr("Submit to the trainer"))
        self.submit_button.setObjectName("submit_result")
        self.submit_button.setToolTip(
            self.tr(
                "Hands your score and points (no documentation) to the trainer: in this store, and in a "
                "training unit on every workstation after the next sync."
            )
        )
        self.submit_button.clicked.connect(self.submit)
        self.submitted = QLabel("")
        self.submitted.setObjectName("submitted_label")

    def submit(self) -> None:
        """'Lämna in till utbildaren': the result of this attempt, kept and (in a training unit) sent."""
        session, exam_id = self.session, self.exam_id

        def done(result: SubmittedResult) -> None:
            self.submitted.setText(
                self.tr("Submitted to the trainer: %1 %.").replace("%1", str(round(100 * result.score)))
            )

        self.ops.run(
            lambda: TrainingService(session).submit(exam_id), done, lambda exc: errors.handle(self, exc)
        )
