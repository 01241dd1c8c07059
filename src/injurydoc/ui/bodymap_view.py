"""The body map: choose a view, click on the figure to ask for a mark, drag or nudge marks, select them.

The widget only shows what it is given and emits what the user did; it never touches a store or a service.
Coordinates are normalised to the view box of the view's SVG (0..1, origin top left), as in
:mod:`injurydoc.bodymap`, and sides are always the patient's.
"""

from __future__ import annotations

import dataclasses
import math

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QImage,
    QPainter,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QButtonGroup,
    QGraphicsScene,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from injurydoc import bodymap
from injurydoc.domain.vocab import BodyView
from injurydoc.ui.bodymap_buttons import ViewButtons
from injurydoc.ui.bodymap_canvas import Canvas
from injurydoc.ui.bodymap_items import BUTTON_STYLE, FigureGraphic, MarkGraphic, MarkItem, clamp

VIEW_CODES: tuple[str, ...] = tuple(v.code for v in BodyView)


__all__ = ["VIEW_CODES", "BodyMapView", "MarkItem"]


class BodyMapView(QWidget):
    """Body-map views with numbered marks; emits what the user asks for, stores nothing."""

    #: view code, nx, ny, region code or None, side code or None
    mark_requested = Signal(str, float, float, object, object)
    #: injury id, view code, nx, ny (once, when a drag ends or an arrow key is pressed)
    mark_moved = Signal(str, str, float, float)
    #: injury id
    mark_selected = Signal(str)
    #: view code, whenever the shown view changes
    view_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bodymap")
        self._view_code = BodyView.FRONT.code
        self._marks: list[MarkItem] = []
        self._selected: str | None = None
        self._read_only = False
        self._tab_restart = False
        self._renderers: dict[str, QSvgRenderer] = {}
        self._masks: dict[str, QImage] = {}
        self._graphics: dict[str, MarkGraphic] = {}

        self.buttons: dict[str, QPushButton] = {}
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        for code in VIEW_CODES:
            button = QPushButton(self._view_label(code))
            button.setObjectName(f"view_{code}")
            button.setCheckable(True)
            button.setAccessibleName(self._view_label(code))
            button.setStyleSheet(BUTTON_STYLE)
            button.clicked.connect(lambda _checked=False, c=code: self.set_view(c))
            self._group.addButton(button)
            self.buttons[code] = button
        self.view_buttons = ViewButtons(list(self.buttons.values()), self)

        self.scene = QGraphicsScene(self)
        self.canvas = Canvas(self)
        self.canvas.setAccessibleName(self.tr("Body map"))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #5f6b76; font-size: 9pt;")

        layout = QVBoxLayout(self)
        layout.addWidget(self.view_buttons)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.hint)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFocusProxy(self.canvas)
        self.buttons[self._view_code].setChecked(True)
        self._update_texts()
        self._rebuild()

    # --- public API -----------------------------------------------------------------------------------
    def current_view(self) -> str:
        return self._view_code

    def set_view(self, code: str) -> None:
        """Show the view with this :class:`BodyView` code; raises ValueError for an unknown code."""
        code = BodyView.from_code(code).code
        self.buttons[code].setChecked(True)
        if code == self._view_code:
            return
        self.canvas.cancel_drag()
        self._view_code = code
        self._rebuild()
        self.view_changed.emit(code)

    def set_marks(self, marks: list[MarkItem]) -> None:
        """Replace all marks (of every view); the selection is kept if its mark is still there."""
        self.canvas.cancel_drag()
        self._marks = list(marks)
        if self._find(self._selected) is None:
            self._selected = None
        self._rebuild_marks()

    def marks(self) -> list[MarkItem]:
        """The marks as shown now, including moves the user made since :meth:`set_marks`."""
        return list(self._marks)

    def select(self, injury_id: str | None) -> None:
        """Highlight this injury's mark and show its view; None or an id without a mark clears it."""
        mark = self._find(injury_id)
        self._selected = mark.injury_id if mark else None
        if mark is not None and mark.view != self._view_code:
            self.set_view(mark.view)
        for gid, graphic in self._graphics.items():
            graphic.set_selected(gid == self._selected)

    def selected(self) -> str | None:
        return self._selected

    def set_read_only(self, read_only: bool) -> None:
        """A signed examination: marks can be selected but not added or moved."""
        self.canvas.cancel_drag()
        self._read_only = read_only
        self._update_texts()

    def is_read_only(self) -> bool:
        return self._read_only

    def view_box(self) -> QRectF:
        """The current view's view box, in scene units."""
        v = bodymap.load_view(self._view_code)
        return QRectF(v.min_x, v.min_y, v.width, v.height)

    # --- texts ----------------------------------------------------------------------------------------
    def _view_label(self, code: str) -> str:
        return {
            "front": self.tr("Front"),
            "back": self.tr("Back"),
            "head_right": self.tr("Head, right profile"),
            "head_left": self.tr("Head, left profile"),
            "face": self.tr("Face"),
            "hands_palmar": self.tr("Hands, palms"),
            "hands_dorsal": self.tr("Hands, backs"),
        }[code]

    def _side_texts(self) -> tuple[str, str | None]:
        """(label on the viewer's left, label on the viewer's right); a profile has one label only."""
        right, left = self.tr("patient's right"), self.tr("patient's left")
        if self._view_code == "back":
            return left, right
        if self._view_code == "head_right":
            return right, None
        if self._view_code == "head_left":
            return left, None
        return right, left

    def _update_texts(self) -> None:
        if self._read_only:
            self.hint.setText(self.tr("Signed examination: marks cannot be added or moved."))
            self.canvas.viewport().setCursor(Qt.CursorShape.ArrowCursor)
        else:
            self.hint.setText(
                self.tr(
                    "Click on the figure to mark an injury. Drag a mark, or use the arrow keys, to move it."
                )
            )
            self.canvas.viewport().setCursor(Qt.CursorShape.CrossCursor)
        self.canvas.setAccessibleDescription(
            self.tr("%1. Tab selects the next mark; the arrow keys move the selected mark.").replace(
                "%1", self._view_label(self._view_code)
            )
        )

    # --- scene ----------------------------------------------------------------------------------------
    def _renderer(self, code: str) -> QSvgRenderer:
        if code not in self._renderers:
            self._renderers[code] = QSvgRenderer(bodymap.svg_bytes(code), self)
        return self._renderers[code]

    def _mask(self, code: str) -> QImage:
        """The drawing at one pixel per view-box unit: a transparent pixel is outside the figure."""
        if code not in self._masks:
            v = bodymap.load_view(code)
            image = QImage(math.ceil(v.width), math.ceil(v.height), QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            self._renderer(code).render(painter, QRectF(0, 0, v.width, v.height))
            painter.end()
            self._masks[code] = image
        return self._masks[code]

    def _rebuild(self) -> None:
        self.scene.clear()
        self._graphics.clear()
        box = self.view_box()
        self.scene.addItem(FigureGraphic(self._renderer(self._view_code), box))
        pad = 0.03 * max(box.width(), box.height())
        self.scene.setSceneRect(box.adjusted(-pad, -pad, pad, pad))
        left, right = self._side_texts()
        self.canvas.side_left.setText(left)
        self.canvas.side_right.setText(right or "")
        self.canvas.side_right.setVisible(right is not None)
        self._rebuild_marks()
        self._update_texts()
        self.canvas.fit()

    def _rebuild_marks(self) -> None:
        for graphic in self._graphics.values():
            self.scene.removeItem(graphic)
        self._graphics.clear()
        v = bodymap.load_view(self._view_code)
        for mark in self._marks:
            if mark.view != self._view_code:
                continue
            graphic = MarkGraphic(mark, self.tr("Injury %1").replace("%1", str(mark.number)))
            graphic.setPos(QPointF(*v.to_viewbox(mark.x, mark.y)))
            graphic.set_selected(mark.injury_id == self._selected)
            self.scene.addItem(graphic)
            self._graphics[mark.injury_id] = graphic

    def _find(self, injury_id: str | None) -> MarkItem | None:
        return next((m for m in self._marks if m.injury_id == injury_id), None)

    def _replace(self, mark: MarkItem) -> None:
        self._marks = [mark if m.injury_id == mark.injury_id else m for m in self._marks]
        graphic = self._graphics.get(mark.injury_id)
        if graphic is not None:
            graphic.mark = mark
            graphic.setPos(QPointF(*bodymap.load_view(mark.view).to_viewbox(mark.x, mark.y)))

    # --- user actions (called by the canvas) ----------------------------------------------------------
    def user_selected(self, injury_id: str) -> None:
        self.select(injury_id)
        self.mark_selected.emit(injury_id)

    def click_at(self, scene_pos: QPointF) -> None:
        if self._read_only:
            return
        v = bodymap.load_view(self._view_code)
        nx, ny = v.to_normalised(scene_pos.x(), scene_pos.y())
        if not (0.0 <= nx <= 1.0 and 0.0 <= ny <= 1.0):
            return
        region = v.hit(nx, ny)
        if region is None:
            mask = self._mask(self._view_code)
            px, py = int(scene_pos.x() - v.min_x), int(scene_pos.y() - v.min_y)
            if not mask.valid(px, py) or mask.pixelColor(px, py).alpha() == 0:
                return  # outside the figure
        self.mark_requested.emit(
            self._view_code,
            clamp(nx),
            clamp(ny),
            region.code if region else None,
            region.side if region else None,
        )

    def drag_to(self, injury_id: str, scene_pos: QPointF) -> None:
        graphic = self._graphics.get(injury_id)
        if graphic is None or self._read_only:
            return
        box = self.view_box()
        x = min(box.right(), max(box.left(), scene_pos.x()))
        y = min(box.bottom(), max(box.top(), scene_pos.y()))
        graphic.setPos(x, y)

    def finish_drag(self, injury_id: str) -> None:
        graphic = self._graphics.get(injury_id)
        mark = self._find(injury_id)
        if graphic is None or mark is None:
            return
        nx, ny = bodymap.load_view(mark.view).to_normalised(graphic.pos().x(), graphic.pos().y())
        moved = dataclasses.replace(mark, x=clamp(nx), y=clamp(ny))
        self._replace(moved)
        self.mark_moved.emit(moved.injury_id, moved.view, moved.x, moved.y)

    def restore(self, injury_id: str) -> None:
        mark = self._find(injury_id)
        if mark is not None:
            self._replace(mark)

    def nudge(self, dx: float, dy: float) -> bool:
        mark = self._find(self._selected)
        if self._read_only or mark is None or mark.view != self._view_code:
            return False
        moved = dataclasses.replace(mark, x=clamp(mark.x + dx), y=clamp(mark.y + dy))
        if moved != mark:
            self._replace(moved)
            self.mark_moved.emit(moved.injury_id, moved.view, moved.x, moved.y)
        return True

    def restart_tab_cycle(self) -> None:
        """Tab came into the map from outside: the next Tab starts again at the first mark."""
        self._tab_restart = True

    def cycle(self, forward: bool) -> bool:
        """Tab and Shift+Tab go through the marks in number order, then leave the widget (no trap)."""
        ordered = sorted(self._marks, key=lambda m: (m.number, m.injury_id))
        if not ordered:
            return False
        ids = [m.injury_id for m in ordered]
        if self._tab_restart or self._selected not in ids:
            index = 0 if forward else len(ids) - 1
        else:
            index = ids.index(self._selected) + (1 if forward else -1)
            if not 0 <= index < len(ids):
                self._tab_restart = True
                return False
        self._tab_restart = False
        self.user_selected(ids[index])
        return True
