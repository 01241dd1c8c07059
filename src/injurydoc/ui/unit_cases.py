"""Unit mode: opening a case another workstation may have changed (both versions of a draft edited
offline on two workstations; records set aside here because the case was signed first elsewhere)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from injurydoc.services.session import Session
    from injurydoc.ui.conflict_dialog import ConflictDialog
    from injurydoc.ui.ops import Ops
    from injurydoc.ui.set_aside_dialog import SetAsideDialog


class UnitCases(QObject):
    """Finds what stands between a unit case and the editor; the window opens the editor on its signals."""

    open_requested = Signal(str)  # the examination to show in the editor
    addendum_requested = Signal(str)  # the addendum to the unit's record of this examination

    def __init__(self, ops: Ops, session: Callable[[], Session | None], window: QWidget) -> None:
        super().__init__(window)
        self.ops = ops
        self.session = session
        self.window = window
        self.conflict_dialog: ConflictDialog | None = None
        self.set_aside_dialog: SetAsideDialog | None = None
        self.set_aside_chooser: QWidget | None = None

    def open_exam(self, exam_id: str) -> None:
        session = self.session()
        if session is None:
            return
        from injurydoc.services.unit_desktop import conflict_for
        from injurydoc.services.unit_set_aside import pending_case

        self.ops.run(
            lambda: (conflict_for(session, exam_id), pending_case(session, exam_id)),
            lambda found: self._open_or_choose(exam_id, *found),
        )

    def _open_or_choose(self, exam_id: str, conflict: Any, aside: Any = None) -> None:
        """A draft edited on two workstations offline: both versions side by side first.  A case signed
        first on another workstation, with records set aside here: the editor, and the comparison over
        it."""
        session = self.session()
        if session is None:
            return
        if conflict is None:
            self.open_requested.emit(exam_id)
            if aside is not None:
                self.show_set_aside(aside)
            return
        from injurydoc.services.unit_desktop import resolve_conflict
        from injurydoc.ui.conflict_dialog import ConflictDialog

        dlg = ConflictDialog(conflict, self.window)

        def chosen(parent: str, content: dict[str, Any], superseded: list[str]) -> None:
            def job() -> str:
                return resolve_conflict(session, exam_id, parent, content, superseded)

            self.ops.run(job, lambda _v: self.open_requested.emit(exam_id))

        dlg.chosen.connect(chosen)
        self.conflict_dialog = dlg
        dlg.open()

    def open_set_aside(self, exam_id: str) -> None:
        """The comparison of the unit's record with the version set aside here (editor's banner)."""
        session = self.session()
        if session is None:
            return
        from injurydoc.services.unit_set_aside import case_for

        self.ops.run(lambda: case_for(session, exam_id), self._set_aside_found)

    def open_pending_set_aside(self) -> None:
        """The sync status's "needs attention" for set-aside records: the case's comparison; with several
        cases, a chooser listing them by case number (``SetAsideChooser``) opens the one chosen."""
        session = self.session()
        if session is None:
            return
        from injurydoc.services.unit_set_aside import case_for, pending_cases

        def job() -> Any:
            cases = pending_cases(session)
            return case_for(session, cases[0].examination_id) if len(cases) == 1 else cases

        self.ops.run(job, self._pending_found)

    def _pending_found(self, found: Any) -> None:
        if not isinstance(found, list):
            self._set_aside_found(found)
        elif found and self.session() is not None:
            from injurydoc.ui.set_aside_chooser import SetAsideChooser

            chooser = SetAsideChooser(found, self.window)
            chooser.chosen.connect(self.open_set_aside)
            self.set_aside_chooser = chooser
            chooser.open()

    def _set_aside_found(self, case: Any) -> None:
        if case is not None and self.session() is not None:
            self.show_set_aside(case)

    def show_set_aside(self, case: Any) -> None:
        from injurydoc.ui.set_aside_dialog import SetAsideDialog

        dlg = SetAsideDialog(case, self.window)
        dlg.addendum_requested.connect(self.addendum_requested)
        self.set_aside_dialog = dlg
        dlg.open()
