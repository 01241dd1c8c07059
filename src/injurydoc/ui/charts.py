"""A small bar chart drawn with QPainter: grouped bars per category, suppressed values hatched "<5".

Generic on purpose (statistics per month, a training class's summary): give it category labels and
one or more named series of counts; ``None`` is a count that must not be shown (1–4), drawn as a
hatched bar up to the largest value it could have, labelled "<5".
"""

from __future__ import annotations

import math
from typing import Final

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

#: Colour-blind-safe (Okabe–Ito) series colours.
PALETTE: Final = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
SUPPRESSED_LABEL: Final = "<5"
#: The largest value a suppressed count can have; its hatched bar reaches this high.
SUPPRESSED_HEIGHT: Final = 4

Series = tuple[str, list[int | None]]


def nice_step(top: float, ticks: int = 5) -> int:
    """A round step (1, 2, 5 × 10^n) giving about ``ticks`` gridlines up to ``top``."""
    raw = max(top, 1) / ticks
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * power:
            return max(1, int(m * power))
    return max(1, int(10 * power))


class BarChart(QWidget):
    """Grouped bar chart.  ``set_data(categories, series)``; ``title`` is drawn above when set."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.categories: list[str] = []
        self.series: list[Series] = []
        self._bars: list[tuple[QRectF, str, str, int | None]] = []  # hit areas for tooltips
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(260, 180)

    # ----- data ---------------------------------------------------------------------------------
    def set_title(self, title: str) -> None:
        self.title = title
        self.update()

    def set_data(self, categories: list[str], series: list[Series]) -> None:
        for name, values in series:
            if len(values) != len(categories):
                raise ValueError(f"series {name!r} has {len(values)} values for {len(categories)} categories")
        self.categories = list(categories)
        self.series = [(name, list(values)) for name, values in series]
        self.setAccessibleDescription(self.describe())
        self.update()

    def clear(self) -> None:
        self.set_data([], [])

    def describe(self) -> str:
        """The chart as text, for screen readers and tests."""
        parts = []
        for name, values in self.series:
            cells = ", ".join(
                f"{c} {SUPPRESSED_LABEL if v is None else v}"
                for c, v in zip(self.categories, values, strict=True)
            )
            parts.append(f"{name}: {cells}")
        return "; ".join(parts)

    def sizeHint(self) -> QSize:
        return QSize(480, 260)

    # ----- drawing ------------------------------------------------------------------------------
    def _top(self) -> int:
        values = [SUPPRESSED_HEIGHT if v is None else v for _n, vs in self.series for v in vs]
        top = max(values, default=0)
        step = nice_step(top)
        return max(step, math.ceil(top / step) * step)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text_colour = pal.color(pal.ColorRole.WindowText)
        fm = QFontMetrics(self.font())
        line = fm.height()
        rect = QRectF(self.rect()).adjusted(6, 4, -6, -4)
        self._bars = []

        if self.title:
            self._paint_title(p, rect, line, text_colour)
            rect.setTop(rect.top() + line + 4)
        if len(self.series) > 1 or (self.series and self.series[0][0]):
            rect.setTop(self._legend(p, rect, fm) + 4)
        if not self.categories or not self.series:
            p.end()
            return

        top = self._top()
        axis_w = fm.horizontalAdvance(str(top)) + 8
        plot = QRectF(rect.left() + axis_w, rect.top() + line / 2, rect.width() - axis_w, 0)
        plot.setBottom(rect.bottom() - line - 4)
        if plot.height() < 20:
            p.end()
            return
        self._paint_grid(p, rect, plot, top, axis_w, line, text_colour)
        self._paint_bars(p, plot, top, fm, text_colour)
        p.setPen(QPen(text_colour, 1))
        p.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        p.end()

    def _paint_title(self, p: QPainter, rect: QRectF, line: float, text_colour: QColor) -> None:
        p.setPen(text_colour)
        bold = self.font()
        bold.setBold(True)
        p.setFont(bold)
        p.drawText(
            QRectF(rect.left(), rect.top(), rect.width(), line), Qt.AlignmentFlag.AlignLeft, self.title
        )
        p.setFont(self.font())

    @staticmethod
    def _y(plot: QRectF, top: int, v: float) -> float:
        return plot.bottom() - plot.height() * v / top

    def _paint_grid(
        self,
        p: QPainter,
        rect: QRectF,
        plot: QRectF,
        top: int,
        axis_w: float,
        line: float,
        text_colour: QColor,
    ) -> None:
        """The horizontal grid lines and their values on the axis."""
        grid = QColor(text_colour)
        grid.setAlpha(50)
        for v in range(0, top + 1, nice_step(top)):
            y = self._y(plot, top, v)
            p.setPen(QPen(grid, 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(text_colour)
            p.drawText(
                QRectF(rect.left(), y - line / 2, axis_w - 4, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(v),
            )

    def _paint_bars(self, p: QPainter, plot: QRectF, top: int, fm: QFontMetrics, text_colour: QColor) -> None:
        """Each category's bars side by side, and the category labels (some skipped when they would
        overlap)."""
        line = fm.height()
        n_cat, n_ser = len(self.categories), len(self.series)
        slot = plot.width() / n_cat
        bar_w = max(2.0, slot * 0.8 / n_ser)
        widest = max(fm.horizontalAdvance(c) for c in self.categories) + 6
        every = max(1, math.ceil(widest / slot))
        for i, cat in enumerate(self.categories):
            x0 = plot.left() + slot * i + slot * 0.1
            for j, (name, values) in enumerate(self.series):
                value = values[i]
                shown = SUPPRESSED_HEIGHT if value is None else value
                y = self._y(plot, top, shown)
                bar = QRectF(x0 + bar_w * j, y, bar_w - 1, plot.bottom() - y)
                self._paint_bar(p, bar, bar_w, value, QColor(PALETTE[j % len(PALETTE)]), fm, text_colour)
                self._bars.append((bar.adjusted(0, -line, 0, 0), cat, name, value))
            if i % every == 0:
                p.setPen(text_colour)
                p.drawText(
                    QRectF(
                        plot.left() + slot * i - slot * (every - 1) / 2, plot.bottom() + 2, slot * every, line
                    ),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    cat,
                )

    @staticmethod
    def _paint_bar(
        p: QPainter,
        bar: QRectF,
        bar_w: float,
        value: int | None,
        colour: QColor,
        fm: QFontMetrics,
        text_colour: QColor,
    ) -> None:
        """A bar: filled, or hatched and labelled "<5" when the count is suppressed."""
        if value is None:
            p.setPen(QPen(colour, 1))
            p.setBrush(QBrush(colour, Qt.BrushStyle.BDiagPattern))
            p.drawRect(bar)
            if bar_w >= fm.horizontalAdvance(SUPPRESSED_LABEL) * 0.7:
                line = fm.height()
                p.setPen(text_colour)
                p.drawText(
                    QRectF(bar.center().x() - 20, bar.top() - line, 40, line),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    SUPPRESSED_LABEL,
                )
        elif value > 0:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawRect(bar)

    def _legend(self, p: QPainter, rect: QRectF, fm: QFontMetrics) -> float:
        """Draw the series names (wrapping to more lines); return the y below the legend."""
        line = fm.height()
        x, y = rect.left(), rect.top()
        for j, (name, _values) in enumerate(self.series):
            w = line + 4 + fm.horizontalAdvance(name) + 12
            if x > rect.left() and x + w > rect.right():
                x, y = rect.left(), y + line + 2
            colour = QColor(PALETTE[j % len(PALETTE)])
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawRect(QRectF(x, y + 2, line - 4, line - 4))
            p.setPen(self.palette().color(self.palette().ColorRole.WindowText))
            p.drawText(QRectF(x + line, y, w, line), Qt.AlignmentFlag.AlignVCenter, name)
            x += w
        return y + line

    def event(self, e: QEvent) -> bool:
        if isinstance(e, QHelpEvent) and e.type() == QEvent.Type.ToolTip:
            pos = QPointF(e.pos())
            for area, cat, name, value in self._bars:
                if area.contains(pos):
                    text = SUPPRESSED_LABEL if value is None else str(value)
                    QToolTip.showText(
                        e.globalPos(), f"{cat} · {name}: {text}" if name else f"{cat}: {text}", self
                    )
                    return True
            QToolTip.hideText()
            e.ignore()
            return True
        return super().event(e)
