"""The unit manager's page: accounts, access to protected cases, and the access log (loggkontroll)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.errors import KnownError
from injurydoc.domain.models import Account, AuditEvent
from injurydoc.domain.vocab import AuditAction
from injurydoc.services.accounts import AccountService
from injurydoc.services.audit_log import AuditFilter, AuditService, VerifyResult
from injurydoc.services.files import write_file
from injurydoc.services.grants import GrantService, ProtectedCase
from injurydoc.services.log_report import LogReportService
from injurydoc.services.session import Session
from injurydoc.services.unit_desktop import unit_accounts, unit_grants, unit_statistics
from injurydoc.services.unit_key_refusals import UNBOUND, RefusedKey, refused_keys
from injurydoc.ui import errors
from injurydoc.ui.files import ask_save_path
from injurydoc.ui.manager_models import (
    ERROR_STYLE,
    OK_STYLE,
    AccountDialog,
    AccountsModel,
    AuditModel,
    FormDialog,
    PasswordDialog,
    ProtectedCasesModel,
)
from injurydoc.ui.manager_tabs import ManagerTabs
from injurydoc.ui.ops import Ops, SessionJobs
from injurydoc.ui.rekey_dialog import RekeyDialog
from injurydoc.ui.statistics_view import StatisticsView
from injurydoc.ui.unit_contacts import UnitContactsEditor
from injurydoc.ui.unit_grants_view import UnitGrantsView
from injurydoc.ui.unit_workstations import WorkstationsView, open_unit_tab

#: Rows shown on screen; an export holds every matching row.
LOG_LIMIT = 1000
#: Breaks of the access log listed under "Verify the log" (the command line lists every one).
SHOWN_BREAKS = 8


class ManagerPage(ManagerTabs):
    """Three tabs for a unit manager.  Store calls go through ``ops``; models change on the GUI thread."""

    accounts_changed = Signal()
    back_requested = Signal()
    sign_out_requested = Signal()

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("manager")
        self.ops = ops
        self.session: Session | None = None
        self._jobs = SessionJobs()
        self.accounts: list[Account] = []
        self.dialog: FormDialog | None = None
        lang = errors.current_lang()
        self.accounts_model = AccountsModel(lang)
        self.cases_model = ProtectedCasesModel(lang)
        self.log_model = AuditModel(lang)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._accounts_tab(), self.tr("Accounts"))
        self.tabs.addTab(self._cases_tab(), self.tr("Protected cases"))
        self.tabs.addTab(self._log_tab(), self.tr("Access log"))
        self.contacts_editor = UnitContactsEditor(ops)
        self.tabs.addTab(self.contacts_editor, self.tr("Help contacts"))
        self.statistics = StatisticsView()
        self.tabs.addTab(self.statistics, self.tr("Statistics"))
        self.workstations: WorkstationsView | None = None  # unit mode only
        #: unit mode: the unit's accounts live on its server (services.unit_admin), else None
        self.unit_accounts: Any = None
        self.unit_grants_view: UnitGrantsView | None = None  # unit mode only
        self.back_button = QPushButton(self.tr("← Back to the examinations"))
        self.back_button.clicked.connect(self.back_requested.emit)
        self.sign_out_button = QPushButton(self.tr("Sign out"))
        self.sign_out_button.clicked.connect(self.sign_out_requested.emit)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        top.addWidget(self.sign_out_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs)
        self._update_buttons()

    # ----- layout -------------------------------------------------------------------------------
    def open_session(self, session: Session) -> None:
        self.close_session()
        self.session = session
        lang = errors.current_lang()
        for model in (self.accounts_model, self.cases_model, self.log_model):
            model.lang = lang
        self.unit_accounts = unit_accounts(session)
        self.accounts_hint.setText(self.accounts_hint_text())
        self.refresh_accounts()
        self.refresh_cases()
        self.contacts_editor.open_session(session)
        self.statistics.open_session(session, self.ops, unit_statistics(session))
        self.workstations = open_unit_tab(self.tabs, self.ops, self.workstations, session)
        self._open_unit_grants(session)

    def close_session(self) -> None:
        """Forget everything shown (sign-out and auto-lock); late results of old jobs are dropped."""
        self._jobs.invalidate()
        self.session = None
        self.unit_accounts = None
        self.accounts_status.clear()
        self.show_key_refusals([])
        if self.unit_grants_view is not None:
            self.unit_grants_view.close_session()
        self.statistics.close_session()
        if self.workstations is not None:
            self.workstations.close_session()
        self.accounts = []
        for model in (self.accounts_model, self.cases_model, self.log_model):
            model.clear()
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog = None
        self._fill_account_combos()
        self.log_patient.clear()
        self.log_action.setCurrentIndex(0)
        self.log_status.setText(self.tr("Choose a selection and press Search."))
        self.verify_result.clear()
        self.cases_message.clear()
        self.contacts_editor.close_session()
        self._update_buttons()

    def _run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        *,
        store: bool = True,
    ) -> None:
        """``ops.run`` that drops the result when the session has changed in between (``store=False``:
        work on the unit's server, on the free pool)."""
        show = lambda e: errors.handle(self, e)  # noqa: E731
        self._jobs.run(self.ops, fn, on_done, on_error or show, show, store=store)

    def _open_unit_grants(self, session: Session) -> None:
        """The "Grants (server)" tab: shown in unit mode, hidden otherwise."""
        svc = unit_grants(session)
        view = self.unit_grants_view
        if svc is None:
            if view is not None:
                self.tabs.setTabVisible(self.tabs.indexOf(view), False)
            return
        if view is None:
            view = self.unit_grants_view = UnitGrantsView(self.ops)
            self.tabs.addTab(view, view.title())
            self.accounts_changed.connect(lambda: view.set_accounts(self.accounts))
        self.tabs.setTabVisible(self.tabs.indexOf(view), True)
        view.open(svc, self.accounts)

    def accounts_hint_text(self) -> str:
        if getattr(self, "unit_accounts", None) is not None:  # (also asked while the tabs are built)
            return self.tr(
                "The unit's accounts are kept on its server: what you change here applies on every "
                "workstation from its next sync. Each person has an account of their own. A disabled "
                "account can no longer sign in anywhere; its history is kept."
            )
        return self.tr(
            "Each person has an account of their own. A disabled account can no longer open "
            "the store; its history is kept. Setting a new password enables it again."
        )

    def needs_server(self, exc: BaseException) -> str:
        """The words for a server call that failed: the server's own message, and that nothing changed."""
        text = exc.message(errors.current_lang()) if isinstance(exc, KnownError) else ""
        return self.tr(
            "This needs the unit's server. Nothing was changed and what you typed is kept; try again "
            "when the server answers."
        ) + (" " + text if text else "")

    def _selected(self, view: QTableView, model: Any) -> Any:
        rows = view.selectionModel().selectedRows()
        return model.row(rows[0]) if rows else None

    @staticmethod
    def _reselect(view: QTableView, keys: list[str], key: str | None) -> None:
        """Keep the row the manager had chosen selected across a refresh."""
        if key in keys:
            view.selectRow(keys.index(key))

    def _update_buttons(self, *_args: object) -> None:
        on = self.session is not None
        account = self._selected(self.accounts_view, self.accounts_model)
        case = self._selected(self.cases_view, self.cases_model)
        self.new_button.setEnabled(on)
        # in unit mode the button enables a disabled account again (server schema 0011)
        unit = getattr(self, "unit_accounts", None) is not None
        again = unit and account is not None and not account.active
        self.disable_button.setText(self.tr("Enable again") if again else self.tr("Disable"))
        self.disable_button.setEnabled(on and account is not None and (account.active or again))
        self.password_button.setEnabled(on and account is not None)
        for b in (self.grant_button, self.revoke_button):
            b.setEnabled(on and case is not None and self.grant_account.count() > 0)
        self.case_log_button.setEnabled(on and case is not None)
        for b in (
            self.search_button,
            self.csv_button,
            self.pdf_button,
            self.verify_button,
            self.rekey_button,
        ):
            b.setEnabled(on)

    # ----- accounts -----------------------------------------------------------------------------
    def refresh_accounts(self) -> None:
        if self.session is None:
            return
        session = self.session
        self._run(lambda: refused_keys(session), self.show_key_refusals)
        unit = self.unit_accounts
        if unit is None:
            self._run(AccountService(self.session).list, self._show_accounts)
            return
        self.accounts_status.setText(self.tr("Asking the unit's server…"))

        def shown(accounts: list[Account]) -> None:
            self.accounts_status.clear()
            self._show_accounts(accounts)

        self._run(unit.list, shown, self._accounts_failed, store=False)

    def show_key_refusals(self, rows: list[RefusedKey]) -> None:
        """Unit mode: each account whose encryption key this workstation's syncs refused a protected
        person's key, one plain line each with what to do (hidden when there is none)."""
        lines = []
        for r in rows:
            if r.kind == UNBOUND:
                line = self.tr(
                    "%1: the account's encryption key was registered before key bindings, so protected "
                    "cases are not shared with it. Ask %1 to sign in again on their workstation; the key "
                    "is bound at its next sync."
                )
            else:
                line = self.tr(
                    "%1: an encryption key in this account's name was not registered by the account "
                    "itself or does not match its signing key, so protected cases are not shared with "
                    "it. Ask %1 to sign in again on their workstation, and tell IT: the key may have "
                    "been put on the server by someone else."
                )
            lines.append("• " + line.replace("%1", r.username))
        head = self.tr("Encryption keys refused for protected cases (from this workstation's syncs):")
        self.key_refusals.setText("\n".join([head, *lines]) if lines else "")
        self.key_refusals.setVisible(bool(lines))

    def _accounts_failed(self, exc: BaseException) -> None:
        if isinstance(exc, KnownError):  # the server did not answer or refused: said here
            self.accounts_status.setText(self.needs_server(exc))
        else:
            errors.handle(self, exc)

    def _show_accounts(self, accounts: list[Account]) -> None:
        selected = self._selected(self.accounts_view, self.accounts_model)
        self.accounts = accounts
        self.accounts_model.set_rows(accounts)
        self._reselect(self.accounts_view, [a.id for a in accounts], selected and selected.id)
        self._fill_account_combos()
        self._update_buttons()
        self.accounts_changed.emit()

    def _fill_account_combos(self) -> None:
        chosen_grant, chosen_log = self.grant_account.currentData(), self.log_account.currentData()
        self.grant_account.clear()
        self.log_account.clear()
        self.log_account.addItem(self.tr("All accounts"), None)
        for a in self.accounts:
            label = f"{a.username} – {a.display_name}"
            if a.active:
                self.grant_account.addItem(label, a.id)
            self.log_account.addItem(label, a.id)
        self.grant_account.setCurrentIndex(max(0, self.grant_account.findData(chosen_grant)))
        self.log_account.setCurrentIndex(max(0, self.log_account.findData(chosen_log)))

    def new_account(self) -> AccountDialog:
        dialog = AccountDialog(errors.current_lang(), self)
        self._open_dialog(dialog, lambda svc, values: svc.create(**values))
        return dialog

    def set_password(self) -> PasswordDialog | None:
        account = self._selected(self.accounts_view, self.accounts_model)
        if account is None:
            return None
        dialog = PasswordDialog(account, self)
        self._open_dialog(dialog, lambda svc, password: svc.set_password(account.id, password))
        return dialog

    def _open_dialog(self, dialog: FormDialog, call: Callable[[AccountService, Any], Any]) -> None:
        """Open ``dialog`` (window-modal, not blocking); OK runs ``call`` on the store's thread."""
        session = self.session
        if session is None:
            return

        unit = self.unit_accounts

        def refused(exc: BaseException) -> None:
            dialog.refused(exc)  # the dialog stays open with what was typed
            if unit is not None and isinstance(exc, KnownError):
                dialog.message.setText(self.needs_server(exc))

        def submitted(value: Any) -> None:
            svc = unit or AccountService(session)
            self._run(
                lambda: call(svc, value),
                lambda _r: self._dialog_done(dialog),
                refused,
                store=unit is None,
            )

        def finished(_result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None

        dialog.submitted.connect(submitted)
        dialog.finished.connect(finished)
        self.dialog = dialog
        dialog.open()

    def _dialog_done(self, dialog: FormDialog) -> None:
        dialog.succeeded()
        self.refresh_accounts()

    def disable_account(self) -> None:
        account = self._selected(self.accounts_view, self.accounts_model)
        session = self.session
        if account is None or session is None:
            return
        if self.unit_accounts is not None and not account.active:
            self.enable_account(account)
            return
        question = (
            self.tr(
                "Disable the account %1 on the unit's server? It can no longer sign in on any "
                "workstation; its history is kept."
            )
            if self.unit_accounts is not None
            else self.tr("Disable the account %1? It can no longer open the store; its history is kept.")
        )
        answer = QMessageBox.question(
            self, self.tr("Disable account"), question.replace("%1", account.username)
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        unit = self.unit_accounts
        if unit is None:
            self._run(lambda: AccountService(session).disable(account.id), lambda _r: self.refresh_accounts())
            return
        self._run(
            lambda: unit.disable(account.id),
            lambda _r: self.refresh_accounts(),
            self._accounts_failed,
            store=False,
        )

    def enable_account(self, account: Any) -> None:
        """Unit mode: a disabled account may sign in again, after the manager confirms."""
        unit = self.unit_accounts
        if unit is None:
            return
        question = self.tr(
            "Enable the account %1 again on the unit's server? It can sign in again on every "
            "workstation, with the same rights as before it was disabled. The server logs this."
        )
        answer = QMessageBox.question(
            self, self.tr("Enable account again"), question.replace("%1", account.username)
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._run(
            lambda: unit.enable(account.id),
            lambda _r: self.refresh_accounts(),
            self._accounts_failed,
            store=False,
        )

    def rekey_store(self) -> RekeyDialog | None:
        """A new data key for the store, with progress (services/rekey.py); window-modal."""
        if self.session is None:
            return None
        dialog = RekeyDialog(self.ops, self.session, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
        return dialog

    # ----- protected cases ----------------------------------------------------------------------
    def refresh_cases(self) -> None:
        if self.session is not None:
            self._run(GrantService(self.session).protected_cases, self._show_cases)

    def _show_cases(self, cases: list[ProtectedCase]) -> None:
        selected = self._selected(self.cases_view, self.cases_model)
        self.cases_model.set_cases(cases, {a.id: a.username for a in self.accounts})
        self._reselect(self.cases_view, [c.patient_id for c in cases], selected and selected.patient_id)
        self._update_buttons()

    def _change_access(self, *, grant: bool) -> None:
        case = self._selected(self.cases_view, self.cases_model)
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

        self._run(job, done)

    def show_case_log(self) -> None:
        case = self._selected(self.cases_view, self.cases_model)
        if case is None:
            return
        self.log_patient.setText(case.patient_id)
        self.log_account.setCurrentIndex(0)
        self.log_action.setCurrentIndex(0)
        self.log_from.setDate(case.created_at.astimezone().date())
        self.log_to.setDate(QDate.currentDate())
        self.tabs.setCurrentIndex(2)
        self.search_log()

    # ----- access log ---------------------------------------------------------------------------
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

        self._run(job, self._show_events)

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
        self._run(job, lambda p: self.log_status.setText(self.tr("Saved to %1").replace("%1", str(p))))

    def verify_log(self) -> None:
        if self.session is not None:
            self.verify_result.setStyleSheet("")
            self.verify_result.setText(self.tr("Checking…"))
            self._run(AuditService(self.session).verify, self._show_verified)

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
