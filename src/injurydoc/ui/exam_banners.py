"""The banners above the examination editor that say what kind of record is open: an exercise, not a
real patient record (training stores), and in unit mode a record signed first on another workstation
(services/unit_set_aside.py).  The signature check's banner is ui/signature_banner.py.

The banners know nothing of the editor: it tells them what to show, and the set-aside banner asks for
the comparison with the unit's record by a signal."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


class TrainingBanner(QLabel):
    """Says the open examination is an exercise (shown for a training store's sessions)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("EXERCISE – NOT A REAL PATIENT RECORD"), parent)
        self.setStyleSheet(
            "background: #ffd54f; color: #3e2723; font-weight: 700; padding: 6px; letter-spacing: 1px;"
        )
        self.setVisible(False)


class SetAsideBanner(QWidget):
    """Unit mode: the record here is not the unit's, or what was typed here is set aside; a button asks
    for the comparison with the unit's record (:attr:`compare_requested`)."""

    compare_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("set_aside_banner")
        # A QWidget subclass paints a style sheet's background only when asked to (a plain QWidget does).
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#set_aside_banner { background: #fff3e0; }")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #8a4b00; font-weight: 600; padding: 4px;")
        compare = QPushButton(self.tr("Compare with the unit's record…"))
        compare.clicked.connect(self.compare_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        row.addWidget(self.message, 1)
        row.addWidget(compare)
        self.setVisible(False)

    def show_mark(self, mark: str | None) -> None:
        """Show what ``services.unit_set_aside.mark`` found for the open examination (None: nothing)."""
        from injurydoc.services.unit_set_aside import NOT_UNITS_RECORD

        if mark == NOT_UNITS_RECORD:
            text = self.tr(
                "NOT THE UNIT'S RECORD – signed first on another workstation. This version was signed "
                "here afterwards and is kept on this computer only."
            )
        elif mark is not None:
            text = self.tr(
                "This examination was signed on another workstation while it was edited here. What was "
                "typed here afterwards is kept aside: compare, and write what differs as an addendum."
            )
        else:
            text = ""
        self.message.setText(text)
        self.setVisible(bool(text))

    def reset(self) -> None:
        self.setVisible(False)
        self.message.clear()
