"""The unit manager's page, its parts: table models (accounts, protected cases, access-log rows) and
small layout helpers (the account and password dialogs are in ``manager_dialogs``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.models import Account, AuditEvent
from injurydoc.domain.vocab import AuditOutcome, Lang
from injurydoc.services.grants import ProtectedCase
from injurydoc.services.log_words import ATTENTION_EVENTS, details_text
from injurydoc.ui import errors
from injurydoc.ui.ops import Ops, SessionJobs

_Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")

_MUTED = QColor("#757575")
_DENIED = QColor("#8b0000")
ERROR_STYLE = "color: #a00000;"
OK_STYLE = "color: #1b5e20; font-weight: 600;"


def when(value: Any, seconds: bool = False) -> str:
    return str(value.astimezone().strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"))


class RowsModel(QAbstractTableModel, Generic[T]):
    """A read-only table over a list of frozen rows; subclasses name the columns and cells."""

    def __init__(self, lang: Lang = "sv") -> None:
        super().__init__()
        self.rows: list[T] = []
        self.lang: Lang = lang

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row(self, index: _Index) -> T | None:
        return self.rows[index.row()] if index.isValid() and index.row() < len(self.rows) else None

    def headers(self) -> list[str]:
        raise NotImplementedError

    def cell(self, row: T, column: int) -> str:
        raise NotImplementedError

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row(index)
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cell(row, index.column())
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row)
        return None

    def foreground(self, row: T) -> QBrush | None:
        return None


class AccountsModel(RowsModel[Account]):
    """User name, name, roles, profession, HSA-id, active.  ``key_holders`` (unit mode): the accounts a
    store import made to hold a store manager's key (account id → the store's user name), labelled."""

    def __init__(self, lang: Lang = "sv") -> None:
        super().__init__(lang)
        self.key_holders: dict[str, str] = {}

    def set_accounts(self, accounts: Sequence[Account], key_holders: dict[str, str]) -> None:
        self.key_holders = dict(key_holders)
        self.set_rows(accounts)

    def key_holder_text(self, row: Account) -> str:
        """What a store import's key holder is and why it is disabled ("" for any other account)."""
        store_user = self.key_holders.get(row.id)
        if store_user is None:
            return ""
        return self.tr(
            "Made by the store import to hold the signing key of %1, the unit manager of the moved "
            "standalone store, whose migrated signatures (records signed before signatures existed) are "
            "checked against it. Disabled because nobody signs in with it; keep it."
        ).replace("%1", store_user)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row(index)
        if role == Qt.ItemDataRole.ToolTipRole and row is not None and row.id in self.key_holders:
            return self.key_holder_text(row)
        return super().data(index, role)

    def headers(self) -> list[str]:
        return [
            self.tr("User name"),
            self.tr("Name"),
            self.tr("Roles"),
            self.tr("Profession"),
            self.tr("HSA-id"),
            self.tr("Active"),
        ]

    def cell(self, row: Account, column: int) -> str:
        if column == 0:
            return row.username
        if column == 1:
            return row.display_name
        if column == 2:
            return ", ".join(r.label(self.lang) for r in sorted(row.roles, key=lambda r: r.code))
        if column == 3:
            return row.profession.label(self.lang)
        if column == 4:
            return row.hsa_id
        if row.id in self.key_holders:
            moved = self.tr("No – holds a moved store's key") if not row.active else None
            return moved or self.tr("Yes – holds a moved store's key")
        return self.tr("Yes") if row.active else self.tr("No, disabled")

    def foreground(self, row: Account) -> QBrush | None:
        return None if row.active else QBrush(_MUTED)


class ProtectedCasesModel(RowsModel[ProtectedCase]):
    """Case references, protection, created by, created, who has access — no names or numbers."""

    def __init__(self, lang: Lang = "sv") -> None:
        super().__init__(lang)
        self.usernames: dict[str, str] = {}

    def set_cases(self, cases: Sequence[ProtectedCase], usernames: dict[str, str]) -> None:
        self.usernames = dict(usernames)
        self.set_rows(cases)

    def headers(self) -> list[str]:
        return [
            self.tr("Cases"),
            self.tr("Protection"),
            self.tr("Created by"),
            self.tr("Created"),
            self.tr("Who has access"),
        ]

    def access_text(self, case: ProtectedCase) -> str:
        people = [self.tr("%1 (created the case)").replace("%1", case.created_by)]
        for g in case.grants:
            name = self.usernames.get(g.account_id, g.account_id)
            if g.kind == "co_handler":
                people.append(self.tr("%1 (co-handler)").replace("%1", name))
            elif g.expires_on is not None:
                ended = g.expires_on < dt.date.today()
                text = self.tr("%1 (access ended %2)") if ended else self.tr("%1 (given access until %2)")
                people.append(text.replace("%1", name).replace("%2", g.expires_on.isoformat()))
            else:
                people.append(self.tr("%1 (given access)").replace("%1", name))
        return ", ".join(people)

    def cell(self, row: ProtectedCase, column: int) -> str:
        if column == 0:
            return ", ".join(row.case_refs) or self.tr("(no examination yet)")
        if column == 1:
            return row.protection.label(self.lang)
        if column == 2:
            return row.created_by
        if column == 3:
            return when(row.created_at)
        return self.access_text(row)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            return QBrush(_DENIED)
        return super().data(index, role)


