"""The manager page's "Accounts" tab: the store's (or, in unit mode, the unit server's) accounts,
new accounts, passwords, disabling and enabling again, re-keying the store, and the encryption keys
this workstation's syncs refused for protected cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QVBoxLayout, QWidget

from injurydoc.domain.errors import KnownError
from injurydoc.domain.models import Account
from injurydoc.services.accounts import AccountService
from injurydoc.services.session import Session
from injurydoc.services.unit_desktop import unit_accounts
from injurydoc.services.unit_key_refusals import UNBOUND, UNCERTIFIED, RefusedKey, refused_keys
from injurydoc.ui import errors
from injurydoc.ui.manager_dialogs import AccountDialog, FormDialog, PasswordDialog
from injurydoc.ui.manager_models import (
    AccountsModel,
    TabJobs,
    button,
    hbox,
    hint,
    page,
    reselect,
    selected_row,
    table,
)
from injurydoc.ui.ops import Ops
from injurydoc.ui.rekey_dialog import RekeyDialog
from injurydoc.ui.unit_key_panel import UnitKeyPanel


class AccountsTab(QWidget):
    """The accounts of the store or the unit; :attr:`accounts_changed` carries each new list."""

    accounts_changed = Signal(list)  # list[Account]

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.session: Session | None = None
        self.jobs = TabJobs(ops, self)
        self.accounts: list[Account] = []
        self.dialog: FormDialog | None = None
        #: unit mode: the unit's accounts live on its server (services.unit_admin), else None
        self.unit_accounts: Any = None
        self.accounts_model = AccountsModel(errors.current_lang())
        self.accounts_view = table(self.accounts_model)
        self.accounts_view.selectionModel().selectionChanged.connect(self.update_buttons)
        self.new_button = button(self.tr("New account…"), self.new_account)
        self.disable_button = button(self.tr("Disable"), self.disable_account)
        self.password_button = button(self.tr("Set new password…"), self.set_password)
        self.rekey_button = button(self.tr("Re-key the store…"), self.rekey_store)
        self.accounts_hint = hint(self.accounts_hint_text())
        self.accounts_status = QLabel("")
        self.accounts_status.setObjectName("accounts_status")
        self.accounts_status.setWordWrap(True)
        self.key_refusals = QLabel("")  # unit mode: keys refused for protected cases
        self.key_refusals.setObjectName("key_refusals")
        self.key_refusals.setWordWrap(True)
        self.key_refusals.setVisible(False)
        self.key_holders_note = QLabel("")  # unit mode: the accounts a store import made to hold a key
        self.key_holders_note.setObjectName("key_holders_note")
        self.key_holders_note.setWordWrap(True)
        self.key_holders_note.setVisible(False)
        self.unit_key_panel = UnitKeyPanel(ops)  # unit mode: the unit key and the keys to certify
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(
            page(
                self.accounts_hint,
                (self.accounts_view, 1),
                self.accounts_status,
                self.key_holders_note,
                self.key_refusals,
                self.unit_key_panel,
                hbox(self.new_button, self.disable_button, self.password_button, None, self.rekey_button),
            )
        )
        self.update_buttons()

    # ----- session ------------------------------------------------------------------------------
    def open_session(self, session: Session) -> None:
        self.session = session
        self.accounts_model.lang = errors.current_lang()
        self.unit_accounts = unit_accounts(session)
        self.accounts_hint.setText(self.accounts_hint_text())
        self.refresh_accounts()
        self.unit_key_panel.open_session(session)

    def close_session(self) -> None:
        """Forget everything shown; late results of old jobs are dropped."""
        self.jobs.invalidate()
        self.session = None
        self.unit_accounts = None
        self.accounts_status.clear()
        self.show_key_refusals([])
        self.unit_key_panel.close_session()
        self.accounts = []
        self.accounts_model.set_accounts([], {})
        self.show_key_holders()
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog = None
        self.update_buttons()

    def accounts_hint_text(self) -> str:
        if self.unit_accounts is not None:
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

    def selected_account(self) -> Account | None:
        return selected_row(self.accounts_view, self.accounts_model)  # type: ignore[no-any-return]

    def update_buttons(self, *_args: object) -> None:
        on = self.session is not None
        account = self.selected_account()
        self.new_button.setEnabled(on)
        # in unit mode the button enables a disabled account again (server schema 0011)
        again = self.unit_accounts is not None and account is not None and not account.active
        if account is not None and account.id in self.accounts_model.key_holders:
            again = False  # a store's key holder: nobody signs in with it (the line below the list says so)
        self.disable_button.setText(self.tr("Enable again") if again else self.tr("Disable"))
        self.disable_button.setEnabled(on and account is not None and (account.active or again))
        self.password_button.setEnabled(on and account is not None)
        self.rekey_button.setEnabled(on)

    # ----- the list -----------------------------------------------------------------------------
    def refresh_accounts(self) -> None:
        if self.session is None:
            return
        session = self.session
        self.jobs.run(lambda: refused_keys(session), self.show_key_refusals)
        unit = self.unit_accounts
        if unit is None:
            self.jobs.run(AccountService(self.session).list, self._show_accounts)
            return
        self.accounts_status.setText(self.tr("Asking the unit's server…"))

        def shown(found: tuple[list[Account], dict[str, str]]) -> None:
            self.accounts_status.clear()
            self._show_accounts(*found)

        self.jobs.run(unit.with_key_holders, shown, self._accounts_failed, store=False)

    def show_key_refusals(self, rows: list[RefusedKey]) -> None:
        """Unit mode: each account whose encryption key this workstation's syncs refused a protected
        person's key, one plain line each with what to do (hidden when there is none)."""
        lines = []
        for r in rows:
            if r.kind == UNCERTIFIED:
                line = self.tr(
                    "%1: the encryption key awaits your certification under the unit key, so protected "
                    "cases are not shared with it yet. Compare the key %1's workstation shows with the "
                    "list below and certify it."
                )
            elif r.kind == UNBOUND:
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
            if r.workstations:  # where it was refused (the unit's log; offline: this workstation)
                line += " " + self.tr("Refused on: %2.").replace("%2", ", ".join(r.workstations))
            lines.append("• " + line.replace("%1", r.username))
        head = self.tr("Encryption keys refused for protected cases:")
        self.key_refusals.setText("\n".join([head, *lines]) if lines else "")
        self.key_refusals.setVisible(bool(lines))

    def show_key_holders(self) -> None:
        """Unit mode: a line for each account a store import made to hold a store manager's key (what it
        is, why it is disabled), so that nobody removes or enables it by mistake."""
        model = self.accounts_model
        lines = [
            f"• {a.username}: {model.key_holder_text(a)}" for a in model.rows if a.id in model.key_holders
        ]
        self.key_holders_note.setText("\n".join(lines))
        self.key_holders_note.setVisible(bool(lines))

    def _accounts_failed(self, exc: BaseException) -> None:
        if isinstance(exc, KnownError):  # the server did not answer or refused: said here
            self.accounts_status.setText(self.needs_server(exc))
        else:
            errors.handle(self, exc)

    def _show_accounts(self, accounts: list[Account], key_holders: dict[str, str] | None = None) -> None:
        selected = self.selected_account()
        self.accounts = accounts
        self.accounts_model.set_accounts(accounts, key_holders or {})
        self.show_key_holders()
        reselect(self.accounts_view, [a.id for a in accounts], selected.id if selected else None)
        self.update_buttons()
        self.accounts_changed.emit(accounts)

    # ----- changes ------------------------------------------------------------------------------
    def new_account(self) -> AccountDialog:
        dialog = AccountDialog(errors.current_lang(), self)
        self._open_dialog(dialog, lambda svc, values: svc.create(**values))
        return dialog

    def set_password(self) -> PasswordDialog | None:
        account = self.selected_account()
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
            self.jobs.run(
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
        account = self.selected_account()
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
            self.jobs.run(
                lambda: AccountService(session).disable(account.id), lambda _r: self.refresh_accounts()
            )
            return
        self.jobs.run(
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
        self.jobs.run(
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
