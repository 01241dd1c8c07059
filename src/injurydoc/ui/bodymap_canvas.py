"""The body map's graphics view: fitting the figure, side labels, clicks, drags and arrow keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import (
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsView,
    QLabel,
)

from injurydoc.domain.vocab import BodyView
from injurydoc.ui.bodymap_items import CANVAS_STYLE, SIDE_STYLE, STEP, MarkGraphic, MarkItem

VIEW_CODES: tuple[str, ...] = tuple(v.code for v in BodyView)


__all__ = ["VIEW_CODES", "BodyMapView", "MarkItem"]


if TYPE_CHECKING:
    from injurydoc.ui.bodymap_view import BodyMapView


class Canvas(QGraphicsView):
    """The graphics view: turns mouse and keys into calls on its :class:`BodyMapView`."""

    def __init__(self, owner: BodyMapView) -> None:
        super().__init__(owner.scene, owner)
        self._owner = owner
        self._press: QPointF | None = None
        self._press_mark: str | None = None
        self._dragging = False
        self.setObjectName("bodymap_canvas")
        self.setStyleSheet(CANVAS_STYLE)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.side_left = QLabel(self)
        self.side_right = QLabel(self)
        for label in (self.side_left, self.side_right):
            label.setStyleSheet(SIDE_STYLE)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._strip = self.side_left.sizeHint().height() + 10
        self.setViewportMargins(0, self._strip, 0, 0)

    # --- geometry -------------------------------------------------------------------------------------
    def fit(self) -> None:
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self.place_side_labels()

    def place_side_labels(self) -> None:
        box = self.mapFromScene(self._owner.view_box()).boundingRect()
        box.translate(self.viewport().geometry().topLeft())
        cx = box.center().x()
        labels = [lab for lab in (self.side_left, self.side_right) if lab.isVisibleTo(self)]
        for label in labels:
            label.adjustSize()
        y = self.viewport().geometry().top() - self._strip + (self._strip - self.side_left.height()) // 2
        y = max(y, box.top() - self.side_left.height() - 4)  # just above the figure when there is room
        width = self.width()

        def put(label: QLabel, centre: float, lo: float, hi: float) -> None:
            x = int(centre - label.width() / 2)
            x = int(max(lo, min(hi - label.width(), x)))
            label.move(max(2, min(width - label.width() - 2, x)), y)

        if len(labels) == 1:
            put(labels[0], cx, 0, width)
            return
        # Over the patient's two sides (roughly above the arms or hands), never crossing the midline.
        put(self.side_left, box.left() + 0.22 * box.width(), 0, cx - 6)
        put(self.side_right, box.left() + 0.78 * box.width(), cx + 6, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit()

    # --- mouse ----------------------------------------------------------------------------------------
    def _mark_at(self, pos: QPointF) -> MarkGraphic | None:
        for item in self.items(pos.toPoint()):
            if isinstance(item, MarkGraphic):
                return item
        return None

    def _scene_pos(self, pos: QPointF) -> QPointF:
        return self.mapToScene(pos.toPoint())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self._press = event.position()
        mark = self._mark_at(event.position())
        self._press_mark = mark.mark.injury_id if mark else None
        self._dragging = False
        if mark is not None:
            self._owner.user_selected(mark.mark.injury_id)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None or self._press_mark is None or self._owner.is_read_only():
            super().mouseMoveEvent(event)
            return
        moved = (event.position() - self._press).manhattanLength()
        if not self._dragging and moved < QApplication.startDragDistance():
            return
        self._dragging = True
        self._owner.drag_to(self._press_mark, self._scene_pos(event.position()))
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            super().mouseReleaseEvent(event)
            return
        press, mark_id, dragging = self._press, self._press_mark, self._dragging
        self._press, self._press_mark, self._dragging = None, None, False
        event.accept()
        if mark_id is not None:
            if dragging:
                self._owner.finish_drag(mark_id)
            return
        if (event.position() - press).manhattanLength() < QApplication.startDragDistance():
            self._owner.click_at(self._scene_pos(event.position()))

    def cancel_drag(self) -> None:
        if self._dragging and self._press_mark is not None:
            self._owner.restore(self._press_mark)
        self._press, self._press_mark, self._dragging = None, None, False

    # --- keyboard -------------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {
            Qt.Key.Key_Left: (-STEP, 0.0),
            Qt.Key.Key_Right: (STEP, 0.0),
            Qt.Key.Key_Up: (0.0, -STEP),
            Qt.Key.Key_Down: (0.0, STEP),
        }
        step = steps.get(Qt.Key(event.key()))
        if step is not None and self._owner.nudge(*step):
            event.accept()
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        if self._owner.cycle(next):
            return True
        return super().focusNextPrevChild(next)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self._owner.restart_tab_cycle()
        super().focusInEvent(event)
