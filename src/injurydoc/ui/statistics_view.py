"""The unit manager's follow-up statistics: a period, a table of months × indicators, two charts, exports.

Every number comes through ``statistics.suppress`` (1–4 shown as "<5"); the store is read on the ops
worker, and each read is logged by the service.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.errors import KnownError
from injurydoc.domain.texts import text
from injurydoc.domain.vocab import Lang
from injurydoc.services.files import write_file
from injurydoc.services.session import Session
from injurydoc.services.statistics import (
    EXPORT_KEYS,
    INDICATORS,
    KEYS,
    MonthlyStatistics,
    StatisticsService,
    SuppressedTable,
    basis_label,
    month_label,
    suppress,
)
from injurydoc.services.statistics_unit import UnitStatistics, UnitStatisticsService
from injurydoc.ui import errors
from injurydoc.ui.charts import BarChart
from injurydoc.ui.files import ask_save_path
from injurydoc.ui.ops import Ops, SessionJobs

_Index = QModelIndex | QPersistentModelIndex


class StatisticsModel(QAbstractTableModel):
    """Months as rows (the whole period last), indicators as columns; the cells' text as suppressed."""

    def __init__(self, lang: Lang = "sv") -> None:
        super().__init__()
        self.lang: Lang = lang
        self.table: SuppressedTable | None = None

    def set_table(self, table: SuppressedTable | None) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def clear(self) -> None:
        self.set_table(None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(self.table.months) + 1

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(INDICATORS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return textwrap.fill(INDICATORS[section].label(self.lang), 18, break_long_words=False)
        if self.table is None:
            return None
        if section < len(self.table.months):
            return month_label(self.table.months[section][0])
        return text("stats.total", self.lang)

    def data(self, index: _Index, role: int = 0) -> Any:
        if self.table is None or not index.isValid():
            return None
        total = index.row() == len(self.table.months)
        key = KEYS[index.column()]
        cell = self.table.total[key] if total else self.table.months[index.row()][1][key]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and cell.value is None:
            if cell.text == "<5":
                return self.tr("Between 1 and 4: small counts are hidden so that no one can be recognised.")
            return self.tr("Some months are hidden (<5), so only the range they allow is shown.")
        return None


class StatisticsView(QWidget):
    """Period chooser, table, charts and exports.  ``open_session(session, ops)`` / ``close_session()``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statistics")
        self.session: Session | None = None
        self.ops: Ops | None = None
        self._jobs = SessionJobs()
        self._pending = False
        self.stats: MonthlyStatistics | None = None
        #: unit mode: the unit's statistics from its server (None: this store's own)
        self.unit: UnitStatisticsService | None = None
        self.unit_stats: UnitStatistics | None = None
        self.model = StatisticsModel(errors.current_lang())

        self._make_period_controls()
        self.hint = hint = QLabel(self._hint_text())
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555555;")
        self.notes = QLabel("")
        self.notes.setObjectName("statistics_notes")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #6d4c00;")
        self.notes.hide()
        splitter = self._table_and_charts()

        self.status = QLabel(self.tr("Choose a period and press Show."))
        self.status.setWordWrap(True)

        period = QHBoxLayout()
        for caption, edit in ((self.tr("From"), self.from_month), (self.tr("To"), self.to_month)):
            label = QLabel(caption)
            label.setBuddy(edit)
            period.addWidget(label)
            period.addWidget(edit)
        period.addWidget(self.show_button)
        period.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.csv_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(hint)
        layout.addLayout(period)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._update_buttons()

    def _make_period_controls(self) -> None:
        """The first and last month of the period, and the buttons that show and export it."""
        this_month = QDate.currentDate().addDays(1 - QDate.currentDate().day())
        self.from_month = QDateEdit(this_month.addMonths(-11))
        self.to_month = QDateEdit(this_month)
        for edit in (self.from_month, self.to_month):
            edit.setDisplayFormat("yyyy-MM")
            edit.setCalendarPopup(True)
            edit.setMaximumDate(QDate.currentDate())
        self.from_month.setAccessibleName(self.tr("From month"))
        self.to_month.setAccessibleName(self.tr("To month"))
        self.show_button = QPushButton(self.tr("Show"))
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.refresh)
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.pdf_button = QPushButton(self.tr("Export PDF…"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))

    def _table_and_charts(self) -> QSplitter:
        """The months × indicators table above the two charts."""
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.exam_chart = BarChart(self.tr("Examinations per month"))
        self.export_chart = BarChart(self.tr("Releases to the police by legal basis"))
        charts = QWidget()
        charts_row = QHBoxLayout(charts)
        charts_row.setContentsMargins(0, 0, 0, 0)
        charts_row.addWidget(self.exam_chart)
        charts_row.addWidget(self.export_chart)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(charts)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        return splitter

    # ----- session ------------------------------------------------------------------------------
    def _hint_text(self) -> str:
        if self.unit is not None:
            return self.tr(
                "Counts per month for the whole unit, from the unit's server: every workstation's "
                "examinations, without names, numbers or free text. Counts from 1 to 4 are shown as <5 "
                "(the server hides them itself). Reading the statistics is logged on the server."
            )
        return self.tr(
            "Counts per month for the follow-up of the regional agreement, without names, numbers "
            "or free text. Counts from 1 to 4 are shown as <5. Reading the statistics is logged."
        )

    def open_session(self, session: Session, ops: Ops, unit: UnitStatisticsService | None = None) -> None:
        """``unit``: in unit mode, the unit's statistics from its server instead of this store's."""
        self.close_session()
        self.session, self.ops, self.unit = session, ops, unit
        self.hint.setText(self._hint_text())
        self.model.lang = errors.current_lang()
        self._update_buttons()
        # Read (and log a read) only when the manager actually looks at the tab.
        self._pending = True
        if self.isVisible():
            self._load_pending()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._load_pending()

    def _load_pending(self) -> None:
        if self._pending and self.session is not None:
            self._pending = False
            self.refresh()

    def close_session(self) -> None:
        """Forget everything shown (sign-out and auto-lock); late results of old jobs are dropped."""
        self._jobs.invalidate()
        self._pending = False
        self.session = None
        self.stats = None
        self.unit = None
        self.unit_stats = None
        self.notes.clear()
        self.notes.hide()
        self.model.clear()
        self.exam_chart.clear()
        self.export_chart.clear()
        self.status.setText(self.tr("Choose a period and press Show."))
        self._update_buttons()

    def _update_buttons(self) -> None:
        on = self.session is not None
        self.show_button.setEnabled(on)
        shown = self.stats is not None or self.unit_stats is not None
        self.csv_button.setEnabled(on and shown)
        self.pdf_button.setEnabled(on and shown)

    def _run(self, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        """``ops.run`` that drops the result when the session has changed in between."""
        if self.ops is None:
            return

        def failed(exc: BaseException) -> None:
            if self.unit is not None and isinstance(exc, KnownError):  # the server: said here, no dialog
                self.status.setText(exc.message(errors.current_lang()))
                return
            self.status.setText("")
            errors.handle(self, exc)

        if self.unit is not None:  # network, not the store: the free pool, not behind store work
            self._jobs.run(self.ops, fn, on_done, failed, lambda e: errors.handle(self, e), store=False)
        else:
            self._jobs.run(self.ops, fn, on_done, failed, lambda e: errors.handle(self, e))

    # ----- reading ------------------------------------------------------------------------------
    def period(self) -> tuple[dt.date, dt.date] | None:
        start, end = (dt.date(d.year(), d.month(), 1) for d in (self.from_month.date(), self.to_month.date()))
        if start > end:
            self.status.setText(self.tr("The first month is after the last month."))
            return None
        return start, end

    def set_period(self, start: dt.date, end: dt.date) -> None:
        self.from_month.setDate(QDate(start.year, start.month, 1))
        self.to_month.setDate(QDate(end.year, end.month, 1))

    def refresh(self) -> None:
        period, session = self.period(), self.session
        if period is None or session is None:
            return
        unit = self.unit
        if unit is not None:
            self.status.setText(self.tr("Asking the unit's server…"))
            self._run(lambda: unit.table(*period), self.show_unit_statistics)
            return
        self.status.setText(self.tr("Counting…"))
        svc = StatisticsService(session)
        self._run(lambda: svc.monthly(*period), self.show_statistics)

    def show_unit_statistics(self, stats: UnitStatistics) -> None:
        """The unit's table from its server, with what it does not cover."""
        self.unit_stats = stats
        self._show_table(stats.table)
        self.notes.setText("\n".join(stats.notes(self.model.lang)))
        self.notes.show()
        self.export_chart.hide()  # releases are recorded only on the workstations: nothing to chart
        text = self.tr("%1 to %2, the whole unit from its server. Counts from 1 to 4 are shown as <5.")
        self.status.setText(
            text.replace("%1", month_label(stats.table.first)).replace("%2", month_label(stats.table.last))
        )
        self._update_buttons()

    def show_statistics(self, stats: MonthlyStatistics) -> None:
        self.stats = stats
        self.export_chart.show()
        self._show_table(suppress(stats))
        text = self.tr("%1 to %2. Counts from 1 to 4 are shown as <5.")
        self.status.setText(
            text.replace("%1", month_label(stats.first)).replace("%2", month_label(stats.last))
        )
        self._update_buttons()

    def _show_table(self, table: SuppressedTable) -> None:
        self.model.set_table(table)
        lang = self.model.lang
        months = [month_label(m) for m, _cells in table.months]
        self.exam_chart.set_data(
            months,
            [
                (self.tr("Examinations"), [cells["examinations"].value for _m, cells in table.months]),
                (
                    self.tr("Follow-up examinations"),
                    [cells["follow_ups"].value for _m, cells in table.months],
                ),
            ],
        )
        self.export_chart.set_data(
            months,
            [(basis_label(k, lang), [cells[k].value for _m, cells in table.months]) for k in EXPORT_KEYS],
        )

    # ----- exports ------------------------------------------------------------------------------
    def export(self, kind: str) -> None:
        session, shown = self.session, self.stats or (self.unit_stats.table if self.unit_stats else None)
        if session is None or shown is None:
            return
        pdf = kind == "pdf"
        start, end = shown.first, shown.last
        target = ask_save_path(
            self,
            self.tr("Export PDF") if pdf else self.tr("Export CSV"),
            Path.home() / f"uppfoljningsstatistik-{month_label(start)}-{month_label(end)}.{kind}",
            self.tr("PDF files (*.pdf)") if pdf else self.tr("CSV files (*.csv)"),
            f".{kind}",
        )
        if target is None:
            return
        lang = self.model.lang
        svc: StatisticsService | UnitStatisticsService = self.unit or StatisticsService(session)

        def job() -> Path:
            data = svc.pdf(start, end, lang) if pdf else svc.csv(start, end, lang)
            write_file(target, data)  # temp file in the same folder, fsync, os.replace
            return target

        self.status.setText(self.tr("Exporting…"))
        self._run(job, lambda p: self.status.setText(self.tr("Saved to %1").replace("%1", str(p))))
