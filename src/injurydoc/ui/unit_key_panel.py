"""The unit key on the manager page's Accounts tab (unit mode, a unit manager): the unit key's
fingerprint to write down (or the button that makes it), the keys awaiting certification with the
field where the manager types what the colleague's workstation shows, and a seal of the unit key the
server kept for someone no longer a manager, wraps held by keys never certified, a moved store's keys and
disabled colleagues' keys to certify (services/unit_keys.py).  The confirmation of a unit key pinned on
first use, on any workstation, is ui/unit_key_confirm.py."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.errors import KnownError
from injurydoc.services import unit_keys
from injurydoc.services.session import Session
from injurydoc.ui import errors
from injurydoc.ui.ops import Ops, SessionJobs

#: what the panel shows: the pin and the service's lists (keys awaiting certification, stale seals, wraps
#: held by uncertified keys, moved stores' keys, disabled colleagues' keys)
State = tuple[Any, unit_keys.KeyOverview]


class UnitKeyPanel(QWidget):
    """Hidden outside unit mode and for an account that does not manage the unit."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.jobs = SessionJobs()
        self.service: unit_keys.UnitKeyService | None = None
        self.pending: list[unit_keys.Pending] = []
        self.status = QLabel("")
        self.status.setObjectName("unit_key_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.create_button = QPushButton(self.tr("Create the unit key"))
        self.create_button.clicked.connect(self.create_unit_key)
        self.create_button.setVisible(False)
        self.pending_head = QLabel(
            self.tr(
                "Keys awaiting your certification. Protected cases are shared with a key only once it is "
                "certified. Ask the colleague to read out “Your key” from the sync status on their "
                "workstation, type it below and certify:"
            )
        )
        self.pending_head.setWordWrap(True)
        self.pending_list = QListWidget()
        self.pending_list.setObjectName("pending_keys")
        self.pending_list.setMaximumHeight(110)
        self.compared = QLineEdit()
        self.compared.setPlaceholderText(self.tr("The key as the colleague reads it out"))
        self.certify_button = QPushButton(self.tr("Certify the chosen key"))
        self.certify_button.clicked.connect(self.certify)
        self.message = QLabel("")
        self.message.setObjectName("unit_key_message")
        self.message.setWordWrap(True)
        self.stale = QLabel("")
        self.stale.setObjectName("unit_key_stale_seals")
        self.stale.setWordWrap(True)
        self.stale.setStyleSheet("color: #b00020; font-weight: 600;")
        self.stale.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.compared, 1)
        row.addWidget(self.certify_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        for w in (self.status, self.stale, self.create_button, self.pending_head, self.pending_list):
            lay.addWidget(w)
        lay.addLayout(row)
        lay.addLayout(self._wraps_section())
        lay.addLayout(self._moved_section())
        lay.addLayout(self._disabled_section())
        lay.addWidget(self.message)
        self._show_pending([])
        self._show_wraps([])
        self._show_moved([])
        self._show_disabled([])
        self.setVisible(False)

    def _disabled_section(self) -> QVBoxLayout:
        """Colleagues disabled before any certificate named their key: certified one at a time, up to
        the day the server disabled them, by typing the key's fingerprint from a report or
        ``injurydoc verify`` of a package they signed (never shown here)."""
        self.disabled: list[unit_keys.DisabledKey] = []
        self.disabled_head = QLabel(
            self.tr(
                "Disabled colleagues' keys. What they signed is not valid on workstations that connected "
                "later, and cannot be exported, until the unit key certifies the key. Choose the colleague, "
                "type the key's fingerprint as a report of a case they signed shows it (“signed by a key the "
                "unit has not certified …”) or as “injurydoc verify” prints it for a package they signed "
                "(“signed by key …”), and certify. It counts only for what is dated before they were "
                "disabled:"
            )
        )
        self.disabled_head.setWordWrap(True)
        self.disabled_list = QListWidget()
        self.disabled_list.setObjectName("disabled_keys")
        self.disabled_list.setMaximumHeight(70)
        self.disabled_typed = QLineEdit()
        self.disabled_typed.setObjectName("disabled_key_typed")
        self.disabled_typed.setPlaceholderText(
            self.tr("The key's fingerprint from the report: all eight groups")
        )
        self.disabled_button = QPushButton(self.tr("Certify up to the day they left"))
        self.disabled_button.setObjectName("certify_historical")
        self.disabled_button.clicked.connect(self.certify_disabled)
        row = QHBoxLayout()
        row.addWidget(self.disabled_typed, 1)
        row.addWidget(self.disabled_button)
        box = QVBoxLayout()
        box.addWidget(self.disabled_head)
        box.addWidget(self.disabled_list)
        box.addLayout(row)
        return box

    def _show_disabled(self, disabled: list[unit_keys.DisabledKey]) -> None:
        self.disabled = disabled
        self.disabled_list.clear()
        for d in disabled:
            text = self.tr("%1 (%2), disabled %3").replace("%1", d.display_name).replace("%2", d.username)
            item = QListWidgetItem(text.replace("%3", d.disabled_at.astimezone().strftime("%Y-%m-%d %H:%M")))
            item.setData(Qt.ItemDataRole.UserRole, d.key_id)
            self.disabled_list.addItem(item)
        if disabled:
            self.disabled_list.setCurrentRow(0)
        for w in (self.disabled_head, self.disabled_list, self.disabled_typed, self.disabled_button):
            w.setVisible(bool(disabled))

    def certify_disabled(self) -> None:
        service, typed, item = self.service, self.disabled_typed.text(), self.disabled_list.currentItem()
        if service is None or item is None:
            return
        key_id = str(item.data(Qt.ItemDataRole.UserRole))

        def done(_: object) -> None:
            self.disabled_typed.clear()
            self.message.setText(
                self.tr(
                    "Certified up to the day the colleague was disabled. What they signed before then is "
                    "valid on each workstation from its next sync."
                )
            )
            self.refresh()

        self.jobs.run(
            self.ops, lambda: service.certify_historical(key_id, typed), done, self._failed, self._bug
        )

    def _moved_section(self) -> QVBoxLayout:
        """Keys a store import registered (colleagues who never connect, a migrated signer's key holder),
        certified together by typing the moved store's fingerprint from its paper."""
        self.moved: list[unit_keys.MovedStore] = []
        self.moved_head = QLabel(
            self.tr(
                "Keys from a moved store. Their signatures are not valid on workstations, and cannot be "
                "exported, until the unit key certifies them. Type the moved store's unit key fingerprint "
                "from that store's paper (shown when it was made, by “injurydoc audit” and in the "
                "import's summary) and certify:"
            )
        )
        self.moved_head.setWordWrap(True)
        self.moved_list = QListWidget()
        self.moved_list.setObjectName("moved_store_keys")
        self.moved_list.setMaximumHeight(70)
        self.moved_typed = QLineEdit()
        self.moved_typed.setObjectName("moved_store_typed")
        self.moved_typed.setPlaceholderText(self.tr("The moved store's unit key: all eight groups"))
        self.moved_button = QPushButton(self.tr("Certify the moved store's keys"))
        self.moved_button.setObjectName("certify_moved_store")
        self.moved_button.clicked.connect(self.certify_moved)
        row = QHBoxLayout()
        row.addWidget(self.moved_typed, 1)
        row.addWidget(self.moved_button)
        box = QVBoxLayout()
        box.addWidget(self.moved_head)
        box.addWidget(self.moved_list)
        box.addLayout(row)
        return box

    def _show_moved(self, moved: list[unit_keys.MovedStore]) -> None:
        self.moved = moved
        self.moved_list.clear()
        for m in moved:
            text = self.tr("Store %1…: %2 keys of %3").replace("%1", m.fingerprint[:9])
            self.moved_list.addItem(text.replace("%2", str(m.keys)).replace("%3", ", ".join(m.usernames)))
        for w in (self.moved_head, self.moved_list, self.moved_typed, self.moved_button):
            w.setVisible(bool(moved))

    def certify_moved(self) -> None:
        service, typed = self.service, self.moved_typed.text()
        if service is None or not self.moved:
            return

        def done(count: int) -> None:
            self.moved_typed.clear()
            self.message.setText(
                self.tr(
                    "Certified: %1 keys of the moved store. Their signatures are valid on each workstation "
                    "from its next sync."
                ).replace("%1", str(count))
            )
            self.refresh()

        self.jobs.run(self.ops, lambda: service.certify_moved_store(typed), done, self._failed, self._bug)

    def _wraps_section(self) -> QVBoxLayout:
        """Protected persons' keys held by keys the unit key never certified (made before it existed)."""
        self.wraps: list[unit_keys.HeldWraps] = []
        self.wraps_head = QLabel(
            self.tr(
                "Protected persons' keys held by keys that the unit key has not certified (shared before "
                "the unit key existed). Withdraw them unless you know the key is the colleague's own; "
                "once it is certified, it gets them back at the next sync of a workstation holding them:"
            )
        )
        self.wraps_head.setWordWrap(True)
        self.wraps_list = QListWidget()
        self.wraps_list.setObjectName("uncertified_wraps")
        self.wraps_list.setMaximumHeight(90)
        self.withdraw_button = QPushButton(self.tr("Withdraw the chosen key's wraps"))
        self.withdraw_button.setObjectName("withdraw_wraps")
        self.withdraw_button.clicked.connect(self.withdraw)
        box = QVBoxLayout()
        for w in (self.wraps_head, self.wraps_list, self.withdraw_button):
            box.addWidget(w)
        return box

    # ----- session ----------------------------------------------------------------------------------
    def open_session(self, session: Session) -> None:
        self.service = unit_keys.for_manager(session)
        self.setVisible(self.service is not None)
        self.message.clear()
        self.refresh()

    def close_session(self) -> None:
        self.jobs.invalidate()
        self.service = None
        self.status.clear()
        self.message.clear()
        self.stale.clear()
        self.stale.setVisible(False)
        self.compared.clear()
        self._show_pending([])
        self._show_wraps([])
        self._show_moved([])
        self.moved_typed.clear()
        self._show_disabled([])
        self.disabled_typed.clear()
        self.setVisible(False)

    def refresh(self) -> None:
        service = self.service
        if service is None:
            return

        def load() -> State:
            found = service.overview()  # one connection; compares the server's unit key with the pin first
            return service.pinned(), found

        self.jobs.run(self.ops, load, self.show_state, self._failed, self._bug)

    # ----- showing ----------------------------------------------------------------------------------
    def show_state(self, result: State) -> None:
        """The unit key (or that there is none), the keys awaiting certification, seals the server kept
        for accounts no longer managers, wraps held by keys without a certificate, and a moved store's
        keys awaiting certification, and disabled colleagues' keys no certificate names."""
        pin, found = result
        pending, stale, wraps = found.pending, found.stale_seals, found.uncertified_wraps
        moved, disabled = found.moved_stores, found.disabled_uncertified
        self.create_button.setVisible(pin is None)
        if pin is None:
            self.status.setText(
                self.tr(
                    "This unit has no unit key yet. Until it has one, protected persons' keys are shared "
                    "with any key the server lists for an account, and someone with full access to the "
                    "server could add one. Create the unit key here, write its fingerprint down and give "
                    "it to every workstation."
                )
            )
        else:
            self.status.setText(
                self.tr(
                    "Unit key: %1\nWrite it down and give it to every workstation (typed in the connect "
                    "wizard, or in IT's connection file). A workstation that reports another unit key "
                    "must not be used with this server until IT has looked into it."
                ).replace("%1", pin.fingerprint)
            )
        self.stale.setText(
            self.tr(
                "The unit key is still sealed on the server to %1, who is disabled or no longer a unit "
                "manager. The server withdraws such a seal itself, so someone with full access to the "
                "server kept it. Workstations do not use it; tell IT security."
            ).replace("%1", ", ".join(stale))
            if stale
            else ""
        )
        self.stale.setVisible(bool(stale))
        self._show_pending(pending)
        self._show_wraps(wraps)
        self._show_moved(moved)
        self._show_disabled(disabled)

    def _show_pending(self, pending: list[unit_keys.Pending]) -> None:
        """The list, keeping the key the manager had chosen chosen."""
        row = self.pending_list.currentRow()
        chosen = self.pending[row].key_id if 0 <= row < len(self.pending) else None
        self.pending = pending
        self.pending_list.clear()
        for p in pending:
            when = p.registered_at.astimezone().strftime("%Y-%m-%d %H:%M") if p.registered_at else "–"
            text = self.tr("%1 (%2), registered %3, key begins %4").replace("%1", p.username)
            text = text.replace("%2", p.display_name).replace("%3", when)
            item = QListWidgetItem(text.replace("%4", p.fingerprint[:4] + "…"))
            self.pending_list.addItem(item)
        if pending:
            keys = [p.key_id for p in pending]
            self.pending_list.setCurrentRow(keys.index(chosen) if chosen in keys else 0)
        on = bool(pending)
        for w in (self.pending_head, self.pending_list, self.compared, self.certify_button):
            w.setVisible(on)

    def _show_wraps(self, wraps: list[unit_keys.HeldWraps]) -> None:
        self.wraps = wraps
        self.wraps_list.clear()
        for h in wraps:
            text = self.tr("%1: %2 protected persons' keys, held by key %3…").replace("%1", h.username)
            self.wraps_list.addItem(text.replace("%2", str(h.wraps)).replace("%3", h.key_id[:8]))
        if wraps:
            self.wraps_list.setCurrentRow(0)
        for w in (self.wraps_head, self.wraps_list, self.withdraw_button):
            w.setVisible(bool(wraps))

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, KnownError):
            self.message.setText(exc.message(errors.current_lang()))
        else:
            errors.handle(self, exc)

    def _bug(self, exc: BaseException) -> None:
        errors.handle(self, exc)

    # ----- acting -----------------------------------------------------------------------------------
    def create_unit_key(self) -> None:
        service = self.service
        if service is None:
            return

        def made(fp: str) -> None:
            self.message.setText(
                self.tr("The unit key was made. Write its fingerprint down now: %1").replace("%1", fp)
            )
            self.refresh()

        self.jobs.run(self.ops, service.create, made, self._failed, self._bug)

    def certify(self) -> None:
        service, row = self.service, self.pending_list.currentRow()
        if service is None or not 0 <= row < len(self.pending):
            return
        chosen, typed = self.pending[row], self.compared.text()

        def done(_result: object) -> None:
            self.compared.clear()
            self.message.setText(
                self.tr(
                    "Certified: the key of %1. Protected cases granted to them are shared at this "
                    "workstation's next sync."
                ).replace("%1", chosen.username)
            )
            self.refresh()

        self.jobs.run(self.ops, lambda: service.certify(chosen.key_id, typed), done, self._failed, self._bug)

    def withdraw(self) -> None:
        service, row = self.service, self.wraps_list.currentRow()
        if service is None or not 0 <= row < len(self.wraps):
            return
        chosen = self.wraps[row]

        def done(count: int) -> None:
            self.message.setText(
                self.tr("Withdrawn: %1 protected persons' keys held by a key of %2.")
                .replace("%1", str(count))
                .replace("%2", chosen.username)
            )
            self.refresh()

        self.jobs.run(self.ops, lambda: service.withdraw_wraps(chosen.key_id), done, self._failed, self._bug)
