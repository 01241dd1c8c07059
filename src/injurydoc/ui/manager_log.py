"""The manager page's "Access log" tab (loggkontroll): search the access log by account, patient
(or personal identity number), action and dates; export the selection as CSV or PDF; verify the
log's chain."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from injurydoc.domain.models import Account, AuditEvent
from injurydoc.domain.vocab import AuditAction
from injurydoc.services.audit_log import AuditFilter, AuditService, VerifyResult
from injurydoc.services.files import write_file
from injurydoc.services.log_report import LogReportService
from injurydoc.services.session import Session
from injurydoc.ui import errors
from injurydoc.ui.files import ask_save_path
from injurydoc.ui.manager_models import (
    ERROR_STYLE,
    OK_STYLE,
    AuditModel,
    TabJobs,
    button,
    caption,
    hbox,
    hint,
    page,
    table,
)
from injurydoc.ui.ops import Ops

#: Rows shown on screen; an export holds every matching row.
LOG_LIMIT = 1000
#: Breaks of the access log listed under "Verify the log" (the command line lists every one).
SHOWN_BREAKS = 8


class AccessLogTab(QWidget):
    """The access log: a selection, its rows (newest first), exports and the chain check."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: Session | None = None
        self.jobs = TabJobs(ops, self)
        self.log_model = AuditModel(errors.current_lang())
        filter_row = self._filter_row()
        self.log_view = table(self.log_model)
        self.log_status = QLabel(self.tr("Choose a selection and press Search."))
        self.log_status.setWordWrap(True)
        self.csv_button = button(self.tr("Export as CSV…"), lambda: self.export("csv"))
        self.pdf_button = button(self.tr("Export as PDF…"), lambda: self.export("pdf"))
        self.verify_button = button(self.tr("Verify the log"), self.verify_log)
        self.verify_result = QLabel("")
        self.verify_result.setWordWrap(True)
        text = self.tr(
            "Every opening, change, export and print is logged. Searching, exporting and verifying "
            "are logged too. An export holds every row of the selection above."
        )
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(
            page(
                hint(text),
                filter_row,
                (self.log_view, 1),
                self.log_status,
                hbox(self.csv_button, self.pdf_button, None, self.verify_button),
                self.verify_result,
            )
        )
        self.set_accounts([])
        self.update_buttons()

    def _filter_row(self) -> QHBoxLayout:
        """The selection: account, patient, action, dates, and the search button."""
        self.log_account, self.log_action = QComboBox(), QComboBox()
        for combo in (self.log_account, self.log_action):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        self.log_patient = QLineEdit()
        self.log_patient.setPlaceholderText(self.tr("Personal identity number or patient id"))
        self.log_patient.setClearButtonEnabled(True)
        self.log_patient.setMinimumWidth(150)
        self.log_patient.returnPressed.connect(self.search_log)
        self.log_action.addItem(self.tr("All actions"), None)
        for action in AuditAction:
            self.log_action.addItem(action.label(errors.current_lang()), action.code)
        today = QDate.currentDate()
        self.log_from, self.log_to = QDateEdit(today.addDays(-30)), QDateEdit(today)
        for edit in (self.log_from, self.log_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.search_button = button(self.tr("Search"), self.search_log)
        self.search_button.setDefault(True)
        filters: list[QWidget | None] = []
        for label, widget in (
            (self.tr("Account"), self.log_account),
            (self.tr("Patient"), self.log_patient),
            (self.tr("Action"), self.log_action),
            (self.tr("From"), self.log_from),
            (self.tr("To"), self.log_to),
        ):
            filters += [caption(label, widget), widget]
        row = hbox(*filters, self.search_button)
        row.setStretchFactor(self.log_patient, 1)
        return row

    # ----- session ------------------------------------------------------------------------------
    def open_session(self, session: Session) -> None:
        self.session = session
        self.log_model.lang = errors.current_lang()
        self.update_buttons()

    def close_session(self) -> None:
        """Forget everything shown; late results of old jobs are dropped."""
        self.jobs.invalidate()
        self.session = None
        self.log_model.clear()
        self.set_accounts([])
        self.log_patient.clear()
        self.log_action.setCurrentIndex(0)
        self.log_status.setText(self.tr("Choose a selection and press Search."))
        self.verify_result.clear()
        self.update_buttons()

    def set_accounts(self, accounts: list[Account]) -> None:
        """The accounts offered in the selection (with "All accounts"), keeping the one chosen."""
        chosen = self.log_account.currentData()
        self.log_account.clear()
        self.log_account.addItem(self.tr("All accounts"), None)
        for a in accounts:
            self.log_account.addItem(f"{a.username} – {a.display_name}", a.id)
        self.log_account.setCurrentIndex(max(0, self.log_account.findData(chosen)))

    def update_buttons(self) -> None:
        on = self.session is not None
        for b in (self.search_button, self.csv_button, self.pdf_button, self.verify_button):
            b.setEnabled(on)

    def show_case(self, patient_id: str, since: dt.date) -> None:
        """The whole log of one case, from the day it was started until today."""
        self.log_patient.setText(patient_id)
        self.log_account.setCurrentIndex(0)
        self.log_action.setCurrentIndex(0)
        self.log_from.setDate(QDate(since.year, since.month, since.day))
        self.log_to.setDate(QDate.currentDate())
        self.search_log()

    # ----- search, export, verify ---------------------------------------------------------------
    def current_filter(self) -> AuditFilter | None:
        start, end = (
            dt.date(d.year(), d.month(), d.day()) for d in (self.log_from.date(), self.log_to.date())
        )
        if start > end:
            self.log_status.setText(self.tr("The start date is after the end date."))
            return None
        action = self.log_action.currentData()
        return AuditFilter(
            account_id=self.log_account.currentData(),
            patient_id=self.log_patient.text().strip() or None,
            action=AuditAction(action) if action else None,
            since=dt.datetime.combine(start, dt.time()).astimezone(),
            until=dt.datetime.combine(end + dt.timedelta(days=1), dt.time()).astimezone(),
        )

    def search_log(self) -> None:
        f, session = self.current_filter(), self.session
        if f is None or session is None:
            return
        self.log_status.setText(self.tr("Searching…"))
        # A personal identity number (the patient's own request, PDL 8:5) is looked up to the patient id.
        base: AuditFilter = f

        def job() -> tuple[list[AuditEvent], dict[str, str]]:
            chosen = _by_number(session, base)
            events = AuditService(session).events(chosen, limit=LOG_LIMIT)
            return events, LogReportService(session).target_names(events)

        self.jobs.run(job, self._show_events)

    def _show_events(self, result: tuple[list[AuditEvent], dict[str, str]]) -> None:
        events, targets = result
        self.log_model.set_events(events, targets)
        if len(events) >= LOG_LIMIT:
            text = self.tr("The newest %1 rows are shown. An export holds every matching row.")
        elif events:
            text = self.tr("%1 rows, newest first.")
        else:
            text = self.tr("No log rows match the selection.")
        self.log_status.setText(text.replace("%1", str(len(events))))

    def export(self, kind: str) -> None:
        f, session = self.current_filter(), self.session
        if f is None or session is None:
            return
        pdf = kind == "pdf"
        target = ask_save_path(
            self,
            self.tr("Export as PDF") if pdf else self.tr("Export as CSV"),
            Path.home() / f"loggkontroll-{dt.date.today().isoformat()}.{kind}",
            self.tr("PDF files (*.pdf)") if pdf else self.tr("CSV files (*.csv)"),
            f".{kind}",
        )
        if target is None:
            return
        lang = errors.current_lang()
        svc = LogReportService(session)
        base: AuditFilter = f

        def job() -> Path:
            # By personal identity number: the extract for a patient's own request (PDL 8:5).
            chosen = _by_number(session, base)
            data = svc.pdf(chosen, lang) if pdf else svc.csv(chosen, lang)
            write_file(target, data)  # temp file in the same folder, fsync, os.replace
            return target

        self.log_status.setText(self.tr("Exporting…"))
        self.jobs.run(job, lambda p: self.log_status.setText(self.tr("Saved to %1").replace("%1", str(p))))

    def verify_log(self) -> None:
        if self.session is not None:
            self.verify_result.setStyleSheet("")
            self.verify_result.setText(self.tr("Checking…"))
            self.jobs.run(AuditService(self.session).verify, self._show_verified)

    def _show_verified(self, result: VerifyResult) -> None:
        if result.whole:
            self.verify_result.setStyleSheet(OK_STYLE)
            text = self.tr("The access log is whole: %1 rows checked.").replace("%1", str(result.rows))
        else:
            self.verify_result.setStyleSheet(ERROR_STYLE)
            text = self.tr("The access log is broken. Keep the store as it is and contact IT.")
            shown = result.lines[:SHOWN_BREAKS]
            text += "\n" + "\n".join(f"• {line.text(errors.current_lang())}" for line in shown)
            if len(result.lines) > len(shown):
                more = self.tr("… and %1 more (all of them: injurydoc audit verify).")
                text += "\n" + more.replace("%1", str(len(result.lines) - len(shown)))
        self.verify_result.setText(text)


def _by_number(session: Session, f: AuditFilter) -> AuditFilter:
    """The filter with a personal identity number in the patient field looked up to the patient id
    (on the store thread); a patient id is left as it is."""
    text = f.patient_id or ""
    if sum(ch.isdigit() for ch in text) >= 10 and len(text) <= 13:
        return dataclasses.replace(f, patient_id=LogReportService(session).patient_for_number(text))
    return f
