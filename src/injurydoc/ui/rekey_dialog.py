"""Re-keying the store from the manager page: who keeps access, a reason, then the new data key with a
progress bar.  The work runs on the store's thread (ui/ops.py); the service logs it
(``rekey_started``, ``rekey_done``)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from injurydoc.services.rekey import RekeyPlan, RekeyResult, RekeyService
from injurydoc.services.session import Session
from injurydoc.ui import errors
from injurydoc.ui.ops import Ops


class _Progress(QObject):
    """Carries progress from the store's thread to the dialog (a queued signal)."""

    changed = Signal(int, int)


class RekeyDialog(QDialog):
    def __init__(self, ops: Ops, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.session = ops, session
        self.plan: RekeyPlan | None = None
        self.outcome: RekeyResult | None = None
        self.setWindowTitle(self.tr("Re-key the store"))
        self.setMinimumWidth(560)
        intro = QLabel(
            self.tr(
                "A new data key replaces the one that old copies of the key file still open. Do it after "
                "disabling an account, or when a password or a copy of the store may have leaked. Everyone "
                "else must close the program first."
            )
        )
        intro.setWordWrap(True)
        self.plan_label = QLabel(self.tr("Reading…"))
        self.plan_label.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setMaxLength(40)
        self.reason.setPlaceholderText(self.tr("e.g. account disabled"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.start_button = QPushButton(self.tr("Re-key now"))
        self.start_button.setEnabled(False)
        self.start_button.clicked.connect(self.start)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.accept)
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.plan_label)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.start_button)
        layout.addWidget(self.close_button)
        self._relay = _Progress(self)
        self._relay.changed.connect(self._show_progress)
        svc = RekeyService(session)
        self.ops.run(svc.plan, self._show_plan, self._failed)

    def _show_plan(self, plan: RekeyPlan) -> None:
        self.plan = plan
        text = self.tr("Accounts that keep access: %1.").replace("%1", ", ".join(plan.keep) or "–")
        if plan.lose:
            text += " " + self.tr(
                "These accounts have not signed in since the store got personal keys and lose access "
                "(give them a new password afterwards): %1."
            ).replace("%1", ", ".join(plan.lose))
        if plan.new_recovery_code:
            text += " " + self.tr("A new recovery code will be made and shown once.")
        self.plan_label.setText(text)
        self.start_button.setEnabled(True)

    def start(self) -> None:
        if self.plan is None:
            return
        self.start_button.setEnabled(False)
        self.close_button.setEnabled(False)
        self.reason.setEnabled(False)
        self.message.setText(self.tr("Re-keying… Do not close the program."))
        svc, reason, emit = RekeyService(self.session), self.reason.text(), self._relay.changed.emit
        self.ops.run(lambda: svc.rekey(reason=reason, progress=emit), self._done, self._failed)

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.setValue(100 * done // max(total, 1))

    def _done(self, result: RekeyResult) -> None:
        self.outcome = result
        self.progress.setValue(100)
        self.close_button.setEnabled(True)
        text = self.tr("The store has a new data key. Old copies of the key file no longer open it.")
        if result.recovery_code:
            text += "\n\n" + self.tr(
                "New recovery code (write it down now and keep it locked away; it is shown only this once):"
            )
            text += f"\n{result.recovery_code}"
        self.message.setText(text)

    def _failed(self, exc: BaseException) -> None:
        self.close_button.setEnabled(True)
        self.reason.setEnabled(True)
        self.start_button.setEnabled(self.plan is not None)
        self.message.setText("")
        errors.handle(self, exc)
