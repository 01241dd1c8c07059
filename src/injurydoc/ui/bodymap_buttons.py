"""The row of view buttons above the body map: it wraps onto as many rows as the width needs."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import (
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QPushButton,
    QSizePolicy,
    QWidget,
)

from injurydoc.domain.vocab import BodyView

VIEW_CODES: tuple[str, ...] = tuple(v.code for v in BodyView)


class ViewButtons(QWidget):
    """The view buttons, wrapped onto as many rows as the width needs."""

    SPACING = 6

    def __init__(self, buttons: list[QPushButton], parent: QWidget) -> None:
        super().__init__(parent)
        self._buttons = buttons
        for button in buttons:
            button.setParent(self)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _flow(self, width: int, apply: bool) -> int:
        row_height = max(b.sizeHint().height() for b in self._buttons)
        x = y = 0
        for button in self._buttons:
            w = button.sizeHint().width()
            if x > 0 and x + w > width:
                x, y = 0, y + row_height + self.SPACING
            if apply:
                button.setGeometry(x, y, w, row_height)
            x += w + self.SPACING
        return y + row_height

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._flow(width, apply=False)

    def sizeHint(self) -> QSize:
        width = sum(b.sizeHint().width() for b in self._buttons) + self.SPACING * (len(self._buttons) - 1)
        return QSize(width, self._flow(width, apply=False))

    def minimumSizeHint(self) -> QSize:
        width = max(b.sizeHint().width() for b in self._buttons)
        return QSize(width, self._flow(width, apply=False))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._flow(self.width(), apply=True)
