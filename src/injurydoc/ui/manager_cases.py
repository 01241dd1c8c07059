"""The manager page's "Protected cases" tab: cases of people with protected personal data, without
names or numbers; access granted (with a reason and an end date) and revoked per account."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QLineEdit, QVBoxLayout, QWidget

from injurydoc.domain.models import Account
from injurydoc.services.grants import GrantService, ProtectedCase
from injurydoc.services.session import Session
from injurydoc.ui import errors
from injurydoc.ui.manager_models import (
    ProtectedCasesModel,
    TabJobs,
    button,
    caption,
    hbox,
    hint,
    page,
    reselect,
    selected_row,
    table,
)
from injurydoc.ui.ops import Ops


class ProtectedCasesTab(QWidget):
    """The protected cases; "Show in access log" asks the page for a case's log
    (:attr:`log_requested` with the patient id and the day the case was started)."""

    log_requested = Signal(str, object)  # patient id, dt.date

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: Session | None = None
        self.jobs = TabJobs(ops, self)
        self.accounts: list[Account] = []
        self.cases_model = ProtectedCasesModel(errors.current_lang())
        self.cases_view = table(self.cases_model)
        self.cases_view.selectionModel().selectionChanged.connect(self.update_buttons)
        self.grant_account = QComboBox()
        self.grant_account.setMinimumWidth(240)
        self.grant_button = button(self.tr("Grant access"), lambda: self.change_access(grant=True))
        # A grant has a reason and an end date; on the day after it, access stops by itself.
        self.grant_reason = QLineEdit()
        self.grant_reason.setPlaceholderText(self.tr("Reason, e.g. covering for the case's handler"))
        self.grant_until = QDateEdit(QDate.currentDate().addDays(30))
        self.grant_until.setCalendarPopup(True)
        self.grant_until.setDisplayFormat("yyyy-MM-dd")
        self.grant_until.setMinimumDate(QDate.currentDate())
        self.revoke_button = button(self.tr("Revoke access"), lambda: self.change_access(grant=False))
        self.case_log_button = button(self.tr("Show in access log"), self.show_case_log)
        self.cases_message = QLabel("")
        text = self.tr(
            "Cases of people with protected personal data. Only the person who started the case, "
            "co-handlers and accounts you give access can open them. Names and personal numbers are "
            "not shown here."
        )
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(
            page(
                hint(text),
                (self.cases_view, 1),
                hbox(
                    caption(self.tr("Account"), self.grant_account),
                    self.grant_account,
                    caption(self.tr("Reason"), self.grant_reason),
                    self.grant_reason,
                    caption(self.tr("Until"), self.grant_until),
                    self.grant_until,
                    self.grant_button,
                    self.revoke_button,
                    None,
                    self.case_log_button,
                ),
                self.cases_message,
            )
        )
        self.update_buttons()

    # ----- session ------------------------------------------------------------------------------
    def open_session(self, session: Session) -> None:
        self.session = session
        self.cases_model.lang = errors.current_lang()
        self.refresh_cases()

    def close_session(self) -> None:
        """Forget everything shown; late results of old jobs are dropped."""
        self.jobs.invalidate()
        self.session = None
        self.cases_model.clear()
        self.set_accounts([])
        self.cases_message.clear()

    def set_accounts(self, accounts: list[Account]) -> None:
        """The accounts access can be granted to (the active ones), keeping the one chosen."""
        self.accounts = accounts
        chosen = self.grant_account.currentData()
        self.grant_account.clear()
        for a in accounts:
            if a.active:
                self.grant_account.addItem(f"{a.username} – {a.display_name}", a.id)
        self.grant_account.setCurrentIndex(max(0, self.grant_account.findData(chosen)))
        self.update_buttons()

    def selected_case(self) -> ProtectedCase | None:
        return selected_row(self.cases_view, self.cases_model)  # type: ignore[no-any-return]

    def update_buttons(self, *_args: object) -> None:
        on = self.session is not None
        case = self.selected_case()
        for b in (self.grant_button, self.revoke_button):
            b.setEnabled(on and case is not None and self.grant_account.count() > 0)
        self.case_log_button.setEnabled(on and case is not None)

    # ----- cases and access ---------------------------------------------------------------------
    def refresh_cases(self) -> None:
        if self.session is not None:
            self.jobs.run(GrantService(self.session).protected_cases, self._show_cases)

    def _show_cases(self, cases: list[ProtectedCase]) -> None:
        selected = self.selected_case()
        self.cases_model.set_cases(cases, {a.id: a.username for a in self.accounts})
        reselect(self.cases_view, [c.patient_id for c in cases], selected.patient_id if selected else None)
        self.update_buttons()

    def change_access(self, *, grant: bool) -> None:
        case = self.selected_case()
        account_id = self.grant_account.currentData()
        session = self.session
        if case is None or account_id is None or session is None:
            return
        name = self.grant_account.currentText().split(" – ")[0]
        svc = GrantService(session)
        if grant:
            message = self.tr("%1 may now open the case.").replace("%1", name)
            reason = self.grant_reason.text()
            d = self.grant_until.date()
            until = dt.date(d.year(), d.month(), d.day())
            job: Callable[[], Any] = lambda: svc.grant(  # noqa: E731
                case.patient_id, account_id, reason=reason, until=until
            )
        else:
            job = lambda: svc.revoke(case.patient_id, account_id)  # noqa: E731
            message = self.tr("%1 can no longer open the case.").replace("%1", name)

        def done(result: Any) -> None:
            text = (
                message if result is not False else self.tr("%1 had no access to revoke.").replace("%1", name)
            )
            self.cases_message.setText(text)
            self.refresh_cases()

        self.jobs.run(job, done)

    def show_case_log(self) -> None:
        case = self.selected_case()
        if case is not None:
            self.log_requested.emit(case.patient_id, case.created_at.astimezone().date())
