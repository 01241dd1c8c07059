"""The stored preview of a photo, upright, with zoom (wheel, +/-) and pan (drag)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtGui import QPixmap, QWheelEvent
from PySide6.QtWidgets import (
    QDialog,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QVBoxLayout,
    QWidget,
)


class PhotoViewer(QDialog):
    """The stored preview, upright, with zoom (wheel, +/-) and pan (drag)."""

    def __init__(self, data: bytes, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(1000, 760)
        pix = QPixmap()
        pix.loadFromData(data, "JPEG")
        self.scene = QGraphicsScene(self)
        self.scene.addItem(QGraphicsPixmapItem(pix))
        self.view = _ZoomView(self.scene)
        self.view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        QVBoxLayout(self).addWidget(self.view)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.view.fitInView(self.scene.itemsBoundingRect(), Qt.AspectRatioMode.KeepAspectRatio)


class _ZoomView(QGraphicsView):
    def wheelEvent(self, event: QWheelEvent) -> None:
        factor = 1.25 if event.angleDelta().y() > 0 else 0.8
        self.scale(factor, factor)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.scale(1.25, 1.25)
        elif event.key() == Qt.Key.Key_Minus:
            self.scale(0.8, 0.8)
        else:
            super().keyPressEvent(event)
