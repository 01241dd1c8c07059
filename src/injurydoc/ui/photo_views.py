"""The photo grid's model, and the viewer with zoom and pan."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from injurydoc.domain.models import PhotoRecord
from injurydoc.ui import errors

_Index = QModelIndex | QPersistentModelIndex


class PhotoListModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[PhotoRecord] = []
        self.icons: dict[str, QIcon] = {}
        self.lang = errors.current_lang()
        self.injury_numbers: dict[str, int] = {}

    def set_injury_numbers(self, numbers: dict[str, int]) -> None:
        """Injury id → number, for the label under each thumbnail."""
        self.beginResetModel()
        self.injury_numbers = numbers
        self.endResetModel()

    def set_rows(self, rows: list[PhotoRecord], thumbs: dict[str, bytes]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.icons = {
            pid: thumbnail_icon(data, rec.has_gps, bool(rec.decode_warning))
            for pid, data in thumbs.items()
            for rec in rows
            if rec.id == pid
        }
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        rec = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            label = rec.role.label(self.lang) if rec.role else "–"
            shown = sorted(self.injury_numbers[i] for i in rec.injury_ids if i in self.injury_numbers)
            if not shown:
                return f"{rec.number}. {label}"
            injuries = QCoreApplication.translate("PhotoListModel", "Injury %1").replace(
                "%1", ", ".join(str(n) for n in shown)
            )
            return f"{rec.number}. {label}\n{injuries}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self.icons.get(rec.id)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(rec)
        if role == Qt.ItemDataRole.UserRole:
            return rec.id
        return None


def _tooltip(rec: PhotoRecord) -> str:
    if rec.captured_at:
        taken = QCoreApplication.translate("PhotoListModel", "Taken: %1").replace(
            "%1", rec.captured_at.replace("T", " ")
        )
    else:
        taken = QCoreApplication.translate("PhotoListModel", "Taken: unknown")
        if rec.file_time:
            taken += "\n" + QCoreApplication.translate(
                "PhotoListModel", "File time (not the capture time): %1"
            ).replace("%1", rec.file_time.replace("T", " "))
    lines = [rec.original_name, taken, rec.camera or "–"]
    if rec.has_gps:
        lines.append(
            QCoreApplication.translate(
                "PhotoListModel", "Holds a location (GPS); removed on release when required"
            )
        )
    if rec.decode_warning:
        lines.append(
            QCoreApplication.translate(
                "PhotoListModel", "Incomplete file: decoded with errors, missing parts are shown grey"
            )
        )
    return "\n".join(lines)


def thumbnail_icon(data: bytes, gps: bool, damaged: bool = False) -> QIcon:
    """A photo list's icon: the thumbnail, with the location / damage marks (bench_gui.py times it)."""
    pix = QPixmap()
    pix.loadFromData(data, "JPEG")
    if gps or damaged:
        painter = QPainter(pix)
        if gps:  # a badge: this original carries a GPS position (it stays inside the store)
            painter.fillRect(pix.width() - 44, 4, 40, 20, QColor(139, 0, 0, 220))
            painter.setPen(QColor("white"))
            painter.drawText(pix.width() - 40, 19, "GPS")
        if damaged:  # a badge: the file was incomplete; what is missing is grey
            painter.fillRect(4, 4, 24, 20, QColor(200, 120, 0, 235))
            painter.setPen(QColor("white"))
            painter.drawText(13, 19, "!")
        painter.end()
    return QIcon(pix)
