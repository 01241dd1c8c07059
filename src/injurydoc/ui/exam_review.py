"""Review and sign: the checklist computed by the domain rules, each item a jump to what is missing;
signing asks for confirmation when items are open; after signing, addenda and export."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.models import Examination, PhotoRecord
from injurydoc.domain.rules import checklist, score
from injurydoc.services.examinations import ExaminationService
from injurydoc.ui import errors
from injurydoc.ui.sign_dialog import SignDialog

if TYPE_CHECKING:
    from injurydoc.ui.exam_editor import ExamEditor


class ReviewPanel(QWidget):
    #: the examination was signed: the signed examination (the editor turns read-only)
    signed = Signal(object)
    #: an addendum was added: the examination with it (the editor keeps it, the review shows it)
    addendum_added = Signal(object)

    def __init__(self, editor: ExamEditor) -> None:
        super().__init__()
        self.editor = editor
        self.photos: list[PhotoRecord] = []
        self.summary = QLabel("")
        self.summary.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.items = QListWidget()
        self.items.setAccessibleName(self.tr("Checklist"))
        self.items.itemActivated.connect(self._jump)
        self.items.itemDoubleClicked.connect(self._jump)
        self.sign_button = QPushButton(self.tr("Sign the examination"))
        self.sign_button.clicked.connect(self.sign)
        self.signed_note = QLabel("")
        self.signed_note.setWordWrap(True)
        self.addendum = QPlainTextEdit()
        self.addendum.setPlaceholderText(
            self.tr("A dated addendum: later facts, corrections. It cannot be changed afterwards.")
        )
        self.addendum.setMaximumHeight(90)
        self.addendum_button = QPushButton(self.tr("Add addendum"))
        self.addendum_button.clicked.connect(self._add_addendum)
        self.addenda = QLabel("")
        self.addenda.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Release to the police (export)…"))
        self.export_button.clicked.connect(self._export)
        # Exercises (training stores): the trainee's own review against the answer key.
        self.exercise_note = QLabel("")
        self.exercise_note.setWordWrap(True)
        self.exercise_note.setVisible(False)
        self.feedback_button = QPushButton(self.tr("Review my documentation (exercise)…"))
        self.feedback_button.setObjectName("feedback_button")
        self.feedback_button.setStyleSheet("font-weight: 600;")
        self.feedback_button.clicked.connect(self.open_feedback)
        self.feedback_button.setVisible(False)
        self.feedback_dialog: QWidget | None = None
        self.export_dialog: QWidget | None = None
        self.sign_dialog: SignDialog | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.exercise_note)
        layout.addWidget(self.feedback_button)
        hint = QLabel(self.tr("Double-click an open item to go where it is missing."))
        layout.addWidget(self.summary)
        layout.addWidget(hint)
        layout.addWidget(self.items, 1)
        layout.addWidget(self.sign_button)
        layout.addWidget(self.signed_note)
        layout.addWidget(self.addenda)
        layout.addWidget(self.addendum)
        layout.addWidget(self.addendum_button)
        layout.addWidget(self.export_button)

    def load(self, exam: Examination) -> None:
        self.refresh()
        self.exercise_note.setVisible(False)
        self.feedback_button.setVisible(False)
        session = self.editor.session
        if session is not None and session.is_training:
            from injurydoc.services.training import TrainingService

            exam_id = exam.id
            self.editor.ops.run(
                lambda: TrainingService(session).attempt(exam_id),
                lambda found: self._show_exercise(exam_id, found),
                lambda e: errors.handle(self, e),
            )

    def _show_exercise(self, exam_id: str, found: object) -> None:
        if found is None or self.editor.exam is None or self.editor.exam.id != exam_id:
            return
        from injurydoc.services.exercise_files import Exercise

        _attempt, exercise = cast(tuple[object, Exercise], found)
        self.exercise_note.setText(
            self.tr("This examination is your attempt at the exercise “%1”.").replace(
                "%1", exercise.title.get(self.editor.lang)
            )
        )
        self.exercise_note.setVisible(True)
        self.feedback_button.setVisible(True)

    def open_feedback(self) -> None:
        from injurydoc.ui.feedback_dialog import FeedbackDialog

        exam, session = self.editor.exam, self.editor.session
        if exam is None or session is None:
            return
        self.editor.flush()
        dlg = FeedbackDialog(self.editor.ops, session, exam.id, self)
        self.feedback_dialog = dlg
        dlg.show()

    def set_photos(self, photos: list[PhotoRecord]) -> None:
        self.photos = photos
        self.refresh()

    def clear(self) -> None:
        for dlg in (self.feedback_dialog, self.export_dialog, self.sign_dialog):
            if dlg is not None:
                dlg.close()
        self.feedback_dialog = self.export_dialog = None
        self.sign_dialog = None
        self.exercise_note.setVisible(False)
        self.feedback_button.setVisible(False)
        self.items.clear()
        self.summary.clear()
        self.addenda.clear()
        self.signed_note.clear()
        self.photos = []

    def refresh(self) -> None:
        exam = self.editor.exam
        if exam is None:
            return
        lang = self.editor.lang
        items = checklist(exam, self.photos)
        self.items.clear()
        for it in items:
            row = QListWidgetItem(("✓  " if it.ok else "✗  ") + it.title(lang))
            row.setToolTip(it.why(lang))
            row.setData(256, (it.section, it.injury_id))
            row.setForeground(QColor("#1b5e20" if it.ok else "#b71c1c"))
            self.items.addItem(row)
        open_n = sum(not i.ok for i in items)
        self.summary.setText(
            self.tr("%1 of %2 items complete (%3 %).")
            .replace("%1", str(len(items) - open_n))
            .replace("%2", str(len(items)))
            .replace("%3", str(round(100 * score(items))))
        )
        signed = exam.is_signed
        mine = self.editor.session is not None and exam.examiner_id == self.editor.session.account.id
        self.sign_button.setVisible(not signed and mine)
        self.addendum.setVisible(signed)
        self.addendum_button.setVisible(signed)
        self.export_button.setVisible(signed)
        if signed and exam.signed_at:
            self.signed_note.setText(
                self.tr(
                    "Signed %1. The examination can no longer be changed; add an addendum instead."
                ).replace("%1", exam.signed_at.astimezone().strftime("%Y-%m-%d %H:%M"))
            )
        else:
            self.signed_note.setText("")
        self.addenda.setText(
            "\n\n".join(f"{a.created_at.astimezone():%Y-%m-%d %H:%M}: {a.text}" for a in exam.addenda)
        )

    def _jump(self, item: QListWidgetItem) -> None:
        section, injury_id = item.data(256)
        self.editor.jump(section, injury_id)

    def open_count(self) -> int:
        exam = self.editor.exam
        return 0 if exam is None else sum(not i.ok for i in checklist(exam, self.photos))

    def sign(self, *, password: str | None = None) -> SignDialog | None:
        """Open the signing dialog (the report as printed, open items, password); with ``password``
        sign at once (scripts and tests)."""
        exam, session = self.editor.exam, self.editor.session
        if exam is None or session is None:
            return None
        self.editor.flush()
        exam_id = exam.id

        def submit(pw: str, ok: Callable[[object], None], fail: Callable[[BaseException], None]) -> None:
            def done(signed: Examination) -> None:
                ok(signed)
                self._signed(signed)

            self.editor.ops.run(lambda: ExaminationService(session).sign(exam_id, password=pw), done, fail)

        if password is not None:
            submit(password, lambda _r: None, lambda e: errors.handle(self, e))
            return None
        lang = self.editor.lang
        items = ["✗  " + i.title(lang) for i in checklist(exam, self.photos) if not i.ok]
        self.sign_dialog = SignDialog(self.editor.ops, session, exam_id, items, submit, self)
        self.sign_dialog.open()
        return self.sign_dialog

    def _signed(self, exam: Examination) -> None:
        self.signed.emit(exam)

    def _add_addendum(self) -> None:
        self.add_addendum()

    def add_addendum(self, *, password: str | None = None) -> SignDialog | None:
        """Like signing: the report, the addendum text and the password again (``password``: at once)."""
        exam, session, text = self.editor.exam, self.editor.session, self.addendum.toPlainText().strip()
        if exam is None or session is None or not text:
            return None
        exam_id = exam.id

        def submit(pw: str, ok: Callable[[object], None], fail: Callable[[BaseException], None]) -> None:
            def done(result: object) -> None:
                ok(result)
                self.addendum.clear()
                self.editor.ops.run(
                    lambda: ExaminationService(session).get(exam_id),
                    self._reloaded,
                    lambda e: errors.handle(self, e),
                )

            self.editor.ops.run(
                lambda: ExaminationService(session).add_addendum(exam_id, text, password=pw), done, fail
            )

        if password is not None:
            submit(password, lambda _r: None, lambda e: errors.handle(self, e))
            return None
        self.sign_dialog = SignDialog(self.editor.ops, session, exam_id, [], submit, self, addendum=text)
        self.sign_dialog.open()
        return self.sign_dialog

    def _reloaded(self, exam: Examination) -> None:
        self.addendum_added.emit(exam)

    def _export(self) -> None:
        from injurydoc.ui.export_dialog import ExportDialog

        if self.editor.exam is None or self.editor.session is None or self.editor.patient is None:
            return
        # open(), not exec(): a nested event loop would keep the dialog (and the patient's name in it)
        # on screen through an auto-lock; clear() closes it with the rest of the examination.
        dlg = ExportDialog(self.editor.ops, self.editor.session, self.editor.exam, self.editor.patient, self)
        self.export_dialog = dlg
        dlg.open()

    def item_texts(self) -> list[tuple[bool, str]]:
        return [
            (self.items.item(i).text().startswith("✓"), self.items.item(i).text()[3:])
            for i in range(self.items.count())
        ]
