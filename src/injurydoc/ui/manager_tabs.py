"""The unit manager's three tabs as widgets: accounts, protected cases, the access log."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QWidget,
)

from injurydoc.domain.vocab import AuditAction
from injurydoc.ui import errors
from injurydoc.ui.manager_models import (
    AccountsModel,
    AuditModel,
    ProtectedCasesModel,
    button,
    caption,
    hbox,
    hint,
    page,
    table,
)


class ManagerTabs(QWidget):
    """Lays out the tabs; ManagerPage fills them from the services and handles the buttons."""

    accounts_model: AccountsModel
    cases_model: ProtectedCasesModel
    log_model: AuditModel

    # Handlers, implemented by ManagerPage.
    def new_account(self) -> object:
        raise NotImplementedError

    def set_password(self) -> object:
        raise NotImplementedError

    def disable_account(self) -> None:
        raise NotImplementedError

    def _change_access(self, *, grant: bool) -> None:
        raise NotImplementedError

    def _update_buttons(self, *_args: object) -> None:
        raise NotImplementedError

    def show_case_log(self) -> None:
        raise NotImplementedError

    def search_log(self) -> None:
        raise NotImplementedError

    def export(self, kind: str) -> None:
        raise NotImplementedError

    def verify_log(self) -> None:
        raise NotImplementedError

    def rekey_store(self) -> object:
        raise NotImplementedError

    def accounts_hint_text(self) -> str:
        raise NotImplementedError

    def _accounts_tab(self) -> QWidget:
        self.accounts_view = table(self.accounts_model)
        self.accounts_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.new_button = button(self.tr("New account…"), self.new_account)
        self.disable_button = button(self.tr("Disable"), self.disable_account)
        self.password_button = button(self.tr("Set new password…"), self.set_password)
        self.rekey_button = button(self.tr("Re-key the store…"), self.rekey_store)
        self.accounts_hint = hint(self.accounts_hint_text())
        self.accounts_status = QLabel("")
        self.accounts_status.setObjectName("accounts_status")
        self.accounts_status.setWordWrap(True)
        self.key_refusals = QLabel("")  # unit mode: keys refused for protected cases (manager_page)
        self.key_refusals.setObjectName("key_refusals")
        self.key_refusals.setWordWrap(True)
        self.key_refusals.setVisible(False)
        return page(
            self.accounts_hint,
            (self.accounts_view, 1),
            self.accounts_status,
            self.key_refusals,
            hbox(self.new_button, self.disable_button, self.password_button, None, self.rekey_button),
        )

    def _cases_tab(self) -> QWidget:
        self.cases_view = table(self.cases_model)
        self.cases_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.grant_account = QComboBox()
        self.grant_account.setMinimumWidth(240)
        self.grant_button = button(self.tr("Grant access"), lambda: self._change_access(grant=True))
        # A grant has a reason and an end date; on the day after it, access stops by itself.
        self.grant_reason = QLineEdit()
        self.grant_reason.setPlaceholderText(self.tr("Reason, e.g. covering for the case's handler"))
        self.grant_until = QDateEdit(QDate.currentDate().addDays(30))
        self.grant_until.setCalendarPopup(True)
        self.grant_until.setDisplayFormat("yyyy-MM-dd")
        self.grant_until.setMinimumDate(QDate.currentDate())
        self.revoke_button = button(self.tr("Revoke access"), lambda: self._change_access(grant=False))
        self.case_log_button = button(self.tr("Show in access log"), self.show_case_log)
        self.cases_message = QLabel("")
        text = self.tr(
            "Cases of people with protected personal data. Only the person who started the case, "
            "co-handlers and accounts you give access can open them. Names and personal numbers are "
            "not shown here."
        )
        return page(
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

    def _log_tab(self) -> QWidget:
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
        filter_row = hbox(*filters, self.search_button)
        filter_row.setStretchFactor(self.log_patient, 1)
        return page(
            hint(text),
            filter_row,
            (self.log_view, 1),
            self.log_status,
            hbox(self.csv_button, self.pdf_button, None, self.verify_button),
            self.verify_result,
        )

    # ----- session ------------------------------------------------------------------------------
