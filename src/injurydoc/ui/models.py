"""Qt models over service results."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from injurydoc.domain.models import SummaryRow, shown_name
from injurydoc.domain.vocab import Lang

_Index = QModelIndex | QPersistentModelIndex


class ExaminationListModel(QAbstractTableModel):
    """Rows of :class:`SummaryRow`: case, patient, number (masked), protection, status, date."""

    COLUMNS = ("case", "patient", "number", "protection", "status", "created")

    def __init__(self, lang: Lang = "sv") -> None:
        super().__init__()
        self.rows: list[SummaryRow] = []
        self.lang: Lang = lang

    def set_rows(self, rows: list[SummaryRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            self.tr("Case"),
            self.tr("Patient"),
            self.tr("Personal number"),
            self.tr("Protection"),
            self.tr("Status"),
            self.tr("Created"),
        ][section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "case":
                return row.case_ref
            if col == "patient":
                return shown_name(row.patient_name, self.lang)
            if col == "number":
                return row.personal_id_masked
            if col == "protection":
                return "" if not row.protection.is_protected else row.protection.label(self.lang)
            if col == "status":
                if row.extra.get("signature") == "broken":
                    return self.tr("Signature BROKEN")
                status = self.tr("Signed") if row.status == "signed" else self.tr("Draft")
                origin = row.extra.get("origin")  # unit mode (services.unit_desktop.with_origins)
                if origin == "here_only":
                    status += " · " + self.tr("only on this workstation so far")
                elif origin == "elsewhere":
                    status += " · " + self.tr("from another workstation")
                return status
            if col == "created":
                if row.extra.get("damaged"):
                    return "—"
                return row.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        if role == Qt.ItemDataRole.BackgroundRole and row.protection.is_protected:
            return QBrush(QColor("#fdecea"))
        if role == Qt.ItemDataRole.ForegroundRole and col == "protection" and row.protection.is_protected:
            return QBrush(QColor("#8b0000"))
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and col == "status"
            and row.extra.get("signature") == "broken"
        ):
            return QBrush(QColor("#b00020"))
        if role == Qt.ItemDataRole.ToolTipRole and col == "status" and row.extra.get("signature") == "broken":
            return self.tr(
                "The signed content no longer matches its signature. It cannot be released; "
                "the unit manager should check the access log and compare with a backup."
            )
        if role == Qt.ItemDataRole.UserRole:
            return row.examination_id
        if role == Qt.ItemDataRole.ToolTipRole and col == "protection" and row.protection.is_protected:
            return self.tr("Protected personal data: every opening is logged.")
        return None
