"""The unit manager's tab in unit mode: which workstations synced last when, to spot one that has been
offline for days.  Read from the server's ``workstations`` table (the manager sees only their unit)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from injurydoc.domain.errors import KnownError
from injurydoc.services.session import Session
from injurydoc.services.unit_desktop import OFFLINE_DAYS, WorkstationRow, unit_log_report, workstations_loader
from injurydoc.ui import errors
from injurydoc.ui.manager_models import RowsModel, button, hbox, hint, page, table, when
from injurydoc.ui.ops import Ops
from injurydoc.ui.unit_log_view import UnitLogView

_Index = QModelIndex | QPersistentModelIndex
_QUIET = QColor("#fff3e0")


class WorkstationsModel(RowsModel[WorkstationRow]):
    def __init__(self) -> None:
        super().__init__()
        self.now = dt.datetime.now(dt.UTC)

    def set_rows(self, rows: Sequence[WorkstationRow], now: dt.datetime | None = None) -> None:
        self.now = now or dt.datetime.now(dt.UTC)
        super().set_rows(rows)

    def headers(self) -> list[str]:
        return [
            self.tr("Workstation"),
            self.tr("Last sync"),
            self.tr("Days since"),
            self.tr("Synced by"),
            self.tr("Outcome"),
            self.tr("Version"),
        ]

    def _outcome(self, code: str) -> str:
        return {
            "ok": self.tr("complete"),
            "partial": self.tr("partly sent"),
            "failed": self.tr("failed"),
        }.get(code, "–")

    def cell(self, r: WorkstationRow, column: int) -> str:
        days = r.days_quiet(self.now)
        return [
            r.name,
            when(r.last_sync_at) if r.last_sync_at else self.tr("never"),
            "–" if days is None else str(days),
            r.last_account or "–",
            self._outcome(r.outcome),
            r.client_version or "–",
        ][column]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A workstation quiet for too long: the whole row marked (bold on orange)."""
        row = self.row(index)
        if row is not None and row.quiet_too_long(self.now):
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(_QUIET)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)


class WorkstationsView(QWidget):
    """The tab.  ``load`` runs on the ops' free pool (network, not the store) and returns the rows."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workstations")
        self.ops = ops
        self.load: Callable[[], list[WorkstationRow]] | None = None
        self.unit_log: UnitLogView | None = None  # its sibling tab
        self.model = WorkstationsModel()
        self.view = table(self.model)
        self.summary = QLabel("")
        self.summary.setObjectName("workstations_summary")
        self.summary.setWordWrap(True)
        self.refresh_button = button(self.tr("Refresh"), self.refresh)
        text = self.tr(
            "Each workstation reports to the unit's server when it has synchronised. One that has been "
            "quiet for %1 days or more is marked: its examinations may not have reached the server."
        ).replace("%1", str(OFFLINE_DAYS))
        self._generation = 0
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(page(hint(text), (self.view, 1), self.summary, hbox(self.refresh_button, None)))

    def title(self) -> str:
        return self.tr("Workstations")

    def open(self, load: Callable[[], list[WorkstationRow]]) -> None:
        self.load = load
        self.refresh()

    def close_session(self) -> None:
        self._generation += 1
        self.load = None
        if self.unit_log is not None:
            self.unit_log.close_session()
        self.model.set_rows([], dt.datetime.now(dt.UTC))
        self.summary.clear()

    def refresh(self) -> None:
        load = self.load
        if load is None:
            return
        generation = self._generation
        self.summary.setText(self.tr("Asking the unit's server…"))

        def done(rows: list[WorkstationRow]) -> None:
            if generation == self._generation:
                self.show_rows(rows, dt.datetime.now(dt.UTC))

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            if isinstance(exc, KnownError):  # offline: say so here, no dialog
                self.summary.setText(exc.message(errors.current_lang()))
            else:
                errors.handle(self, exc)

        self.ops.run_without_store(load, done, failed)

    def show_rows(self, rows: list[WorkstationRow], now: dt.datetime) -> None:
        self.model.set_rows(rows, now)
        quiet = [r.name for r in rows if r.quiet_too_long(now)]
        if quiet:
            text = self.tr("Not synchronised for %1 days or more: %2").replace("%1", str(OFFLINE_DAYS))
            self.summary.setText(text.replace("%2", ", ".join(quiet)))
            self.summary.setStyleSheet("color: #8b4000; font-weight: 600;")
        else:
            self.summary.setText(
                self.tr("All %1 workstations synchronised recently.").replace("%1", str(len(rows)))
            )
            self.summary.setStyleSheet("")


def open_unit_tab(
    tabs: QTabWidget, ops: Ops, view: WorkstationsView | None, session: Session
) -> WorkstationsView | None:
    """The manager page's "Workstations" tab: shown and filled in unit mode, hidden otherwise."""
    load = workstations_loader(session)
    if load is None:
        if view is not None:
            tabs.setTabVisible(tabs.indexOf(view), False)
            if view.unit_log is not None:
                tabs.setTabVisible(tabs.indexOf(view.unit_log), False)
        return view
    if view is None:
        view = WorkstationsView(ops)
        tabs.addTab(view, view.title())
    tabs.setTabVisible(tabs.indexOf(view), True)
    view.open(load)
    report = unit_log_report(session)
    if report is not None:
        if view.unit_log is None:
            view.unit_log = UnitLogView(view.ops)
            tabs.addTab(view.unit_log, view.unit_log.title())
        tabs.setTabVisible(tabs.indexOf(view.unit_log), True)
        view.unit_log.open(report)
    return view
