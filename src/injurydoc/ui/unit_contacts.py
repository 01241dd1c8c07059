"""The unit manager's editor for the help contacts printed on the patient handout."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.errors import KnownError
from injurydoc.domain.vocab import Lang
from injurydoc.services.handout import (
    MAX_ADDRESS,
    MAX_CONTACTS,
    MAX_NAME,
    MAX_PHONE,
    LocalContact,
    LocalContactKind,
    UnitContacts,
)
from injurydoc.services.session import Session
from injurydoc.services.unit_settings import UnitSettingsService
from injurydoc.ui import errors
from injurydoc.ui.manager_models import ERROR_STYLE, OK_STYLE, button, hbox, hint, page
from injurydoc.ui.ops import Ops, SessionJobs

_Index = QModelIndex | QPersistentModelIndex
#: Column -> LocalContact field, in the table's order.
FIELDS = ("kind", "name", "phone", "address", "hours", "web")


class ContactsModel(QAbstractTableModel):
    """The local contacts as an editable table; the order is the order on the handout."""

    def __init__(self, lang: Lang = "sv") -> None:
        super().__init__()
        self.lang: Lang = lang
        self.rows: list[LocalContact] = []
        self.headers = [""] * len(FIELDS)

    def set_rows(self, rows: list[LocalContact]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIELDS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def data(self, index: _Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        contact = self.rows[index.row()]
        value = getattr(contact, FIELDS[index.column()])
        if role == Qt.ItemDataRole.DisplayRole:
            return value.label(self.lang) if isinstance(value, LocalContactKind) else value
        if role == Qt.ItemDataRole.EditRole:
            return value.code if isinstance(value, LocalContactKind) else value
        return None

    def setData(self, index: _Index, value: Any, role: int = 0) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        field = FIELDS[index.column()]
        new: Any = LocalContactKind(value) if field == "kind" else str(value)
        self.rows[index.row()] = dataclasses.replace(self.rows[index.row()], **{field: new})
        self.dataChanged.emit(index, index)
        return True

    def add(self) -> int:
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append(LocalContact(kind=LocalContactKind.SOCIAL_SERVICES, name=""))
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.rows[row]
        self.endRemoveRows()

    def move(self, row: int, step: int) -> int:
        target = row + step
        if not (0 <= row < len(self.rows) and 0 <= target < len(self.rows)):
            return row
        self.beginResetModel()
        self.rows[row], self.rows[target] = self.rows[target], self.rows[row]
        self.endResetModel()
        return target


class _KindDelegate(QStyledItemDelegate):
    """The kind column is chosen from the vocabulary, never typed."""

    def __init__(self, lang: Lang, parent: QWidget) -> None:
        super().__init__(parent)
        self.lang = lang

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        combo = QComboBox(parent)
        for kind in LocalContactKind:
            combo.addItem(kind.label(self.lang), kind.code)
        return combo

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class UnitContactsEditor(QWidget):
    """A tab of the manager's page: the unit's own contact details and its local help contacts."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.session: Session | None = None
        self._jobs = SessionJobs()
        lang = errors.current_lang()
        self._make_model(lang)
        unit_box = self._make_unit_form()
        self._make_table(lang)
        self._make_buttons()
        self._lay_out(unit_box)
        self._enable()

    # ----- building the tab -----------------------------------------------------------------------
    def _make_model(self, lang: Lang) -> None:
        """The contacts' table model, its column headers, and "not saved" on every edit."""
        self.model = ContactsModel(lang)
        self.model.headers = [
            self.tr("Kind"),
            self.tr("Name"),
            self.tr("Phone"),
            self.tr("Address"),
            self.tr("Opening hours"),
            self.tr("Web"),
        ]
        self.model.dataChanged.connect(self._edited)

    def _make_unit_form(self) -> QWidget:
        """The unit's own name, phone and address (each as long as the handout allows)."""
        self.unit_name, self.unit_phone, self.unit_address = QLineEdit(), QLineEdit(), QLineEdit()
        for edit, limit in (
            (self.unit_name, MAX_NAME),
            (self.unit_phone, MAX_PHONE),
            (self.unit_address, MAX_ADDRESS),
        ):
            edit.setMaxLength(limit)
            edit.textEdited.connect(self._edited)
        form = QFormLayout()
        form.addRow(self.tr("The unit's name"), self.unit_name)
        form.addRow(self.tr("The unit's phone"), self.unit_phone)
        form.addRow(self.tr("The unit's address"), self.unit_address)
        unit_box = QWidget()
        unit_box.setLayout(form)
        return unit_box

    def _make_table(self, lang: Lang) -> None:
        """The local help contacts, one row each, the kind chosen from a list."""
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(0, _KindDelegate(lang, self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((150, 220, 130, 200, 130)):
            self.view.setColumnWidth(column, width)

    def _make_buttons(self) -> None:
        """Add, remove, move, save, and the status line under them."""
        self.add_button = button(self.tr("Add contact"), self.add_contact)
        self.remove_button = button(self.tr("Remove"), self.remove_contact)
        self.up_button = button(self.tr("Move up"), lambda: self._move(-1))
        self.down_button = button(self.tr("Move down"), lambda: self._move(1))
        self.save_button = button(self.tr("Save"), self.save)
        self.status = QLabel("")
        self.status.setWordWrap(True)

    def _lay_out(self, unit_box: QWidget) -> None:
        """The hint, the unit's form, the table, the buttons and the status, top to bottom."""
        text = self.tr(
            "These contacts are printed on the patient handout, in every language, with their names "
            "exactly as you type them, in this order. Never enter the address of a protected shelter. "
            "For a person with protected personal data, addresses are left out unless the clinician "
            "chooses them."
        )
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(
            page(
                hint(text),
                unit_box,
                (self.view, 1),
                hbox(
                    self.add_button,
                    self.remove_button,
                    self.up_button,
                    self.down_button,
                    None,
                    self.save_button,
                ),
                self.status,
            )
        )

    # ----- session ------------------------------------------------------------------------------
    def open_session(self, session: Session) -> None:
        self.close_session()
        self.session = session
        self.unit_name.setPlaceholderText(session.unit)
        self._run(UnitSettingsService(session).local_contacts, self._show)
        self._enable()

    def close_session(self) -> None:
        self._jobs.invalidate()
        self.session = None
        self.model.set_rows([])
        for edit in (self.unit_name, self.unit_phone, self.unit_address):
            edit.clear()
        self.unit_name.setPlaceholderText("")
        self.status.clear()
        self._enable()

    def _run(self, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        """``ops.run`` that drops the result when the session has changed in between."""

        def failed(exc: BaseException) -> None:
            if isinstance(exc, KnownError):
                self.status.setStyleSheet(ERROR_STYLE)
                self.status.setText(exc.message(errors.current_lang()))
            else:
                errors.handle(self, exc)

        self._jobs.run(self.ops, fn, on_done, failed, lambda e: errors.handle(self, e))

    def _show(self, contacts: UnitContacts) -> None:
        self.unit_name.setText(contacts.unit_name)
        self.unit_phone.setText(contacts.unit_phone)
        self.unit_address.setText(contacts.unit_address)
        self.model.set_rows(list(contacts.contacts))
        self._enable()

    # ----- editing ------------------------------------------------------------------------------
    def current(self) -> UnitContacts:
        return UnitContacts(
            unit_name=self.unit_name.text(),
            unit_phone=self.unit_phone.text(),
            unit_address=self.unit_address.text(),
            contacts=tuple(self.model.rows),
        )

    def _selected_row(self) -> int:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _enable(self) -> None:
        on = self.session is not None
        self.add_button.setEnabled(on and self.model.rowCount() < MAX_CONTACTS)
        for b in (self.remove_button, self.up_button, self.down_button, self.save_button):
            b.setEnabled(on)

    def _edited(self, *_args: object) -> None:
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Not saved yet."))

    def add_contact(self) -> None:
        row = self.model.add()
        self.view.selectRow(row)
        self.view.edit(self.model.index(row, 1))
        self._edited()
        self._enable()

    def remove_contact(self) -> None:
        row = self._selected_row()
        if row >= 0:
            self.model.remove(row)
            self._edited()
            self._enable()

    def _move(self, step: int) -> None:
        row = self._selected_row()
        if row >= 0:
            target = self.model.move(row, step)
            self.view.selectRow(target)
            self._edited()

    def save(self) -> None:
        session = self.session
        if session is None:
            return
        contacts = self.current()

        def saved(stored: UnitContacts) -> None:
            self._show(stored)
            self.status.setStyleSheet(OK_STYLE)
            self.status.setText(self.tr("Saved. The handout uses these contacts from now on."))

        self._run(lambda: UnitSettingsService(session).save_local_contacts(contacts), saved)
