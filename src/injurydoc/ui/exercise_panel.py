"""The exercises of a training store, on the start page: read the scenario, start or continue an attempt;
for trainers also add exercise files, author a new exercise and see the class's results."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.vocab import Role
from injurydoc.services.session import Session
from injurydoc.services.training import ExerciseInfo, TrainingService
from injurydoc.ui import errors
from injurydoc.ui.ops import Ops


class ExercisePanel(QGroupBox):
    #: the examination to open (a new attempt, or the latest one to continue)
    open_requested = Signal(str)
    #: the trainer asked for the authoring dialog or the class summary
    author_requested = Signal()
    summary_requested = Signal()

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Documentation exercises"))
        self.setObjectName("exercise_panel")
        self.ops = ops
        self.session: Session | None = None
        self.lang = errors.current_lang()
        self.infos: list[ExerciseInfo] = []

        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Exercises"))
        self.list.currentRowChanged.connect(self._selected)
        self.list.itemActivated.connect(lambda _i: self.start_selected())
        self.scenario = QTextBrowser()
        self.scenario.setAccessibleName(self.tr("Scenario"))
        self.start_button = QPushButton(self.tr("Start exercise"))
        self.start_button.setObjectName("start_exercise")
        self.start_button.clicked.connect(self.start_selected)
        self.continue_button = QPushButton(self.tr("Continue my attempt"))
        self.continue_button.clicked.connect(self.continue_selected)
        self.add_button = QPushButton(self.tr("Add exercise file…"))
        self.add_button.clicked.connect(lambda: self.add_files())  # noqa: PLW0108 - clicked(bool) must not reach the paths argument
        self.author_button = QPushButton(self.tr("New exercise…"))
        self.author_button.clicked.connect(self.author_requested.emit)
        self.summary_button = QPushButton(self.tr("Class results…"))
        self.summary_button.clicked.connect(self.summary_requested.emit)
        self.hint = QLabel(
            self.tr(
                "Read the scenario, start the exercise and document as you would for real. Then open "
                "“Review and sign” and press “Review my documentation”."
            )
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #444;")

        right = QVBoxLayout()
        right.addWidget(self.scenario, 1)
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addWidget(self.continue_button)
        row.addStretch(1)
        right.addLayout(row)
        trainer = QHBoxLayout()
        trainer.addWidget(self.add_button)
        trainer.addWidget(self.author_button)
        trainer.addWidget(self.summary_button)
        trainer.addStretch(1)
        right.addLayout(trainer)
        body = QHBoxLayout()
        body.addWidget(self.list, 2)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(body)

    # ----- session ------------------------------------------------------------------------------
    def open_session(self, session: Session) -> None:
        self.session = session
        author = session.has(Role.TRAINER) or session.has(Role.UNIT_MANAGER)
        for b in (self.add_button, self.author_button, self.summary_button):
            b.setVisible(author)
        from injurydoc.services import access

        doer = access.can_create_cases(session)
        self.start_button.setVisible(doer)
        self.continue_button.setVisible(doer)
        self.refresh()

    def close_session(self) -> None:
        self.session = None
        self.infos = []
        self.list.clear()
        self.scenario.clear()

    def refresh(self) -> None:
        session = self.session
        if session is None:
            return
        self.ops.run(lambda: TrainingService(session).exercises(), self._show)

    def _show(self, infos: list[ExerciseInfo]) -> None:
        if self.session is None:
            return
        keep = self.selected_id()
        self.infos = infos
        self.list.clear()
        for info in infos:
            done = len(info.my_attempts)
            text = info.title(self.lang) + (
                "  " + self.tr("(started %1×)").replace("%1", str(done)) if done else ""
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            self.list.addItem(item)
        ids = [i.id for i in infos]
        self.list.setCurrentRow(ids.index(keep) if keep in ids else (0 if infos else -1))
        if not infos:
            self.scenario.setPlainText(self.tr("No exercises in this training store yet."))

    def selected_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _info(self) -> ExerciseInfo | None:
        wanted = self.selected_id()
        return next((i for i in self.infos if i.id == wanted), None)

    def _selected(self, _row: int) -> None:
        info = self._info()
        if info is None:
            self.continue_button.setEnabled(False)
            return
        parts = [info.scenario(self.lang)]
        if info.follow_up_of:
            parts.append(
                self.tr("A follow-up: do the exercise “%1” first; this one continues your attempt.").replace(
                    "%1",
                    next(
                        (i.title(self.lang) for i in self.infos if i.id == info.follow_up_of),
                        info.follow_up_of,
                    ),
                )
            )
        parts.append(self.tr("%1 photos come with the exercise.").replace("%1", str(info.photos)))
        self.scenario.setPlainText("\n\n".join(parts))
        self.continue_button.setEnabled(bool(info.my_attempts))

    # ----- actions ------------------------------------------------------------------------------
    def start_selected(self) -> None:
        session, exercise_id = self.session, self.selected_id()
        if session is None or exercise_id is None:
            return
        self.start_button.setEnabled(False)

        def done(exam: object) -> None:
            self.start_button.setEnabled(True)
            self.refresh()
            self.open_requested.emit(exam.id)  # type: ignore[attr-defined]

        def failed(exc: BaseException) -> None:
            self.start_button.setEnabled(True)
            errors.handle(self, exc)

        self.ops.run(lambda: TrainingService(session).start(exercise_id), done, failed)

    def continue_selected(self) -> None:
        info = self._info()
        if info is not None and info.my_attempts:
            self.open_requested.emit(info.my_attempts[-1])

    def add_files(self, paths: list[str] | None = None) -> None:
        session = self.session
        if session is None:
            return
        if paths is None:
            paths, _f = QFileDialog.getOpenFileNames(
                self,
                self.tr("Add exercise files"),
                str(Path.home()),
                self.tr("Exercises (*.injurydoc-exercise)"),
            )
        if not paths:
            return
        files = [Path(p) for p in paths]

        def job() -> list[str]:
            from injurydoc.services.exercise_files import read_exercise_file

            return [TrainingService(session).add_exercise(read_exercise_file(f)).id for f in files]

        def failed(exc: BaseException) -> None:
            errors.handle(self, exc)
            self.refresh()  # files before the refused one were added

        self.ops.run(job, lambda _ids: self.refresh(), failed)
