"""The unit manager's grants on the unit's server (unit mode): every grant and co-handler role the server
holds for the unit — patient *id*, account, reason, end, withdrawn — with "Withdraw" and a new grant for a
patient id, acting on the server (``services.unit_admin.UnitGrantService``).  A change reaches the
workstations at their next sync; a withdrawn grant removes the case from that account's cache there.

Network only (the ops' free pool).  A server that does not answer is said in the tab; nothing typed is
lost and nothing changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QLineEdit, QVBoxLayout, QWidget

from injurydoc.domain.errors import KnownError
from injurydoc.domain.models import Account
from injurydoc.services.unit_admin import ServerGrant, UnitGrantService
from injurydoc.ui import errors
from injurydoc.ui.manager_models import RowsModel, button, caption, hbox, hint, page, table, when
from injurydoc.ui.ops import Ops

_Index = QModelIndex | QPersistentModelIndex


class ServerGrantsModel(RowsModel[ServerGrant]):
    def __init__(self) -> None:
        super().__init__()
        self.now = dt.datetime.now(dt.UTC)

    def set_rows(self, rows: Sequence[ServerGrant]) -> None:
        self.now = dt.datetime.now(dt.UTC)
        super().set_rows(rows)

    def headers(self) -> list[str]:
        return [
            self.tr("Patient (id)"),
            self.tr("Account"),
            self.tr("Kind"),
            self.tr("Reason"),
            self.tr("Until"),
            self.tr("Status"),
        ]

    def status(self, g: ServerGrant) -> str:
        if g.withdrawn_at is not None:
            return self.tr("withdrawn %1").replace("%1", when(g.withdrawn_at))
        if g.live(self.now):
            return self.tr("in force")
        return self.tr("ended")

    def cell(self, g: ServerGrant, column: int) -> str:
        until = g.valid_until.astimezone() - dt.timedelta(seconds=1) if g.valid_until else None
        return [
            g.patient_id,
            g.username,
            self.tr("co-handler") if g.kind == "co_handler" else self.tr("grant"),
            g.reason,
            until.date().isoformat() if until else "–",
            self.status(g),
        ][column]


class UnitGrantsView(QWidget):
    """The tab "Grants (server)".  ``open(service, accounts)`` / ``close_session()``."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unit_grants")
        self.ops = ops
        self.svc: UnitGrantService | None = None
        self._generation = 0
        self.model = ServerGrantsModel()
        self.model.setParent(self)  # deleted with the tab, never before its view
        self.view = table(self.model)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.patient = QLineEdit()
        self.patient.setPlaceholderText(self.tr("Patient id"))
        self.patient.setMinimumWidth(260)
        self.account = QComboBox()
        self.account.setMinimumWidth(200)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Reason, e.g. covering for the case's handler"))
        self.until = QDateEdit(QDate.currentDate().addDays(30))
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy-MM-dd")
        self.until.setMinimumDate(QDate.currentDate())
        self.grant_button = button(self.tr("Grant access"), self.grant)
        self.withdraw_button = button(self.tr("Withdraw"), self.withdraw)
        self.refresh_button = button(self.tr("Refresh"), self.refresh)
        self.status = QLabel("")
        self.status.setObjectName("unit_grants_status")
        self.status.setWordWrap(True)
        text = self.tr(
            "Access given on the unit's server: who may open which case (patient id only), why and until "
            "when. A change reaches the workstations at their next sync; a withdrawn grant removes the "
            "case from that person's workstations. The Protected cases tab shows the cases on this "
            "workstation."
        )
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(
            page(
                hint(text),
                (self.view, 1),
                hbox(self.withdraw_button, None, self.refresh_button),
                hbox(
                    caption(self.tr("Patient"), self.patient),
                    self.patient,
                    caption(self.tr("Account"), self.account),
                    self.account,
                    caption(self.tr("Reason"), self.reason),
                    self.reason,
                    caption(self.tr("Until"), self.until),
                    self.until,
                    self.grant_button,
                ),
                self.status,
            )
        )
        self._update_buttons()

    def title(self) -> str:
        return self.tr("Grants (server)")

    def selected(self) -> ServerGrant | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _update_buttons(self, *_args: object) -> None:
        on = self.svc is not None
        chosen = self.selected()
        self.withdraw_button.setEnabled(on and chosen is not None and chosen.live(self.model.now))
        self.grant_button.setEnabled(on and self.account.count() > 0)
        self.refresh_button.setEnabled(on)

    # ----- session ------------------------------------------------------------------------------------
    def open(self, svc: UnitGrantService, accounts: list[Account]) -> None:
        self.svc = svc
        self.set_accounts(accounts)
        self.refresh()

    def set_accounts(self, accounts: list[Account]) -> None:
        chosen = self.account.currentData()
        self.account.clear()
        for a in accounts:
            if a.active:
                self.account.addItem(f"{a.username} – {a.display_name}", a.id)
        self.account.setCurrentIndex(max(0, self.account.findData(chosen)))
        self._update_buttons()

    def close_session(self) -> None:
        self._generation += 1
        self.svc = None
        self.model.set_rows([])
        self.account.clear()
        for edit in (self.patient, self.reason):
            edit.clear()
        self.status.clear()
        self._update_buttons()

    # ----- acting -------------------------------------------------------------------------------------
    def _call(self, fn: Any, done: Any, busy: str) -> None:
        generation = self._generation

        def ok(result: Any) -> None:
            if generation == self._generation:
                done(result)

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            if isinstance(exc, KnownError):  # offline or refused: said here; the fields keep their text
                self.status.setText(exc.message(errors.current_lang()))
            else:
                errors.handle(self, exc)

        self.status.setText(busy)
        self.ops.run_without_store(fn, ok, failed)

    def refresh(self) -> None:
        svc = self.svc
        if svc is None:
            return

        def shown(rows: list[ServerGrant]) -> None:
            self.model.set_rows(rows)
            self.status.setText(self.tr("%1 grants on the unit's server.").replace("%1", str(len(rows))))
            self._update_buttons()

        self._call(svc.list, shown, self.tr("Asking the unit's server…"))

    def grant(self) -> None:
        svc, account = self.svc, self.account.currentData()
        if svc is None or account is None:
            return
        patient, reason = self.patient.text().strip(), self.reason.text()
        d = self.until.date()
        until = dt.date(d.year(), d.month(), d.day())
        name = self.account.currentText().split(" – ")[0]

        def done(_r: Any) -> None:
            self.patient.clear()
            self.reason.clear()
            self.refresh()
            self.status.setText(self.tr("%1 may now open the case.").replace("%1", name))

        self._call(lambda: svc.grant(patient, account, reason=reason, until=until), done, self.tr("Saving…"))

    def withdraw(self) -> None:
        svc, chosen = self.svc, self.selected()
        if svc is None or chosen is None:
            return

        def done(_r: Any) -> None:
            self.refresh()

        self._call(lambda: svc.withdraw(chosen.id), done, self.tr("Saving…"))
