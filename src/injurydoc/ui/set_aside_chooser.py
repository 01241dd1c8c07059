"""Several cases with records set aside on this workstation (signed first on another one): the sync status
line's "needs attention" lists them by case number and when they were set aside — never the person — and
the one chosen opens in the comparison (``SetAsideDialog``)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from injurydoc.services.unit_set_aside import PendingCase

_ID = Qt.ItemDataRole.UserRole + 1


def _when(value: dt.datetime | None) -> str:
    return "–" if value is None else value.astimezone().strftime("%Y-%m-%d %H:%M")


class SetAsideChooser(QDialog):
    """Emits ``chosen(examination id)`` and closes when a case is opened."""

    chosen = Signal(str)

    def __init__(self, cases: list[PendingCase], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("set_aside_chooser")
        self.setWindowTitle(self.tr("Cases signed first on another workstation"))
        self.resize(520, 340)
        intro = QLabel(
            self.tr(
                "These cases were signed first on another workstation, and what was typed or signed here "
                "was set aside. Open each one to compare the two versions and write what differs as an "
                "addendum to the unit's record."
            )
        )
        intro.setWordWrap(True)
        self.model = QStandardItemModel(self)
        for case in cases:
            item = QStandardItem(
                self.tr("%1 – set aside %2")
                .replace("%1", case.case_ref)
                .replace("%2", _when(case.set_aside_at))
            )
            item.setData(case.examination_id, _ID)
            item.setEditable(False)
            self.model.appendRow(item)
        self.view = QListView()
        self.view.setObjectName("set_aside_cases")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.doubleClicked.connect(self._open_index)
        if cases:
            self.view.setCurrentIndex(self.model.index(0, 0))
        self.open_button = QPushButton(self.tr("Compare…"))
        self.open_button.setObjectName("set_aside_open")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_current)
        close = QPushButton(self.tr("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def open_current(self) -> None:
        self._open_index(self.view.currentIndex())

    def _open_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        self.chosen.emit(str(index.data(_ID)))
        self.accept()
