"""A draft edited on two workstations while offline: both versions side by side, section by section, and
the examiner picks which to keep for each section (a merge when the picks differ).  The choice becomes a
new version of the draft that names the others (``services.unit_conflicts.merged_content``); nothing is
thrown away, and the resolving version is on record on the unit's server."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from injurydoc.services.unit_conflicts import ConflictLike, SectionView, merged_content, sections
from injurydoc.ui import errors

DIFF_STYLE = "background: #fff3e0; padding: 4px;"
SAME_STYLE = "color: #555555; padding: 4px;"


def section_title(name: str) -> str:
    """A section's title as the editor names it (shared with the set-aside dialog)."""

    translate = QCoreApplication.translate
    return {
        "account": translate("ConflictDialog", "The patient's account"),
        "history": translate("ConflictDialog", "History"),
        "strangulation": translate("ConflictDialog", "Strangulation"),
        "absent": translate("ConflictDialog", "Absent findings"),
        "assessment": translate("ConflictDialog", "Assessment"),
        "concern": translate("ConflictDialog", "Report of concern"),
        "sip": translate("ConflictDialog", "SIP (coordinated individual plan)"),
        "injuries": translate("ConflictDialog", "Injuries"),
    }.get(name, translate("ConflictDialog", "Other"))


def add_differing_fields(grid: QGridLayout, view: SectionView, first_style: str = DIFF_STYLE) -> int:
    """The fields of ``view`` that differ, one row each from row 1 (label, then each version's value,
    selectable; the first column in ``first_style``); returns the next free row.  Shared with the
    set-aside dialog."""
    row = 1
    for field in view.rows:
        if not field.differs:
            continue
        label = QLabel(field.label)
        label.setWordWrap(True)
        label.setStyleSheet("font-weight: 600;")
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
        for i, text in enumerate(field.values):
            cell = QLabel(text)
            cell.setWordWrap(True)
            cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            cell.setStyleSheet(first_style if i == 0 else DIFF_STYLE)
            cell.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(cell, row, i + 1)
        row += 1
    return row


class ConflictDialog(QDialog):
    """Emits ``chosen(parent id, content, superseded ids)`` when the examiner keeps their choice."""

    chosen = Signal(str, object, object)

    def __init__(self, conflict: ConflictLike, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflict_dialog")
        self.setWindowTitle(self.tr("The draft was edited on two workstations"))
        self.resize(1040, 720)
        self.conflict = conflict
        self.lang = errors.current_lang()
        self.views = sections(conflict, self.lang)
        self.groups: dict[str, QButtonGroup] = {}
        n = len(conflict.versions)

        title = QLabel(self.tr("The draft was edited on two workstations"))
        title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        intro = QLabel(
            self.tr(
                "While the network was down, this draft was changed in two places. Both versions are kept. "
                "For each section, choose the text to continue with; sections that differ are marked. "
                "Your choice is recorded, and the other version stays on record."
            )
        )
        intro.setWordWrap(True)

        body = QWidget()
        column = QVBoxLayout(body)
        for view in self.views:
            column.addWidget(self._section_box(view, n))
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)

        self.summary = QLabel("")
        self.summary.setObjectName("conflict_summary")
        self.later_button = QPushButton(self.tr("Decide later"))
        self.later_button.setAutoDefault(False)
        self.later_button.clicked.connect(self.reject)
        self.keep_button = QPushButton(self.tr("Continue with my choice"))
        self.keep_button.setDefault(True)
        self.keep_button.clicked.connect(self.keep)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.keep_button)

        outer = QVBoxLayout(self)
        outer.addWidget(title)
        outer.addWidget(intro)
        outer.addWidget(scroll, 1)
        outer.addLayout(buttons)
        self._update_summary()

    def version_title(self, index: int) -> str:
        v = self.conflict.versions[index]
        when = v.saved_at
        with contextlib.suppress(ValueError):
            when = dt.datetime.fromisoformat(v.saved_at).astimezone().strftime("%Y-%m-%d %H:%M")
        letter = "ABCDEFGH"[index] if index < 8 else str(index + 1)
        return self.tr("Version %1, saved %2").replace("%1", letter).replace("%2", when)

    def _section_title(self, name: str) -> str:
        return section_title(name)

    def _section_box(self, view: SectionView, n: int) -> QGroupBox:
        mark = "  ●" if view.differs else ""
        box = QGroupBox(self._section_title(view.name) + mark)
        box.setObjectName(f"section_{view.name}")
        grid = QGridLayout(box)
        group = QButtonGroup(box)
        self.groups[view.name] = group
        for i in range(n):
            radio = QRadioButton(self.version_title(i))
            group.addButton(radio, i)
            if view.differs:  # nothing to choose where both are the same
                grid.addWidget(radio, 0, i + 1)
            else:
                radio.hide()
        first = group.button(0)
        if first is not None:
            first.setChecked(True)
        group.idToggled.connect(lambda _id, _on: self._update_summary())
        if not view.differs:
            same = QLabel(self.tr("The same in both versions."))
            same.setStyleSheet(SAME_STYLE)
            grid.addWidget(same, 0, 0, 1, n + 1)
            return box
        row = add_differing_fields(grid, view)
        same_rows = sum(1 for f in view.rows if not f.differs)
        if same_rows:
            note = QLabel(self.tr("%1 more fields are the same in both.").replace("%1", str(same_rows)))
            note.setStyleSheet(SAME_STYLE)
            grid.addWidget(note, row, 0, 1, n + 1)
        grid.setColumnStretch(0, 1)
        for i in range(n):
            grid.setColumnStretch(i + 1, 3)
        return box

    def picks(self) -> dict[str, int]:
        return {name: max(0, group.checkedId()) for name, group in self.groups.items()}

    def _update_summary(self) -> None:
        differing = [v.name for v in self.views if v.differs]
        picks = self.picks()
        used = sorted({picks[name] for name in differing})
        if len(used) > 1:
            text = self.tr("Your choice combines the versions (a merge).")
        elif used:
            text = self.tr("You continue with %1.").replace("%1", self.version_title(used[0]))
        else:
            text = self.tr("The versions differ only in bookkeeping.")
        self.summary.setText(text)

    def keep(self) -> None:
        parent, content, superseded = merged_content(self.conflict, self.picks(), 0)
        self.result_content: dict[str, Any] = content
        self.chosen.emit(parent, content, superseded)
        self.accept()
