"""The unit manager's page: a tab each for accounts, access to protected cases, the access log
(loggkontroll), help contacts and statistics, and in unit mode the workstations, the unit-wide log and
the server's grants.  Each tab is a widget of its own; the page hands them the session and connects
them through signals."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from injurydoc.domain.models import Account
from injurydoc.services.session import Session
from injurydoc.services.unit_desktop import unit_grants, unit_statistics
from injurydoc.ui.manager_accounts import AccountsTab
from injurydoc.ui.manager_cases import ProtectedCasesTab
from injurydoc.ui.manager_log import AccessLogTab
from injurydoc.ui.ops import Ops
from injurydoc.ui.statistics_view import StatisticsView
from injurydoc.ui.unit_contacts import UnitContactsEditor
from injurydoc.ui.unit_grants_view import UnitGrantsView
from injurydoc.ui.unit_workstations import WorkstationsView, open_unit_tab


class ManagerPage(QWidget):
    """The manager's tabs, a way back to the examinations and sign-out."""

    back_requested = Signal()
    sign_out_requested = Signal()

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("manager")
        self.ops = ops
        self.session: Session | None = None
        self.accounts_tab = AccountsTab(ops)
        self.cases_tab = ProtectedCasesTab(ops)
        self.log_tab = AccessLogTab(ops)
        self.accounts_tab.accounts_changed.connect(self.cases_tab.set_accounts)
        self.accounts_tab.accounts_changed.connect(self.log_tab.set_accounts)
        self.cases_tab.log_requested.connect(self.show_case_log)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.accounts_tab, self.tr("Accounts"))
        self.tabs.addTab(self.cases_tab, self.tr("Protected cases"))
        self.tabs.addTab(self.log_tab, self.tr("Access log"))
        self.contacts_editor = UnitContactsEditor(ops)
        self.tabs.addTab(self.contacts_editor, self.tr("Help contacts"))
        self.statistics = StatisticsView()
        self.tabs.addTab(self.statistics, self.tr("Statistics"))
        self.workstations: WorkstationsView | None = None  # unit mode only
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

    @property
    def accounts(self) -> list[Account]:
        """The accounts as last listed (the store's, or in unit mode the server's)."""
        return self.accounts_tab.accounts

    def open_session(self, session: Session) -> None:
        self.close_session()
        self.session = session
        self.accounts_tab.open_session(session)
        self.cases_tab.open_session(session)
        self.log_tab.open_session(session)
        self.contacts_editor.open_session(session)
        self.statistics.open_session(session, self.ops, unit_statistics(session))
        self.workstations = open_unit_tab(self.tabs, self.ops, self.workstations, session)
        self._open_unit_grants(session)

    def close_session(self) -> None:
        """Forget everything shown (sign-out and auto-lock); late results of old jobs are dropped."""
        self.session = None
        self.accounts_tab.close_session()
        if self.unit_grants_view is not None:
            self.unit_grants_view.close_session()
        self.statistics.close_session()
        if self.workstations is not None:
            self.workstations.close_session()
        self.cases_tab.close_session()
        self.log_tab.close_session()
        self.contacts_editor.close_session()

    def show_case_log(self, patient_id: str, since: dt.date) -> None:
        """The access log tab, searched for one case from the day it was started."""
        self.tabs.setCurrentWidget(self.log_tab)
        self.log_tab.show_case(patient_id, since)

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
            self.accounts_tab.accounts_changed.connect(view.set_accounts)
        self.tabs.setTabVisible(self.tabs.indexOf(view), True)
        view.open(svc, self.accounts)
