"""The row above the examination editor's pages: the case and patient, the protected-data badge, the
saved state, and the buttons for co-handlers, the patient's handout and closing.

It says what the person asked for by signals; the editor opens the dialogs and closes."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


class ExamHeader(QWidget):
    handout_requested = Signal()
    co_handlers_requested = Signal()
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case = QLabel("")
        self.case.setObjectName("exam_header")
        self.case.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.protected_badge = QLabel(self.tr("PROTECTED PERSONAL DATA"))
        self.protected_badge.setStyleSheet(
            "background: #8b0000; color: white; font-weight: 700; padding: 3px 8px;"
        )
        self.saved = QLabel("")
        self.saved.setObjectName("saved_state")
        self.handout_button = QPushButton(self.tr("Handout for the patient…"))
        self.handout_button.clicked.connect(self.handout_requested)
        self.co_handler_button = QPushButton(self.tr("Co-handlers…"))
        self.co_handler_button.clicked.connect(self.co_handlers_requested)
        self.co_handler_button.setVisible(False)
        back = QPushButton(self.tr("Close"))
        back.clicked.connect(self.close_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.case, 1)
        row.addWidget(self.protected_badge)
        row.addWidget(self.saved)
        row.addWidget(self.co_handler_button)
        row.addWidget(self.handout_button)
        row.addWidget(back)

    def show_case(self, text: str, *, protected: bool, co_handlers: bool) -> None:
        """The case line; the badge for a protected person; the co-handler button for the one who may
        add them (the one who started a protected case)."""
        self.case.setText(text)
        self.protected_badge.setVisible(protected)
        self.co_handler_button.setVisible(co_handlers)
