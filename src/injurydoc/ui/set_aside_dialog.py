"""An examination signed first on another workstation while it was signed or edited here
(``services.unit_set_aside``): the unit's signed record and the version set aside on this workstation side
by side, section by section as the conflict dialog shows a draft's versions, with plain words for which is
the unit's record (signed first, where, when) and that what differs is written as an addendum to it.
Nothing here changes a record: the button only starts the addendum in the editor, where this workstation
shows the unit's record."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from injurydoc.services.unit_conflicts import SectionView, sections
from injurydoc.services.unit_set_aside import SetAsideCase
from injurydoc.ui import errors
from injurydoc.ui.conflict_dialog import SAME_STYLE, add_differing_fields, section_title

_UNIT_STYLE = "background: #e8f5e9; padding: 4px;"


def _when(value: dt.datetime | None) -> str:
    return "–" if value is None else value.astimezone().strftime("%Y-%m-%d %H:%M")


class SetAsideDialog(QDialog):
    """Emits ``addendum_requested(examination id)`` when the examiner starts the addendum here."""

    addendum_requested = Signal(str)

    def __init__(self, case: SetAsideCase, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("set_aside_dialog")
        self.case = case
        self.lang = errors.current_lang()
        self.views = sections(case, self.lang)
        heading = (
            self.tr("Signed on two workstations")
            if case.signed_here
            else self.tr("Signed on another workstation while it was edited here")
        )
        self.setWindowTitle(heading + " · " + case.case_ref)
        self.resize(1040, 720)

        title = QLabel(heading + " · " + case.case_ref)
        title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.intro = QLabel(self.intro_text())
        self.intro.setObjectName("set_aside_intro")
        self.intro.setWordWrap(True)

        body = QWidget()
        column = QVBoxLayout(body)
        for view in self.views:
            column.addWidget(self._section_box(view))
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)

        self.addendum_note = QLabel(
            self.tr(
                "The record on this workstation is the one signed here, not the unit's: an addendum "
                "written here would belong to the wrong version. Write it on a workstation that shows "
                "the unit's record, for example the one where it was signed first."
            )
        )
        self.addendum_note.setObjectName("set_aside_addendum_note")
        self.addendum_note.setWordWrap(True)
        self.addendum_note.setStyleSheet("color: #8a4b00;")
        self.addendum_note.setVisible(not case.addendum_here)
        self.addendum_button = QPushButton(self.tr("Write the addendum to the unit's record…"))
        self.addendum_button.setObjectName("set_aside_addendum")
        self.addendum_button.setEnabled(case.addendum_here)
        self.addendum_button.clicked.connect(self.start_addendum)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.addendum_button)
        if case.addendum_here:
            self.addendum_button.setDefault(True)

        outer = QVBoxLayout(self)
        outer.addWidget(title)
        outer.addWidget(self.intro)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.addendum_note)
        outer.addLayout(buttons)

    # ----- words --------------------------------------------------------------------------------------
    def intro_text(self) -> str:
        c = self.case
        if c.signed_here:
            text = self.tr(
                "This examination was signed on two workstations while the network was down. The unit's "
                "record is the one signed first: signed by %1 on %4, %2. The version "
                "signed here (%3) was set aside and is kept on this computer only: it is NOT the unit's "
                "record. Compare the two below, and write what differs as an addendum to the unit's record."
            )
            text = text.replace("%3", _when(c.here_signed_at))
        else:
            text = self.tr(
                "This examination was signed by %1 on %4, %2, while it was being edited "
                "here. That signed record is the unit's record, and this workstation shows it now. What was "
                "typed here afterwards was set aside and is kept on this computer. Compare the two below, "
                "and write what differs as an addendum to the unit's record."
            )
        text = text.replace("%1", c.signer).replace("%2", _when(c.unit_signed_at)).replace("%4", self.where())
        if c.settled:
            text += "\n\n" + self.tr(
                "An addendum to the unit's record has been written; nothing more is asked."
            )
        return text

    def where(self) -> str:
        """The workstation the unit's record was signed on, as the server names it (its author's own sync
        reports, server 0017), else "another workstation"."""
        name = self.case.unit_workstation
        if not name:
            return self.tr("another workstation")
        return self.tr("workstation %1").replace("%1", name)

    def origin_text(self) -> str:
        """Who signed the unit's record, on which workstation, when: "Anna Andersson, workstation Rum 3,
        2026-12-06 14:05"."""
        c = self.case
        parts = [c.signer]
        if c.unit_workstation:
            parts.append(self.tr("workstation %1").replace("%1", c.unit_workstation))
        if c.unit_sent_by and c.unit_sent_by != c.signer:
            parts.append(self.tr("sent by %1").replace("%1", c.unit_sent_by))
        parts.append(_when(c.unit_signed_at))
        return ", ".join(parts)

    def column_title(self, index: int) -> str:
        c = self.case
        if index == 0:
            return self.tr("The unit's record – signed first: %1").replace("%1", self.origin_text())
        if c.signed_here:
            return self.tr("Signed here %1 – not the unit's record").replace("%1", _when(c.here_signed_at))
        return self.tr("Typed here afterwards – set aside")

    # ----- layout -------------------------------------------------------------------------------------
    def _section_box(self, view: SectionView) -> QGroupBox:
        mark = "  ●" if view.differs else ""
        box = QGroupBox(section_title(view.name) + mark)
        box.setObjectName(f"section_{view.name}")
        grid = QGridLayout(box)
        if not view.differs:
            same = QLabel(self.tr("The same in both."))
            same.setStyleSheet(SAME_STYLE)
            grid.addWidget(same, 0, 0, 1, 3)
            return box
        for i in range(2):
            head = QLabel(self.column_title(i))
            head.setObjectName(f"column_{i}")
            head.setWordWrap(True)
            head.setStyleSheet("font-weight: 600;")
            grid.addWidget(head, 0, i + 1)
        row = add_differing_fields(grid, view, _UNIT_STYLE)
        same_rows = sum(1 for f in view.rows if not f.differs)
        if same_rows:
            note = QLabel(self.tr("%1 more fields are the same in both.").replace("%1", str(same_rows)))
            note.setStyleSheet(SAME_STYLE)
            grid.addWidget(note, row, 0, 1, 3)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 3)
        return box

    # ----- the addendum -------------------------------------------------------------------------------
    def start_addendum(self) -> None:
        """Only where this workstation shows the unit's record (the button is disabled otherwise)."""
        if not self.case.addendum_here:
            return
        self.addendum_requested.emit(self.case.examination_id)
        self.accept()
