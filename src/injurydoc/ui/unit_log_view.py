"""The unit manager's loggkontroll in unit mode: the unit-wide access log as the server holds it — every
workstation's entries and the server's own record of every read — with the standalone log tab's filters
(account, patient id or personal identity number, action, period; and only protected persons), the
workstation named on each row, and the report as PDF or CSV
(``services.log_report_unit``).  Network only: every call runs on the ops' free pool; a server that does
not answer is said in the tab's status line, never in a dialog, and nothing is lost."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QLabel, QLineEdit, QVBoxLayout, QWidget

from injurydoc.domain.errors import KnownError
from injurydoc.domain.models import AuditEvent
from injurydoc.domain.vocab import AuditAction
from injurydoc.services.audit_log import AuditFilter
from injurydoc.services.files import write_file
from injurydoc.services.log_report_unit import ServerAccountRow, UnitLogFilter, UnitLogReport, UnitLogRow
from injurydoc.ui import errors
from injurydoc.ui.files import ask_save_path
from injurydoc.ui.manager_models import AuditModel, button, caption, hbox, hint, page, table
from injurydoc.ui.ops import Ops


class UnitLogModel(AuditModel):
    """The log's rows with the workstation each came from after the time."""

    def __init__(self, lang: Any = "sv") -> None:
        super().__init__(lang)
        self.workstations: dict[int, str] = {}

    def set_unit_rows(self, rows: list[UnitLogRow]) -> None:
        self.workstations = {r.event.seq: r.workstation_text(self.lang) for r in rows}
        self.set_events([r.event for r in rows], {})

    def headers(self) -> list[str]:
        base = super().headers()
        return [*base[:2], self.tr("Workstation"), *base[2:]]

    def cell(self, row: AuditEvent, column: int) -> str:
        if column == 2:
            return self.workstations.get(row.seq, "")
        return super().cell(row, column if column < 2 else column - 1)

    def clear(self) -> None:
        self.workstations = {}
        super().clear()


