"""The start page: the account's examinations (drafts first) and a search over those it may see."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.errors import KnownError
from injurydoc.domain.models import SummaryRow
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.session import Session
from injurydoc.ui import errors
from injurydoc.ui.models import ExaminationListModel
from injurydoc.ui.ops import Ops

if TYPE_CHECKING:
    from injurydoc.ui.exercise_panel import ExercisePanel


@dataclass(frozen=True)
class _Listed:
    """Step one's answer: which listing it belongs to, the service that listed (and may check) the rows."""

    generation: int
    svc: ExaminationService
    rows: list[SummaryRow]


class StartPage(QWidget):
    sign_out_requested = Signal()
    new_requested = Signal()
    open_requested = Signal(str)
    follow_up_requested = Signal(str)
    manager_requested = Signal()

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.session: Session | None = None
        self._generation = 0  # of the listing shown; a job of an earlier one is dropped
        self.setObjectName("start")

        self.banner = QLabel(self.tr("EXERCISE – NOT A REAL PATIENT RECORD"))
        self.banner.setObjectName("training_banner")
        self.banner.setStyleSheet(
            "background: #ffd54f; color: #3e2723; font-weight: 700; padding: 6px; letter-spacing: 1px;"
        )
        self.banner.setVisible(False)
        top = self._top_row()
        actions = self._action_row()
        self._make_search()
        self._make_list()

        # Training stores open on their exercises (built on first use: real stores never load it).
        self.exercises: ExercisePanel | None = None
        self.dialogs: list[QWidget] = []

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        self._exercise_slot = QVBoxLayout()
        layout.addLayout(self._exercise_slot)
        layout.addLayout(actions)
        layout.addWidget(self.search)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)

    def _top_row(self) -> QHBoxLayout:
        """Who is signed in; the unit manager's door; sign out."""
        self.who = QLabel("")
        self.who.setObjectName("who")
        sign_out = QPushButton(self.tr("Sign out"))
        sign_out.clicked.connect(self.sign_out_requested.emit)
        self.manager_button = QPushButton(self.tr("Unit manager…"))
        self.manager_button.clicked.connect(self.manager_requested.emit)
        top = QHBoxLayout()
        top.addWidget(self.who, 1)
        top.addWidget(self.manager_button)
        top.addWidget(sign_out)
        return top

    def _action_row(self) -> QHBoxLayout:
        """New examination (Ctrl+N), open, follow-up of the selected one."""
        self.new_button = QPushButton(self.tr("New examination"))
        self.new_button.setShortcut(QKeySequence("Ctrl+N"))
        self.new_button.setToolTip(self.tr("New examination (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_requested.emit)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.clicked.connect(self._open_selected)
        self.follow_button = QPushButton(self.tr("Follow-up of the selected"))
        self.follow_button.setToolTip(
            self.tr("Bruises often show better 1–3 days later: document them again.")
        )
        self.follow_button.clicked.connect(self._follow_selected)
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.open_button)
        actions.addWidget(self.follow_button)
        actions.addStretch(1)
        return actions

    def _make_search(self) -> None:
        """The search line: the list is filtered a moment after typing stops."""
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by name or personal number"))
        self.search.setAccessibleName(self.tr("Search"))
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())

    def _make_list(self) -> None:
        """The examinations: one row each, opened by double-click or Enter."""
        self.heading = QLabel(self.tr("My examinations"))
        self.heading.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.model = ExaminationListModel(errors.current_lang())
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self._open_selected())
        self.table.activated.connect(lambda _i: self._open_selected())
        self.empty = QLabel(self.tr("No examinations yet."))

    def selected_exam(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        value = self.model.data(rows[0], Qt.ItemDataRole.UserRole)
        return str(value) if value else None

    def _open_selected(self) -> None:
        exam_id = self.selected_exam()
        if exam_id:
            self.open_requested.emit(exam_id)

    def _follow_selected(self) -> None:
        exam_id = self.selected_exam()
        if exam_id:
            self.follow_up_requested.emit(exam_id)

    def open_session(self, session: Session) -> None:
        self.session = session
        acc = session.account
        from injurydoc.domain.vocab import Role
        from injurydoc.services import access

        self.manager_button.setVisible(acc.has(Role.UNIT_MANAGER))
        clinical = access.can_create_cases(session)
        for b in (self.new_button, self.open_button, self.follow_button):
            b.setVisible(clinical)
        self.banner.setVisible(session.is_training)
        if session.is_training:
            self._exercise_panel().open_session(session)
            self._exercise_panel().setVisible(True)
        elif self.exercises is not None:
            self.exercises.setVisible(False)
        self.who.setText(f"{acc.display_name} ({acc.username}) · {session.unit}")
        self.search.clear()
        self.refresh()

    def close_session(self) -> None:
        """Hide every trace of patient data (used by sign-out and auto-lock)."""
        self.session = None
        self._generation += 1
        self.model.clear()
        self.search.clear()
        self.who.clear()
        if self.exercises is not None:
            self.exercises.close_session()
        for dlg in self.dialogs:
            dlg.close()
        self.dialogs.clear()

    # ----- exercises (training stores) --------------------------------------------------------------
    def _exercise_panel(self) -> ExercisePanel:
        if self.exercises is None:
            from injurydoc.ui.exercise_panel import ExercisePanel

            panel = ExercisePanel(self.ops)
            panel.open_requested.connect(self.open_requested.emit)
            panel.author_requested.connect(self.open_authoring)
            panel.summary_requested.connect(self.open_class_summary)
            self._exercise_slot.addWidget(panel)
            self.exercises = panel
        return self.exercises

    def open_authoring(self) -> None:
        from injurydoc.ui.exercise_editor import ExerciseEditor

        dlg = ExerciseEditor(self.ops, self.session, self)
        if self.exercises is not None:
            dlg.finished.connect(lambda _r: self.exercises.refresh() if self.exercises else None)
        self.dialogs.append(dlg)
        dlg.show()

    def open_class_summary(self) -> None:
        from injurydoc.ui.class_summary import ClassSummaryDialog

        infos = self.exercises.infos if self.exercises is not None else []
        dlg = ClassSummaryDialog(
            self.ops, self, {i.id: (i.title_sv, i.title_en) for i in infos}, session=self.session
        )
        self.dialogs.append(dlg)
        dlg.show()

    def refresh(self) -> None:
        """List the rows at once, then check their signatures in the background (two steps).

        Step one (``check=False``) returns the rows — sealed names opened, the listing logged — without
        waiting for the signature check; they are shown with each signed row marked "Checking signature…".
        Step two (``check_listed``) is a second job on the same store thread; its verdicts replace the
        marks.  The rule: a signed row is never shown as validly signed before *this* listing's check of it
        answered (no verdict of an earlier listing is carried over, so every refresh shows "checking"
        until its own check returns).  A new listing (search text changed, sign-out) makes both jobs of
        the earlier one stale: their results are dropped (``_generation``).  A check that fails marks its
        rows "Signature not checked" — never valid, never a dialog or traceback (a bug is written to a
        crash report).  Opening an examination and exporting check the signature in full themselves."""
        session = self.session
        if session is None:
            return
        self._generation += 1
        generation = self._generation
        text = self.search.text()
        svc = ExaminationService(session)
        job: Callable[[], list[SummaryRow]]
        if text.strip():
            self.heading.setText(self.tr("Search results"))
            job = lambda: svc.search(text, check=False)  # noqa: E731
        else:
            self.heading.setText(self.tr("My examinations"))
            job = lambda: svc.list_mine(check=False)  # noqa: E731
        from injurydoc.services.unit_desktop import with_origins  # unit mode: where each case has been

        self.ops.run(lambda: _Listed(generation, svc, with_origins(session, job())), self._show)

    def _show(self, listed: _Listed) -> None:
        generation, svc, rows = listed.generation, listed.svc, listed.rows
        if self.session is None or generation != self._generation:  # signed out, or listed again since
            return
        self.model.set_rows(rows, checking=True)
        self.empty.setVisible(not rows)
        if rows:
            self.ops.run(
                lambda: self._check(generation, svc, rows),
                lambda verdicts: self._checked(generation, verdicts),
                lambda exc: self._check_failed(generation, exc),
            )

    def _check(
        self, generation: int, svc: ExaminationService, rows: list[SummaryRow]
    ) -> dict[str, str] | None:
        """On the store thread: the listing's signature check, skipped when the listing is stale already."""
        if generation != self._generation:
            return None
        return svc.check_listed(rows)

    def _checked(self, generation: int, verdicts: dict[str, str] | None) -> None:
        if verdicts is None or self.session is None or generation != self._generation:
            return  # stale: the rows it checked are no longer shown
        self.model.apply_verdicts(verdicts)

    def _check_failed(self, generation: int, exc: BaseException) -> None:
        if self.session is None or generation != self._generation:
            return
        self.model.mark_unchecked()
        if not isinstance(exc, KnownError):  # a bug: recorded (no patient data), never shown as a traceback
            from injurydoc.crash import write_report

            write_report(type(exc), exc.__traceback__)
