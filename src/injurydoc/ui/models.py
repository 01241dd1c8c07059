"""Qt models over service results."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from injurydoc.domain.models import SummaryRow, shown_name
from injurydoc.domain.vocab import Lang
from injurydoc.services.record_signing import BROKEN, UNIT_UNCERTIFIED

_Index = QModelIndex | QPersistentModelIndex

#: Signature marks of the start page's two-step listing (``row.extra["signature"]``, set by this model
#: only): the row's check has not answered yet, or could not be run.  Neither is ever shown as valid.
CHECKING, UNCHECKED = "checking", "unchecked"
_SIGNATURE_COLOURS = {
    BROKEN: "#b00020",
    CHECKING: "#6b6b6b",
    UNCHECKED: "#8a4b00",
    UNIT_UNCERTIFIED: "#8a4b00",
}


class ExaminationListModel(QAbstractTableModel):
    """Rows of :class:`SummaryRow`: case, patient, number (masked), protection, status, date."""

    COLUMNS = ("case", "patient", "number", "protection", "status", "created")

    def __init__(self, lang: Lang = "sv") -> None:
        super().__init__()
        self.rows: list[SummaryRow] = []
        self.lang: Lang = lang

    def set_rows(self, rows: list[SummaryRow], *, checking: bool = False) -> None:
        """``checking``: the rows come without their signature check (it runs in the background); each
        signed row is marked "checking" until :meth:`apply_verdicts` or :meth:`mark_unchecked` — never
        shown as validly signed before this listing's check of it answered."""
        self.beginResetModel()
        self.rows = list(rows)
        if checking:
            for row in self.rows:
                if row.status == "signed" and "signature" not in row.extra:
                    row.extra["signature"] = CHECKING
        self.endResetModel()

    def apply_verdicts(self, verdicts: dict[str, str]) -> None:
        """The background check's answer (examination id → state).  A row still "checking" that the answer
        leaves out was not checked: it is marked "not checked", never valid."""
        for row in self.rows:
            verdict = verdicts.get(row.examination_id)
            if verdict is not None:
                row.extra["signature"] = verdict
            elif row.extra.get("signature") == CHECKING:
                row.extra["signature"] = UNCHECKED
        self._status_changed()

    def mark_unchecked(self) -> None:
        """The background check failed: every row still "checking" is marked "not checked"."""
        for row in self.rows:
            if row.extra.get("signature") == CHECKING:
                row.extra["signature"] = UNCHECKED
        self._status_changed()

    def _status_changed(self) -> None:
        if self.rows:
            col = self.COLUMNS.index("status")
            self.dataChanged.emit(self.index(0, col), self.index(len(self.rows) - 1, col))

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
                return self._status_text(row)
            if col == "created":
                if row.extra.get("damaged"):
                    return "—"
                return row.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        if role == Qt.ItemDataRole.BackgroundRole and row.protection.is_protected:
            return QBrush(QColor("#fdecea"))
        if role == Qt.ItemDataRole.ForegroundRole and col == "protection" and row.protection.is_protected:
            return QBrush(QColor("#8b0000"))
        if role == Qt.ItemDataRole.ForegroundRole and col == "status":
            if row.extra.get("origin") == "not_units_record" and row.extra.get("signature") != BROKEN:
                return QBrush(QColor("#8a4b00"))
            colour = _SIGNATURE_COLOURS.get(str(row.extra.get("signature")))
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and col == "status":
            return self._status_tip(row)
        if role == Qt.ItemDataRole.UserRole:
            return row.examination_id
        if role == Qt.ItemDataRole.ToolTipRole and col == "protection" and row.protection.is_protected:
            return self.tr("Protected personal data: every opening is logged.")
        return None

    def _status_text(self, row: SummaryRow) -> str:
        """Signed or draft — or, for the list's signature check, broken, still checking, not checked."""
        signature = row.extra.get("signature")
        if signature == BROKEN:
            return self.tr("Signature BROKEN")
        if signature == CHECKING:
            return self.tr("Checking signature…")
        if signature == UNCHECKED:
            return self.tr("Signature not checked")
        if signature == UNIT_UNCERTIFIED:
            return self.tr("Signed by a key the unit has not certified")
        status = self.tr("Signed") if row.status == "signed" else self.tr("Draft")
        origin = row.extra.get("origin")  # unit mode (services.unit_desktop.with_origins)
        if origin == "here_only":
            status += " · " + self.tr("only on this workstation so far")
        elif origin == "elsewhere":
            status += " · " + self.tr("from another workstation")
        elif origin == "not_units_record":
            status += " · " + self.tr("NOT the unit's record – signed first elsewhere")
        return status

    def _status_tip(self, row: SummaryRow) -> str | None:
        signature = row.extra.get("signature")
        if signature == BROKEN:
            return self.tr(
                "The signed content no longer matches its signature. It cannot be released; "
                "the unit manager should check the access log and compare with a backup."
            )
        if signature == CHECKING:
            return self.tr("The signature of this examination is being checked.")
        if signature == UNCHECKED:
            return self.tr(
                "The signature could not be checked for this list. Opening the examination checks it "
                "again; if this stays, tell the unit manager."
            )
        if signature == UNIT_UNCERTIFIED:
            return self.tr(
                "The signature matches, but the signer's key has no certificate from the unit key this "
                "workstation trusts. It counts once a unit manager has certified that key and this "
                "workstation has synced; until then treat it as not verified."
            )
        if row.extra.get("origin") == "not_units_record":
            return self.tr(
                "Signed here after it had been signed on another workstation. The unit's record is the "
                "one signed first; open the case to compare the two."
            )
        return None