class AuditModel(RowsModel[AuditEvent]):
    """Access-log rows: time, account, action, outcome, patient id, target."""

    def __init__(self, lang: Lang = "sv") -> None:
        super().__init__(lang)
        self.targets: dict[str, str] = {}

    def set_events(self, events: Sequence[AuditEvent], targets: dict[str, str]) -> None:
        """``targets`` maps stored targets to readable ones (user names, case references)."""
        self.targets = dict(targets)
        self.set_rows(events)

    def headers(self) -> list[str]:
        return [
            self.tr("No."),
            self.tr("Time"),
            self.tr("Account"),
            self.tr("Action"),
            self.tr("Outcome"),
            self.tr("Patient (id)"),
            self.tr("Target"),
        ]

    def cell(self, row: AuditEvent, column: int) -> str:
        if column == 0:
            return str(row.seq)
        if column == 1:
            return when(row.at, seconds=True)
        if column == 2:
            return row.username
        if column == 3:
            return row.action.label(self.lang)
        if column == 4:
            return row.outcome.label(self.lang)
        if column == 5:
            return row.patient_id or ""
        target = self.targets.get(row.target, row.target)
        if row.details.get("event") in ATTENTION_EVENTS:  # the manager must see what went wrong
            return " – ".join(t for t in (target, details_text(row.details, self.lang)) if t)
        return target

    def foreground(self, row: AuditEvent) -> QBrush | None:
        attention = row.details.get("event") in ATTENTION_EVENTS
        return QBrush(_DENIED) if row.outcome is AuditOutcome.DENIED or attention else None


def table(model: Any) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return view


def selected_row(view: QTableView, model: Any) -> Any:
    """The row chosen in ``view`` (single selection), or None."""
    rows = view.selectionModel().selectedRows()
    return model.row(rows[0]) if rows else None


def reselect(view: QTableView, keys: list[str], key: str | None) -> None:
    """Keep the row the manager had chosen selected across a refresh."""
    if key in keys:
        view.selectRow(keys.index(key))


class TabJobs:
    """``ops.run`` for one tab of the manager page: a result that arrives after :meth:`invalidate`
    (sign-out, auto-lock) is dropped; an error is shown over ``widget`` unless ``on_error`` is given."""

    def __init__(self, ops: Ops, widget: QWidget) -> None:
        self.ops = ops
        self.widget = widget
        self.jobs = SessionJobs()

    def invalidate(self) -> None:
        self.jobs.invalidate()

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        *,
        store: bool = True,
    ) -> None:
        """``store=False``: work on the unit's server, on the free pool."""
        show = lambda e: errors.handle(self.widget, e)  # noqa: E731
        self.jobs.run(self.ops, fn, on_done, on_error or show, show, store=store)


def button(text: str, slot: Callable[[], Any]) -> QPushButton:
    b = QPushButton(text)
    b.clicked.connect(slot)
    return b


def caption(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def hbox(*items: QWidget | None) -> QHBoxLayout:
    """A row of widgets; ``None`` is a stretch."""
    row = QHBoxLayout()
    for item in items:
        if item is None:
            row.addStretch(1)
        else:
            row.addWidget(item)
    return row


def page(*items: QWidget | QLayout | tuple[QWidget, int]) -> QWidget:
    """A tab's page: widgets and rows top to bottom; ``(widget, 1)`` takes the spare height."""
    widget = QWidget()
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(12, 12, 12, 12)
    layout.setSpacing(8)
    for item in items:
        if isinstance(item, tuple):
            layout.addWidget(*item)
        elif isinstance(item, QLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item)
    return widget


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555555;")
    return label
