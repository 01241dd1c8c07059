"""Pieces of the body-map widget: marks, the drawn figure, the view buttons."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPainterPath,
    QPen,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QGraphicsItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from injurydoc.domain.vocab import BodyView

VIEW_CODES: tuple[str, ...] = tuple(v.code for v in BodyView)

STEP = 0.01  # one arrow-key press moves the selected mark by 1 % of the view
_MARK_RADIUS = 12.0  # pixels: marks keep their size whatever the zoom

BUTTON_STYLE = """
QPushButton { padding: 5px 10px; border: 1px solid #b8c2cc; border-radius: 4px; background: #ffffff;
              color: #263238; }
QPushButton:hover { background: #eef3f8; }
QPushButton:checked { background: #2f5d8a; border-color: #2f5d8a; color: #ffffff; }
QPushButton:focus { border: 1px solid #f9a825; }
"""
CANVAS_STYLE = """
QGraphicsView { background: #f3f5f7; border: 2px solid #d5dce3; border-radius: 6px; }
QGraphicsView:focus { border-color: #5b8fc7; }
"""
SIDE_STYLE = (
    "color: #37474f; background: #ffffff; border: 1px solid #c3ccd5; border-radius: 9px;"
    " padding: 1px 8px; font-size: 9pt;"
)


@dataclass(frozen=True)
class MarkItem:
    """One mark to show: ``view`` is a :class:`BodyView` code, ``x``/``y`` normalised to its view box."""

    injury_id: str
    number: int
    view: str
    x: float
    y: float


def clamp(v: float) -> float:
    return round(min(1.0, max(0.0, v)), 4)


class FigureGraphic(QGraphicsItem):
    """The SVG drawing, painted into its view box in scene units."""

    def __init__(self, renderer: QSvgRenderer, rect: QRectF) -> None:
        super().__init__()
        self._renderer = renderer
        self._rect = rect
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        self._renderer.render(painter, self._rect)


class MarkGraphic(QGraphicsItem):
    """A numbered red circle; a yellow ring when selected."""

    def __init__(self, mark: MarkItem, tooltip: str) -> None:
        super().__init__()
        self.mark = mark
        self.selected = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(10)
        self.setToolTip(tooltip)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_selected(self, on: bool) -> None:
        self.selected = on
        self.setZValue(20 if on else 10)
        self.update()

    def boundingRect(self) -> QRectF:
        r = _MARK_RADIUS + 8
        return QRectF(-r, -r, 2 * r, 2 * r)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), _MARK_RADIUS + 2, _MARK_RADIUS + 2)
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        r = _MARK_RADIUS
        centre = QPointF(0, 0)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 45))
        painter.drawEllipse(QPointF(0, 1.5), r + 1, r + 1)
        if self.selected:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor("#5d4a00"), 1.0))
            painter.drawEllipse(centre, r + 6.5, r + 6.5)
            painter.setPen(QPen(QColor("#ffd600"), 4.0))
            painter.drawEllipse(centre, r + 4, r + 4)
        painter.setPen(QPen(QColor("#ffffff"), 1.5))
        painter.setBrush(QColor("#c62828"))
        painter.drawEllipse(centre, r, r)
        font = QFont(painter.font())
        font.setPixelSize(12 if self.mark.number < 100 else 9)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(QRectF(-r, -r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter, str(self.mark.number))
