"""The sync status in the main window's status bar: always visible in unit mode, never in the way.

online · synced HH:MM / offline since HH:MM / sending N photos (with progress) / needs attention.  A
network hiccup changes a word and a colour here and nothing else: no dialog ever opens by itself.  Only
"needs attention" offers a button that explains (non-modal), because that one needs a person.

The runner (``services.unit_sync.SyncRunner``) calls its listeners from its own thread; the status is
handed to the GUI thread through a queued signal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QMetaMethod, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QProgressBar, QPushButton, QWidget

from injurydoc.services.unit_desktop import StatusLike, attention_text
from injurydoc.ui import errors

_COLOURS = {"online": "#2e7d32", "offline": "#9e9e9e", "sending": "#1565c0", "attention": "#e65100"}


class RunnerLike(Protocol):
    """What the status line needs of ``services.unit_sync.SyncRunner``."""

    def status(self) -> Any: ...

    def add_listener(self, callback: Any) -> None: ...

    def remove_listener(self, callback: Any) -> None: ...

    def sync_now(self) -> None: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...


class SyncStatusLine(QWidget):
    """The quiet status line; :meth:`attach` it to a runner at sign-in, :meth:`detach` at sign-out."""

    _arrived = Signal(object)  # emitted from the runner's thread, delivered on the GUI thread
    attention_requested = Signal(str)
    #: "needs attention" because records were set aside (signed first elsewhere): the window shows them
    set_aside_requested = Signal()
    changed = Signal(object)  # the status shown, on the GUI thread

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_status")
        self.runner: RunnerLike | None = None
        self._listener: Any = None  # ours on the runner, removed at detach
        self.status: StatusLike | None = None
        self._generation = 0
        self.dot = QLabel("●")
        self.dot.setAccessibleName(self.tr("Sync status"))
        self.text = QLabel("")
        self.text.setObjectName("sync_text")
        self.progress = QProgressBar()
        self.progress.setObjectName("sync_progress")
        self.progress.setMaximumWidth(140)
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.sync_button.setFlat(True)
        self.sync_button.setToolTip(self.tr("Send and fetch now instead of waiting for the next round"))
        self.sync_button.clicked.connect(self.sync_now)
        self.attention_button = QPushButton(self.tr("What to do…"))
        self.attention_button.setObjectName("sync_attention")
        self.attention_button.clicked.connect(self.explain)
        self.attention_button.hide()
        #: unit mode: this account's key on this workstation, read out to the unit manager who certifies it
        self.own_key = ""
        self.key_button = QPushButton(self.tr("Your key…"))
        self.key_button.setObjectName("sync_own_key")
        self.key_button.setFlat(True)
        self.key_button.clicked.connect(self.show_own_key)
        self.key_button.hide()
        #: unit mode: a unit key pinned on first use, not yet compared with the manager's paper
        self.unit_key_check: Callable[[], bool] | None = None
        self.unit_key_confirm: Callable[[str], str] | None = None
        self.unit_key_button = self._unit_key_button()
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 0, 6, 0)
        row.addWidget(self.dot)
        row.addWidget(self.text)
        row.addWidget(self.progress)
        row.addWidget(self.attention_button)
        row.addWidget(self.sync_button)
        row.addWidget(self.key_button)
        row.addWidget(self.unit_key_button)
        row.addStretch(1)
        self._arrived.connect(self._on_arrived, Qt.ConnectionType.QueuedConnection)
        self.explanation: QMessageBox | None = None
        self.explanation_dialog: QWidget | None = None

    def _unit_key_button(self) -> QPushButton:
        button = QPushButton(self.tr("Unit key not confirmed…"))
        button.setObjectName("sync_unit_key_unconfirmed")
        button.setFlat(True)
        button.setStyleSheet("color: #e65100; font-weight: 600;")
        button.setToolTip(
            self.tr(
                "This workstation took the unit key from the server without comparing it with the unit "
                "manager's paper. Until it is confirmed, protected cases are not shared with colleagues "
                "from here."
            )
        )
        button.clicked.connect(self.confirm_unit_key)
        button.hide()
        return button

    # ----- runner ---------------------------------------------------------------------------------------
    def attach(self, runner: RunnerLike) -> None:
        self.detach()
        self.runner = runner
        generation = self._generation

        def listener(status: object) -> None:  # the runner's thread
            self._arrived.emit((generation, status))

        runner.add_listener(listener)
        self._listener = listener
        self.show_status(runner.status())

    def detach(self) -> None:
        """Forget the runner (sign-out, window closed): it stops calling us; a report already on its way
        is dropped."""
        self._generation += 1
        runner, listener = self.runner, self._listener
        self.runner = self._listener = None
        if runner is not None and listener is not None:
            runner.remove_listener(listener)
        self.status = None
        self.text.clear()
        self.progress.hide()
        self.attention_button.hide()
        if self.explanation is not None:
            self.explanation.close()
            self.explanation = None
        self.unit_key_check = self.unit_key_confirm = None
        self.unit_key_button.hide()
        if self.explanation_dialog is not None:
            self.explanation_dialog.close()
            self.explanation_dialog.deleteLater()
            self.explanation_dialog = None

    def _on_arrived(self, item: tuple[int, StatusLike]) -> None:
        generation, status = item
        if generation == self._generation and self.runner is not None:
            if self.status is not None and status.last_sync != self.status.last_sync:
                self.check_unit_key()  # a sync may have pinned the unit key (made since) on first use
            self.show_status(status)
            self.changed.emit(status)

    def sync_now(self) -> None:
        if self.runner is not None:
            self.runner.sync_now()

    # ----- showing --------------------------------------------------------------------------------------
    def show_status(self, status: StatusLike) -> None:
        self.status = status
        self.text.setText(self.words(status))
        self.dot.setStyleSheet(f"color: {_COLOURS.get(status.state, '#9e9e9e')};")
        sending = status.state == "sending" and status.bytes_total > 0
        self.progress.setVisible(sending)
        if sending:
            self.progress.setValue(min(1000, status.bytes_sent * 1000 // max(1, status.bytes_total)))
        attention = status.state == "attention"
        self.attention_button.setVisible(attention)
        self.sync_button.setVisible(status.state in ("online", "offline"))
        tip = []
        if status.unsent:
            tip.append(self.tr("%1 changes not yet on the unit's server").replace("%1", str(status.unsent)))
        if status.conflicts:
            tip.append(
                self.tr("%1 drafts were edited on two workstations; open them to choose").replace(
                    "%1", str(status.conflicts)
                )
            )
        if attention and status.attention:
            tip.append(attention_text(status, errors.current_lang()))
        self.setToolTip("\n".join(tip))

    def words(self, status: StatusLike) -> str:
        """One short line: online / offline since HH:MM / sending N photos / needs attention."""
        if status.state == "attention":
            return self.tr("Needs attention")
        if status.state == "sending":
            if status.photos_to_send:
                return self.tr("Sending %1 photos").replace("%1", str(status.photos_to_send))
            return self.tr("Sending %1 changes").replace("%1", str(status.unsent))
        if status.state == "offline":
            text = self.tr("Offline since %1").replace("%1", _hhmm(status.offline_since))
            if status.unsent:
                text += " · " + self.tr("%1 unsent").replace("%1", str(status.unsent))
            return text
        text = self.tr("Online · synced %1").replace("%1", _hhmm(status.last_sync))
        if status.unsent:
            text += " · " + self.tr("%1 to send").replace("%1", str(status.unsent))
        return text

    def set_own_key(self, fingerprint: str | None) -> None:
        """This account's key fingerprint (services/unit_keys.own_fingerprint); None hides the button."""
        self.own_key = fingerprint or ""
        self.key_button.setVisible(bool(fingerprint))

    def set_unit_key(
        self, unconfirmed: Callable[[], bool] | None, confirm: Callable[[str], str] | None
    ) -> None:
        """``unconfirmed``: whether this workstation's unit key awaits confirmation (services/unit_keys,
        asked now and after each sync); ``confirm``: confirms it with the typed fingerprint.  None: hidden."""
        self.unit_key_check, self.unit_key_confirm = unconfirmed, confirm
        self.check_unit_key()

    def check_unit_key(self) -> None:
        check = self.unit_key_check
        self.unit_key_button.setVisible(check is not None and check())

    def confirm_unit_key(self) -> None:
        """Compare the unit key with the manager's paper, non-modal: work goes on behind it."""
        from PySide6.QtWidgets import QDialog, QVBoxLayout

        from injurydoc.ui.unit_key_confirm import UnitKeyConfirm

        if self.unit_key_confirm is None:
            return
        if self.explanation_dialog is not None:  # one at a time: an earlier one goes
            self.explanation_dialog.close()
            self.explanation_dialog.deleteLater()
        dialog = QDialog(self.window())
        dialog.setObjectName("unit_key_confirm_dialog")
        dialog.setWindowTitle(self.tr("Confirm the unit key"))
        head = QLabel(
            self.tr(
                "Type the unit key from your unit manager's paper (all eight groups). This workstation "
                "took it from the server without a comparison; until it is confirmed, protected cases "
                "are not shared with colleagues from here. If they differ, document nothing here: tell "
                "your unit manager and IT."
            )
        )
        head.setWordWrap(True)
        box = UnitKeyConfirm(self.unit_key_confirm)
        box.confirmed.connect(lambda _fp: self.check_unit_key())
        lay = QVBoxLayout(dialog)
        lay.addWidget(head)
        lay.addWidget(box)
        dialog.resize(520, 180)
        self.explanation_dialog = dialog
        dialog.show()

    def show_own_key(self) -> None:
        """The key to read out to the unit manager, non-modal."""
        text = self.tr(
            "Your key: %1\n\nRead it out to the unit manager when they certify your key under the unit "
            "key; until then protected cases are not shared with this workstation."
        ).replace("%1", self.own_key)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Your key"), text, parent=self.window())
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.explanation = box
        box.finished.connect(lambda _r: setattr(self, "explanation", None))
        box.show()

    def explain(self) -> None:
        """The attention state's explanation, non-modal: work goes on behind it."""
        status = self.status
        if status is None:
            return
        if status.attention == "sync.signed_elsewhere" and self.isSignalConnected(
            QMetaMethod.fromSignal(self.set_aside_requested)
        ):
            self.set_aside_requested.emit()  # the comparison itself says what happened and what to do
            return
        text = attention_text(status, errors.current_lang()) or self.tr(
            "The unit's server refused something. Ask IT."
        )
        if status.conflicts:
            text += "\n\n" + self.tr(
                "Drafts edited on two workstations while offline open with both versions side by side."
            )
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Sync"), text, parent=self.window())
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.explanation = box
        box.finished.connect(lambda _r: setattr(self, "explanation", None))
        box.show()
        self.attention_requested.emit(text)


def _hhmm(when: dt.datetime | None) -> str:
    return "–" if when is None else when.astimezone().strftime("%H:%M")