class UnitLogView(QWidget):
    """The tab "Unit log (server)".  ``open(report)`` / ``close_session()``."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unit_log")
        self.ops = ops
        self.report: UnitLogReport | None = None
        self._generation = 0
        self.model = UnitLogModel(errors.current_lang())
        self.model.setParent(self)  # deleted with the tab, never before its view
        self.view = table(self.model)
        self.account = QComboBox()
        self.account.setMinimumContentsLength(12)
        self.action = QComboBox()
        self.patient = QLineEdit()
        self.patient.setPlaceholderText(self.tr("Patient id or personal identity number"))
        self.patient.setClearButtonEnabled(True)
        self.patient.returnPressed.connect(self.refresh)
        today = QDate.currentDate()
        self.date_from, self.date_to = QDateEdit(today.addDays(-30)), QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        # a person with protected personal data (the server says which ids; the look-up is logged there)
        self.protected_only = QCheckBox(self.tr("Only protected persons"))
        self.search_button = button(self.tr("Search"), self.refresh)
        self.csv_button = button(self.tr("Export as CSV…"), lambda: self.export("csv"))
        self.pdf_button = button(self.tr("Export as PDF…"), lambda: self.export("pdf"))
        self.status = QLabel("")
        self.status.setObjectName("unit_log_status")
        self.status.setWordWrap(True)
        self._fill_actions()
        self._fill_accounts([])
        text = self.tr(
            "The unit's access log on the server, from every workstation, with every read the server "
            "logged itself. The report (PDF or CSV) names the workstation of each row. Searching and "
            "exporting are logged on the server. The Access log tab shows this workstation's own log. "
            "A personal identity number is looked up by its keyed value; the number itself is not sent."
        )
        row = self._filter_row()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(
            page(
                hint(text),
                row,
                hbox(self.protected_only, None),
                (self.view, 1),
                self.status,
                hbox(self.csv_button, self.pdf_button, None),
            )
        )
        self._update_buttons()

    def _filter_row(self) -> Any:
        filters: list[QWidget | None] = []
        for label, widget in (
            (self.tr("Account"), self.account),
            (self.tr("Patient"), self.patient),
            (self.tr("Action"), self.action),
            (self.tr("From"), self.date_from),
            (self.tr("To"), self.date_to),
        ):
            filters += [caption(label, widget), widget]
        row = hbox(*filters, self.search_button)
        self.patient.setMinimumWidth(200)
        row.setStretchFactor(self.patient, 1)
        return row

    def title(self) -> str:
        return self.tr("Unit log (server)")

    def _fill_actions(self) -> None:
        self.action.clear()
        self.action.addItem(self.tr("All actions"), None)
        for action in AuditAction:
            self.action.addItem(action.label(errors.current_lang()), action.code)

    def _fill_accounts(self, accounts: list[ServerAccountRow]) -> None:
        chosen = self.account.currentData()
        self.account.clear()
        self.account.addItem(self.tr("All accounts"), None)
        for a in accounts:
            self.account.addItem(f"{a.username} – {a.display_name}", a.id)
        self.account.setCurrentIndex(max(0, self.account.findData(chosen)))

    def _update_buttons(self) -> None:
        on = self.report is not None
        for b in (self.search_button, self.csv_button, self.pdf_button):
            b.setEnabled(on)

    # ----- session ------------------------------------------------------------------------------------
    def open(self, report: UnitLogReport) -> None:
        self.report = report
        self.model.lang = errors.current_lang()
        self._update_buttons()
        generation = self._generation

        def accounts(rows: list[ServerAccountRow]) -> None:
            if generation == self._generation:
                self._fill_accounts(rows)

        # a failure here is said by the search below, in the status line
        self.ops.run_without_store(report.accounts, accounts, lambda _exc: None)
        self.refresh()

    def close_session(self) -> None:
        self._generation += 1
        self.report = None
        self.model.clear()
        self.status.clear()
        self.patient.clear()
        self.protected_only.setChecked(False)
        self._fill_accounts([])
        self.action.setCurrentIndex(0)
        self._update_buttons()

    # ----- reading ------------------------------------------------------------------------------------
    def current_filter(self) -> AuditFilter | None:
        start, end = (
            dt.date(d.year(), d.month(), d.day()) for d in (self.date_from.date(), self.date_to.date())
        )
        if start > end:
            self.status.setText(self.tr("The start date is after the end date."))
            return None
        action = self.action.currentData()
        return UnitLogFilter(
            account_id=self.account.currentData(),
            patient_id=self.patient.text().strip() or None,
            action=AuditAction(action) if action else None,
            since=dt.datetime.combine(start, dt.time()).astimezone(),
            until=dt.datetime.combine(end + dt.timedelta(days=1), dt.time()).astimezone(),
            protected_only=self.protected_only.isChecked(),
        )

    def _failed(self, generation: int) -> Any:
        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            if isinstance(exc, KnownError):  # offline, refused: say so here, no dialog
                self.status.setText(exc.message(errors.current_lang()))
            else:
                errors.handle(self, exc)

        return failed

    def refresh(self) -> None:
        report, f, generation = self.report, self.current_filter(), self._generation
        if report is None or f is None:
            return
        self.status.setText(self.tr("Asking the unit's server…"))

        def done(result: tuple[list[UnitLogRow], bool]) -> None:
            if generation != self._generation:
                return
            rows, more = result
            self.model.set_unit_rows(rows)
            if more:
                text = self.tr("The newest %1 rows are shown. An export holds every matching row.")
            elif rows:
                text = self.tr("%1 rows from the unit's server, newest first.")
            else:
                text = self.tr("No log rows match the selection.")
            self.status.setText(text.replace("%1", str(len(rows))))

        self.ops.run_without_store(
            lambda: report.search(_by_number(report, f)), done, self._failed(generation)
        )

    def export(self, kind: str) -> None:
        report, f, generation = self.report, self.current_filter(), self._generation
        if report is None or f is None:
            return
        pdf = kind == "pdf"
        target = ask_save_path(
            self,
            self.tr("Export as PDF") if pdf else self.tr("Export as CSV"),
            Path.home() / f"loggkontroll-enheten-{dt.date.today().isoformat()}.{kind}",
            self.tr("PDF files (*.pdf)") if pdf else self.tr("CSV files (*.csv)"),
            f".{kind}",
        )
        if target is None:
            return
        lang = errors.current_lang()

        def job() -> Path:
            chosen = _by_number(report, f)  # the patient's own request (PDL 8:5)
            data = report.pdf(chosen, lang) if pdf else report.csv(chosen, lang)
            write_file(target, data)  # temp file in the same folder, fsync, os.replace
            return target

        def done(path: Path) -> None:
            if generation == self._generation:
                self.status.setText(self.tr("Saved to %1").replace("%1", str(path)))

        self.status.setText(self.tr("Exporting…"))
        self.ops.run_without_store(job, done, self._failed(generation))


def _by_number(report: UnitLogReport, f: AuditFilter) -> AuditFilter:
    """The filter with a personal identity number in the patient field looked up on the server by its
    keyed value (on the worker thread); a patient id is left as it is."""
    text = f.patient_id or ""
    if sum(ch.isdigit() for ch in text) >= 10 and len(text) <= 13:
        return dataclasses.replace(f, patient_id=report.patient_for_number(text))
    return f
